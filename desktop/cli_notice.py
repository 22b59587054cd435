"""`thidua notice --period P --group NAME --out FILE.pdf`: the public notice of one tổ dân phố (DESIGN §5.2).

Kept out of desktop/cli.py so the command can be added with two lines there:
`cli_notice.add_parser(sub)` in build_parser and `"notice": cli_notice.cmd_notice` in COMMANDS.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    s = subparsers.add_parser("notice", help="bảng công khai đóng góp của một tổ dân phố (PDF để niêm yết)")
    s.add_argument("--period", required=True, help="2026-H1, 2026-H2, 2026, 2023-2025")
    s.add_argument("--group", required=True, help="tên hoặc số tổ dân phố, ví dụ \"Tổ 3\"")
    s.add_argument("--out", required=True, metavar="FILE.pdf", help="tệp PDF ghi ra")
    return s


def cmd_notice(args: argparse.Namespace) -> int:
    from desktop.cli import _open  # imported here: desktop.cli imports this module
    from desktop.core.files import safe_files
    from desktop.core.ledger import groups
    from desktop.core.report import narrative, notice

    ledger = _open(args)
    try:
        period = narrative.parse_period(ledger, args.period)
        group_id = groups.find_by_name(ledger, args.group)
        if group_id is None:
            names = [r[0] for r in ledger.conn.execute(
                "SELECT name FROM groups WHERE deleted_at IS NULL ORDER BY sort_key LIMIT 6")]
            hint = f" Ví dụ: {', '.join(names)}." if names else ""
            raise UserError(f"Không tìm thấy tổ dân phố \"{args.group}\" trong sổ.{hint}")
        out = Path(args.out).expanduser()
        safe_files.write_file(out, notice.render(ledger, period, group_id))
        print(f"Đã ghi {out}")
    finally:
        ledger.close()
    return 0
