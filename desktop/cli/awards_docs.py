"""`thidua awards issue|documents|settings`: issue one award document (Tờ trình, Biên bản, Quyết định, Tờ trình
upward) with the next number of the year's register, list and write out what is issued, and the award settings a
document needs (who signs the ward's Tờ trình, the province's regulation, the council's voting rule).

Issuing goes through desktop.core.awards.dossier (issue_ttr, issue_bb, issue_qd): the order of dates, the quorum,
the signer and "no rejected nominee in a Quyết định" are decided there, inside the write transaction. The file
written is the frozen PDF kept in the register (safe write: whole or absent); its folder is checked before a number
is taken, so that a typo does not leave an issued document without its file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.cli import demo_note
from desktop.cli.awards_flow import _iso_date, hinted
from desktop.cli.common import PERIOD_HELP, Command, check_out, opened, parse_period, print_json, user_path
from desktop.core.awards import catalogue, council, dossier, papers
from desktop.core.awards.wording import ROLES
from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.report import register
from desktop.core.text.vnformat import format_date

# `issue WHAT`: the register's role of the document it makes.
WHAT = {"ttr": "ttr_ward", "bb": "bb", "qd": "qd", "ttr-upper": "ttr_upper"}
# `settings`: (key of catalogue.SETTING_DEFAULTS, option, help).
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("drafting_name", "--drafting-name", "đơn vị trình khen thưởng cấp phường, ví dụ \"Phòng Văn hóa - Xã hội\""),
    ("drafting_head_title", "--drafting-head-title", "chức vụ người ký tờ trình, ví dụ \"Trưởng phòng\""),
    ("drafting_head_name", "--drafting-head-name", "họ tên người ký tờ trình cấp phường"),
    ("province_regulation", "--province-regulation",
     "quy định thi đua, khen thưởng của tỉnh (một căn cứ của các văn bản), ví dụ \"Quyết định số …/2025/QĐ-UBND "
     "ngày … của Ủy ban nhân dân tỉnh …\""),
    ("base_salary_vnd", "--base-salary", "mức lương cơ sở (đồng), tính tiền thưởng"),
    ("vote_pass_percent", "--vote-pass-percent", "được thông qua khi số phiếu đồng ý trên tỷ lệ này (%)"),
    ("vote_base", "--vote-base",
     "tỷ lệ tính trên: members_total (tổng số thành viên) hoặc members_present (số dự họp)"),
    ("quorum_fraction", "--quorum-fraction", "số thành viên tối thiểu dự họp, dạng phân số, ví dụ 2/3"),
)


def add_parsers(actions: argparse._SubParsersAction) -> None:
    """Add this group's actions under `thidua awards`."""
    s = actions.add_parser("issue", help="ban hành một văn bản: ttr (tờ trình cấp phường), bb (biên bản họp Hội "
                                         "đồng), qd (quyết định), ttr-upper (tờ trình cấp trên)")
    s.add_argument("what", choices=list(WHAT), help="văn bản cần ban hành")
    s.add_argument("--period", help=PERIOD_HELP + " (ttr, qd, ttr-upper)")
    s.add_argument("--meeting", type=int, metavar="ID", help="cuộc họp của biên bản (xem “thidua awards meetings”)")
    s.add_argument("--date", metavar="dd/mm/yyyy", help="ngày văn bản (biên bản: mặc định ngày họp)")
    s.add_argument("--number", type=int, help="số văn bản (mặc định: số tiếp theo trong năm)")
    s.add_argument("--group", help="quyết định của loại nào (qd): khen_thuong, danh_hieu, \"van_hoa:Gia đình văn "
                                   "hóa\" … (mặc định: loại duy nhất đang chờ)")
    s.add_argument("--out", metavar="FILE.pdf", help="ghi tệp PDF đã ban hành (bản cố định trong sổ)")
    s.add_argument("--format", choices=["text", "json"], default="text")

    s = actions.add_parser("documents", help="các văn bản khen thưởng đã ban hành của kỳ; --id N --out TỆP.pdf để "
                                             "ghi lại một văn bản")
    s.add_argument("--period", help=PERIOD_HELP)
    s.add_argument("--id", type=int, metavar="N", help="một văn bản (số trong danh sách), cùng --out")
    s.add_argument("--out", metavar="FILE.pdf", help="ghi tệp PDF đã ban hành của văn bản --id")
    s.add_argument("--format", choices=["text", "json"], default="text")

    s = actions.add_parser("settings", help="thiết lập khen thưởng: người ký tờ trình, quy định của tỉnh, mức lương "
                                            "cơ sở, cách tính phiếu")
    for key, option, text in SETTINGS:
        s.add_argument(option, dest=f"set_{key}", metavar="…", help=text)
    s.add_argument("--format", choices=["text", "json"], default="text")


# --------------------------------------------------------------------------- issue


def _issue(ledger: Ledger, args: argparse.Namespace) -> dossier.Issued:
    """Issue what `args.what` names through the core service (its refusal, with the command-line hint)."""
    number = args.number
    if args.what == "bb":
        if args.meeting is None:
            raise UserError("issue bb cần --meeting ID: cuộc họp của biên bản." + _meetings_hint(ledger, args.period))
        return dossier.issue_bb(ledger, args.meeting, number=number, doc_date=_iso_date(args.date))
    if not args.period:
        raise UserError(f"issue {args.what} cần --period (kỳ khen thưởng, ví dụ 2026).")
    if not args.date:
        raise UserError(f"issue {args.what} cần --date dd/mm/yyyy: ngày ký văn bản (không lấy ngày hôm nay thay).")
    period = parse_period(ledger, args.period)
    doc_date = _iso_date(args.date) or ""
    if args.what == "qd":
        extra = {"group": args.group} if args.group else {}  # the decision group, when the core sorts by it
        return dossier.issue_qd(ledger, period, doc_date=doc_date, number=number, **extra)
    return dossier.issue_ttr(ledger, period, "ward" if args.what == "ttr" else "upper", doc_date=doc_date,
                             number=number)


def _meetings_hint(ledger: Ledger, period_code: str | None) -> str:
    if not period_code:
        return " Xem các cuộc họp: thidua awards meetings --period KỲ."
    rows = council.meetings(ledger, parse_period(ledger, period_code).code)
    if not rows:
        return " Kỳ này chưa ghi cuộc họp Hội đồng nào."
    listed = "; ".join(f"{m['id']}: ngày {format_date(m['date'])}"
                       + (f" (đã có Biên bản {m['document_symbol']})" if m["document_symbol"] else "") for m in rows)
    return f" Các cuộc họp của kỳ: {listed}."


def cmd_issue(args: argparse.Namespace) -> int:
    if args.group and args.what != "qd":
        raise UserError("--group chỉ dùng cho issue qd.")
    if args.meeting is not None and args.what != "bb":
        raise UserError("--meeting chỉ dùng cho issue bb.")
    out = user_path(args.out) if args.out else None
    if out is not None:
        _check_pdf(out)
    with opened(args) as ledger:
        try:
            done = _issue(ledger, args)
        except UserError as exc:
            raise hinted(exc) from None
        doc = register.get(ledger, done.document_id)
        if out is not None:
            safe_files.write_file(out, register.pdf_bytes(ledger, done.document_id))
        moved = len(done.changes.ids.get("proposals", ()))
        demo_note.warn(ledger, issued=True)
    # A Quyết định says which decision it is ("Quyết định công nhận danh hiệu …"); the others by their role.
    what = doc["title"] if args.what == "qd" and doc.get("title") else ROLES.get(WHAT[args.what], args.what)
    if args.format == "json":
        print_json({"id": done.document_id, "symbol": done.symbol, "doc_date": doc["doc_date"], "kind": doc["kind"],
                    "role": WHAT[args.what], "sha256": doc["sha256"], "proposals_changed": moved,
                    "file": str(out) if out else None})
        return 0
    print(f"Đã ban hành {what} số {done.symbol} ngày {format_date(doc['doc_date'])} (SHA-256 {doc['sha256'][:16]}…)."
          + (f" {moved} đề nghị đã chuyển trạng thái." if moved else ""))
    if out is not None:
        print(f"Đã ghi {out}")
    else:
        print(f"Lấy tệp PDF: thidua awards documents --id {done.document_id} --out TỆP.pdf")
    return 0


def _check_pdf(out: Path) -> None:
    check_out(out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out}: văn bản đã ban hành chỉ ghi ra PDF (bản cố định lưu trong sổ); hãy đặt tên "
                        f"{out.with_suffix('.pdf').name}.")


# --------------------------------------------------------------------------- documents


def cmd_documents(args: argparse.Namespace) -> int:
    if args.out and args.id is None:
        raise UserError("--out ghi một văn bản: thêm --id N (số trong “thidua awards documents --period KỲ”).")
    if args.id is None and not args.period:
        raise UserError("Hãy ghi --period (danh sách văn bản của kỳ) hoặc --id N --out TỆP.pdf.")
    out = user_path(args.out) if args.out else None
    if out is not None:
        _check_pdf(out)
    with opened(args) as ledger:
        if args.id is not None:
            return _one_document(ledger, args.id, out, args.format)
        period = parse_period(ledger, args.period)
        docs = papers.issued(ledger, period.code)
    if args.format == "json":
        print_json([{**d, "role_label": _label(d)} for d in docs])
        return 0
    if not docs:
        print(f"Kỳ {period.label} chưa ban hành văn bản khen thưởng nào.")
        return 0
    print(f"Văn bản khen thưởng đã ban hành {period.label} — {len(docs)} văn bản (mã, số, ngày, loại, người ký):")
    for d in docs:
        print(f"  {d['id']:>5}  {d['symbol']:<16} {format_date(d['doc_date'])}  {_label(d)}"
              f" — {d['signer_name'] or '(chưa ghi người ký)'}")
    print("Ghi lại một văn bản: thidua awards documents --id MÃ --out TỆP.pdf")
    return 0


def _label(doc: dict[str, Any]) -> str:
    """What a document is: a Quyết định by its title (which decision), the others by their role."""
    if doc["role"] == "qd" and doc.get("title"):
        return str(doc["title"])
    return ROLES.get(doc["role"], doc["kind"])


def _one_document(ledger: Ledger, doc_id: int, out: Path | None, fmt: str) -> int:
    doc = register.get(ledger, doc_id)
    content = doc.get("content") or "{}"
    role = (json.loads(content) if isinstance(content, str) else content).get("award_role")
    if out is not None:
        safe_files.write_file(out, register.pdf_bytes(ledger, doc_id))
        demo_note.warn(ledger, issued=False)
    if fmt == "json":
        print_json({k: doc.get(k) for k in ("id", "kind", "symbol", "doc_date", "title", "signer_name", "sha256")}
                   | {"role": role, "file": str(out) if out else None})
        return 0
    print(f"{doc['title']} số {doc['symbol']} ngày {format_date(doc['doc_date'])} (SHA-256 {doc['sha256'][:16]}…).")
    if out is not None:
        print(f"Đã ghi {out}")
    return 0


# --------------------------------------------------------------------------- settings


def cmd_settings(args: argparse.Namespace) -> int:
    given = {k: getattr(args, f"set_{k}") for k, *_ in SETTINGS}
    values: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    with opened(args) as ledger:
        changed = bool(values) and bool(catalogue.save_settings(ledger, values).tables)
        current = catalogue.get_settings(ledger)
    shown = {k: current.get(k) for k, *_ in SETTINGS}
    if args.format == "json":
        print_json(shown)
    else:
        print("Thiết lập khen thưởng:")
        for key, option, _text in SETTINGS:
            value = shown[key]
            print(f"  {option:<24} {value if value not in (None, '') else '(chưa có)'}")
    if values:
        note = "Đã lưu." if changed else "Không có gì thay đổi."
        print(note, file=sys.stderr if args.format == "json" else sys.stdout)
    return 0


ACTIONS: dict[str, Command] = {"issue": cmd_issue, "documents": cmd_documents, "settings": cmd_settings}
