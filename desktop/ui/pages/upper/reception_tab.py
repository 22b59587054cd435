"""Tình hình gửi số liệu: the reception board of a period (each ward from the period it joined: on time, late,
missing, overdue against the deadline the upper level sets here; superseded versions and their history), printed
and exported; and every ward across the last periods (Nhiều kỳ)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.exchange import reception, reception_pdf
from desktop.core.ledger import periods
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
from desktop.ui.pages.exchange_page import _period_combo, _table

STATE_COLOR = {"on_time": "#e8f5e9", "late": "#fff3e0", "missing": "#ffffff", "overdue": "#ffebee",
               "not_joined": "#eeeeee"}
MATRIX_TEXT = {"on_time": "Đã nhận", "late": "Đã nhận muộn", "missing": "Chưa gửi", "overdue": "Quá hạn",
               "not_joined": "—"}
HEADERS = ["Mã", "Đơn vị", "Loại", "Người liên hệ", "Điện thoại", "Tình trạng", "Ngày nhận", "Số báo cáo",
           "Số lần thay"]


class HistoryDialog(QDialog):
    """Every file received from a ward for the period: the current one and the versions it superseded."""

    def __init__(self, parent: QWidget, row: dict[str, Any], label: str, files: list[dict[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(f"Các tệp của {row['name']} ({row['code']}) — {label}")
        v = QVBoxLayout(self)
        table = _table(["Nhận lúc", "Tệp", "Lần lập", "Số báo cáo", "Trạng thái", "SHA-256"])
        table.setRowCount(len(files))
        for i, f in enumerate(files):
            state = "Đang dùng" if f["status"] == "current" else "Đã thay bằng bản mới hơn"
            for j, text in enumerate((f"{format_date(f['created_at'][:10])} {f['created_at'][11:16]}", f["file_name"],
                                      str(f["sequence"] or ""), f["report_symbol"] or "", state,
                                      (f["file_sha256"] or "")[:16] + "…")):
                table.setItem(i, j, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        v.addWidget(table)
        self.resize(820, 300)


class ReceptionTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] | None = None
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Kỳ:"))
        self.period = _period_combo(ctx)
        self.period.currentIndexChanged.connect(self.refresh)
        row.addWidget(self.period)
        row.addWidget(QLabel("Hạn gửi tệp:"))
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        row.addWidget(self.deadline)
        self.deadline_button = QPushButton("Đặt hạn")
        self.deadline_button.clicked.connect(self.set_deadline)
        row.addWidget(self.deadline_button)
        row.addStretch(1)
        for text, slot in (("Lịch sử tệp…", self.show_history), ("In (PDF)…", self.preview),
                           ("Xuất Excel…", self.save_xlsx)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        v.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        self.views = QTabWidget()
        self.board = _table(HEADERS)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for col, width in ((0, 60), (2, 70), (3, 150), (4, 105), (5, 215), (6, 90), (7, 90), (8, 90)):
            self.board.setColumnWidth(col, width)
        self.board.doubleClicked.connect(lambda _i: self.show_history())
        self.views.addTab(self.board, "Theo kỳ")
        self.matrix = _table([])
        self.views.addTab(self.matrix, "Nhiều kỳ")
        v.addWidget(self.views, 1)

    def watched_tables(self) -> set[str]:
        return {"wards", "packages", "round_deadlines"}

    def refresh(self) -> None:
        code = self.period.currentData().code
        codes = [p.code for p in periods.choices()[:6]]

        def job(led: Ledger) -> dict[str, Any]:
            return {"board": reception.board(led, code), "matrix": reception.matrix(led, codes), "codes": codes}

        self.ctx.worker.submit(job, success=self._show)

    def _show(self, state: dict[str, Any]) -> None:
        self.data = data = state["board"]
        due = data["deadline"]
        self.deadline.setDate(QDate.fromString(due, "yyyy-MM-dd") if due else
                              QDate.fromString(data["end"], "yyyy-MM-dd").addDays(15))
        c = data["counts"]
        later = f" {len(data['not_joined'])} đơn vị báo cáo từ kỳ sau (không tính)." if data["not_joined"] else ""
        self.summary.setText(
            f"<b>{html.escape(data['label'][0].upper() + data['label'][1:])}</b> — "
            f"{html.escape(reception.deadline_line(data))}. Đã gửi <b>{data['sent']}/{len(data['wards'])}</b> "
            f"(muộn {c['late']}); chưa gửi <b>{c['missing'] + c['overdue']}</b> (quá hạn {c['overdue']}); "
            f"{data['superseded']} tệp đã được thay bằng bản mới hơn.{later}")
        self.board.setRowCount(len(data["wards"]))
        for i, r in enumerate(data["wards"]):
            texts = (r["code"], r["name"], r["kind_label"], r["contact_name"], r["contact_phone"],
                     reception.state_text(r), format_date(r["first_received"]), r["report"] or "",
                     str(r["superseded"]) if r["superseded"] else "")
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if j == 5:
                    item.setBackground(QColor(STATE_COLOR[r["state"]]))
                if j == 8:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.board.setItem(i, j, item)
        self._show_matrix(state["codes"], state["matrix"])

    def _show_matrix(self, codes: list[str], rows: list[dict[str, Any]]) -> None:
        self.matrix.setColumnCount(1 + len(codes))
        self.matrix.setHorizontalHeaderLabels(["Đơn vị", *codes])
        self.matrix.setRowCount(len(rows))
        self.matrix.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, r in enumerate(rows):
            self.matrix.setItem(i, 0, QTableWidgetItem(f"{r['ward']['name']} ({r['ward']['code']})"))
            for j, c in enumerate(codes, start=1):
                cell = r["cells"][c]
                text = MATRIX_TEXT[cell["state"]]
                if cell.get("report"):
                    text += f" · BC {cell['report']}"
                item = QTableWidgetItem(text)
                item.setBackground(QColor(STATE_COLOR[cell["state"]]))
                item.setToolTip(reception.state_text(cell) if "state_label" in cell else "Chưa báo cáo từ kỳ này")
                self.matrix.setItem(i, j, item)
        for j in range(1, 1 + len(codes)):
            self.matrix.setColumnWidth(j, 110)

    def current(self) -> dict[str, Any] | None:
        row = self.board.currentRow()
        rows = (self.data or {}).get("wards") or []
        return rows[row] if 0 <= row < len(rows) else None

    def set_deadline(self) -> None:
        code, day = self.period.currentData().code, self.deadline.date().toString("yyyy-MM-dd")

        def job(led: Ledger) -> Changes:
            reception.set_deadline(led, code, day)
            return Changes().add("round_deadlines")

        self.ctx.worker.submit(job, failure=lambda exc: show_error(self, exc))

    def show_history(self) -> None:
        row, data = self.current(), self.data
        if row is None or data is None:
            return
        self.ctx.worker.submit(lambda led: reception.history(led, row["code"], data["period"]),
                               success=lambda files: HistoryDialog(self, row, data["label"], files).exec())

    def preview(self) -> None:
        from desktop.ui import pdf_view

        data = self.data
        if data is None:
            return
        self.ctx.worker.submit(lambda led: reception_pdf.render(led, data), success=lambda pdf: pdf_view.PdfPreview(
            self, "Tình hình nhận tệp", pdf, reception.file_name(data["period"], "pdf")).exec())

    def save_xlsx(self) -> None:
        data = self.data
        if data is None:
            return
        path = file_dialogs.save_file(self, "export", "Xuất bảng tình hình nhận tệp",
                                      reception.file_name(data["period"], "xlsx"), "Excel (*.xlsx)")
        if path:
            self.ctx.worker.submit(lambda _led: reception.export_xlsx(data, path))
