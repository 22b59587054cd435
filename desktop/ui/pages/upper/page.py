"""The upper level's page: its tabs put together, refreshed together when the ledger changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui.list_page import AppContext
from desktop.ui.pages.exchange_page import _title
from desktop.ui.pages.upper.import_tab import ImportTab
from desktop.ui.pages.upper.reception_tab import ReceptionTab
from desktop.ui.pages.upper.wards_tab import WardsTab
from desktop.ui.pages.upper_proposals import ProposalsTab
from desktop.ui.stale import RefreshOnChange


def _sum_tab(ctx: AppContext) -> QWidget:
    from desktop.ui.pages import upper_sum  # imported when the upper page is first opened

    return upper_sum.UpperSumTab(ctx)


def _on(tab: str, name: str) -> Any:
    """A tab's widget or method, named on the page as before the tabs had their own modules (tests, guide_shots)."""
    return property(lambda self: getattr(getattr(self, tab), name))


class UpperPage(RefreshOnChange, QWidget):
    """The upper level's side: wards, import, who sent what, consolidation, award proposals."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        v = QVBoxLayout(self)
        v.addWidget(_title("Tổng hợp các phường, xã"))
        self.tabs = QTabWidget()
        self.wards_page, self.import_page = WardsTab(ctx), ImportTab(ctx)
        self.reception_page, self.sum_page = ReceptionTab(ctx), _sum_tab(ctx)
        self.tabs.addTab(self.wards_page, "Đơn vị cấp xã")
        self.import_tab = self.tabs.addTab(self.import_page, "Nhận tệp")
        self.reception_tab = self.tabs.addTab(self.reception_page, "Tình hình gửi số liệu")
        self.sum_tab = self.tabs.addTab(self.sum_page, "Tổng hợp")
        self.proposals_tab = self.tabs.addTab(ProposalsTab(ctx), "Đề nghị khen thưởng")
        v.addWidget(self.tabs, 1)
        # Tabs that refresh themselves (the proposals) are left to do so; the others refresh with the page.
        self._refreshed = [t for t in (self.wards_page, self.import_page, self.reception_page, self.sum_page)
                           if not isinstance(t, RefreshOnChange) and hasattr(t, "refresh")]
        ctx.worker.changed.connect(self.on_changes)

    wards = _on("wards_page", "wards")
    add_ward = _on("wards_page", "add_ward")
    plan_table = _on("import_page", "plan_table")
    import_button = _on("import_page", "import_button")
    older_button = _on("import_page", "older_button")
    planned = _on("import_page", "planned")
    plan = _on("import_page", "plan")
    do_import = _on("import_page", "do_import")
    matrix = _on("reception_page", "matrix")
    period = _on("sum_page", "period")
    sum_table = _on("sum_page", "sum_table")
    sum_keys = _on("sum_page", "sum_keys")
    issue_button = _on("sum_page", "issue_button")
    issue_state = _on("sum_page", "issue_state")
    preview_button = _on("sum_page", "preview_button")
    issue = _on("sum_page", "issue")
    preview = _on("sum_page", "preview")

    def watched_tables(self) -> set[str]:
        return set().union(*(t.watched_tables() for t in self._refreshed))

    def refresh(self) -> None:
        self._stale = False
        for tab in self._refreshed:
            tab.refresh()

    def open_package(self, path: Path) -> None:
        """A .thidua file opened from outside (double-click in Windows): its import preview, nothing written."""
        self.tabs.setCurrentIndex(self.import_tab)
        self.import_page.plan([path])
