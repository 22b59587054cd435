"""Đề nghị khen thưởng (the upper level, a tab of UpperPage): the proposals its wards sent upward in their files, by
ward, form and outcome; each one's figures and received PDFs; the upper level's own outcome; the consolidated list
as Excel and as PDF.

Only the current file of each ward and period counts (proposals_above.list_current): a newer file replaces the
older one's proposals, and an outcome recorded here stays with the proposal (keyed by its UUID and the ward).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.exchange import proposals_above, proposals_list, proposals_pdf
from desktop.core.ledger import periods
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
from desktop.ui.pages.upper_outcome import OutcomeDialog
from desktop.ui.stale import RefreshOnChange

HEADERS = ["Đơn vị cấp xã", "Họ và tên", "Hình thức đề nghị", "Thành tích (số liệu)", "Tờ trình", "Kết quả"]
OUTCOME_COLUMN = 5
OUTCOME_COLOR = {"dang_xet": "#ffffff", "duoc_khen": "#e8f5e9", "khong_duoc_khen": "#ffebee", "tra_lai": "#fff3e0"}
ALL = "(Tất cả)"


def _combo(width: int) -> QComboBox:
    combo = QComboBox()
    combo.setMinimumWidth(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class ProposalsTab(RefreshOnChange, QWidget):
    """The proposals the wards sent upward: filters, list, detail with the received PDFs, outcome, exports."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.rows: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []
        self.dialog: OutcomeDialog | None = None
        self._first = True
        v = QVBoxLayout(self)
        v.addLayout(self._filters())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        split = QSplitter()
        split.addWidget(self._list())
        split.addWidget(self._detail())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([800, 360])
        v.addWidget(split, 1)
        ctx.worker.changed.connect(self.on_changes)

    # --- layout
    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.period = _combo(150)
        for p in periods.choices(period_start=self.ctx.unit.get("period_start") or "01-01"):
            self.period.addItem(p.label[0].upper() + p.label[1:], p)
        codes = [self.period.itemData(i).code for i in range(self.period.count())]
        year = periods.current_half()[:4]
        self.period.setCurrentIndex(codes.index(year) if year in codes else 0)
        self.ward, self.kind, self.outcome = _combo(170), _combo(240), _combo(130)
        self.outcome.addItem(ALL, None)
        for code, label in proposals_above.OUTCOMES.items():
            self.outcome.addItem(label, code)
        for label, w in (("Kỳ:", self.period), ("Đơn vị:", self.ward), ("Hình thức:", self.kind),
                         ("Kết quả:", self.outcome)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addStretch(1)
        self.period.currentIndexChanged.connect(self.refresh)
        for w in (self.ward, self.kind, self.outcome):
            w.currentIndexChanged.connect(self._show_rows)
        return row

    def _list(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        for col, width in enumerate((105, 125, 140, 200, 95, 120)):
            self.table.setColumnWidth(col, width)
        # The figures keep a readable width on a narrow window (a scroll bar rather than one word per line); the
        # outcome takes what room is left.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _i: self.ask_outcome())
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.preview_button = QPushButton("Xem, in danh sách…")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton("Lưu PDF…")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton("Lưu Excel…")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        for b in (self.preview_button, self.pdf_button, self.xlsx_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _detail(self) -> QWidget:
        box = QGroupBox("Chi tiết đề nghị")
        v = QVBoxLayout(box)
        self.detail = QLabel("Chọn một đề nghị trong danh sách.")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        v.addWidget(scroll, 1)
        v.addWidget(QLabel("Hồ sơ nhận kèm (PDF):"))
        self.file_list = QListWidget()
        self.file_list.setMaximumHeight(84)
        self.file_list.itemDoubleClicked.connect(lambda _i: self.open_file())
        v.addWidget(self.file_list)
        row = QHBoxLayout()
        self.open_button = QPushButton("Xem tệp")
        self.open_button.clicked.connect(self.open_file)
        self.save_button = QPushButton("Lưu các tệp…")
        self.save_button.clicked.connect(self.save_files)
        self.outcome_button = QPushButton("Ghi kết quả…")
        self.outcome_button.setObjectName("primary")
        self.outcome_button.clicked.connect(self.ask_outcome)
        for b in (self.open_button, self.save_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.outcome_button)
        v.addLayout(row)
        self._enable(False)
        return box

    def _enable(self, chosen: bool) -> None:
        for b in (self.open_button, self.save_button, self.outcome_button):
            b.setEnabled(chosen)

    # --- data
    def watched_tables(self) -> set[str]:
        return {"packages", "upper_outcomes", "wards"}

    def refresh(self) -> None:
        self._stale = False
        code = self.period.currentData().code
        first, self._first = self._first, False

        def job(led: Ledger) -> dict[str, Any]:
            return {"code": code, "rows": proposals_above.list_current(led, code),
                    "periods": proposals_above.periods_with_proposals(led) if first else []}

        self.ctx.worker.submit(job, success=self._loaded)

    def _loaded(self, state: dict[str, Any]) -> None:
        codes = [self.period.itemData(i).code for i in range(self.period.count())]
        if not state["rows"] and state["periods"] and state["periods"][0] in codes:
            self.period.setCurrentIndex(codes.index(state["periods"][0]))  # the newest period with proposals
            return
        if state["code"] != self.period.currentData().code:
            return
        self.rows = state["rows"]
        facets = proposals_above.facets(self.rows)
        for combo, items in ((self.ward, facets["wards"]), (self.kind, facets["kinds"])):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for value, label in items:
                combo.addItem(label, value)
            index = combo.findData(keep)
            combo.setCurrentIndex(index if keep is not None and index >= 0 else 0)
            combo.blockSignals(False)
        self._show_rows()

    def filters(self) -> dict[str, Any]:
        return {"ward": self.ward.currentData(), "kind": self.kind.currentData(), "outcome": self.outcome.currentData()}

    def _show_rows(self) -> None:
        f = self.filters()
        keep = self.current()["uuid"] if self.current() else None
        self.shown = [r for r in self.rows if (not f["ward"] or r["ward_code"] == f["ward"])
                      and (not f["kind"] or r["kind_name"] == f["kind"])
                      and (not f["outcome"] or r["outcome"] == f["outcome"])]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.shown))
        for i, r in enumerate(self.shown):
            ttr = "\n".join(x for x in (r["submission_no"], format_date(r["submission_date"] or "")) if x) \
                if r["submission_no"] else "(chưa trình)"
            for j, text in enumerate((r["ward_name"], r["nominee_name"], r["kind_name"] or "",
                                      proposals_above.figures_text(r), ttr, proposals_above.outcome_text(r))):
                item = QTableWidgetItem(text)
                if j == OUTCOME_COLUMN:
                    item.setBackground(QColor(OUTCOME_COLOR.get(r["outcome"], "#ffffff")))
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        self.summary.setText(self._summary())
        uuids = [r["uuid"] for r in self.shown]
        if keep in uuids:
            self.table.selectRow(uuids.index(keep))
        self._selected()

    def _summary(self) -> str:
        label = self.period.currentData().label
        if not self.rows:
            return f"Chưa có đề nghị khen thưởng nào trong tệp các phường, xã gửi {label}."
        wards = len({r["ward_code"] for r in self.rows})
        text = f"{label[:1].upper()}{label[1:]}: <b>{len(self.rows)}</b> đề nghị của {wards} đơn vị cấp xã"
        return text + (f"; đang hiện {len(self.shown)} theo bộ lọc." if len(self.shown) != len(self.rows) else ".")

    def current(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.shown[rows[0].row()] if rows and rows[0].row() < len(self.shown) else None

    def _selected(self) -> None:
        r = self.current()
        self._enable(r is not None)
        self.file_list.clear()
        self.files = []
        if r is None:
            self.detail.setText("Chọn một đề nghị trong danh sách.")
            return
        lines = "".join(f"<tr><td valign='top'><i>{html.escape(label)}</i>&nbsp;</td><td>{html.escape(text)}</td></tr>"
                        for label, text in proposals_above.detail_lines(r))
        self.detail.setText(f"<b>{html.escape(r['nominee_name'])}</b> — {html.escape(r['ward_name'])}<table>{lines}"
                            "</table>")
        uuid = r["uuid"]
        self.ctx.worker.submit(lambda led: proposals_above.files(led, uuid),
                               success=lambda items: self._show_files(uuid, items),
                               failure=lambda exc: self.file_list.addItem(f"✘ {exc}"))

    def _show_files(self, uuid: str, items: list[dict[str, Any]]) -> None:
        r = self.current()
        if r is None or r["uuid"] != uuid:
            return
        self.files = items
        for f in items:
            item = QListWidgetItem(f"{f['what']} ({max(1, len(f['data']) // 1024)} KB)")
            item.setToolTip(f"{f['save_as']} — SHA-256 {f['sha256']}")
            self.file_list.addItem(item)
        if items:
            self.file_list.setCurrentRow(0)
        else:
            self.file_list.addItem("(tệp của phường, xã lập bằng phiên bản cũ: không kèm hồ sơ)")

    # --- actions
    def open_file(self) -> None:
        from desktop.ui import pdf_view

        i = self.file_list.currentRow()
        if 0 <= i < len(self.files):
            f = self.files[i]
            pdf_view.PdfPreview(self, f["what"], f["data"], f["save_as"]).exec()

    def save_files(self) -> None:
        r = self.current()
        folder = file_dialogs.pick_folder(self, "dossier", "Chọn thư mục lưu hồ sơ") if r else None
        if r and folder and file_dialogs.confirm_overwrite_in(self, folder, kinds=(".pdf",)):
            uuid = r["uuid"]
            self.ctx.worker.submit(lambda led: proposals_above.write_files(led, uuid, folder),
                                   success=lambda paths: self.summary.setText(
                                       f"Đã lưu {len(paths)} tệp vào {html.escape(str(folder))}."),
                                   failure=lambda exc: show_error(self, exc))

    def ask_outcome(self) -> None:
        r = self.current()
        if r is None:
            return
        self.dialog = OutcomeDialog(self, r)
        self.dialog.submitted.connect(lambda values: self._record(r["uuid"], values))
        self.dialog.open()

    def _record(self, uuid: str, values: dict[str, Any]) -> None:
        dialog = self.dialog

        def job(led: Ledger) -> Any:
            return proposals_above.record_outcome(led, uuid, values["status"], number=values["number"],
                                                  date=values["date"], reason=values["reason"])

        self.ctx.worker.submit(job, success=lambda _c: dialog.accept() if dialog else None,
                               failure=lambda exc: dialog.refused(exc) if dialog else show_error(self, exc))

    def _export_args(self) -> tuple[str, str, dict[str, Any], dict[str, str | None]]:
        p, f = self.period.currentData(), self.filters()
        labels = {"ward": self.ward.currentText() if f["ward"] else None,
                  "kind": f["kind"], "outcome": self.outcome.currentText() if f["outcome"] else None}
        return p.code, p.label, f, labels

    def export(self, kind: str) -> None:
        code, label, f, labels = self._export_args()
        name = f"Danh-sach-de-nghi-khen-thuong-cac-xa-{code}.{kind}"
        path = file_dialogs.save_file(self, "export", "Lưu danh sách đề nghị khen thưởng", name,
                                      "Tệp PDF (*.pdf)" if kind == "pdf" else "Excel (*.xlsx)")
        if path is None:
            return

        def job(led: Ledger) -> Path:
            rows = proposals_above.list_current(led, code, **f)
            if kind == "pdf":
                return proposals_pdf.write_pdf(led, rows, label, path, filters=labels)
            return proposals_list.write_xlsx(led, rows, label, path)

        self.ctx.worker.submit(job, success=lambda p: self.summary.setText(f"Đã lưu {html.escape(str(p))}."),
                               failure=lambda exc: show_error(self, exc))

    def preview(self) -> None:
        from desktop.ui import pdf_view

        code, label, f, labels = self._export_args()

        def job(led: Ledger) -> bytes:
            return proposals_pdf.render(led, proposals_above.list_current(led, code, **f), label, filters=labels)

        self.ctx.worker.submit(job, success=lambda data: pdf_view.PdfPreview(
            self, "Danh sách đề nghị khen thưởng của các đơn vị cấp xã", data,
            f"Danh-sach-de-nghi-khen-thuong-cac-xa-{code}.pdf").exec())
