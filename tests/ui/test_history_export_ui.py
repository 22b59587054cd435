"""Issue 19, fault 11 in the window: Lịch sử thay đổi → Xuất Excel leaves phone and CCCD numbers out unless
“Kèm số CCCD, điện thoại khi xuất” is ticked (for that one export)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import contributors
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle

PHONE, CCCD = "0912000111", "079123456789"


def _text(path: Path) -> str:
    sheet = load_workbook(path, read_only=True).active
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


def test_history_export_personal_data_only_when_ticked(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    led = open_ledger(demo_path)
    try:
        gid = led.conn.execute("SELECT id FROM groups WHERE deleted_at IS NULL LIMIT 1").fetchone()[0]
        contributors.add(led, {"name": "Trần Thị Bình", "kind": "ca_nhan", "group_id": gid, "phone": PHONE,
                               "cccd": CCCD})
    finally:
        led.close()
    from desktop.app import run

    _app, win = run(str(demo_path))
    assert isinstance(win, MainWindow)
    qtbot.addWidget(win)
    try:
        page = win.page("history")
        page.export_to(str(tmp_path / "a.xlsx"))  # as the clerk clicks it, nothing ticked
        settle(qtbot, win)
        plain = _text(tmp_path / "a.xlsx")
        assert "Trần Thị Bình" in plain and PHONE not in plain and CCCD not in plain
        assert not page.personal.isChecked()

        page.personal.setChecked(True)
        page.export_to(str(tmp_path / "b.xlsx"))
        settle(qtbot, win)
        full = _text(tmp_path / "b.xlsx")
        assert PHONE in full and CCCD in full
        assert not page.personal.isChecked()  # asked for one export only
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()
