"""What the parts of the Khen thưởng page share: the table and date helpers, the dialogs' buttons, and the page
attributes every tab uses (`AwardsPart`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
)

from desktop.core.text.vnformat import format_decimal
from desktop.ui.list_page import AppContext

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AwardsPart:
    """A part of AwardsPage (a mixin): the page's attributes it uses, set by PeriodPage and AwardsPage.build."""

    ctx: AppContext
    period: QComboBox
    tabs: QTabWidget
    hint: QLabel
    state: dict[str, Any] | None


def table_item(text: str, right: bool = False, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def new_table(headers: list[str], multi: bool = False) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                       else QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    return t


def m2_text(value: float) -> str:
    return format_decimal(float(value), 1, trim=True) if value else ""


def _qdate(iso: str | None) -> QDate:
    d = dt.date.fromisoformat(iso) if iso else dt.date.today()
    return QDate(d.year, d.month, d.day)


def date_edit(iso: str | None = None) -> QDateEdit:
    w = QDateEdit(_qdate(iso))
    w.setCalendarPopup(True)
    w.setDisplayFormat("dd/MM/yyyy")
    return w


def nominee_names(rows: list[dict[str, Any]]) -> str:
    names = ", ".join(r["nominee_name"] for r in rows[:5])
    return names + (f" và {len(rows) - 5} đề nghị khác" if len(rows) > 5 else "")


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok
