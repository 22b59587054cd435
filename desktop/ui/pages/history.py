"""Lịch sử thay đổi: the audit trail, filterable by kind of record, person and date."""

from __future__ import annotations

from desktop.core.ledger import lists
from desktop.core.ledger.records import TABLE_NOUNS
from desktop.ui.list_page import ListPage, period_choices


class HistoryPage(ListPage):
    title = "Lịch sử thay đổi"
    spec = lists.AUDIT
    noun = "thay đổi"
    editable = False
    depends = {"groups", "contributors", "works", "contributions", "rates", "unit"}

    def filter_choices(self) -> list:
        users = [(r[0], r[0]) for r in self.ctx.reader.conn.execute(
            "SELECT DISTINCT user FROM audit WHERE user IS NOT NULL AND user != '' ORDER BY user")]
        tables = [(k, v[0].upper() + v[1:]) for k, v in TABLE_NOUNS.items()]
        return [("table_name", "Loại dữ liệu", tables), ("user", "Người thực hiện", users),
                ("period", "Thời gian", period_choices(self.ctx.unit))]

    def watched_tables(self) -> set[str]:
        # Every write adds an audit row, so any change makes the history stale.
        return {"groups", "contributors", "works", "contributions", "rates", "unit"}
