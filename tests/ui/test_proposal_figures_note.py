"""The Đề nghị tab when a linked contribution changed after the achievement was written: the warning in the list,
the note in the detail and in the edit form, "Soạn lại theo số liệu mới", and the full report's preview."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db.connection import Ledger
from desktop.core.awards import catalogue, proposals
from desktop.core.ledger import contributions
from desktop.ui import pdf_view
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import awards as awards_page
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle

HAND = "Hộ gia đình đã tự nguyện hiến đất và ủng hộ tiền mặt mở rộng đường trong tổ dân phố."


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> Iterator[awards_page.AwardsPage]:
    built = window.page("awards")
    assert isinstance(built, awards_page.AwardsPage)
    window.resize(1366, 768)
    window.navigate("awards", {})
    combo = built.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, window)
    yield built


def _propose_and_change(ledger: Ledger) -> dict[str, Any]:
    """An upward proposal of a land donor of 2026-H1 with the clerk's own words; then a linked contribution grows."""
    period = proposals.parse_period(ledger, "2026-H1")
    cid, contributor = ledger.conn.execute(
        "SELECT c.id, c.contributor_id FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
        "WHERE p.kind = 'ho' AND c.kind = 'money' AND c.status = 'received' AND c.deleted_at IS NULL "
        "AND c.date BETWEEN ? AND ? ORDER BY c.id LIMIT 1", [period.start, period.end]).fetchone()
    kind = next(k["id"] for k in catalogue.list_kinds(ledger, subject="ho") if k["level"] == "upper")
    pid = proposals.add(ledger, {"contributor_id": contributor, "award_kind_id": kind, "period_code": "2026-H1",
                                 "achievement": HAND})
    before = proposals.get(ledger, pid)["value_vnd"]
    qty = ledger.conn.execute("SELECT quantity FROM contributions WHERE id = ?", [cid]).fetchone()[0]
    contributions.edit(ledger, cid, {"quantity": qty + 1_000_000})
    return {"id": pid, "before": before, "after": before + 1_000_000}


def _select(p: awards_page.AwardsPage, pid: int) -> None:
    p.table.clearSelection()
    for i in range(p.table.rowCount()):
        if p.table.item(i, 0).data(256) == pid:  # Qt.UserRole
            p.table.selectRow(i)


def test_the_list_the_detail_and_the_form_show_the_changed_figures(
        qtbot: QtBot, window: MainWindow, page: awards_page.AwardsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = {}
    window.ctx.worker.submit(lambda led: made.update(_propose_and_change(led)))
    settle(qtbot, window)
    page.refresh()
    settle(qtbot, window)
    _select(page, made["id"])
    settle(qtbot, window)
    row = next(i for i in range(page.table.rowCount()) if page.table.item(i, 0).data(256) == made["id"])
    assert "số liệu đã đổi" in page.table.item(row, 9).text()
    assert page.table.item(row, 5).text() == f"{made['after']:,}".replace(",", ".")
    detail = page.detail.toPlainText()
    assert "Ghi chú: số liệu đóng góp đã thay đổi, giá trị từ" in detail
    assert f"{made['before']:,}".replace(",", ".") in detail and "Soạn lại theo số liệu mới" in detail
    assert page.buttons["refresh"].isEnabled() and page.buttons["merit"].isEnabled()
    if os.environ.get("THIDUA_SHOTS"):
        window.grab().save(os.path.join(os.environ["THIDUA_SHOTS"], "proposal-figures-note.png"))

    # The edit form says it where the clerk writes.
    hints: list[str] = []
    monkeypatch.setattr(RecordDialog, "exec", lambda self: hints.append(
        self.widgets["achievement"].toolTip() + " " + " ".join(w.text() for w in self.findChildren(
            type(page.hint)))) or 0)
    page.edit_proposal()
    settle(qtbot, window)
    assert "số liệu đóng góp đã thay đổi" in hints[-1]

    # The full report, with the note.
    shown: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self) or 0)
    page.buttons["merit"].click()
    settle(qtbot, window)
    text = " ".join(shown[-1].pdf[i].get_textpage().get_text_range() for i in range(len(shown[-1].pdf)))
    text = " ".join(text.split())
    assert "BÁO CÁO THÀNH TÍCH" in text and "XÁC NHẬN CỦA CẤP TRÌNH" in text and "Ghi chú: số liệu" in text

    # Soạn lại: the clerk's words were their own, so they are asked; they choose to redraft.
    def choose(self: QMessageBox) -> int:
        self.buttons()[0].click()  # "Soạn lại"
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose)
    page.buttons["refresh"].click()
    settle(qtbot, window)
    fresh = proposals.get(window.ctx.reader, made["id"])
    assert not fresh["figures_changed"] and fresh["achievement"] != HAND
    assert "Đã cập nhật nội dung thành tích" in page.hint.text()
    row = next(i for i in range(page.table.rowCount()) if page.table.item(i, 0).data(256) == made["id"])
    assert "số liệu đã đổi" not in page.table.item(row, 9).text()
