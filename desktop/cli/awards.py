"""`thidua awards --period P --out DIR [--issue]`: the award dossier of a period, written into a folder; and
`thidua awards <action> …`, the workflow step by step (the actions live in awards_flow,
awards_council and awards_docs).

Drafts by default (marked DỰ THẢO, "Số:      /…"); `--issue` first issues what is ready (the Tờ trình of the
ward's own awards, the Biên bản of each meeting, the Quyết định for what the council passed, the Tờ trình upward),
each with the next number of the year's register. Each file is written safely (temporary name, fsync, rename, read
back); a document that cannot be made yet is reported on stderr with the reason, and the others are still written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from desktop.cli import awards_council, awards_docs, awards_flow, demo_note
from desktop.cli.common import PERIOD_HELP, Command, Parser, opened, parse_period, user_path
from desktop.core.errors import UserError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("awards", help="khen thưởng: bộ hồ sơ của kỳ (danh sách Excel, tờ trình, biên bản, "
                                      "quyết định, báo cáo thành tích, giấy khen) và từng bước của quy trình")
    # An action's own --period (argparse copies a sub-parser's values over these) is the one it reads.
    s.add_argument("--period", help=PERIOD_HELP + " (bộ hồ sơ, cùng --out)")
    s.add_argument("--out", metavar="DIR", help="thư mục nhận các tệp (phải có sẵn)")
    s.add_argument("--issue", action="store_true",
                   help="ban hành các văn bản đã đủ điều kiện (lấy số tiếp theo trong năm) thay vì ghi dự thảo")
    s.add_argument("--date", default=None, metavar="dd/mm/yyyy",
                   help="ngày của tờ trình, quyết định, báo cáo tóm tắt (mặc định: hôm nay)")
    actions = s.add_subparsers(dest="awards_action", required=False, parser_class=Parser, metavar="<thao tác>")
    for group in ACTION_GROUPS:
        group.add_parsers(actions)


def _date(text: str | None) -> str:
    """`--date` as ISO, today when not given."""
    if not text:
        return dt.date.today().isoformat()
    from desktop.core.text.vnformat import parse_date

    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise UserError(f"--date: {exc}") from exc


def cmd_awards(args: argparse.Namespace) -> int:
    action = getattr(args, "awards_action", None)
    if action:
        return ACTIONS[action](args)
    if not (args.period and args.out):
        raise UserError("Hãy ghi --period và --out để ghi bộ hồ sơ khen thưởng, hoặc một thao tác (xem "
                        "“thidua awards --help”).")
    return _dossier(args)


def _dossier(args: argparse.Namespace) -> int:
    from desktop.core.awards import dossier, proposals

    out = user_path(args.out)
    if not out.is_dir():
        raise UserError(f"Không có thư mục {out}. Hãy tạo thư mục trước (ví dụ trên ổ USB) rồi chạy lại.")
    doc_date = _date(args.date)
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        if not proposals.list_proposals(ledger, period.code):
            raise UserError(f"Kỳ {period.label} chưa có đề nghị khen thưởng nào. Lập đề nghị ở trang Khen thưởng "
                            "(hoặc từ danh sách Gợi ý) trước.")
        written = dossier.write_dossier(ledger, period, out, issue=args.issue, doc_date=doc_date)
        demo_note.warn(ledger, issued=args.issue)
    for path, what in written:
        if path is not None:
            print(f"Đã ghi {path} — {what}")
        else:
            print(f"Chưa lập: {what}", file=sys.stderr)
    if not args.issue:
        print("(Các văn bản chưa ban hành là dự thảo; thêm --issue để ban hành và lấy số.)")
    return 0


ACTION_GROUPS = (awards_flow, awards_council, awards_docs)
ACTIONS: dict[str, Command] = {name: command for group in ACTION_GROUPS for name, command in group.ACTIONS.items()}
COMMANDS: dict[str, Command] = {"awards": cmd_awards}
