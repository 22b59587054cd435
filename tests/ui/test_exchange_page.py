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
from desktop.ui.pages.upper import UpperPage, sum_tab, wards_tab
from tests.ui.conftest import settle


def _choose(page: exchange_page.ExchangePage | UpperPage, code: str) -> None:
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
    ward_code, ward_name = window.ctx.unit["code"], window.ctx.unit["name"]  # the demo's invented unit
    package = usb / f"{ward_code}_2026-H1.thidua"
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
        assert isinstance(upage, UpperPage)

        def fill(self: wards_tab.WardDialog) -> int:
            self.code.setText(ward_code)
            self.name.setText(ward_name)
            self.key_path.setText(str(tmp_path / "khoa.json"))
            return 1

        monkeypatch.setattr(wards_tab.WardDialog, "exec", fill)
        upage.add_ward()
        settle(qtbot, up)
        assert upage.wards.rowCount() == 1 and upage.wards.item(0, 0).text() == ward_code

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


def _upper_with_one_ward(demo_path: Path, tmp_path: Path, signer: str | None) -> Path:
    """A province ledger (with or without a signer) that has received the demo ward's 2026-H1 file."""
    from desktop.core.exchange import handoff, keys, upper
    from desktop.core.report import narrative

    ward = open_ledger(demo_path, user="Cán bộ")
    up_path = tmp_path / "tinh.sqlite"
    up = open_ledger(up_path, user="Lê Thị Phương Thảo")
    try:
        values = {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper", "province": "Quảng Ngãi"}
        setup.initialize(up, {**values, **({"signer_name": signer} if signer else {})}, sample_rates=False)
        unit = setup.get_unit(ward)  # the demo's invented unit
        upper.add_ward(up, code=unit["code"], name=unit["name"],
                       key_file=keys.export_public_key(ward, tmp_path / "khoa.json"))
        (tmp_path / "usb").mkdir()
        path = handoff.export(ward, narrative.parse_period(ward, "2026-H1"), tmp_path / "usb")["path"]
        assert upper.import_files(up, [path])[0].action == "new"
    finally:
        ward.close()
        up.close()
    return up_path


@pytest.mark.parametrize("signer", [None, "Nguyễn Văn Tỉnh"])
def test_upper_level_issues_its_consolidated_report(qtbot: QtBot, demo_path: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, signer: str | None) -> None:
    """Tổng hợp: "Ban hành…" next to the preview; without a signer the dialog says so and cannot issue; with one
    it numbers the report, and the page then says it is issued and offers the issued PDF."""
    from desktop.app import run
    from desktop.core.report import register

    _app, up = run(str(_upper_with_one_ward(demo_path, tmp_path, signer)))
    assert up is not None
    qtbot.addWidget(up)
    try:
        upage = up.page("exchange")
        assert isinstance(upage, UpperPage)
        upage.tabs.setCurrentIndex(3)
        _choose(upage, "2026-H1")
        settle(qtbot, up)
        assert upage.issue_button.text() == "Ban hành…" and upage.issue_button.isEnabled()
        assert "Dự thảo" in upage.issue_state.text()
        seen: dict[str, bool] = {}

        def accept(self: sum_tab.IssueDialog) -> int:
            seen["ok"] = self.ok.isEnabled()
            seen["symbol"] = "01/BC-UBND" in self.symbol.text()
            return int(self.ok.isEnabled())

        monkeypatch.setattr(sum_tab.IssueDialog, "exec", accept)
        upage.issue()
        settle(qtbot, up)
        assert seen["symbol"]
        if signer is None:
            assert not seen["ok"] and "Chưa có tên người ký" in upage.issue_state.text()
            assert up.ctx.reader.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
            return
        assert seen["ok"]
        doc = register.current(up.ctx.reader, "BC", "2026-H1")
        assert doc is not None and doc["symbol"] == "01/BC-UBND" and doc["signer_name"] == signer
        assert "Đã ban hành Báo cáo số 01/BC-UBND" in upage.issue_state.text()
        assert upage.issue_button.text() == "Ban hành bản thay thế…" and not upage.issue_button.isEnabled()
        assert upage.preview_button.text() == "Xem, in bản đã ban hành"
    finally:
        up.ctx.worker.wait_idle()
        up.ctx.worker.close()
        up.ctx.reader.close()
