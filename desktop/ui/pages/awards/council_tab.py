"""The Hội đồng tab: the council's meetings of the period, and the dialog that records one with its votes on the
draft proposals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.awards import catalogue, council
from desktop.core.errors import ValidationError
from desktop.core.text.vnformat import format_date
from desktop.ui.messages import show_error
from desktop.ui.pages.awards.widgets import AwardsPart, date_edit, new_table, table_item


class CouncilTab(AwardsPart):
    """Fills DocumentsTab's choice of meeting (`meeting_combo`) too."""

    def _council_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        text = QLabel("Ghi cuộc họp Hội đồng Thi đua - Khen thưởng và số phiếu đồng ý của từng đề nghị đang là dự "
                      "thảo. Cuộc họp chỉ được biểu quyết khi đủ số thành viên dự họp (mặc định 2/3); một đề nghị "
                      "được thông qua khi số phiếu đồng ý trên tỷ lệ đặt trong Cài đặt (mặc định trên 50% tổng số "
                      "thành viên Hội đồng). Số phiếu không vượt quá số thành viên dự họp.")
        text.setWordWrap(True)
        v.addWidget(text)
        self.meetings_table = new_table(["Ngày họp", "Địa điểm", "Chủ tọa", "Thư ký", "Có mặt / tổng số",
                                      "Số đề nghị", "Biên bản"])
        for i, width in enumerate([90, 220, 160, 160, 125, 90]):
            self.meetings_table.setColumnWidth(i, width)
        self.meetings_table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.meetings_table, 1)
        row = QHBoxLayout()
        self.meeting_button = QPushButton("Ghi kết quả họp Hội đồng…")
        self.meeting_button.setObjectName("primary")
        self.meeting_button.clicked.connect(self.record_meeting)
        row.addWidget(self.meeting_button)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _fill_meetings(self) -> None:
        assert self.state is not None
        meetings = self.state["meetings"]
        self.meetings_table.setRowCount(len(meetings))
        for i, m in enumerate(meetings):
            cells = [format_date(m["date"]), m["place"] or "", m["chair"] or "", m["secretary"] or "",
                     f"{m['members_present']}/{m['members_total']}", str(m["proposals"]),
                     m["document_symbol"] or "chưa ban hành"]
            for j, text in enumerate(cells):
                self.meetings_table.setItem(i, j, table_item(text, data=m["id"] if j == 0 else None))
        drafts = sum(1 for r in self.state["proposals"] if r["status"] == "du_thao")
        self.meeting_button.setEnabled(drafts > 0)
        self.meeting_button.setToolTip("" if drafts else "Không có đề nghị dự thảo nào để Hội đồng xét.")
        current = self.meeting_combo.currentData()
        self.meeting_combo.clear()
        for m in meetings:
            self.meeting_combo.addItem(f"Họp ngày {format_date(m['date'])}", m["id"])
        self.meeting_combo.setCurrentIndex(max(0, self.meeting_combo.findData(current)))

    def record_meeting(self) -> None:
        assert self.state is not None
        period = self.period.currentData()
        drafts = [r for r in self.state["proposals"] if r["status"] == "du_thao"]
        last = self.state["meetings"][0] if self.state["meetings"] else None
        dialog = MeetingDialog(self, drafts, last, self.ctx.unit, self.state["settings"])

        def save(values: dict[str, Any], votes: dict[int, int]) -> None:
            self.ctx.worker.submit(council.record_meeting, period.code, values, votes,
                                   success=lambda _c: dialog.accept(), failure=dialog.show_failure)

        dialog.on_save = save
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.hint.setText("Đã ghi kết quả họp Hội đồng. Ban hành biên bản ở thẻ Văn bản.")


class MeetingDialog(QDialog):
    """A council meeting: when, where, who, and the votes for each draft proposal chosen."""

    def __init__(self, parent: QWidget, drafts: list[dict[str, Any]], last: dict[str, Any] | None,
                 unit: dict[str, Any], rule: dict[str, Any] | None = None):
        super().__init__(parent)
        self.rule = rule or catalogue.SETTING_DEFAULTS
        self.setWindowTitle("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng")
        self.drafts = drafts
        self.on_save: Callable[[dict[str, Any], dict[int, int]], None] | None = None
        v = QVBoxLayout(self)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        v.addWidget(self.error)
        form = QFormLayout()
        self.date = date_edit()
        self.start_time = QLineEdit("14 giờ 00")
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("Ví dụ: 16 giờ 30")
        self.place = QLineEdit((last or {}).get("place") or "Hội trường Ủy ban nhân dân")
        self.chair = QLineEdit((last or {}).get("chair") or unit.get("chairman_name") or unit.get("signer_name") or "")
        self.secretary = QLineEdit((last or {}).get("secretary") or unit.get("user_name") or "")
        self.members_total = QSpinBox()
        self.members_total.setRange(1, 200)
        self.members_total.setValue((last or {}).get("members_total") or 9)
        self.members_present = QSpinBox()
        self.members_present.setRange(1, 200)
        self.members_present.setValue((last or {}).get("members_present") or self.members_total.value())
        self.attendees = QPlainTextEdit((last or {}).get("attendees") or "")
        self.attendees.setPlaceholderText("Mỗi dòng một thành viên: họ tên - chức vụ")
        self.attendees.setFixedHeight(70)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setPlaceholderText("Để trống: chương trình viết kết luận theo kết quả biểu quyết")
        self.conclusion.setFixedHeight(50)
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel("đến"))
        times.addWidget(self.end_time)
        members = QHBoxLayout()
        members.addWidget(self.members_present)
        members.addWidget(QLabel("có mặt / tổng số thành viên Hội đồng"))
        members.addWidget(self.members_total)
        self.quorum = QLabel(wordWrap=True)
        for label, widget in (("Ngày họp *", self.date), ("Giờ bắt đầu – kết thúc", times),
                              ("Địa điểm", self.place), ("Chủ tọa *", self.chair), ("Thư ký *", self.secretary),
                              ("Thành viên *", members), ("", self.quorum), ("Thành phần tham dự", self.attendees),
                              ("Kết luận", self.conclusion)):
            form.addRow(label, widget)
        v.addLayout(form)
        v.addWidget(QLabel("<b>Đề nghị được xét và số phiếu đồng ý</b> (bỏ đánh dấu những đề nghị chưa xét lần này):"))
        self.votes = QTableWidget(len(drafts), 4)
        self.votes.setHorizontalHeaderLabels(["Xét", "Họ tên, tên tập thể", "Hình thức đề nghị", "Phiếu đồng ý"])
        self.votes.verticalHeader().setVisible(False)
        self.spins: list[QSpinBox] = []
        for i, r in enumerate(drafts):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            self.votes.setItem(i, 0, check)
            self.votes.setItem(i, 1, table_item(r["nominee_name"]))
            self.votes.setItem(i, 2, table_item(r["kind_name"]))
            spin = QSpinBox()
            spin.setRange(0, self.members_present.value())
            spin.setValue(self.members_present.value())
            self.spins.append(spin)
            self.votes.setCellWidget(i, 3, spin)
        self.votes.setColumnWidth(0, 40)
        self.votes.setColumnWidth(1, 200)
        self.votes.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.votes.setColumnWidth(3, 100)
        v.addWidget(self.votes, 1)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Ghi kết quả", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.members_total.valueChanged.connect(lambda _n: self._members_changed())
        self.members_present.valueChanged.connect(lambda _n: self._members_changed())
        self._members_changed()
        self.resize(760, 720)

    def _members_changed(self) -> None:
        """The quorum needed, said as the clerk types; the votes of each nominee at most the members present."""
        total, present = self.members_total.value(), self.members_present.value()
        fraction = str(self.rule.get("quorum_fraction") or "2/3")
        need = catalogue.quorum_needed(total, fraction)
        why = council.quorum_refusal(total, present, self.rule)
        if why:
            self.quorum.setText(f"⚠ Chưa đủ số thành viên dự họp: cần ít nhất {need}/{total} ({fraction}); cuộc họp "
                                "này không được biểu quyết.")
            self.quorum.setStyleSheet("color: #b00020;")
        else:
            self.quorum.setText(f"Đủ số thành viên dự họp (cần ít nhất {need}/{total}, tức {fraction}). Số phiếu "
                                f"đồng ý của mỗi đề nghị tối đa {present}.")
            self.quorum.setStyleSheet("")
        for spin in self.spins:
            spin.setMaximum(present)

    def values(self) -> tuple[dict[str, Any], dict[int, int]]:
        values = {"date": self.date.date().toString("yyyy-MM-dd"), "start_time": self.start_time.text(),
                  "end_time": self.end_time.text(), "place": self.place.text(), "chair": self.chair.text(),
                  "secretary": self.secretary.text(), "members_total": self.members_total.value(),
                  "members_present": self.members_present.value(), "attendees": self.attendees.toPlainText(),
                  "conclusion": self.conclusion.toPlainText()}
        votes = {r["id"]: self.spins[i].value() for i, r in enumerate(self.drafts)
                 if self.votes.item(i, 0).checkState() == Qt.CheckState.Checked}
        return values, votes

    def submit(self) -> None:
        if self.on_save is None:
            return
        self.ok.setEnabled(False)
        self.on_save(*self.values())

    def show_failure(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.error.setText("Chưa ghi được — " + " ".join(exc.errors.values()))
            self.error.show()
        else:
            show_error(self, exc)
