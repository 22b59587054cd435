"""`thidua report`, `thidua unlock`: the sơ kết/tổng kết report of a period (a draft, or issued with the next
number, which locks the period's figures), its content set from a file or options (`desktop.cli.draft`), and
unlocking an issued period with a reason.

A report still holding a "…" gap is not issued unless the clerk says so (`--allow-gaps`), as the GUI's Ban hành
dialog asks for "Tôi vẫn ban hành khi còn chỗ “…”"; the refusal names each gap and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli import demo_note, draft
from desktop.cli.common import PERIOD_HELP, Command, check_out, opened, parse_period, user_path, write_document
from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.ledger import setup
from desktop.core.text.vnformat import format_date

if TYPE_CHECKING:
    from db.connection import Ledger
    from desktop.core.ledger.periods import Period


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("report", help="báo cáo sơ kết/tổng kết của kỳ (PDF theo Nghị định 30/2020, hoặc bản Word "
                                      "để sửa): soạn nội dung, ghi dự thảo, ban hành")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--out", default=None, metavar="FILE.pdf|FILE.docx",
                   help="tệp ghi ra: .pdf, hoặc .docx (bản Word để sửa trước khi ký)")
    s.add_argument("--issue", action="store_true",
                   help="ban hành: lấy số tiếp theo trong năm, lưu cố định số liệu và khóa kỳ")
    s.add_argument("--number", type=int, default=None, help="số văn bản khi ban hành (mặc định: số tiếp theo)")
    s.add_argument("--issued", action="store_true",
                   help="ghi ra tệp PDF của báo cáo đã ban hành (bản cố định trong sổ, đúng mã SHA-256)")
    s.add_argument("--allow-gaps", action="store_true",
                   help="vẫn ban hành khi báo cáo còn chỗ “…” chưa điền (mặc định: từ chối và kể từng chỗ)")
    draft.add_draft_options(s)

    s = sub.add_parser("unlock", help="mở khóa số liệu của kỳ đã ban hành báo cáo (ghi lý do)")
    s.add_argument("--period", required=True)
    s.add_argument("--reason", required=True, help="lý do mở khóa (ghi vào lịch sử thay đổi)")


def _refusals(ledger: Ledger, period: Period, allow_gaps: bool) -> list[str]:
    """Why the report cannot be issued yet: the signer missing, each "…" gap (unless allowed)."""
    unit = setup.get_unit(ledger)
    problems = []
    if not unit.get("signer_name"):
        problems.append("Chưa có tên người ký: chạy thidua unit --signer-name \"Họ tên\" (cùng --signer-title, "
                        "--sign-mode TM|KT nếu cần).")
    holes = [] if allow_gaps else draft.gaps(ledger, period)
    if holes:
        problems.append(f"Báo cáo còn {len(holes)} chỗ “…” chưa điền:\n" + "\n".join(f"    • {h}" for h in holes))
        problems.append("Điền bằng --set-section MỤC=TỆP.txt hoặc --draft TỆP.json (lấy nội dung hiện tại: "
                        "--export-draft TỆP.json); vẫn ban hành khi còn “…”: thêm --allow-gaps.")
    return problems


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.core.report import narrative, register, report

    if args.number is not None and not args.issue:
        raise UserError("--number chỉ dùng cùng --issue.")
    if args.allow_gaps and not args.issue:
        raise UserError("--allow-gaps chỉ dùng cùng --issue.")
    out = user_path(args.out) if args.out else None
    if args.issued and (args.issue or not out or out.suffix.lower() == ".docx"):
        raise UserError("--issued ghi tệp PDF đã ban hành: dùng cùng --out TỆP.pdf, không cùng --issue.")
    export = user_path(args.export_draft) if args.export_draft else None
    for target in (out, export):
        if target is not None:
            check_out(target)
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        wanted = draft.changes(args, ledger, period)  # every input checked; nothing written yet
        if not (out or export or args.issue or wanted):
            raise UserError("Chưa có việc gì: thêm --out TỆP.pdf (dự thảo), --issue (ban hành), hoặc nội dung cần "
                            "lưu (--draft, --set-section, --recipient, --cc, --date).")
        with ledger.transaction():  # the draft and the issue: all or nothing
            if wanted:
                narrative.save_draft(ledger, period, **wanted)
            if args.issue:
                problems = _refusals(ledger, period, args.allow_gaps)
                if problems:
                    raise UserError(f"Chưa ban hành Báo cáo {period.label}; chưa ghi gì vào sổ.\n" +
                                    "\n".join(f"  - {p}" for p in problems))
                doc_id = report.issue(ledger, period, number=args.number)
        if wanted:
            print(f"Đã lưu nội dung báo cáo {period.label}: {draft.describe_changes(wanted)}.")
            if "cc" in wanted and not any(x.startswith("Lưu") for x in wanted["cc"]):
                # Nghị định 30/2020, Phụ lục I (domain.md §1, ô 9b): the last line of Nơi nhận is "Lưu: VT, …".
                print("Lưu ý: Nơi nhận chưa có dòng “Lưu: VT, …” (Nghị định 30/2020, Phụ lục I).", file=sys.stderr)
        if export:
            safe_files.write_file(export, draft.exported(ledger, period).encode("utf-8"))
            print(f"Đã ghi nội dung báo cáo ra {export} (sửa rồi nạp lại bằng --draft).")
        if args.issue:
            doc = register.get(ledger, doc_id)
            if out:
                write_document(out, lambda: report.build(ledger, period, symbol=doc["symbol"]),
                               pdf=lambda: register.pdf_bytes(ledger, doc_id))
            print(f"Đã ban hành Báo cáo số {doc['symbol']} ngày {format_date(doc['doc_date'])} "
                  f"(SHA-256 {doc['sha256'][:16]}…); số liệu {period.label} đã khóa.")
            if out and out.suffix.lower() == ".docx":
                print("Tệp .docx là bản sao để sửa trước khi ký; văn bản ban hành là tệp PDF lưu trong sổ (lấy ra: "
                      f"thidua report --period {period.code} --issued --out TỆP.pdf).")
            if args.allow_gaps and (holes := draft.gaps(ledger, period)):
                print(f"Lưu ý: đã ban hành khi còn {len(holes)} chỗ “…” chưa điền.", file=sys.stderr)
        elif args.issued:
            _write_issued(ledger, period, out)
        elif out:
            _write_draft(ledger, period, out)
        if out:
            print(f"Đã ghi {out}")
        if args.issue or out:
            demo_note.warn(ledger, issued=args.issue)
    return 0


def _write_issued(ledger: Ledger, period: Period, out: Path) -> None:
    from desktop.core.report import narrative, register, report

    issued = register.current(ledger, narrative.KIND, period.code)
    if issued is None:
        raise UserError(f"Báo cáo {period.label} chưa ban hành.")
    safe_files.write_file(out, register.pdf_bytes(ledger, issued["id"]))
    print(f"Báo cáo số {issued['symbol']} ngày {format_date(issued['doc_date'])} (SHA-256 {issued['sha256'][:16]}…).")
    if report.status(ledger, period)["changes"]:
        print("Lưu ý: số liệu trong sổ đã khác bản đã ban hành; hãy ban hành bản thay thế.", file=sys.stderr)


def _write_draft(ledger: Ledger, period: Period, out: Path) -> None:
    from desktop.core.report import narrative, register, report

    issued = register.current(ledger, narrative.KIND, period.code)
    write_document(out, lambda: report.build(ledger, period))
    if issued:
        print(f"Lưu ý: kỳ này đã ban hành Báo cáo số {issued['symbol']}; tệp vừa ghi là dự thảo theo "
              "số liệu hiện tại.", file=sys.stderr)
    holes = draft.gaps(ledger, period)
    if holes:
        print(f"Lưu ý: dự thảo còn {len(holes)} chỗ “…” chưa điền:\n" + "\n".join(f"  - {h}" for h in holes),
              file=sys.stderr)


def cmd_unlock(args: argparse.Namespace) -> int:
    from desktop.core.ledger import locks
    from desktop.core.report import report

    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        state = report.status(ledger, period)
        lock = state["lock"]
        if lock is None or lock["unlocked_at"]:
            raise UserError(f"Số liệu {period.label} không bị khóa.")
        locks.unlock(ledger, lock["id"], args.reason)
        print(f"Đã mở khóa số liệu {period.label}. Sau khi sửa, hãy ban hành bản thay thế báo cáo số "
              f"{state['issued']['symbol']}.")
    return 0


COMMANDS: dict[str, Command] = {"report": cmd_report, "unlock": cmd_unlock}
