"""The parts of the import preview (import_dialog.py) where the clerk answers what the file does not say:
what rows without Trạng thái are (Đăng ký or Đã nhận), whether another unit's workbook may be imported,
what a name typed without accents is; and, for every land row, the land type and the đơn giá used.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.core.intake import importplan
from desktop.core.ledger.vocab import CONTRIBUTION_STATUSES, LAND_TYPES
from desktop.core.text.vnformat import format_decimal, format_vnd
from desktop.ui.messages import show_error

WARN = "#fff3cd"  # a row the clerk should look at (no land type: the general rate was used)
WAITING = "#ffebee"


def _item(text: str, color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if color:
        item.setBackground(QColor(color))
    return item


class StatusChoice(QWidget):
    """"Tệp không có cột Trạng thái: các khoản sẽ được ghi là [— hãy chọn — | Đăng ký | Đã nhận]"."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.addItem("— hãy chọn —", None)
        self.combo.addItem(f"{CONTRIBUTION_STATUSES['pledged']} (chưa nhận, không tính vào số liệu)", "pledged")
        self.combo.addItem(f"{CONTRIBUTION_STATUSES['received']} (đã nộp, đã bàn giao)", "received")
        self.combo.setAccessibleName("Trạng thái của các khoản không ghi Trạng thái")
        row.addWidget(self.label)
        row.addWidget(self.combo)
        row.addStretch(1)
        self.plan: importplan.ImportPlan | None = None
        self.combo.currentIndexChanged.connect(self._chosen)
        self.hide()

    def show_for(self, plan: importplan.ImportPlan) -> None:
        self.plan = plan
        text = plan.status_text()
        self.setVisible(text is not None)
        if text is None:
            return
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(plan.default_status)))
        self.combo.blockSignals(False)
        head = text.split(":", 1)[0]
        self.label.setText(f"<b>{head}:</b> các khoản sẽ được ghi là" if not plan.status_column else
                           f"<b>{head}:</b> các khoản đó sẽ được ghi là")
        self.label.setStyleSheet("" if plan.default_status else "color: #b00020;")

    def _chosen(self) -> None:
        if self.plan is not None:
            self.plan.set_default_status(self.combo.currentData())
            self.changed.emit()


def ask_other_unit(parent: QWidget, plan: importplan.ImportPlan) -> bool:
    """Another unit's workbook: ask, with No as the default answer."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Tệp của đơn vị khác",
                      f"{plan.unit_text()}\n\nCó thể tệp gửi nhầm. Vẫn nhập số liệu của tệp này vào sổ {plan.unit[1]}?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("Vẫn nhập")
    box.button(QMessageBox.StandardButton.No).setText("Không nhập")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


LAND_HEADERS = ["Trang", "Dòng", "Họ và tên", "Diện tích (m²)", "Loại đất", "Đơn giá dùng", "Giá trị (đồng)"]


def fill_land(table: QTableWidget, plan: importplan.ImportPlan) -> int:
    """Every land row to import: its land type and the đơn giá used; "không ghi" rows are marked. Returns the rows."""
    rows = [c for c in plan.contributions if c.values["kind"] == "land" and c.status != "duplicate"]
    table.setRowCount(len(rows))
    for i, c in enumerate(rows):
        v, rate = c.values, c.rate
        given = v.get("land_type")
        land = f"{LAND_TYPES[given]} ({given})" if given else "không ghi"
        if rate is None:
            used = "giá trị ghi trong tệp"
        elif rate.land_type is None:
            used = (f"{rate.name}: {format_vnd(rate.price_vnd)} đ/m²"
                    + (" (chưa có đơn giá riêng cho loại đất này)" if given else " (đơn giá chung, Đất khác)"))
        else:
            used = f"{rate.name}: {format_vnd(rate.price_vnd)} đ/m²"
        color = WARN if rate is not None and rate.land_type is None else None
        texts = (c.sheet, str(c.row), c.name, format_decimal(v["quantity"], 1, trim=True), land, used,
                 format_vnd(v["value_vnd"]))
        for j, text in enumerate(texts):
            table.setItem(i, j, _item(text, color if j in (4, 5) else None))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    return len(rows)


NAME_HEADERS = ["Trang", "Dòng", "Họ và tên (như đã gõ)", "Tổ dân phố", "Đề xuất: người trong sổ", "Xử lý",
                "Tên đúng (gõ có dấu, rồi Enter)"]


def fill_names(table: QTableWidget, plan: importplan.ImportPlan, changed: Callable[[], None]) -> int:
    """Each name typed without accents: use the register's person, keep as typed, or type it properly."""
    checks = plan.name_checks
    table.setRowCount(len(checks))
    for i, nc in enumerate(checks):
        color = WAITING if nc.choice is None else None
        proposal = (f"{nc.proposal.name} (mã {nc.proposal.id}" + (f", {nc.proposal.address})" if nc.proposal.address
                    else ")")) if nc.proposal else "— không có —"
        for j, text in enumerate((nc.sheet, ", ".join(str(r) for r in nc.rows), nc.name, nc.group, proposal)):
            table.setItem(i, j, _item(text, color if j == 2 else None))
        combo = QComboBox()
        combo.addItem("— chưa chọn (chưa nhập) —", None)
        if nc.proposal is not None:
            p = nc.proposal
            combo.addItem(f"Là {p.name} trong sổ (mã {p.id})", importplan.USE_REGISTER)
        combo.addItem("Giữ tên như đã gõ (thêm người mới)", importplan.AS_TYPED)
        combo.addItem("Sửa tên: gõ có dấu ở cột bên phải", importplan.RETYPED)
        combo.setCurrentIndex(max(0, combo.findData(nc.choice)))
        edit = QLineEdit(nc.retyped or "")
        edit.setPlaceholderText(f"ví dụ {nc.proposal.name}" if nc.proposal else f"\"{nc.name}\" gõ có dấu")
        combo.currentIndexChanged.connect(lambda _i, nc=nc, combo=combo, edit=edit: _answer(
            table, plan, nc, combo.currentData(), edit.text(), changed))
        edit.returnPressed.connect(lambda nc=nc, edit=edit: _answer(
            table, plan, nc, importplan.RETYPED, edit.text(), changed))
        table.setCellWidget(i, 5, combo)
        table.setCellWidget(i, 6, edit)
    table.resizeColumnsToContents()
    table.setColumnWidth(5, min(table.columnWidth(5), 300))  # the list shows its whole text when opened
    table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
    return len(checks)


def _answer(table: QTableWidget, plan: importplan.ImportPlan, nc: importplan.NameCheck, choice: str | None,
            name: str, changed: Callable[[], None]) -> None:
    try:
        if choice is None:
            plan.unresolve_name(nc.key)
        elif choice == importplan.RETYPED and not name.strip():
            return  # chosen in the list: the name comes from the field on the right
        else:
            plan.resolve_name(nc.key, choice, name)
    except UserError as exc:
        show_error(table, exc)
        return
    QTimer.singleShot(0, changed)  # the table is filled again: not from inside its own widget's signal
