"""What every "Ban hành…" dialog shares: the trích yếu, the date, the number (proposed: the next of the year in the
register, Nghị định 30/2020 Điều 15), the symbol as it will print, the signer, the notes and the buttons. The report
of a ward and the upper level's consolidated report add their own notes and checks. Issuing from the demo ledger
says so twice: a red note at the top of the dialog and a question before the number is taken (`confirm_demo`)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.ledger import demo_mark
from desktop.core.pdf import heading
from desktop.core.report import register


def demo_note(reader: Ledger) -> QLabel | None:
    """The red note an issue dialog of the demo ledger opens with; None for a real ledger."""
    if not demo_mark.is_demo(reader):
        return None
    label = QLabel(demo_mark.ISSUE_WARNING)
    label.setObjectName("demo_note")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel#demo_note { color: #b00020; font-weight: bold; border: 1px solid #b00020; "
                        "padding: 4px; }")
    return label


def confirm_demo(parent: QWidget, reader: Ledger) -> bool:
    """Before anything is issued: True at once for a real ledger; from the demo, only when the clerk answers Có to
    the warning (the default is Không: a numbered document from invented figures is not an accident to click
    through). Not refused outright: the demo is for trying every step, and what it prints carries SỔ MẪU."""
    if not demo_mark.is_demo(reader):
        return True
    answer = QMessageBox.warning(
        parent, "Ban hành từ sổ mẫu",
        f"{demo_mark.ISSUE_WARNING}\n\nVẫn ban hành để dùng thử? (Số văn bản được lấy trong sổ mẫu này, không ảnh "
        "hưởng sổ thật.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class IssueDialogBase(QDialog):
    def __init__(self, parent: QWidget, *, title: str, subject: str, kind: str, unit: dict[str, Any],
                 reader: Ledger, date: QDate, missing_signer: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reader, self.kind = reader, kind
        self.abbr = unit.get("issuer_abbr") or "UBND"
        self.has_signer = bool(unit.get("signer_name"))
        self.box = QVBoxLayout(self)
        note = demo_note(reader)
        if note is not None:
            self.box.addWidget(note)
        label = QLabel(f"<b>{html.escape(subject)}</b>")  # the clerk may type "<" in a trích yếu
        label.setWordWrap(True)
        self.box.addWidget(label)
        form = QFormLayout()
        self.date = QDateEdit(date)
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
        signer = html.escape(unit.get("signer_name") or missing_signer)
        form.addRow("Người ký:", QLabel(f"{', '.join(heading.signature(unit).authority)}: {signer}"))
        self.box.addLayout(form)

    def add_notes(self, notes: list[str]) -> None:
        for note in notes:
            label = QLabel(note)
            label.setWordWrap(True)
            self.box.addWidget(label)

    def add_buttons(self) -> None:
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Ban hành", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok.setEnabled(self.has_signer)
        self.box.addWidget(buttons)
        self.setFixedWidth(600)
        self._propose()

    def accept(self) -> None:
        if confirm_demo(self, self.reader):
            super().accept()

    def _propose(self) -> None:
        self.number.setValue(register.next_number(self.reader, self.kind, self.date.date().year()))
        self._show_symbol()

    def _show_symbol(self) -> None:
        self.symbol.setText(f"<b>Số: {register.symbol(self.number.value(), self.kind, self.abbr)}</b>")
