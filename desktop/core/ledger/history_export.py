"""Lịch sử thay đổi to Excel: the list as the clerk sees it, without phone and CCCD numbers unless the clerk asks
(Nghị định 13/2023/NĐ-CP on personal data; the handoff file does the same, exchange.handoff.PERSONAL).

Only the export is filtered: the before/after cells name the field that changed ("Điện thoại: (không xuất — dữ
liệu cá nhân)") so the history still reads whole; the ledger itself keeps the numbers.
"""

from __future__ import annotations

from dataclasses import replace

from db.connection import Ledger
from desktop.core.ledger import audit, lists
from desktop.core.ledger.list_spec import ListSpec, Query


def _without_personal(value: str | None) -> str:
    return audit.describe(value, personal=False)


# The history list with its before/after cells read without personal data; every other column as on screen.
AUDIT_NO_PERSONAL: ListSpec = replace(lists.AUDIT, columns=tuple(
    replace(c, fmt=_without_personal) if c.key in ("before", "after") else c for c in lists.AUDIT.columns))


def export_xlsx(ledger: Ledger, q: Query, path: str, title: str, *, personal: bool = False) -> int:
    """The history (search, filters, order of `q`) to an .xlsx; phone and CCCD numbers only with personal=True.
    Returns the number of rows written."""
    return lists.export_xlsx(ledger, lists.AUDIT if personal else AUDIT_NO_PERSONAL, q, path, title)
