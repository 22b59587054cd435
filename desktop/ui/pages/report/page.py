"""Báo cáo: the figures, the narrative, the targets; preview, print, save and issue the PDF.

Everything slow (figures, PDF) runs on the database worker; the narrative is saved as the clerk
types (a short pause after the last key), so closing the program never loses a sentence. Each tab is a part
(mixin) in its own module; this one builds the page in order and fills it from the state.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.ledger.periods import Period
from desktop.core.report import narrative, report
from desktop.ui.pages.figures_pages import GROUP_COLUMNS, PeriodPage, fmt
from desktop.ui.pages.report.issuing import Issuing
from desktop.ui.pages.report.narrative_tab import NarrativeTab
from desktop.ui.pages.report.targets_tab import TargetsTab
from desktop.ui.pages.report.widgets import new_table, table_item


def page_state(ledger: Ledger, period: Period) -> dict[str, Any]:
    """Everything the page shows for a period, read in one job on the worker."""
    ctx = narrative.context(ledger, period)
    return {
        "subject_default": narrative.subject(period, ctx.movement_end_year),
        "summary": ctx.summary,
        "texts": narrative.texts(ledger, period, ctx),
        "draft": narrative.load_draft(ledger, period),
        "targets": ctx.targets,
        "status": report.status(ledger, period),
        "recipients": narrative.default_recipients(ctx.unit),
        "cc": narrative.default_cc(ctx.unit),
    }


class ReportPage(NarrativeTab, TargetsTab, Issuing, PeriodPage):
    title = "Báo cáo"

    def build(self, layout: QVBoxLayout) -> None:
        self.state: dict[str, Any] | None = None
        self._dirty: set[str] = set()
        self._loading = False

        # What is issued for this period, and what changed since.
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.banner_text, 1)
        self.changes_button = QPushButton("Xem thay đổi…")
        self.unlock_button = QPushButton("Mở khóa kỳ…")
        self.issued_button = QPushButton("Xem bản đã ban hành")
        for b in (self.changes_button, self.unlock_button, self.issued_button):
            row.addWidget(b)
        self.changes_button.clicked.connect(self.show_changes)
        self.unlock_button.clicked.connect(self.unlock_period)
        self.issued_button.clicked.connect(lambda: self.open_issued(None))
        layout.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._figures_tab(), "Số liệu")
        self.tabs.addTab(self._text_tab(), "Nội dung báo cáo")
        self.tabs.addTab(self._targets_tab(), "Chỉ tiêu")
        self.tabs.addTab(self._history_tab(), "Văn bản đã ban hành")
        layout.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        actions.addWidget(self.hint, 1)
        self.preview_button = QPushButton("Xem trước")
        self.print_button = QPushButton("In…")
        self.save_button = QPushButton("Lưu PDF…")
        self.issue_button = QPushButton("Ban hành…")
        self.issue_button.setObjectName("primary")
        for b in (self.preview_button, self.print_button, self.save_button, self.issue_button):
            actions.addWidget(b)
        self.preview_button.clicked.connect(lambda: self.with_pdf("preview"))
        self.print_button.clicked.connect(lambda: self.with_pdf("print"))
        self.save_button.clicked.connect(lambda: self.with_pdf("save"))
        self.issue_button.clicked.connect(self.issue)
        layout.addLayout(actions)

        self._save_timer = QTimer(self, singleShot=True, interval=700)
        self._save_timer.timeout.connect(self.save_draft)

    def _figures_tab(self) -> QWidget:
        self.table = new_table([h for _k, h in GROUP_COLUMNS])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setColumnWidth(0, 150)
        header = self.table.horizontalHeader()
        for col in range(1, len(GROUP_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        return self.table

    def watched_tables(self) -> set[str]:
        return super().watched_tables() | {"report_drafts", "targets", "documents", "period_locks", "rates"}

    def refresh(self) -> None:
        p = self.period.currentData()
        self._stale = False
        self.ctx.worker.submit(page_state, p, success=lambda s: self._state_loaded(p, s))

    def _state_loaded(self, period: Period, state: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return
        self.state = state
        self._loaded(period, state["summary"])  # bounds line and the figures table
        self._loading = True
        try:
            self._fill_texts(state)
            self._fill_targets(state["targets"], period)
            self._fill_history(state["status"])
            self._fill_banner(state["status"])
        finally:
            self._loading = False

    def show_result(self, result: dict[str, Any]) -> None:
        rows = [*result["by_group"], {"group": "Tổng cộng", **result["totals"]}]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, (key, _h) in enumerate(GROUP_COLUMNS):
                self.table.setItem(i, j, table_item(fmt(key, r[key]), right=j > 0, bold=i == len(rows) - 1))
