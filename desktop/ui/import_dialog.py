"""Nhập từ Excel: check the workbook (nothing written), show every problem by sheet, row and column,
let the clerk say who an ambiguous name is, then import nothing, or only the valid rows.

The plan is made and applied on the database worker: a 10,000-row workbook never freezes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.intake import applying, error_list, importplan, planning, template
from desktop.core.ledger import demo_mark, groups
from desktop.ui import file_dialogs, import_review
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error


def choose_workbook(parent: QWidget) -> Path | None:
    return file_dialogs.open_file(parent, "intake", "Chọn tệp Excel để nhập", "Excel (*.xlsx);;Mọi tệp (*)")


def save_template(parent: QWidget, ctx: AppContext, group_name: str | None = None) -> None:
    name = f"Mau-nhap-lieu-{group_name or 'toan-phuong'}.xlsx".replace(" ", "-")
    path = file_dialogs.save_file(parent, "intake", "Lưu mẫu nhập liệu Excel", name, "Excel (*.xlsx)")
    if not path:
        return

    def job(led: Ledger) -> Path:
        gid = groups.find_by_name(led, group_name) if group_name else None
        template.write_template(led, path, group_id=gid)
        return path

    ctx.worker.submit(job, failure=lambda exc: show_error(parent, exc))


def _item(text: str, color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if color:
        item.setBackground(QColor(color))
    return item


BACKUP_NOTE = "Trước khi nhập, chương trình tự sao lưu sổ; nếu có lỗi giữa chừng thì không dòng nào được ghi."


class ImportDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx: AppContext, path: Path):
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.plan: importplan.ImportPlan | None = None
        self.result: applying.ImportResult | None = None
        self.setWindowTitle(f"Nhập từ Excel — {path.name}")
        v = QVBoxLayout(self)
        self.summary = QLabel("Đang đọc và kiểm tra tệp… (chưa ghi gì vào sổ)")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.summary)
        self.status_choice = import_review.StatusChoice()
        self.status_choice.changed.connect(self._status_chosen)
        v.addWidget(self.status_choice)
        self.tabs = QTabWidget()
        self.problems = self._table(["Trang", "Dòng", "Cột", "Vấn đề"])
        self.duplicates = self._table(["Trang", "Dòng", "Vì sao không nhập"])
        self.ambiguous = self._table(["Trang", "Dòng", "Họ và tên", "Tổ dân phố", "Là người nào?"])
        self.tabs.addTab(self.problems, "Lỗi")
        self.tabs.addTab(self.duplicates, "Có thể trùng")
        self.tabs.addTab(self.ambiguous, "Cần chọn người")
        self.names = self._table(import_review.NAME_HEADERS)
        self.land = self._table(import_review.LAND_HEADERS)
        self.tabs.addTab(self.names, "Tên không dấu")
        self.tabs.addTab(self.land, "Hiến đất — đơn giá")
        self._unit_asked = False
        self.tabs.setCornerWidget(self._error_list_buttons())
        v.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.note = QLabel(BACKUP_NOTE)
        self.note.setWordWrap(True)
        self.note.setObjectName("hint")
        row.addWidget(self.note, 1)
        self.cancel_button = QPushButton("Không nhập gì")
        self.valid_button = QPushButton("Chỉ nhập các dòng hợp lệ")
        self.import_button = QPushButton("Nhập vào sổ")
        self.import_button.setObjectName("primary")
        for b in (self.cancel_button, self.valid_button, self.import_button):
            b.setEnabled(False)
            row.addWidget(b)
        self.cancel_button.setEnabled(True)
        v.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.valid_button.clicked.connect(self.apply)
        self.import_button.clicked.connect(self.apply)
        self.resize(1180, 660)  # fits a 1366×768 screen with its taskbar; smaller screens shrink it on show
        ctx.worker.submit(planning.plan, path, success=self.show_plan, failure=self._failed)

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        t.setWordWrap(True)
        return t

    def _error_list_buttons(self) -> QWidget:
        """Lưu / In danh sách lỗi: the rows with problems as they were typed, with what is wrong, for the tổ trưởng."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 2)
        self.save_errors_button = QPushButton("Lưu danh sách lỗi…")
        self.save_errors_button.setToolTip("Tệp Excel gồm các dòng có lỗi đúng như tổ trưởng đã ghi, thêm cột \"Lỗi\" "
                                           "(hoặc tệp PDF), để gửi lại tổ trưởng sửa.")
        self.print_errors_button = QPushButton("In danh sách lỗi")
        self.print_errors_button.setToolTip("Xem và in danh sách lỗi (Trang, Dòng, Cột, Nội dung đã ghi, Lỗi).")
        for b, slot in ((self.save_errors_button, self.save_errors), (self.print_errors_button, self.print_errors)):
            b.setEnabled(False)
            b.clicked.connect(slot)
            row.addWidget(b)
        return box

    def save_errors(self) -> None:
        plan = self.plan
        if plan is None or not plan.problems:
            return
        path = file_dialogs.save_file(self, "intake", "Lưu danh sách lỗi để gửi lại tổ trưởng",
                                      f"Danh-sach-loi-{self.path.stem}.xlsx", "Excel (*.xlsx);;PDF để in (*.pdf)")
        if path is None:
            return
        unit = self.ctx.unit
        self.ctx.worker.submit(lambda led: error_list.write(error_list.build(plan), path, unit,
                                                            watermark=demo_mark.mark_for(led)),
                               success=lambda p: self.note.setText(f"✔ Đã lưu danh sách lỗi {p}: gửi lại tổ trưởng "
                                                                   "để sửa các ô tô đỏ."),
                               failure=lambda exc: show_error(self, exc))

    def print_errors(self) -> None:
        from desktop.ui import pdf_view

        plan = self.plan
        if plan is None or not plan.problems:
            return
        unit, name = self.ctx.unit, f"Danh-sach-loi-{self.path.stem}.pdf"
        self.ctx.worker.submit(lambda led: error_list.pdf_bytes(error_list.build(plan), unit,
                                                                watermark=demo_mark.mark_for(led)),
                               success=lambda data: pdf_view.PdfPreview(self, "Danh sách lỗi", data, name).exec(),
                               failure=lambda exc: show_error(self, exc))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(f"✘ {exc}" if isinstance(exc, Exception) else "✘ Lỗi.")
        self.summary.setStyleSheet("color: #b00020;")
        self.cancel_button.setText("Đóng")

    def show_plan(self, plan: importplan.ImportPlan) -> None:
        self.plan = plan
        lines = []
        for line in plan.summary_text(limit=0).split("\n"):
            if line.endswith(":"):  # the detailed lists follow: they are in the tabs below
                break
            if line != plan.status_text():  # said by the choice below, next to its answer
                lines.append(line)
        self.summary.setText("<br>".join(lines))
        self.problems.setRowCount(len(plan.problems))
        for i, p in enumerate(plan.problems):
            for j, text in enumerate((p.sheet, str(p.row or ""), p.column or "", p.message)):
                self.problems.setItem(i, j, _item(text, "#ffebee" if j == 3 else None))
        dups = plan.duplicates
        self.duplicates.setRowCount(len(dups))
        for i, d in enumerate(dups):
            for j, text in enumerate((d.sheet, str(d.row), d.message)):
                self.duplicates.setItem(i, j, _item(text))
        amb = plan.ambiguous
        self.ambiguous.setRowCount(len(amb))
        self._choices: list[tuple[importplan.Ambiguous, QComboBox]] = []
        for i, a in enumerate(amb):
            for j, text in enumerate((a.sheet, str(a.row), a.name, a.group)):
                self.ambiguous.setItem(i, j, _item(text))
            combo = QComboBox()
            combo.addItem("— chưa chọn (dòng này không được nhập) —", None)
            for c in a.candidates:
                combo.addItem(f"Mã {c.id}: {c.name}" + (f", {c.address}" if c.address else ""), c.id)
            combo.addItem("Một người khác (thêm người mới)", importplan.NEW_CONTRIBUTOR)
            if a.choice is not None:
                combo.setCurrentIndex(combo.findData(a.choice))
            combo.currentIndexChanged.connect(lambda _i, a=a, combo=combo: self._resolve(a, combo))
            self.ambiguous.setCellWidget(i, 4, combo)
            self._choices.append((a, combo))
        self.problems.resizeRowsToContents()
        for t in (self.problems, self.duplicates):
            t.resizeColumnsToContents()
            t.horizontalHeader().setSectionResizeMode(t.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.tabs.setTabText(0, f"Lỗi ({len(plan.problems)})")
        self.tabs.setTabText(1, f"Có thể trùng ({len(dups)})")
        self.tabs.setTabText(2, f"Cần chọn người ({len(plan.unresolved)}/{len(amb)})")
        if amb and not plan.problems:
            self.tabs.setCurrentIndex(2)
        for b in (self.save_errors_button, self.print_errors_button):
            b.setEnabled(bool(plan.problems))
        self._show_review(plan, bool(amb and plan.unresolved))
        self._update_buttons()

    def _show_review(self, plan: importplan.ImportPlan, choosing: bool) -> None:
        """Trạng thái, names without accents, land rates; and another unit's workbook asked about once."""
        self.status_choice.show_for(plan)
        waiting = len(plan.unresolved_names)
        names = import_review.fill_names(self.names, plan, lambda: self.show_plan(plan))
        self.tabs.setTabText(3, f"Tên không dấu ({waiting}/{names})")
        self.tabs.setTabText(4, f"Hiến đất — đơn giá ({import_review.fill_land(self.land, plan)})")
        if waiting and not plan.problems and not choosing:
            self.tabs.setCurrentIndex(3)
        if plan.other_unit and not self._unit_asked:
            self._unit_asked = True
            plan.other_unit_allowed = self.ask_other_unit(plan)
            if not plan.other_unit_allowed:
                self.summary.setText(f"✘ Không nhập: {plan.unit_text()}<br>{self.summary.text()}")

    def ask_other_unit(self, plan: importplan.ImportPlan) -> bool:
        return import_review.ask_other_unit(self, plan)

    def _status_chosen(self) -> None:
        if self.plan is not None:
            self.show_plan(self.plan)

    def _resolve(self, a: importplan.Ambiguous, combo: QComboBox) -> None:
        assert self.plan is not None
        choice = combo.currentData()
        if choice is None:
            self.plan.unresolve(a.key)
        else:
            self.plan.resolve(a.key, choice)
        self.show_plan(self.plan)

    def _update_buttons(self) -> None:
        plan = self.plan
        if plan is None:
            return
        something = not plan.nothing_to_add()
        clean = not plan.problems and not plan.unresolved and not plan.unresolved_names
        # Asked and not yet answered: what rows without Trạng thái are; another unit's workbook refused.
        answered = not plan.needs_status and (plan.other_unit_allowed or not plan.other_unit)
        self.import_button.setEnabled(something and clean and answered)
        self.valid_button.setEnabled(something and not clean and answered)
        if something and not answered:
            self.note.setText("Chưa nhập được: " + ("tệp của đơn vị khác." if plan.other_unit and not
                              plan.other_unit_allowed else "hãy chọn Trạng thái cho các khoản ở trên."))
        elif something and self.note.text().startswith("Chưa nhập được"):
            self.note.setText(BACKUP_NOTE)
        if not something:
            self.note.setText("Không có gì mới để nhập (tệp trống, chỉ có dòng ví dụ, hoặc mọi dòng đã có trong sổ).")

    def apply(self) -> None:
        plan = self.plan
        if plan is None:
            return
        for b in (self.valid_button, self.import_button):
            b.setEnabled(False)
        self.note.setText("Đang sao lưu và nhập…")

        def done(result: applying.ImportResult) -> None:
            self.result = result
            self.ctx.worker.changed.emit(result.changes)
            self.note.setText("✔ " + result.summary_text())
            self.cancel_button.setText("Đóng")

        def failed(exc: BaseException) -> None:
            self.note.setText("✘ Chưa nhập gì.")
            show_error(self, exc)
            self._update_buttons()

        self.ctx.worker.submit(lambda led: applying.apply(led, plan, only_valid=True), success=done, failure=failed)


def run_import(parent: QWidget, ctx: AppContext, path: Path | None = None) -> Any:
    path = path or choose_workbook(parent)
    if path is None:
        return None
    dialog = ImportDialog(parent, ctx, path)
    dialog.exec()
    return dialog
