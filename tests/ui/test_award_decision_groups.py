"""The Văn bản tab offers one Quyết định per decision group (issue 17): a Giấy khen and a "Gia đình văn hóa" waiting
together are two decisions, chosen in the box beside the row; each previews and issues only its own nominees."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.awards import catalogue, council, decisions, members, papers, proposals
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import awards as awards_page
from tests.core.test_awards import MEETING
from tests.ui.conftest import settle


def _two_groups(path: Path) -> tuple[str, str]:
    """Two demo households: one passed for a Giấy khen, one for "Gia đình văn hóa", in 2026-H1."""
    led = open_ledger(path, user="Trần Thị Thu Hà")
    try:
        households = [r[0] for r in led.conn.execute(
            "SELECT DISTINCT contributor_id FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
            "WHERE p.kind = 'ho' AND c.status = 'received' AND c.deleted_at IS NULL "
            "AND c.date BETWEEN '2026-01-01' AND '2026-06-30' ORDER BY contributor_id LIMIT 2")]
        kinds = catalogue.list_kinds(led, subject="ho")
        gk = next(k["id"] for k in kinds if k["name"].startswith("Giấy khen"))
        gdvh = next(k["id"] for k in kinds if k["name"] == "Gia đình văn hóa")
        ids = [proposals.add(led, {"contributor_id": h, "award_kind_id": k, "period_code": "2026-H1"})
               for h, k in zip(households, (gk, gdvh), strict=True)]
        roster = members.list_members(led, 2026)
        council.record_meeting(led, "2026-H1", {**MEETING, "chair": roster[0]["name"],
                                                "secretary": roster[-1]["name"]}, {i: 8 for i in ids},
                               attendance={m["id"]: "present" for m in roster} | {roster[1]["id"]: "absent"})
        names = [proposals.get(led, i)["nominee_name"] for i in ids]
    finally:
        led.close()
    return names[0], names[1]


def test_two_kinds_waiting_are_two_decisions(qtbot: QtBot, window: MainWindow,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    gk_name, gdvh_name = _two_groups(window.ctx.reader.path)
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
