"""The demo ledgers (small, medium, large): the wards and the words they draw from (`wards`) and the builder
that fills an empty ledger (`builder`).

May import any package of `desktop.core`; nothing in `desktop.core` imports `demo`.
"""
