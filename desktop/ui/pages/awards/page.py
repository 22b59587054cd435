"""Khen thưởng: proposals of a period, suggestions from the contributions, the council's meeting and votes, and the
dossier (Tờ trình, Biên bản, Quyết định, báo cáo tóm tắt thành tích, Giấy khen, danh sách Excel).

Everything is read in one job on the database worker (`overview.page_state`) and every change is a service call on
it; the page refreshes from the Changes it gets back. Each tab is a part (mixin) in its own module; this one builds
them in order and fills them from the state.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout

from desktop.core.awards import overview
from desktop.core.ledger.periods import Period
from desktop.ui.pages.awards.council_tab import CouncilTab
from desktop.ui.pages.awards.documents_tab import DocumentsTab
from desktop.ui.pages.awards.outcomes import Outcomes
from desktop.ui.pages.awards.proposal_form import ProposalForm
from desktop.ui.pages.awards.proposals_tab import ProposalsTab
from desktop.ui.pages.awards.suggestions_tab import SuggestionsTab
from desktop.ui.pages.figures_pages import PeriodPage


class AwardsPage(ProposalsTab, ProposalForm, Outcomes, SuggestionsTab, CouncilTab, DocumentsTab, PeriodPage):
    title = "Khen thưởng"

    def build(self, layout: QVBoxLayout) -> None:
        self.state: dict[str, Any] | None = None
        self.rows: list[dict[str, Any]] = []
        # The page opens on the current half-year; when that holds no proposal and the clerk has not picked
        # another period yet, it moves once to the period of the newest proposals (the award year).
        self._default_code = self.period.currentData().code
        self._may_move = True
        self.tabs = QTabWidget()
        self.tabs.addTab(self._proposals_tab(), "Đề nghị")
        self.tabs.addTab(self._suggestions_tab(), "Gợi ý")
        self.tabs.addTab(self._council_tab(), "Hội đồng")
        self.tabs.addTab(self._documents_tab(), "Văn bản")
        layout.addWidget(self.tabs, 1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

    def _move_to(self, code: str | None) -> None:
        codes = [self.period.itemData(i).code for i in range(self.period.count())]
        if code in codes and self.period.currentData().code == self._default_code:
            self.period.setCurrentIndex(codes.index(code))  # refreshes the page for that period

    def watched_tables(self) -> set[str]:
        return super().watched_tables() | {"proposals", "proposal_events", "council_meetings", "documents",
                                           "award_kinds", "settings"}

    def refresh(self) -> None:
        period = self.period.currentData()
        self._stale = False
        land_only, kind_id = self.land_only.isChecked(), self.suggest_kind.currentData()
        self.ctx.worker.submit(lambda led: overview.page_state(led, period, land_only=land_only, kind_id=kind_id),
                               success=lambda s: self._state_loaded(period, s))

    def _state_loaded(self, period: Period, state: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return  # the clerk picked another period meanwhile
        if self._may_move:
            self._may_move = False
            if not state["proposals"] and period.code == self._default_code:
                self.ctx.worker.submit(overview.latest_period_code, success=self._move_to)
        self.state = state
        self.bounds.setText(f"{period.label[:1].upper()}{period.label[1:]} ({period.bounds_text}). Đề nghị khen "
                            "thưởng của kỳ, lập từ các khoản đóng góp đã nhận trong kỳ.")
        self._fill_kinds(state["kinds"])
        self._fill_proposals()
        self._fill_suggestions()
        self._fill_meetings()
        self._fill_documents()
