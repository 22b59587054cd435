"""Đơn vị cấp xã: the upper level's register of its wards (code, name, kind, contact, first period, key
fingerprint): imported from the province's list, edited, their keys registered by file (ward_dialogs), or a ward
registered with its key in one step (WardDialog)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
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
from desktop.core.exchange import keys, upper, ward_register
from desktop.core.ledger.records import Changes
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
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
    """The register: every ward with its kind, contact, first period and key (or "chưa có khóa" in red)."""

    HEADERS = ["Mã", "Tên đơn vị", "Loại", "Người liên hệ", "Điện thoại", "Báo cáo từ kỳ", "Dấu vân tay khóa"]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        v = QVBoxLayout(self)
        self.summary = QLabel()
        v.addWidget(self.summary)
        self.wards = _table(self.HEADERS)
        header = self.wards.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 70), (2, 70), (3, 170), (4, 110), (5, 110), (6, 330)):
            self.wards.setColumnWidth(col, width)
        self.wards.doubleClicked.connect(lambda _i: self.edit_ward())
        v.addWidget(self.wards, 1)
        row = QHBoxLayout()
        for text, slot in (("Nhập danh sách từ Excel…", self.import_list), ("Sửa thông tin…", self.edit_ward),
                           ("Đăng ký khóa…", self.register_key), ("Đăng ký đơn vị có khóa…", self.add_ward)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        v.addLayout(row)

    def watched_tables(self) -> set[str]:
        return {"wards"}

    def refresh(self) -> None:
        self.ctx.worker.submit(upper.wards, success=self._show)

    def _show(self, ws: list[dict[str, Any]]) -> None:
        from desktop.ui.pages.upper.ward_dialogs import RED

        self.rows = ws
        self.wards.setRowCount(len(ws))
        for i, w in enumerate(ws):
            texts = (w["code"], w["name"], ward_register.kind_label(w.get("kind")), w.get("contact_name") or "",
                     w.get("contact_phone") or "", w.get("joined_period") or "", w["fingerprint"] or "chưa có khóa")
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if j == 6 and not w["fingerprint"]:
                    item.setForeground(QColor(RED))
                self.wards.setItem(i, j, item)
        keyed = sum(1 for w in ws if w["fingerprint"])
        self.summary.setText(f"{len(ws)} đơn vị cấp xã; {keyed} đã đăng ký khóa, {len(ws) - keyed} chưa có khóa.")

    def current(self) -> dict[str, Any] | None:
        row = self.wards.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add_ward(self) -> None:
        dialog = WardDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, name, key = dialog.code.text(), dialog.name.text(), dialog.key_path.text()

        def job(led: Ledger) -> Changes:
            return Changes().add("wards", upper.add_ward(led, code=code, name=name, key_file=key))

        self.ctx.worker.submit(job)

    def import_list(self) -> None:
        from desktop.ui.pages.upper.ward_dialogs import ListImportDialog

        path = file_dialogs.open_file(self, "intake", "Danh sách phường, xã (Excel)", "Excel (*.xlsx)")
        if path:
            ListImportDialog(self, self.ctx, Path(path)).exec()

    def edit_ward(self) -> None:
        from desktop.ui.pages.upper.ward_dialogs import EditWardDialog

        ward = self.current()
        if ward is None:
            return
        dialog = EditWardDialog(self, self.ctx, ward)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self.ctx.worker.submit(lambda led: ward_register.edit_ward(led, ward["id"], values),
                               failure=lambda exc: show_error(self, exc))

    def register_key(self) -> None:
        from desktop.ui.pages.upper.ward_dialogs import KeyDialog

        ward = self.current()
        if ward is None:
            return
        dialog = KeyDialog(self, ward)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.doc is None:
            return
        path, reason, fingerprint = dialog.key_path.text().strip(), dialog.reason.text(), dialog.doc["fingerprint"]

        def job(led: Ledger) -> Changes:
            from desktop.core.exchange import ward_keys  # engineer A's key register

            ward_keys.register_key(led, ward["code"], path, reason=reason or None, fingerprint=fingerprint)
            return Changes().add("wards", ward["id"])

        self.ctx.worker.submit(job, failure=lambda exc: show_error(self, exc))
