"""`thidua report`, `thidua unlock`: the sơ kết/tổng kết report of a period (a draft, or issued with the next
number, which locks the period's figures), and unlocking an issued period with a reason."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import PERIOD_HELP, Command, opened, parse_period, user_path
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("report", help="báo cáo sơ kết/tổng kết của kỳ (PDF theo Nghị định 30/2020)")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--out", required=True, metavar="FILE.pdf", help="tệp PDF ghi ra")
    s.add_argument("--issue", action="store_true",
                   help="ban hành: lấy số tiếp theo trong năm, lưu cố định số liệu và khóa kỳ")
    s.add_argument("--number", type=int, default=None, help="số văn bản khi ban hành (mặc định: số tiếp theo)")

    s = sub.add_parser("unlock", help="mở khóa số liệu của kỳ đã ban hành báo cáo (ghi lý do)")
    s.add_argument("--period", required=True)
    s.add_argument("--reason", required=True, help="lý do mở khóa (ghi vào lịch sử thay đổi)")


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.core.files import safe_files
    from desktop.core.report import narrative, register, report

    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        out = user_path(args.out)
        if args.issue:
            doc_id = report.issue(ledger, period, number=args.number)
            doc = register.get(ledger, doc_id)
            safe_files.write_file(out, register.pdf_bytes(ledger, doc_id))
            print(f"Đã ban hành Báo cáo số {doc['symbol']} ngày {format_date(doc['doc_date'])} "
                  f"(SHA-256 {doc['sha256'][:16]}…); số liệu {period.label} đã khóa.")
        elif args.number is not None:
            raise UserError("--number chỉ dùng cùng --issue.")
        else:
            issued = register.current(ledger, narrative.KIND, period.code)
            safe_files.write_file(out, report.render(ledger, period))
            if issued:
                print(f"Lưu ý: kỳ này đã ban hành Báo cáo số {issued['symbol']}; tệp vừa ghi là dự thảo theo "
                      "số liệu hiện tại.", file=sys.stderr)
        print(f"Đã ghi {out}")
    return 0


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
