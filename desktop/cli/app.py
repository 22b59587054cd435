"""`thidua`: the top-level parser and `main`. Each command group (a module of this package) adds its own
sub-commands and names the function that runs each of them.

Exit status: 0 success; 1 a data or user error, explained in Vietnamese on stderr; 2 usage.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from desktop import __version__
from desktop.cli import awards, backup, basics, exchange, indicators, intake, notice, report, unit, upper_cli
from desktop.cli import round as round_cli
from desktop.cli import round_forms as round_forms_cli
from desktop.cli import spending as spending_cli
from desktop.cli.common import Command, Parser, run

# In the order of `thidua --help`.
GROUPS = (basics, unit, intake, report, indicators, round_cli, round_forms_cli, exchange, upper_cli, notice,
          spending_cli, awards, backup)

COMMANDS: dict[str, Command] = {name: command for group in GROUPS for name, command in group.COMMANDS.items()}


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="thidua", description="Sổ Thi đua — dòng lệnh")
    p.add_argument("--db", metavar="FILE", help="tệp sổ dữ liệu (mặc định: THIDUA_DB hoặc thư mục dữ liệu người dùng)")
    p.add_argument("--version", action="version", version=f"Sổ Thi đua {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in GROUPS:
        group.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(COMMANDS[args.command], args)
