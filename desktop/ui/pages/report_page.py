"""Báo cáo: the figures, the narrative, the targets; preview, print, save and issue the PDF.

Everything slow (figures, PDF) runs on the database worker; the narrative is saved as the clerk
types (a short pause after the last key), so closing the program never loses a sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.figures import targets
from desktop.core.ledger import locks
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.pdf import heading
from desktop.core.report import narrative, register, report
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.ui.pages.figures_pages import GROUP_COLUMNS, _PeriodPage, fmt
from desktop.ui.record_dialog import Field, RecordDialog

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def page_state(ledger: Ledger, period: Period) -> dict[str, Any]:
    """Everything the page shows for a period, read in one job on the worker."""
    ctx = narrative.context(ledger, period)
    return {
        "summary": ctx.summary,
        "texts": narrative.texts(ledger, period, ctx),
        "draft": narrative.load_draft(ledger, period),
        "targets": ctx.targets,
        "status": report.status(ledger, period),
        "recipients": narrative.default_recipients(ctx.unit),
        "cc": narrative.default_cc(ctx.unit),
    }


def _item(text: str, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if bold:
        f = item.font()
        f.setBold(True)
        item.setFont(f)
    return item


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    return t


class ReportPage(_PeriodPage):
    title = "Báo cáo"

    def build(self, layout: QVBoxLayout) -> None:
        self.state: dict[str, Any] | None = None
        self._dirty: set[str] = set()
        self._loading = False

        # What is issued for this period, and what changed since.
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.banner_text, 1)
        self.changes_button = QPushButton("Xem thay đổi…")
        self.unlock_button = QPushButton("Mở khóa kỳ…")
        self.issued_button = QPushButton("Xem bản đã ban hành")
        for b in (self.changes_button, self.unlock_button, self.issued_button):
            row.addWidget(b)
        self.changes_button.clicked.connect(self.show_changes)
        self.unlock_button.clicked.connect(self.unlock_period)
        self.issued_button.clicked.connect(lambda: self.open_issued(None))
        layout.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._figures_tab(), "Số liệu")
        self.tabs.addTab(self._text_tab(), "Nội dung báo cáo")
        self.tabs.addTab(self._targets_tab(), "Chỉ tiêu")
        self.tabs.addTab(self._history_tab(), "Văn bản đã ban hành")
        layout.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        actions.addWidget(self.hint, 1)
        self.preview_button = QPushButton("Xem trước")
        self.print_button = QPushButton("In…")
        self.save_button = QPushButton("Lưu PDF…")
        self.issue_button = QPushButton("Ban hành…")
        self.issue_button.setObjectName("primary")
        for b in (self.preview_button, self.print_button, self.save_button, self.issue_button):
            actions.addWidget(b)
        self.preview_button.clicked.connect(lambda: self.with_pdf("preview"))
        self.print_button.clicked.connect(lambda: self.with_pdf("print"))
        self.save_button.clicked.connect(lambda: self.with_pdf("save"))
        self.issue_button.clicked.connect(self.issue)
        layout.addLayout(actions)

        self._save_timer = QTimer(self, singleShot=True, interval=700)
        self._save_timer.timeout.connect(self.save_draft)

    # --- tabs --------------------------------------------------------------------------------
    def _figures_tab(self) -> QWidget:
        self.table = _table([h for _k, h in GROUP_COLUMNS])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setColumnWidth(0, 150)
        header = self.table.horizontalHeader()
        for col in range(1, len(GROUP_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        return self.table

    def _text_tab(self) -> QWidget:
        w = QWidget()
        split = QSplitter()
        self.section_list = QListWidget()
        for key, title in narrative.SECTIONS.items():
            self.section_list.addItem(title)
            self.section_list.item(self.section_list.count() - 1).setData(Qt.ItemDataRole.UserRole, key)
        self.section_list.addItem("Kính gửi, nơi nhận, ngày báo cáo")
        self.section_list.setWordWrap(True)
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.setMinimumWidth(230)
        self.section_list.setMaximumWidth(340)
        self.section_list.currentRowChanged.connect(self._show_section)
        split.addWidget(self.section_list)

        right = QWidget()
        v = QVBoxLayout(right)
        v.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        self.section_state = QLabel()
        self.section_state.setObjectName("hint")
        self.regenerate_button = QPushButton("Viết lại theo số liệu")
        self.regenerate_button.setToolTip("Bỏ phần đã sửa, dùng lại đoạn văn tự động tạo từ số liệu của kỳ")
        self.regenerate_button.clicked.connect(self._regenerate)
        head.addWidget(self.section_state, 1)
        head.addWidget(self.regenerate_button)
        v.addLayout(head)
        self.editor = QPlainTextEdit()
        self.editor.textChanged.connect(lambda: self._typed("section"))
        v.addWidget(self.editor, 1)

        self.meta = QWidget()
        form = QFormLayout(self.meta)
        self.report_date = QDateEdit()
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("dd/MM/yyyy")
        self.report_date.dateChanged.connect(lambda _d: self._typed("report_date"))
        self.recipients = QPlainTextEdit()
        self.recipients.setFixedHeight(70)
        self.recipients.textChanged.connect(lambda: self._typed("recipients"))
        self.cc = QPlainTextEdit()
        self.cc.setFixedHeight(120)
        self.cc.textChanged.connect(lambda: self._typed("cc"))
        form.addRow("Ngày báo cáo:", self.report_date)
        form.addRow("Kính gửi (mỗi dòng một nơi):", self.recipients)
        form.addRow("Nơi nhận (mỗi dòng một nơi):", self.cc)
        v.addWidget(self.meta)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("hint")
        v.addWidget(self.saved_label)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(w)
        layout.addWidget(split)
        return w

    def _targets_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.targets_label = QLabel()
        v.addWidget(self.targets_label)
        self.targets_table = _table(["Chỉ tiêu", "Đơn vị", "Kế hoạch", "Kết quả", "Tỷ lệ (%)", "Kết quả lấy từ"])
        self.targets_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.targets_table.setColumnWidth(5, 260)
        self.targets_table.doubleClicked.connect(lambda _i: self.edit_target())
        v.addWidget(self.targets_table, 1)
        row = QHBoxLayout()
        self.add_target_button = QPushButton("Thêm chỉ tiêu…")
        self.edit_target_button = QPushButton("Sửa…")
        self.delete_target_button = QPushButton("Xóa")
        self.examples_button = QPushButton("Thêm các chỉ tiêu thường dùng")
        for b in (self.add_target_button, self.edit_target_button, self.delete_target_button, self.examples_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.add_target_button.clicked.connect(lambda: self.edit_target(new=True))
        self.edit_target_button.clicked.connect(lambda: self.edit_target())
        self.delete_target_button.clicked.connect(self.delete_target)
        self.examples_button.clicked.connect(self.add_example_targets)
        return w

    def _history_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.history = _table(["Số, ký hiệu", "Ngày", "Lần", "Tình trạng", "Người ban hành", "Mã kiểm tra SHA-256"])
        for col in range(5):
            self.history.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.history.doubleClicked.connect(lambda _i: self.open_issued(self._history_id()))
        v.addWidget(self.history, 1)
        row = QHBoxLayout()
        view = QPushButton("Xem, in văn bản đã chọn")
        view.clicked.connect(lambda: self.open_issued(self._history_id()))
        row.addWidget(view)
        row.addStretch(1)
        v.addLayout(row)
        return w

    # --- loading -----------------------------------------------------------------------------
    def watched_tables(self) -> set[str]:
        return super().watched_tables() | {"report_drafts", "targets", "documents", "period_locks", "rates"}

    def refresh(self) -> None:
        p = self.period.currentData()
        self._stale = False
        self.ctx.worker.submit(page_state, p, success=lambda s: self._state_loaded(p, s))

    def _state_loaded(self, period: Period, state: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return
        self.state = state
        self._loaded(period, state["summary"])  # bounds line and the figures table
        self._loading = True
        try:
            self._fill_texts(state)
            self._fill_targets(state["targets"], period)
            self._fill_history(state["status"])
            self._fill_banner(state["status"])
        finally:
            self._loading = False

    def show_result(self, result: dict[str, Any]) -> None:
        rows = [*result["by_group"], {"group": "Tổng cộng", **result["totals"]}]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, (key, _h) in enumerate(GROUP_COLUMNS):
                self.table.setItem(i, j, _item(fmt(key, r[key]), right=j > 0, bold=i == len(rows) - 1))

    def _fill_texts(self, state: dict[str, Any]) -> None:
        if self.section_list.currentRow() < 0:
            self.section_list.setCurrentRow(1)  # "Kết quả": the section a clerk reads first
        else:
            self._show_section(self.section_list.currentRow())
        draft = state["draft"]
        if "report_date" not in self._dirty:
            d = dt.date.fromisoformat(draft["report_date"]) if draft["report_date"] else dt.date.today()
            self.report_date.setDate(QDate(d.year, d.month, d.day))
        if "recipients" not in self._dirty:
            self._set_plain(self.recipients, "\n".join(draft["recipients"] if draft["recipients"] is not None
                                                       else state["recipients"]))
        if "cc" not in self._dirty:
            self._set_plain(self.cc, "\n".join(draft["cc"] if draft["cc"] is not None else state["cc"]))
        missing = narrative.unfilled(state["texts"])
        self.hint.setText(("Còn chỗ “…” chưa điền ở mục: " + "; ".join(missing) + ".") if missing else
                          "Nội dung đã đủ. Xem trước rồi ban hành khi lãnh đạo đồng ý.")

    @staticmethod
    def _set_plain(editor: QPlainTextEdit, text: str) -> None:
        if editor.toPlainText() != text:
            editor.setPlainText(text)

    def _section_key(self, row: int | None = None) -> str | None:
        item = self.section_list.item(self.section_list.currentRow() if row is None else row)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_section(self, row: int) -> None:
        key = self._section_key(row)
        self.editor.setVisible(key is not None)
        self.regenerate_button.setVisible(key is not None)
        self.meta.setVisible(key is None)
        if key is None or self.state is None:
            self.section_state.setText("Thông tin đầu và cuối văn bản.")
            return
        text, edited = self.state["texts"][key]
        if "section" not in self._dirty:
            was = self._loading
            self._loading = True
            self._set_plain(self.editor, text)
            self._loading = was
        self.section_state.setText(
            "Đoạn văn do cán bộ soạn (đã lưu)." if edited else
            "Đoạn văn tự động tạo từ số liệu của kỳ — sửa trực tiếp ở đây; phần đã sửa được lưu lại.")
        self.regenerate_button.setEnabled(edited)

    def _fill_targets(self, rows: list[dict[str, Any]], period: Period) -> None:
        year = period.end[:4]
        self.targets_label.setText(f"Chỉ tiêu thi đua năm {year}. Kết quả “tính từ sổ” là số liệu "
                                   f"trong kỳ ({period.bounds_text}), đúng như in trong báo cáo.")
        self.targets_table.setRowCount(len(rows))
        self._target_ids = [r["id"] for r in rows]
        for i, t in enumerate(rows):
            result = "" if t["result"] is None else _num(t["result"])
            percent = "" if t["percent"] is None else format_decimal(t["percent"], 1, trim=True)
            cells = [t["name"], t["unit_label"] or "", _num(t["target_value"]), result, percent,
                     targets.SOURCE_LABELS.get(t["source"] or "", "")]
            for j, text in enumerate(cells):
                self.targets_table.setItem(i, j, _item(text, right=j in (2, 3, 4)))
        self.examples_button.setVisible(not rows)
        self.edit_target_button.setEnabled(bool(rows))
        self.delete_target_button.setEnabled(bool(rows))

    def _fill_history(self, status: dict[str, Any]) -> None:
        docs = status["history"]
        self.history.setRowCount(len(docs))
        self._history_ids = [d["id"] for d in docs]
        for i, d in enumerate(docs):
            state = "Đang có hiệu lực" if d["status"] == "issued" else "Đã được thay thế"
            cells = [d["symbol"], format_date(d["doc_date"]), str(d["version"]), state, d["issued_by"] or "",
                     d["sha256"]]
            for j, text in enumerate(cells):
                self.history.setItem(i, j, _item(text))

    def _fill_banner(self, status: dict[str, Any]) -> None:
        doc, lock, changes = status["issued"], status["lock"], status["changes"]
        self.changes_button.setVisible(bool(doc and changes))
        self.unlock_button.setVisible(bool(lock and not lock["unlocked_at"]))
        self.issued_button.setVisible(doc is not None)
        if doc is None:
            self.banner.setProperty("tone", "info")
            self.banner_text.setText("<b>Dự thảo</b> — báo cáo của kỳ này chưa ban hành. Soạn nội dung ở thẻ "
                                     "“Nội dung báo cáo”, xem trước, rồi bấm <b>Ban hành</b> để lấy số.")
            self.issue_button.setText("Ban hành…")
        else:
            text = (f"<b>Đã ban hành Báo cáo số {doc['symbol']}</b> ngày {format_date(doc['doc_date'])}"
                    f"{' (bản thay thế lần ' + str(doc['version']) + ')' if doc['version'] > 1 else ''}. ")
            if lock and lock["unlocked_at"]:
                text += (f"Kỳ đã được mở khóa ngày {format_date(lock['unlocked_at'][:10])}"
                         f" — lý do: {lock['unlock_reason']}. ")
            else:
                text += "Số liệu của kỳ đã khóa. "
            if changes:
                text += (f"<br><b>⚠ Số liệu trong sổ đã khác {len(changes)} chỉ số so với bản đã ban hành.</b> "
                         "Hãy ban hành bản thay thế.")
                self.banner.setProperty("tone", "warning")
            else:
                text += "Số liệu trong sổ khớp với bản đã ban hành."
                self.banner.setProperty("tone", "ok")
            self.banner_text.setText(text)
            self.issue_button.setText("Ban hành bản thay thế…")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.issue_button.setEnabled(doc is None or bool(changes))
        use_issued = doc is not None and not changes
        self.print_button.setText("In bản đã ban hành…" if use_issued else "In dự thảo…")
        self.save_button.setText("Lưu PDF đã ban hành…" if use_issued else "Lưu PDF dự thảo…")
        self.preview_button.setText("Xem bản đã ban hành" if use_issued else "Xem trước dự thảo")

    # --- the narrative, saved as the clerk types --------------------------------------------------
    def _typed(self, what: str) -> None:
        if self._loading:
            return
        self._dirty.add(what)
        self._pending_key = self._section_key() if what == "section" else getattr(self, "_pending_key", None)
        self.saved_label.setText("Đang lưu…")
        self._save_timer.start()

    def save_draft(self) -> None:
        if not self._dirty:
            return
        period = self.period.currentData()
        kwargs: dict[str, Any] = {}
        if "section" in self._dirty and self._pending_key:
            kwargs["sections"] = {self._pending_key: self.editor.toPlainText()}
        if "recipients" in self._dirty:
            kwargs["recipients"] = self.recipients.toPlainText().splitlines()
        if "cc" in self._dirty:
            kwargs["cc"] = self.cc.toPlainText().splitlines()
        if "report_date" in self._dirty:
            kwargs["report_date"] = self.report_date.date().toString("yyyy-MM-dd")
        self._dirty.clear()
        self.ctx.worker.submit(lambda led: narrative.save_draft(led, period, **kwargs),
                               success=lambda _c: self.saved_label.setText("Đã lưu dự thảo."))

    def _regenerate(self) -> None:
        key = self._section_key()
        if key is None:
            return
        self._dirty.discard("section")
        self._save_timer.stop()
        period = self.period.currentData()
        self.ctx.worker.submit(lambda led: narrative.save_draft(led, period, sections={key: None}))

    def _flush(self) -> None:
        """Save what was typed before anything reads the draft (preview, issue, another period)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_draft()

    # --- targets -----------------------------------------------------------------------------
    def _target_id(self) -> int | None:
        row = self.targets_table.currentRow()
        ids = getattr(self, "_target_ids", [])
        return ids[row] if 0 <= row < len(ids) else None

    def target_fields(self) -> list[Field]:
        sources = [("", "Nhập tay (gõ kết quả bên dưới)")]
        sources += [(k, v) for k, v in targets.SOURCE_LABELS.items() if k]
        return [
            Field("name", "Tên chỉ tiêu", required=True),
            Field("unit_label", "Đơn vị tính", placeholder="hộ, m², m, đồng, %"),
            Field("target_value", "Kế hoạch (chỉ tiêu)", kind="number", required=True),
            Field("source", "Kết quả lấy từ", kind="choice", choices=sources),
            Field("result_value", "Kết quả (khi nhập tay)", kind="number",
                  hint="Để trống nếu kết quả tính từ sổ."),
            Field("note", "Ghi chú", kind="multiline"),
        ]

    def edit_target(self, new: bool = False) -> None:
        target_id = None if new else self._target_id()
        if not new and target_id is None:
            return
        year = int(self.period.currentData().end[:4])
        values: dict[str, Any] = {"year": year}
        if target_id is not None:
            row = self.ctx.reader.conn.execute(
                "SELECT name, unit_label, target_value, source, result_value, note FROM targets WHERE id = ?",
                [target_id]).fetchone()
            values = dict(zip(("name", "unit_label", "target_value", "source", "result_value", "note"), row,
                              strict=True))

        def save(vals: dict[str, Any], ok: Any, failed: Any) -> None:
            vals = {**vals, "source": vals.get("source") or None}
            if target_id is None:
                job = lambda led, v: Changes().add("targets", targets.add(led, {**v, "year": year}))  # noqa: E731
                self.ctx.worker.submit(job, vals, success=ok, failure=failed)
            else:
                self.ctx.worker.submit(targets.edit, target_id, vals, success=ok, failure=failed)

        title = "Thêm chỉ tiêu" if target_id is None else "Sửa chỉ tiêu"
        RecordDialog(self, f"{title} năm {year}", self.target_fields(), values, save).exec()

    def delete_target(self) -> None:
        target_id = self._target_id()
        if target_id is not None:
            self.ctx.worker.submit(targets.delete, target_id)

    def add_example_targets(self) -> None:
        year = int(self.period.currentData().end[:4])
        self.ctx.worker.submit(lambda led: (targets.add_examples(led, year), Changes().add("targets"))[1])

    # --- PDF: preview, print, save -----------------------------------------------------------------
    def with_pdf(self, action: str) -> None:
        """The issued PDF when it still matches the ledger, otherwise the draft rendered now."""
        self._flush()
        period = self.period.currentData()
        status = (self.state or {}).get("status") or {}
        doc = status.get("issued")
        if doc is not None and not status.get("changes"):
            job, name = (lambda led: register.pdf_bytes(led, doc["id"])), _file_name(doc["symbol"], period)
        else:
            job, name = (lambda led: report.render(led, period)), _file_name(None, period)
        self.hint.setText("Đang tạo tệp PDF…")
        self.ctx.worker.submit(job, success=lambda data: self._pdf_ready(action, data, name))

    def _pdf_ready(self, action: str, data: bytes, name: str) -> None:
        from desktop.ui import pdf_view

        self.hint.setText("")
        self.last_pdf = data
        if action == "preview":
            pdf_view.PdfPreview(self, f"Báo cáo — {name}", data, name).exec()
        elif action == "print":
            from PySide6.QtPrintSupport import QPrintDialog

            printer = pdf_view.new_printer()
            dialog = QPrintDialog(printer, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                pdf_view.print_pdf(data, printer)
        else:
            saved = pdf_view.save_pdf(self, data, name)
            if saved:
                self.hint.setText(f"Đã lưu {saved}")

    def open_issued(self, document_id: int | None) -> None:
        from desktop.ui import pdf_view

        if document_id is None:
            doc = ((self.state or {}).get("status") or {}).get("issued")
            if doc is None:
                return
            document_id = doc["id"]
        symbol = self.ctx.reader.conn.execute("SELECT symbol FROM documents WHERE id = ?", [document_id]).fetchone()
        name = _file_name(symbol[0] if symbol else None, self.period.currentData())
        self.ctx.worker.submit(
            lambda led: register.pdf_bytes(led, document_id),
            success=lambda data: pdf_view.PdfPreview(self, f"Báo cáo — {name}", data, name).exec())

    def _history_id(self) -> int | None:
        row = self.history.currentRow()
        ids = getattr(self, "_history_ids", [])
        return ids[row] if 0 <= row < len(ids) else None

    # --- issue, unlock, changes -------------------------------------------------------------------
    def issue(self) -> None:
        self._flush()
        if self.state is None:
            return
        period = self.period.currentData()
        dialog = IssueDialog(self, period, self.state, self.ctx.unit, self.ctx.reader)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, date = dialog.number.value(), dialog.date.date().toString("yyyy-MM-dd")

        def job(led: Ledger) -> Changes:
            with led.transaction():
                narrative.save_draft(led, period, report_date=date)
                doc_id = report.issue(led, period, number=number)
            return Changes().add("documents", doc_id).add("period_locks").add("report_drafts")

        self.hint.setText("Đang ban hành…")
        self.ctx.worker.submit(job, success=lambda _c: self.hint.setText("Đã ban hành. Có thể in hoặc lưu PDF."))

    def unlock_period(self) -> None:
        status = (self.state or {}).get("status") or {}
        lock, doc = status.get("lock"), status.get("issued")
        if not lock or not doc:
            return
        dialog = UnlockDialog(self, doc["symbol"])
        if dialog.exec() == QDialog.DialogCode.Accepted:
            reason = dialog.reason.toPlainText()
            self.ctx.worker.submit(locks.unlock, lock["id"], reason)

    def show_changes(self) -> None:
        changes = ((self.state or {}).get("status") or {}).get("changes") or []
        ChangesDialog(self, changes).exec()


def _num(value: float) -> str:
    return format_int(int(value)) if float(value) == int(value) else format_decimal(float(value), 1)


def _file_name(symbol: str | None, period: Period) -> str:
    number = symbol.split("/")[0] if symbol else "du-thao"
    return f"Bao-cao-{period.code}-{number}.pdf"


class IssueDialog(QDialog):
    """Confirm the number (the ward's register may be kept elsewhere), the date and the signer."""

    def __init__(self, parent: QWidget, period: Period, state: dict[str, Any], unit: dict[str, Any], reader: Ledger):
        super().__init__(parent)
        self.setWindowTitle("Ban hành báo cáo")
        self.reader = reader
        self.abbr = unit.get("issuer_abbr") or "UBND"
        v = QVBoxLayout(self)
        subject = QLabel(f"<b>{narrative.subject(period)}</b>")
        subject.setWordWrap(True)
        v.addWidget(subject)
        form = QFormLayout()
        draft_date = state["draft"]["report_date"]
        d = dt.date.fromisoformat(draft_date) if draft_date else dt.date.today()
        self.date = QDateEdit(QDate(d.year, d.month, d.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.number = QSpinBox()
        self.number.setRange(1, 99999)
        self.symbol = QLabel()
        self.date.dateChanged.connect(self._propose)
        self.number.valueChanged.connect(self._show_symbol)
        form.addRow("Ngày ban hành:", self.date)
        form.addRow("Số văn bản:", self.number)
        form.addRow("Số, ký hiệu:", self.symbol)
        signer = unit.get("signer_name") or "(chưa có — vào Cài đặt để điền)"
        form.addRow("Người ký:", QLabel(f"{', '.join(heading.signature(unit).authority)}: {signer}"))
        v.addLayout(form)
        notes = ["Số tự động là số tiếp theo trong năm; nếu sổ đăng ký văn bản của phường đã dùng số này, hãy "
                 "gõ số đúng theo sổ. Số không được trùng trong năm."]
        previous = state["status"]["issued"]
        if previous:
            notes.append(f"Bản này sẽ <b>thay thế</b> Báo cáo số {previous['symbol']} (bản cũ vẫn được lưu).")
        missing = narrative.unfilled(state["texts"])
        if missing:
            notes.append("⚠ Còn chỗ “…” chưa điền ở: " + "; ".join(missing) + ". Văn bản ban hành ra sẽ in nguyên "
                         "dấu “…”; hãy điền ở thẻ Nội dung báo cáo trước.")
        if d < dt.date.fromisoformat(period.end):
            notes.append(f"Ngày ban hành trước ngày cuối kỳ ({format_date(period.end)}): các khoản đóng góp có ngày "
                         "đến hết kỳ cũng bị khóa; nhập thêm sau đó thì phải mở khóa kỳ và ban hành bản thay thế.")
        if unit.get("receiving_level") == "huyen" and d >= dt.date(2025, 7, 1):
            notes.append("⚠ Đang chọn gửi cấp huyện, nhưng từ 01/7/2025 không còn cấp huyện: kiểm tra mục "
                         "“Kính gửi” (Cài đặt → Cấp nhận báo cáo).")
        notes.append("Sau khi ban hành, số liệu đóng góp trong kỳ sẽ bị khóa; muốn sửa phải mở khóa và ghi lý do.")
        for n in notes:
            label = QLabel(n)
            label.setWordWrap(True)
            v.addWidget(label)
        # An official document with "…" in it is issued only when the clerk says so in as many words.
        self.accept_gaps = QCheckBox("Tôi vẫn ban hành khi còn chỗ “…”")
        self.accept_gaps.setVisible(bool(missing))
        v.addWidget(self.accept_gaps)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Ban hành", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        has_signer = bool(unit.get("signer_name"))
        self.ok.setEnabled(has_signer and not missing)
        self.accept_gaps.toggled.connect(lambda on: self.ok.setEnabled(has_signer and (on or not missing)))
        v.addWidget(buttons)
        self.setFixedWidth(600)
        self._propose()

    def _propose(self) -> None:
        year = self.date.date().year()
        self.number.setValue(register.next_number(self.reader, narrative.KIND, year))
        self._show_symbol()

    def _show_symbol(self) -> None:
        self.symbol.setText(f"<b>Số: {register.symbol(self.number.value(), narrative.KIND, self.abbr)}</b>")


class UnlockDialog(QDialog):
    def __init__(self, parent: QWidget, symbol: str):
        super().__init__(parent)
        self.setWindowTitle("Mở khóa số liệu của kỳ")
        v = QVBoxLayout(self)
        text = QLabel(f"Số liệu của kỳ đã được báo cáo bằng văn bản số {symbol}. Mở khóa để sửa, sau đó ban hành "
                      "bản thay thế. Lý do mở khóa được ghi vào lịch sử thay đổi.")
        text.setWordWrap(True)
        v.addWidget(text)
        v.addWidget(QLabel("Lý do mở khóa:"))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Ví dụ: Bổ sung 2 hộ hiến đất tổ 5 nộp biên bản muộn")
        v.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Mở khóa", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(len(self.reason.toPlainText().strip()) >= 5))
        v.addWidget(buttons)
        self.resize(520, 260)


class ChangesDialog(QDialog):
    def __init__(self, parent: QWidget, changes: list[tuple[str, str, str]]):
        super().__init__(parent)
        self.setWindowTitle("Số liệu đã thay đổi sau khi ban hành")
        v = QVBoxLayout(self)
        table = _table(["Chỉ số", "Trong báo cáo đã ban hành", "Trong sổ hiện nay"])
        table.setRowCount(len(changes))
        for i, (what, old, new) in enumerate(changes):
            table.setItem(i, 0, _item(what))
            table.setItem(i, 1, _item(old, right=True))
            table.setItem(i, 2, _item(new, right=True))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(1)
        table.resizeColumnToContents(2)
        v.addWidget(table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        v.addWidget(close)
        self.resize(760, 420)

