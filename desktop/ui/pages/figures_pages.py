"""Tổng quan (the period at a glance) and the period-choosing base of the Báo cáo page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import figures, periods
from desktop.core.vnformat import format_decimal, format_int
from desktop.ui.list_page import AppContext
from desktop.ui.stale import RefreshOnChange

CARDS = [
    ("total_value_vnd", "Tổng giá trị Nhân dân đóng góp", "đồng"),
    ("contributors", "Hộ, cá nhân, tập thể đóng góp", ""),
    ("households_land", "Số hộ hiến đất", "hộ"),
    ("land_m2", "Diện tích đất hiến", "m²"),
    ("land_value_vnd", "Giá trị đất hiến", "đồng"),
    ("money_vnd", "Tiền mặt", "đồng"),
    ("materials_value_vnd", "Vật tư (quy đổi)", "đồng"),
    ("labour_days", "Ngày công", "ngày"),
    ("labour_value_vnd", "Ngày công (quy đổi)", "đồng"),
    ("works_completed", "Công trình hoàn thành", ""),
    ("road_length_completed_m", "Đường, hẻm hoàn thành", "m"),
    ("assets_value_vnd", "Tài sản và khác (quy đổi)", "đồng"),
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


class _PeriodPage(RefreshOnChange, QWidget):
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


class OverviewPage(_PeriodPage):
    title = "Tổng quan"

    def build(self, layout: QVBoxLayout) -> None:
        grid = QGridLayout()
        self.cards: dict[str, QLabel] = {}
        for i, (key, label, unit) in enumerate(CARDS):
            card = QFrame()
            card.setObjectName("card")
            v = QVBoxLayout(card)
            caption = QLabel(label)
            caption.setObjectName("cardCaption")
            value = QLabel("…")
            value.setObjectName("cardValue")
            unit_label = QLabel(unit)
            unit_label.setObjectName("cardUnit")
            v.addWidget(caption)
            v.addWidget(value)
            v.addWidget(unit_label)
            self.cards[key] = value
            grid.addWidget(card, i // 4, i % 4)
        layout.addLayout(grid)
        hint = QLabel("Bấm đúp vào một tổ dân phố để xem danh sách đóng góp của tổ trong kỳ.")
        hint.setObjectName("hint")
        layout.addWidget(hint)
        self.top = QTableWidget(0, 4)
        self.top.setHorizontalHeaderLabels(["Tổ dân phố", "Người đóng góp", "Đất hiến (m²)", "Tổng giá trị (đ)"])
        self.top.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.top.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):  # at most 135 rows: measuring them is cheap
            self.top.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.top.verticalHeader().setVisible(False)
        self.top.cellDoubleClicked.connect(self._open_group)
        layout.addWidget(self.top, 1)

    def show_result(self, result: dict[str, Any]) -> None:
        t = result["totals"]
        for key, label in self.cards.items():
            value = t[key] + (t["other_value_vnd"] if key == "assets_value_vnd" else 0)
            label.setText(fmt(key, value))
        rows = sorted(result["by_group"], key=lambda r: -r["total_value_vnd"])
        self.top.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, key in enumerate(("group", "contributors", "land_m2", "total_value_vnd")):
                item = QTableWidgetItem(fmt(key, r[key]))
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.top.setItem(i, j, item)

    def _open_group(self, row: int, _col: int) -> None:
        item = self.top.item(row, 0)
        if item is None or self.ctx.navigate is None:
            return
        gid = self.ctx.reader.conn.execute(
            "SELECT id FROM groups WHERE name = ? AND deleted_at IS NULL", [item.text()]).fetchone()
        p = self.period.currentData()
        if gid:
            self.ctx.navigate("contributions", {"group_id": gid[0], "period": (p.start, p.end)})
