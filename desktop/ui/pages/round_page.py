"""Báo cáo của đơn vị: the ward's reporting round (seed 000 §VI) — who reports, by when, who has reported.

Tabs: Bảng theo dõi (the period's deadlines, the board coloured by state, print/export, the reminder list, a
report typed from paper, and the forms of desktop.ui.pages.round_forms when present), Đơn vị báo cáo (the register
with its contact people) and Nội dung báo cáo (one unit's figures and text). Reads and writes run on the worker;
the core (desktop.core.round) decides and explains every refusal.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.core.ledger.records import Changes
from desktop.core.round import board, board_pdf, deadlines, reports, units
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs
from desktop.ui.messages import show_error
from desktop.ui.pages import round_dialogs
from desktop.ui.pages.figures_pages import PeriodPage
from desktop.ui.pages.report.widgets import new_table, table_item

BOARD_HEADERS = ["Đơn vị", "Loại", "Người liên hệ", "Điện thoại", "Tình trạng", "Ngày nhận", "Hình thức", "Tệp nhận"]
UNIT_HEADERS = ["Đơn vị", "Loại", "Lĩnh vực / tổ", "Người liên hệ", "Điện thoại", "Đang báo cáo", "Ghi chú"]
# Light backgrounds a clerk reads at a glance: green sent, amber late, red overdue, none for not yet due.
COLOURS = {"on_time": "#e3f4e1", "late": "#fdebc8", "overdue": "#f9d6d5", "missing": None}
FORMS_MODULE = "desktop.ui.pages.round_forms"


def _forms_available() -> bool:
    return importlib.util.find_spec(FORMS_MODULE) is not None


class RoundPage(PeriodPage):
    title = "Báo cáo của đơn vị"

    def build(self, layout: QVBoxLayout) -> None:
        self.board: board.Board | None = None
        self.unit_rows: list[dict[str, Any]] = []
        self._ensured = False
        self.tabs = QTabWidget()
        self.tabs.addTab(self._board_tab(), "Bảng theo dõi")
        self.tabs.addTab(self._units_tab(), "Đơn vị báo cáo")
        self.tabs.addTab(self._view_tab(), "Nội dung báo cáo")
        layout.addWidget(self.tabs, 1)

    # --- building -------------------------------------------------------------------------------------------

    def _board_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel("Hạn các đơn vị gửi về phường:"))
        self.own_edit = QLineEdit()
        row.addWidget(self.own_edit)
        row.addWidget(QLabel("Hạn báo cáo cấp trên:"))
        self.upper_edit = QLineEdit()
        row.addWidget(self.upper_edit)
        for edit in (self.own_edit, self.upper_edit):
            edit.setPlaceholderText("ngày/tháng/năm")
            edit.setMaximumWidth(120)
        self.save_deadlines_button = QPushButton("Lưu hạn")
        self.save_deadlines_button.clicked.connect(self.save_deadlines)
        row.addWidget(self.save_deadlines_button)
        self.deadline_note = QLabel()
        self.deadline_note.setObjectName("hint")
        self.deadline_note.setWordWrap(True)
        row.addWidget(self.deadline_note, 1)
        v.addLayout(row)
        self.board_table = new_table(BOARD_HEADERS)
        header = self.board_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 120), (2, 125), (3, 100), (4, 175), (5, 85), (6, 110), (7, 115)):
            self.board_table.setColumnWidth(col, width)
        self.board_table.doubleClicked.connect(lambda _i: self.show_report())
        v.addWidget(self.board_table, 1)
        self.board_status = QLabel()
        self.board_status.setObjectName("hint")
        self.board_status.setWordWrap(True)
        v.addWidget(self.board_status)
        buttons = QHBoxLayout()
        self.enter_button = QPushButton("Gõ báo cáo…")
        self.enter_button.setToolTip("Nhập báo cáo bản giấy của đơn vị đang chọn: số liệu và nội dung từng mục")
        self.enter_button.clicked.connect(self.enter_report)
        self.import_button = QPushButton("Nhập báo cáo từ tệp…")
        self.import_button.clicked.connect(self.import_files)
        self.forms_button = QPushButton("Tạo mẫu báo cáo…")
        self.forms_button.clicked.connect(self.make_forms)
        if not _forms_available():  # the forms come with desktop.ui.pages.round_forms
            # hide(), never setVisible(True): on a widget without a parent yet that opens it as its own window,
            # which takes the main window's focus (and with it every keyboard shortcut).
            self.import_button.hide()
            self.forms_button.hide()
        self.view_button = QPushButton("Xem báo cáo")
        self.view_button.clicked.connect(self.show_report)
        buttons.addWidget(self.enter_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.forms_button)
        buttons.addWidget(self.view_button)
        buttons.addStretch(1)
        for text, slot in (("In…", lambda: self.print_board(False)), ("Xuất Excel…", lambda: self.export(False))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        # The reminder list, printed or exported: one button with its two choices (the row fits a 1280 screen).
        self.missing_button = QPushButton("Danh sách nhắc nộp")
        menu = QMenu(self.missing_button)
        menu.addAction("In danh sách nhắc nộp…", lambda: self.print_board(True))
        menu.addAction("Xuất danh sách nhắc nộp ra Excel…", lambda: self.export(True))
        self.missing_button.setMenu(menu)
        buttons.addWidget(self.missing_button)
        v.addLayout(buttons)
        return tab

    def _units_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        explain = QLabel("Các đơn vị phải báo cáo phong trào về Ủy ban nhân dân phường (qua công chức Văn phòng – "
                         "Thống kê) định kỳ 6 tháng, hàng năm: công chức chuyên môn theo lĩnh vực, Mặt trận, các "
                         "hội, đoàn thể và từng tổ dân phố. Tổ dân phố mới được thêm tự động.")
        explain.setObjectName("hint")
        explain.setWordWrap(True)
        v.addWidget(explain)
        self.units_table = new_table(UNIT_HEADERS)
        self.units_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 150), (2, 190), (3, 150), (4, 105), (5, 110), (6, 160)):
            self.units_table.setColumnWidth(col, width)
        self.units_table.doubleClicked.connect(lambda _i: self.edit_unit())
        v.addWidget(self.units_table, 1)
        row = QHBoxLayout()
        self.show_inactive = QCheckBox("Hiện cả đơn vị đã thôi báo cáo")
        self.show_inactive.toggled.connect(lambda _c: self._show_units())
        row.addWidget(self.show_inactive)
        row.addStretch(1)
        for text, slot in (("Thêm…", self.add_unit), ("Sửa…", self.edit_unit),
                           ("Thôi báo cáo / Báo cáo lại", self.toggle_unit)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        v.addLayout(row)
        return tab

    def _view_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel("Đơn vị:"))
        self.view_unit = QComboBox()
        self.view_unit.setMinimumWidth(380)
        self.view_unit.currentIndexChanged.connect(lambda _i: self._load_view())
        row.addWidget(self.view_unit)
        row.addStretch(1)
        v.addLayout(row)
        self.view_text = QTextBrowser()
        v.addWidget(self.view_text, 1)
        return tab

    # --- loading --------------------------------------------------------------------------------------------

    def watched_tables(self) -> set[str]:
        return {"reporting_units", "unit_reports", "round_deadlines", "groups", "unit"}

    def refresh(self) -> None:
        period = self.period.currentData()
        self._stale = False
        if not self._ensured:  # every active tổ dân phố and the default units, once per opening (idempotent)
            self._ensured = True
            # Said, not swallowed: a ledger that cannot be written (full disk, read-only) would otherwise show a
            # board missing its new tổ dân phố without a word.
            self.ctx.worker.submit(units.ensure_units, failure=lambda exc: show_error(self, exc))

        def job(led: Any) -> dict[str, Any]:
            return {"board": board.build(led, period.code), "deadlines": deadlines.get(led, period.code),
                    "units": units.list_units(led),
                    "groups": led.conn.execute("SELECT id, name FROM groups WHERE deleted_at IS NULL "
                                               "ORDER BY sort_key, id").fetchall()}

        self.ctx.worker.submit(job, success=lambda data: self._loaded_round(period, data))

    def _loaded_round(self, period: Any, data: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return  # another period was picked meanwhile
        self.bounds.setText(f"{period.label[0].upper()}{period.label[1:]} ({period.bounds_text}).")
        self.board = data["board"]
        self.unit_rows = data["units"]
        self.groups = [(gid, name) for gid, name in data["groups"]]
        self._show_deadlines(data["deadlines"])
        self._show_board()
        self._show_units()
        self._fill_view_units()

    def _show_deadlines(self, found: dict[str, Any]) -> None:
        self.own_edit.setText(format_date(found["own_deadline"]))
        self.upper_edit.setText(format_date(found["upper_deadline"]))
        if found["stored"]:
            self.deadline_note.setText("Đã lưu. Đơn vị gửi sau hạn của phường được ghi là muộn.")
        else:
            self.deadline_note.setText("Chưa lưu — các ngày trên là gợi ý theo kế hoạch (các đơn vị trước 10/6 và "
                                       "10/12; báo cáo năm lên cấp trên trước 15/12). Sửa nếu cần rồi bấm Lưu hạn.")

    def _show_board(self) -> None:
        b = self.board
        assert b is not None
        self.board_table.setRowCount(len(b.rows))
        for i, r in enumerate(b.rows):
            cells = [r["name"], r["kind_label"], r["contact_name"], r["contact_phone"], board.state_text(r),
                     format_date(r["received_on"]), r["source_label"], r["file_name"]]
            colour = COLOURS[r["state"]]
            for j, text in enumerate(cells):
                item = table_item(text)
                if j == 4 and r["state"] == "overdue":
                    item.setForeground(QBrush(QColor("#9b1c1c")))  # dark red: read at a glance, not cut as bold
                item.setToolTip(text)  # a long name or file name is cut in its column
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                self.board_table.setItem(i, j, item)
        self.board_table.resizeColumnToContents(4)  # the state is what the clerk reads: never cut
        c = b.counts()
        sent = c["on_time"] + c["late"]
        self.board_status.setText(
            f"Đến ngày {format_date(b.today)}: {sent}/{len(b.rows)} đơn vị đã gửi ({c['late']} muộn); "
            f"{c['missing'] + c['overdue']} chưa gửi ({c['overdue']} quá hạn). Bấm đúp một dòng để xem báo cáo.")

    def _show_units(self) -> None:
        rows = [u for u in self.unit_rows if u["active"] or self.show_inactive.isChecked()]
        self._units_shown = rows
        self.units_table.setRowCount(len(rows))
        for i, u in enumerate(rows):
            cells = [u["name"], u["kind_label"], u["field_label"] or u["group_name"] or "", u["contact_name"] or "",
                     u["contact_phone"] or "", "Có" if u["active"] else "Đã thôi", u["note"] or ""]
            for j, text in enumerate(cells):
                self.units_table.setItem(i, j, table_item(text))

    def _fill_view_units(self) -> None:
        keep = self.view_unit.currentData()
        self.view_unit.blockSignals(True)
        self.view_unit.clear()
        for r in self.board.rows if self.board else []:
            self.view_unit.addItem(f"{r['name']} — {board.state_text(r)}", r["unit_id"])
        index = self.view_unit.findData(keep)
        self.view_unit.setCurrentIndex(max(index, 0))
        self.view_unit.blockSignals(False)
        self._load_view()

    def _load_view(self) -> None:
        unit_id = self.view_unit.currentData()
        if unit_id is None:
            self.view_text.setHtml("<p>Chưa có đơn vị báo cáo.</p>")
            return
        code = self.period.currentData().code

        def job(led: Any) -> str:
            return round_dialogs.report_html(units.get(led, unit_id), reports.report_history(led, unit_id, code))

        self.ctx.worker.submit(job, success=self.view_text.setHtml)

    # --- actions --------------------------------------------------------------------------------------------

    def _selected_board_row(self) -> dict[str, Any] | None:
        i = self.board_table.currentRow()
        if self.board is None or not (0 <= i < len(self.board.rows)) or not self.board_table.selectedItems():
            return None
        return self.board.rows[i]

    def save_deadlines(self) -> None:
        code = self.period.currentData().code
        own, upper = self.own_edit.text().strip() or None, self.upper_edit.text().strip() or None

        def job(led: Any) -> Changes:
            return Changes().add(deadlines.TABLE, deadlines.set_deadlines(led, code, own=own, upper=upper))

        self.ctx.worker.submit(job, failure=lambda exc: show_error(self, exc))

    def show_report(self) -> None:
        r = self._selected_board_row()
        if r is None:
            return
        self.view_unit.setCurrentIndex(max(0, self.view_unit.findData(r["unit_id"])))
        self.tabs.setCurrentIndex(2)

    def enter_report(self) -> None:
        r = self._selected_board_row()
        if r is None:
            show_error(self, UserError("Hãy chọn một đơn vị trong bảng theo dõi trước (bấm vào dòng của đơn vị)."))
            return
        period = self.period.currentData()

        def job(led: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
            history = reports.report_history(led, r["unit_id"], period.code)
            return units.get(led, r["unit_id"]), (history[0] if history else None)

        def opened(found: tuple[dict[str, Any], dict[str, Any] | None]) -> None:
            round_dialogs.entry_dialog(self, self.ctx, found[0], period.code, period.label, found[1]).exec()

        self.ctx.worker.submit(job, success=opened)

    def import_files(self) -> None:
        from desktop.ui.pages import round_forms  # engineer C's forms: imported only when used

        round_forms.import_report_files(self, self.ctx, self.period.currentData().code)

    def make_forms(self) -> None:
        from desktop.ui.pages import round_forms

        # Every unit on the board: the forms go out to all of them at the start of the round.
        ids = [r["unit_id"] for r in (self.board.rows if self.board else [])]
        round_forms.save_forms(self, self.ctx, self.period.currentData().code, ids)

    def print_board(self, missing_only: bool) -> None:
        from desktop.ui import pdf_view

        b = self.board
        if b is None:
            return
        name = board.file_name("missing" if missing_only else "board", b.period_code, "pdf")
        title = "Danh sách nhắc nộp báo cáo" if missing_only else "Bảng theo dõi báo cáo"
        self.ctx.worker.submit(lambda led: board_pdf.render(led, b, missing_only=missing_only),
                               success=lambda data: pdf_view.PdfPreview(self, title, data, name).exec())

    def export(self, missing_only: bool) -> None:
        b = self.board
        if b is None:
            return
        name = board.file_name("missing" if missing_only else "board", b.period_code, "xlsx")
        path = file_dialogs.save_file(self, "export", "Xuất Excel", name, "Excel (*.xlsx)")
        if path:
            write = board.export_missing if missing_only else board.export_board
            self.ctx.worker.submit(lambda _led: write(b, path), failure=lambda exc: show_error(self, exc))

    def _selected_unit(self) -> dict[str, Any] | None:
        i = self.units_table.currentRow()
        shown = getattr(self, "_units_shown", [])
        return shown[i] if 0 <= i < len(shown) and self.units_table.selectedItems() else None

    def add_unit(self) -> None:
        round_dialogs.unit_dialog(self, self.ctx, None, getattr(self, "groups", [])).exec()

    def edit_unit(self) -> None:
        u = self._selected_unit()
        if u is not None:
            round_dialogs.unit_dialog(self, self.ctx, u, getattr(self, "groups", [])).exec()

    def toggle_unit(self) -> None:
        u = self._selected_unit()
        if u is not None:
            self.ctx.worker.submit(units.set_active, u["id"], not u["active"],
                                   failure=lambda exc: show_error(self, exc))

