"""Tổng quan: the cards and charts show the figures of `summary`; a click on a bar opens the Đóng góp list
filtered to the contributions behind it; the comparison tab fills, exports and previews; a screenshot."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from db.connection import Ledger
from desktop.core.figures import comparison, figures
from desktop.core.ledger import contributions, lists, periods
from desktop.core.ledger.records import Changes
from desktop.core.report import notice
from desktop.ui import charts, pdf_view
from desktop.ui.list_page import ListPage
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.figures_pages import OverviewPage
from tests.ui.conftest import settle


def _overview(qtbot: QtBot, window: MainWindow, code: str = "2026-H1") -> OverviewPage:
    window.resize(1366, 768)
    window.navigate("overview", {})
    page = window.page("overview")
    assert isinstance(page, OverviewPage)
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))
    settle(qtbot, window)
    return page


def _summary(window: MainWindow, code: str = "2026-H1") -> dict:
    return figures.summary(window.ctx.reader, code)


def test_cards_and_charts_show_the_summary(qtbot: QtBot, window: MainWindow) -> None:
    page = _overview(qtbot, window)
    s = _summary(window)
    total = s["totals"]["total_value_vnd"]
    assert page.cards["total_value_vnd"].text() == figures.format_value("total_value_vnd", total)
    assert page.cards["land_m2"].text() == figures.format_value("land_m2", s["totals"]["land_m2"])
    assert {b.label: b.value for b in page.group_chart.bars} == {r["group"]: r["total_value_vnd"]
                                                                  for r in s["by_group"]}
    for chart in (page.group_chart, page.kind_chart, page.month_chart):
        assert sum(b.value for b in chart.bars) == total
    assert [b.label for b in page.month_chart.bars] == [f"{m:02d}/2026" for m in range(1, 7)]


def test_clicking_a_bar_opens_the_filtered_contributions(qtbot: QtBot, window: MainWindow) -> None:
    page = _overview(qtbot, window)
    chart = page.group_chart
    page.tabs.setCurrentIndex(0)
    qtbot.wait(20)
    index = 0  # the largest group: bars are sorted largest first
    bar = chart.bars[index]
    y = charts.HBarChart.PAD + index * charts.HBarChart.ROW + charts.HBarChart.ROW // 2
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(chart.width() // 2, y))
    settle(qtbot, window)
    target = window.pages["contributions"]
    assert isinstance(target, ListPage) and window.stack.currentWidget() is target
    assert target.query.filters["group_id"] == bar.filters["group_id"]
    assert target.query.filters["period"] == bar.filters["period"]
    assert target.query.filters["status"] == "received"
    expected = lists.run(window.ctx.reader, lists.CONTRIBUTIONS, lists.Query(filters=dict(bar.filters)))
    assert expected.totals["value_vnd"] == bar.value
    assert target.model.rowCount() == len(expected.ids) > 0
    assert figures.format_value("total_value_vnd", bar.value) in target.footer.text()


def test_a_month_column_and_a_kind_bar_navigate_too(qtbot: QtBot, window: MainWindow) -> None:
    page = _overview(qtbot, window)
    page.tabs.setCurrentWidget(page.month_chart)
    qtbot.wait(20)
    chart = page.month_chart
    slot = (chart.width() - 2 * chart.PAD) / len(chart.bars)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(chart.PAD + 1.5 * slot), chart.height() - chart.BOTTOM - 5))  # February
    settle(qtbot, window)
    target = window.pages["contributions"]
    assert target.query.filters["period"] == ("2026-02-01", "2026-02-28")
    assert target.filter_widgets["period"].currentText() == "Tháng 02/2026"
    window.navigate("overview", {})
    page._open_bar("by_kind", 0)  # Hiến đất
    settle(qtbot, window)
    assert target.query.filters["kind"] == "land"
    land = _summary(window)["totals"]["land_value_vnd"]
    assert figures.format_value("total_value_vnd", land) in target.footer.text()


def test_charts_redraw_when_data_changes(qtbot: QtBot, window: MainWindow) -> None:
    page = _overview(qtbot, window)
    before = sum(b.value for b in page.kind_chart.bars)
    cid = window.ctx.reader.conn.execute("SELECT min(id) FROM contributors").fetchone()[0]

    def job(ledger: Ledger) -> Changes:
        new = contributions.add(ledger, {"contributor_id": cid, "date": "15/02/2026", "kind": "money",
                                         "quantity": "1.234.567"})
        return Changes().add("contributions", new)

    window.ctx.worker.submit(job)
    settle(qtbot, window)
    assert sum(b.value for b in page.kind_chart.bars) == before + 1_234_567
    assert page.cards["total_value_vnd"].text() == figures.format_value("total_value_vnd", before + 1_234_567)


def test_comparison_tab_fills_exports_and_previews(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    page = _overview(qtbot, window)
    assert page._comparison is None  # not built at start-up
    page.tabs.setCurrentIndex(page.tabs.count() - 1)  # opening the tab builds and fills it
    widget = page.comparison
    assert widget is page._comparison and widget.parent() is page.tabs.currentWidget()
    settle(qtbot, window)
    expected = comparison.rows(window.ctx.reader, periods.parse("2026-H1"))
    assert widget.table.rowCount() == len(expected) > 0
    for i, row in enumerate(expected):
        assert [widget.table.item(i, j).text() for j in range(widget.table.columnCount())] == \
            comparison.formatted(row)
    assert widget.table.item(0, 0).text() == "1"

    widget.export_to(str(tmp_path / "ss.xlsx"))
    settle(qtbot, window)
    ws = openpyxl.load_workbook(tmp_path / "ss.xlsx").active
    assert ws.cell(3, 2).value == expected[0]["group"]

    shown: list[pdf_view.PdfPreview] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self) or 0)
    assert not widget.notice_button.isEnabled()
    widget.table.selectRow(0)
    assert widget.notice_button.isEnabled()
    widget.notice_button.click()
    settle(qtbot, window)
    widget.print_button.click()
    settle(qtbot, window)
    assert [s.windowTitle() for s in shown] == [
        f"Bảng công khai — {expected[0]['group']} — 6 tháng đầu năm 2026",
        "So sánh tổ dân phố — 6 tháng đầu năm 2026"]
    assert all(s.data.startswith(b"%PDF") for s in shown)
    assert shown[0].file_name == notice.file_name(expected[0]["group"], periods.parse("2026-H1"))


def test_screenshot_at_1366x768(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _overview(qtbot, window)
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        settle(qtbot, window)
        image = window.grab().toImage()
        assert (image.width(), image.height()) == (1366, 768)
        assert image.save(str(tmp_path / f"tong-quan-{i}.png"))
    # Every chart fits the screen without a horizontal scroll bar.
    assert page.group_chart.width() <= page.tabs.width()
