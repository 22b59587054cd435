"""The award dossier as files: rendering, the Báo cáo tóm tắt and certificates as PDFs, issuing the Tờ trình,
Biên bản and Quyết định in the register, the list as xlsx, and the whole dossier written into one folder.

Tờ trình, Biên bản and Quyết định are numbered in the year's register through `register.issue` (frozen PDF with
its SHA-256). They are issued without a period in the register's sense (`period=None`): two Quyết định of the same
period are two decisions, not a version and its replacement; the period goes in `content.award_period`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.awards import catalogue, council, decisions, proposals
from desktop.core.awards.certificates import assign_book_numbers, certificate_rows, certificates, frozen_signing
from desktop.core.awards.merit_report import render_merit_reports, requires_merit_report
from desktop.core.awards.minutes import build_bb
from desktop.core.awards.papers import (
    build_qd,
    build_ttr,
    group_rows,
    issued,
    issued_ward_ttr,
    qd_groups,
    ttr_rows,
)
from desktop.core.awards.summary import build_summary
from desktop.core.awards.wording import COUNCIL, COUNCIL_ABBR, ROLES, count_phrase, roman
from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.ledger import audit, setup
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.pdf.merge import merge_pdfs
from desktop.core.pdf.model import AdminDocument, Signature
from desktop.core.report import register
from desktop.core.text.vnformat import format_date

# --------------------------------------------------------------------------- rendering


def render(doc: AdminDocument) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    return nd30.render(doc)


def summary_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """Proposals whose dossier is still open or granted (not refused, not returned)."""
    return [r for r in proposals.list_proposals(ledger, period.code)
            if r["status"] not in ("khong_duoc_khen", "tra_lai")]


def render_summaries(ledger: Ledger, proposal_ids: list[int], *, doc_date: str | None = None) -> bytes:
    if not proposal_ids:
        raise UserError("Chưa có đề nghị nào để lập báo cáo tóm tắt thành tích.")
    return merge_pdfs([render(build_summary(ledger, pid, doc_date=doc_date)) for pid in proposal_ids])


# --------------------------------------------------------------------------- issuing


@dataclass
class Issued:
    document_id: int
    symbol: str
    changes: Changes


def _issue(ledger: Ledger, *, kind: str, abbr: str, doc_date: str, number: int | None, title: str, role: str,
           period_code: str, rows: list[dict[str, Any]], signer: str, render_fn: Callable[[str], bytes],
           extra: dict[str, Any] | None = None) -> int:
    figures = {"proposals": len(rows), "value_vnd": sum(r["value_vnd"] for r in rows),
               "land_m2": round(sum(r["land_m2"] for r in rows), 1)}
    content = {"award_period": period_code, "award_role": role, "proposal_ids": [r["id"] for r in rows],
               **(extra or {})}
    return register.issue(ledger, kind=kind, doc_date=doc_date, number=number, issuer_abbr=abbr, title=title,
                           period=None, figures=figures, content=content, signer_name=signer, render=render_fn)


def issue_ttr(ledger: Ledger, period: Period, level: str, *, doc_date: str, number: int | None = None) -> Issued:
    """Issue the Tờ trình; the upward one marks its proposals Đã trình cấp trên with its number and date."""
    changes = Changes()
    with ledger.transaction():  # the refusals are decided inside the write transaction
        rows = ttr_rows(ledger, period, level, doc_date)
        unit = setup.get_unit(ledger)
        settings = catalogue.get_settings(ledger)
        if level == "upper" and not unit.get("signer_name"):
            raise UserError(council.NO_SIGNER)
        if level == "ward" and not (settings["drafting_head_name"] or "").strip():
            raise UserError(f"Tờ trình của {settings['drafting_name']} chưa có tên người ký: vào Cài đặt, bấm "
                            "“Danh mục khen thưởng…”, thẻ “Tiền thưởng, văn bản”, điền “Họ tên người ký tờ trình”; "
                            "chưa cấp số.")
        if level == "upper":
            council.not_before_meetings(rows, doc_date, "Tờ trình đề nghị cấp trên")
        abbr = (unit.get("drafting_abbr") or "VHXH") if level == "ward" else (unit.get("issuer_abbr") or "UBND")
        signer = (settings["drafting_head_name"] or "") if level == "ward" else (unit.get("signer_name") or "")
        if level == "upper":
            rows = [r for r in rows if r["status"] == "da_xet"]
            if not rows:
                raise UserError(f"Kỳ {period.label} không còn đề nghị nào đã được Hội đồng thông qua và chưa trình.")
        build_ttr(ledger, period, level, doc_date=doc_date)  # refuses an empty list before a number is taken
        doc_id = _issue(ledger, kind="TTr", abbr=abbr, doc_date=doc_date, number=number,
                        title=f"Tờ trình đề nghị khen thưởng {period.label}", role=f"ttr_{level}",
                        period_code=period.code, rows=rows, signer=signer,
                        render_fn=lambda sym: render(build_ttr(ledger, period, level, symbol=sym, doc_date=doc_date)))
        symbol = register.get(ledger, doc_id)["symbol"]
        if level == "upper":
            changes.merge(council.transition(ledger, [r["id"] for r in rows], "submit", number=symbol, date=doc_date,
                                            document_id=doc_id))
    return Issued(doc_id, symbol, changes.add("documents", doc_id))


def issue_bb(ledger: Ledger, meeting_id: int, *, number: int | None = None, doc_date: str | None = None) -> Issued:
    """Issue the Biên bản of a meeting (dated the meeting's day unless told otherwise)."""
    meeting = council.get_meeting(ledger, meeting_id)
    if meeting["document_id"]:
        raise UserError(f"Cuộc họp ngày {format_date(meeting['date'])} đã có Biên bản số "
                        f"{register.get(ledger, meeting['document_id'])['symbol']}.")
    rows = council.meeting_proposals(ledger, meeting_id)
    doc_date = doc_date or meeting["date"]
    with ledger.transaction() as db:  # the refusals are decided inside the write transaction
        council.check_minutes(ledger, meeting, rows, str(doc_date), issued_ward_ttr(ledger, meeting["period_code"]))
        build_bb(ledger, meeting_id)  # refuses a meeting without its quorum before a number is taken
        doc_id = _issue(ledger, kind="BB", abbr=COUNCIL_ABBR, doc_date=doc_date, number=number,
                        title=f"Biên bản họp {COUNCIL} ngày {format_date(meeting['date'])}", role="bb",
                        period_code=meeting["period_code"], rows=rows, signer=meeting["chair"] or "",
                        render_fn=lambda sym: render(build_bb(ledger, meeting_id, symbol=sym)),
                        extra={"meeting_id": meeting_id})
        db["council_meetings"].update(meeting_id, {"document_id": doc_id})
        symbol = register.get(ledger, doc_id)["symbol"]
        audit.record(ledger, "update", "council_meetings",
                     f"Gắn Biên bản số {symbol} với cuộc họp {COUNCIL} ngày {format_date(meeting['date'])}",
                     record_id=meeting_id, record_uuid=meeting["uuid"], before={"document_id": None},
                     after={"document_id": doc_id})
    return Issued(doc_id, symbol, Changes().add("documents", doc_id).add("council_meetings", meeting_id))


def issue_qd(ledger: Ledger, period: Period, *, doc_date: str, number: int | None = None,
             group: str | None = None) -> Issued:
    """Issue the Quyết định of one decision group (decisions.py: "khen_thuong", "danh_hieu", "van_hoa:<title>");
    its proposals become Đã có quyết định with its number and date and get their Số sổ vàng. Without `group` the
    waiting proposals must be of one group: several groups are refused (each is its own decision), never mixed.
    The content keeps the group and the signing (decider, place and date, signer) the certificates print."""
    changes = Changes()
    with ledger.transaction():  # the refusals are decided inside the write transaction
        unit = setup.get_unit(ledger)
        if not (unit.get("signer_name") or "").strip():
            raise UserError(council.NO_SIGNER)
        group, rows = group_rows(ledger, period, group)
        what = decisions.decision_name(group)
        council.not_before_meetings(rows, doc_date, what)
        _not_before_minutes(ledger, rows, doc_date, what)
        signing = frozen_signing(unit, doc_date)
        sig = Signature(signing["signature"]["authority"], signing["signature"]["name"])
        document = build_qd(ledger, period, doc_date=doc_date, rows=rows, group=group, signature=sig)
        doc_id = _issue(ledger, kind="QĐ", abbr=unit.get("issuer_abbr") or "UBND", doc_date=doc_date, number=number,
                        title=document.title_meta, role="qd", period_code=period.code, rows=rows,
                        signer=sig.name, extra={"award_group": group, **signing},
                        render_fn=lambda sym: render(build_qd(ledger, period, symbol=sym, doc_date=doc_date,
                                                              rows=rows, group=group, signature=sig)))
        symbol = register.get(ledger, doc_id)["symbol"]
        changes.merge(council.transition(ledger, [r["id"] for r in rows], "decide", number=symbol, date=doc_date,
                                        document_id=doc_id))
        changes.merge(assign_book_numbers(ledger, [proposals.get(ledger, r["id"]) for r in rows],
                                          int(doc_date[:4])))
    return Issued(doc_id, symbol, changes.add("documents", doc_id))


def _not_before_minutes(ledger: Ledger, rows: list[dict[str, Any]], doc_date: str, what: str) -> None:
    """Biên bản → Quyết định: a decision citing an issued Biên bản is not dated before it."""
    for doc_id in sorted({r["meeting_document_id"] for r in rows if r["meeting_document_id"]}):
        bb = register.get(ledger, doc_id)
        if str(doc_date) < bb["doc_date"]:
            raise UserError(f"{what} ngày {format_date(doc_date)} không thể đề ngày trước Biên bản số {bb['symbol']} "
                            f"ngày {format_date(bb['doc_date'])} mà quyết định căn cứ; hãy chọn ngày từ "
                            f"{format_date(bb['doc_date'])} trở đi.")


# --------------------------------------------------------------------------- the xlsx list and the whole dossier


XLSX_HEADERS = ["Nhóm", "STT", "Họ và tên, tên tập thể", "Đối tượng", "Địa chỉ", "Tổ dân phố", "Công trình",
                "Diện tích đất hiến (m²)", "Giá trị đóng góp (đồng)", "Hình thức khen thưởng", "Cấp quyết định",
                "Tóm tắt thành tích", "Trạng thái", "Phiếu đồng ý", "Số quyết định / tờ trình", "Ngày",
                "Tiền thưởng (đồng)"]
XLSX_KINDS = ["text", "int", "text", "text", "text", "text", "text", "decimal", "vnd", "text", "text", "text", "text",
              "text", "text", "date", "vnd"]


def export_xlsx(ledger: Ledger, period: Period, path: str | Path) -> Path:
    """The period's Danh sách đề nghị khen thưởng as a workbook (every proposal, with its state)."""
    from desktop.core.files import xlsx_export

    rows = proposals.list_proposals(ledger, period.code)
    base = catalogue.base_salary(ledger)
    works = proposals.works_of(ledger, [r["id"] for r in rows])
    out = []
    numeral = 0
    for title, subjects in catalogue.LIST_GROUPS:
        members = [r for r in rows if r["subject"] in subjects]
        if members:
            numeral += 1
        for i, r in enumerate(members, start=1):
            votes = f"{r['votes_for']}/{r['members_total']}" if r["votes_for"] is not None else ""
            out.append([f"{roman(numeral)}. {title}", i, r["nominee_name"], catalogue.SUBJECTS.get(r["subject"]),
                        r["address"], r["group_name"], "; ".join(works.get(r["id"], [])), r["land_m2"] or None,
                        r["value_vnd"], r["kind_name"], r["decided_by"], r["achievement"],
                        r["status_label"], votes, r["decision_no"] or r["submission_no"],
                        r["decision_date"] or r["submission_date"], catalogue.prize_vnd(r["multiplier"], base)])
    total = ["Tổng cộng", len(rows), count_phrase(rows), None, None, None, None,
             round(sum(r["land_m2"] for r in rows), 1), sum(r["value_vnd"] for r in rows), None, None, None, None,
             None, None, None, sum(catalogue.prize_vnd(r["multiplier"], base) for r in rows)]
    return xlsx_export.export_table(path, f"Đề nghị khen thưởng {period.code}", XLSX_HEADERS, out, XLSX_KINDS, total)


def _safe(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", text).strip("-")


class _Folder:
    """The dossier being written into one folder: each step adds (file, what it is) or (None, why) to `done`."""

    def __init__(self, ledger: Ledger, period: Period, out: Path, issue: bool, doc_date: str):
        self.ledger, self.period, self.out, self.issue, self.doc_date = ledger, period, out, issue, doc_date
        self.code = period.code
        self.done: list[tuple[Path | None, str]] = []

    def write(self, name: str, data: bytes, what: str) -> None:
        self.done.append((safe_files.write_file(self.out / name, data), what))

    def write_issued(self, doc: dict[str, Any], stem: str) -> None:
        number = doc["symbol"].split("/")[0]
        self.write(f"{stem}-{_safe(self.code)}-so-{number}.pdf", register.pdf_bytes(self.ledger, doc["id"]),
                   f"{doc['title'] if doc['role'] == 'qd' else ROLES.get(doc['role'], doc['kind'])} số "
                   f"{doc['symbol']} (đã ban hành)")

    def skipped(self, what: str, why: Exception) -> None:
        self.done.append((None, f"{what}: {why}"))

    def xlsx_list(self) -> None:
        path = self.out / f"Danh-sach-de-nghi-khen-thuong-{_safe(self.code)}.xlsx"
        self.done.append((export_xlsx(self.ledger, self.period, path), "Danh sách đề nghị khen thưởng (Excel)"))

    def ward_ttr(self) -> None:
        """Tờ trình of the ward's own awards."""
        ledger, period, code = self.ledger, self.period, self.code
        existing = issued_ward_ttr(ledger, code)
        try:
            if existing is None and self.issue:
                issue_ttr(ledger, period, "ward", doc_date=self.doc_date)
                existing = issued_ward_ttr(ledger, code)
            if existing:
                self.write_issued(existing, "To-trinh-cap-phuong")
            else:
                self.write(f"To-trinh-cap-phuong-{_safe(code)}-du-thao.pdf",
                           render(build_ttr(ledger, period, "ward", doc_date=self.doc_date)),
                           f"{ROLES['ttr_ward']} (dự thảo)")
        except UserError as exc:
            self.skipped(ROLES["ttr_ward"], exc)

    def minutes(self) -> None:
        """Biên bản of each meeting of the period."""
        ledger, code = self.ledger, self.code
        for meeting in reversed(council.meetings(ledger, code)):
            stem = f"Bien-ban-hop-HDTDKT-{meeting['date']}"
            try:  # a meeting without its quorum (recorded before the rule) has no Biên bản: said, not fatal
                if not meeting["document_id"] and self.issue:
                    issue_bb(ledger, meeting["id"])
                    meeting = council.get_meeting(ledger, meeting["id"])
                if meeting["document_id"]:
                    doc = next(d for d in issued(ledger, code) if d["id"] == meeting["document_id"])
                    self.write_issued(doc, stem)
                else:
                    self.write(f"{stem}-du-thao.pdf", render(build_bb(ledger, meeting["id"])),
                               f"{ROLES['bb']} (dự thảo)")
            except UserError as exc:
                self.skipped(ROLES["bb"], exc)
        if not council.meetings(ledger, code):
            self.skipped(ROLES["bb"], UserError("kỳ này chưa ghi cuộc họp Hội đồng nào."))

    def decisions(self) -> None:
        """Quyết định: one per decision group of what waits (issued, or a draft), then the decisions issued."""
        ledger, period, code = self.ledger, self.period, self.code
        waiting = qd_groups(ledger, period)
        for group, rows in waiting:
            stem = f"{_safe(decisions.file_stem(group))}-{_safe(code)}"
            try:
                if self.issue:
                    issue_qd(ledger, period, doc_date=self.doc_date, group=group)
                else:
                    self.write(f"{stem}-du-thao.pdf",
                               render(build_qd(ledger, period, doc_date=self.doc_date, rows=rows, group=group)),
                               f"{decisions.label(group)} (dự thảo, {len(rows)} trường hợp)")
            except UserError as exc:
                self.skipped(decisions.label(group), exc)
        done = [d for d in issued(ledger, code) if d["role"] == "qd"]
        if not waiting and not done:
            self.skipped(ROLES["qd"], UserError("kỳ này không có đề nghị nào đã được thông qua và chờ quyết định."))
        for doc in done:
            self.write_issued(doc, _safe(decisions.file_stem(doc["award_group"])))

    def upward_ttr(self) -> None:
        """Tờ trình upward."""
        ledger, period, code = self.ledger, self.period, self.code
        try:
            if self.issue:
                issue_ttr(ledger, period, "upper", doc_date=self.doc_date)
            else:
                self.write(f"To-trinh-cap-tren-{_safe(code)}-du-thao.pdf",
                           render(build_ttr(ledger, period, "upper", doc_date=self.doc_date)),
                           f"{ROLES['ttr_upper']} (dự thảo)")
        except UserError as exc:
            if not any(d["role"] == "ttr_upper" for d in issued(ledger, code)):
                self.skipped(ROLES["ttr_upper"], exc)
        for doc in issued(ledger, code):
            if doc["role"] == "ttr_upper":
                self.write_issued(doc, "To-trinh-cap-tren")

    def summaries_and_certificates(self) -> None:
        code = self.code
        rows = summary_rows(self.ledger, self.period)
        if rows:
            self.write(f"Bao-cao-tom-tat-thanh-tich-{_safe(code)}.pdf",
                       render_summaries(self.ledger, [r["id"] for r in rows], doc_date=self.doc_date),
                       f"Báo cáo tóm tắt thành tích ({len(rows)} trường hợp)")
        full = [r["id"] for r in rows if requires_merit_report(r)]
        if full:  # the forms the level above grants carry the full report (Luật TĐKT 2022 Điều 84 khoản 2 điểm b)
            self.write(f"Bao-cao-thanh-tich-{_safe(code)}.pdf",
                       render_merit_reports(self.ledger, full, doc_date=self.doc_date),
                       f"Báo cáo thành tích đề nghị khen thưởng cấp trên ({len(full)} trường hợp)")
        certs = certificate_rows(self.ledger, self.period)
        for title, stem in (("GIẤY KHEN", "Giay-khen"), ("GIẤY CÔNG NHẬN", "Giay-cong-nhan")):
            ids = [r["id"] for r in certs if decisions.certificate_title(r) == title]
            if ids:
                self.write(f"{stem}-{_safe(code)}.pdf", certificates(self.ledger, ids),
                           f"{title.capitalize()} ({len(ids)} tờ)")


def write_dossier(ledger: Ledger, period: Period, out_dir: str | Path, *, issue: bool = False,
                  doc_date: str | None = None) -> list[tuple[Path | None, str]]:
    """Write the period's dossier into a folder: the xlsx list, the Tờ trình (ward, upper), the Biên bản of each
    meeting, the Quyết định, the summaries and the certificates. An issued document is written as issued (its
    frozen PDF); with `issue`, what is ready is issued first (the register gives the numbers), else drafts.
    Returns (file, what it is); a document that cannot be made yet gives (None, why)."""
    out = Path(out_dir).expanduser()
    if not out.is_dir():
        raise UserError(f"Không có thư mục {out}. Hãy tạo thư mục hoặc chọn thư mục khác.")
    folder = _Folder(ledger, period, out, issue, doc_date or dt.date.today().isoformat())
    folder.xlsx_list()
    folder.ward_ttr()
    folder.minutes()
    folder.decisions()
    folder.upward_ttr()
    folder.summaries_and_certificates()
    return folder.done
