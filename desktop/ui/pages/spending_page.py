"""Thu – chi công trình: for the chosen work, the cash received (from the ledger, per tổ dân phố), the spending rows
(add, edit, delete with undo; import from the work's settlement workbook), the balance — a negative one said as
"Chi vượt số thu" — and the public notice of the whole work or of one tổ dân phố (Luật Thực hiện dân chủ ở cơ sở
2022, Điều 11), exported to Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.intake import spending_import
from desktop.core.ledger import work_spending
from desktop.core.ledger.records import Changes
from desktop.core.pdf.model import AdminDocument
from desktop.core.report import spending, spending_notice
from desktop.core.text.vnformat import format_date, format_int
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.record_dialog import Field, RecordDialog
from desktop.ui.stale import RefreshOnChange

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SPENDING_HEADERS = ["STT", "Ngày chi", "Nội dung chi", "Chứng từ", "Số tiền (đồng)", "Ghi chú"]
GROUP_HEADERS = ["Tổ dân phố", "Người\ngóp tiền", "Đã thu\n(đồng)"]
FIELDS = [
    Field("item", "Nội dung chi", required=True, placeholder="Ví dụ: Mua xi măng, cát, đá"),
    Field("amount_vnd", "Số tiền (đồng)", kind="money", required=True),
    Field("spent_on", "Ngày chi", kind="date", required=True, hint="Không sau hôm nay."),
    Field("document", "Chứng từ", placeholder="Ví dụ: HĐ 01/2026, PC 05/2026"),
    Field("note", "Ghi chú", kind="multiline"),
]


def _works(ledger: Ledger) -> list[tuple[int, str]]:
    return [(int(i), n) for i, n in ledger.conn.execute(
        "SELECT id, name FROM works WHERE deleted_at IS NULL ORDER BY sort_key, id")]


def _load(ledger: Ledger, work_id: int | None) -> dict[str, Any]:
    works = _works(ledger)
    if work_id is None and works:
        # Open on a work whose thu – chi is kept, if any: the one with the latest spending row.
        row = ledger.conn.execute("SELECT work_id FROM work_spending WHERE deleted_at IS NULL "
                                  "ORDER BY spent_on DESC, id DESC LIMIT 1").fetchone()
        work_id = int(row[0]) if row else works[0][0]
    balance = spending.work_balance(ledger, work_id) if work_id else None
    return {"works": works, "work_id": work_id, "balance": balance}


def _notice_pdf(ledger: Ledger, work_id: int, group_id: int | None) -> tuple[bytes, AdminDocument]:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    document = spending_notice.document(ledger, work_id, group_id)
    return nd30.render(document), document


def _add_job(ledger: Ledger, values: dict[str, Any]) -> Changes:
    return Changes().add(work_spending.TABLE, work_spending.add(ledger, values))


class SpendingPage(RefreshOnChange, QWidget):
    title = "Thu – chi công trình"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.work_id: int | None = None
        self.balance: dict[str, Any] | None = None
        self._undo: list[int] = []
        layout = QVBoxLayout(self)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self._build_bar(layout)
        self._build_totals(layout)
        self._build_tables(layout)
        self._build_undo_bar(layout)
        self.status = QLabel()
        self.status.setObjectName("hint")
        layout.addWidget(self.status)
        for keys, slot in ((QKeySequence("Ctrl+Z"), self.undo_delete), (QKeySequence("Ctrl+N"), self.add_row),
                           (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected)):  # this page's own
            QShortcut(keys, self, activated=slot).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.worker.changed.connect(self.on_changes)
        self._update_buttons()

    # --- building ------------------------------------------------------------------------------------------------
    def _build_bar(self, layout: QVBoxLayout) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Công trình:"))
        self.work_box = QComboBox()
        self.work_box.setMinimumWidth(340)
        self.work_box.currentIndexChanged.connect(self._work_chosen)
        bar.addWidget(self.work_box, 1)
        self.import_button = QPushButton("Nhập từ bảng quyết toán…")
        self.import_button.setToolTip("Tệp .xlsx có các cột Nội dung chi, Số tiền, Ngày, Chứng từ")
        self.notice_button = QPushButton("In thông báo công khai…")
        self.notice_button.setToolTip("Thông báo công khai thu, chi của cả công trình hoặc của một tổ dân phố, để "
                                      "niêm yết (không in số CCCD, số điện thoại)")
        self.notice_menu = QMenu(self)
        self.notice_button.setMenu(self.notice_menu)
        self.export_button = QPushButton("Xuất Excel…")
        for b in (self.import_button, self.notice_button, self.export_button):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.import_button.clicked.connect(self.import_settlement)
        self.export_button.clicked.connect(self.export_xlsx)

    def _build_totals(self, layout: QVBoxLayout) -> None:
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setStyleSheet("font-size: 15px; padding: 6px 2px;")
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.totals)
        self.in_kind = QLabel()
        self.in_kind.setObjectName("hint")
        self.in_kind.setWordWrap(True)
        layout.addWidget(self.in_kind)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        return table

    def _build_tables(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Đã thu theo tổ dân phố</b>"))
        self.group_table = self._table(GROUP_HEADERS)
        gh = self.group_table.horizontalHeader()
        for col in (1, 2):
            gh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        gh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        left.addWidget(self.group_table, 1)
        right = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("<b>Các khoản đã chi</b>"), 1)
        self.add_button = QPushButton("Thêm khoản chi")
        self.edit_button = QPushButton("Sửa")
        self.delete_button = QPushButton("Xóa")
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        right.addLayout(buttons)
        self.table = self._table(SPENDING_HEADERS)
        header = self.table.horizontalHeader()
        for col in range(len(SPENDING_HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)  # a long note must not squeeze the item
        self.table.setColumnWidth(5, 150)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        right.addWidget(self.table, 1)
        row.addLayout(left, 2)
        row.addLayout(right, 6)
        layout.addLayout(row, 1)
        self.add_button.clicked.connect(self.add_row)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

    def _build_undo_bar(self, layout: QVBoxLayout) -> None:
        self.undo_bar = QWidget()
        ub = QHBoxLayout(self.undo_bar)
        ub.setContentsMargins(6, 2, 6, 2)
        self.undo_label = QLabel()
        undo = QPushButton("Hoàn tác (Ctrl+Z)")
        undo.clicked.connect(self.undo_delete)
        ub.addWidget(self.undo_label, 1)
        ub.addWidget(undo)
        self.undo_bar.setStyleSheet("background: #fff4ce;")
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)

    # --- loading -------------------------------------------------------------------------------------------------
    def watched_tables(self) -> set[str]:
        return {work_spending.TABLE, "contributions", "works", "groups"}

    def refresh(self) -> None:
        self._stale = False
        self.ctx.worker.submit(_load, self.work_id, success=self._loaded)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.work_box.blockSignals(True)
        self.work_box.clear()
        for wid, name in data["works"]:
            self.work_box.addItem(name, wid)
        self.work_id = data["work_id"]
        index = self.work_box.findData(self.work_id)
        self.work_box.setCurrentIndex(max(index, 0))
        self.work_box.blockSignals(False)
        self.balance = data["balance"]
        self._show_balance()
        self._update_buttons()

    def _work_chosen(self, index: int) -> None:
        wid = self.work_box.itemData(index)
        if wid is not None and wid != self.work_id:
            self.work_id = int(wid)
            self._undo = []
            self.undo_bar.hide()
            self.refresh()

    def _show_balance(self) -> None:
        b = self.balance
        rows = b["spending"] if b else []
        groups = b["groups"] if b else []
        if b is None:
            self.totals.setText("Sổ chưa có công trình nào.")
            self.in_kind.setText("")
        else:
            left = b["balance_vnd"]
            verdict = (f"<span style='color:#b00020'><b>Chi vượt số thu: {format_int(-left)} đồng</b></span>"
                       if left < 0 else f"Còn lại: <b>{format_int(left)}</b> đồng")
            self.totals.setText(f"Đã thu (tiền mặt): <b>{format_int(b['received_vnd'])}</b> đồng &nbsp;&nbsp;│&nbsp;"
                                f"&nbsp; Đã chi: <b>{format_int(b['spent_vnd'])}</b> đồng &nbsp;&nbsp;│&nbsp;&nbsp; "
                                f"{verdict}")
            self.in_kind.setText(
                f"Đóng góp hiện vật, ngày công, đất (giá trị quy đổi, không tính vào tiền mặt): "
                f"{spending.in_kind_words(b['in_kind'])}." if b["in_kind"] else "")
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [str(i + 1), format_date(r["spent_on"]), r["item"], r["document"] or "",
                     format_int(r["amount_vnd"]), r["note"] or ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j in (0, 4):
                    item.setTextAlignment(RIGHT)
                if j in (2, 5):
                    item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.group_table.setRowCount(len(groups))
        for i, g in enumerate(groups):
            for j, text in enumerate([g["group"], format_int(g["givers"]), format_int(g["received_vnd"])]):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(RIGHT)
                self.group_table.setItem(i, j, item)
        self._fill_notice_menu(groups)
        self.status.setText(f"{len(rows)} khoản chi." if b else "")

    def _fill_notice_menu(self, groups: list[dict[str, Any]]) -> None:
        self.notice_menu.clear()
        self.notice_menu.addAction("Cả công trình…", lambda: self.show_notice(None))
        if groups:
            self.notice_menu.addSeparator()
        for g in groups:
            self.notice_menu.addAction(f"Phần của {g['group']}…", lambda gid=g["group_id"]: self.show_notice(gid))

    def selected_rows(self) -> list[dict[str, Any]]:
        rows = self.balance["spending"] if self.balance else []
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [rows[i] for i in picked if i < len(rows)]

    def _update_buttons(self) -> None:
        has_work = self.work_id is not None
        n = len(self.selected_rows()) if has_work else 0
        for b in (self.add_button, self.import_button, self.notice_button, self.export_button):
            b.setEnabled(has_work)
        self.edit_button.setEnabled(n == 1)
        self.delete_button.setEnabled(n >= 1)

    # --- actions -------------------------------------------------------------------------------------------------
    def _dialog(self, title: str, values: dict[str, Any] | None, record_id: int | None) -> RecordDialog:
        work_id = self.work_id

        def save(vals: dict[str, Any], ok: Any, failed: Any) -> None:
            if record_id is None:
                self.ctx.worker.submit(_add_job, {**vals, "work_id": work_id}, success=ok, failure=failed)
            else:
                self.ctx.worker.submit(work_spending.edit, record_id, vals, success=ok, failure=failed)

        return RecordDialog(self, title, FIELDS, values, save)

    def add_row(self) -> None:
        if self.work_id is not None:
            self._dialog(f"Thêm khoản chi — {self.work_box.currentText()}", None, None).exec()

    def edit_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            r = rows[0]
            self._dialog("Sửa khoản chi", {k: r[k] for k in ("item", "amount_vnd", "spent_on", "document", "note")},
                         r["id"]).exec()

    def delete_selected(self) -> None:
        ids = [r["id"] for r in self.selected_rows()]
        if not ids:
            return

        def job(ledger: Ledger) -> Changes:
            changes = Changes()
            with ledger.transaction():  # several rows: all deleted or none
                for rid in ids:
                    changes.merge(work_spending.delete(ledger, rid))
            return changes

        def done(_c: Changes) -> None:
            self._undo = ids
            self.undo_label.setText(f"Đã xóa {len(ids)} khoản chi. Dữ liệu vẫn được giữ trong sổ và có thể hoàn tác.")
            self.undo_bar.show()

        self.ctx.worker.submit(job, success=done)

    def undo_delete(self) -> None:
        ids, self._undo = self._undo, []
        self.undo_bar.hide()
        if not ids:
            return

        def job(ledger: Ledger) -> Changes:
            changes = Changes()
            with ledger.transaction():
                for rid in ids:
                    changes.merge(work_spending.restore(ledger, rid))
            return changes

        self.ctx.worker.submit(job)

    def import_settlement(self) -> None:
        path = file_dialogs.open_file(self, "import", "Nhập khoản chi từ bảng quyết toán", "Excel (*.xlsx)")
        if path is not None and self.work_id is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> None:
        self.status.setText("Đang đọc bảng quyết toán…")
        self.ctx.worker.submit(spending_import.plan, self.work_id, path, success=self._review_import)

    def _review_import(self, plan: spending_import.SpendingPlan) -> None:
        self.status.setText("")
        box = QMessageBox(self)
        box.setWindowTitle("Nhập từ bảng quyết toán")
        box.setText(f"Tệp {plan.path.name}: {len(plan.rows)} khoản chi đúng ({format_int(plan.total_vnd)} đồng), "
                    f"{len(plan.problems)} dòng lỗi.")
        if plan.problems:
            box.setInformativeText("Các dòng lỗi (bấm \"Show Details…\" để xem) sẽ không được nhập; hãy sửa trong "
                                   "tệp rồi nhập lại nếu cần.")
            box.setDetailedText("\n".join(str(p) for p in plan.problems))
        ok = box.addButton(f"Nhập {len(plan.rows)} khoản chi", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
        ok.setEnabled(bool(plan.rows))
        box.exec()
        if box.clickedButton() is ok:
            self.ctx.worker.submit(spending_import.apply, plan, True,
                                   success=lambda c: self.status.setText(
                                       f"Đã nhập {len(c.ids.get(work_spending.TABLE, ()))} khoản chi."))

    def show_notice(self, group_id: int | None) -> None:
        if self.work_id is None:
            return
        work = self.work_box.currentText()
        group = next((g["group"] for g in (self.balance or {}).get("groups", []) if g["group_id"] == group_id), None)
        self.status.setText("Đang tạo thông báo công khai…")
        self.ctx.worker.submit(_notice_pdf, self.work_id, group_id,
                               success=lambda made: self._preview(work, group, made))

    def _preview(self, work: str, group: str | None, made: tuple[bytes, AdminDocument]) -> None:
        from desktop.ui import pdf_view

        self.status.setText("")
        data, document = made
        title = f"Thông báo công khai thu, chi — {work}" + (f" — {group}" if group else "")
        pdf_view.PdfPreview(self, title, data, spending_notice.file_name(work, group), document=document,
                            worker=self.ctx.worker).exec()

    def export_xlsx(self) -> None:
        if self.work_id is None:
            return
        name = spending_notice.file_name(self.work_box.currentText()).replace(".pdf", ".xlsx")
        path = file_dialogs.save_file(self, "export", "Xuất Excel", name, "Excel (*.xlsx)")
        if path:
            self.export_to(str(path))

    def export_to(self, path: str) -> None:
        self.ctx.worker.submit(spending.export_xlsx, self.work_id, path,
                               success=lambda p: self.status.setText(f"Đã ghi {p}"))
