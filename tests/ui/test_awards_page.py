"""The Khen thưởng page: from the suggested land donors to the council's votes, the issued Quyết định, the
certificates and the outcome; the prior-award warning; the catalogue in Cài đặt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.awards import catalogue, council, members, proposals, screening
from desktop.core.report import register
from desktop.ui import pdf_view
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import awards as awards_page
from desktop.ui.pages import settings
from desktop.ui.pages.awards import proposal_form
from desktop.ui.record_dialog import RecordDialog
from tests.core.test_demo_mark import marked
from tests.ui.conftest import settle


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow) -> Iterator[awards_page.AwardsPage]:
    built = window.page("awards")
    if not isinstance(built, awards_page.AwardsPage):  # before the lead's wiring of the main window
        built = awards_page.AwardsPage(window.ctx)
        qtbot.addWidget(built)
        built.resize(1280, 760)
        built.show()
    else:
        window.navigate("awards", {})
    combo = built.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, window)
    yield built


def _statuses(p: awards_page.AwardsPage) -> list[str]:
    return [p.table.item(i, 6).text() for i in range(p.table.rowCount())]


def _select(p: awards_page.AwardsPage, names: list[str]) -> None:
    p.table.clearSelection()
    for i in range(p.table.rowCount()):
        if p.table.item(i, 1).text() in names:
            p.table.selectRow(i)


def test_the_main_window_shows_the_awards_page(window: MainWindow) -> None:
    assert isinstance(window.page("awards"), awards_page.AwardsPage)


def test_from_suggested_land_donors_to_a_decision_and_the_outcome(
    qtbot: QtBot, window: MainWindow, page: awards_page.AwardsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    period = proposals.parse_period(window.ctx.reader, "2026-H1")
    # Gợi ý: the land donors of the period, by value.
    page.tabs.setCurrentIndex(1)
    page.land_only.setChecked(True)
    settle(qtbot, window)
    expected = screening.suggestions(window.ctx.reader, period, land_only=True)
    assert page.suggest_table.rowCount() == len(expected) >= 4
    assert page.suggest_table.item(0, 1).text() == expected[0]["name"]
    assert "Chưa đặt ngưỡng" in page.suggest_hint.text()
    for i in range(4):
        page.suggest_table.item(i, 0).setCheckState(Qt.CheckState.Checked)
    page.add_suggested.click()
    settle(qtbot, window)
    assert page.tabs.currentIndex() == 0 and page.table.rowCount() == 4
    assert _statuses(page) == ["Dự thảo"] * 4
    names = [page.table.item(i, 1).text() for i in range(4)]
    assert sorted(names) == sorted(r["name"] for r in expected[:4])

    # A draft goes to the council first: no outcome button yet; it may be deleted.
    page.table.selectAll()
    assert not page.buttons["decide"].isEnabled() and not page.buttons["refuse"].isEnabled()
    assert page.buttons["delete"].isEnabled()

    # Hội đồng: 7/9 for three of them, 2/9 for the last.
    def vote(self: awards_page.MeetingDialog) -> int:
        # The demo's year has its council of 9: one member is marked absent (the numbers are counted).
        assert len(self.presence) == 9
        self.presence[1].setCurrentIndex(self.presence[1].findData("absent"))  # not the chair, not the clerk
        self.end_time.setText("16 giờ 00")
        for i, spin in enumerate(self.spins):
            spin.setValue(2 if self.drafts[i]["nominee_name"] == names[-1] else 7)
        self.submit()
        return 1

    monkeypatch.setattr(awards_page.MeetingDialog, "exec", vote)
    page.tabs.setCurrentIndex(2)
    page.meeting_button.click()
    settle(qtbot, window)
    assert page.meetings_table.rowCount() == 1 and page.meetings_table.item(0, 4).text() == "8/9"
    assert sorted(_statuses(page)) == ["Không được thông qua"] + ["Đã xét"] * 3  # 2/9: rejected (issue 17)

    # Văn bản: the Biên bản and the Quyết định, numbered in the year's register.
    monkeypatch.setattr(awards_page.IssueDialog, "exec", lambda self: 1)
    page.tabs.setCurrentIndex(3)
    assert page.doc_buttons["qd.issue"].isEnabled() and not page.doc_buttons["ttr_upper.issue"].isEnabled()
    # the next numbers of the year's register (the demo ledger already holds its own award year's documents)
    year = window.ctx.reader.conn.execute("SELECT max(date) FROM council_meetings").fetchone()[0][:4]
    bb_no, qd_no = (f"{register.next_number(window.ctx.reader, k, int(year)):02d}" for k in ("BB", "QĐ"))
    page.doc_buttons["bb.issue"].click()
    settle(qtbot, window)
    page.doc_buttons["qd.issue"].click()
    settle(qtbot, window)
    assert f"{qd_no}/QĐ-UBND" in page.hint.text()
    issued = [page.issued_table.item(i, 0).text() for i in range(page.issued_table.rowCount())]
    assert sorted(issued) == sorted([f"{bb_no}/BB-HĐTĐKT", f"{qd_no}/QĐ-UBND"])
    state = dict(zip([page.table.item(i, 1).text() for i in range(4)], _statuses(page), strict=True))
    assert state == {**{n: "Đã có quyết định" for n in names[:3]}, names[-1]: "Không được thông qua"}
    assert not page.doc_buttons["bb.issue"].isEnabled()

    # The certificates of the decision, A4 landscape.
    shown: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self) or 0)
    page.table.clearSelection()
    page.doc_buttons["certificate.preview"].click()
    settle(qtbot, window)
    assert len(shown[-1].pdf) == 3 and shown[-1].pdf[0].get_width() > shown[-1].pdf[0].get_height()
    assert "GIẤY KHEN" in shown[-1].pdf[0].get_textpage().get_text_range()

    # The outcome: the one the council did not pass is refused, with a reason; a decided one is granted.
    page.tabs.setCurrentIndex(0)
    _select(page, [names[-1]])
    assert page.buttons["refuse"].isEnabled() and page.buttons["return"].isEnabled()
    assert not page.buttons["decide"].isEnabled() and not page.buttons["grant"].isEnabled()

    def give_reason(self: awards_page.ReasonDialog) -> int:
        assert not self.ok.isEnabled()
        self.reason.setPlainText("Hội đồng không thông qua (2/9 phiếu)")
        assert self.ok.isEnabled()
        return 1

    monkeypatch.setattr(awards_page.ReasonDialog, "exec", give_reason)
    page.buttons["refuse"].click()
    settle(qtbot, window)
    _select(page, [names[0]])
    page.buttons["grant"].click()
    settle(qtbot, window)
    state = dict(zip([page.table.item(i, 1).text() for i in range(4)], _statuses(page), strict=True))
    assert state[names[-1]] == "Không được khen" and state[names[0]] == "Được khen"
    _select(page, [names[-1]])
    settle(qtbot, window)
    assert "Hội đồng không thông qua (2/9 phiếu)" in page.detail.toPlainText()
    assert "Lập đề nghị" in page.detail.toPlainText()
    assert not any(page.buttons[a].isEnabled() for a in awards_page.ACTION_BUTTONS)  # final

    # The whole dossier into a folder.
    out = tmp_path / "hoso"
    out.mkdir()
    page.save_dossier_to(str(out))
    settle(qtbot, window)
    files = {p.name for p in out.iterdir()}
    assert {f"Quyet-dinh-khen-thuong-2026-H1-so-{qd_no}.pdf", "Giay-khen-2026-H1.pdf",
            "Danh-sach-de-nghi-khen-thuong-2026-H1.xlsx"} <= files
    assert "Đã lưu" in page.hint.text()


def _fill(dialog: RecordDialog, values: dict[str, Any]) -> None:
    dialog.set_values(values)


def test_adding_the_same_household_again_shows_the_earlier_proposal(
    qtbot: QtBot, window: MainWindow, page: awards_page.AwardsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = window.ctx.reader
    period = proposals.parse_period(reader, "2026-H1")
    donor = screening.suggestions(reader, period, land_only=True)[0]
    writer = open_ledger(reader.path, user="Trần Thị Thu Hà")
    try:
        proposals.add(writer, {"contributor_id": donor["contributor_id"], "award_kind_id": donor["kind_id"],
                            "period_code": "2026"})
    finally:
        writer.close()
    warned: list[str] = []
    answer = {"yes": False}

    def fake_confirm(_parent: Any, _title: str, text: str, **_kw: Any) -> bool:
        warned.append(text)
        return answer["yes"]

    monkeypatch.setattr(proposal_form, "confirm", fake_confirm)
    dialogs: list[RecordDialog] = []

    def fill_and_save(self: RecordDialog) -> int:
        dialogs.append(self)
        _fill(self, {"subject": "ho", "contributor_id": donor["contributor_id"],
                     "contributor_id__label": donor["name"], "award_kind_id": donor["kind_id"]})
        self.submit()
        return 0

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    page.buttons["add"].click()
    settle(qtbot, window)
    assert warned and "đã được đề nghị" in warned[0] and "năm 2026" in warned[0]
    error = dialogs[0].error_labels["contributor_id"]
    assert not error.isHidden() and "Đã có đề nghị trước" in error.text()
    assert page.table.rowCount() == 0  # nothing saved

    answer["yes"] = True
    page.buttons["add"].click()
    settle(qtbot, window)
    assert page.table.rowCount() == 1 and page.table.item(0, 9).text().startswith("⚠")


def test_a_draft_is_edited_and_a_reviewed_one_only_for_its_book_number(
    qtbot: QtBot, window: MainWindow, page: awards_page.AwardsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = window.ctx.reader
    donor = screening.suggestions(reader, proposals.parse_period(reader, "2026-H1"), land_only=True)[0]
    writer = open_ledger(reader.path, user="Trần Thị Thu Hà")
    try:
        pid = proposals.add(writer, {"contributor_id": donor["contributor_id"], "award_kind_id": donor["kind_id"],
                                  "period_code": "2026-H1"})
    finally:
        writer.close()
    page.refresh()
    settle(qtbot, window)
    page.table.selectRow(0)
    opened: list[RecordDialog] = []

    def edit(self: RecordDialog) -> int:
        opened.append(self)
        self.widgets["achievement"].setPlainText("Hiến đất mở rộng hẻm; tự tháo dỡ tường rào.")
        self.submit()
        return 1

    monkeypatch.setattr(RecordDialog, "exec", edit)
    page.buttons["edit"].click()
    settle(qtbot, window)
    assert "contribution_ids" in opened[0].widgets  # a draft: the links can be changed
    assert proposals.get(reader, pid)["achievement"] == "Hiến đất mở rộng hẻm; tự tháo dỡ tường rào."

    writer = open_ledger(reader.path, user="Trần Thị Thu Hà")
    try:
        roster = members.list_members(writer, 2026)
        council.record_meeting(writer, "2026-H1", {"date": "2026-06-15", "chair": roster[0]["name"],
                                                  "secretary": roster[-1]["name"]}, {pid: 9},
                               attendance={m["id"]: "present" for m in roster})
    finally:
        writer.close()
    page.refresh()
    settle(qtbot, window)
    page.table.selectRow(0)

    def book(self: RecordDialog) -> int:
        opened.append(self)
        self.widgets["book_no"].setText("31")
        self.submit()
        return 1

    monkeypatch.setattr(RecordDialog, "exec", book)
    page.buttons["edit"].click()
    settle(qtbot, window)
    assert set(opened[-1].widgets) == {"book_no", "note"}
    assert proposals.get(reader, pid)["book_no"] == "31"
    assert not page.buttons["delete"].isEnabled()


def test_the_catalogue_dialog_edits_forms_salary_and_certificate_offsets(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings.CatalogueDialog, "exec", lambda self: 0)
    settings_page = window.page("settings")
    settings_page.catalogue_button.click()
    dialog = settings_page.catalogue_dialog
    settle(qtbot, window)
    assert dialog.kinds_table.rowCount() == len(catalogue.list_kinds(window.ctx.reader)) == 14
    assert dialog.kinds_table.item(0, 6).text() == "1.053.000"
    assert dialog.base_salary.text() == "2.340.000"

    dialog.base_salary.setText("hai triệu")
    dialog.save_general()
    settle(qtbot, window)
    assert "Mức lương cơ sở" in dialog.general_message.text()
    dialog.base_salary.setText("2.530.000")
    dialog.save_general()
    settle(qtbot, window)
    assert catalogue.base_salary(window.ctx.reader) == 2_530_000
    assert catalogue.get_settings(window.ctx.reader)["legal_bases"] is None  # the shown defaults were not frozen
    assert dialog.kinds_table.item(0, 6).text() == "1.138.500"

    def threshold(self: RecordDialog) -> int:
        self.widgets["threshold_vnd"].setText("50.000.000")
        self.submit()
        return 1

    monkeypatch.setattr(RecordDialog, "exec", threshold)
    dialog.kinds_table.selectRow(0)
    dialog.edit_kind()
    settle(qtbot, window)
    assert catalogue.list_kinds(window.ctx.reader)[0]["threshold_vnd"] == 50_000_000
    assert dialog.kinds_table.item(0, 7).text() == "50.000.000"

    dialog.preprinted.setChecked(True)
    dialog.cert_dy.setValue(-2.5)
    dialog.offset_spins["nominee"][0].setValue(4)
    dialog.save_certificate()
    settle(qtbot, window)
    stored = catalogue.get_settings(window.ctx.reader)["certificate"]
    assert stored == {"preprinted": True, "dx": 0.0, "dy": -2.5, "fields": {"nominee": [4.0, 0.0]}}
    shown: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self) or 0)
    dialog.trial_certificate()
    text = pdfium.PdfDocument(shown[0].data)[0].get_textpage().get_text_range()
    assert "Nguyễn Văn Mẫu" in text and "GIẤY KHEN" not in text  # a blank: only the variable lines
    assert all(marked(shown[0].data))  # the demo's trial print carries SỔ MẪU like its every other page


def test_a_meeting_without_its_quorum_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, window: MainWindow, page: awards_page.AwardsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = window.ctx.reader
    donor = screening.suggestions(reader, proposals.parse_period(reader, "2026-H1"), land_only=True)[0]
    writer = open_ledger(reader.path, user="Trần Thị Thu Hà")
    try:
        proposals.add(writer, {"contributor_id": donor["contributor_id"], "award_kind_id": donor["kind_id"],
                               "period_code": "2026-H1"})
    finally:
        writer.close()
    page.refresh()
    settle(qtbot, window)
    meetings_before = reader.conn.execute("SELECT count(*) FROM council_meetings").fetchone()[0]
    seen: dict[str, Any] = {}

    def two_of_nine(self: awards_page.MeetingDialog) -> int:
        absent = [c.findData("absent") for c in self.presence]
        self.presence[1].setCurrentIndex(absent[1])  # 8 of 9: not the chair (first), not the clerk (last)
        seen["ok"] = self.quorum.text()
        for combo, index in list(zip(self.presence, absent, strict=True))[1:-1]:
            combo.setCurrentIndex(index)  # 2 of 9
        seen["short"], seen["max"] = self.quorum.text(), self.spins[0].maximum()
        seen["dialog"] = self
        self.submit()
        return 0

    monkeypatch.setattr(awards_page.MeetingDialog, "exec", two_of_nine)
    page.tabs.setCurrentIndex(2)
    page.meeting_button.click()
    settle(qtbot, window)
    assert "cần ít nhất 6/9" in seen["ok"] and "tối đa 8" in seen["ok"]
    assert "Chưa đủ số thành viên dự họp: cần ít nhất 6/9 (2/3)" in seen["short"] and seen["max"] == 2
    dialog = seen["dialog"]
    assert dialog.result() != 1 and dialog.ok.isEnabled()  # still open, the clerk can correct it
    assert "Hội đồng có 9 thành viên, chỉ 2 người dự họp: chưa đủ 2/3 (ít nhất 6)" in dialog.error.text()
    assert reader.conn.execute("SELECT count(*) FROM council_meetings").fetchone()[0] == meetings_before


def test_the_page_opens_on_the_award_year_when_the_current_half_has_no_proposal(
        qtbot: QtBot, window: MainWindow) -> None:
    """A new user opening the demo sees the Khen thưởng page full: the current half-year has no proposal (the
    demo files its award year as a year), so the page moves once to the period of the newest proposals."""
    from desktop.core.awards import overview

    newest = overview.latest_period_code(window.ctx.reader)
    assert newest is not None and not proposals.list_proposals(window.ctx.reader, window.page("awards")
                                                               .period.currentData().code)
    window.navigate("awards", {})
    built = window.page("awards")
    qtbot.waitUntil(lambda: built.period.currentData().code == newest and built.table.rowCount() > 0, timeout=5000)
