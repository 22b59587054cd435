"""What every command of desktop.cli shares: the parser class, the one way to open the ledger, the period of
`--period`, the Vietnamese error report (exit 1), reading a text or JSON/TOML file the clerk names, and the few
outputs several commands print."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.connection import Ledger, open_ledger
from db.errors import LedgerError, classify
from desktop.core.errors import UserError
from desktop.core.figures import figures
from desktop.core.ledger import setup
from desktop.paths import default_ledger_path

if TYPE_CHECKING:
    from desktop.core.ledger.periods import Period
    from desktop.core.pdf.model import AdminDocument

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
    except (sqlite3.Error, OSError) as exc:
        # A full disk, a read-only or locked file, damage: named in Vietnamese with what to do, not a traceback.
        # (An OSError names its own file; a SQLite error met outside a transaction is the ledger's.)
        known = classify(exc, ledger_path(args))
        if known is None:
            raise
        print(f"Lỗi: {known}", file=sys.stderr)
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


def check_out(path: Path) -> None:
    """A file to be written: its folder must exist (checked before anything is issued, so that a typo in the folder
    does not leave an issued report without its file)."""
    if path.is_dir():
        raise UserError(f"{path} là một thư mục; hãy ghi tên tệp, ví dụ {path / 'bao-cao.pdf'}.")
    if not path.parent.is_dir():
        raise UserError(f"Không có thư mục {path.parent}. Hãy chọn thư mục khác.")


def write_document(out: Path, document: Callable[[], AdminDocument], pdf: Callable[[], bytes] | None = None) -> None:
    """Write a document to `out`: an editable Word copy when the name ends in .docx, else the PDF (`pdf` gives the
    issued, frozen bytes; without it the document is rendered now). Safe write: whole or absent."""
    from desktop.core.files import safe_files

    if out.suffix.lower() == ".docx":
        from desktop.core.pdf import word

        data = word.docx_bytes(document())
    elif pdf is not None:
        data = pdf()
    else:
        from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

        data = nd30.render(document())
    safe_files.write_file(out, data)


def read_text(path: Path) -> str:
    """A UTF-8 text file the clerk wrote (Notepad's BOM accepted, "-" is stdin), in NFC so that text typed with a
    combining-accent keyboard prints and compares like the rest."""
    if str(path) == "-":
        return unicodedata.normalize("NFC", sys.stdin.read())
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise UserError(f"{path} là một thư mục, không phải tệp.") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"Tệp {path} không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8 "
                        "(Notepad: Lưu thành… → Mã hóa: UTF-8).") from None
    return unicodedata.normalize("NFC", text)


def read_data(path: Path) -> dict[str, Any]:
    """A JSON (.json) or TOML (.toml) file holding one object/table, with a Vietnamese message that says where
    the file is broken."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise UserError(f"Tệp {path}: chỉ đọc được tệp .json hoặc .toml.")
    text = read_text(path)
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"Tệp {path} không đúng định dạng JSON (lỗi ở dòng {exc.lineno}, cột {exc.colno}).") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError: "… (at line 3, column 5)"
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f" (lỗi ở dòng {where[1]}, cột {where[2]})" if where else ""
        raise UserError(f"Tệp {path} không đúng định dạng TOML{at}.") from None
    if not isinstance(data, dict):
        raise UserError(f"Tệp {path}: cần một đối tượng {{…}} ở ngoài cùng (các mục \"khóa\": giá trị).")
    return data


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def print_totals(totals: dict[str, Any]) -> None:
    """The figures of a period, one labelled line each (summary, consolidate)."""
    for key, label in figures.LABELS.items():
        print(f"  {label:<34} {figures.format_value(key, totals[key]):>20}")
