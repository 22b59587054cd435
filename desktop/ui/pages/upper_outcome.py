"""The upper level's outcome of a ward's proposal, typed in a dialog of the Đề nghị khen thưởng tab
(upper_proposals.py); proposals_above.record_outcome decides and writes it."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.exchange import proposals_above
from desktop.ui.messages import error_text


class OutcomeDialog(QDialog):
    """Ghi kết quả của cấp trên: Được khen with the decision's number and date, Không được khen / Trả lại with the
    reason, Đang xét to clear it. The page records it; a refusal (proposals_above.record_outcome's Vietnamese
    message) shows here and the dialog stays open with what was typed."""

    submitted = Signal(dict)

    def __init__(self, parent: QWidget, row: dict[str, Any]):
        super().__init__(parent)
        self.setWindowTitle("Ghi kết quả của cấp trên")
        v = QVBoxLayout(self)
        who = QLabel(f"<b>{html.escape(row['nominee_name'])}</b> — {html.escape(row['ward_name'])}<br>"
                     f"{html.escape(row['kind_name'] or '')}")
        who.setWordWrap(True)
        v.addWidget(who)
        form = QFormLayout()
        self.status = QComboBox()
        for code, label in proposals_above.OUTCOMES.items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(max(0, list(proposals_above.OUTCOMES).index(row["outcome"])
                                        if row["outcome"] in proposals_above.OUTCOMES else 0))
        self.number = QLineEdit(row.get("decision_no") or "")
        self.number.setPlaceholderText("ví dụ 1234/QĐ-UBND")
        self.date = QDateEdit(QDate.fromString(row["decision_date"], "yyyy-MM-dd") if row.get("decision_date")
                              else QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.reason = QPlainTextEdit(row.get("reason") or "")
        self.reason.setPlaceholderText("Lý do không được khen hoặc trả lại hồ sơ (gửi lại cho phường, xã)")
        self.reason.setFixedHeight(70)
        form.addRow("Kết quả:", self.status)
        form.addRow("Số quyết định:", self.number)
        form.addRow("Ngày quyết định:", self.date)
        form.addRow("Lý do:", self.reason)
        v.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c;")
        v.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Ghi kết quả", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.status.currentIndexChanged.connect(self._fields)
        self._fields()
        self.resize(520, 330)

    def _fields(self) -> None:
        code = self.status.currentData()
        for w in (self.number, self.date):
            w.setEnabled(code == "duoc_khen")
        self.reason.setEnabled(code in proposals_above.NEEDS_REASON)

    def values(self) -> dict[str, Any]:
        code = self.status.currentData()
        granted = code == "duoc_khen"
        return {"status": code, "number": self.number.text() if granted else None,
                "date": self.date.date().toString("yyyy-MM-dd") if granted else None,
                "reason": self.reason.toPlainText() if code in proposals_above.NEEDS_REASON else None}

    def _submit(self) -> None:
        self.error.setText("")
        self.ok.setEnabled(False)
        self.submitted.emit(self.values())

    def refused(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(error_text(exc))
