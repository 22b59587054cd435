"""The upper level's Tổng hợp tab on its own, with 100 wards: every figure column (Vật tư too) and the funding split,
sorted by name in Vietnamese order or by a figure with the total row kept last, the chart by ward, the draft's
sections edited and saved as typed, and the report issued (asked first) and listed with what changed since."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.exchange import upper, upper_narrative
from desktop.core.figures import figures
from desktop.core.ledger import periods, setup
from desktop.core.text.vntext import sort_key
from desktop.ui.list_page import AppContext
from desktop.ui.pages.upper import sum_tab
from desktop.ui.pages.upper_sum import UpperSumTab
from desktop.ui.worker import DbWorker
from tests.core.exchange_helpers import new_upper
from tests.core.upper_helpers import many_wards

PERIOD = "2026-H1"


@pytest.fixture
def tab(qtbot: QtBot, tmp_path: Path) -> UpperSumTab:
    path = tmp_path / "tinh.sqlite"
    led = new_upper(path)
    setup.update_unit(led, {"signer_name": "Nguyễn Văn Tỉnh"})
    many_wards(led, 100)
    led.close()
    worker = DbWorker(path, user="Lê Văn Tỉnh")
    reader = open_ledger(path, read_only=True)
    ctx = AppContext(worker=worker, reader=reader, unit=setup.get_unit(reader))
    w = UpperSumTab(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 700)
    i = next(i for i in range(w.period.count()) if w.period.itemData(i).code == PERIOD)
    w.period.setCurrentIndex(i)
    w.refresh()
    _settle(qtbot, w)
    worker.changed.connect(lambda _c: w.refresh())
    yield w
    worker.wait_idle()
    worker.close()
    reader.close()


def _settle(qtbot: QtBot, w: UpperSumTab) -> None:
    for _ in range(4):
        w.ctx.worker.wait_idle()
        qtbot.wait(30)


def _column(w: UpperSumTab, head: str) -> int:
    return next(j for j in range(w.sum_table.columnCount()) if w.sum_table.horizontalHeaderItem(j).text() == head)


def _shot(w: UpperSumTab, name: str) -> None:
    """Paint the tab (a painting error fails the test); saved as a PNG to look at when THIDUA_SHOTS names a folder
    (run with the 1366×768 platform of desktop.ui.screen_fit.offscreen_platform)."""
    image = w.grab()
    assert not image.isNull()
    if os.environ.get("THIDUA_SHOTS"):
        folder = Path(os.environ["THIDUA_SHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        image.save(str(folder / name))


def test_every_column_sorted_in_vietnamese_with_the_total_last(qtbot: QtBot, tab: UpperSumTab) -> None:
    data = upper.consolidate(tab.ctx.reader, PERIOD)
    t = tab.sum_table
    assert t.rowCount() == 101
    heads = [t.horizontalHeaderItem(j).text() for j in range(t.columnCount())]
    assert figures.LABELS["materials_value_vnd"] in heads and "Xã hội hóa (đồng)" in heads
    assert all(figures.LABELS[k] in heads for k in figures.TOTAL_KEYS)
    last = t.rowCount() - 1
    assert t.item(last, 1).text() == "Tổng cộng"
    col = _column(tab, figures.LABELS["materials_value_vnd"])
    materials = data["totals"]["materials_value_vnd"]
    assert t.item(last, col).text() == figures.format_value("materials_value_vnd", materials)
    state = _column(tab, "Ngân sách nhà nước (đồng)")
    assert t.item(last, state).text().replace(".", "") == str(data["funding"]["budget_state_vnd"])
    _shot(tab, "upper-sum-table.png")

    tab.sort_by(1)  # by name: Vietnamese order (Đ after D, accents after the plain letter)
    names = [t.item(i, 1).text() for i in range(last)]
    assert names == sorted(names, key=sort_key) and names != sorted(names)
    assert t.item(last, 1).text() == "Tổng cộng"
    total_col = _column(tab, figures.LABELS["total_value_vnd"])
    tab.sort_by(total_col)
    tab.sort_by(total_col)  # again: descending
    values = [int(t.item(i, total_col).text().replace(".", "")) for i in range(last)]
    assert values == sorted(values, reverse=True) and t.item(last, 1).text() == "Tổng cộng"
    assert len(tab.chart.bars) == 100 and tab.chart.bars[0].value == max(values)
    assert tab.indicators_table.rowCount() == len(data["indicators"]) > 0
    tab.inner.setCurrentIndex(1)
    _shot(tab, "upper-sum-indicators.png")
    tab.inner.setCurrentIndex(2)
    _shot(tab, "upper-sum-chart.png")


def test_draft_is_saved_as_typed_then_issued_and_listed(qtbot: QtBot, tab: UpperSumTab,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tab.inner.setCurrentIndex(3)
    keys = list(upper_narrative.SECTIONS)
    tab.section_list.setCurrentRow(keys.index("ket_qua"))
    assert "Vật tư" in tab.editor.toPlainText()
    tab.section_list.setCurrentRow(keys.index("de_xuat"))
    tab.editor.setPlainText("Đề nghị Bộ Nội vụ sớm hướng dẫn tiêu chí.")
    qtbot.waitUntil(lambda: tab.saved_label.text() == "Đã lưu dự thảo.", timeout=3000)
    period = periods.parse(PERIOD)
    assert upper_narrative.texts(tab.ctx.reader, period)["de_xuat"] == ("Đề nghị Bộ Nội vụ sớm hướng dẫn tiêu chí.",
                                                                       True)
    _shot(tab, "upper-sum-draft.png")

    seen: dict[str, bool] = {}

    def accept(self: sum_tab.IssueDialog) -> int:
        seen["asked"] = True
        self.date.setDate(QDate(2026, 7, 10))
        return int(self.ok.isEnabled())

    monkeypatch.setattr(sum_tab.IssueDialog, "exec", accept)
    tab.issue()
    _settle(qtbot, tab)
    assert seen["asked"]
    assert "Đã ban hành Báo cáo số 01/BC-UBND" in tab.issue_state.text()
    assert tab.issued_table.rowCount() == 1 and tab.issued_table.item(0, 0).text() == "01/BC-UBND"
    doc = tab.state["status"]["issued"]
    assert doc["content"]["sections"]["de_xuat"] == "Đề nghị Bộ Nội vụ sớm hướng dẫn tiêu chí."
    pdf = tab.issued_pdf()

    # A ward sends a newer file: the live figures change, the issued PDF does not, and the tab says what changed.
    led = open_ledger(tab.ctx.reader.path, user="Lê Văn Tỉnh")
    try:
        row = led.conn.execute("SELECT id, totals FROM packages WHERE period_code = ? ORDER BY id LIMIT 1",
                               [PERIOD]).fetchone()
        totals = json.loads(row[1])
        totals["money_vnd"] += 1_000_000
        totals["total_value_vnd"] += 1_000_000
        with led.transaction():
            led.conn.execute("UPDATE packages SET totals = ?, file_sha256 = ? WHERE id = ?",
                             [json.dumps(totals), "f" * 64, row[0]])
    finally:
        led.close()
    tab.refresh()
    _settle(qtbot, tab)
    assert "Đã nhận tệp mới sau khi ban hành" in tab.issue_state.text() and "bản mới" in tab.issue_state.text()
    assert tab.issued_pdf() == pdf
    assert tab.issue_button.isEnabled() and tab.issue_button.text() == "Ban hành bản thay thế…"
    tab.inner.setCurrentIndex(4)
    _shot(tab, "upper-sum-issued.png")

