"""`thidua init`, `thidua demo`, `thidua summary`: set up a ledger (a unit's own, or demo data) and read the
figures of a period."""

from __future__ import annotations

import argparse
import time

from desktop.cli.common import PERIOD_HELP, Command, opened, print_json, print_totals
from desktop.cli.unit import add_unit_options, unit_values, validated
from desktop.core.figures import figures, indicators
from desktop.core.ledger import setup
from desktop.core.ledger.records import TABLE_NOUNS
from desktop.core.text.vnformat import format_int


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("init", help="khởi tạo sổ cho một phường/xã")
    s.add_argument("--unit-name", required=True, help='tên đơn vị, ví dụ "Phường Nguyễn Nghiêm"')
    s.add_argument("--unit-code", required=True, help="mã đơn vị hành chính")
    s.add_argument("--kind", choices=["phuong", "xa", "dac_khu", "tinh", "thanh_pho"], default=None)
    s.add_argument("--province", default=None)
    s.add_argument("--user", default=None, help="tên người sử dụng (ghi vào lịch sử thay đổi)")
    s.add_argument("--upper", action="store_true", help="sổ của cấp trên (tổng hợp nhiều phường/xã)")
    # The other fields of the unit (signer, place name, receiving bodies …), as `thidua unit` takes them.
    add_unit_options(s, skip=("name", "code", "kind", "province", "user_name"))

    s = sub.add_parser("demo", help="tạo sổ có dữ liệu mẫu")
    s.add_argument("--size", choices=["small", "medium", "large"], default="small")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--upper", action="store_true",
                   help="sổ mẫu cấp trên: Sở Nội vụ tỉnh Mẫu với 100 phường, xã giả định và tệp các kỳ đã nhận")

    s = sub.add_parser("summary", help="số liệu của một kỳ báo cáo")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--format", choices=["json", "text"], default="text")


def cmd_init(args: argparse.Namespace) -> int:
    values = {"name": args.unit_name, "code": args.unit_code, "kind": args.kind or ("tinh" if args.upper else None),
              "province": args.province,
              "user_name": args.user, "role": "upper" if args.upper else "ward", **unit_values(args)}
    values = {k: v for k, v in values.items() if v is not None}
    validated(values, creating=True)  # refused before the ledger file is even made
    with opened(args, must_exist=False) as ledger:
        setup.initialize(ledger, values)
        print(f"Đã khởi tạo sổ cho {args.unit_name}: {ledger.path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.core.demo import builder

    if args.upper:  # the upper level's demo: desktop/core/demo/upper.py
        from desktop.core.demo import upper as upper_demo

        with opened(args, must_exist=False) as ledger:
            t0 = time.perf_counter()
            counts = upper_demo.build_upper_demo(ledger, seed=args.seed)
            print(f"Đã tạo sổ mẫu cấp trên trong {time.perf_counter() - t0:.1f} giây: {ledger.path} — "
                  f"{counts['wards']} đơn vị cấp xã, {counts['packages']} tệp đã nhận ({counts['superseded']} tệp "
                  "được thay bằng bản mới hơn).")
        return 0
    with opened(args, must_exist=False) as ledger:
        t0 = time.perf_counter()
        counts = builder.build_demo(ledger, size=args.size, seed=args.seed)
        print(f"Đã tạo dữ liệu mẫu ({args.size}) trong {time.perf_counter() - t0:.1f} giây: {ledger.path}")
        for table, n in counts.items():
            print(f"  {TABLE_NOUNS.get(table, table)}: {format_int(n)}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        result = figures.summary(ledger, args.period)
        # The movement's other criteria (issue 20) are figures of the period too: typed, reported or computed.
        result["indicators"] = indicators.period_values(ledger, result["period"]["code"])
    if args.format == "json":
        print_json(result)
        return 0
    p = result["period"]
    print(f"{result['unit']['name']} — {p['label']} ({p['start']} … {p['end']})")
    print_totals(result["totals"])
    known = [r for r in result["indicators"] if r["value"] is not None]
    if known:
        print("Các chỉ tiêu khác của phong trào:")
        for r in known:
            print(f"  {r['name']}: {indicators.format_value(r['kind'], r['value'])} {r['unit']} "
                  f"({r['source']})")
    return 0


COMMANDS: dict[str, Command] = {"init": cmd_init, "demo": cmd_demo, "summary": cmd_summary}
