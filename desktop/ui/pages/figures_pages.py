"""Tổng quan (the period at a glance) and the period-choosing base of the Báo cáo page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.figures import dashboard, figures
from desktop.core.ledger import periods
from desktop.core.text.vnformat import format_decimal, format_int
from desktop.ui import charts
from desktop.ui.context import AppContext
from desktop.ui.stale import RefreshOnChange

# The figure cards: key of figures.TOTAL_KEYS, caption with its unit (short: six cards fit across 1366 px).
CARDS = [
    ("total_value_vnd", "Tổng giá trị (đồng)"),
    ("contributors", "Người, hộ đóng góp"),
    ("households_land", "Hộ hiến đất"),
    ("land_m2", "Đất hiến (m²)"),
    ("works_completed", "Công trình hoàn thành"),
    ("road_length_completed_m", "Đường, hẻm hoàn thành (m)"),
    ("land_value_vnd", "Giá trị đất hiến (đồng)"),
    ("money_vnd", "Tiền mặt (đồng)"),
    ("materials_value_vnd", "Vật tư quy đổi (đồng)"),
    ("labour_days", "Ngày công"),
    ("labour_value_vnd", "Ngày công quy đổi (đồng)"),
    ("assets_value_vnd", "Tài sản và khác (đồng)"),
]
DECIMAL_KEYS = {"land_m2", "labour_days", "road_length_completed_m"}

GROUP_COLUMNS = [
    ("group", "Tổ dân phố"),
    ("contributors", "Người đóng góp"),
    ("households_land", "Hộ hiến đất"),
    ("land_m2", "Đất hiến (m²)"),
    ("land_value_vnd", "Giá trị đất (đ)"),
    ("money_vnd", "Tiền mặt (đ)"),
    ("materials_value_vnd", "Vật tư (đ)"),
    ("labour_days", "Ngày công"),
    ("total_value_vnd", "Tổng giá trị (đ)"),
    ("works_completed", "Công trình HT"),
]


def fmt(key: str, value: Any) -> str:
    if key in DECIMAL_KEYS:
        return format_decimal(float(value), 1, trim=True)
    if isinstance(value, (int, float)):
        return format_int(int(value))
    return str(value)


class PeriodPage(RefreshOnChange, QWidget):
    title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result: dict[str, Any] | None = None
        self._stale = True
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel("Kỳ báo cáo:"))
        self.period = QComboBox()
        start = ctx.unit.get("period_start") or "01-01"
        current = periods.parse(periods.current_half(), start)
        for p in periods.choices(period_start=start):
            self.period.addItem(p.label[0].upper() + p.label[1:], p)
        self.period.setCurrentIndex(max(0, [self.period.itemData(i).code for i in range(self.period.count())]
                                        .index(current.code)))
        self.period.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.period)
        layout.addLayout(top)
        self.bounds = QLabel()
        self.bounds.setObjectName("hint")
        layout.addWidget(self.bounds)
        self.build(layout)
        ctx.worker.changed.connect(self.on_changes)

    def build(self, layout: QVBoxLayout) -> None:
        raise NotImplementedError

    def show_result(self, result: dict[str, Any]) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        p = self.period.currentData()
        self._stale = False
        self.ctx.worker.submit(figures.summary, p, success=lambda r: self._loaded(p, r))

    def _loaded(self, period: periods.Period, result: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return  # the clerk picked another period meanwhile; its answer is on the way
        self.result = result
        self.bounds.setText(
            f"{result['unit']['name']} — {period.label} ({period.bounds_text}). "
            "Chỉ tính các khoản đã nhận, chưa bị xóa, có ngày trong kỳ."
        )
        self.show_result(result)

    def watched_tables(self) -> set[str]:
        return {"contributions", "works", "groups", "contributors", "unit"}


class OverviewPage(PeriodPage):
    """The period at a glance: figure cards, then charts in tabs (by group, by kind, by month, targets) and
    the comparison of the groups. Everything is read in one job on the worker; a click on a bar opens the
    Đóng góp list filtered to the contributions behind it."""

    title = "Tổng quan"

    def build(self, layout: QVBoxLayout) -> None:
        self.data: dict[str, Any] | None = None
        grid = QGridLayout()
        grid.setSpacing(6)
        self.cards: dict[str, QLabel] = {}
        for i, (key, caption_text) in enumerate(CARDS):
            card = QFrame()
            card.setObjectName("card")
            v = QVBoxLayout(card)
            v.setContentsMargins(8, 4, 8, 4)
            v.setSpacing(0)
            caption = QLabel(caption_text)
            caption.setObjectName("cardCaption")
            value = QLabel("…")
            value.setObjectName("cardValue")
            v.addWidget(caption)
            v.addWidget(value)
            self.cards[key] = value
            grid.addWidget(card, i // 6, i % 6)
        layout.addLayout(grid)
        self.awards = QLabel()
        self.awards.setObjectName("hint")
        layout.addWidget(self.awards)

        group_word = self.ctx.unit.get("group_label") or "Tổ dân phố"
        self.tabs = QTabWidget()
        self.group_chart = charts.HBarChart()
        self.kind_chart = charts.HBarChart(value_text=self._kind_text)
        self.month_chart = charts.MonthChart()
        self.target_chart = charts.ProgressList(
            empty_text="Chưa giao chỉ tiêu cho năm của kỳ này. Thêm chỉ tiêu ở trang Báo cáo, thẻ Chỉ tiêu.")
        # The comparison tab is built when first opened: its table, PDF and Excel code cost start-up time.
        self._comparison: Any = None
        self._comparison_holder = QWidget()
        holder_layout = QVBoxLayout(self._comparison_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        for chart, name in ((self.group_chart, "by_group"), (self.kind_chart, "by_kind"),
                            (self.month_chart, "by_month"), (self.target_chart, "targets")):
            chart.bar_clicked.connect(lambda i, n=name: self._open_bar(n, i))
        self.tabs.addTab(_scrolled(self.group_chart), f"Theo {group_word.lower()}")
        self.tabs.addTab(_scrolled(self.kind_chart), "Theo hình thức")
        self.tabs.addTab(self.month_chart, "Theo tháng")
        self.tabs.addTab(_scrolled(self.target_chart), "Chỉ tiêu")
        self.tabs.addTab(self._comparison_holder, f"So sánh {group_word.lower()}")
        layout.addWidget(self.tabs, 1)
        hint = QLabel("Bấm vào một cột để xem danh sách các khoản đóng góp tương ứng ở trang Đóng góp.")
        hint.setObjectName("hint")
        layout.addWidget(hint)
        # The comparison tab is a table with its own buttons: the hint about clicking bars is not for it.
        self.tabs.currentChanged.connect(lambda i: hint.setVisible(self.tabs.widget(i) is not self._comparison_holder))
        self.tabs.currentChanged.connect(
            lambda i: self.comparison if self.tabs.widget(i) is self._comparison_holder else None)

    @property
    def comparison(self) -> Any:
        """The comparison of the groups (a ComparisonWidget), built on first use."""
        if self._comparison is None:
            from desktop.ui.pages.comparison_page import ComparisonWidget

            self._comparison = ComparisonWidget(self.ctx)
            self._comparison_holder.layout().addWidget(self._comparison)
            self._comparison.set_period(self.period.currentData())
        return self._comparison

    def refresh(self) -> None:
        p = self.period.currentData()
        self._stale = False
        self.ctx.worker.submit(dashboard.data, p, success=lambda d: self._data_loaded(p, d))
        if self._comparison is not None:
            self._comparison.set_period(p)

    def _data_loaded(self, period: periods.Period, data: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return  # an older answer: the clerk picked another period meanwhile
        self.data = data
        self._loaded(period, data["summary"])

    def show_result(self, result: dict[str, Any]) -> None:
        t = result["totals"]
        for key, label in self.cards.items():
            value = t[key] + (t["other_value_vnd"] if key == "assets_value_vnd" else 0)
            label.setText(fmt(key, value))
        self.awards.setText("Khen thưởng trong kỳ: " + " · ".join(
            f"{text}: {format_int(result['awards'].get(key, 0))}" for key, text in dashboard.AWARD_LABELS.items()))
        data = self.data or {}
        self._total = t["total_value_vnd"]
        self.group_chart.set_bars(data.get("by_group", []))
        self.kind_chart.set_bars(data.get("by_kind", []))
        self.month_chart.set_bars(data.get("by_month", []))
        self.target_chart.set_bars(data.get("targets", []))

    def watched_tables(self) -> set[str]:
        return super().watched_tables() | {"targets", "proposals"}

    def _kind_text(self, bar: dashboard.Bar) -> str:
        """"24.180.000 (12,3%) — 30,4 m²": the value, its share of the total, and the quantity when it says more."""
        total = getattr(self, "_total", 0)
        share = f" ({format_decimal(100.0 * bar.value / total, 1)}%)" if total else ""
        return f"{format_int(int(bar.value))}{share}" + (f" — {bar.note}" if bar.note else "")

    def _open_bar(self, chart: str, index: int) -> None:
        bars = (self.data or {}).get(chart) or []
        if not 0 <= index < len(bars) or not bars[index].filters or self.ctx.navigate is None:
            return
        filters = dict(bars[index].filters)
        _name_period_choice(self, filters.get("period"))
        self.ctx.navigate("contributions", filters)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _name_period_choice(page: QWidget, bounds: tuple[str, str] | None) -> None:
    """A month is not among the Đóng góp list's periods: add it under a readable name ("Tháng 01/2026"),
    otherwise the list's combo would show the raw bounds."""
    window = page.window()
    if bounds is None or not hasattr(window, "page"):
        return
    combo = getattr(window.page("contributions"), "filter_widgets", {}).get("period")
    if combo is None or combo.findData(bounds) >= 0:
        return
    start, end = dt.date.fromisoformat(bounds[0]), dt.date.fromisoformat(bounds[1])
    if (start.year, start.month) == (end.year, end.month):
        text = f"Tháng {start:%m/%Y}"
    else:
        text = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    combo.blockSignals(True)
    combo.addItem(text, bounds)
    combo.blockSignals(False)
