"""The report forms in the GUI: forms saved into a folder (Excel or Word per unit), returned files previewed with
their problems by file, sheet, row and column, then only the valid rows imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.round import units
from desktop.ui import file_dialogs
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import round_forms
from tests.core.round_forms_helpers import PERIOD, fill_docx, fill_xlsx
from tests.ui.conftest import settle


def _units(window: MainWindow) -> list[int]:
    writer = open_ledger(window.ctx.reader.path, user="Trần Thị Thu Hà")
    try:
        return [units.add(writer, {"kind": "doan_the", "name": "Hội Thử nghiệm Mẫu A"}),
                units.add(writer, {"kind": "cong_chuc", "field": "tai_chinh_ke_toan", "name": "Kế toán Thử nghiệm"})]
    finally:
        writer.close()


def test_save_forms_writes_one_file_per_unit_in_the_chosen_folder(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _units(window)
    dialog = round_forms.FormsDialog(window, window.ctx, PERIOD, ids)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 3).text() == "Bao-cao_2026-H1_Hoi-Thu-nghiem-Mau-A.xlsx"
    dialog.rows[1][2].setCurrentIndex(1)  # Word for the second
    assert dialog.table.item(1, 3).text().endswith(".docx")
    shown: list[str] = []
    monkeypatch.setattr(round_forms.FormsDialog, "exec", lambda self: (self.rows[1][2].setCurrentIndex(1),
                                                                       QDialog.DialogCode.Accepted)[1])
    monkeypatch.setattr(file_dialogs, "pick_folder", lambda *a, **k: tmp_path)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    round_forms.save_forms(window, window.ctx, PERIOD, ids)
    settle(qtbot, window)
    assert sorted(p.name for p in tmp_path.glob("Bao-cao_*")) == [
        "Bao-cao_2026-H1_Hoi-Thu-nghiem-Mau-A.xlsx", "Bao-cao_2026-H1_Ke-toan-Thu-nghiem.docx"]
    assert shown and "Đã lưu 2 mẫu" in shown[0]


def test_import_dialog_lists_problems_and_imports_the_valid_rows(qtbot: QtBot, window: MainWindow,
                                                                 tmp_path: Path) -> None:
    ids = _units(window)
    from desktop.core.round import forms_docx, forms_xlsx

    reader = window.ctx.reader
    good = fill_docx(forms_docx.write_form(reader, ids[1], PERIOD, tmp_path / "kt.docx"), tmp_path / "kt-gui.docx",
                     {"dtc_ke_hoach_vnd": "2 tỷ"}, {"ket_qua": ["Một.", "Hai."]})
    bad = fill_xlsx(forms_xlsx.write_form(reader, ids[0], PERIOD, tmp_path / "a.xlsx"), tmp_path / "a-gui.xlsx",
                    {"cuoc_van_dong": "5", "cuoc_giam_sat": "hai cuộc"}, {})
    before = reader.conn.execute("SELECT count(*) FROM unit_reports").fetchone()[0]
    dialog = round_forms.ReportImportDialog(window, window.ctx, PERIOD, [good, bad])
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert [dialog.files.item(i, 2).text() for i in range(2)] == ["Hợp lệ", "Có ô lỗi"]
    assert dialog.problems.rowCount() == 1
    assert [dialog.problems.item(0, j).text() for j in range(5)] == ["a-gui.xlsx", "Số liệu", "7", "Số liệu",
                                                                     "hai cuộc"]
    assert not dialog.import_button.isEnabled() and dialog.valid_button.isEnabled()
    dialog.valid_button.click()
    settle(qtbot, window)
    assert "Đã nhận 2 báo cáo" in dialog.note.text()
    assert reader.conn.execute("SELECT count(*) FROM unit_reports").fetchone()[0] == before + 2
