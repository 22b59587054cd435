"""Lịch sử thay đổi: the audit trail, filterable by kind of record, person and date.

Its Excel export leaves phone and CCCD numbers out unless the clerk ticks “Kèm số CCCD, điện thoại”
(history_export; Nghị định 13/2023/NĐ-CP, as the handoff file does). The screen shows them: the clerk has the
ledger anyway, and an export is what leaves the office.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QVBoxLayout

from db.connection import Ledger
from desktop.core.ledger import history_export, lists
from desktop.core.ledger.records import TABLE_NOUNS
from desktop.core.text.vnformat import format_int
from desktop.ui.list_page import ListPage, period_choices

PERSONAL_TIP = ("Số CCCD và điện thoại là dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP). Để trống ô này, tệp Excel ghi "
                "“(không xuất — dữ liệu cá nhân)” thay cho các số đó. Chỉ đánh dấu khi thật cần, giữ tệp cẩn thận.")


class HistoryPage(ListPage):
    title = "Lịch sử thay đổi"
    spec = lists.AUDIT
    noun = "thay đổi"
    editable = False
    depends = {"groups", "contributors", "works", "contributions", "rates", "unit"}

    def _build_footer(self, layout: QVBoxLayout) -> None:
        super()._build_footer(layout)
        self.personal = QCheckBox("Kèm số CCCD, điện thoại khi xuất")
        self.personal.setToolTip(PERSONAL_TIP)
        foot = layout.itemAt(layout.count() - 1).layout()
        foot.insertWidget(foot.indexOf(self.export_button), self.personal)

    def export_to(self, path: str) -> None:
        query = replace(self.query, filters=dict(self.query.filters))
        personal = self.personal.isChecked()
        self.personal.setChecked(False)  # asked for one export, not for every one after it

        def job(led: Ledger) -> int:
            return history_export.export_xlsx(led, query, path, self.title, personal=personal)

        note = " (kèm số CCCD, điện thoại)" if personal else " (không kèm số CCCD, điện thoại)"
        self.ctx.worker.submit(job, success=lambda n: self.footer.setText(
            f"Đã xuất {format_int(n)} dòng ra {path}{note}"))

    def filter_choices(self) -> list:
        users = [(r[0], r[0]) for r in self.ctx.reader.conn.execute(
            "SELECT DISTINCT user FROM audit WHERE user IS NOT NULL AND user != '' ORDER BY user")]
        tables = [(k, v[0].upper() + v[1:]) for k, v in TABLE_NOUNS.items()]
        return [("table_name", "Loại dữ liệu", tables), ("user", "Người thực hiện", users),
                ("period", "Thời gian", period_choices(self.ctx.unit))]

    def watched_tables(self) -> set[str]:
        # Every write adds an audit row, so any change makes the history stale.
        return {"groups", "contributors", "works", "contributions", "rates", "unit"}
