"""Tổng hợp (upper level): the consolidation of a period — every figure column, the funding split of the works,
sortable (names in Vietnamese order), saved to Excel, printed, drawn by ward — and the consolidated report as a
document: its sections drafted from the figures and edited here (saved as the clerk types), previewed, issued
(number, date, signer; asked first) and the issued versions listed, with what changed since (issue 21).

UpperPage (desktop/ui/pages/upper/page.py) puts this tab in place of its first Tổng hợp tab (sum_tab.SumTab), whose
issue dialog, preview, issue and Excel export this tab keeps (the page and its tests name them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.exchange import consolidated, handoff_extras, upper, upper_narrative
from desktop.core.figures import figures
from desktop.core.figures.dashboard import Bar
from desktop.core.ledger import periods, setup
from desktop.core.report import register
from desktop.core.text.vnformat import format_date, format_int
from desktop.core.text.vntext import sort_key
from desktop.ui.charts import HBarChart
from desktop.ui.list_page import AppContext
from desktop.ui.pages.exchange_page import _period_combo, _table
from desktop.ui.pages.upper.sum_tab import SumTab

SAVE_AFTER_MS = 700  # as the ward's Nội dung báo cáo: saved shortly after the clerk stops typing
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class UpperSumTab(SumTab):
    """The SumTab's dialog, preview, issue and Excel export, with the full table, the chart and the draft."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._period_code = ""
        self._sort = (-1, Qt.SortOrder.AscendingOrder)
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Kỳ báo cáo:"))
        self.period = _period_combo(ctx)
        self.period.currentIndexChanged.connect(self.refresh)
        row.addWidget(self.period)
        row.addStretch(1)
        self.xlsx_button = QPushButton("Xuất Excel…")
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.preview_button = QPushButton("Xem trước")
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton("In…")
        self.print_button.setToolTip("Mở bản báo cáo (đã ban hành, hoặc dự thảo) để in")
        self.print_button.clicked.connect(self.preview)
        self.issue_button = QPushButton("Ban hành…")
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(self.issue)
        for b in (self.xlsx_button, self.print_button, self.preview_button, self.issue_button):
            row.addWidget(b)
        v.addLayout(row)
        self.issue_state = QLabel()
        self.issue_state.setWordWrap(True)
        self.issue_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.issue_state)
        self.inner = QTabWidget()
        self.inner.addTab(self._table_tab(), "Bảng tổng hợp")
        self.inner.addTab(self._indicators_tab(), "Chỉ tiêu khác")
        self.inner.addTab(self._chart_tab(), "Biểu đồ theo đơn vị")
        self.inner.addTab(self._draft_tab(), "Nội dung báo cáo")
        self.inner.addTab(self._issued_tab(), "Văn bản đã ban hành")
        v.addWidget(self.inner, 1)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self.save_draft)

    # ------------------------------------------------------------------ the table

    def _table_tab(self) -> QWidget:
        # Every figure (Vật tư included) and the funding split: each row's parts add up to its total.
        self.sum_keys = tuple(figures.TOTAL_KEYS)
        heads = [figures.LABELS[k] for k in self.sum_keys] + [
            f"{handoff_extras.FUNDING_LABELS[k]} (đồng)" for k in handoff_extras.FUNDING_KEYS]
        self.sum_table = _table(["Mã", "Đơn vị", *heads])
        header = self.sum_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self.sort_by)
        self.sum_table.setWordWrap(False)
        self.table_note = QLabel("Bấm vào tên cột để sắp xếp (tên đơn vị theo thứ tự chữ cái tiếng Việt); dòng "
                                 "Tổng cộng luôn ở cuối. Nguồn vốn: của các công trình có trong tệp của kỳ.")
        self.table_note.setObjectName("hint")
        self.table_note.setWordWrap(True)
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 4, 0, 0)
        v.addWidget(self.sum_table, 1)
        v.addWidget(self.table_note)
        return w

    def _rows(self) -> list[dict[str, Any]]:
        data = self.state["sum"]
        return [{"code": u["unit"]["code"], "name": u["unit"]["name"], **u["totals"], **u["funding"]}
                for u in data["by_unit"]]

    def sort_by(self, column: int) -> None:
        """Sort by a column, again to reverse; names by their Vietnamese order (vntext.sort_key)."""
        order = (Qt.SortOrder.DescendingOrder if self._sort == (column, Qt.SortOrder.AscendingOrder)
                 else Qt.SortOrder.AscendingOrder)
        self._sort = (column, order)
        self.sum_table.horizontalHeader().setSortIndicator(column, order)
        self._fill_table()

    def _fill_table(self) -> None:
        rows = self._rows()
        column, order = self._sort
        keys = ["code", "name", *self.sum_keys, *handoff_extras.FUNDING_KEYS]
        if column >= 0:
            key = keys[column]
            rows.sort(key=lambda r: sort_key(r[key]) if key == "name" else r[key],
                      reverse=order == Qt.SortOrder.DescendingOrder)
        data = self.state["sum"]
        total = {"code": "", "name": "Tổng cộng", **data["totals"], **data["funding"]}
        self.sum_table.setRowCount(len(rows) + 1)
        for i, r in enumerate([*rows, total]):
            self.sum_table.setItem(i, 0, QTableWidgetItem(r["code"]))
            self.sum_table.setItem(i, 1, QTableWidgetItem(r["name"]))
            for j, k in enumerate(keys[2:], start=2):
                item = QTableWidgetItem(figures.format_value(k, r[k]) if k in figures.LABELS else format_int(r[k]))
                item.setTextAlignment(_RIGHT)
                if i == len(rows):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.sum_table.setItem(i, j, item)
        last = self.sum_table.item(len(rows), 1)
        font = last.font()
        font.setBold(True)
        last.setFont(font)

    # ------------------------------------------------------------------ the indicators

    def _indicators_tab(self) -> QWidget:
        self.indicators_table = _table(["Chỉ tiêu", "Đơn vị tính", "Kết quả tổng hợp", "Số đơn vị báo cáo",
                                        "Cách tổng hợp"])
        self.indicators_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.indicators_table.horizontalHeader().setStretchLastSection(True)
        note = QLabel("Tiền và số lượng: cộng các đơn vị. Tỷ lệ (%) không cộng: tỷ lệ có công thức được tính lại từ "
                      "tử số và mẫu số đã cộng; tỷ lệ đơn vị tự báo cáo ghi thấp nhất – cao nhất và bình quân.")
        note.setObjectName("hint")
        note.setWordWrap(True)
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 4, 0, 0)
        v.addWidget(self.indicators_table, 1)
        v.addWidget(note)
        return w

    def _fill_indicators(self, rows: list[dict[str, Any]]) -> None:
        self.indicators_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [r["name"], r["unit"], consolidated.indicator_cell(r), str(r["wards"]),
                     consolidated.METHODS[r["method"]]]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j in (2, 3):
                    item.setTextAlignment(_RIGHT)
                self.indicators_table.setItem(i, j, item)

    # ------------------------------------------------------------------ the chart

    def _chart_tab(self) -> QWidget:
        self.chart = HBarChart(empty_text="Chưa có đơn vị cấp xã nào gửi số liệu của kỳ này.")
        self.chart_note = QLabel("Tổng giá trị Nhân dân đóng góp (đồng) của từng đơn vị cấp xã, từ cao xuống thấp.")
        self.chart_note.setObjectName("hint")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 4, 0, 0)
        v.addWidget(self.chart_note)
        v.addWidget(scroll, 1)
        return w

    # ------------------------------------------------------------------ the draft

    def _draft_tab(self) -> QWidget:
        split = QSplitter()
        self.section_list = QListWidget()
        for key, title in upper_narrative.SECTIONS.items():
            self.section_list.addItem(title)
            self.section_list.item(self.section_list.count() - 1).setData(Qt.ItemDataRole.UserRole, key)
        self.section_list.setWordWrap(True)
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
        self.regenerate_button.setToolTip("Bỏ phần đã sửa, dùng lại đoạn văn soạn tự động từ số liệu các đơn vị")
        self.regenerate_button.clicked.connect(self._regenerate)
        head.addWidget(self.section_state, 1)
        head.addWidget(self.regenerate_button)
        v.addLayout(head)
        self.editor = QPlainTextEdit()
        self.editor.textChanged.connect(self._typed)
        v.addWidget(self.editor, 1)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("hint")
        v.addWidget(self.saved_label)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        return split

    def _parse(self, code: str) -> periods.Period:
        return periods.parse(code, self.ctx.unit.get("period_start") or "01-01")

    def _section_key(self) -> str | None:
        item = self.section_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_section(self, _row: int = 0) -> None:
        self._flush()
        key = self._section_key()
        texts = (getattr(self, "state", None) or {}).get("texts") or {}
        if key is None or key not in texts:
            return
        text, edited = texts[key]
        if self.editor.toPlainText() != text:
            self.editor.blockSignals(True)
            self.editor.setPlainText(text)
            self.editor.blockSignals(False)
        self._editing = key
        self.section_state.setText("Đã sửa (giữ nguyên khi số liệu thay đổi)" if edited else
                                   "Soạn tự động từ số liệu các đơn vị — sửa trực tiếp nếu cần; “…” là chỗ cần điền")
        self.regenerate_button.setEnabled(edited)

    def _typed(self) -> None:
        self.saved_label.setText("Đang soạn…")
        self._save_timer.start()

    def save_draft(self) -> None:
        key = getattr(self, "_editing", None)
        if key is None or not self._period_code:
            return
        text, code = self.editor.toPlainText(), self._period_code
        if "texts" in self.state:
            self.state["texts"][key] = (text, bool(text.strip()))

        def job(led: Ledger) -> Any:
            return upper_narrative.save_draft(led, self._parse(code), sections={key: text})

        def saved(_changes: Any) -> None:
            self.saved_label.setText("Đã lưu dự thảo.")
            if self._section_key() == key:
                edited = bool(text.strip())
                self.regenerate_button.setEnabled(edited)
                self.section_state.setText("Đã sửa (giữ nguyên khi số liệu thay đổi)" if edited else
                                           "Soạn tự động từ số liệu các đơn vị")

        self.ctx.worker.submit(job, success=saved)

    def _regenerate(self) -> None:
        key, code = self._section_key(), self._period_code
        if key is None:
            return
        self._save_timer.stop()
        self.ctx.worker.submit(lambda led: upper_narrative.save_draft(led, self._parse(code), sections={key: None}),
                               success=lambda _c: self.refresh())

    def _flush(self) -> None:
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_draft()

    # ------------------------------------------------------------------ the issued documents

    def _issued_tab(self) -> QWidget:
        self.issued_table = _table(["Số, ký hiệu", "Ngày", "Lần", "Trạng thái", "Người ký", "SHA-256"])
        self.issued_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.issued_table.horizontalHeader().setStretchLastSection(True)
        return self.issued_table

    def _fill_issued(self, history: list[dict[str, Any]]) -> None:
        self.issued_table.setRowCount(len(history))
        for i, d in enumerate(history):
            cells = [d["symbol"], format_date(d["doc_date"]), str(d["version"]),
                     "Đang có hiệu lực" if d["status"] == "issued" else "Đã được thay thế", d["signer_name"] or "",
                     (d["sha256"] or "")[:16] + "…"]
            for j, text in enumerate(cells):
                self.issued_table.setItem(i, j, QTableWidgetItem(text))

    # ------------------------------------------------------------------ refresh

    def watched_tables(self) -> set[str]:
        # Not report_drafts: the tab writes the draft itself as the clerk types (a refresh would move the cursor).
        return {"wards", "packages", "documents", "unit"}

    def refresh(self) -> None:
        self._flush()
        code = self.period.currentData().code

        def job(led: Ledger) -> dict[str, Any]:
            data = upper.consolidate(led, code)
            period = self._parse(code)
            texts = upper_narrative.texts(led, period, upper_narrative.context(led, period, data))
            return {"wards": upper.wards(led), "sum": data, "status": consolidated.status(led, code),
                    "unit": setup.get_unit(led), "texts": texts, "code": code}

        self.ctx.worker.submit(job, success=self._show)

    def _show(self, state: dict[str, Any]) -> None:
        self.state = state
        self._period_code = state["code"]
        self._fill_table()
        units = sorted(state["sum"]["by_unit"], key=lambda u: -u["totals"]["total_value_vnd"])
        self.chart.set_bars([Bar(u["unit"]["name"], u["totals"]["total_value_vnd"], {}) for u in units])
        self._fill_indicators(state["sum"]["indicators"])
        self._fill_issued(state["status"]["history"])
        self._show_issue(state)
        if self.section_list.currentRow() < 0:
            self.section_list.setCurrentRow(0)
        else:
            self._show_section()
        unfilled = upper_narrative.unfilled(state["texts"])
        self.saved_label.setText("Còn chỗ “…” cần điền: " + "; ".join(unfilled) if unfilled else "")
        if state["status"]["changes"]:
            self.issue_state.setText(self.issue_state.text() + "<br><i>Bảng, biểu đồ và dự thảo là số liệu hiện "
                                     "tại; bản đã ban hành giữ nguyên như lúc ký.</i>")

    def issued_pdf(self) -> bytes | None:
        doc = self.state["status"]["issued"] if getattr(self, "state", None) else None
        return register.pdf_bytes(self.ctx.reader, doc["id"]) if doc else None
