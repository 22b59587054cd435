"""The dialogs of issuing a report: its number, date and the checks before it (IssueDialog), unlocking the period
(UnlockDialog), and what changed since the issued one (ChangesDialog)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.ledger.periods import Period
from desktop.core.report import narrative
from desktop.core.text.vnformat import format_date
from desktop.ui.issue_dialog import IssueDialogBase
from desktop.ui.pages.report.widgets import new_table, table_item


class IssueDialog(IssueDialogBase):
    """Confirm the number (the ward's register may be kept elsewhere), the date and the signer."""

    def __init__(self, parent: QWidget, period: Period, state: dict[str, Any], unit: dict[str, Any], reader: Ledger):
        draft_date = state["draft"]["report_date"]
        d = dt.date.fromisoformat(draft_date) if draft_date else dt.date.today()
        super().__init__(parent, title="Ban hành báo cáo", subject=narrative.title(reader, period, state["draft"]),
                         kind=narrative.KIND, unit=unit, reader=reader, date=QDate(d.year, d.month, d.day),
                         missing_signer="(chưa có — vào Cài đặt để điền)")
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
        self.add_notes(notes)
        # An official document with "…" in it is issued only when the clerk says so in as many words.
        self.accept_gaps = QCheckBox("Tôi vẫn ban hành khi còn chỗ “…”")
        self.accept_gaps.setVisible(bool(missing))
        self.box.addWidget(self.accept_gaps)
        self.add_buttons()
        self.ok.setEnabled(self.has_signer and not missing)
        self.accept_gaps.toggled.connect(lambda on: self.ok.setEnabled(self.has_signer and (on or not missing)))


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
        table = new_table(["Chỉ số", "Trong báo cáo đã ban hành", "Trong sổ hiện nay"])
        table.setRowCount(len(changes))
        for i, (what, old, new) in enumerate(changes):
            table.setItem(i, 0, table_item(what))
            table.setItem(i, 1, table_item(old, right=True))
            table.setItem(i, 2, table_item(new, right=True))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(1)
        table.resizeColumnToContents(2)
        v.addWidget(table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        v.addWidget(close)
        self.resize(760, 420)
