"""The Báo cáo page: narrative saved as typed, preview, print, issue, unlock and supersede."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import contributions
from desktop.core.report import narrative, report
from desktop.ui import pdf_view
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import report as report_page
from tests.ui.conftest import settle


def _open_report(qtbot: QtBot, window: MainWindow, code: str = "2026-H1") -> report_page.ReportPage:
    window.navigate("report", {})
    page = window.page("report")
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))
    settle(qtbot, window)
    return page


def _period(window: MainWindow, code: str = "2026-H1") -> report.Period:
    return narrative.parse_period(window.ctx.reader, code)


def test_typing_in_a_section_is_saved_and_marked_as_written(qtbot: QtBot, window: MainWindow) -> None:
    page = _open_report(qtbot, window)
    page.tabs.setCurrentIndex(1)
    page.section_list.setCurrentRow(4)  # III. Đánh giá chung
    assert "Ưu điểm" in page.editor.toPlainText()
    page.editor.setPlainText("1. Ưu điểm\nNhân dân đồng thuận cao, 100% tổ dân phố tham gia.")
    qtbot.waitUntil(lambda: not page._save_timer.isActive(), timeout=3000)
    settle(qtbot, window)
    draft = narrative.load_draft(window.ctx.reader, _period(window))
    assert draft["sections"]["danh_gia"].endswith("100% tổ dân phố tham gia.")
    assert page.regenerate_button.isEnabled()
    assert "do cán bộ soạn" in page.section_state.text()

    page.regenerate_button.click()
    settle(qtbot, window)
    assert "danh_gia" not in narrative.load_draft(window.ctx.reader, _period(window))["sections"]
    assert "Ưu điểm" in page.editor.toPlainText() and "100%" not in page.editor.toPlainText()


def test_preview_shows_the_draft_pages(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self) or 0)
    page = _open_report(qtbot, window)
    page.preview_button.click()
    settle(qtbot, window)
    assert len(shown) == 1
    preview = shown[0]
    assert len(preview.pdf) >= 3 and preview.count_label.text() == f"/ {len(preview.pdf)} trang"
    assert not preview.prev_button.isEnabled()
    preview.next_button.click()
    assert preview.page_box.value() == 2 and preview.image.pixmap() is not None
    text = preview.pdf[0].get_textpage().get_text_range()
    assert "DỰ THẢO" in text and "BÁO CÁO" in text


def test_print_draws_every_page(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    data = report.render(window.ctx.reader, _period(window))
    printer = pdf_view.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    pages = pdf_view.print_pdf(data, printer)
    assert pages == len(pdfium.PdfDocument(data))
    assert len(pdfium.PdfDocument(str(tmp_path / "printed.pdf"))) == pages


def test_issue_unlock_and_supersede_from_the_page(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open_report(qtbot, window)
    assert page.issue_button.text() == "Ban hành…"
    dialogs: list[report_page.IssueDialog] = []

    def accept_issue(self: report_page.IssueDialog) -> int:
        dialogs.append(self)
        return 1

    monkeypatch.setattr(report_page.IssueDialog, "exec", accept_issue)
    page.issue_button.click()
    settle(qtbot, window)
    assert dialogs[0].symbol.text() == "<b>Số: 01/BC-UBND</b>"
    assert "Đã ban hành Báo cáo số 01/BC-UBND" in page.banner_text.text()
    assert not page.issue_button.isEnabled()
    assert page.print_button.text() == "In bản đã ban hành…"
    assert page.history.rowCount() == 1 and page.history.item(0, 0).text() == "01/BC-UBND"

    # Unlock with a reason, change a contribution of the period: the page shows the difference.
    def accept_unlock(self: report_page.UnlockDialog) -> int:
        self.reason.setPlainText("Bổ sung biên bản hiến đất nộp muộn")
        return 1

    monkeypatch.setattr(report_page.UnlockDialog, "exec", accept_unlock)
    assert page.unlock_button.isVisibleTo(page)
    page.unlock_button.click()
    settle(qtbot, window)
    assert "mở khóa" in page.banner_text.text() and "nộp muộn" in page.banner_text.text()

    writer = open_ledger(window.ctx.reader.path, user="Trần Thị Thu Hà")
    try:
        cid = writer.conn.execute(
            "SELECT id FROM contributions WHERE kind = 'money' AND status = 'received' AND deleted_at IS NULL "
            "AND date BETWEEN '2026-01-01' AND '2026-06-30' LIMIT 1").fetchone()[0]
        contributions.edit(writer, cid, {"quantity": 123_456_789})
    finally:
        writer.close()
    page.refresh()
    settle(qtbot, window)
    assert "⚠ Số liệu trong sổ đã khác" in page.banner_text.text()
    assert page.issue_button.isEnabled() and page.issue_button.text() == "Ban hành bản thay thế…"
    assert page.print_button.text() == "In dự thảo…"

    page.issue_button.click()
    settle(qtbot, window)
    assert "Báo cáo số 02/BC-UBND" in page.banner_text.text() and "bản thay thế lần 2" in page.banner_text.text()
    assert [page.history.item(i, 3).text() for i in range(2)] == ["Đang có hiệu lực", "Đã được thay thế"]


def test_example_targets_appear_with_results(qtbot: QtBot, window: MainWindow) -> None:
    page = _open_report(qtbot, window, "2026")
    page.tabs.setCurrentIndex(2)
    assert page.targets_table.rowCount() == 0 and page.examples_button.isVisibleTo(page)
    page.examples_button.click()
    settle(qtbot, window)
    assert page.targets_table.rowCount() == 5
    totals = narrative.context(window.ctx.reader, _period(window, "2026")).summary["totals"]
    households = page.targets_table.item(0, 3).text()
    assert households == str(totals["households_land"])
    assert page.targets_table.item(0, 5).text().startswith("Tính từ sổ")
    assert page.targets_table.item(0, 3).textAlignment() & Qt.AlignmentFlag.AlignRight


def test_add_a_typed_target_through_the_dialog(qtbot: QtBot, window: MainWindow,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui.record_dialog import RecordDialog

    page = _open_report(qtbot, window, "2026")

    def fill_and_save(self: RecordDialog) -> int:
        self.set_values({"name": "Tổ dân phố ký cam kết thi đua", "unit_label": "%", "target_value": 100,
                         "source": "", "result_value": 83.5})
        self.submit()
        settle(qtbot, window)
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    page.edit_target(new=True)
    settle(qtbot, window)
    cells = [page.targets_table.item(0, j).text() for j in range(6)]
    assert cells == ["Tổ dân phố ký cam kết thi đua", "%", "100", "83,5", "83,5", "Nhập tay"]


def test_issue_dialog_holds_back_a_report_with_gaps_and_warns_of_an_early_date(
        qtbot: QtBot, window: MainWindow) -> None:
    import copy

    page = _open_report(qtbot, window)
    state = copy.deepcopy(page.state)
    period = _period(window)
    key = next(iter(state["texts"]))
    state["texts"][key] = ("Kết quả: … hộ", True)  # a gap left in a section
    state["draft"]["report_date"] = "2026-06-15"  # before the period ends on 30/06
    dialog = report_page.IssueDialog(page, period, state, window.ctx.unit, window.ctx.reader)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Còn chỗ “…” chưa điền" in shown and "trước ngày cuối kỳ (30/06/2026)" in shown
    assert not dialog.ok.isEnabled() and dialog.accept_gaps.isVisibleTo(dialog)
    dialog.accept_gaps.setChecked(True)
    assert dialog.ok.isEnabled()
    # Filled in and dated after the period: nothing holds it back.
    state["texts"] = {k: ("Đã điền đủ.", True) for k in state["texts"]}
    state["draft"]["report_date"] = "2026-07-05"
    clean = report_page.IssueDialog(page, period, state, window.ctx.unit, window.ctx.reader)
    qtbot.addWidget(clean)
    assert clean.ok.isEnabled() and not clean.accept_gaps.isVisibleTo(clean)
    assert "trước ngày cuối kỳ" not in " ".join(label.text() for label in clean.findChildren(QLabel))


def test_the_trich_yeu_is_edited_on_the_narrative_tab_and_goes_back_to_the_default(
        qtbot: QtBot, window: MainWindow) -> None:
    """Issue 16, fault 4: the trích yếu field shows the default as placeholder, keeps what the clerk types and prints
    it; "Dùng trích yếu mặc định" goes back to the default."""
    page = _open_report(qtbot, window)
    page.tabs.setCurrentIndex(1)
    default = narrative.subject(_period(window))
    assert page.subject_edit.placeholderText() == default and page.subject_edit.toPlainText() == ""
    own = "Sơ kết 6 tháng đầu năm 2026 và nhiệm vụ 6 tháng cuối năm thực hiện Phong trào thi đua của phường"
    page.subject_edit.setPlainText(own)
    qtbot.waitUntil(lambda: not page._save_timer.isActive(), timeout=3000)
    settle(qtbot, window)
    assert narrative.load_draft(window.ctx.reader, _period(window))["subject"] == own
    first = pdfium.PdfDocument(report.render(window.ctx.reader, _period(window)))[0]
    assert own in " ".join(first.get_textpage().get_text_range().split())

    page.subject_default_button.click()
    settle(qtbot, window)
    assert narrative.load_draft(window.ctx.reader, _period(window))["subject"] is None
    assert page.subject_edit.toPlainText() == "" and page.subject_edit.placeholderText() == default


def test_the_issue_dialog_shows_the_clerks_trich_yeu(qtbot: QtBot, window: MainWindow) -> None:
    """The report is issued under the trích yếu it prints: the clerk's own, not the period's default."""
    import copy

    page = _open_report(qtbot, window)
    state = copy.deepcopy(page.state)
    own = "Sơ kết 6 tháng đầu năm 2026 phong trào thi đua làm đường giao thông của phường"
    state["draft"]["subject"] = own
    dialog = report_page.IssueDialog(page, _period(window), state, window.ctx.unit, window.ctx.reader)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert own in shown and narrative.subject(_period(window)) not in shown


def test_the_issue_dialog_shows_a_typed_angle_bracket_as_typed(qtbot: QtBot, window: MainWindow) -> None:
    """The trích yếu is the clerk's text, not markup: a "<" typed in it is shown as typed, not swallowed."""
    import copy

    page = _open_report(qtbot, window)
    state = copy.deepcopy(page.state)
    state["draft"]["subject"] = "Sơ kết <b>6 tháng</b> đầu năm 2026"
    dialog = report_page.IssueDialog(page, _period(window), state, window.ctx.unit, window.ctx.reader)
    qtbot.addWidget(dialog)
    assert any("&lt;b&gt;6 tháng&lt;/b&gt;" in label.text() for label in dialog.findChildren(QLabel))
