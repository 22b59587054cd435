"""The ledger itself: the unit and its setup, tổ dân phố, người đóng góp, công trình, đóng góp, đơn giá, the
one create/update/delete path with its audit row (`records`, `audit`), form validation (`fields`), the words of
the ledger (`vocab`), periods, the list queries, period locks, the ward's signing key, and the file's safety.

May import `db` and the shared tools (`text`, `files`, `pdf`); no other feature package.
"""
