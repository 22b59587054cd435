"""Cài đặt: the ward's identity and signers, the receiving level, the unit rates, backups, the settings of reading
a workbook (the sào, the ceilings per row: desktop.core.intake.limits); the award catalogue's dialog is
desktop.ui.pages.awards.catalogue."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop.core.intake import limits
from desktop.core.ledger import setup
from desktop.core.ledger.records import Changes
from desktop.ui.backup_actions import backup_now, restore
from desktop.ui.list_page import AppContext
from desktop.ui.pages.awards.catalogue import CatalogueDialog
from desktop.ui.pages.registers import RatesPage
from desktop.ui.record_dialog import Field, RecordDialog
from desktop.ui.unit_form import attach_place_preview, form_values, place_preview_text, unit_fields


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
        if ctx.unit.get("role") != "upper":
            self.catalogue_button = QPushButton("Danh mục khen thưởng…")
            self.catalogue_button.setToolTip("Hình thức, danh hiệu khen thưởng, hệ số tiền thưởng, ngưỡng gợi ý; mức "
                                             "lương cơ sở; căn cứ văn bản; căn chỉnh in Giấy khen")
            self.catalogue_button.clicked.connect(self.edit_catalogue)
            row.addWidget(self.catalogue_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        safety_row = QHBoxLayout()
        safety_row.addWidget(QLabel("<b>Sao lưu dữ liệu:</b> tự động khi đóng chương trình "
                                    "và 30 phút một lần nếu có thay đổi."))
        safety_row.addStretch(1)
        for text, slot in (("Sao lưu ngay", lambda: self._backup(False)),
                           ("Sao lưu ra USB…", lambda: self._backup(True)),
                           ("Khôi phục…", self._restore),
                           ("Kiểm tra sổ", self.check_ledger)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            safety_row.addWidget(button)
        layout.addLayout(safety_row)
        if ctx.unit.get("role") != "upper":
            intake_row = QHBoxLayout()
            self.intake_info = QLabel()
            self.intake_info.setWordWrap(True)
            intake_row.addWidget(self.intake_info, 1)
            intake_button = QPushButton("Sửa giới hạn nhập Excel…")
            intake_button.setToolTip("Một sào bằng bao nhiêu m² ở phường; mức tối đa một dòng của đất hiến, tiền, "
                                     "ngày công khi nhập tệp Excel của tổ dân phố")
            intake_button.clicked.connect(self.edit_intake_limits)
            intake_row.addWidget(intake_button, 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(intake_row)
            self.show_intake_limits()
        self.rates = RatesPage(ctx)
        layout.addWidget(self.rates, 1)
        self.show_unit(ctx.unit)

    def show_unit(self, unit: dict[str, Any]) -> None:
        e = html.escape
        rows = [
            ("Đơn vị", f"{unit.get('name')} (mã {unit.get('code')}), {unit.get('province') or ''}"),
            # As the signature block reads: "TM. Ủy ban nhân dân — Chủ tịch" or "KT. Chủ tịch — Phó Chủ tịch".
            ("Người ký", f"{'KT. Chủ tịch' if unit.get('sign_mode') == 'KT' else 'TM. Ủy ban nhân dân'} — "
                         f"{unit.get('signer_title') or ''}: {unit.get('signer_name') or '(chưa nhập họ tên)'}"),
            # The date line as every document prints it (ND 30/2020, Phụ lục I, ô 4).
            ("Địa danh ghi ngày tháng", place_preview_text(unit.get("name") or "", unit.get("place_name") or "")),
            ("Kính gửi", f"{unit.get('receiving_name') or ''}; {unit.get('receiving_office') or ''}"),
            ("Người sử dụng", unit.get("user_name") or ""),
        ]
        self.info.setText("<table>" + "".join(
            f"<tr><td><b>{e(k)}:</b>&nbsp;</td><td>{e(str(v))}</td></tr>" for k, v in rows) + "</table>")

    def show_intake_limits(self) -> None:
        """One line of what the import reads and refuses; each setting's source and reason in the tooltip."""
        rows = limits.describe(limits.get_limits(self.ctx.reader))
        self.intake_info.setText("<b>Nhập từ Excel:</b> " + "; ".join(
            f"{html.escape(label)}: {html.escape(value)}" for label, value, _ in rows) + ".")
        self.intake_info.setToolTip("\n\n".join(f"{label}: {why}" for label, _, why in rows))

    def edit_intake_limits(self) -> None:
        kinds = {"intake_sao_m2": "number", "intake_max_money_vnd": "money", "intake_min_money_vnd": "money"}
        fields = [Field(key, limits.LABELS[key], kinds.get(key, "int"), required=key != "intake_sao_m2",
                        hint=limits.REASONS[key], placeholder="Ví dụ: 360" if key == "intake_sao_m2" else "")
                  for key in limits.DEFAULTS]

        def save(vals: dict, ok: Callable, failed: Callable) -> None:
            self.ctx.worker.submit(limits.save_limits, vals, success=ok, failure=failed)

        dialog = RecordDialog(self, "Giới hạn khi nhập tệp Excel", fields, limits.get_limits(self.ctx.reader), save)
        self.intake_dialog = dialog
        if dialog.exec():
            self.show_intake_limits()

    def check_ledger(self) -> None:
        """SQLite's full integrity check and the ledger's own rules, on the worker; the answer in words."""
        from desktop.core.ledger import integrity

        def done(problems: list[str]) -> None:
            if not problems:
                QMessageBox.information(self, "Kiểm tra sổ", "Sổ nguyên vẹn: không phát hiện lỗi nào.")
                return
            shown = "\n".join(f"• {p}" for p in problems[:12])
            more = f"\n… và {len(problems) - 12} lỗi khác." if len(problems) > 12 else ""
            QMessageBox.warning(self, "Kiểm tra sổ", f"Phát hiện {len(problems)} lỗi trong sổ:\n{shown}{more}\n\n"
                                "Đừng nhập thêm dữ liệu. Hãy khôi phục bản sao lưu gần nhất (Khôi phục…) và báo "
                                "cán bộ tin học.")

        self.ctx.worker.submit(integrity.full_check, success=done)

    def _backup(self, to_folder: bool) -> None:
        backup_now(self.window(), self, to_folder)

    def _restore(self) -> None:
        restore(self.window(), self)

    def edit_catalogue(self) -> None:
        dialog = CatalogueDialog(self, self.ctx)
        self.catalogue_dialog = dialog
        dialog.exec()

    def edit_unit(self) -> None:
        def save(vals: dict, ok: Callable, failed: Callable) -> None:
            def job(ledger: Any, v: dict) -> dict:
                setup.update_unit(ledger, v)
                return setup.get_unit(ledger)

            self.ctx.worker.submit(job, vals, success=ok, failure=failed)

        dialog = RecordDialog(self, "Thông tin đơn vị", unit_fields(), form_values(self.ctx.unit), save)
        self.place_preview = attach_place_preview(dialog)
        self.unit_dialog = dialog
        if dialog.exec() and dialog.result_value:
            self.ctx.unit = dialog.result_value
            self.show_unit(self.ctx.unit)
            self.ctx.worker.changed.emit(Changes().add("unit"))
            self.on_unit_changed(self.ctx.unit)

