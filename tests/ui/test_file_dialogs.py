"""File dialogs remember the last folder per purpose (kept across dialogs and program runs), and nothing is written
over an existing file without asking — default Không; the import dialog saves and prints its error list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.ui import file_dialogs
from desktop.ui.main_window import MainWindow
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row
from tests.ui.conftest import settle


class Dialogs:
    """Stands in for QFileDialog's static methods: records the folder each dialog opened in, answers as told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started: list[str] = []
        self.answer = ""
        self.filter = ""
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._file)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._file)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)

    def _file(self, _parent: Any, _caption: str, start: str, _filter: str) -> tuple[str, str]:
        self.started.append(start)
        return self.answer, self.filter

    def _folder(self, _parent: Any, _caption: str, start: str) -> str:
        self.started.append(start)
        return self.answer


class Questions:
    """Stands in for QMessageBox.question: records each question and its default button, answers as told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> None:
        self.asked: list[tuple[str, Any]] = []
        self.answer = answer
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent: Any, _title: str, text: str, _buttons: Any = None, default: Any = None) -> Any:
        self.asked.append((text, default))
        return self.answer


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Dialogs:
    return Dialogs(monkeypatch)


def test_each_purpose_keeps_its_own_folder(dialogs: Dialogs, tmp_path: Path) -> None:
    exports, stick = tmp_path / "bang-excel", tmp_path / "usb"
    exports.mkdir()
    stick.mkdir()
    documents = file_dialogs.documents_folder()

    dialogs.answer = str(exports / "To-dan-pho.xlsx")
    assert file_dialogs.save_file(None, "export", "Xuất Excel", "To-dan-pho.xlsx", "Excel (*.xlsx)") == \
        exports / "To-dan-pho.xlsx"
    dialogs.answer = str(stick)
    assert file_dialogs.pick_folder(None, "handoff", "Chọn ổ USB") == stick
    assert dialogs.started == [str(Path(documents) / "To-dan-pho.xlsx"), documents]  # the first time: Tài liệu

    # A new dialog of each purpose opens where the last one of that purpose was chosen.
    dialogs.answer = ""
    file_dialogs.save_file(None, "export", "Xuất Excel", "So-sanh.xlsx", "Excel (*.xlsx)")
    file_dialogs.pick_folder(None, "handoff", "Chọn ổ USB")
    file_dialogs.open_file(None, "intake", "Chọn tệp Excel", "Excel (*.xlsx)")
    assert dialogs.started[2:] == [str(exports / "So-sanh.xlsx"), str(stick), documents]

    # Kept on disk for the next run of the program (not in the ledger).
    stored = QSettings(str(paths.data_dir() / file_dialogs.SETTINGS_FILE), QSettings.Format.IniFormat)
    assert Path(str(stored.value("thu-muc-gan-nhat/export"))) == exports
    assert Path(str(stored.value("thu-muc-gan-nhat/handoff"))) == stick

    # A folder that is gone (the stick pulled out): back to Tài liệu, not a dialog in a missing folder.
    stick.rmdir()
    file_dialogs.pick_folder(None, "handoff", "Chọn ổ USB")
    assert dialogs.started[-1] == documents


def test_a_suffix_added_to_a_typed_name_asks_before_writing_over(dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    (tmp_path / "bao-cao.pdf").write_bytes(b"old")
    dialogs.answer = str(tmp_path / "bao-cao")  # typed without .pdf: the dialog asked about "bao-cao" only
    questions = Questions(monkeypatch, QMessageBox.StandardButton.No)
    assert file_dialogs.save_file(None, "pdf", "Lưu tệp PDF", "x.pdf", "Tệp PDF (*.pdf)") is None
    (text, default), = questions.asked
    assert "bao-cao.pdf đã có" in text and "Ghi đè?" in text and default == QMessageBox.StandardButton.No
    questions.answer = QMessageBox.StandardButton.Yes
    assert file_dialogs.save_file(None, "pdf", "Lưu tệp PDF", "x.pdf", "Tệp PDF (*.pdf)") == tmp_path / "bao-cao.pdf"

    # The filter the clerk chose gives the suffix; a new name is not asked about.
    dialogs.answer, dialogs.filter = str(tmp_path / "loi"), "PDF để in (*.pdf)"
    assert file_dialogs.save_file(None, "intake", "Lưu", "loi.xlsx", "Excel (*.xlsx);;PDF để in (*.pdf)") == \
        tmp_path / "loi.pdf"
    assert len(questions.asked) == 2
    # A name typed with a suffix the dialog offers keeps it, whichever filter is selected.
    dialogs.answer, dialogs.filter = str(tmp_path / "loi.pdf"), "Excel (*.xlsx)"
    assert file_dialogs.save_file(None, "intake", "Lưu", "loi.xlsx", "Excel (*.xlsx);;PDF để in (*.pdf)") == \
        tmp_path / "loi.pdf"


def test_fixed_names_in_a_chosen_folder_ask_first(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    questions = Questions(monkeypatch, QMessageBox.StandardButton.No)
    assert file_dialogs.confirm_overwrite_in(None, tmp_path, ["21580_2026-H1.thidua"])
    assert file_dialogs.confirm_overwrite_in(None, tmp_path, kinds=(".pdf",))
    assert questions.asked == []  # nothing there yet: no question
    (tmp_path / "21580_2026-H1.thidua").write_bytes(b"old")
    (tmp_path / "To-trinh.pdf").write_bytes(b"old")
    assert not file_dialogs.confirm_overwrite_in(None, tmp_path, ["21580_2026-H1.thidua"])
    assert not file_dialogs.confirm_overwrite_in(None, tmp_path, kinds=(".pdf", ".xlsx"))
    assert "21580_2026-H1.thidua đã có" in questions.asked[0][0] and "To-trinh.pdf" in questions.asked[1][0]
    assert all(default == QMessageBox.StandardButton.No for _t, default in questions.asked)


def test_handoff_file_on_the_stick_is_not_written_over_without_asking(qtbot: QtBot, window: MainWindow,
                                                                     dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    from desktop.core.exchange import handoff

    window.navigate("exchange", {})
    page = window.page("exchange")
    settle(qtbot, window)
    usb = tmp_path / "usb"
    usb.mkdir()
    old = usb / handoff.file_name(window.ctx.unit["code"], page.period.currentData())
    old.write_bytes(b"the file of last week")
    dialogs.answer = str(usb)
    questions = Questions(monkeypatch, QMessageBox.StandardButton.No)
    page.export()
    settle(qtbot, window)
    assert len(questions.asked) == 1 and old.name in questions.asked[0][0]
    assert old.read_bytes() == b"the file of last week"  # Không: nothing written

    questions.answer = QMessageBox.StandardButton.Yes
    page.export()
    settle(qtbot, window)
    assert old.read_bytes() != b"the file of last week" and "Đã ghi" in page.result.text()


def test_import_dialog_saves_and_prints_the_error_list(qtbot: QtBot, window: MainWindow, dialogs: Dialogs,
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from desktop.ui import pdf_view
    from desktop.ui.import_dialog import ImportDialog

    group = window.ctx.reader.conn.execute("SELECT name FROM groups WHERE active = 1 LIMIT 1").fetchone()[0]
    path = build_workbook(tmp_path / "to.xlsx", {"Đóng góp": [
        CONTRIBUTION_HEADERS,
        contribution_row(stt=1, date="31/02/2026", group=group, name="Lê Thị Mới", contributor_kind="Hộ gia đình",
                         kind="Tiền", quantity="200.000"),
    ]})
    dialog = ImportDialog(window, window.ctx, path)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.save_errors_button.isEnabled() and dialog.print_errors_button.isEnabled()

    dialogs.answer = str(tmp_path / "loi.xlsx")
    dialog.save_errors_button.click()
    settle(qtbot, window)
    assert dialogs.started[-1].endswith("Danh-sach-loi-to.xlsx")
    rows = list(load_workbook(tmp_path / "loi.xlsx")["Đóng góp"].iter_rows(values_only=True))
    assert rows[3][1] == "31/02/2026" and "Cột \"Ngày\"" in rows[3][-2]
    assert "Đã lưu danh sách lỗi" in dialog.note.text()

    shown: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self) or 0)
    dialog.print_errors_button.click()
    settle(qtbot, window)
    assert len(shown) == 1 and shown[0].print_button.isEnabled()
    assert "31/02/2026" in shown[0].pdf[0].get_textpage().get_text_range()


def test_the_dossier_asks_before_a_folder_that_holds_documents(qtbot: QtBot, window: MainWindow, dialogs: Dialogs,
                                                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window.navigate("awards", {})
    page = window.page("awards")
    settle(qtbot, window)
    written: list[str] = []
    monkeypatch.setattr(page, "save_dossier_to", written.append)
    questions = Questions(monkeypatch, QMessageBox.StandardButton.No)
    empty, used = tmp_path / "ho-so-moi", tmp_path / "ho-so-cu"
    empty.mkdir()
    used.mkdir()
    (used / "Giay-khen-2026-H1.pdf").write_bytes(b"old")

    dialogs.answer = str(empty)
    page.document_action("dossier", "save")
    assert written == [str(empty)] and questions.asked == []  # an empty folder: no question
    dialogs.answer = str(used)
    page.document_action("dossier", "save")
    assert written == [str(empty)] and "Giay-khen-2026-H1.pdf" in questions.asked[0][0]  # Không: nothing written
    questions.answer = QMessageBox.StandardButton.Yes
    page.document_action("dossier", "save")
    assert written == [str(empty), str(used)]
