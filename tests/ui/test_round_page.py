"""Báo cáo của đơn vị (desktop.ui.pages.round_page): the demo's 2026-H1 board coloured by state, a report typed
from paper for a unit that had not sent (a bad number shown under its field first, then saved: the unit turns
late), a unit added to the register (a taken name refused under its field), the deadlines refused when the ward's
falls after the upper level's, and one unit's report shown with its figures and texts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.core.round import board, reports
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import round_page
from desktop.ui.pages.round_page import COLOURS, RoundPage
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


def _open(qtbot: QtBot, window: MainWindow, code: str = "2026-H1") -> RoundPage:
    window.navigate("round", {})
    page = window.page("round")
    assert isinstance(page, RoundPage)
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))
    settle(qtbot, window)
    return page


def _row_of(page: RoundPage, name: str) -> int:
    assert page.board is not None
    return [r["name"] for r in page.board.rows].index(name)


def _answers(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: list[dict[str, Any]],
             seen: list[dict[str, str]]) -> None:
    def fill_and_save(self: RecordDialog) -> int:
        for values in answers:
            for key, value in values.items():  # typed as text, as the clerk types it
                w = self.widgets[key]
                if isinstance(w, QComboBox):
                    w.setCurrentIndex(w.findData(value))
                elif isinstance(w, QPlainTextEdit):
                    w.setPlainText(value)
                else:
                    w.setText(value)
            self.submit()
            settle(qtbot, window)
            seen.append({k: lab.text() for k, lab in self.error_labels.items() if not lab.isHidden()})
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)


def test_board_colours_and_a_report_typed_from_paper(qtbot: QtBot, window: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    page = _open(qtbot, window)
    expected = board.build(window.ctx.reader, "2026-H1")
    assert page.board_table.rowCount() == len(expected.rows)
    late = _row_of(page, "Hội Cựu chiến binh phường")
    assert page.board_table.item(late, 4).text() == "Đã gửi, muộn 3 ngày"
    assert page.board_table.item(late, 0).background().color().name() == COLOURS["late"]
    i = _row_of(page, "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường")
    assert page.board_table.item(i, 0).background().color().name() == COLOURS["overdue"]
    page.board_table.selectRow(i)
    seen: list[dict[str, str]] = []
    _answers(qtbot, window, monkeypatch, [
        {"luot_tham_gia": "hai trăm", "text:ket_qua": "Ra quân 3 đợt."},
        {"luot_tham_gia": "1.250", "ngay_cong_hoi_vien": "320", "text:ket_qua": "Ra quân 3 đợt làm đường."},
    ], seen)
    page.enter_report()
    settle(qtbot, window)
    assert "Lượt hội viên, đoàn viên tham gia" in seen[0]["luot_tham_gia"] and seen[1] == {}
    i = _row_of(page, "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường")
    assert page.board_table.item(i, 4).text().startswith("Đã gửi, muộn")
    sent = next(r for r in reports.current_reports(window.ctx.reader, "2026-H1")
                if r["unit_name"] == "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường")
    assert sent["figures"] == {"luot_tham_gia": 1250, "ngay_cong_hoi_vien": 320}
    assert sent["texts"] == {"ket_qua": "Ra quân 3 đợt làm đường."} and sent["source"] == "screen"
    page.board_table.selectRow(i)
    page.show_report()
    settle(qtbot, window)
    assert page.tabs.currentIndex() == 2
    assert "Ra quân 3 đợt làm đường." in page.view_text.toPlainText()
    assert "1.250" in page.view_text.toPlainText()


def test_units_tab_adds_a_unit_and_refuses_a_taken_name(qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _open(qtbot, window)
    page.tabs.setCurrentIndex(1)
    before = page.units_table.rowCount()
    seen: list[dict[str, str]] = []
    _answers(qtbot, window, monkeypatch, [
        {"kind": "doan_the", "name": "Hội Nông dân phường"},
        {"kind": "doan_the", "name": "Hội Người cao tuổi phường", "contact_name": "Lê Văn Tám"},
    ], seen)
    page.add_unit()
    settle(qtbot, window)
    assert "đã có" in seen[0]["name"] and seen[1] == {}
    assert page.units_table.rowCount() == before + 1
    names = [page.units_table.item(r, 0).text() for r in range(page.units_table.rowCount())]
    assert "Hội Người cao tuổi phường" in names
    assert _row_of(page, "Hội Người cao tuổi phường") >= 0  # on the board too, not yet sent


def test_deadline_after_the_upper_one_is_refused(qtbot: QtBot, window: MainWindow,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    page = _open(qtbot, window)
    told: list[str] = []
    monkeypatch.setattr(round_page, "show_error", lambda _p, exc: told.append(str(exc)))
    page.own_edit.setText("20/06/2026")
    page.upper_edit.setText("15/06/2026")
    page.save_deadlines()
    settle(qtbot, window)
    assert told and "sau hạn của cấp trên" in told[0]
    assert page.own_edit.text() == "20/06/2026"  # what the clerk typed stays, to be corrected


def test_a_register_that_cannot_be_completed_is_said_not_swallowed(qtbot: QtBot, window: MainWindow,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Opening the page adds the new tổ dân phố to the reporting units; when that write is refused (a full disk,
    # a read-only ledger) the clerk is told, instead of a board silently missing units.
    from desktop.core.errors import UserError
    from desktop.core.round import units

    def refused(_led: Any) -> None:
        raise UserError("Ổ đĩa đã đầy: chưa ghi được gì.")

    monkeypatch.setattr(units, "ensure_units", refused)
    said: list[str] = []
    monkeypatch.setattr(round_page, "show_error", lambda _parent, exc: said.append(str(exc)))
    _open(qtbot, window)
    assert said == ["Ổ đĩa đã đầy: chưa ghi được gì."]
