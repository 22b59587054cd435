"""What every "Ban hành…" dialog shares: the trích yếu, the date, the number (proposed: the next of the year in the
register, Nghị định 30/2020 Điều 15), the symbol as it will print, the signer, the notes and the buttons. The report
of a ward and the upper level's consolidated report add their own notes and checks."""

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.pdf import heading
from desktop.core.report import register


class IssueDialogBase(QDialog):
    def __init__(self, parent: QWidget, *, title: str, subject: str, kind: str, unit: dict[str, Any],
                 reader: Ledger, date: QDate, missing_signer: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reader, self.kind = reader, kind
        self.abbr = unit.get("issuer_abbr") or "UBND"
        self.has_signer = bool(unit.get("signer_name"))
        self.box = QVBoxLayout(self)
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

    def _propose(self) -> None:
        self.number.setValue(register.next_number(self.reader, self.kind, self.date.date().year()))
        self._show_symbol()

    def _show_symbol(self) -> None:
        self.symbol.setText(f"<b>Số: {register.symbol(self.number.value(), self.kind, self.abbr)}</b>")
