"""A double-clicked .thidua file (Windows passes its path to SoThiDua.exe): the app opens on the exchange page
with it — the import preview at the upper level, what the file is and whether it checks out on a ward ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop import app as app_module
from desktop.core.exchange import handoff, keys, upper
from desktop.core.ledger import periods, setup
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import exchange_page
from desktop.ui.pages.upper import UpperPage
from tests.ui.conftest import settle


def _export(ledger_path: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    led = open_ledger(ledger_path)
    try:
        return handoff.export(led, periods.parse("2026-H1"), folder)["path"]
    finally:
        led.close()


def _ward_page(window: MainWindow) -> exchange_page.ExchangePage:
    page = window.page("exchange")
    assert isinstance(page, exchange_page.ExchangePage)
    return page


def test_ward_ledger_shows_its_own_file_verified(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    package = _export(window.ctx.reader.path, tmp_path / "usb")
    assert window.nav.currentRow() == 0
    app_module.open_package(window, package)
    settle(qtbot, window)
    assert window.page_list[window.nav.currentRow()][0] == "exchange"
    page = _ward_page(window)
    text = page.package_info.text()
    assert not page.package_box.isHidden()
    assert f"{window.ctx.unit['code']}_2026-H1.thidua" in text  # the demo's invented code
    assert "tệp dữ liệu gửi cấp trên" in text and "không nhận tệp" in text
    assert "✔ Nguyên vẹn" in text and "✔ Chữ ký số hợp lệ" in text


def test_ward_ledger_flags_another_wards_file_and_a_damaged_one(qtbot: QtBot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    other = tmp_path / "khac.sqlite"
    led = open_ledger(other)
    setup.initialize(led, {"name": "Phường Trần Phú", "code": "21586", "kind": "phuong", "province": "Quảng Ngãi"})
    led.close()
    foreign = _export(other, tmp_path / "usb")
    page = _ward_page(window)
    assert page.package_box.isHidden()  # nothing opened yet: the box is not there
    app_module.open_package(window, foreign)
    settle(qtbot, window)
    text = page.package_info.text()
    assert "Phường Trần Phú" in text and "✔ Nguyên vẹn" in text and "⚠ Chữ ký số chưa kiểm tra được" in text

    damaged = tmp_path / "hong.thidua"
    damaged.write_bytes(foreign.read_bytes()[:500])  # cut short, as by a stick pulled out too early
    page.open_package(damaged)
    settle(qtbot, window)
    assert page.package_info.text().startswith("✘") and "hong.thidua bị từ chối" in page.package_info.text()


def _upper_window(qtbot: QtBot, tmp_path: Path, ward_ledger: Path) -> MainWindow:
    key_file = tmp_path / "khoa.json"
    led = open_ledger(ward_ledger)
    keys.export_public_key(led, key_file)
    ward = setup.get_unit(led)  # the demo's invented unit
    led.close()
    up_path = tmp_path / "tinh.sqlite"
    led = open_ledger(up_path)
    setup.initialize(led, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"})
    upper.add_ward(led, code=ward["code"], name=ward["name"], key_file=key_file)
    led.close()
    _app, up = app_module.run(str(up_path))
    assert up is not None
    qtbot.addWidget(up)
    return up


def test_upper_level_gets_the_import_preview(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    package = _export(demo_path, tmp_path / "usb")
    up = _upper_window(qtbot, tmp_path, demo_path)
    try:
        app_module.open_package(up, package)
        settle(qtbot, up)
        page = up.page("exchange")
        assert isinstance(page, UpperPage)
        assert page.tabs.currentIndex() == page.import_tab
        assert page.plan_table.rowCount() == 1 and page.plan_table.item(0, 0).text() == package.name
        assert page.plan_table.item(0, 3).text() == "Nhận mới" and page.import_button.isEnabled()
        assert upper.received(up.ctx.reader, "2026-H1") == []  # a preview: nothing imported yet
    finally:
        up.ctx.worker.wait_idle()
        up.ctx.worker.close()
        up.ctx.reader.close()


def test_main_opens_the_file_given_on_the_command_line(qtbot: QtBot, demo_path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """What Windows runs on a double-click: SoThiDua.exe "D:\\21580_2026-H1.thidua"."""
    from PySide6.QtWidgets import QApplication

    package = _export(demo_path, tmp_path / "usb")
    windows: list[MainWindow] = []
    real_run = app_module.run

    def run(db: str | None = None, *, show: bool = True, package: Path | None = None):  # type: ignore[no-untyped-def]
        app, win = real_run(db, show=False, package=package)
        windows.append(win)
        return app, win

    def exec_once(self: QApplication) -> int:  # the event loop, for as long as the queued jobs need
        settle(qtbot, windows[0])
        return 0

    monkeypatch.setattr(app_module, "run", run)
    monkeypatch.setattr(QApplication, "exec", exec_once)
    assert app_module.main([str(package), "--db", str(demo_path)]) == 0
    win = windows[0]
    qtbot.addWidget(win)
    try:
        assert win.page_list[win.nav.currentRow()][0] == "exchange"
        assert "✔ Chữ ký số hợp lệ" in _ward_page(win).package_info.text()
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()
        win.instance.release()


def test_main_refuses_a_file_that_is_not_a_package(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        app_module.main([str(tmp_path / "so.sqlite")])
    assert stop.value.code == 2
