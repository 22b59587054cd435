"""Cài đặt: the ward's identity and signers, the receiving level, and the unit rates."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core import setup
from desktop.core import vocab as V
from desktop.core.records import Changes
from desktop.ui.list_page import AppContext
from desktop.ui.pages.registers import RatesPage
from desktop.ui.record_dialog import Field, RecordDialog


def unit_fields(first_start: bool = False) -> list[Field]:
    sign = "Người ký văn bản"
    upper = "Cấp trên nhận báo cáo"
    fields = [
        Field("name", "Tên phường/xã", required=True, placeholder="Ví dụ: Phường Nguyễn Nghiêm"),
        Field("kind", "Loại đơn vị", "choice", required=True, choices=list(V.UNIT_KINDS.items())),
        Field("code", "Mã đơn vị hành chính", required=True, placeholder="Ví dụ: 21580"),
        Field("province", "Tỉnh/thành phố", placeholder="Ví dụ: Quảng Ngãi"),
        Field("place_name", "Địa danh ghi ngày tháng",
              hint="Dòng \"…, ngày … tháng … năm …\"; để trống thì lấy theo tên phường/xã."),
        Field("signer_name", "Họ tên người ký", section=sign),
        Field("sign_mode", "Quyền ký", "choice", section=sign, choices=list(V.SIGN_MODES.items())),
        Field("signer_title", "Chức vụ người ký", section=sign, placeholder="Chủ tịch / Phó Chủ tịch"),
        Field("receiving_level", "Cấp nhận báo cáo", "choice", section=upper, choices=list(V.RECEIVING_LEVELS.items()),
              hint="Từ 01/7/2025 chính quyền địa phương hai cấp: phường/xã báo cáo thẳng UBND tỉnh (qua Sở Nội vụ)."),
        Field("receiving_name", "Kính gửi", section=upper, placeholder="Ủy ban nhân dân tỉnh …"),
        Field("receiving_office", "Cơ quan tham mưu", section=upper, placeholder="Sở Nội vụ tỉnh …"),
        Field("user_name", "Tên người sử dụng", required=first_start,
              hint="Ghi vào lịch sử thay đổi: ai đã thêm, sửa, xóa."),
    ]
    if not first_start:
        fields.insert(5, Field("group_label", "Gọi đơn vị dân cư là", "choice",
                               choices=[("Tổ dân phố", "Tổ dân phố"), ("Thôn", "Thôn"), ("Khu phố", "Khu phố")]))
        fields.insert(6, Field("period_start", "Năm báo cáo bắt đầu từ", "choice",
                               choices=[("01-01", "01/01 (năm dương lịch)"), ("12-15", "15/12 năm trước")]))
    return fields


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, on_unit_changed: Callable[[dict[str, Any]], None], parent: Any = None):
        super().__init__(parent)
        self.ctx = ctx
        self.on_unit_changed = on_unit_changed
        layout = QVBoxLayout(self)
        heading = QLabel("Cài đặt")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        row = QHBoxLayout()
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        row.addWidget(self.info, 1)
        edit = QPushButton("Sửa thông tin đơn vị…")
        edit.clicked.connect(self.edit_unit)
        row.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        safety_row = QHBoxLayout()
        safety_row.addWidget(QLabel("<b>Sao lưu dữ liệu:</b> tự động khi đóng chương trình "
                                    "và 30 phút một lần nếu có thay đổi."))
        safety_row.addStretch(1)
        for text, slot in (("Sao lưu ngay", lambda: self._backup(False)),
                           ("Sao lưu ra USB…", lambda: self._backup(True)),
                           ("Khôi phục…", self._restore)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            safety_row.addWidget(button)
        layout.addLayout(safety_row)
        self.rates = RatesPage(ctx)
        layout.addWidget(self.rates, 1)
        self.show_unit(ctx.unit)

    def show_unit(self, unit: dict[str, Any]) -> None:
        e = html.escape
        rows = [
            ("Đơn vị", f"{unit.get('name')} (mã {unit.get('code')}), {unit.get('province') or ''}"),
            ("Người ký", f"{unit.get('sign_mode')}. {unit.get('signer_title') or ''} — "
                         f"{unit.get('signer_name') or '(chưa nhập họ tên)'}"),
            ("Kính gửi", f"{unit.get('receiving_name') or ''}; {unit.get('receiving_office') or ''}"),
            ("Người sử dụng", unit.get("user_name") or ""),
        ]
        self.info.setText("<table>" + "".join(
            f"<tr><td><b>{e(k)}:</b>&nbsp;</td><td>{e(str(v))}</td></tr>" for k, v in rows) + "</table>")

    def _backup(self, to_folder: bool) -> None:
        from desktop.ui.backup_actions import backup_now

        backup_now(self.window(), self, to_folder)

    def _restore(self) -> None:
        from desktop.ui.backup_actions import restore

        restore(self.window(), self)

    def edit_unit(self) -> None:
        def save(vals: dict, ok: Callable, failed: Callable) -> None:
            def job(ledger: Any, v: dict) -> dict:
                setup.update_unit(ledger, v)
                return setup.get_unit(ledger)

            self.ctx.worker.submit(job, vals, success=ok, failure=failed)

        dialog = RecordDialog(self, "Thông tin đơn vị", unit_fields(), self.ctx.unit, save)
        if dialog.exec() and dialog.result_value:
            self.ctx.unit = dialog.result_value
            self.show_unit(self.ctx.unit)
            self.ctx.worker.changed.emit(Changes().add("unit"))
            self.on_unit_changed(self.ctx.unit)
