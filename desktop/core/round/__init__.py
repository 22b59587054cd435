"""The ward's reporting round (seed 000 §VI): who reports (`units`), by when (`deadlines`), what each sent
(`reports`, the forms in `forms_xlsx` / `forms_docx` and their import), and the board of who has reported (`board`).

May import `db`, the shared tools, `ledger` and `figures`; never `report`, `awards`, `exchange`, `intake` or `demo`.
"""
