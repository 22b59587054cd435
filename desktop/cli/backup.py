"""`thidua check`, `thidua backup`, `thidua restore`: the ledger's integrity, a checked backup copy now, and
restoring from a backup (the current ledger is kept first)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from db.errors import DamagedLedgerError
from desktop.cli.common import Command, ledger_path, opened, user_path
from desktop.core.ledger import integrity
from desktop.core.text.vnformat import format_int


def add_parsers(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("check", help="kiểm tra tính toàn vẹn của sổ")

    s = sub.add_parser("backup", help="sao lưu sổ ngay (đã kiểm tra bản sao)")
    s.add_argument("--out", metavar="FILE_OR_DIR", default=None,
                   help="tệp hoặc thư mục (ví dụ ổ USB) nhận bản sao; mặc định: thư mục sao lưu cạnh sổ")

    s = sub.add_parser("restore", help="khôi phục sổ từ một bản sao lưu (sổ hiện tại được sao lưu trước)")
    s.add_argument("file", metavar="FILE", help="tệp sao lưu")
    s.add_argument("--other-unit", action="store_true",
                   help="đồng ý khôi phục cả khi bản sao lưu là sổ của đơn vị khác (mặc định: từ chối)")


def cmd_check(args: argparse.Namespace) -> int:
    try:
        with opened(args) as ledger:
            problems = integrity.full_check(ledger)
    except DamagedLedgerError as exc:  # damage is what `check` is for: a finding, not a crash
        problems = [str(exc)]
    if problems:
        print(f"Sổ dữ liệu {ledger_path(args)} có lỗi:", file=sys.stderr)
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        _print_newest_backup(ledger_path(args), file=sys.stderr)
        return 1
    print(f"Sổ dữ liệu tốt: {ledger_path(args)}")
    _print_newest_backup(ledger_path(args))
    return 0


def _print_newest_backup(path: Path, file: TextIO | None = None) -> None:
    from desktop.core.ledger import safety

    newest = safety.newest_backup(path)
    if newest is None:
        print("Chưa có bản sao lưu nào. Hãy chạy \"thidua backup\".", file=file)
    else:
        print(f"Bản sao lưu mới nhất: {newest.path} (lúc {newest.time:%H:%M ngày %d/%m/%Y})", file=file)


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.core.ledger import safety

    with opened(args) as ledger:
        written = safety.backup_now(ledger, user_path(args.out) if args.out else None)
    print(f"Đã sao lưu và kiểm tra bản sao: {written}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.core.ledger import safety

    path = ledger_path(args)
    backup_file = user_path(args.file)
    info = safety.preview(backup_file)  # a damaged, foreign or newer file stops here: nothing changed
    counts = info["counts"]
    print(f"Bản sao lưu: {backup_file}")
    print(f"  Đơn vị: {info['unit_name'] or '(chưa khai báo)'}")
    print(f"  Lập lúc: {info['file_time']}")
    print(f"  Thay đổi cuối cùng: {info['last_change'] or '(không có)'}")
    print(f"  Tổ: {format_int(counts['groups'])}, người/hộ đóng góp: {format_int(counts['contributors'])}, "
          f"công trình: {format_int(counts['works'])}, khoản đóng góp: {format_int(counts['contributions'])}")
    kept = safety.restore_from(path, backup_file, other_unit=args.other_unit)
    print(f"Đã khôi phục sổ {path}.")
    if kept is not None:
        print(f"Dữ liệu trước khi khôi phục được giữ ở: {kept}")
    return 0


COMMANDS: dict[str, Command] = {"check": cmd_check, "backup": cmd_backup, "restore": cmd_restore}
