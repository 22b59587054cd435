"""The Đề nghị tab: the period's proposals, a filter by status, the detail of the one chosen (achievement,
warnings, history), and the buttons, enabled for what every selected proposal allows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.awards import catalogue, figures_check, merit_report, proposals
from desktop.core.awards.achievement import change_note
from desktop.core.text.vnformat import format_date, format_int
from desktop.ui.pages.awards.outcomes import ACTION_BUTTONS, ACTION_TEXT, ACTION_TIPS
from desktop.ui.pages.awards.widgets import AwardsPart, m2_text, new_table, table_item

COLUMNS = ["Đối tượng", "Họ tên, tên tập thể", "Tổ dân phố", "Hình thức khen thưởng", "Đất (m²)", "Giá trị (đ)",
           "Trạng thái", "Phiếu", "Số QĐ, TTr", "Lưu ý"]


class ProposalsTab(AwardsPart):
    """Its buttons call ProposalForm (add, edit, delete) and Outcomes (the results)."""

    def _proposals_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.addItem("Trạng thái: tất cả", None)
        for code, label in catalogue.STATUSES.items():
            self.status_filter.addItem(label, code)
            if code == "da_xet":
                self.status_filter.addItem(catalogue.REJECTED, catalogue.REJECTED)
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
        self.table = new_table(COLUMNS, multi=True)
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
        # On a row of their own: beside the outcomes they made the page wider than a 1366 px screen.
        actions = QHBoxLayout()
        actions.addStretch(1)
        # The figures behind the achievement (figures_check) and the full report of a form proposed upward.
        for key, text, tip, slot in (
                ("refresh", "Soạn lại theo số liệu mới",
                 "Số liệu đóng góp đã thay đổi sau khi soạn nội dung thành tích: soạn lại nội dung từ các khoản "
                 "đóng góp (hoặc giữ nội dung đã viết) và ghi nhận số liệu mới.", self.refresh_figures),
                ("merit", "Báo cáo thành tích…",
                 "Báo cáo thành tích đầy đủ (hình thức đề nghị cấp trên): xem, in, lưu PDF hoặc Word.",
                 self.preview_merit_report)):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            self.buttons[key] = b
            actions.addWidget(b)
        v.addLayout(actions)
        return w

    def _fill_proposals(self) -> None:
        if self.state is None:
            return
        keep = set(self.selected_ids())
        wanted = self.status_filter.currentData()
        self.rows = [r for r in self.state["proposals"] if wanted is None or r["status_label"] == wanted
                     or (r["status"] == wanted and r["status_label"] != catalogue.REJECTED)]
        prior = self.state["prior"]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            votes = f"{r['votes_for']}/{r['members_total']}" if r["votes_for"] is not None else ""
            number = r["decision_no"] or r["submission_no"] or ""
            cells = [catalogue.SUBJECTS.get(r["subject"], ""), r["nominee_name"], r["group_name"] or "", r["kind_name"],
                     m2_text(r["land_m2"]), format_int(r["value_vnd"]) if r["value_vnd"] else "",
                     r["status_label"], votes, number, _warning(r, bool(prior.get(r["id"])))]
            for j, text in enumerate(cells):
                item = table_item(text, right=j in (4, 5), data=r["id"] if j == 0 else None)
                if j == 9 and text:
                    item.setToolTip("\n".join(prior.get(r["id"], []) + ([figures_text(r)] if r.get(
                        "figures_changed") else [])))
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
        one = chosen[0] if len(chosen) == 1 else None
        self.buttons["refresh"].setEnabled(bool(one and one.get("figures_changed") and one["status"] == "du_thao"))
        self.buttons["merit"].setEnabled(bool(one and merit_report.requires_merit_report(one)))
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
                 f"{e(row['status_label'].lower())}"]
        parts.append(f"<p><b>Tóm tắt thành tích:</b> {e(row['achievement'] or '(chưa có)')}</p>")
        if row.get("figures_changed"):
            parts.append(f"<p style='color:#8b0000'>⚠ {e(figures_text(row))}</p>")
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

    def refresh_figures(self) -> None:
        """"Soạn lại theo số liệu mới": a text the program drafted is drafted again; a text the clerk wrote is
        replaced only if they say so, or kept and confirmed against the new figures."""
        from PySide6.QtWidgets import QMessageBox

        chosen = self._selected_rows()
        if len(chosen) != 1:
            return
        row = chosen[0]
        redraft = True
        if not follows(row):
            box = QMessageBox(QMessageBox.Icon.Question, "Soạn lại theo số liệu mới",
                              f"{figures_text(row)}\n\nNội dung thành tích của “{row['nominee_name']}” do người dùng "
                              "viết. Soạn lại sẽ thay bằng nội dung soạn từ các khoản đóng góp; hoặc giữ nguyên nội "
                              "dung đã viết (đã tự sửa cho đúng) và ghi nhận số liệu mới.", parent=self)
            again = box.addButton("Soạn lại", QMessageBox.ButtonRole.AcceptRole)
            keep = box.addButton("Giữ nội dung đã viết", QMessageBox.ButtonRole.ActionRole)
            box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() not in (again, keep):
                return
            redraft = box.clickedButton() is again
        pid, name = row["id"], row["nominee_name"]
        self.ctx.worker.submit(lambda led: figures_check.refresh(led, pid, redraft=redraft),
                               success=lambda _c: self.hint.setText(f"Đã cập nhật nội dung thành tích của “{name}” "
                                                                    "theo số liệu đóng góp hiện tại."))

    def preview_merit_report(self) -> None:
        chosen = self._selected_rows()
        if len(chosen) != 1:
            return
        pid = chosen[0]["id"]
        name = f"Bao-cao-thanh-tich-{pid}.pdf"
        self.hint.setText("Đang tạo tệp PDF…")
        self.ctx.worker.submit(lambda led: _merit_pdf(led, pid), success=lambda made: self._show_merit(made, name))

    def _show_merit(self, made: tuple[bytes, Any], name: str) -> None:
        from desktop.ui import pdf_view

        self.hint.setText("")
        data, document = made
        self.last_pdf = data
        pdf_view.PdfPreview(self, f"Khen thưởng — {name}", data, name, document=document,
                            worker=self.ctx.worker).exec()


def follows(row: dict[str, Any]) -> bool:
    """The text is the program's untouched draft of a draft proposal: it follows the figures by itself."""
    snap = row.get("figures_snapshot") or {}
    return row["status"] == "du_thao" and bool(snap.get("drafted")) and row["achievement"] == snap["drafted"]


def figures_text(row: dict[str, Any]) -> str:
    """What the list and the detail say when the figures changed after the achievement was written."""
    snap = row.get("figures_snapshot") or {}
    note = change_note(snap, figures_check.live_of(row))
    if follows(row):
        return (note.split("; nội dung thành tích")[0] + ". Nội dung do chương trình soạn nên khi in sẽ theo số "
                "mới; bấm “Soạn lại theo số liệu mới” để lưu.")
    return note + " Bấm “Soạn lại theo số liệu mới”, hoặc Sửa… nội dung."


def _warning(row: dict[str, Any], prior: bool) -> str:
    return " · ".join(([("⚠ đã đề nghị")] if prior else []) + (["⚠ số liệu đã đổi"] if row.get("figures_changed")
                                                               else []))


def _merit_pdf(ledger: Ledger, proposal_id: int) -> tuple[bytes, Any]:
    from desktop.core.awards import dossier

    document = merit_report.build_merit_report(ledger, proposal_id)
    return dossier.render(document), document
