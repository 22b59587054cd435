"""The ward's documents of the movement: the semiannual / annual report (`narrative` for its sections and
draft, `report` for the PDF and its issue), the register of issued documents (`register`) and the public
notice of a tổ dân phố's contributions (`notice`).

May import `db`, the shared tools, `ledger` and `figures`; never `awards`, `exchange`, `intake` or `demo`.
"""
