"""So sánh tổ dân phố: participation, value and land per household, and the ranking for the yearly review;
exported to Excel, printed (PDF, or an editable Word copy), and the public notice (Bảng công khai) of the selected
group.

A tab of the Tổng quan page: the page hands it the period, the widget reads its rows on the worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.figures import comparison
from desktop.core.ledger.periods import Period
from desktop.core.pdf.model import AdminDocument
from desktop.core.report import notice
from desktop.core.text.vnformat import format_decimal, format_int
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# comparison.HEADERS on two lines, so every column fits its numbers on a 1366 px screen.
HEADERS = ["Xếp\nhạng", "Tổ dân phố", "Số hộ", "Hộ tham gia\nđóng góp", "Tỷ lệ\ntham gia (%)",
           "Bình quân/hộ\n(đồng)", "Đất hiến\nbình quân/hộ (m²)", "Tổng giá trị\n(đồng)"]


def _comparison_pdf(ledger: Ledger, period: Period) -> tuple[bytes, AdminDocument]:
    """The comparison as PDF, and the document it was made from (for the Word copy)."""
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    document = comparison.document(ledger, period)
    return nd30.render(document), document


def _notice_pdf(ledger: Ledger, period: Period, group_id: int) -> tuple[bytes, AdminDocument]:
    """The public notice of a group as PDF, and its document (for the Word copy)."""
    from desktop.core.pdf import nd30

    document = notice.document(ledger, period, group_id)
    return nd30.render(document), document


class ComparisonWidget(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.period: Period | None = None
        self.rows: list[dict[str, Any]] = []
        label = ctx.unit.get("group_label") or "Tổ dân phố"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        bar = QHBoxLayout()
        explain = QLabel(f"Tỷ lệ tham gia = số hộ gia đình có đóng góp đã nhận trong kỳ / số hộ của {label.lower()}. "
                         "Xếp hạng theo tỷ lệ tham gia, rồi giá trị bình quân mỗi hộ; bằng nhau thì đồng hạng.")
        explain.setObjectName("hint")
        explain.setWordWrap(True)
        bar.addWidget(explain, 1)
        self.export_button = QPushButton("Xuất Excel…")
        self.print_button = QPushButton("Xem, in…")
        self.notice_button = QPushButton("Bảng công khai…")
        self.notice_button.setToolTip(f"Bảng công khai đóng góp của {label.lower()} đang chọn, để niêm yết "
                                      "(không in số CCCD, số điện thoại)")
        self.notice_button.setEnabled(False)
        for b in (self.export_button, self.print_button, self.notice_button):
            bar.addWidget(b)
        layout.addLayout(bar)

        headers = [h.replace("Tổ dân phố", label) for h in HEADERS]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for col in range(len(headers)):  # at most 135 rows: measuring them is cheap
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.show_notice())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("hint")
        layout.addWidget(self.status)

        self.export_button.clicked.connect(self.export_xlsx)
        self.print_button.clicked.connect(self.show_pdf)
        self.notice_button.clicked.connect(self.show_notice)

    # --- loading -----------------------------------------------------------------------------
    def set_period(self, period: Period) -> None:
        self.period = period
        self.ctx.worker.submit(comparison.rows, period, success=lambda rows: self._loaded(period, rows))

    def _loaded(self, period: Period, rows: list[dict[str, Any]]) -> None:
        if period is not self.period:
            return  # another period was asked for meanwhile
        selected = self.selected_group()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, text in enumerate(comparison.formatted(r)):
                item = QTableWidgetItem(text)
                if j != 1:
                    item.setTextAlignment(RIGHT if j else Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(i, j, item)
            if selected and r["group_id"] == selected[0]:
                self.table.selectRow(i)
        unrated = sum(1 for r in rows if r["rank"] is None)
        w = comparison.ward_row(rows)
        text = f"{len(rows)} {self._word()} đang hoạt động"
        if w["rate_pct"] is not None:
            text += (f"; cộng lại: {format_int(w['contributing'])}/{format_int(w['households'])} hộ tham gia "
                     f"({format_decimal(w['rate_pct'], 1)}%), bình quân {format_int(w['value_per_household'])} "
                     "đồng/hộ")
        if unrated:
            text += f"; {unrated} chưa có số hộ nên chưa xếp hạng"
        self.status.setText(text + ".")

    def _word(self) -> str:
        return (self.ctx.unit.get("group_label") or "Tổ dân phố").lower()

    def selected_group(self) -> tuple[int, str] | None:
        row = self.table.currentRow()
        if not self.table.selectionModel().hasSelection() or not 0 <= row < len(self.rows):
            return None
        return self.rows[row]["group_id"], self.rows[row]["group"]

    def _selection_changed(self) -> None:
        self.notice_button.setEnabled(self.selected_group() is not None)

    # --- actions -----------------------------------------------------------------------------
    def export_xlsx(self) -> None:
        if self.period is None:
            return
        path = file_dialogs.save_file(self, "export", "Xuất Excel", f"So-sanh_{self.period.code}.xlsx",
                                      "Excel (*.xlsx)")
        if path:
            self.export_to(str(path))

    def export_to(self, path: str) -> None:
        self.status.setText("Đang ghi tệp Excel…")
        self.ctx.worker.submit(comparison.export_xlsx, self.period, path,
                               success=lambda p: self.status.setText(f"Đã ghi {p}"))

    def show_pdf(self) -> None:
        period = self.period
        if period is None:
            return
        self.status.setText("Đang tạo tệp PDF…")
        name = f"So-sanh_{period.code}.pdf"
        self.ctx.worker.submit(_comparison_pdf, period,
                               success=lambda made: self._preview(f"So sánh {self._word()} — {period.label}",
                                                                  made, name))

    def show_notice(self) -> None:
        group = self.selected_group()
        period = self.period
        if group is None or period is None:
            return
        gid, gname = group
        self.status.setText("Đang tạo bảng công khai…")
        self.ctx.worker.submit(_notice_pdf, period, gid,
                               success=lambda made: self._preview(f"Bảng công khai — {gname} — {period.label}",
                                                                  made, notice.file_name(gname, period)))

    def _preview(self, title: str, made: tuple[bytes, AdminDocument], file_name: str) -> None:
        from desktop.ui import pdf_view

        self.status.setText("")
        data, document = made
        pdf_view.PdfPreview(self, title, data, file_name, document=document, worker=self.ctx.worker).exec()
