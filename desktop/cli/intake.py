"""`thidua template`, `thidua import`: the Excel template a tổ dân phố fills in, and reading it back into the
ledger (all or nothing by default; `--dry-run` only tells what would change)."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import DRY_RUN_NOTE, Command, opened, user_path
from desktop.core.errors import UserError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("template", help="mẫu Excel để tổ dân phố nhập số liệu đóng góp")
    s.add_argument("--out", required=True, metavar="FILE.xlsx")
    s.add_argument("--group", default=None, help="chỉ cho một tổ dân phố (tên hoặc số, ví dụ \"Tổ 3\")")

    s = sub.add_parser("import", help="nhập tổ dân phố, công trình, đóng góp từ tệp Excel theo mẫu")
    s.add_argument("file", metavar="FILE.xlsx")
    s.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ nhập gì, không ghi vào sổ")
    s.add_argument("--only-valid", action="store_true",
                   help="nhập các dòng hợp lệ dù tệp còn dòng lỗi (mặc định: chỉ nhập khi cả tệp hợp lệ)")


def cmd_template(args: argparse.Namespace) -> int:
    from desktop.core.intake import template
    from desktop.core.ledger import groups

    with opened(args) as ledger:
        group_id = None
        if args.group:
            group_id = groups.find_by_name(ledger, args.group)
            if group_id is None:
                raise UserError(f"Không có tổ dân phố \"{args.group}\" trong sổ.")
        out = user_path(args.out)
        template.write_template(ledger, out, group_id=group_id)
        print(f"Đã ghi mẫu nhập liệu {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.core.intake import applying, planning

    with opened(args) as ledger:
        plan = planning.plan(ledger, user_path(args.file))
        blocked = bool(plan.problems or plan.unresolved)
        print(plan.summary_text(), file=sys.stderr if blocked and not args.only_valid else sys.stdout)
        if args.dry_run:
            print(DRY_RUN_NOTE)
            return 1 if blocked else 0
        if blocked and not args.only_valid:
            print("Chưa nhập gì: tệp còn dòng lỗi hoặc chưa rõ người đóng góp. Sửa tệp rồi nhập lại, hoặc thêm "
                  "--only-valid để chỉ nhập các dòng hợp lệ.", file=sys.stderr)
            return 1
        result = applying.apply(ledger, plan, only_valid=True)
        print(result.summary_text())
    return 0


COMMANDS: dict[str, Command] = {"template": cmd_template, "import": cmd_import}
