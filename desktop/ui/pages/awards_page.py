"""Khen thưởng: proposals of a period, suggestions from the contributions, the council's meeting and votes, and the
dossier (Tờ trình, Biên bản, Quyết định, báo cáo tóm tắt thành tích, Giấy khen, danh sách Excel).

Everything is read in one job on the database worker (`awards.page_state`) and every change is a service call on
it; the page refreshes from the Changes it gets back. A transition's button is enabled only when the workflow table
allows it for every selected proposal; the service refuses anything else anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.awards import catalogue, council, dossier, overview, papers, proposals, screening, wording
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.report import register
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import fold
from desktop.ui.messages import confirm, show_error
from desktop.ui.pages.figures_pages import _PeriodPage
from desktop.ui.record_dialog import Field, RecordDialog

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
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
COLUMNS = ["Đối tượng", "Họ tên, tên tập thể", "Tổ dân phố", "Hình thức khen thưởng", "Đất (m²)", "Giá trị (đ)",
           "Trạng thái", "Phiếu", "Số QĐ, TTr", "Lưu ý"]


def _item(text: str, right: bool = False, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(headers: list[str], multi: bool = False) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                       else QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    return t


def _m2(value: float) -> str:
    return format_decimal(float(value), 1, trim=True) if value else ""


def _qdate(iso: str | None) -> QDate:
    d = dt.date.fromisoformat(iso) if iso else dt.date.today()
    return QDate(d.year, d.month, d.day)


def _date_edit(iso: str | None = None) -> QDateEdit:
    w = QDateEdit(_qdate(iso))
    w.setCalendarPopup(True)
    w.setDisplayFormat("dd/MM/yyyy")
    return w


class AwardsPage(_PeriodPage):
    title = "Khen thưởng"

    def build(self, layout: QVBoxLayout) -> None:
        self.state: dict[str, Any] | None = None
        self.rows: list[dict[str, Any]] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._proposals_tab(), "Đề nghị")
        self.tabs.addTab(self._suggestions_tab(), "Gợi ý")
        self.tabs.addTab(self._council_tab(), "Hội đồng")
        self.tabs.addTab(self._documents_tab(), "Văn bản")
        layout.addWidget(self.tabs, 1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

    # --- Đề nghị ------------------------------------------------------------------------------
    def _proposals_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.addItem("Trạng thái: tất cả", None)
        for code, label in catalogue.STATUSES.items():
            self.status_filter.addItem(label, code)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._fill_proposals())
        bar.addWidget(self.status_filter)
        self.counts_label = QLabel()
        bar.addWidget(self.counts_label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "Thêm…", self.add_proposal), ("edit", "Sửa…", self.edit_proposal),
                                ("delete", "Xóa", self.delete_proposals),
                                ("from_suggestions", "Thêm từ gợi ý", lambda: self.tabs.setCurrentIndex(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            bar.addWidget(b)
        v.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = _table(COLUMNS, multi=True)
        # A period holds tens to a few hundred proposals: columns fit their contents, the form's name takes the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_proposal())
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([330, 190])
        v.addWidget(split, 1)

        actions = QHBoxLayout()
        actions.addWidget(QLabel("Kết quả:"))
        for action in ACTION_BUTTONS:
            b = QPushButton(ACTION_TEXT[action])
            b.setToolTip(ACTION_TIPS[action])
            b.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.buttons[action] = b
            actions.addWidget(b)
        actions.addStretch(1)
        v.addLayout(actions)
        return w

    # --- Gợi ý --------------------------------------------------------------------------------
    def _suggestions_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.suggest_kind = QComboBox()
        self.suggest_kind.addItem("Mọi hình thức khen thưởng", None)
        self.suggest_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.suggest_kind.setMinimumContentsLength(30)
        self.suggest_kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.land_only = QCheckBox("Chỉ người hiến đất")
        self.land_only.toggled.connect(lambda _b: self.refresh())
        self.select_all = QPushButton("Chọn tất cả")
        self.select_all.clicked.connect(lambda: self._check_all(True))
        self.add_suggested = QPushButton("Lập đề nghị cho các dòng đã chọn")
        self.add_suggested.setObjectName("primary")
        self.add_suggested.clicked.connect(self.add_from_suggestions)
        for x in (self.suggest_kind, self.land_only):
            bar.addWidget(x)
        bar.addStretch(1)
        bar.addWidget(self.select_all)
        bar.addWidget(self.add_suggested)
        v.addLayout(bar)
        self.suggest_hint = QLabel()
        self.suggest_hint.setWordWrap(True)
        self.suggest_hint.setObjectName("hint")
        v.addWidget(self.suggest_hint)
        self.suggest_table = _table(["Chọn", "Họ và tên, tên tập thể", "Đối tượng", "Tổ dân phố", "Địa chỉ",
                                     "Đất (m²)", "Giá trị (đồng)", "Khoản", "Hình thức gợi ý"])
        header = self.suggest_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.suggest_table, 1)
        return w

    # --- Hội đồng -----------------------------------------------------------------------------
    def _council_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        text = QLabel("Ghi cuộc họp Hội đồng Thi đua - Khen thưởng và số phiếu đồng ý của từng đề nghị đang là dự "
                      "thảo. Một đề nghị được thông qua khi số phiếu đồng ý trên tỷ lệ đặt trong Cài đặt (mặc định "
                      "50% tổng số thành viên Hội đồng).")
        text.setWordWrap(True)
        v.addWidget(text)
        self.meetings_table = _table(["Ngày họp", "Địa điểm", "Chủ tọa", "Thư ký", "Có mặt / tổng số",
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

    # --- Văn bản ------------------------------------------------------------------------------
    def _documents_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        box = QGroupBox("Hồ sơ của kỳ")
        grid = QGridLayout(box)
        self.doc_status: dict[str, QLabel] = {}
        self.doc_buttons: dict[str, QPushButton] = {}
        self.meeting_combo = QComboBox()
        numbered = [("preview", "Xem trước"), ("issue", "Ban hành…")]
        specs = [
            ("ttr_ward", "Tờ trình đề nghị khen thưởng (cấp phường)", numbered),
            ("bb", "Biên bản họp Hội đồng", numbered),
            ("qd", "Quyết định khen thưởng của Chủ tịch", numbered),
            ("ttr_upper", "Tờ trình đề nghị cấp trên khen thưởng", numbered),
            ("summary", "Báo cáo tóm tắt thành tích", [("preview", "Xem, in…")]),
            ("certificate", "Giấy khen (A4 ngang)", [("preview", "Xem, in…")]),
            ("xlsx", "Danh sách đề nghị (Excel)", [("save", "Lưu tệp Excel…")]),
            ("dossier", "Cả bộ hồ sơ (dự thảo và bản đã ban hành)", [("save", "Lưu vào thư mục…")]),
        ]
        for row, (key, title, actions) in enumerate(specs):
            grid.addWidget(QLabel(f"<b>{title}</b>"), row, 0)
            status = QLabel()
            status.setWordWrap(True)
            self.doc_status[key] = status
            cell = QHBoxLayout()
            if key == "bb":
                cell.addWidget(self.meeting_combo)
            cell.addWidget(status, 1)
            grid.addLayout(cell, row, 1)
            for col, (action, text) in enumerate(actions, start=2):
                b = QPushButton(text)
                b.clicked.connect(lambda _c=False, k=key, a=action: self.document_action(k, a))
                self.doc_buttons[f"{key}.{action}"] = b
                grid.addWidget(b, row, col)
        grid.setColumnStretch(1, 1)
        v.addWidget(box)
        v.addWidget(QLabel("<b>Văn bản đã ban hành của kỳ</b> (bấm đúp để xem, in):"))
        self.issued_table = _table(["Số, ký hiệu", "Ngày", "Văn bản", "Trích yếu", "Người ký"])
        for i, width in enumerate([130, 90, 260, 330]):
            self.issued_table.setColumnWidth(i, width)
        self.issued_table.horizontalHeader().setStretchLastSection(True)
        self.issued_table.doubleClicked.connect(lambda _i: self.open_issued())
        v.addWidget(self.issued_table, 1)
        return w

    # --- loading ------------------------------------------------------------------------------
    def watched_tables(self) -> set[str]:
        return super().watched_tables() | {"proposals", "proposal_events", "council_meetings", "documents",
                                           "award_kinds", "settings"}

    def refresh(self) -> None:
        period = self.period.currentData()
        self._stale = False
        land_only, kind_id = self.land_only.isChecked(), self.suggest_kind.currentData()
        self.ctx.worker.submit(lambda led: overview.page_state(led, period, land_only=land_only, kind_id=kind_id),
                               success=lambda s: self._state_loaded(period, s))

    def _state_loaded(self, period: Period, state: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return  # the clerk picked another period meanwhile
        self.state = state
        self.bounds.setText(f"{period.label[:1].upper()}{period.label[1:]} ({period.bounds_text}). Đề nghị khen "
                            "thưởng của kỳ, lập từ các khoản đóng góp đã nhận trong kỳ.")
        self._fill_kinds(state["kinds"])
        self._fill_proposals()
        self._fill_suggestions()
        self._fill_meetings()
        self._fill_documents()

    def _fill_kinds(self, kinds: list[dict[str, Any]]) -> None:
        current = self.suggest_kind.currentData()
        self.suggest_kind.blockSignals(True)
        self.suggest_kind.clear()
        self.suggest_kind.addItem("Mọi hình thức khen thưởng", None)
        for k in kinds:
            if k["active"]:
                self.suggest_kind.addItem(catalogue.kind_label(k), k["id"])
        self.suggest_kind.setCurrentIndex(max(0, self.suggest_kind.findData(current)))
        self.suggest_kind.blockSignals(False)

    def _fill_proposals(self) -> None:
        if self.state is None:
            return
        keep = set(self.selected_ids())
        wanted = self.status_filter.currentData()
        self.rows = [r for r in self.state["proposals"] if wanted is None or r["status"] == wanted]
        prior = self.state["prior"]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            votes = f"{r['votes_for']}/{r['members_total']}" if r["votes_for"] is not None else ""
            number = r["decision_no"] or r["submission_no"] or ""
            cells = [catalogue.SUBJECTS.get(r["subject"], ""), r["nominee_name"], r["group_name"] or "", r["kind_name"],
                     _m2(r["land_m2"]), format_int(r["value_vnd"]) if r["value_vnd"] else "",
                     catalogue.STATUSES[r["status"]], votes, number, "⚠ đã đề nghị" if prior.get(r["id"]) else ""]
            for j, text in enumerate(cells):
                item = _item(text, right=j in (4, 5), data=r["id"] if j == 0 else None)
                if j == 9 and prior.get(r["id"]):
                    item.setToolTip("\n".join(prior[r["id"]]))
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(i, j, item)
        self.table.clearSelection()
        for i, r in enumerate(self.rows):
            if r["id"] in keep:
                self.table.selectRow(i)
        self.table.blockSignals(False)
        c = self.state["counts"]
        self.counts_label.setText(
            f"{len(self.state['proposals'])} đề nghị · đã xét {c['proposed']} · phường khen {c['granted_by_unit']}"
            f" · trình cấp trên {c['submitted_upward']} · cấp trên khen {c['approved_upward']}")
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.rows[r]["id"] for r in rows if r < len(self.rows)]

    def _selected_rows(self) -> list[dict[str, Any]]:
        ids = set(self.selected_ids())
        return [r for r in self.rows if r["id"] in ids]

    def _selection_changed(self) -> None:
        chosen = self._selected_rows()
        self.buttons["edit"].setEnabled(len(chosen) == 1)
        self.buttons["delete"].setEnabled(bool(chosen) and all(r["status"] == "du_thao" for r in chosen))
        for action in ACTION_BUTTONS:
            self.buttons[action].setEnabled(bool(chosen) and all(action in r["actions"] for r in chosen))
        self._show_detail(chosen[0] if len(chosen) == 1 else None)

    def _show_detail(self, row: dict[str, Any] | None) -> None:
        if row is None:
            self.detail.setHtml("<i>Chọn một đề nghị để xem thành tích, lưu ý và lịch sử.</i>")
            return
        pid = row["id"]
        self.ctx.worker.submit(lambda led: proposals.history(led, pid),
                               success=lambda events: self._detail_loaded(row, events))

    def _detail_loaded(self, row: dict[str, Any], events: list[dict[str, Any]]) -> None:
        import html

        e = html.escape
        chosen = self._selected_rows()
        if len(chosen) != 1 or chosen[0]["id"] != row["id"]:
            return
        parts = [f"<b>{e(row['nominee_name'])}</b> — {e(row['kind_name'])} · "
                 f"{e(catalogue.STATUSES[row['status']].lower())}"]
        parts.append(f"<p><b>Tóm tắt thành tích:</b> {e(row['achievement'] or '(chưa có)')}</p>")
        for warning in (self.state or {}).get("prior", {}).get(row["id"], []):
            parts.append(f"<p style='color:#8b0000'>⚠ {e(warning)}</p>")
        if row["outcome_reason"]:
            parts.append(f"<p><b>Lý do:</b> {e(row['outcome_reason'])}</p>")
        parts.append("<p><b>Lịch sử:</b></p><ul>")
        for ev in events:
            when = format_date(ev["at"][:10]) + " " + ev["at"][11:16]
            parts.append(f"<li>{e(when)} — {e(ev['user'] or '')}: {e(ev['text'])}</li>")
        parts.append("</ul>")
        self.detail.setHtml("".join(parts))

    def _fill_suggestions(self) -> None:
        assert self.state is not None
        rows = self.state["suggestions"]
        self.suggestions = rows
        if self.state["thresholds_set"]:
            self.suggest_hint.setText(
                f"{len(rows)} người, hộ, tập thể đạt ngưỡng khen thưởng đặt trong danh mục và chưa có đề nghị trong "
                "kỳ, xếp theo giá trị đóng góp. Đánh dấu rồi bấm “Lập đề nghị…”.")
        else:
            self.suggest_hint.setText(
                f"Chưa đặt ngưỡng nào trong danh mục (Cài đặt → Danh mục khen thưởng): đang hiện tất cả {len(rows)} "
                "người, hộ, tập thể có đóng góp trong kỳ và chưa có đề nghị, xếp theo giá trị đóng góp.")
        self.suggest_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, i)
            self.suggest_table.setItem(i, 0, check)
            cells = [r["name"], catalogue.SUBJECTS.get(r["subject"], ""), r["group"] or "", r["address"] or "",
                     _m2(r["land_m2"]), format_int(r["value_vnd"]), str(r["contributions"]), r["kind_name"]]
            for j, text in enumerate(cells, start=1):
                item = _item(text, right=j in (5, 6, 7))
                if j == 8:
                    item.setToolTip(r["kind_label"] + ("" if r["by_threshold"] else " — chưa đặt ngưỡng"))
                self.suggest_table.setItem(i, j, item)
        self.add_suggested.setEnabled(bool(rows))
        self.select_all.setEnabled(bool(rows))

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.suggest_table.rowCount()):
            self.suggest_table.item(i, 0).setCheckState(state)

    def _fill_meetings(self) -> None:
        assert self.state is not None
        meetings = self.state["meetings"]
        self.meetings_table.setRowCount(len(meetings))
        for i, m in enumerate(meetings):
            cells = [format_date(m["date"]), m["place"] or "", m["chair"] or "", m["secretary"] or "",
                     f"{m['members_present']}/{m['members_total']}", str(m["proposals"]),
                     m["document_symbol"] or "chưa ban hành"]
            for j, text in enumerate(cells):
                self.meetings_table.setItem(i, j, _item(text, data=m["id"] if j == 0 else None))
        drafts = sum(1 for r in self.state["proposals"] if r["status"] == "du_thao")
        self.meeting_button.setEnabled(drafts > 0)
        self.meeting_button.setToolTip("" if drafts else "Không có đề nghị dự thảo nào để Hội đồng xét.")
        current = self.meeting_combo.currentData()
        self.meeting_combo.clear()
        for m in meetings:
            self.meeting_combo.addItem(f"Họp ngày {format_date(m['date'])}", m["id"])
        self.meeting_combo.setCurrentIndex(max(0, self.meeting_combo.findData(current)))

    def _fill_documents(self) -> None:
        assert self.state is not None
        rows = self.state["proposals"]
        pct = int(self.state["settings"]["vote_pass_percent"])
        docs = self.state["documents"]
        by_role: dict[str, list[dict[str, Any]]] = {}
        for d in docs:
            by_role.setdefault(d["role"] or "", []).append(d)

        def issued_text(role: str) -> str:
            found = by_role.get(role, [])
            return "Đã ban hành: " + ", ".join(f"số {d['symbol']} ngày {format_date(d['doc_date'])}"
                                               for d in found) + ". " if found else ""

        ward = [r for r in rows if r["level"] == "ward" and r["status"] not in ("khong_duoc_khen", "tra_lai")]
        self._doc_state("ttr_ward", bool(ward), issued_text("ttr_ward")
                        + (f"{len(ward)} đề nghị thuộc thẩm quyền của phường." if ward else
                           "Chưa có đề nghị thuộc thẩm quyền của phường."))
        meetings = self.state["meetings"]
        pending_bb = [m for m in meetings if not m["document_id"]]
        if not meetings:
            bb_text = "Chưa ghi cuộc họp nào (thẻ Hội đồng)."
        elif pending_bb:
            bb_text = f"{len(pending_bb)} cuộc họp chưa có biên bản ban hành."
        else:
            bb_text = "Mọi cuộc họp đã có biên bản."
        self._doc_state("bb", bool(meetings), issued_text("bb") + bb_text, issue=bool(pending_bb))
        waiting = [r for r in rows if r["level"] == "ward" and r["status"] == "da_xet" and council.passed(r, pct)]
        self._doc_state("qd", bool(waiting), issued_text("qd") + (
            f"{len(waiting)} đề nghị đã được Hội đồng thông qua, chờ quyết định." if waiting else
            "Không có đề nghị nào đã được thông qua và chờ quyết định."))
        upward = [r for r in rows if r["level"] == "upper" and r["status"] == "da_xet" and council.passed(r, pct)]
        self._doc_state("ttr_upper", bool(upward), issued_text("ttr_upper") + (
            f"{len(upward)} đề nghị đã được Hội đồng thông qua, chờ trình cấp trên." if upward else
            "Không có đề nghị nào chờ trình cấp trên."))
        open_rows = [r for r in rows if r["status"] not in ("khong_duoc_khen", "tra_lai")]
        self._doc_state("summary", bool(open_rows), "Các đề nghị đang chọn ở thẻ Đề nghị, hoặc tất cả "
                                                    f"{len(open_rows)} đề nghị nếu không chọn.")
        decided = [r for r in rows if r["level"] == "ward" and r["status"] in ("quyet_dinh", "duoc_khen")
                   and r["kind_name"].startswith("Giấy khen") and r["decision_no"]]
        self._doc_state("certificate", bool(decided), f"{len(decided)} Giấy khen đã có quyết định (các đề nghị đang "
                                                      "chọn, hoặc tất cả). Căn chỉnh phôi in sẵn ở Cài đặt.")
        self._doc_state("xlsx", bool(rows), f"{len(rows)} đề nghị, nhóm I. Tập thể, II. Cá nhân, III. Hộ gia đình.")
        self._doc_state("dossier", bool(rows), "Ghi danh sách Excel, các văn bản (bản đã ban hành, hoặc dự thảo), "
                                               "báo cáo tóm tắt và Giấy khen vào một thư mục.")
        self.issued_table.setRowCount(len(docs))
        for i, d in enumerate(reversed(docs)):
            cells = [d["symbol"], format_date(d["doc_date"]), wording.ROLES.get(d["role"] or "", d["kind"]),
                     d["title"] or "", d["signer_name"] or ""]
            for j, text in enumerate(cells):
                self.issued_table.setItem(i, j, _item(text, data=d["id"] if j == 0 else None))

    def _doc_state(self, key: str, ready: bool, text: str, issue: bool | None = None) -> None:
        self.doc_status[key].setText(text)
        for name, button in self.doc_buttons.items():
            if name.startswith(key + "."):
                button.setEnabled(ready if not name.endswith(".issue") or issue is None else issue)

    # --- proposals: add, edit, delete ---------------------------------------------------------
    def _kind_choices(self, subject: str | None = None) -> list[tuple[Any, str]]:
        kinds = (self.state or {}).get("kinds", [])
        return [(k["id"], catalogue.kind_label(k)) for k in kinds
                if k["active"] and (subject is None or subject in k["subjects"])]

    def _group_choices(self) -> list[tuple[Any, str]]:
        return [(r[0], r[1]) for r in self.ctx.reader.conn.execute(
            "SELECT id, name FROM groups WHERE deleted_at IS NULL AND active = 1 ORDER BY sort_key")]

    def _search_contributors(self, text: str) -> list[tuple[Any, str]]:
        words = fold(text).split()
        where = " AND ".join(["p.search LIKE ?"] * len(words)) or "1"
        return [(r[0], f"{r[1]} — {r[2]}") for r in self.ctx.reader.conn.execute(
            f"SELECT p.id, p.name, g.name FROM contributors p JOIN groups g ON g.id = p.group_id "
            f"WHERE p.deleted_at IS NULL AND {where} ORDER BY p.sort_key LIMIT 50", [f"%{w}%" for w in words])]

    def proposal_fields(self, row: dict[str, Any] | None) -> list[Field]:
        if row is not None and row["status"] != "du_thao":
            return [Field("book_no", "Số sổ vàng", hint="In trên Giấy khen."), Field("note", "Ghi chú", "multiline")]
        fields = [
            Field("subject", "Đối tượng", "choice", required=True, choices=list(catalogue.SUBJECTS.items())),
            Field("contributor_id", "Người đóng góp", "picker", search=self._search_contributors,
                  hint="Hộ, cá nhân, tập thể có trong sổ; bỏ trống với tổ dân phố."),
            Field("group_id", "Tổ dân phố", "choice", choices=self._group_choices,
                  hint="Để trống: lấy tổ dân phố của người đóng góp."),
            Field("award_kind_id", "Hình thức khen thưởng", "choice", required=True,
                  choices=self._kind_choices(row["subject"] if row else None)),
            Field("nominee_name", "Họ tên, tên tập thể", hint="Để trống: lấy theo người đóng góp hoặc tổ dân phố."),
            Field("address", "Địa chỉ"),
            Field("achievement", "Tóm tắt thành tích", "multiline",
                  hint="Để trống: chương trình soạn từ các khoản đóng góp đã nhận trong kỳ; sửa lại cho đúng."),
        ]
        if row is not None and row["contributor_id"]:
            fields.append(Field("contribution_ids", "Các khoản đóng góp gắn với đề nghị", "checklist",
                                choices=self._contribution_choices(row["contributor_id"])))
        fields += [
            Field("value_vnd", "Giá trị đóng góp (đồng)", "money",
                  hint="Chỉ nhập khi không gắn khoản đóng góp nào (tính tự động từ các khoản đã gắn)."),
            Field("land_m2", "Diện tích đất hiến (m²)", "number"),
            Field("book_no", "Số sổ vàng"),
            Field("note", "Ghi chú", "multiline"),
        ]
        return fields

    def _contribution_choices(self, contributor_id: int) -> list[tuple[Any, str]]:
        from desktop.core.ledger.vocab import CONTRIBUTION_KINDS

        out = []
        for cid, date, kind, qty, unit, value, status in self.ctx.reader.conn.execute(
                "SELECT id, date, kind, quantity, unit, value_vnd, status FROM contributions WHERE contributor_id = ? "
                "AND deleted_at IS NULL ORDER BY date DESC, id DESC LIMIT 200", [contributor_id]):
            pledged = " (mới đăng ký)" if status == "pledged" else ""
            out.append((cid, f"{format_date(date)} — {CONTRIBUTION_KINDS.get(kind, kind)} "
                             f"{format_decimal(qty, 1, trim=True)} {unit or ''} — {format_int(value)} đồng{pledged}"))
        return out

    def _wire_subject(self, dialog: RecordDialog) -> None:
        """The award forms offered follow the subject chosen (a household sees the household forms)."""
        subject, kind = dialog.widgets.get("subject"), dialog.widgets.get("award_kind_id")
        if not isinstance(subject, QComboBox) or not isinstance(kind, QComboBox):
            return

        def changed() -> None:
            current = kind.currentData()
            kind.clear()
            for value, text in self._kind_choices(subject.currentData()):
                kind.addItem(text, value)
            kind.setCurrentIndex(max(0, kind.findData(current)))

        subject.currentIndexChanged.connect(changed)
        changed()

    def add_proposal(self) -> None:
        period = self.period.currentData()

        def save(vals: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            vals = {**vals, "period_code": period.code}
            self.ctx.worker.submit(_prior_of_new, vals, success=lambda warnings: self._confirm_prior(
                warnings, lambda: self.ctx.worker.submit(_add_job, vals, success=ok, failure=failed), failed),
                failure=failed)

        dialog = RecordDialog(self, "Thêm đề nghị khen thưởng", self.proposal_fields(None), {"subject": "ho"}, save)
        self._wire_subject(dialog)
        self.last_dialog = dialog
        dialog.exec()

    def _confirm_prior(self, warnings: list[str], go: Callable[[], None],
                       failed: Callable[[BaseException], None]) -> None:
        """The prior-award check: the clerk sees the earlier proposals and decisions and chooses."""
        if not warnings or confirm(self, "Đã có đề nghị trước", "\n\n".join(warnings)
                                   + "\n\nVẫn lập đề nghị này?", yes="Vẫn lập", no="Xem lại"):
            go()
        else:
            failed(ValidationError({"contributor_id": "Đã có đề nghị trước: " + " ".join(warnings)}))

    def edit_proposal(self) -> None:
        chosen = self._selected_rows()
        if len(chosen) != 1:
            return
        pid = chosen[0]["id"]
        self.ctx.worker.submit(proposals.get, pid, success=self._open_edit)

    def _open_edit(self, row: dict[str, Any]) -> None:
        pid = row["id"]
        values = {**row, "contributor_id__label": row["nominee_name"] if row["contributor_id"] else ""}
        if row["links"]:
            values["value_vnd"] = None  # follows the linked contributions

        def save(vals: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            self.ctx.worker.submit(proposals.edit, pid, vals, success=ok, failure=failed)

        title = "Sửa đề nghị khen thưởng" if row["status"] == "du_thao" else \
            f"Đề nghị đã {catalogue.STATUSES[row['status']].lower()}: chỉ sửa số sổ vàng, ghi chú"
        dialog = RecordDialog(self, title, self.proposal_fields(row), values, save)
        self._wire_subject(dialog)
        self.last_dialog = dialog
        dialog.exec()

    def delete_proposals(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def job(led: Ledger) -> Changes:
            changes = Changes()
            with led.transaction():
                for pid in ids:
                    changes.merge(proposals.delete(led, pid))
            return changes

        self.ctx.worker.submit(job, success=lambda _c: self.hint.setText(f"Đã xóa {len(ids)} đề nghị dự thảo."))

    # --- transitions --------------------------------------------------------------------------
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

    def add_from_suggestions(self) -> None:
        period = self.period.currentData()
        items = [(r["contributor_id"], r["kind_id"]) for i, r in enumerate(self.suggestions)
                 if self.suggest_table.item(i, 0).checkState() == Qt.CheckState.Checked]
        if not items:
            show_error(self, UserError("Hãy đánh dấu ở cột “Chọn” những người cần lập đề nghị."))
            return

        def done(_c: Changes) -> None:
            self.hint.setText(f"Đã lập {len(items)} đề nghị dự thảo từ danh sách gợi ý; xem và sửa thành tích ở thẻ "
                              "Đề nghị.")
            self.tabs.setCurrentIndex(0)

        self.ctx.worker.submit(screening.add_from_suggestions, period, items, success=done)

    # --- council ------------------------------------------------------------------------------
    def record_meeting(self) -> None:
        assert self.state is not None
        period = self.period.currentData()
        drafts = [r for r in self.state["proposals"] if r["status"] == "du_thao"]
        last = self.state["meetings"][0] if self.state["meetings"] else None
        dialog = MeetingDialog(self, drafts, last, self.ctx.unit)

        def save(values: dict[str, Any], votes: dict[int, int]) -> None:
            self.ctx.worker.submit(council.record_meeting, period.code, values, votes,
                                   success=lambda _c: dialog.accept(), failure=dialog.show_failure)

        dialog.on_save = save
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.hint.setText("Đã ghi kết quả họp Hội đồng. Ban hành biên bản ở thẻ Văn bản.")

    # --- documents ----------------------------------------------------------------------------
    def document_action(self, key: str, action: str) -> None:
        period = self.period.currentData()
        if action == "preview":
            self.preview(key)
        elif action == "issue":
            self.issue(key)
        elif key == "xlsx":
            path, _ = QFileDialog.getSaveFileName(self, "Lưu danh sách đề nghị",
                                                  f"Danh-sach-de-nghi-khen-thuong-{period.code}.xlsx",
                                                  "Excel (*.xlsx)")
            if path:
                self.save_xlsx_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        elif key == "dossier":
            folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục lưu bộ hồ sơ")
            if folder:
                self.save_dossier_to(folder)

    def _selected_or(self, rows: list[dict[str, Any]]) -> list[int]:
        chosen = set(self.selected_ids())
        picked = [r["id"] for r in rows if r["id"] in chosen]
        return picked or [r["id"] for r in rows]

    def _pdf_job(self, key: str) -> tuple[Callable[[Ledger], bytes], str]:
        period = self.period.currentData()
        code = period.code
        if key == "ttr_ward":
            return (lambda led: dossier.render(papers.build_ttr(led, period, "ward"))), \
                f"To-trinh-cap-phuong-{code}-du-thao.pdf"
        if key == "ttr_upper":
            return (lambda led: dossier.render(papers.build_ttr(led, period, "upper"))), \
                f"To-trinh-cap-tren-{code}-du-thao.pdf"
        if key == "qd":
            return (lambda led: dossier.render(papers.build_qd(led, period))), \
                f"Quyet-dinh-khen-thuong-{code}-du-thao.pdf"
        if key == "bb":
            meeting_id = self.meeting_combo.currentData()
            return (lambda led: _meeting_pdf(led, meeting_id)), f"Bien-ban-hop-HDTDKT-{code}.pdf"
        rows = (self.state or {}).get("proposals", [])
        if key == "summary":
            ids = self._selected_or([r for r in rows if r["status"] not in ("khong_duoc_khen", "tra_lai")])
            return (lambda led: dossier.render_summaries(led, ids)), f"Bao-cao-tom-tat-thanh-tich-{code}.pdf"
        decided = [r for r in rows if r["level"] == "ward" and r["status"] in ("quyet_dinh", "duoc_khen")
                   and r["kind_name"].startswith("Giấy khen") and r["decision_no"]]
        ids = self._selected_or(decided)
        return (lambda led: dossier.certificates(led, ids)), f"Giay-khen-{code}.pdf"

    def preview(self, key: str) -> None:
        job, name = self._pdf_job(key)
        self.hint.setText("Đang tạo tệp PDF…")
        self.ctx.worker.submit(job, success=lambda data: self._show_pdf(data, name))

    def _show_pdf(self, data: bytes, name: str) -> None:
        from desktop.ui import pdf_view

        self.hint.setText("")
        self.last_pdf = data
        pdf_view.PdfPreview(self, f"Khen thưởng — {name}", data, name).exec()

    def issue(self, key: str) -> None:
        period = self.period.currentData()
        unit = self.ctx.unit
        kind, abbr = {"ttr_ward": ("TTr", unit.get("drafting_abbr") or "VHXH"), "qd": ("QĐ", unit.get("issuer_abbr")
                                                                                    or "UBND"),
                      "ttr_upper": ("TTr", unit.get("issuer_abbr") or "UBND"),
                      "bb": ("BB", wording.COUNCIL_ABBR)}[key]
        meeting_id = self.meeting_combo.currentData() if key == "bb" else None
        meeting = next((m for m in (self.state or {}).get("meetings", []) if m["id"] == meeting_id), None)
        dialog = IssueDialog(self, wording.ROLES[key], kind, abbr, self.ctx.reader,
                             meeting["date"] if meeting else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, date = dialog.number.value(), dialog.date.date().toString("yyyy-MM-dd")
        if key == "bb":
            job = lambda led: dossier.issue_bb(led, meeting_id, number=number, doc_date=date)  # noqa: E731
        elif key == "qd":
            job = lambda led: dossier.issue_qd(led, period, number=number, doc_date=date)  # noqa: E731
        else:
            level = "ward" if key == "ttr_ward" else "upper"
            job = lambda led: dossier.issue_ttr(led, period, level, number=number, doc_date=date)  # noqa: E731

        issued: dict[str, str] = {}  # written by the job, read by its success callback (which runs after it)

        def wrapped(led: Ledger) -> Changes:
            result = job(led)
            issued["symbol"] = result.symbol
            return result.changes

        self.ctx.worker.submit(wrapped, success=lambda _c: self.hint.setText(
            f"Đã ban hành {wording.ROLES[key]} số {issued['symbol']}. Xem, in ở bảng văn bản đã ban hành."))

    def open_issued(self) -> None:
        row = self.issued_table.currentRow()
        item = self.issued_table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        doc_id = item.data(Qt.ItemDataRole.UserRole)
        name = f"{item.text().replace('/', '-')}.pdf"
        self.ctx.worker.submit(lambda led: register.pdf_bytes(led, doc_id), success=lambda d: self._show_pdf(d, name))

    def save_xlsx_to(self, path: str) -> None:
        period = self.period.currentData()
        self.ctx.worker.submit(dossier.export_xlsx, period, path,
                               success=lambda p: self.hint.setText(f"Đã lưu danh sách {p}"))

    def save_dossier_to(self, folder: str) -> None:
        period = self.period.currentData()

        def done(written: list[tuple[Any, str]]) -> None:
            files = [w for w in written if w[0] is not None]
            missing = [what for path, what in written if path is None]
            text = f"Đã lưu {len(files)} tệp vào {folder}."
            if missing:
                text += " Chưa lập: " + "; ".join(missing)
            self.hint.setText(text)

        self.ctx.worker.submit(dossier.write_dossier, period, folder, success=done)


def _prior_of_new(ledger: Ledger, values: dict[str, Any]) -> list[str]:
    """The prior-award check for a proposal not yet saved (with the contributions it would link)."""
    period = proposals.parse_period(ledger, values["period_code"])
    cid = values.get("contributor_id")
    links = proposals.period_contributions(ledger, cid, period) if cid else []
    return screening.prior_awards(ledger, period_code=period.code, movement_id=proposals.default_movement(ledger),
                               contributor_id=cid, group_id=values.get("group_id"), subject=values.get("subject"),
                               nominee_name=values.get("nominee_name") or "", contribution_ids=links)


def _add_job(ledger: Ledger, values: dict[str, Any]) -> Changes:
    return Changes().add("proposals", proposals.add(ledger, values))


def _meeting_pdf(ledger: Ledger, meeting_id: int | None) -> bytes:
    if meeting_id is None:
        raise UserError("Chưa có cuộc họp Hội đồng nào trong kỳ.")
    meeting = council.get_meeting(ledger, meeting_id)
    if meeting["document_id"]:
        return register.pdf_bytes(ledger, meeting["document_id"])  # the issued one, frozen
    return dossier.render(papers.build_bb(ledger, meeting_id))


# --------------------------------------------------------------------------- dialogs


def _names(rows: list[dict[str, Any]]) -> str:
    names = ", ".join(r["nominee_name"] for r in rows[:5])
    return names + (f" và {len(rows) - 5} đề nghị khác" if len(rows) > 5 else "")


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class ReasonDialog(QDialog):
    """Trả lại / Không được khen: the reason goes into the history and the audit trail."""

    def __init__(self, parent: QWidget, label: str, rows: list[dict[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(label)
        v = QVBoxLayout(self)
        text = QLabel(f"{label}: {_names(rows)}. Ghi lý do (được lưu vào lịch sử của đề nghị):")
        text.setWordWrap(True)
        v.addWidget(text)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Ví dụ: Thiếu biên bản hiến đất có xác nhận của tổ dân phố")
        v.addWidget(self.reason)
        buttons, self.ok = _buttons(self, "Ghi")
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
        text = QLabel(f"{label}: {_names(rows)}.")
        text.setWordWrap(True)
        v.addWidget(text)
        form = QFormLayout()
        self.number = QLineEdit()
        self.number.setPlaceholderText("Ví dụ: 125/QĐ-UBND")
        self.date = _date_edit()
        form.addRow(f"Số {what}:", self.number)
        form.addRow(f"Ngày {what}:", self.date)
        v.addLayout(form)
        buttons, self.ok = _buttons(self, "Ghi")
        self.ok.setEnabled(False)
        self.number.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        v.addWidget(buttons)
        self.resize(480, 180)


class IssueDialog(QDialog):
    """Number (the next of the year's register, or the one in the ward's paper register) and date."""

    def __init__(self, parent: QWidget, title: str, kind: str, abbr: str, reader: Ledger, date: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Ban hành {title.lower()}")
        self.reader, self.kind, self.abbr = reader, kind, abbr
        v = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>")
        heading.setWordWrap(True)
        v.addWidget(heading)
        form = QFormLayout()
        self.date = _date_edit(date)
        self.number = QSpinBox()
        self.number.setRange(1, 99999)
        self.symbol = QLabel()
        form.addRow("Ngày ban hành:", self.date)
        form.addRow("Số văn bản:", self.number)
        form.addRow("Số, ký hiệu:", self.symbol)
        v.addLayout(form)
        note = QLabel("Số tự động là số tiếp theo trong năm; nếu sổ đăng ký văn bản đã dùng số này, hãy gõ số đúng "
                      "theo sổ. Văn bản đã ban hành được lưu cố định (không sửa được).")
        note.setWordWrap(True)
        v.addWidget(note)
        buttons, self.ok = _buttons(self, "Ban hành")
        v.addWidget(buttons)
        self.date.dateChanged.connect(lambda _d: self._propose())
        self.number.valueChanged.connect(lambda _n: self._show())
        self._propose()
        self.setFixedWidth(520)

    def _propose(self) -> None:
        self.number.setValue(register.next_number(self.reader, self.kind, self.date.date().year()))
        self._show()

    def _show(self) -> None:
        self.symbol.setText(f"<b>Số: {register.symbol(self.number.value(), self.kind, self.abbr)}</b>")


class MeetingDialog(QDialog):
    """A council meeting: when, where, who, and the votes for each draft proposal chosen."""

    def __init__(self, parent: QWidget, drafts: list[dict[str, Any]], last: dict[str, Any] | None,
                 unit: dict[str, Any]):
        super().__init__(parent)
        self.setWindowTitle("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng")
        self.drafts = drafts
        self.on_save: Callable[[dict[str, Any], dict[int, int]], None] | None = None
        v = QVBoxLayout(self)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        v.addWidget(self.error)
        form = QFormLayout()
        self.date = _date_edit()
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
        for label, widget in (("Ngày họp *", self.date), ("Giờ bắt đầu – kết thúc", times),
                              ("Địa điểm", self.place), ("Chủ tọa *", self.chair), ("Thư ký *", self.secretary),
                              ("Thành viên *", members), ("Thành phần tham dự", self.attendees),
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
            self.votes.setItem(i, 1, _item(r["nominee_name"]))
            self.votes.setItem(i, 2, _item(r["kind_name"]))
            spin = QSpinBox()
            spin.setRange(0, 200)
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
        self.resize(760, 720)

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
