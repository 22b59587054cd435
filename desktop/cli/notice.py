"""`thidua notice --period P --group NAME --out FILE.pdf`: the public notice of one tổ dân phố (DESIGN §5.2),
a PDF to post up (or, with `--out FILE.docx`, its editable Word copy); an unknown group is a Vietnamese error that
names a few of the ledger's groups."""

from __future__ import annotations

import argparse

from desktop.cli import demo_note
from desktop.cli.common import PERIOD_HELP, Command, check_out, opened, parse_period, user_path, write_document
from desktop.core.errors import UserError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("notice", help="bảng công khai đóng góp của một tổ dân phố (PDF để niêm yết)")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--group", required=True, help="tên hoặc số tổ dân phố, ví dụ \"Tổ 3\"")
    s.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx",
                   help="tệp ghi ra: .pdf, hoặc .docx (bản Word để sửa)")


def cmd_notice(args: argparse.Namespace) -> int:
    from desktop.core.ledger import groups
    from desktop.core.report import notice

    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        group_id = groups.find_by_name(ledger, args.group)
        if group_id is None:
            names = [r[0] for r in ledger.conn.execute(
                "SELECT name FROM groups WHERE deleted_at IS NULL ORDER BY sort_key LIMIT 6")]
            hint = f" Ví dụ: {', '.join(names)}." if names else ""
            raise UserError(f"Không tìm thấy tổ dân phố \"{args.group}\" trong sổ.{hint}")
        out = user_path(args.out)
        check_out(out)
        write_document(out, lambda: notice.document(ledger, period, group_id))
        print(f"Đã ghi {out}")
        demo_note.warn(ledger, issued=False)
    return 0


COMMANDS: dict[str, Command] = {"notice": cmd_notice}
