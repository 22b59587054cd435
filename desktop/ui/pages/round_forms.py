"""The report forms of the reporting round on screen (issue 20): make the forms of the chosen units (Excel or Word
each) into a folder, and import the files they send back — a preview first, every problem by file, sheet, row and
column, then nothing, only the valid rows, or everything (as Nhập từ Excel does for the intake workbook).

Engineer B's page of the round calls `save_forms(parent, ctx, period_code, unit_ids)` and
`import_report_files(parent, ctx, period_code)`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop import APP_NAME
from desktop.core.ledger.records import Changes
from desktop.core.round import form_import, forms_docx, forms_xlsx
from desktop.core.round.form_parts import file_name as form_file_name
from desktop.core.round.form_parts import form_content, kind_label
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error

PURPOSE = "intake"  # the folder of the units' files, beside the tổ trưởng's workbooks
FORMATS = {"xlsx": "Excel (.xlsx)", "docx": "Word (.docx)"}
STATUS_TEXT = {"ok": "Hợp lệ", "errors": "Có ô lỗi", "refused": "Không nhận", "already": "Đã nhận trước"}
STATUS_COLOR = {"ok": "#e8f5e9", "errors": "#fff8e1", "refused": "#ffebee", "already": "#eceff1"}


def _item(text: str, color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if color:
        item.setBackground(QColor(color))
    return item


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    t.setWordWrap(True)
    return t


class FormsDialog(QDialog):
    """Which units, and Excel or Word for each; the files go into one folder, named with the unit and period."""

    def __init__(self, parent: QWidget | None, ctx: AppContext, period_code: str, unit_ids: list[int]):
        super().__init__(parent)
        self.ctx, self.period_code = ctx, period_code
        self.setWindowTitle(f"Tạo mẫu báo cáo — kỳ {period_code}")
        v = QVBoxLayout(self)
        hint = QLabel("Mỗi đơn vị một tệp, ghi sẵn tên đơn vị và kỳ báo cáo. Chọn Excel (mặc định) hoặc Word cho "
                      "đơn vị quen soạn bằng Word; rồi chọn thư mục để lưu và gửi tệp cho từng đơn vị.")
        hint.setWordWrap(True)
        v.addWidget(hint)
        self.table = _table(["Đơn vị báo cáo", "Loại", "Mẫu", "Tên tệp"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rows: list[tuple[int, Any, QComboBox]] = []
        for unit_id in unit_ids:
            content = form_content(ctx.reader, unit_id, period_code)
            r = self.table.rowCount()
            self.table.insertRow(r)
            self.table.setItem(r, 0, _item(content.identity.unit_name))
            self.table.item(r, 0).setToolTip(content.identity.unit_name)
            self.table.setItem(r, 1, _item(kind_label(content.identity.unit_kind, content.identity.field)))
            combo = QComboBox()
            for key, label in FORMATS.items():
                combo.addItem(label, key)
            combo.currentIndexChanged.connect(lambda _i, r=r: self._name(r))
            self.table.setCellWidget(r, 2, combo)
            self.rows.append((unit_id, content.identity, combo))
            self._name(r)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 230))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 260))
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        for label, key in (("Tất cả Excel", "xlsx"), ("Tất cả Word", "docx")):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, key=key: self._all(key))
            row.addWidget(b)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Chọn thư mục và lưu…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        v.addLayout(row)
        self.resize(980, 520)

    def _name(self, r: int) -> None:
        _unit_id, identity, combo = self.rows[r]
        name = _item(form_file_name(identity, combo.currentData()))
        name.setToolTip(name.text())
        self.table.setItem(r, 3, name)

    def _all(self, key: str) -> None:
        for _unit_id, _identity, combo in self.rows:
            combo.setCurrentIndex(combo.findData(key))

    def chosen(self) -> list[tuple[int, str, str]]:
        """(unit id, xlsx|docx, file name) of each row."""
        return [(u, c.currentData(), form_file_name(i, c.currentData())) for u, i, c in self.rows]


def save_forms(parent: QWidget, ctx: AppContext, period_code: str, unit_ids: list[int]) -> Any:
    """Ask Excel or Word per unit and a folder, then write one form per unit there (on the database worker)."""
    if not unit_ids:
        QMessageBox.information(parent, APP_NAME, "Chưa chọn đơn vị báo cáo nào.")
        return None
    try:
        dialog = FormsDialog(parent, ctx, period_code, unit_ids)
    except Exception as exc:  # an unknown unit or period: said, nothing written
        show_error(parent, exc)
        return None
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return dialog
    folder = file_dialogs.pick_folder(parent, PURPOSE, "Chọn thư mục lưu các mẫu báo cáo")
    if folder is None:
        return dialog
    chosen = dialog.chosen()
    if not file_dialogs.confirm_overwrite_in(parent, folder, [name for _u, _k, name in chosen]):
        return dialog

    def job(led: Ledger) -> list[Path]:
        writers = {"xlsx": forms_xlsx.write_form, "docx": forms_docx.write_form}
        return [writers[kind](led, unit_id, period_code, folder / name) for unit_id, kind, name in chosen]

    def done(paths: list[Path]) -> None:
        QMessageBox.information(parent, APP_NAME, f"Đã lưu {len(paths)} mẫu báo cáo kỳ {period_code} vào thư mục "
                                f"{folder}:\n" + "\n".join(p.name for p in paths))

    ctx.worker.submit(job, success=done, failure=lambda exc: show_error(parent, exc))
    return dialog


class ReportImportDialog(QDialog):
    """Nhận báo cáo của đơn vị: the files checked (nothing written), each with its status and problems; then
    import nothing, only the valid rows, or all."""

    def __init__(self, parent: QWidget | None, ctx: AppContext, period_code: str, paths: list[Path]):
        super().__init__(parent)
        self.ctx, self.period_code, self.paths = ctx, period_code, paths
        self.previews: list[form_import.FilePreview] = []
        self.result: form_import.ImportResult | None = None
        self.setWindowTitle(f"Nhận báo cáo của đơn vị — kỳ {period_code}")
        v = QVBoxLayout(self)
        self.summary = QLabel(f"Đang đọc và kiểm tra {len(paths)} tệp… (chưa ghi gì vào sổ)")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.summary)
        self.files = _table(["Tệp", "Đơn vị", "Trạng thái", "Nội dung"])
        v.addWidget(self.files, 2)
        v.addWidget(QLabel("Các ô không nhận được (theo tệp, trang, dòng, cột):"))
        self.problems = _table(["Tệp", "Trang/phần", "Dòng", "Cột", "Đã ghi", "Vấn đề"])
        v.addWidget(self.problems, 3)
        row = QHBoxLayout()
        row.addWidget(QLabel("Ngày nhận:"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMaximumDate(QDate.currentDate())
        row.addWidget(self.day)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setObjectName("hint")
        row.addWidget(self.note, 1)
        self.cancel_button = QPushButton("Không nhập gì")
        self.valid_button = QPushButton("Chỉ nhập các dòng hợp lệ")
        self.import_button = QPushButton("Nhập vào sổ")
        self.import_button.setObjectName("primary")
        for b in (self.cancel_button, self.valid_button, self.import_button):
            row.addWidget(b)
        self.valid_button.setEnabled(False)
        self.import_button.setEnabled(False)
        v.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.valid_button.clicked.connect(lambda: self.apply(only_valid=True))
        self.import_button.clicked.connect(lambda: self.apply(only_valid=False))
        self.resize(1180, 660)  # fits a 1366×768 screen with its taskbar
        ctx.worker.submit(form_import.preview, paths, period_code, success=self.show_preview, failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(f"✘ {exc}")
        self.summary.setStyleSheet("color: #b00020;")
        self.cancel_button.setText("Đóng")

    def show_preview(self, previews: list[form_import.FilePreview]) -> None:
        self.previews = previews
        self.files.setRowCount(len(previews))
        problems = [(p, x) for p in previews for x in p.problems]
        for i, p in enumerate(previews):
            notes = " ".join(p.report.notes) if p.report else ""
            for j, text in enumerate((p.path.name, p.unit_name, STATUS_TEXT[p.status], f"{p.message} {notes}".strip())):
                self.files.setItem(i, j, _item(text, STATUS_COLOR[p.status] if j == 2 else None))
        self.problems.setRowCount(len(problems))
        for i, (p, x) in enumerate(problems):
            for j, text in enumerate((p.path.name, x.sheet, str(x.row or ""), x.column, x.typed, x.message)):
                self.problems.setItem(i, j, _item(text, "#ffebee" if j == 5 else None))
        for t in (self.files, self.problems):
            t.resizeColumnsToContents()
            for c in range(t.columnCount() - 1):
                t.setColumnWidth(c, min(t.columnWidth(c), 260))
            t.horizontalHeader().setSectionResizeMode(t.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
            t.resizeRowsToContents()
        counts = {s: sum(1 for p in previews if p.status == s) for s in STATUS_TEXT}
        self.summary.setText(f"{len(previews)} tệp: {counts['ok']} hợp lệ, {counts['errors']} có ô lỗi, "
                             f"{counts['refused']} không nhận, {counts['already']} đã nhận trước. Chưa ghi gì vào sổ.")
        clean = [p for p in previews if p.status == "ok" and p.importable]
        with_errors = [p for p in previews if p.status == "errors" and p.importable]
        self.import_button.setEnabled(bool(clean) and not with_errors)
        self.valid_button.setEnabled(bool(with_errors))
        if with_errors:
            self.note.setText(f"{len(with_errors)} tệp còn ô lỗi: gửi lại đơn vị sửa, hoặc chỉ nhập các ô hợp lệ.")
        elif not clean:
            self.note.setText("Không có tệp nào để nhập.")

    def apply(self, only_valid: bool) -> None:
        for b in (self.valid_button, self.import_button):
            b.setEnabled(False)
        self.note.setText("Đang nhập…")
        day = self.day.date().toPython()
        received = day.isoformat() if isinstance(day, dt.date) else None
        previews = self.previews

        def job(led: Ledger) -> form_import.ImportResult:
            return form_import.import_files(led, previews, only_valid=only_valid, received_on=received,
                                            entered_by=led.user or None)

        def done(result: form_import.ImportResult) -> None:
            self.result = result
            changes = Changes()
            for _path, report_id in result.saved:
                changes.add("unit_reports", report_id)
            self.ctx.worker.changed.emit(changes)
            names = ", ".join(p.name for p, _id in result.saved)
            skipped = f" {len(result.skipped)} tệp không nhập (xem lý do ở bảng trên)." if result.skipped else ""
            self.note.setText(("✔ " if result.saved else "✘ ") + f"Đã nhận {len(result.saved)} báo cáo"
                              + (f": {names}." if names else ".") + skipped)
            self.summary.setText(self.summary.text().replace("Chưa ghi gì vào sổ.", "Đã ghi vào sổ."))
            self.cancel_button.setText("Đóng")

        def failed(exc: BaseException) -> None:
            self.note.setText("✘ Chưa nhập gì.")
            show_error(self, exc)

        self.ctx.worker.submit(job, success=done, failure=failed)


def import_report_files(parent: QWidget, ctx: AppContext, period_code: str,
                        paths: list[Path] | None = None) -> Any:
    """Choose the returned files, then preview and import them (ReportImportDialog)."""
    paths = paths or file_dialogs.open_files(parent, PURPOSE, f"Chọn các tệp báo cáo của đơn vị (kỳ {period_code})",
                                             "Báo cáo (*.xlsx *.docx);;Excel (*.xlsx);;Word (*.docx);;Mọi tệp (*)")
    if not paths:
        return None
    dialog = ReportImportDialog(parent, ctx, period_code, paths)
    dialog.exec()
    return dialog
