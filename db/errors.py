"""The errors of the ledger file, shared by the connection and the backups (messages in Vietnamese)."""

from __future__ import annotations


class LedgerError(Exception):
    """A ledger file that cannot be used; the message is for the clerk, in Vietnamese."""


class NewerLedgerError(LedgerError):
    pass


class NotALedgerError(LedgerError):
    pass
