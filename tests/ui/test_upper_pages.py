"""The upper level's register and reception board in the GUI (issue 21): a list of communes imported from Excel
(preview, then written), a ward's key registered by file with the fingerprint read back, the deadline set on the
board, the states shown by period from each ward's first period."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.exchange import handoff, keys
from desktop.core.ledger import setup
from desktop.core.report import narrative
from desktop.ui import file_dialogs
from desktop.ui.pages.upper import UpperPage, ward_dialogs
from tests.core.exchange_helpers import new_upper
from tests.ui.conftest import settle


def test_list_import_key_registration_and_board(qtbot: QtBot, demo_path: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    ward = open_ledger(demo_path)
    unit = setup.get_unit(ward)
    key = keys.export_public_key(ward, tmp_path / "khoa.json")
    (tmp_path / "usb").mkdir()
    package = handoff.export(ward, narrative.parse_period(ward, "2026-H1"), tmp_path / "usb")["path"]
    ward.close()
    new_upper(tmp_path / "tinh.sqlite").close()
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã ĐVHC", "Tên đơn vị", "Loại", "Người liên hệ", "Điện thoại"])
    ws.append([unit["code"], unit["name"], "Phường", "Lê Văn A", "0905 111 222"])
    ws.append(["21257", "Xã Tịnh Khê", "Xã", None, None])
    wb.save(tmp_path / "ds.xlsx")

    from desktop.app import run

    _app, win = run(str(tmp_path / "tinh.sqlite"))
    assert win is not None
    qtbot.addWidget(win)
    try:
        page = win.page("exchange")
        assert isinstance(page, UpperPage)
        tab = page.wards_page
        monkeypatch.setattr(file_dialogs, "open_file", lambda *_a, **_k: tmp_path / "ds.xlsx")
        seen: dict[str, object] = {}

        def preview(dialog: ward_dialogs.ListImportDialog) -> int:
            settle(qtbot, win)
            seen["rows"] = dialog.table.rowCount()
            seen["ok"] = dialog.ok.isEnabled()
            dialog.joined.setCurrentIndex(dialog.joined.findData("2025-H2"))
            settle(qtbot, win)
            dialog.accept()
            return 1

        monkeypatch.setattr(ward_dialogs.ListImportDialog, "exec", preview)
        tab.import_list()
        settle(qtbot, win)
        assert seen == {"rows": 2, "ok": True}
        assert tab.wards.rowCount() == 2 and tab.wards.item(0, 6).text() == "chưa có khóa"
        assert "0 đã đăng ký khóa" in tab.summary.text()

        # The key of the demo ward, by file: the fingerprint shown large before anything is written.
        tab.wards.selectRow([r["code"] for r in tab.rows].index(unit["code"]))

        def read_back(dialog: ward_dialogs.KeyDialog) -> int:
            dialog.key_path.setText(str(key))
            dialog.read_key()
            seen["shown"] = "font-size:20pt" in dialog.info.text()
            return 1

        monkeypatch.setattr(ward_dialogs.KeyDialog, "exec", read_back)
        tab.register_key()
        settle(qtbot, win)
        assert seen["shown"]
        row = [r["code"] for r in tab.rows].index(unit["code"])
        assert tab.wards.item(row, 6).text() != "chưa có khóa"

        page.plan([package])
        settle(qtbot, win)
        page.do_import()
        settle(qtbot, win)
        board = page.reception_page
        page.tabs.setCurrentIndex(page.reception_tab)
        codes = [board.period.itemData(i).code for i in range(board.period.count())]
        board.period.setCurrentIndex(codes.index("2026-H1"))
        settle(qtbot, win)
        states = {board.board.item(i, 0).text(): board.board.item(i, 5).text() for i in range(board.board.rowCount())}
        assert states == {unit["code"]: "Đã gửi, đúng hạn", "21257": "Chưa gửi"}
        board.deadline.setDate(board.deadline.date().fromString("2026-01-01", "yyyy-MM-dd"))
        board.set_deadline()
        settle(qtbot, win)
        states = {board.board.item(i, 0).text(): board.board.item(i, 5).text() for i in range(board.board.rowCount())}
        assert states[unit["code"]].startswith("Đã gửi, muộn") and states["21257"].startswith("Chưa gửi, quá hạn")
        assert "hạn gửi tệp của các phường, xã: ngày 01/01/2026" in board.summary.text()
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()
