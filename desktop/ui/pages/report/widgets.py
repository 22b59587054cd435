"""What the parts of the Báo cáo page share: the table helpers and the page attributes every tab uses
(`ReportPart`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QTableWidget, QTableWidgetItem, QTabWidget

from desktop.ui.list_page import AppContext

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportPart:
    """A part of ReportPage (a mixin): the page's attributes it uses, set by PeriodPage and ReportPage.build."""

    ctx: AppContext
    period: QComboBox
    tabs: QTabWidget
    hint: QLabel
    state: dict[str, Any] | None
    _dirty: set[str]
    _loading: bool


def table_item(text: str, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if bold:
        f = item.font()
        f.setBold(True)
        item.setFont(f)
    return item


def new_table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    return t
