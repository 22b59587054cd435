"""`thidua indicators`: the movement's other criteria of a period (issue 20) — list them with where each value
came from, type a value (it overrides what the units reported and what is computed), or take a typed one away.
"""

from __future__ import annotations

import argparse

from desktop.cli.common import PERIOD_HELP, Command, opened, parse_period, print_json
from desktop.core.errors import UserError
from desktop.core.figures import indicators


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("indicators", help="các chỉ tiêu khác của phong trào trong kỳ (giải ngân vốn đầu tư công, "
                                          "tiết kiệm chi thường xuyên …): xem, nhập tay, bỏ số nhập tay")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--set", action="append", default=[], metavar="MÃ=GIÁ_TRỊ",
                   help="nhập tay một chỉ tiêu, ví dụ --set tiet_kiem_chi_tx_vnd=\"185.000.000\" (lặp lại được)")
    s.add_argument("--note", default="", help="ghi chú cho các số nhập tay (văn bản, nguồn số liệu)")
    s.add_argument("--clear", action="append", default=[], metavar="MÃ", help="bỏ số nhập tay của một chỉ tiêu")
    s.add_argument("--format", choices=["json", "text"], default="text")


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        code, sep, value = item.partition("=")
        if not sep or not code.strip() or not value.strip():
            raise UserError(f"--set “{item}”: cần dạng MÃ=GIÁ_TRỊ, ví dụ --set cuoc_giam_sat=2.")
        out.append((code.strip(), value.strip()))
    return out


def cmd_indicators(args: argparse.Namespace) -> int:
    pairs = _pairs(args.set)
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        values = [(code, indicators.parse_typed(code, text)) for code, text in pairs]  # all checked first
        with ledger.transaction():  # all or nothing
            for code, value in values:
                indicators.set_value(ledger, period.code, code, value, args.note)
            for code in args.clear:
                indicators.clear_value(ledger, period.code, code)
        rows = indicators.period_values(ledger, period)
    if args.format == "json":
        print_json({"period": period.as_dict(), "indicators": rows})
        return 0
    if values or args.clear:
        print(f"Đã ghi {len(values)} số nhập tay, bỏ {len(args.clear)} số nhập tay ({period.label}).")
    print(f"Các chỉ tiêu khác của phong trào — {period.label}")
    for r in rows:
        where = f" ({r['source']})" if r["source"] else ""
        note = f" — {r['note']}" if r["note"] else ""
        print(f"  {r['code']:<24} {r['name']}: {indicators.format_value(r['kind'], r['value'])} {r['unit']}"
              f"{where}{note}")
    return 0


COMMANDS: dict[str, Command] = {"indicators": cmd_indicators}
