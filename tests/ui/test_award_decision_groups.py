"""The Văn bản tab offers one Quyết định per decision group (issue 17): a Giấy khen and a "Gia đình văn hóa" waiting
together are two decisions, chosen in the box beside the row; each previews and issues only its own nominees."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.awards import decisions, papers, proposals
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import awards as awards_page
from tests.ui.award_helpers import passed_households
from tests.ui.conftest import settle


def test_two_kinds_waiting_are_two_decisions(qtbot: QtBot, window: MainWindow,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    gk_name, gdvh_name = passed_households(window.ctx.reader.path, ["Giấy khen", "Gia đình văn hóa"])
    window.navigate("awards", {})
    page = window.page("awards")
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, window)
    page.tabs.setCurrentIndex(3)
    groups = [page.qd_group.itemData(i) for i in range(page.qd_group.count())]
    assert len(groups) == 2 and any(decisions.title_of(g) == "Gia đình văn hóa" for g in groups)
    assert "2 quyết định riêng" in page.doc_status["qd"].text()

    page.qd_group.setCurrentIndex(groups.index(next(g for g in groups if decisions.title_of(g))))
    monkeypatch.setattr(awards_page.IssueDialog, "exec", lambda self: 1)
    page.doc_buttons["qd.issue"].click()
    settle(qtbot, window)
    period = proposals.parse_period(window.ctx.reader, "2026-H1")
    issued = [d for d in papers.issued(window.ctx.reader, "2026-H1") if d["role"] == "qd"]
    assert len(issued) == 1 and "Gia đình văn hóa" in issued[0]["title"]
    statuses = {r["nominee_name"]: r["status"] for r in proposals.list_proposals(window.ctx.reader, "2026-H1")}
    assert statuses[gdvh_name] == "quyet_dinh" and statuses[gk_name] == "da_xet"  # the Giấy khen still waits
    assert [g for g, _ in papers.qd_groups(window.ctx.reader, period)] == [decisions.KHEN_THUONG]
    assert page.qd_group.count() == 1
