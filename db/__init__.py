"""The ledger: the SQLite file, its schema and migrations, and its queries. Never imports Qt."""
