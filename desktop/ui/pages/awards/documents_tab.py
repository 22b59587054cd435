"""The Văn bản tab: the period's dossier (Tờ trình, Biên bản, Quyết định, báo cáo tóm tắt, Giấy khen, danh sách
Excel): preview, issue with a register number, save (PDF, and an editable Word copy of a draft); and the documents
already issued."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.awards import catalogue, certificates, council, decisions, dossier, minutes, papers, wording
from desktop.core.errors import UserError
from desktop.core.ledger.records import Changes
from desktop.core.pdf.model import AdminDocument
from desktop.core.report import register
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs
from desktop.ui.issue_dialog import confirm_demo, demo_note
from desktop.ui.pages.awards.widgets import AwardsPart, date_edit, dialog_buttons, new_table, table_item


class DocumentsTab(AwardsPart):
    """Uses ProposalsTab's selection (`selected_ids`): the summaries and certificates of the chosen proposals."""

    def _documents_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        box = QGroupBox("Hồ sơ của kỳ")
        grid = QGridLayout(box)
        self.doc_status: dict[str, QLabel] = {}
        self.doc_buttons: dict[str, QPushButton] = {}
        self.meeting_combo = QComboBox()
        self.qd_group = QComboBox()  # which decision: Giấy khen, a title… each is its own Quyết định
        self.qd_group.setToolTip("Mỗi loại là một quyết định riêng: Giấy khen, danh hiệu thi đua, từng danh hiệu "
                                 "văn hóa "
                                 "(Nghị định 86/2023/NĐ-CP).")
        numbered = [("preview", "Xem trước"), ("issue", "Ban hành…")]
        specs = [
            ("ttr_ward", "Tờ trình đề nghị khen thưởng (cấp phường)", numbered),
            ("bb", "Biên bản họp Hội đồng", numbered),
            ("qd", "Quyết định của Chủ tịch", numbered),
            ("ttr_upper", "Tờ trình đề nghị cấp trên khen thưởng", numbered),
            ("summary", "Báo cáo tóm tắt thành tích", [("preview", "Xem, in…")]),
            ("certificate", "Giấy khen, Giấy công nhận (A4 ngang)", [("preview", "Xem, in…")]),
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
            if key == "qd":
                cell.addWidget(self.qd_group)
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
        self.issued_table = new_table(["Số, ký hiệu", "Ngày", "Văn bản", "Trích yếu", "Người ký"])
        for i, width in enumerate([130, 90, 260, 330]):
            self.issued_table.setColumnWidth(i, width)
        self.issued_table.horizontalHeader().setStretchLastSection(True)
        self.issued_table.doubleClicked.connect(lambda _i: self.open_issued())
        v.addWidget(self.issued_table, 1)
        return w

    def _fill_documents(self) -> None:
        assert self.state is not None
        rows = self.state["proposals"]
        pct = self.state["settings"]
        docs = self.state["documents"]
        by_role: dict[str, list[dict[str, Any]]] = {}
        for d in docs:
            by_role.setdefault(d["role"] or "", []).append(d)

        def issued_text(role: str) -> str:
            found = by_role.get(role, [])
            return "Đã ban hành: " + ", ".join(f"số {d['symbol']} ngày {format_date(d['doc_date'])}"
                                               for d in found) + ". " if found else ""

        ward = [r for r in rows if r["level"] == "ward" and r["status"] not in ("khong_duoc_khen", "tra_lai")
                and r["status_label"] != catalogue.REJECTED]
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
        groups = decisions.split(waiting)
        chosen = self.qd_group.currentData()
        self.qd_group.clear()
        for g, members in groups:
            self.qd_group.addItem(f"{decisions.label(g)}: {len(members)}", g)
        self.qd_group.setCurrentIndex(max(0, self.qd_group.findData(chosen)))
        self.qd_group.setVisible(len(groups) > 1)
        self._doc_state("qd", bool(waiting), issued_text("qd") + (
            f"{len(waiting)} đề nghị đã được Hội đồng thông qua, chờ quyết định"
            + (f" ({len(groups)} quyết định riêng: chọn loại ở ô bên cạnh)." if len(groups) > 1 else ".")
            if waiting else "Không có đề nghị nào đã được thông qua và chờ quyết định."))
        upward = [r for r in rows if r["level"] == "upper" and r["status"] == "da_xet" and council.passed(r, pct)]
        self._doc_state("ttr_upper", bool(upward), issued_text("ttr_upper") + (
            f"{len(upward)} đề nghị đã được Hội đồng thông qua, chờ trình cấp trên." if upward else
            "Không có đề nghị nào chờ trình cấp trên."))
        open_rows = [r for r in rows if r["status"] not in ("khong_duoc_khen", "tra_lai")]
        self._doc_state("summary", bool(open_rows), "Các đề nghị đang chọn ở thẻ Đề nghị, hoặc tất cả "
                                                    f"{len(open_rows)} đề nghị nếu không chọn.")
        decided = [r for r in rows if certificates.printable(r)]
        self._doc_state("certificate", bool(decided), f"{len(decided)} giấy đã có quyết định (các đề nghị đang "
                                                      "chọn, hoặc tất cả). Căn chỉnh phôi in sẵn ở Cài đặt.")
        self._doc_state("xlsx", bool(rows), f"{len(rows)} đề nghị, nhóm I. Tập thể, II. Cá nhân, III. Hộ gia đình.")
        self._doc_state("dossier", bool(rows), "Ghi danh sách Excel, các văn bản (bản đã ban hành, hoặc dự thảo), "
                                               "báo cáo tóm tắt và Giấy khen vào một thư mục.")
        self.issued_table.setRowCount(len(docs))
        for i, d in enumerate(reversed(docs)):
            cells = [d["symbol"], format_date(d["doc_date"]), wording.ROLES.get(d["role"] or "", d["kind"]),
                     d["title"] or "", d["signer_name"] or ""]
            for j, text in enumerate(cells):
                self.issued_table.setItem(i, j, table_item(text, data=d["id"] if j == 0 else None))

    def _doc_state(self, key: str, ready: bool, text: str, issue: bool | None = None) -> None:
        self.doc_status[key].setText(text)
        for name, button in self.doc_buttons.items():
            if name.startswith(key + "."):
                button.setEnabled(ready if not name.endswith(".issue") or issue is None else issue)

    def document_action(self, key: str, action: str) -> None:
        period = self.period.currentData()
        if action == "preview":
            self.preview(key)
        elif action == "issue":
            self.issue(key)
        elif key == "xlsx":
            path = file_dialogs.save_file(self, "export", "Lưu danh sách đề nghị",
                                          f"Danh-sach-de-nghi-khen-thuong-{period.code}.xlsx", "Excel (*.xlsx)")
            if path:
                self.save_xlsx_to(str(path))
        elif key == "dossier":
            folder = file_dialogs.pick_folder(self, "dossier", "Chọn thư mục lưu bộ hồ sơ")
            # The dossier writes its own file names: ask before a folder that already holds documents.
            if folder and file_dialogs.confirm_overwrite_in(self, folder, kinds=(".pdf", ".xlsx", ".docx")):
                self.save_dossier_to(str(folder))

    def _selected_or(self, rows: list[dict[str, Any]]) -> list[int]:
        chosen = set(self.selected_ids())
        picked = [r["id"] for r in rows if r["id"] in chosen]
        return picked or [r["id"] for r in rows]

    def _pdf_job(self, key: str) -> tuple[Callable[[Ledger], Made], str]:
        """The job making the PDF and, for a draft, the document it came from (the Word copy), and the file name."""
        period = self.period.currentData()
        code = period.code
        if key == "ttr_ward":
            return (lambda led: _made(papers.build_ttr(led, period, "ward"))), \
                f"To-trinh-cap-phuong-{code}-du-thao.pdf"
        if key == "ttr_upper":
            return (lambda led: _made(papers.build_ttr(led, period, "upper"))), \
                f"To-trinh-cap-tren-{code}-du-thao.pdf"
        if key == "qd":
            group = self.qd_group.currentData()
            return (lambda led: _made(papers.build_qd(led, period, group=group))), \
                f"{decisions.file_stem(group)}-{code}-du-thao.pdf"
        if key == "bb":
            meeting_id = self.meeting_combo.currentData()
            return (lambda led: _meeting_pdf(led, meeting_id)), f"Bien-ban-hop-HDTDKT-{code}.pdf"
        rows = (self.state or {}).get("proposals", [])
        if key == "summary":
            ids = self._selected_or([r for r in rows if r["status"] not in ("khong_duoc_khen", "tra_lai")])
            return (lambda led: _summaries(led, ids)), f"Bao-cao-tom-tat-thanh-tich-{code}.pdf"
        ids = self._selected_or([r for r in rows if certificates.printable(r)])
        return (lambda led: (dossier.certificates(led, ids), None, WORD_CERTIFICATE)), f"Giay-khen-{code}.pdf"

    def preview(self, key: str) -> None:
        job, name = self._pdf_job(key)
        self.hint.setText("Đang tạo tệp PDF…")
        self.ctx.worker.submit(job, success=lambda made: self._show_pdf(made, name))

    def _show_pdf(self, made: Made | bytes, name: str) -> None:
        """`made`: (PDF, the draft's document or None, why there is no Word copy), or the PDF of an issued one."""
        from desktop.ui import pdf_view

        data, document, note = made if isinstance(made, tuple) else (made, None, None)
        self.hint.setText("")
        self.last_pdf = data
        pdf_view.PdfPreview(self, f"Khen thưởng — {name}", data, name, document=document, worker=self.ctx.worker,
                            word_note=note).exec()

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
            group = self.qd_group.currentData()
            job = lambda led: dossier.issue_qd(led, period, number=number, doc_date=date, group=group)  # noqa: E731
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


# (PDF, the document it was made from for the Word copy or None, the tooltip saying why there is none)
Made = tuple[bytes, AdminDocument | None, str | None]
WORD_CERTIFICATE = ("Giấy khen in trên phôi in sẵn theo vị trí đã căn chỉnh ở Cài đặt: không có bản Word. Bản Word có "
                    "cho Tờ trình, Biên bản, Quyết định và báo cáo tóm tắt thành tích.")
WORD_SUMMARIES = ("Bản Word lập cho từng báo cáo tóm tắt thành tích: chọn một đề nghị ở thẻ Đề nghị rồi bấm Xem, "
                  "in… lần nữa.")


def _made(document: AdminDocument) -> Made:
    return dossier.render(document), document, None


def _summaries(ledger: Ledger, ids: list[int]) -> Made:
    """One summary: its Word copy too; several are one PDF of several documents (no single Word copy)."""
    if len(ids) == 1:
        return _made(dossier.build_summary(ledger, ids[0]))
    return dossier.render_summaries(ledger, ids), None, WORD_SUMMARIES


def _meeting_pdf(ledger: Ledger, meeting_id: int | None) -> Made:
    if meeting_id is None:
        raise UserError("Chưa có cuộc họp Hội đồng nào trong kỳ.")
    meeting = council.get_meeting(ledger, meeting_id)
    if meeting["document_id"]:
        return register.pdf_bytes(ledger, meeting["document_id"]), None, None  # the issued one, frozen
    return _made(minutes.build_bb(ledger, meeting_id))


class IssueDialog(QDialog):
    """Number (the next of the year's register, or the one in the ward's paper register) and date."""

    def __init__(self, parent: QWidget, title: str, kind: str, abbr: str, reader: Ledger, date: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Ban hành {title.lower()}")
        self.reader, self.kind, self.abbr = reader, kind, abbr
        v = QVBoxLayout(self)
        demo = demo_note(reader)  # the demo ledger: a red note, then a question before the number is taken
        if demo is not None:
            v.addWidget(demo)
        heading = QLabel(f"<b>{title}</b>")
        heading.setWordWrap(True)
        v.addWidget(heading)
        form = QFormLayout()
        self.date = date_edit(date)
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
        buttons, self.ok = dialog_buttons(self, "Ban hành")
        v.addWidget(buttons)
        self.date.dateChanged.connect(lambda _d: self._propose())
        self.number.valueChanged.connect(lambda _n: self._show())
        self._propose()
        self.setFixedWidth(520)

    def accept(self) -> None:
        if confirm_demo(self, self.reader):
            super().accept()

    def _propose(self) -> None:
        self.number.setValue(register.next_number(self.reader, self.kind, self.date.date().year()))
        self._show()

    def _show(self) -> None:
        self.symbol.setText(f"<b>Số: {register.symbol(self.number.value(), self.kind, self.abbr)}</b>")
