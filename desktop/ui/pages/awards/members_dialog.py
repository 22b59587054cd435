"""The members of the Hội đồng Thi đua - Khen thưởng of a year (awards.members): a clerk keeps the year's list — add,
edit, remove, or start it from the previous year's — and the meeting dialog takes its members from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.awards import members
from desktop.ui.list_page import AppContext
from desktop.ui.messages import confirm, show_error
from desktop.ui.pages.awards.widgets import dialog_buttons, new_table, table_item


class MemberForm(QDialog):
    """One member: name, position, role in the council."""

    def __init__(self, parent: QWidget, year: int, row: dict[str, Any] | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{'Sửa' if row else 'Thêm'} thành viên Hội đồng năm {year}")
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit((row or {}).get("name") or "")
        self.name.setPlaceholderText("Ví dụ: Nguyễn Văn Bình")
        self.position = QLineEdit((row or {}).get("position") or "")
        self.position.setPlaceholderText("Ví dụ: Phó Chủ tịch Ủy ban nhân dân phường")
        self.role = QComboBox()
        for code, text in members.ROLES.items():
            self.role.addItem(text, code)
        self.role.setCurrentIndex(max(0, self.role.findData((row or {}).get("role") or "uy_vien")))
        form.addRow("Họ và tên *", self.name)
        form.addRow("Chức vụ", self.position)
        form.addRow("Vai trò trong Hội đồng *", self.role)
        v.addLayout(form)
        buttons, _ok = dialog_buttons(self, "Lưu")
        v.addWidget(buttons)
        self.resize(520, 160)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "position": self.position.text(), "role": self.role.currentData()}


class MembersDialog(QDialog):
    """The list of one year, with the year to show chosen at the top."""

    HEADERS = ["Họ và tên", "Chức vụ", "Vai trò trong Hội đồng"]

    def __init__(self, parent: QWidget, ctx: AppContext, year: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Danh sách thành viên Hội đồng Thi đua - Khen thưởng")
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        self.year = QSpinBox()
        self.year.setRange(members.MIN_YEAR, members.MAX_YEAR)
        self.year.setValue(year or dt.date.today().year)
        self.year.valueChanged.connect(lambda _y: self.refresh())
        top.addWidget(self.year)
        self.count = QLabel()
        top.addWidget(self.count, 1)
        v.addLayout(top)
        text = QLabel("Hội đồng do Chủ tịch Ủy ban nhân dân quyết định thành lập, kiện toàn; mỗi năm một danh sách. "
                      "Cuộc họp lấy danh sách của năm có ngày họp; sửa danh sách không làm đổi các cuộc họp đã ghi.")
        text.setWordWrap(True)
        text.setObjectName("hint")
        v.addWidget(text)
        self.table = new_table(self.HEADERS)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 380)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        v.addWidget(self.table, 1)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        v.addWidget(self.error)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "Thêm…", lambda: self.edit(new=True)), ("edit", "Sửa…", self.edit),
                                ("remove", "Xóa", self.remove), ("copy", "Chép từ năm trước", self.copy_previous)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        row.addWidget(close)
        v.addLayout(row)
        self.rows: list[dict[str, Any]] = []
        self.resize(860, 480)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.value()
        self.rows = members.list_members(self.ctx.reader, year)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for j, text in enumerate((r["name"], r["position"] or "", r["role_label"])):
                self.table.setItem(i, j, table_item(text, data=r["id"] if j == 0 else None))
        self.count.setText(f"{len(self.rows)} thành viên" if self.rows else
                           f"Năm {year} chưa có danh sách: bấm “Thêm…”, hoặc “Chép từ năm trước”.")
        has_previous = members.has_members(self.ctx.reader, year - 1) if year > members.MIN_YEAR else False
        self.buttons["copy"].setEnabled(not self.rows and has_previous)
        self.buttons["copy"].setToolTip("" if has_previous else f"Năm {year - 1} chưa có danh sách.")
        for key in ("edit", "remove"):
            self.buttons[key].setEnabled(bool(self.rows))

    def _selected(self) -> dict[str, Any] | None:
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def _run(self, fn: Any, *args: Any) -> None:
        self.error.hide()
        self.ctx.worker.submit(fn, *args, success=lambda _c: self.refresh(), failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        from desktop.core.errors import UserError

        if isinstance(exc, UserError):
            self.error.setText("Chưa ghi được — " + str(exc))
            self.error.show()
        else:
            show_error(self, exc)

    def edit(self, new: bool = False) -> None:
        row = None if new else self._selected()
        if not new and row is None:
            return
        form = MemberForm(self, self.year.value(), row)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        if row is None:
            self._run(members.add_member, self.year.value(), form.values())
        else:
            self._run(members.edit_member, row["id"], form.values())

    def remove(self) -> None:
        row = self._selected()
        if row is None:
            return
        if confirm(self, "Xóa thành viên", f"Xóa {row['name']} khỏi danh sách Hội đồng năm {self.year.value()}? Các "
                                          "cuộc họp đã ghi vẫn giữ tên người này.", yes="Xóa"):
            self._run(members.delete_member, row["id"])

    def copy_previous(self) -> None:
        year = self.year.value()
        self._run(members.copy_year, year - 1, year)
