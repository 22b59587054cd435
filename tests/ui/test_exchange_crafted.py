"""Nhận tệp with a crafted file beside a good one (issue 19, faults 6-7): the crafted one is listed as refused with
the record and field, the good one is still planned and imported."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import setup
from desktop.ui.pages.upper import UpperPage
from tests.core.test_handoff_crafted import _craft, _export, _negative_land, _raw_manifest
from tests.ui.conftest import settle


def test_the_crafted_file_is_listed_as_refused_and_the_good_one_imported(qtbot: QtBot, demo_path: Path,
                                                                          tmp_path: Path) -> None:
    from desktop.app import run

    ward = open_ledger(demo_path, user="Cán bộ")
    up_path = tmp_path / "tinh.sqlite"
    up = open_ledger(up_path, user="Lê Thị Phương Thảo")
    try:
        setup.initialize(up, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"},
                         sample_rates=False)
        good = _export(ward, up, tmp_path / "usb")
        land = _craft(ward, good, tmp_path / "dat-am.thidua", data=_negative_land)
        signature = _raw_manifest(good, tmp_path / "ky-so.thidua",
                                  lambda t: t.replace('"signature": "', '"signature": 12345, "_was": "'))
    finally:
        ward.close()
        up.close()
    _app, win = run(str(up_path))
    assert win is not None
    qtbot.addWidget(win)
    try:
        page = win.page("exchange")
        assert isinstance(page, UpperPage)
        page.tabs.setCurrentIndex(page.import_tab)
        page.plan([land, signature, good])
        settle(qtbot, win)
        rows = [[page.plan_table.item(r, c).text() for c in (0, 3, 4)] for r in range(page.plan_table.rowCount())]
        assert [r[1] for r in rows] == ["Từ chối", "Từ chối", "Nhận mới"], rows
        assert "quantity" in rows[0][2] and "khoản đóng góp thứ" in rows[0][2]
        assert "signature" in rows[1][2]
        win.resize(1366, 768)
        page.grab().save(str(tmp_path / "nhan-tep.png"))
        page.do_import()
        settle(qtbot, win)
        assert page.plan_table.rowCount() == 1 and page.plan_table.item(0, 3).text() == "Đã nhập"
    finally:
        win.close()
    led = open_ledger(up_path)
    try:
        assert led.conn.execute("SELECT file_name FROM packages").fetchall() == [(good.name,)]
    finally:
        led.close()
