""""Lưu Word…" beside every "Lưu PDF…": the preview of a draft (report, award papers, comparison, public notice) and the
report page's action row write an editable .docx of the same document (built on the worker, written safely); an
issued document gets one only while the ledger gives exactly its frozen PDF, otherwise the button says why not."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QHBoxLayout
from pytestqt.qtbot import QtBot

from desktop.core.pdf import word
from desktop.ui import pdf_view
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import awards as awards_page
from desktop.ui.pages import report as report_page
from desktop.ui.pages.report import issuing
from tests.ui.award_helpers import passed_households
from tests.ui.conftest import settle


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[pdf_view.PdfPreview]:
    seen: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: seen.append(self) or 0)
    return seen


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The save dialog answers with tmp_path/<the proposed name>; the proposed names are recorded."""
    asked: list[str] = []

    def answer(_parent: object, _title: str, proposed: str, _filter: str) -> tuple[str, str]:
        asked.append(Path(proposed).name)
        return str(tmp_path / Path(proposed).name), ""

    monkeypatch.setattr(pdf_view.QFileDialog, "getSaveFileName", answer)
    return asked


def _read(path: Path) -> docx.document.Document:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    assert document.core_properties.comments == word.COPY_NOTE
    return document


def _text(document: docx.document.Document) -> str:
    return " ".join(p.text for p in document.paragraphs) + " ".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)


def _open_report(qtbot: QtBot, window: MainWindow, code: str = "2026-H1") -> report_page.ReportPage:
    window.navigate("report", {})
    page = window.page("report")
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))
    settle(qtbot, window)
    return page


def test_the_report_preview_saves_a_word_copy_of_the_draft(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                          shown: list, save_to: list) -> None:
    page = _open_report(qtbot, window)
    page.preview_button.click()
    settle(qtbot, window)
    preview = shown[-1]
    assert preview.word_button.isEnabled() and preview.word_button.toolTip() == pdf_view.WORD_TIP
    bar = preview.save_button.parentWidget().layout().itemAt(0).layout()
    assert bar.indexOf(preview.word_button) == bar.indexOf(preview.save_button) + 1  # beside "Lưu PDF…"
    preview.word_button.click()
    settle(qtbot, window)
    assert save_to == ["Bao-cao-2026-H1-du-thao.docx"]
    document = _read(tmp_path / save_to[0])
    assert "BÁO CÁO" in _text(document) and "Số: /BC-UBND" in " ".join(_text(document).split())
    assert document.sections[0].first_page_header.paragraphs[0].text == "DỰ THẢO"
    assert preview.status.text() == f"Đã lưu {save_to[0]}"


def test_the_report_page_offers_word_beside_the_pdf_for_the_draft_and_the_issued_report(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, shown: list, save_to: list,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _open_report(qtbot, window)
    button = page.word_button
    row = next(lay for lay in page.findChildren(QHBoxLayout) if lay.indexOf(page.save_button) >= 0)
    assert row.indexOf(button) == row.indexOf(page.save_button) + 1
    assert button.text() == "Lưu Word dự thảo…" and "SHA-256" in button.toolTip()
    button.click()
    settle(qtbot, window)
    assert "DỰ THẢO" in _read(tmp_path / save_to[-1]).sections[0].first_page_header.paragraphs[0].text

    monkeypatch.setattr(report_page.IssueDialog, "exec", lambda self: 1)
    page.issue_button.click()
    settle(qtbot, window)
    assert button.text() == "Lưu Word đã ban hành…"
    button.click()
    settle(qtbot, window)
    assert save_to[-1] == "Bao-cao-2026-H1-01.docx"
    issued = _read(tmp_path / save_to[-1])
    assert "Số: 01/BC-UBND" in _text(issued)
    assert not "".join(p.text for p in issued.sections[0].first_page_header.paragraphs)  # no DỰ THẢO mark

    # The issued report's preview: the Word copy is of exactly that document (the ledger gives the same PDF).
    page.issued_button.click()
    settle(qtbot, window)
    assert shown[-1].word_button.isEnabled()

    # A sentence changed after issuing: the ledger no longer gives the frozen PDF, so no Word copy of it.
    page.tabs.setCurrentIndex(1)
    page.section_list.setCurrentRow(4)
    page.editor.setPlainText("1. Ưu điểm\nMột câu sửa sau khi ban hành.")
    qtbot.waitUntil(lambda: not page._save_timer.isActive(), timeout=3000)
    settle(qtbot, window)
    page.issued_button.click()
    settle(qtbot, window)
    assert not shown[-1].word_button.isEnabled()
    assert shown[-1].word_button.toolTip() == issuing.WORD_NOT_REPRODUCED


def test_the_award_papers_offer_word_for_drafts_and_say_why_not_for_issued_ones(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, shown: list, save_to: list,
        monkeypatch: pytest.MonkeyPatch) -> None:
    passed_households(window.ctx.reader.path, ["Giấy khen", "Giấy khen"], land_only=True)
    window.navigate("awards", {})
    page = window.page("awards")
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, window)
    page.tabs.setCurrentIndex(3)
    page.doc_buttons["qd.preview"].click()
    settle(qtbot, window)
    preview = shown[-1]
    assert preview.word_button.isEnabled()
    preview.word_button.click()
    settle(qtbot, window)
    assert save_to[-1] == "Quyet-dinh-khen-thuong-2026-H1-du-thao.docx"
    text = " ".join(_text(_read(tmp_path / save_to[-1])).split())
    assert "QUYẾT ĐỊNH" in text and "Điều 1." in text

    monkeypatch.setattr(awards_page.IssueDialog, "exec", lambda self: 1)
    page.doc_buttons["bb.issue"].click()
    settle(qtbot, window)
    page.issued_table.selectRow(0)
    page.open_issued()
    settle(qtbot, window)
    assert not shown[-1].word_button.isEnabled()
    assert shown[-1].word_button.toolTip() == pdf_view.WORD_DRAFTS_ONLY


def test_the_comparison_and_the_public_notice_save_word_copies(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                              shown: list, save_to: list) -> None:
    window.resize(1366, 768)
    window.navigate("overview", {})
    page = window.page("overview")
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, window)
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    widget = page.comparison
    settle(qtbot, window)
    widget.table.selectRow(0)
    widget.notice_button.click()
    settle(qtbot, window)
    widget.print_button.click()
    settle(qtbot, window)
    for preview in shown:
        assert preview.word_button.isEnabled()
        preview.word_button.click()
        settle(qtbot, window)
    assert len(save_to) == 2 and save_to[1] == "So-sanh_2026-H1.docx" and save_to[0].startswith("Cong-khai_")
    assert all((tmp_path / name).is_file() for name in save_to)


def test_a_failed_write_leaves_no_file_and_tells_the_clerk(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                          shown: list, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core.files import safe_files

    errors: list[str] = []
    monkeypatch.setattr(pdf_view, "show_error", lambda _parent, exc: errors.append(str(exc)))
    monkeypatch.setattr(pdf_view.QFileDialog, "getSaveFileName",
                        lambda *_a: (str(tmp_path / "ban-sao"), ""))  # no extension: .docx is added

    def full_disk(step: str) -> None:
        if step == "fsync":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_files, "fault_hook", full_disk)
    page = _open_report(qtbot, window)
    page.preview_button.click()
    settle(qtbot, window)
    shown[-1].word_button.click()
    settle(qtbot, window)
    assert errors and "ổ đĩa đã đầy" in errors[0] and "ban-sao.docx" in errors[0]
    assert list(tmp_path.glob("*ban-sao*")) == [] and shown[-1].status.text() == ""

