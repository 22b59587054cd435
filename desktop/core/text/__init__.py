"""Shared tool: Vietnamese text — numbers, money and dates as a Vietnamese reads them (`vnformat`), accent
folding, search and the Vietnamese sort of names (`vntext`).

Knows nothing of any feature: imports only the standard library, `db.text` and `desktop.core.errors`.
"""
