"""What every command of desktop.cli shares: the parser class, the one way to open the ledger, the period of
`--period`, the Vietnamese error report (exit 1), and the few outputs several commands print."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.connection import Ledger, open_ledger
from db.errors import LedgerError
from desktop.core.errors import UserError
from desktop.core.figures import figures
from desktop.core.ledger import setup
from desktop.paths import default_ledger_path

if TYPE_CHECKING:
    from desktop.core.ledger.periods import Period

Command = Callable[[argparse.Namespace], int]

PERIOD_HELP = "2026-H1, 2026-H2, 2026, 2023-2025"
DRY_RUN_NOTE = "(Chạy thử: chưa ghi gì vào sổ.)"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2 with a Vietnamese hint
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi cú pháp: {message}\n")


def run(command: Command, args: argparse.Namespace) -> int:
    """Run one command; a data or user error is explained in Vietnamese on stderr and gives exit status 1."""
    try:
        return command(args)
    except (UserError, LedgerError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1


def ledger_path(args: argparse.Namespace) -> Path:
    """The ledger file of `--db`, else THIDUA_DB, else the user data folder."""
    return default_ledger_path(getattr(args, "db", None))


@contextmanager
def opened(args: argparse.Namespace, *, must_exist: bool = True) -> Iterator[Ledger]:
    """The ledger of `--db`, open for the block and closed after it, working as the unit's user."""
    path = ledger_path(args)
    if must_exist and not path.exists():
        raise UserError(f"Không tìm thấy tệp sổ {path}. Hãy chạy \"thidua init\" hoặc \"thidua demo\" trước.")
    ledger = open_ledger(path)
    try:
        if setup.is_initialized(ledger):
            ledger.user = setup.get_unit(ledger).get("user_name") or ""
        yield ledger
    finally:
        ledger.close()


def parse_period(ledger: Ledger, code: str) -> Period:
    """`--period` read with the ledger's own start of the year (a Vietnamese UserError when malformed)."""
    from desktop.core.report import narrative

    return narrative.parse_period(ledger, code)


def user_path(text: str) -> Path:
    """A file or folder named on the command line (`~` expanded)."""
    return Path(text).expanduser()


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def print_totals(totals: dict[str, Any]) -> None:
    """The figures of a period, one labelled line each (summary, consolidate)."""
    for key, label in figures.LABELS.items():
        print(f"  {label:<34} {figures.format_value(key, totals[key]):>20}")
