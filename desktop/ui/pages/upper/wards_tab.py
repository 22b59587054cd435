"""Đơn vị cấp xã: the upper level's register of its wards (code, name, key fingerprint) and registering a ward
with its public-key file (WardDialog)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import keys, upper
from desktop.core.ledger.records import Changes
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.pages.exchange_page import _table


class WardDialog(QDialog):
    """Register a ward: its code, name and public-key file. The file is read as soon as it is chosen: the unit it
    names and its fingerprint are shown for the clerk to read back by phone; a bad file or another ward's is
    refused here, before anything is written (the registration itself checks again)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle("Đăng ký đơn vị cấp xã")
        form = QFormLayout(self)
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.key_path = QLineEdit()
        self.key_path.editingFinished.connect(self._read_key)
        choose = QPushButton("Chọn tệp…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.key_path, 1)
        row.addWidget(choose)
        form.addRow("Mã ĐVHC:", self.code)
        form.addRow("Tên đơn vị:", self.name)
        form.addRow("Tệp khóa công khai:", row)
        self.key_info = QLabel("Chọn tệp khóa công khai phường/xã gửi lên: dấu vân tay của khóa sẽ hiện ở đây.")
        self.key_info.setWordWrap(True)
        self.key_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.key_info)
        buttons = QDialogButtonBox()
        buttons.addButton("Đăng ký", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(600, 260)

    def _choose(self) -> None:
        path = file_dialogs.open_file(self, "handoff", "Tệp khóa công khai của phường/xã", "Tệp khóa (*.json)")
        if path:
            self.key_path.setText(str(path))
            self._read_key()

    def _read_key(self) -> dict[str, Any] | None:
        """The chosen file, checked (self-signature included); its unit fills empty fields. None when refused."""
        if not self.key_path.text().strip():
            return None
        try:
            doc = keys.read_public_key(self.key_path.text().strip())
        except UserError as exc:
            self.key_info.setText(f"<span style='color:#b71c1c'>✘ {html.escape(str(exc))}</span>")
            return None
        unit = doc["unit"]
        if not self.code.text().strip():
            self.code.setText(unit["code"])
        if not self.name.text().strip():
            self.name.setText(unit["name"])
        self.key_info.setText(
            f"Tệp khóa của <b>{html.escape(unit['name'])}</b> (mã {html.escape(unit['code'])}), chữ ký của khóa hợp "
            f"lệ.<br>Dấu vân tay: <b style='font-family:monospace; font-size:12pt'>{html.escape(doc['fingerprint'])}"
            "</b><br>Gọi điện cho cán bộ phường/xã, nhờ đọc dấu vân tay trên máy của họ (Trao đổi dữ liệu) và so từng "
            "nhóm 4 ký tự; chỉ bấm “Đăng ký” khi khớp.")
        return doc

    def accept(self) -> None:
        """Stay open on a bad file or a code that is not the file's, with the reason in the dialog."""
        if self._read_key() is None:
            if not self.key_path.text().strip():
                self.key_info.setText("<span style='color:#b71c1c'>✘ Chưa chọn tệp khóa công khai.</span>")
            return
        try:
            keys.read_public_key(self.key_path.text().strip(), code=self.code.text())
        except UserError as exc:
            self.key_info.setText(f"<span style='color:#b71c1c'>✘ {html.escape(str(exc))}</span>")
            return
        super().accept()


class WardsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        v = QVBoxLayout(self)
        self.wards = _table(["Mã", "Tên đơn vị", "Dấu vân tay khóa"])
        self.wards.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.wards.setColumnWidth(2, 380)
        v.addWidget(self.wards, 1)
        row = QHBoxLayout()
        add = QPushButton("Đăng ký đơn vị…")
        add.clicked.connect(self.add_ward)
        row.addWidget(add)
        row.addStretch(1)
        v.addLayout(row)

    def watched_tables(self) -> set[str]:
        return {"wards"}

    def refresh(self) -> None:
        self.ctx.worker.submit(upper.wards, success=self._show)

    def _show(self, ws: list[dict[str, Any]]) -> None:
        self.wards.setRowCount(len(ws))
        for i, w in enumerate(ws):
            for j, text in enumerate((w["code"], w["name"], w["fingerprint"])):
                self.wards.setItem(i, j, QTableWidgetItem(text))

    def add_ward(self) -> None:
        dialog = WardDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, name, key = dialog.code.text(), dialog.name.text(), dialog.key_path.text()

        def job(led: Ledger) -> Changes:
            return Changes().add("wards", upper.add_ward(led, code=code, name=name, key_file=key))

        self.ctx.worker.submit(job)
