"""`thidua template`, `thidua import`: the Excel template a tổ dân phố fills in, and reading it back into the
ledger (all or nothing by default; `--dry-run` only tells what would change)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop.cli.common import DRY_RUN_NOTE, Command, check_out, opened, user_path
from desktop.core.errors import UserError

if TYPE_CHECKING:
    from db.connection import Ledger
    from desktop.core.intake.importplan import ImportPlan


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("template", help="mẫu Excel để tổ dân phố nhập số liệu đóng góp")
    s.add_argument("--out", required=True, metavar="FILE.xlsx")
    s.add_argument("--group", default=None, help="chỉ cho một tổ dân phố (tên hoặc số, ví dụ \"Tổ 3\")")

    s = sub.add_parser("import", help="nhập tổ dân phố, công trình, đóng góp từ tệp Excel theo mẫu")
    s.add_argument("file", metavar="FILE.xlsx")
    s.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ nhập gì, không ghi vào sổ")
    s.add_argument("--only-valid", action="store_true",
                   help="nhập các dòng hợp lệ dù tệp còn dòng lỗi (mặc định: chỉ nhập khi cả tệp hợp lệ)")
    s.add_argument("--errors-out", "--ghi-loi", dest="errors_out", action="append", default=[],
                   metavar="LOI.xlsx|LOI.pdf",
                   help="khi tệp có lỗi: ghi danh sách lỗi để gửi lại tổ trưởng (.xlsx: các dòng gốc kèm cột \"Lỗi\"; "
                        ".pdf: để in); có thể ghi cả hai")


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

    _check_error_paths(args.errors_out)
    with opened(args) as ledger:
        plan = planning.plan(ledger, user_path(args.file))
        blocked = bool(plan.problems or plan.unresolved)
        print(plan.summary_text(), file=sys.stderr if blocked and not args.only_valid else sys.stdout)
        _write_error_lists(ledger, plan, args.errors_out)
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


def _check_error_paths(paths: list[str]) -> None:
    """Before reading anything: each `--errors-out` file must be .xlsx or .pdf in a folder that exists."""
    for name in paths:
        path = user_path(name)
        if path.suffix.lower() not in (".xlsx", ".pdf"):
            raise UserError(f"--errors-out {name}: tên tệp danh sách lỗi phải kết thúc bằng .xlsx (Excel) hoặc .pdf "
                            "(để in).")
        check_out(path)


def _write_error_lists(ledger: Ledger, plan: ImportPlan, paths: list[str]) -> None:
    """`--errors-out`: the rows with problems, as typed, for the tổ trưởng (nothing to write when none)."""
    from desktop.core.intake import error_list
    from desktop.core.ledger import setup
    from desktop.core.text.vnformat import format_int

    if not paths:
        return
    if not plan.problems:
        print("Tệp không có lỗi: không ghi danh sách lỗi.")
        return
    errors, unit = error_list.build(plan), setup.get_unit(ledger)
    for name in paths:
        out = error_list.write(errors, user_path(name), unit)
        print(f"Đã ghi danh sách lỗi {out} ({format_int(errors.problem_count)} lỗi ở "
              f"{format_int(errors.row_count)} dòng) để gửi lại tổ trưởng.")


COMMANDS: dict[str, Command] = {"template": cmd_template, "import": cmd_import}
