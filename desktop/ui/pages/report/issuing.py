"""Preview, print, save, issue and unlock: the banner saying what is issued for the period and what changed since,
the PDF actions and the editable Word copy, and the Văn bản đã ban hành tab."""

from __future__ import annotations

import hashlib
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from db.connection import Ledger
from desktop.core.ledger import locks
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.pdf.model import AdminDocument
from desktop.core.report import narrative, register, report
from desktop.core.text.vnformat import format_date
from desktop.ui.pages.report.dialogs import ChangesDialog, IssueDialog, UnlockDialog
from desktop.ui.pages.report.widgets import ReportPart, new_table, table_item


class Issuing(ReportPart):
    """The banner's and the action row's widgets are made by ReportPage.build; `_flush` is NarrativeTab's."""

    def _history_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.history = new_table(["Số, ký hiệu", "Ngày", "Lần", "Tình trạng", "Người ban hành", "Mã kiểm tra SHA-256"])
        for col in range(5):
            self.history.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.history.doubleClicked.connect(lambda _i: self.open_issued(self._history_id()))
        v.addWidget(self.history, 1)
        row = QHBoxLayout()
        view = QPushButton("Xem, in văn bản đã chọn")
        view.clicked.connect(lambda: self.open_issued(self._history_id()))
        row.addWidget(view)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _fill_history(self, status: dict[str, Any]) -> None:
        docs = status["history"]
        self.history.setRowCount(len(docs))
        self._history_ids = [d["id"] for d in docs]
        for i, d in enumerate(docs):
            state = "Đang có hiệu lực" if d["status"] == "issued" else "Đã được thay thế"
            cells = [d["symbol"], format_date(d["doc_date"]), str(d["version"]), state, d["issued_by"] or "",
                     d["sha256"]]
            for j, text in enumerate(cells):
                self.history.setItem(i, j, table_item(text))

    def _fill_banner(self, status: dict[str, Any]) -> None:
        doc, lock, changes = status["issued"], status["lock"], status["changes"]
        self.changes_button.setVisible(bool(doc and changes))
        self.unlock_button.setVisible(bool(lock and not lock["unlocked_at"]))
        self.issued_button.setVisible(doc is not None)
        if doc is None:
            self.banner.setProperty("tone", "info")
            self.banner_text.setText("<b>Dự thảo</b> — báo cáo của kỳ này chưa ban hành. Soạn nội dung ở thẻ "
                                     "“Nội dung báo cáo”, xem trước, rồi bấm <b>Ban hành</b> để lấy số.")
            self.issue_button.setText("Ban hành…")
        else:
            text = (f"<b>Đã ban hành Báo cáo số {doc['symbol']}</b> ngày {format_date(doc['doc_date'])}"
                    f"{' (bản thay thế lần ' + str(doc['version']) + ')' if doc['version'] > 1 else ''}. ")
            if lock and lock["unlocked_at"]:
                text += (f"Kỳ đã được mở khóa ngày {format_date(lock['unlocked_at'][:10])}"
                         f" — lý do: {lock['unlock_reason']}. ")
            else:
                text += "Số liệu của kỳ đã khóa. "
            if changes:
                text += (f"<br><b>⚠ Số liệu trong sổ đã khác {len(changes)} chỉ số so với bản đã ban hành.</b> "
                         "Hãy ban hành bản thay thế.")
                self.banner.setProperty("tone", "warning")
            else:
                text += "Số liệu trong sổ khớp với bản đã ban hành."
                self.banner.setProperty("tone", "ok")
            self.banner_text.setText(text)
            self.issue_button.setText("Ban hành bản thay thế…")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.issue_button.setEnabled(doc is None or bool(changes))
        use_issued = doc is not None and not changes
        self.print_button.setText("In bản đã ban hành…" if use_issued else "In dự thảo…")
        self.save_button.setText("Lưu PDF đã ban hành…" if use_issued else "Lưu PDF dự thảo…")
        self._word_button().setText("Lưu Word đã ban hành…" if use_issued else "Lưu Word dự thảo…")
        self.preview_button.setText("Xem bản đã ban hành" if use_issued else "Xem trước dự thảo")

    def with_pdf(self, action: str) -> None:
        """The issued PDF when it still matches the ledger, otherwise the draft rendered now."""
        self._flush()
        period = self.period.currentData()
        status = (self.state or {}).get("status") or {}
        doc = status.get("issued")
        if doc is not None and not status.get("changes"):
            job, name = (lambda led: issued_copy(led, doc["id"])), _file_name(doc["symbol"], period)
        else:
            job, name = (lambda led: draft_copy(led, period)), _file_name(None, period)
        self.hint.setText("Đang tạo tệp PDF…")
        self.ctx.worker.submit(job, success=lambda made: self._pdf_ready(action, made, name))

    def _pdf_ready(self, action: str, made: tuple[bytes, AdminDocument | None], name: str) -> None:
        from desktop.ui import pdf_view

        data, document = made
        self.hint.setText("")
        self.last_pdf = data
        if action == "preview":
            pdf_view.PdfPreview(self, f"Báo cáo — {name}", data, name, document=document, worker=self.ctx.worker,
                                word_note=WORD_NOT_REPRODUCED).exec()
        elif action == "print":
            from PySide6.QtPrintSupport import QPrintDialog

            printer = pdf_view.new_printer()
            dialog = QPrintDialog(printer, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                pdf_view.print_pdf(data, printer)
        else:
            saved = pdf_view.save_pdf(self, data, name)
            if saved:
                self.hint.setText(f"Đã lưu {saved}")

    def open_issued(self, document_id: int | None) -> None:
        from desktop.ui import pdf_view

        if document_id is None:
            doc = ((self.state or {}).get("status") or {}).get("issued")
            if doc is None:
                return
            document_id = doc["id"]
        symbol = self.ctx.reader.conn.execute("SELECT symbol FROM documents WHERE id = ?", [document_id]).fetchone()
        name = _file_name(symbol[0] if symbol else None, self.period.currentData())
        self.ctx.worker.submit(
            lambda led: issued_copy(led, document_id),
            success=lambda made: pdf_view.PdfPreview(self, f"Báo cáo — {name}", made[0], name, document=made[1],
                                                     worker=self.ctx.worker, word_note=WORD_NOT_REPRODUCED).exec())

    def _word_button(self) -> QPushButton:
        """"Lưu Word…" beside "Lưu PDF…" in the action row (made here, at the first banner, so the row's layout in
        ReportPage.build stays as it is)."""
        button = getattr(self, "word_button", None)
        if button is None:
            button = self.word_button = QPushButton("Lưu Word…")
            from desktop.ui.pdf_view import WORD_TIP

            button.setToolTip(WORD_TIP)
            button.clicked.connect(self.save_word)
            row = next((lay for lay in self.findChildren(QHBoxLayout) if lay.indexOf(self.save_button) >= 0), None)
            if row is not None:
                row.insertWidget(row.indexOf(self.save_button) + 1, button)
        return button

    def save_word(self) -> None:
        """The editable Word copy: of the issued report while it matches the ledger, otherwise of the draft."""
        from desktop.ui import pdf_view

        self._flush()
        period = self.period.currentData()
        status = (self.state or {}).get("status") or {}
        doc = status.get("issued")
        if doc is not None and not status.get("changes"):
            document_id, name = doc["id"], _file_name(doc["symbol"], period)

            def make(led: Ledger) -> AdminDocument:
                document = issued_copy(led, document_id)[1]
                if document is None:
                    from desktop.core.errors import UserError

                    raise UserError(WORD_NOT_REPRODUCED)
                return document
        else:
            name = _file_name(None, period)

            def make(led: Ledger) -> AdminDocument:
                return report.build(led, period)
        self.hint.setText("Đang lập bản Word…")
        pdf_view.save_word(self, make, name, self.ctx.worker, needs_ledger=True,
                           done=lambda path: self.hint.setText(f"Đã lưu bản Word {path}" if path else ""))

    def _history_id(self) -> int | None:
        row = self.history.currentRow()
        ids = getattr(self, "_history_ids", [])
        return ids[row] if 0 <= row < len(ids) else None

    def issue(self) -> None:
        self._flush()
        if self.state is None:
            return
        period = self.period.currentData()
        dialog = IssueDialog(self, period, self.state, self.ctx.unit, self.ctx.reader)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, date = dialog.number.value(), dialog.date.date().toString("yyyy-MM-dd")

        def job(led: Ledger) -> Changes:
            with led.transaction():
                narrative.save_draft(led, period, report_date=date)
                doc_id = report.issue(led, period, number=number)
            return Changes().add("documents", doc_id).add("period_locks").add("report_drafts")

        self.hint.setText("Đang ban hành…")
        self.ctx.worker.submit(job, success=lambda _c: self.hint.setText("Đã ban hành. Có thể in hoặc lưu PDF."))

    def unlock_period(self) -> None:
        status = (self.state or {}).get("status") or {}
        lock, doc = status.get("lock"), status.get("issued")
        if not lock or not doc:
            return
        dialog = UnlockDialog(self, doc["symbol"])
        if dialog.exec() == QDialog.DialogCode.Accepted:
            reason = dialog.reason.toPlainText()
            self.ctx.worker.submit(locks.unlock, lock["id"], reason)

    def show_changes(self) -> None:
        changes = ((self.state or {}).get("status") or {}).get("changes") or []
        ChangesDialog(self, changes).exec()


WORD_NOT_REPRODUCED = ("Không lập được bản Word của văn bản đã ban hành này: nội dung trong sổ đã khác bản đã ban hành "
                       "(tệp PDF và mã SHA-256 của nó là bản lưu). Bản Word chỉ lập cho dự thảo, hoặc cho bản đã ban "
                       "hành khi sổ còn cho ra đúng tệp PDF ấy.")


def draft_copy(ledger: Ledger, period: Period) -> tuple[bytes, AdminDocument]:
    """The draft as PDF, and the document it was made from (for the Word copy)."""
    from desktop.core.pdf import nd30

    document = report.build(ledger, period)
    return nd30.render(document), document


def issued_copy(ledger: Ledger, document_id: int) -> tuple[bytes, AdminDocument | None]:
    """The frozen PDF of an issued report, and the document it was made from when the ledger still gives exactly
    that PDF (same SHA-256): only then is a Word copy the issued text. Otherwise None (the Word copy is refused)."""
    from desktop.core.pdf import nd30

    data = register.pdf_bytes(ledger, document_id)
    row = register.get(ledger, document_id)
    if row.get("kind") != report.KIND or not row.get("period_code"):
        return data, None
    try:
        period = narrative.parse_period(ledger, row["period_code"])
        document = report.build(ledger, period, symbol=row["symbol"])
        same = hashlib.sha256(nd30.render(document)).hexdigest() == row["sha256"]
    except Exception:  # a period or unit no longer readable: no Word copy, the PDF still opens
        return data, None
    return data, document if same else None


def _file_name(symbol: str | None, period: Period) -> str:
    number = symbol.split("/")[0] if symbol else "du-thao"
    return f"Bao-cao-{period.code}-{number}.pdf"
