"""The results of the Đề nghị tab (Ghi quyết định, Được khen, Trả lại…): a workflow transition for the selected
proposals, with the reason or the number and date it needs."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.core.awards import council
from desktop.ui.pages.awards.widgets import AwardsPart, date_edit, dialog_buttons, nominee_names

# The transitions a clerk starts from the Đề nghị tab, in workflow order (the review comes from a meeting).
ACTION_BUTTONS = ("decide", "submit", "grant", "refuse", "return", "redraft")
ACTION_TEXT = {"decide": "Ghi quyết định…", "submit": "Ghi trình cấp trên…", "grant": "Được khen…",
               "refuse": "Không được khen…", "return": "Trả lại…", "redraft": "Đưa về dự thảo"}
ACTION_TIPS = {
    "decide": "Ghi số, ngày quyết định của Chủ tịch UBND phường (nếu quyết định lập ngoài chương trình; "
              "ban hành ở thẻ Văn bản thì chương trình tự ghi)",
    "submit": "Ghi số, ngày tờ trình gửi cấp trên (nếu lập ngoài chương trình)",
    "grant": "Ghi kết quả được khen; với đề nghị đã trình cấp trên: số, ngày quyết định của cấp trên",
    "refuse": "Ghi kết quả không được khen, kèm lý do",
    "return": "Hồ sơ bị trả lại để bổ sung, kèm lý do",
    "redraft": "Đưa hồ sơ bị trả lại về dự thảo để sửa và xét lại",
}


class Outcomes(AwardsPart):
    """Uses ProposalsTab's selection (`_selected_rows`)."""

    def run_action(self, action: str) -> None:
        chosen = self._selected_rows()
        if not chosen:
            return
        ids = [r["id"] for r in chosen]
        kwargs: dict[str, Any] = {}
        t = council.TRANSITIONS[action]
        if t.needs_reason:
            dialog = ReasonDialog(self, t.label, chosen)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            kwargs["reason"] = dialog.reason.toPlainText()
        elif action in ("decide", "submit") or (action == "grant" and any(r["status"] == "trinh_cap_tren"
                                                                          for r in chosen)):
            what = "tờ trình" if action == "submit" else "quyết định"
            dialog = NumberDialog(self, t.label, what, chosen)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            kwargs["number"] = dialog.number.text()
            kwargs["date"] = dialog.date.date().toString("yyyy-MM-dd")
        self.ctx.worker.submit(lambda led: council.transition(led, ids, action, **kwargs),
                               success=lambda _c: self.hint.setText(f"Đã ghi “{t.label}” cho {len(ids)} đề nghị."))


class ReasonDialog(QDialog):
    """Trả lại / Không được khen: the reason goes into the history and the audit trail."""

    def __init__(self, parent: QWidget, label: str, rows: list[dict[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(label)
        v = QVBoxLayout(self)
        text = QLabel(f"{label}: {nominee_names(rows)}. Ghi lý do (được lưu vào lịch sử của đề nghị):")
        text.setWordWrap(True)
        v.addWidget(text)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Ví dụ: Thiếu biên bản hiến đất có xác nhận của tổ dân phố")
        v.addWidget(self.reason)
        buttons, self.ok = dialog_buttons(self, "Ghi")
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(len(self.reason.toPlainText().strip()) >= 5))
        v.addWidget(buttons)
        self.resize(520, 240)


class NumberDialog(QDialog):
    """A decision or a submission made outside the program: its number and date."""

    def __init__(self, parent: QWidget, label: str, what: str, rows: list[dict[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(label)
        v = QVBoxLayout(self)
        text = QLabel(f"{label}: {nominee_names(rows)}.")
        text.setWordWrap(True)
        v.addWidget(text)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setPlaceholderText("Ví dụ: 125/QĐ-UBND")
        self.date = date_edit()
        form.addRow(f"Số {what}:", self.number)
        form.addRow(f"Ngày {what}:", self.date)
        v.addLayout(form)
        buttons, self.ok = dialog_buttons(self, "Ghi")
        self.ok.setEnabled(False)
        self.number.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        v.addWidget(buttons)
        self.resize(480, 180)
