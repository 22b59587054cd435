"""`thidua template`, `thidua import`: the Excel template a tổ dân phố fills in, and reading it back into the
ledger (all or nothing by default; `--dry-run` only tells what would change)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop.cli.common import DRY_RUN_NOTE, Command, Parser, check_out, opened, user_path
from desktop.core.errors import UserError

if TYPE_CHECKING:
    from db.connection import Ledger
    from desktop.core.intake.importplan import ImportPlan


def add_parsers(sub: argparse._SubParsersAction) -> None:
    _add_intake_parser(sub)
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
    s.add_argument("--trang-thai", dest="trang_thai", choices=sorted(STATUS_OPTIONS), default=None,
                   help="ghi các khoản không có Trạng thái trong tệp là Đăng ký (dang-ky: chưa nhận, không tính vào "
                        "số liệu) hoặc Đã nhận (da-nhan); bắt buộc khi tệp không có cột Trạng thái")
    s.add_argument("--cho-phep-don-vi-khac", dest="other_unit", action="store_true",
                   help="vẫn nhập tệp làm từ mẫu của đơn vị khác (mặc định: từ chối)")
    s.add_argument("--nhan-nguoi-trong-so", dest="accept_register", action="store_true",
                   help="tên gõ không dấu: dùng người đã có trong sổ mà chương trình đề xuất (cùng tên, cùng tổ)")
    s.add_argument("--giu-ten-nhu-go", dest="names_as_typed", action="store_true",
                   help="tên gõ không dấu không có trong sổ: vẫn thêm người mới với tên đúng như đã gõ")


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
        refusals = _answer(plan, args)
        refused = any(line.startswith("Chưa nhập gì") for line in refusals)
        blocked = bool(plan.problems or plan.unresolved or plan.unresolved_names)
        print(plan.summary_text(), file=sys.stderr if (blocked and not args.only_valid) or refused else sys.stdout)
        _write_error_lists(ledger, plan, args.errors_out)
        for line in refusals:
            print(line, file=sys.stderr)
        if args.dry_run:
            print(DRY_RUN_NOTE)
            return 1 if blocked or refused else 0
        if refused:
            return 1
        if blocked and not args.only_valid:
            print("Chưa nhập gì: tệp còn dòng lỗi, chưa rõ người đóng góp hoặc còn tên gõ không dấu. Sửa tệp rồi "
                  "nhập lại, hoặc thêm --only-valid để chỉ nhập các dòng hợp lệ.", file=sys.stderr)
            return 1
        result = applying.apply(ledger, plan, only_valid=True)
        print(result.summary_text())
    return 0


STATUS_OPTIONS = {"dang-ky": "pledged", "da-nhan": "received"}


def _answer(plan: ImportPlan, args: argparse.Namespace) -> list[str]:
    """The clerk's answers given as options (Trạng thái, another unit, names without accents); returns the
    refusals left: a refusal beats a guess."""
    from desktop.core.intake.importplan import AS_TYPED, USE_REGISTER

    if args.trang_thai:
        plan.set_default_status(STATUS_OPTIONS[args.trang_thai])
    plan.other_unit_allowed = args.other_unit
    for nc in plan.unresolved_names:
        if nc.proposal is not None and args.accept_register:
            plan.resolve_name(nc.key, USE_REGISTER)
        elif nc.proposal is None and args.names_as_typed:
            plan.resolve_name(nc.key, AS_TYPED)
    refusals = []
    if plan.other_unit and not args.other_unit:
        refusals.append(f"Chưa nhập gì: {plan.unit_text()} Nếu đúng là muốn nhập, thêm --cho-phep-don-vi-khac.")
    if plan.needs_status:
        refusals.append("Chưa nhập gì: chưa rõ các khoản không ghi Trạng thái là Đăng ký hay Đã nhận. Hãy ghi rõ bằng "
                        "--trang-thai dang-ky (Đăng ký: chưa nhận, không tính vào số liệu) hoặc --trang-thai da-nhan "
                        "(Đã nhận).")
    if plan.unresolved_names:
        # Not a refusal of the file (--only-valid leaves these rows out), but said now, with the other answers.
        refusals.append("Tên gõ không dấu: sửa tên trong tệp (gõ có dấu) rồi nhập lại, hoặc thêm "
                        "--nhan-nguoi-trong-so (dùng người đã có trong sổ được đề xuất) hay --giu-ten-nhu-go (thêm "
                        "người mới với tên như đã gõ).")
    return refusals


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
    from desktop.core.ledger import demo_mark, setup
    from desktop.core.text.vnformat import format_int

    if not paths:
        return
    if not plan.problems:
        print("Tệp không có lỗi: không ghi danh sách lỗi.")
        return
    errors, unit, mark = error_list.build(plan), setup.get_unit(ledger), demo_mark.mark_for(ledger)
    for name in paths:
        out = error_list.write(errors, user_path(name), unit, watermark=mark)
        print(f"Đã ghi danh sách lỗi {out} ({format_int(errors.problem_count)} lỗi ở "
              f"{format_int(errors.row_count)} dòng) để gửi lại tổ trưởng.")


# `thidua intake settings`: (key of desktop.core.intake.limits.DEFAULTS, option, help).
LIMIT_OPTIONS = (
    ("intake_sao_m2", "--sao-m2", "một sào bằng bao nhiêu m² ở phường (Bắc Bộ 360, Trung Bộ khoảng 500, Nam Bộ "
                                  "1.000); \"\" để bỏ. Chưa ghi thì ô ghi sào, mẫu bị từ chối"),
    ("intake_max_land_m2", "--tran-dat-m2", "hiến đất tối đa một dòng, m² (mặc định 100.000)"),
    ("intake_max_money_vnd", "--tran-tien", "đóng góp tiền tối đa một dòng, đồng (mặc định 10 tỷ; ghi được \"20 tỷ\")"),
    ("intake_max_labour_days", "--tran-ngay-cong", "ngày công tối đa một dòng (mặc định 1.000)"),
    ("intake_min_money_vnd", "--san-tien", "đóng góp tiền tối thiểu một dòng, đồng (mặc định 1.000)"),
)


def _add_intake_parser(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("intake", help="thiết lập khi nhập tệp Excel: một sào bằng bao nhiêu m², mức tối đa một dòng")
    actions = s.add_subparsers(dest="intake_action", required=True, parser_class=Parser, metavar="<thao tác>")
    a = actions.add_parser("settings", help="xem hoặc sửa: một sào bằng bao nhiêu m², mức tối đa/tối thiểu một dòng "
                                            "(đất, tiền, ngày công), kèm lý do của từng mức")
    for key, option, text in LIMIT_OPTIONS:
        a.add_argument(option, dest=f"set_{key}", metavar="N", help=text)


def cmd_intake(args: argparse.Namespace) -> int:
    """`thidua intake settings`: show the settings of reading a workbook, each with its reason; save those given."""
    from desktop.core.intake import limits

    values = {key: getattr(args, f"set_{key}") for key, *_ in LIMIT_OPTIONS if getattr(args, f"set_{key}") is not None}
    with opened(args) as ledger:
        changed = bool(values) and bool(limits.save_limits(ledger, values).tables)
        current = limits.get_limits(ledger)
    print("Thiết lập nhập tệp Excel:")
    for (_key, option, _text), (label, value, why) in zip(LIMIT_OPTIONS, limits.describe(current), strict=True):
        print(f"  {label}: {value}   [{option}]\n      {why}")
    if values:
        print("Đã lưu." if changed else "Không có gì thay đổi.")
    return 0


COMMANDS: dict[str, Command] = {"template": cmd_template, "import": cmd_import, "intake": cmd_intake}
