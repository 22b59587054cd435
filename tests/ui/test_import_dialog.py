"""Nhập từ Excel in the GUI: problems listed by sheet/row/column, an ambiguous name chosen, valid rows only;
and Xuất Excel from a list page."""

from __future__ import annotations

from pathlib import Path

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
