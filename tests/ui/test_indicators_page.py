"""The Chỉ tiêu phong trào page (issue 20): the period's indicators with where each came from, a value typed over
the others through the dialog (bad input under its field, nothing saved), the override taken away; and on the
Báo cáo page's Nội dung tab, the units' texts beside their section, one taken into it."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.figures import indicators
from desktop.core.ledger import records
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.indicators_page import IndicatorsPage
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


def _open(qtbot: QtBot, window: MainWindow, code: str = "2026-H1") -> IndicatorsPage:
    window.navigate("indicators", {})
    page = window.page("indicators")
    assert isinstance(page, IndicatorsPage)
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))
    settle(qtbot, window)
    return page


def _row(page: IndicatorsPage, code: str) -> int:
    return [r["code"] for r in page.rows].index(code)


def test_the_page_lists_every_indicator_and_a_typed_value_overrides(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _open(qtbot, window)
    assert page.table.rowCount() == len(indicators.period_values(window.ctx.reader, "2026-H1"))
    i = _row(page, "ngay_cong_hoi_vien")
    page.table.selectRow(i)
    answers = iter([{"value": "ba ngày", "note": ""}, {"value": "1.250", "note": "Báo cáo của Hội CCB"}])
    seen: list[str] = []

    def fill_and_save(self: RecordDialog) -> int:
        for values in answers:
            self.set_values(values)
            self.submit()
            settle(qtbot, window)
            seen.append(self.error_labels["value"].text())
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    page.edit_value()
    settle(qtbot, window)
    assert "Ngày công lao động của hội viên" in seen[0]  # the unreadable number, under its field
    i = _row(page, "ngay_cong_hoi_vien")
    assert [page.table.item(i, j).text() for j in (1, 3, 5)] == ["1.250", "Nhập tay", "Báo cáo của Hội CCB"]
    assert page.clear_button.isEnabled()
    page.table.selectRow(i)
    page.clear_value()
    settle(qtbot, window)
    i = _row(page, "ngay_cong_hoi_vien")
    assert page.rows[i]["source_kind"] != "typed"


def test_the_units_texts_stand_beside_their_section_and_one_is_taken_in(qtbot: QtBot, window: MainWindow) -> None:
    led = window.ctx.reader
    text = "Hội Cựu chiến binh vận động hội viên hiến 120 m² đất mở hẻm 12."

    def add(ledger: object) -> records.Changes:
        uid = records.create(ledger, "reporting_units", {"kind": "doan_the", "name": "Hội CCB thử", "active": 1},
                             "đơn vị")
        records.create(ledger, "unit_reports", {
            "unit_id": uid, "period_code": "2026-H1", "received_on": "2026-06-08", "source": "screen",
            "figures": "{}", "texts": json.dumps({"lanh_dao": text}, ensure_ascii=False), "status": "current"}, "bc")
        return records.Changes().add("unit_reports")

    window.ctx.worker.submit(add)
    settle(qtbot, window)
    window.navigate("report", {})
    page = window.page("report")
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, window)
    page.tabs.setCurrentIndex(1)
    page.section_list.setCurrentRow(0)  # I. Công tác lãnh đạo, chỉ đạo
    settle(qtbot, window)
    items = [page.unit_texts.item(i).text() for i in range(page.unit_texts.count())]
    assert any(x.startswith("Hội CCB thử: Hội Cựu chiến binh vận động") for x in items)
    page.unit_texts.setCurrentRow(0)
    page._take_unit_text()
    qtbot.waitUntil(lambda: not page._save_timer.isActive(), timeout=3000)
    settle(qtbot, window)
    from desktop.core.report import narrative

    saved = narrative.load_draft(led, narrative.parse_period(led, "2026-H1"))["sections"]["lanh_dao"]
    assert saved.endswith(text) and saved.startswith("Thực hiện Kế hoạch")
