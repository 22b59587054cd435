"""Nhập từ Excel in the GUI: problems listed by sheet/row/column, an ambiguous name chosen, valid rows only;
and Xuất Excel from a list page."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import contributors
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.main_window import MainWindow
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row
from tests.ui.conftest import settle


def _count(window: MainWindow) -> int:
    return window.ctx.reader.conn.execute("SELECT count(*) FROM contributions").fetchone()[0]


def test_import_only_valid_rows_after_choosing_a_person(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    group = window.ctx.reader.conn.execute("SELECT id, name FROM groups WHERE active = 1 LIMIT 1").fetchone()
    writer = open_ledger(window.ctx.reader.path, user="Trần Thị Thu Hà")
    try:  # two people with the same name in the same group: the import must ask
        for address in ("Số 1 hẻm 5", "Số 9 hẻm 7"):
            contributors.add(writer, {"name": "Nguyễn Văn Bảy", "kind": "ho", "group_id": group[0],
                                      "address": address})
    finally:
        writer.close()
    path = build_workbook(tmp_path / "to.xlsx", {"Đóng góp": [
        CONTRIBUTION_HEADERS,
        contribution_row(stt=1, date="05/03/2026", group=group[1], name="Lê Thị Mới", contributor_kind="Hộ gia đình",
                         kind="Tiền", quantity="1.500.000"),
        contribution_row(stt=2, date="31/02/2026", group=group[1], name="Lê Thị Mới", contributor_kind="Hộ gia đình",
                         kind="Tiền", quantity="200.000"),
        contribution_row(stt=3, date="06/03/2026", group=group[1], name="Nguyen Van Bay",
                         contributor_kind="Hộ gia đình", kind="Tiền", quantity="300.000"),
    ]})
    before = _count(window)
    dialog = ImportDialog(window, window.ctx, path)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.plan is not None
    assert dialog.problems.rowCount() == 1
    assert dialog.problems.item(0, 0).text() == "Đóng góp" and dialog.problems.item(0, 1).text() == "3"
    assert dialog.problems.item(0, 2).text() == "Ngày"
    assert not dialog.import_button.isEnabled() and dialog.valid_button.isEnabled()
    assert dialog.ambiguous.rowCount() == 1
    combo = dialog.ambiguous.cellWidget(0, 4)
    combo.setCurrentIndex(1)  # the first candidate
    qtbot.wait(10)
    assert dialog.plan.unresolved == []
    dialog.valid_button.click()
    settle(qtbot, window)
    assert "Đã nhập" in dialog.note.text() and "Bản sao lưu" in dialog.note.text()
    assert _count(window) == before + 2  # the valid new row and the resolved one; the bad date is not imported


def test_export_the_visible_list(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.navigate("groups", {})
    page = window.page("groups")
    settle(qtbot, window)
    page.export_to(str(tmp_path / "to.xlsx"))
    settle(qtbot, window)
    assert "Đã xuất" in page.footer.text()
    ws = load_workbook(tmp_path / "to.xlsx").active
    names = [r[0] for r in ws.iter_rows(values_only=True)]
    assert page.model.rowCount() > 0 and "Tổng cộng" in names


def _review_workbook(tmp_path: Path, group: str) -> Path:
    """No Trạng thái column; two land rows (one without Loại đất); a name typed without accents."""
    return build_workbook(tmp_path / "to-xem.xlsx", {"Đóng góp": [
        ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Hình thức", "Số lượng", "Loại đất"],
        [1, "05/03/2026", group, "Trần Văn Hùng Mười", "Hiến đất", 45.5, "ODT"],
        [2, "05/03/2026", group, "Lê Thị Lan Mười", "Hiến đất", 20, None],
        [3, "06/03/2026", group, "pham van duc xyz", "Tiền", 300_000, None],
    ]})


def test_preview_asks_status_names_and_shows_land_rates(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    group = window.ctx.reader.conn.execute("SELECT name FROM groups WHERE active = 1 LIMIT 1").fetchone()[0]
    dialog = ImportDialog(window, window.ctx, _review_workbook(tmp_path, group))
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.plan is not None
    assert not dialog.status_choice.isHidden()
    assert "Tệp không có cột Trạng thái" in dialog.status_choice.label.text()
    assert not dialog.import_button.isEnabled() and not dialog.valid_button.isEnabled()  # nothing guessed
    assert dialog.land.rowCount() == 2
    assert "(ODT)" in dialog.land.item(0, 4).text() and "đ/m²" in dialog.land.item(0, 5).text()
    assert "đơn giá chung" not in dialog.land.item(0, 5).text()
    assert dialog.land.item(1, 4).text() == "không ghi"
    assert dialog.land.item(1, 5).text().endswith("đ/m² (đơn giá chung, Đất khác)")
    assert dialog.names.rowCount() == 1 and dialog.names.item(0, 2).text() == "pham van duc xyz"
    dialog.status_choice.combo.setCurrentIndex(dialog.status_choice.combo.findData("pledged"))
    settle(qtbot, window)
    assert dialog.plan.default_status == "pledged" and dialog.valid_button.isEnabled()
    assert not dialog.import_button.isEnabled()  # the name still waits
    edit = dialog.names.cellWidget(0, 6)
    edit.setText("Phạm Văn Đức Xyz")
    edit.returnPressed.emit()
    qtbot.wait(20)
    settle(qtbot, window)
    assert dialog.plan.unresolved_names == [] and dialog.import_button.isEnabled()
    before = _count(window)
    dialog.import_button.click()
    settle(qtbot, window)
    assert _count(window) == before + 3
    rows = window.ctx.reader.conn.execute(
        "SELECT p.name, c.status FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
        "ORDER BY c.id DESC LIMIT 3").fetchall()
    assert sorted(rows) == [("Lê Thị Lan Mười", "pledged"), ("Phạm Văn Đức Xyz", "pledged"),
                            ("Trần Văn Hùng Mười", "pledged")]


def test_another_units_workbook_asked_default_no(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core.intake import template

    path = tmp_path / "mau.xlsx"
    template.write_template(window.ctx.reader, path)
    wb = load_workbook(path)
    wb["Hướng dẫn"]["D1"], wb["Hướng dẫn"]["D2"] = "21601", "Xã Tịnh Khê"
    group = window.ctx.reader.conn.execute("SELECT name FROM groups WHERE active = 1 LIMIT 1").fetchone()[0]
    ws = wb["Đóng góp"]
    headers = [c.value for c in ws[3]]
    values = {"STT": 1, "Ngày": "05/03/2026", "Tổ dân phố": group, "Họ và tên": "Lê Thị Mới", "Hình thức": "Tiền",
              "Số lượng": 100_000, "Trạng thái": "Đã nhận"}
    for c, header in enumerate(headers, start=1):
        ws.cell(5, c, values.get(header))
    wb.save(path)
    asked: list[str] = []
    monkeypatch.setattr(ImportDialog, "ask_other_unit", lambda self, plan: asked.append(plan.unit_text()) or False)
    dialog = ImportDialog(window, window.ctx, path)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert len(asked) == 1 and "Xã Tịnh Khê (mã 21601)" in asked[0]
    assert dialog.summary.text().startswith("✘ Không nhập")
    assert not dialog.import_button.isEnabled() and not dialog.valid_button.isEnabled()


def test_other_unit_question_defaults_to_no(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui import import_review

    seen: dict[str, object] = {}

    def answer(box: QMessageBox) -> int:
        seen["default"] = box.defaultButton()
        seen["no"] = box.button(QMessageBox.StandardButton.No)
        return int(QMessageBox.StandardButton.No)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    plan = type("P", (), {"unit_text": lambda self: "Tệp này làm từ mẫu của Xã A", "unit": ("1", "Phường B")})()
    assert import_review.ask_other_unit(window, plan) is False  # type: ignore[arg-type]
    assert seen["default"] is seen["no"]


def test_reimport_into_a_locked_period_is_already_in_the_ledger(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from desktop.core.intake import applying, planning
    from desktop.core.report import narrative, report

    group = window.ctx.reader.conn.execute("SELECT name FROM groups WHERE active = 1 LIMIT 1").fetchone()[0]
    path = build_workbook(tmp_path / "da-nhap.xlsx", {"Đóng góp": [CONTRIBUTION_HEADERS, contribution_row(
        stt=1, date="05/03/2025", group=group, name="Lê Thị Mới Khóa", kind="Tiền", quantity="1.500.000")]})
    writer = open_ledger(window.ctx.reader.path, user="Trần Thị Thu Hà")
    try:  # imported once, then the period's report issued: the period is locked
        applying.apply(writer, planning.plan(writer, path), only_valid=False)
        period = narrative.parse_period(writer, "2025-H1")
        narrative.save_draft(writer, period, report_date="2025-07-05")
        report.issue(writer, period)
    finally:
        writer.close()
    caplog.set_level(logging.INFO)
    dialog = ImportDialog(window, window.ctx, path)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.plan is not None and dialog.problems.rowCount() == 0
    assert dialog.duplicates.rowCount() == 1 and "đã có trong sổ" in dialog.duplicates.item(0, 2).text()
    assert "Không có gì mới" in dialog.note.text()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
