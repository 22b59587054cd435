"""Nhận tệp: a file the rule calls older is refused in the preview, and "Nhận dù cũ hơn…" takes it with a reason
written in the history (issue 19, fault 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.exchange import handoff, keys, upper
from desktop.core.files import safe_files
from desktop.core.ledger import setup
from desktop.core.report import narrative
from desktop.ui.pages.upper import UpperPage, import_tab
from tests.ui.conftest import settle


def _upper_with_the_second_file(demo_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """An upper ledger holding the ward's export number 2; returns it and the ward's export number 1."""
    ward = open_ledger(demo_path, user="Cán bộ")
    up_path = tmp_path / "tinh.sqlite"
    up = open_ledger(up_path, user="Lê Thị Phương Thảo")
    try:
        setup.initialize(up, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"},
                         sample_rates=False)
        unit = setup.get_unit(ward)
        upper.add_ward(up, code=unit["code"], name=unit["name"],
                       key_file=keys.export_public_key(ward, tmp_path / "khoa.json"))
        period = narrative.parse_period(ward, "2026-H1")
        first, second = (handoff.build(ward, period)[0] for _ in range(2))
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        name = f"{unit['code']}_2026-H1.thidua"
        old = safe_files.write_file(tmp_path / "a" / name, first)
        assert upper.import_files(up, [safe_files.write_file(tmp_path / "b" / name, second)])[0].action == "new"
    finally:
        ward.close()
        up.close()
    return up_path, old


def test_older_file_taken_only_with_a_reason(qtbot: QtBot, demo_path: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.app import run

    up_path, old = _upper_with_the_second_file(demo_path, tmp_path)
    _app, win = run(str(up_path))
    assert win is not None
    qtbot.addWidget(win)
    try:
        page = win.page("exchange")
        assert isinstance(page, UpperPage)
        page.open_package(old)
        settle(qtbot, win)
        assert page.plan_table.item(0, 3).text() == "Từ chối" and "lần lập thứ 1" in page.plan_table.item(0, 4).text()
        assert page.older_button.isEnabled() and not page.import_button.isEnabled()
        win.resize(1366, 768)
        page.grab().save(str(tmp_path / "nhan-tep.png"))
        reason = "Phường đề nghị dùng lại bản lập lần 1 (Công văn số 12/UBND)"
        monkeypatch.setattr(import_tab.QInputDialog, "getText", lambda *a, **k: (reason, True))
        page.older_button.click()
        settle(qtbot, win)
        assert page.plan_table.item(0, 3).text() == "Đã nhập" and not page.older_button.isEnabled()
    finally:
        win.close()
    led = open_ledger(up_path)
    try:
        assert led.conn.execute("SELECT sequence FROM packages WHERE status = 'current'").fetchall() == [(1,)]
        after = led.conn.execute("SELECT after FROM audit WHERE table_name = 'packages' ORDER BY id DESC").fetchone()
        assert json.loads(after[0])["reason"] == reason
    finally:
        led.close()
