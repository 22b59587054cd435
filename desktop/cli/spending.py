"""`thidua spending …`: công khai thu – chi of a work (Luật Thực hiện dân chủ ở cơ sở 2022, Điều 11): its receipts
(from the ledger), its spending rows and the balance; add a row, import the rows of a settlement workbook, print
the public notice (PDF, or its Word copy with FILE.docx).

  thidua spending list WORK [--format json]
  thidua spending add WORK --item … --amount … --date … [--document …] [--note …]
  thidua spending import WORK FILE.xlsx [--dry-run] [--only-valid]
  thidua spending notice WORK [--to GROUP] --pdf FILE [--date dd/mm/yyyy] [--number …]

WORK is the work's number (as `spending list` prints it) or its name, accents and case aside ("duong to 3").
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from db.connection import Ledger
from desktop.cli import demo_note
from desktop.cli.common import DRY_RUN_NOTE, Command, Parser, check_out, opened, print_json, user_path, write_document
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date, format_int, parse_date
from desktop.core.text.vntext import fold

WORK_HELP = "số hoặc tên công trình, ví dụ 8 hoặc \"Bê tông hóa đường liên tổ 3–4\""


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("spending", help="công khai thu – chi công trình: xem, thêm, nhập từ bảng quyết toán, "
                                        "in thông báo công khai")
    actions = s.add_subparsers(dest="spending_action", required=True, parser_class=Parser, metavar="<thao tác>")
    a = actions.add_parser("list", help="số đã thu, đã chi, còn lại và các khoản chi của công trình")
    a.add_argument("work", metavar="WORK", help=WORK_HELP)
    a.add_argument("--format", choices=("text", "json"), default="text")
    a = actions.add_parser("add", help="thêm một khoản chi")
    a.add_argument("work", metavar="WORK", help=WORK_HELP)
    a.add_argument("--item", required=True, help="nội dung chi, ví dụ \"Mua xi măng, cát, đá\"")
    a.add_argument("--amount", required=True, help="số tiền, ví dụ 12.500.000 hoặc \"12,5 triệu\"")
    a.add_argument("--date", required=True, metavar="dd/mm/yyyy", help="ngày chi (không sau hôm nay)")
    a.add_argument("--document", default=None, help="số chứng từ, ví dụ \"HĐ 01/2026\"")
    a.add_argument("--note", default=None, help="ghi chú")
    a = actions.add_parser("import", help="nhập các khoản chi từ bảng quyết toán .xlsx (cột Nội dung chi, Số "
                                          "tiền, Ngày, Chứng từ)")
    a.add_argument("work", metavar="WORK", help=WORK_HELP)
    a.add_argument("file", metavar="FILE.xlsx")
    a.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì vào sổ")
    a.add_argument("--only-valid", action="store_true", help="có dòng lỗi vẫn nhập các dòng đúng")
    a = actions.add_parser("notice", help="thông báo công khai thu, chi của công trình (PDF để niêm yết)")
    a.add_argument("work", metavar="WORK", help=WORK_HELP)
    a.add_argument("--to", dest="group", default=None, metavar="GROUP",
                   help="chỉ phần của một tổ dân phố, ví dụ \"Tổ 3\"")
    a.add_argument("--pdf", required=True, metavar="FILE.pdf|FILE.docx", help="tệp ghi ra")
    a.add_argument("--date", default=None, metavar="dd/mm/yyyy", help="số liệu đến ngày, ngày thông báo "
                                                                      "(mặc định: hôm nay)")
    a.add_argument("--number", default="", help="số, ký hiệu nếu có, ví dụ \"Số: 12/TB-UBND\"")


def find_work(ledger: Ledger, text: str) -> int:
    """The work named by its number or its name (folded; a unique part of it is enough)."""
    rows = ledger.conn.execute("SELECT id, name FROM works WHERE deleted_at IS NULL ORDER BY sort_key").fetchall()
    if text.strip().isdigit() and any(r[0] == int(text) for r in rows):
        return int(text)
    want = fold(text)
    exact = [r for r in rows if fold(r[1]) == want]
    hits = exact or [r for r in rows if want and want in fold(r[1])]
    if len(hits) == 1:
        return int(hits[0][0])
    names = ", ".join(f"{r[0]}: {r[1]}" for r in (hits or rows)[:6])
    if hits:
        raise UserError(f"Có {len(hits)} công trình khớp \"{text}\": {names}… Hãy ghi số công trình.")
    raise UserError(f"Không tìm thấy công trình \"{text}\" trong sổ." + (f" Ví dụ: {names}." if names else ""))


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return parse_date(text)
    except ValueError:
        raise UserError(f"Ngày \"{text}\" không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026).") from None


def _listing(ledger: Ledger, work_id: int) -> dict[str, Any]:
    from desktop.core.ledger import records
    from desktop.core.report import spending

    work = records.get(ledger, "works", work_id)
    b = spending.work_balance(ledger, work_id)
    keep = ("id", "item", "amount_vnd", "spent_on", "document", "note")
    return {"work_id": work_id, "work": work["name"], "received_vnd": b["received_vnd"], "spent_vnd": b["spent_vnd"],
            "balance_vnd": b["balance_vnd"], "overspent": b["overspent"], "in_kind_vnd": b["in_kind_vnd"],
            "in_kind": b["in_kind"], "groups": [{k: g[k] for k in ("group", "received_vnd", "givers")}
                                                for g in b["groups"]],
            "spending": [{k: r[k] for k in keep} for r in b["spending"]]}


def _print_listing(data: dict[str, Any]) -> None:
    from desktop.core.report import spending

    print(f"Công trình {data['work_id']}: {data['work']}")
    print(f"  Đã thu (tiền mặt): {format_int(data['received_vnd']):>16} đồng")
    for g in data["groups"]:
        print(f"    {g['group']:<28} {format_int(g['received_vnd']):>14} đồng ({g['givers']} người)")
    print(f"  Đã chi:            {format_int(data['spent_vnd']):>16} đồng")
    print(f"  Cân đối: {spending.balance_words(data)}")
    if data["in_kind_vnd"]:
        print(f"  Đóng góp hiện vật, ngày công, đất (quy đổi, không tính vào tiền mặt): "
              f"{spending.in_kind_words(data['in_kind'])}")
    for r in data["spending"]:
        doc = f" [{r['document']}]" if r["document"] else ""
        print(f"  #{r['id']:<5} {format_date(r['spent_on'])}  {format_int(r['amount_vnd']):>14}  {r['item']}{doc}")


def cmd_spending(args: argparse.Namespace) -> int:
    return ACTIONS[args.spending_action](args)


def _list(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        data = _listing(ledger, find_work(ledger, args.work))
    if args.format == "json":
        print_json(data)
    else:
        _print_listing(data)
    return 0


def _add(args: argparse.Namespace) -> int:
    from desktop.core.ledger import work_spending

    with opened(args) as ledger:
        work_id = find_work(ledger, args.work)
        new_id = work_spending.add(ledger, {"work_id": work_id, "item": args.item, "amount_vnd": args.amount,
                                            "spent_on": args.date, "document": args.document, "note": args.note})
        row = ledger.conn.execute("SELECT item, amount_vnd, spent_on FROM work_spending WHERE id = ?",
                                  [new_id]).fetchone()
    print(f"Đã thêm khoản chi #{new_id}: {row[0]}, {format_int(row[1])} đồng, ngày {format_date(row[2])}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from desktop.core.intake import spending_import

    with opened(args) as ledger:
        work_id = find_work(ledger, args.work)
        plan = spending_import.plan(ledger, work_id, user_path(args.file))
        print(f"Đọc được {len(plan.rows)} khoản chi đúng ({format_int(plan.total_vnd)} đồng), "
              f"{len(plan.problems)} lỗi, từ trang {', '.join(plan.sheets)}.")
        for p in plan.problems:
            print(f"  {p}", file=sys.stderr)
        if args.dry_run:
            print(DRY_RUN_NOTE)
            return 1 if plan.problems else 0
        changes = spending_import.apply(ledger, plan, only_valid=args.only_valid)
        print(f"Đã nhập {len(changes.ids.get('work_spending', ()))} khoản chi.")
    return 0


def _notice(args: argparse.Namespace) -> int:
    from desktop.core.ledger import groups
    from desktop.core.report import spending_notice

    with opened(args) as ledger:
        work_id = find_work(ledger, args.work)
        group_id = None
        if args.group:
            group_id = groups.find_by_name(ledger, args.group)
            if group_id is None:
                raise UserError(f"Không tìm thấy tổ dân phố \"{args.group}\" trong sổ.")
        day = _date(args.date)
        out = user_path(args.pdf)
        check_out(out)
        write_document(out, lambda: spending_notice.document(ledger, work_id, group_id, day, number=args.number))
        print(f"Đã ghi {out}")
        demo_note.warn(ledger, issued=False)
    return 0


ACTIONS: dict[str, Command] = {"list": _list, "add": _add, "import": _import, "notice": _notice}
COMMANDS: dict[str, Command] = {"spending": cmd_spending}
