"""The Hội đồng tab: the council's meetings of the period, the year's member list (members_dialog), and the dialog
that records a meeting — who attended, from the member list of the year of its date — with its votes on the draft
proposals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from desktop.core.awards import catalogue, council, members
from desktop.core.errors import UserError, ValidationError
from desktop.core.text.vnformat import format_date
from desktop.ui import screen_fit
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
                      "thành viên Hội đồng). Số phiếu không vượt quá số thành viên dự họp. Lập danh sách thành viên "
                      "của năm trước khi họp: chương trình đếm số có mặt và in thành phần dự họp vào Biên bản.")
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
        self.members_button = QPushButton("Danh sách thành viên…")
        self.members_button.clicked.connect(self.edit_members)
        row.addWidget(self.members_button)
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
        reader = self.ctx.reader
        dialog = MeetingDialog(self, drafts, last, self.ctx.unit, self.state["settings"],
                               roster_of=lambda year: members.list_members(reader, year))

        def save(values: dict[str, Any], votes: dict[int, int], attendance: dict[int, str] | None,
                 written: dict[int, int] | None) -> None:
            def job(ledger: Any) -> Any:
                return council.record_meeting(ledger, period.code, values, votes, attendance=attendance,
                                              written_votes=written)

            self.ctx.worker.submit(job, success=lambda _c: dialog.accept(), failure=dialog.show_failure)

        dialog.on_save = save
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.hint.setText("Đã ghi kết quả họp Hội đồng. Ban hành biên bản ở thẻ Văn bản.")

    def edit_members(self) -> None:
        """The member list of the period's year (the year of its end: the council that considers its awards)."""
        from desktop.ui.pages.awards.members_dialog import MembersDialog

        period = self.period.currentData()
        year = int(period.end[:4]) if period is not None else None
        dialog = MembersDialog(self, self.ctx, year)
        self.last_members_dialog = dialog
        dialog.exec()


PRESENCE_CHOICES = (("present", "Có mặt"), ("absent", "Vắng"), ("written", "Vắng – có phiếu bằng văn bản"))
Save = Callable[[dict[str, Any], dict[int, int], dict[int, str] | None, dict[int, int] | None], None]


class MeetingDialog(QDialog):
    """A council meeting: when, where, who attended (each member of the year's list, or typed numbers for a year
    without a list), and the votes for each draft proposal chosen."""

    def __init__(self, parent: QWidget, drafts: list[dict[str, Any]], last: dict[str, Any] | None,
                 unit: dict[str, Any], rule: dict[str, Any] | None = None,
                 roster_of: Callable[[int], list[dict[str, Any]]] | None = None):
        super().__init__(parent)
        self.rule = rule or catalogue.SETTING_DEFAULTS
        self.allowed = bool(self.rule.get("written_votes_allowed"))
        self.roster_of = roster_of or (lambda _year: [])
        self.roster: list[dict[str, Any]] = []
        self.roster_year: int | None = None
        self.presence: list[QComboBox] = []
        self.setWindowTitle("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng")
        self.drafts = drafts
        self.on_save: Save | None = None
        v = QVBoxLayout(self)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        v.addWidget(self.error)
        self.form = QFormLayout()
        self._fields(last, unit)
        v.addLayout(self.form)
        v.addWidget(QLabel("<b>Đề nghị được xét và số phiếu đồng ý</b> (bỏ đánh dấu những đề nghị chưa xét lần này):"))
        self._votes_table()
        v.addWidget(self.votes, 1)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Ghi kết quả", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.members_total.valueChanged.connect(lambda _n: self._members_changed())
        self.members_present.valueChanged.connect(lambda _n: self._members_changed())
        self.date.dateChanged.connect(lambda _d: self._load_roster())
        self._load_roster()
        screen_fit.fit_size(self, 1040, 740)

    def _fields(self, last: dict[str, Any] | None, unit: dict[str, Any]) -> None:
        last = last or {}
        self.date = date_edit()
        self.start_time = QLineEdit("14 giờ 00")
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("Ví dụ: 16 giờ 30")
        self.place = QLineEdit(last.get("place") or "Hội trường Ủy ban nhân dân")
        # Editable for a year without a list; from the members present when there is one.
        self.chair, self.secretary = QComboBox(), QComboBox()
        for combo, text in ((self.chair, last.get("chair") or unit.get("chairman_name") or unit.get("signer_name")),
                            (self.secretary, last.get("secretary") or unit.get("user_name"))):
            combo.setEditable(True)
            combo.setEditText(text or "")
            combo.setMinimumWidth(360)
        self.members_total = QSpinBox()
        self.members_total.setRange(1, 200)
        self.members_total.setValue(last.get("members_total") or 9)
        self.members_present = QSpinBox()
        self.members_present.setRange(1, 200)
        self.members_present.setValue(last.get("members_present") or self.members_total.value())
        self.attendees = QPlainTextEdit(last.get("attendees") or "")
        self.attendees.setPlaceholderText("Mỗi dòng một thành viên: họ tên - chức vụ")
        self.attendees.setFixedHeight(60)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setPlaceholderText("Để trống: chương trình viết kết luận theo kết quả biểu quyết")
        self.conclusion.setFixedHeight(44)
        times = QHBoxLayout()
        for w in (self.start_time, QLabel("đến"), self.end_time):
            times.addWidget(w)
        self.typed = QWidget()
        typed = QHBoxLayout(self.typed)
        typed.setContentsMargins(0, 0, 0, 0)
        for w in (self.members_present, QLabel("có mặt / tổng số thành viên Hội đồng"), self.members_total):
            typed.addWidget(w)
        typed.addStretch(1)
        self.roster_note = QLabel(wordWrap=True)
        self.roster_note.setObjectName("hint")
        self.attendance = new_table(["Họ và tên", "Chức vụ", "Vai trò trong Hội đồng", "Tham dự"])
        self.attendance.setMinimumHeight(245)  # nine members without scrolling
        for i, width in ((0, 165), (2, 195), (3, 225)):
            self.attendance.setColumnWidth(i, width)
        self.attendance.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.quorum = QLabel(wordWrap=True)
        for label, widget in (("Ngày họp *", self.date), ("Giờ bắt đầu – kết thúc", times),
                              ("Địa điểm", self.place), ("Thành viên *", self.typed), ("", self.roster_note),
                              ("Thành phần dự họp *", self.attendance), ("", self.quorum),
                              ("Chủ tọa *", self.chair), ("Thư ký *", self.secretary),
                              ("Thành phần tham dự", self.attendees), ("Kết luận", self.conclusion)):
            self.form.addRow(label, widget)

    def _votes_table(self) -> None:
        self.votes = QTableWidget(len(self.drafts), 5)
        self.votes.setHorizontalHeaderLabels(["Xét", "Họ tên, tên tập thể", "Hình thức đề nghị", "Phiếu đồng ý",
                                              "Bằng văn bản"])
        self.votes.verticalHeader().setVisible(False)
        self.spins: list[QSpinBox] = []
        self.written_spins: list[QSpinBox] = []
        for i, r in enumerate(self.drafts):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            self.votes.setItem(i, 0, check)
            self.votes.setItem(i, 1, table_item(r["nominee_name"]))
            self.votes.setItem(i, 2, table_item(r["kind_name"]))
            spin, written = QSpinBox(), QSpinBox()
            spin.setRange(0, self.members_present.value())
            spin.setValue(self.members_present.value())
            written.setRange(0, 0)
            self.spins.append(spin)
            self.written_spins.append(written)
            self.votes.setCellWidget(i, 3, spin)
            self.votes.setCellWidget(i, 4, written)
        self.votes.setColumnWidth(0, 40)
        self.votes.setColumnWidth(1, 220)
        self.votes.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.votes.setColumnWidth(3, 110)
        self.votes.setColumnWidth(4, 120)

    # --- the member list of the date's year ---------------------------------------------------------
    def _load_roster(self) -> None:
        """The members of the year of the meeting's date, each with a presence choice; none: typed numbers."""
        year = self.date.date().year()
        if year == self.roster_year:
            return
        self.roster_year, self.roster = year, self.roster_of(year)
        self.attendance.setRowCount(len(self.roster))
        self.presence = []
        for i, m in enumerate(self.roster):
            for j, text in enumerate((m["name"], m.get("position") or "", m.get("role_label") or "")):
                item = table_item(text)
                item.setToolTip(text)  # a long position is elided in its cell
                self.attendance.setItem(i, j, item)
            combo = QComboBox()
            for code, text in PRESENCE_CHOICES:
                if code != "written" or self.allowed:
                    combo.addItem(text, code)
            combo.currentIndexChanged.connect(lambda _i: self._members_changed())
            self.presence.append(combo)
            self.attendance.setCellWidget(i, 3, combo)
        with_list = bool(self.roster)
        for widget in (self.typed, self.attendees):
            self.form.setRowVisible(widget, not with_list)
        self.form.setRowVisible(self.attendance, with_list)
        self.form.setRowVisible(self.roster_note, not with_list)  # with a list, the table says it all
        self.attendance.setToolTip(f"Danh sách thành viên Hội đồng năm {year}: chọn có mặt hay vắng của từng người; "
                                   "chương trình đếm số có mặt và tổng số.")
        self.roster_note.setText(
            f"Năm {year} chưa có danh sách thành viên Hội đồng: ghi số thành viên bằng tay, hoặc lập danh sách (thẻ "
            "Hội đồng, nút “Danh sách thành viên…”) để chương trình đếm và in thành phần dự họp vào Biên bản.")
        self.chair.setEditable(not with_list)
        self.votes.setColumnHidden(4, not (with_list and self.allowed))
        self._members_changed()

    def _people(self) -> None:
        """The chair chosen from the members present (the Chủ tịch Hội đồng first), the secretary offered them."""
        here = [m for m, c in zip(self.roster, self.presence, strict=True) if c.currentData() == "present"]
        names = [m["name"] for m in here]
        for combo in (self.chair, self.secretary):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            if combo is self.chair and current not in names:
                current = next((m["name"] for m in here if m["role"] == "chu_tich"), names[0] if names else "")
            if combo.isEditable():
                combo.setEditText(current)
            else:
                combo.setCurrentIndex(names.index(current) if current in names else -1)
            combo.blockSignals(False)

    def _members_changed(self) -> None:
        """The numbers counted from the list (or typed), the quorum said live, the votes capped at who may vote."""
        total, present, written = self.members_total.value(), self.members_present.value(), 0
        if self.roster:
            marks = [c.currentData() for c in self.presence]
            total, present, written = len(marks), marks.count("present"), marks.count("written")
            for spin, value in ((self.members_total, total), (self.members_present, present)):
                spin.blockSignals(True)
                spin.setValue(max(1, value))
                spin.blockSignals(False)
            self._people()
        fraction = str(self.rule.get("quorum_fraction") or "2/3")
        need = catalogue.quorum_needed(total, fraction)
        counted = (f"Có mặt {present}/{total} thành viên"
                   + (f", {total - present} vắng" if total > present else "")
                   + (f" (trong đó {written} có phiếu bằng văn bản)" if written else "") + ". ") if self.roster else ""
        if council.quorum_refusal(total, present, self.rule):
            self.quorum.setText(f"⚠ {counted}Chưa đủ số thành viên dự họp: cần ít nhất {need}/{total} ({fraction}); "
                                "cuộc họp này không được biểu quyết.")
            self.quorum.setStyleSheet("color: #b00020;")
        else:
            self.quorum.setText(f"{counted}Đủ số thành viên dự họp (cần ít nhất {need}/{total}, tức {fraction}). Số "
                                f"phiếu đồng ý của mỗi đề nghị tối đa {present}"
                                + (f", cộng tối đa {written} phiếu bằng văn bản." if written else "."))
            self.quorum.setStyleSheet("")
        for spin, by_letter in zip(self.spins, self.written_spins, strict=True):
            spin.setMaximum(present)
            by_letter.setMaximum(written)

    # --- what is saved ------------------------------------------------------------------------------
    def values(self) -> tuple[dict[str, Any], dict[int, int]]:
        values = {"date": self.date.date().toString("yyyy-MM-dd"), "start_time": self.start_time.text(),
                  "end_time": self.end_time.text(), "place": self.place.text(), "chair": self.chair.currentText(),
                  "secretary": self.secretary.currentText(), "members_total": self.members_total.value(),
                  "members_present": self.members_present.value(), "attendees": self.attendees.toPlainText(),
                  "conclusion": self.conclusion.toPlainText()}
        votes = {r["id"]: self.spins[i].value() for i, r in enumerate(self.drafts) if self._chosen(i)}
        return values, votes

    def _chosen(self, i: int) -> bool:
        return self.votes.item(i, 0).checkState() == Qt.CheckState.Checked

    def attendance_marks(self) -> dict[int, str] | None:
        """Each member's presence (None for a year without a list)."""
        if not self.roster:
            return None
        return {m["id"]: c.currentData() for m, c in zip(self.roster, self.presence, strict=True)}

    def written_votes(self) -> dict[int, int] | None:
        if not (self.roster and self.allowed):
            return None
        return {r["id"]: self.written_spins[i].value() for i, r in enumerate(self.drafts) if self._chosen(i)}

    def submit(self) -> None:
        if self.on_save is None:
            return
        self.ok.setEnabled(False)
        self.on_save(*self.values(), self.attendance_marks(), self.written_votes())

    def show_failure(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.error.setText("Chưa ghi được — " + " ".join(exc.errors.values()))
            self.error.show()
        elif isinstance(exc, UserError):
            self.error.setText("Chưa ghi được — " + str(exc))
            self.error.show()
        else:
            show_error(self, exc)
