"""Trao đổi dữ liệu in the GUI: the ward writes its file; the upper level registers, imports, consolidates."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.figures import figures
from desktop.core.ledger import setup
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import exchange_page
from tests.ui.conftest import settle


def _choose(page: exchange_page.ExchangePage | exchange_page.UpperPage, code: str) -> None:
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))


def test_ward_writes_and_upper_level_imports(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    window.navigate("exchange", {})
    page = window.page("exchange")
    assert isinstance(page, exchange_page.ExchangePage)
    _choose(page, "2026-H1")
    settle(qtbot, window)
    assert "chưa ban hành báo cáo" in page.state.text() and "Dấu vân tay" in page.fingerprint.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    page.export_to(usb)
    settle(qtbot, window)
    assert "Có thể rút USB" in page.result.text()
    package = usb / "21580_2026-H1.thidua"
    assert package.exists()
    from desktop.core.exchange import keys

    ward_summary = figures.summary(window.ctx.reader, "2026-H1")

    # The upper level: its own ledger and window.
    up_path = tmp_path / "tinh.sqlite"
    led = open_ledger(up_path)
    setup.initialize(led, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"})
    led.close()
    writer = open_ledger(window.ctx.reader.path)
    try:
        keys.export_public_key(writer, tmp_path / "khoa.json")
    finally:
        writer.close()

    from desktop.app import run

    _app, up = run(str(up_path))
    assert up is not None
    qtbot.addWidget(up)
    try:
        assert [up.nav.item(i).text() for i in range(up.nav.count())] == [t for _k, t in up.page_list]
        assert up.page_list[0][0] == "exchange"
        upage = up.page("exchange")
        assert isinstance(upage, exchange_page.UpperPage)

        def fill(self: exchange_page.WardDialog) -> int:
            self.code.setText("21580")
            self.name.setText("Phường Nguyễn Nghiêm")
            self.key_path.setText(str(tmp_path / "khoa.json"))
            return 1

        monkeypatch.setattr(exchange_page.WardDialog, "exec", fill)
        upage.add_ward()
        settle(qtbot, up)
        assert upage.wards.rowCount() == 1 and upage.wards.item(0, 0).text() == "21580"

        upage.plan([package])
        settle(qtbot, up)
        assert upage.plan_table.item(0, 3).text() == "Nhận mới" and upage.import_button.isEnabled()
        upage.do_import()
        settle(qtbot, up)
        assert upage.plan_table.item(0, 3).text() == "Đã nhập" and not upage.import_button.isEnabled()

        _choose(upage, "2026-H1")
        settle(qtbot, up)
        total_row = upage.sum_table.rowCount() - 1
        assert upage.sum_table.item(total_row, 1).text() == "Tổng cộng"
        col = 2 + list(upage.sum_keys).index("total_value_vnd")
        assert upage.sum_table.item(total_row, col).text() == figures.format_value(
            "total_value_vnd", ward_summary["totals"]["total_value_vnd"])
        codes = [upage.matrix.horizontalHeaderItem(j).text() for j in range(upage.matrix.columnCount())]
        assert upage.matrix.item(0, codes.index("2026-H1")).text().startswith("Đã nhận")
    finally:
        up.ctx.worker.wait_idle()
        up.ctx.worker.close()
        up.ctx.reader.close()
