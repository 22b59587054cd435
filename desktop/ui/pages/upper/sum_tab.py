"""Tổng hợp (until desktop.ui.pages.upper_sum replaces it): the period's figures by ward, the consolidated report
previewed, issued (numbered, signed, frozen) and saved to Excel."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from db.connection import Ledger
from desktop.core.exchange import consolidated, upper
from desktop.core.ledger.records import Changes
from desktop.core.report import register
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs
from desktop.ui.issue_dialog import IssueDialogBase
from desktop.ui.messages import show_error


class IssueDialog(IssueDialogBase):
    """Issue the consolidated report: the date, the number (proposed: the next of the year's register), the signer.
    Refused while the upper unit has no signer (Cài đặt → Sửa thông tin đơn vị…)."""

    def __init__(self, parent: QWidget, state: dict[str, Any], reader: Ledger):
        super().__init__(parent, title="Ban hành báo cáo tổng hợp",
                         subject=consolidated.subject(state["sum"]["period"]), kind=consolidated.KIND,
                         unit=state["unit"], reader=reader, date=QDate.currentDate(), missing_signer="(chưa có)")
        unit = state["unit"]
        data, status = state["sum"], state["status"]
        notes = [f"Tổng hợp theo tệp của {len(data['by_unit'])}/{len(state['wards'])} đơn vị cấp xã đã đăng ký. "
                 "Số liệu, danh sách tệp đã tổng hợp và tệp PDF được lưu cố định kèm mã SHA-256.",
                 "Số tự động là số tiếp theo trong năm; nếu sổ đăng ký văn bản đã dùng số này, hãy gõ số đúng theo "
                 "sổ. Số không được trùng trong năm."]
        if status["issued"]:
            notes.append(f"Bản này sẽ <b>thay thế</b> Báo cáo số {html.escape(status['issued']['symbol'])} "
                         "(bản cũ vẫn được lưu).")
        if not unit.get("signer_name"):
            notes.append("<b>⚠ Chưa có tên người ký</b>: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên "
                         "người ký” rồi ban hành.")
        self.add_notes(notes)
        self.add_buttons()


class SumTab(QWidget):
    """What the Tổng hợp tab does with a period's consolidation: show whether its report is issued, preview it, issue
    it and save the table as Excel. The tab itself (its widgets, table and refresh) is upper_sum.UpperSumTab."""

    def _show_issue(self, state: dict[str, Any]) -> None:
        doc, changes = state["status"]["issued"], state["status"]["changes"]
        sent = bool(state["sum"]["by_unit"])
        if doc is None:
            text = ("<b>Dự thảo</b> — báo cáo tổng hợp của kỳ này chưa ban hành. Xem trước, rồi bấm <b>Ban hành…</b> "
                    "để lấy số." if sent else "Chưa có đơn vị cấp xã nào gửi số liệu của kỳ này.")
            self.issue_button.setText("Ban hành…")
        else:
            text = (f"<b>Đã ban hành Báo cáo số {html.escape(doc['symbol'])}</b> ngày {format_date(doc['doc_date'])}"
                    f"{' (bản thay thế lần ' + str(doc['version']) + ')' if doc['version'] > 1 else ''}. ")
            if changes:
                text += ("<br><b>⚠ Đã nhận tệp mới sau khi ban hành:</b> " + html.escape(" ".join(changes))
                         + " Hãy ban hành bản thay thế.")
            else:
                text += "Khớp với các tệp đã nhận."
            self.issue_button.setText("Ban hành bản thay thế…")
        if not state["unit"].get("signer_name"):
            text += "<br>⚠ Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…” để điền trước khi ban hành."
        self.issue_state.setText(text)
        self.issue_button.setEnabled(sent and (doc is None or bool(changes)))
        use_issued = doc is not None and not changes
        self.preview_button.setText("Xem, in bản đã ban hành" if use_issued else "Xem, in dự thảo báo cáo tổng hợp")

    def preview(self) -> None:
        """The issued PDF while it matches the files received, otherwise the draft rendered now."""
        from desktop.ui import pdf_view

        code = self.period.currentData().code
        status = (getattr(self, "state", None) or {}).get("status") or {}
        doc = status.get("issued")
        if doc is not None and not status.get("changes"):
            job, name = (lambda led: register.pdf_bytes(led, doc["id"])), \
                f"Tong-hop-{code}-{doc['symbol'].split('/')[0]}.pdf"
        else:
            job, name = (lambda led: consolidated.render(led, code)), f"Tong-hop-{code}-du-thao.pdf"
        self.ctx.worker.submit(job, success=lambda data: pdf_view.PdfPreview(self, "Báo cáo tổng hợp", data,
                                                                            name).exec())

    def issue(self) -> None:
        state = getattr(self, "state", None)
        if state is None:
            return
        dialog = IssueDialog(self, state, self.ctx.reader)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code = self.period.currentData().code
        number, date = dialog.number.value(), dialog.date.date().toString("yyyy-MM-dd")

        def job(led: Ledger) -> Changes:
            return Changes().add("documents", consolidated.issue(led, code, number=number, date=date))

        def failed(exc: BaseException) -> None:
            self._show_issue(state)
            show_error(self, exc)

        self.issue_state.setText("Đang ban hành…")
        self.ctx.worker.submit(job, failure=failed)

    def save_xlsx(self) -> None:
        code = self.period.currentData().code
        path = file_dialogs.save_file(self, "export", "Lưu bảng tổng hợp", f"Tong-hop-{code}.xlsx", "Excel (*.xlsx)")
        if path:
            self.ctx.worker.submit(upper.export_xlsx, code, path)
