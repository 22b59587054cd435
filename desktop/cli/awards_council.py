"""`thidua awards <action>`: the council's members of a year and its meetings (attendance, votes).

  thidua awards members --year 2026 [--format json]                 the year's list
  thidua awards members --year 2026 --add "Họ tên" --position "…" --role uy_vien
  thidua awards members --year 2026 --edit ID [--name …] [--position …] [--role …]
  thidua awards members --year 2026 --remove ID
  thidua awards members --year 2027 --copy-from 2026
  thidua awards meetings --period 2026 [--format json]
  thidua awards meeting --period 2026 --date 15/12/2026 --secretary "…" [--chair "…"] --absent "Tên" …
                        --vote ID=N … [--written "Tên" --written-vote ID=N] [--place --start --end --conclusion]

A meeting takes the member list of the year of its date: every member is present unless named in --absent (or
--written: absent, voted in writing, only where the setting allows it); the numbers are counted, never typed. Every
write goes through desktop.core.awards (one transaction with its audit row); a refusal writes nothing (exit 1).
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import PERIOD_HELP, Command, opened, parse_period, print_json
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date, parse_date

ROLE_HELP = "chu_tich (Chủ tịch Hội đồng), pho_chu_tich, thuong_truc (Phó Chủ tịch thường trực), uy_vien"


def _pair(text: str) -> tuple[int, int]:
    """`ID=N` of --vote / --written-vote (a usage error, exit 2, when malformed)."""
    left, sep, right = text.partition("=")
    try:
        if not sep:
            raise ValueError
        return int(left), int(right)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”: cần dạng MÃ_ĐỀ_NGHỊ=SỐ_PHIẾU, ví dụ 12=8") from None


def add_parsers(actions: argparse._SubParsersAction) -> None:
    """Add this group's actions under `thidua awards`."""
    s = actions.add_parser("members", help="danh sách thành viên Hội đồng Thi đua - Khen thưởng của một năm: xem, "
                                           "thêm, sửa, xóa, chép từ năm khác")
    s.add_argument("--year", type=int, required=True, help="năm của danh sách, ví dụ 2026")
    what = s.add_mutually_exclusive_group()
    what.add_argument("--add", metavar="HỌ_TÊN", help="thêm một thành viên (cùng --position, --role)")
    what.add_argument("--edit", type=int, metavar="MÃ", help="sửa thành viên có mã này (cùng --name, --position, "
                                                             "--role)")
    what.add_argument("--remove", type=int, metavar="MÃ", help="xóa thành viên có mã này khỏi danh sách (các cuộc "
                                                               "họp đã ghi giữ nguyên)")
    what.add_argument("--copy-from", type=int, metavar="NĂM", help="chép cả danh sách của năm này sang --year")
    s.add_argument("--name", help="họ tên mới (với --edit)")
    s.add_argument("--position", help="chức vụ, ví dụ \"Phó Chủ tịch Ủy ban nhân dân phường\"")
    s.add_argument("--role", help=ROLE_HELP + " (mặc định uy_vien)")
    s.add_argument("--format", choices=["text", "json"], default="text")

    s = actions.add_parser("meetings", help="các cuộc họp Hội đồng của kỳ: ngày, có mặt/tổng số, số đề nghị, biên bản")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--format", choices=["text", "json"], default="text")

    s = actions.add_parser(
        "meeting", help="ghi một cuộc họp Hội đồng: ai vắng mặt, số phiếu đồng ý của từng đề nghị dự thảo",
        description="Mọi thành viên trong danh sách năm của ngày họp được tính là có mặt, trừ người ghi ở --absent "
                    "(hoặc --written: vắng mặt có phiếu bằng văn bản, khi thiết lập cho phép). Số thành viên có mặt "
                    "và tổng số do chương trình đếm. Mã đề nghị: xem “thidua awards meetings” hoặc trang Khen thưởng.")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--date", required=True, metavar="dd/mm/yyyy", help="ngày họp")
    s.add_argument("--chair", help="chủ tọa, một thành viên có mặt (mặc định: Chủ tịch Hội đồng)")
    s.add_argument("--secretary", required=True, help="thư ký (người ghi biên bản)")
    s.add_argument("--absent", action="append", default=[], metavar="TÊN|MÃ", help="thành viên vắng mặt (lặp lại)")
    s.add_argument("--written", action="append", default=[], metavar="TÊN|MÃ",
                   help="thành viên vắng mặt có phiếu bằng văn bản (lặp lại; chỉ khi thiết lập cho phép)")
    s.add_argument("--vote", action="append", type=_pair, default=[], metavar="MÃ=N",
                   help="số phiếu đồng ý của thành viên có mặt cho đề nghị MÃ (lặp lại, ít nhất một)")
    s.add_argument("--written-vote", action="append", type=_pair, default=[], metavar="MÃ=N",
                   help="số phiếu đồng ý bằng văn bản cho đề nghị MÃ (lặp lại)")
    s.add_argument("--place", help="địa điểm")
    s.add_argument("--start", help="giờ bắt đầu, ví dụ \"14 giờ 00\"")
    s.add_argument("--end", help="giờ kết thúc")
    s.add_argument("--conclusion", help="kết luận (để trống: chương trình viết theo kết quả)")


# --------------------------------------------------------------------------- members


def _print_members(year: int, rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json([{k: r[k] for k in ("id", "year", "name", "position", "role", "role_label", "sort_order", "note")}
                    for r in rows])
        return
    if not rows:
        print(f"Năm {year} chưa có danh sách thành viên Hội đồng. Thêm bằng --add hoặc chép bằng --copy-from.")
        return
    print(f"Hội đồng Thi đua - Khen thưởng năm {year}: {len(rows)} thành viên")
    for r in rows:
        print(f"  {r['id']:>4}  {r['name']:<28} {r['role_label']:<36} {r['position'] or ''}")


def cmd_members(args: argparse.Namespace) -> int:
    from desktop.core.awards import members

    with opened(args) as ledger:
        if args.add is not None:
            mid = members.add_member(ledger, args.year, {"name": args.add, "position": args.position,
                                                         "role": args.role or "uy_vien"})
            print(f"Đã thêm: {members.label(members.get_member(ledger, mid))} (mã {mid}, năm {args.year}).")
        elif args.edit is not None:
            _own(members.get_member(ledger, args.edit), args.year)
            values = {k: v for k, v in (("name", args.name), ("position", args.position), ("role", args.role))
                      if v is not None}
            if not values:
                raise UserError("Hãy ghi điều cần sửa: --name, --position hoặc --role.")
            members.edit_member(ledger, args.edit, values)
            print(f"Đã sửa: {members.label(members.get_member(ledger, args.edit))}.")
        elif args.remove is not None:
            row = _own(members.get_member(ledger, args.remove), args.year)
            members.delete_member(ledger, args.remove)
            print(f"Đã xóa khỏi danh sách năm {args.year}: {row['name']}.")
        elif args.copy_from is not None:
            n = len(members.copy_year(ledger, args.copy_from, args.year).ids.get(members.TABLE, ()))
            print(f"Đã chép {n} thành viên từ năm {args.copy_from} sang năm {args.year}.")
        rows = members.list_members(ledger, args.year)
    if args.format == "json" or not any(v is not None for v in (args.add, args.edit, args.remove, args.copy_from)):
        _print_members(args.year, rows, args.format == "json")
    return 0


def _own(row: dict[str, Any], year: int) -> dict[str, Any]:
    if row["year"] != year:
        raise UserError(f"Thành viên mã {row['id']} ({row['name']}) thuộc danh sách năm {row['year']}, không phải "
                        f"năm {year}.")
    return row


# --------------------------------------------------------------------------- meetings


def cmd_meetings(args: argparse.Namespace) -> int:
    from desktop.core.awards import council

    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        rows = council.meetings(ledger, period.code)
    if args.format == "json":
        print_json([{"id": m["id"], "date": m["date"], "members_present": m["members_present"],
                     "members_total": m["members_total"], "members_written": m["members_written"],
                     "proposals": m["proposals"], "chair": m["chair"], "secretary": m["secretary"],
                     "document_symbol": m["document_symbol"]} for m in rows])
        return 0
    if not rows:
        print(f"Kỳ {period.label} chưa có cuộc họp Hội đồng nào.")
        return 0
    print(f"Các cuộc họp Hội đồng Thi đua - Khen thưởng, {period.label}:")
    for m in rows:
        written = f", {m['members_written']} phiếu bằng văn bản" if m["members_written"] else ""
        print(f"  {m['id']:>4}  {format_date(m['date'])}  có mặt {m['members_present']}/{m['members_total']}"
              f"{written}  {m['proposals']} đề nghị  Biên bản: {m['document_symbol'] or 'chưa ban hành'}")
    return 0


def _find(roster: list[dict[str, Any]], text: str, year: int) -> int:
    """A member of the year named on the command line, by id or by full name."""
    from desktop.core.awards import members

    if text.strip().isdigit() and any(r["id"] == int(text) for r in roster):
        return int(text)
    found = [r["id"] for r in roster if members.same_name(r["name"], text)]
    if len(found) == 1:
        return found[0]
    names = "; ".join(f"{r['id']} {r['name']}" for r in roster)
    if found:
        raise UserError(f"Có {len(found)} thành viên tên “{text}” trong năm {year}: hãy ghi mã. Danh sách: {names}.")
    raise UserError(f"Không có thành viên “{text}” trong danh sách Hội đồng năm {year}. Danh sách: {names}.")


def _marks(roster: list[dict[str, Any]], args: argparse.Namespace, year: int) -> dict[int, str]:
    marks = {r["id"]: "present" for r in roster}
    for presence, names in (("absent", args.absent), ("written", args.written)):
        for text in names:
            mid = _find(roster, text, year)
            if marks[mid] != "present":
                raise UserError(f"{next(r['name'] for r in roster if r['id'] == mid)} được ghi hai lần trong "
                                "--absent/--written: mỗi thành viên ghi một lần.")
            marks[mid] = presence
    return marks


def cmd_meeting(args: argparse.Namespace) -> int:
    from desktop.core.awards import catalogue, council, members

    try:
        day = parse_date(args.date)
    except ValueError as exc:
        raise UserError(f"--date: {exc}") from None
    if not args.vote:
        raise UserError("Hãy ghi số phiếu đồng ý của ít nhất một đề nghị: --vote MÃ=N.")
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        roster = members.list_members(ledger, day.year)
        if not roster:
            raise UserError(f"Năm {day.year} chưa có danh sách thành viên Hội đồng: hãy lập bằng “thidua awards "
                            f"members --year {day.year} --add …” (hoặc --copy-from {day.year - 1}) rồi ghi cuộc họp.")
        marks = _marks(roster, args, day.year)
        chair = args.chair or next((r["name"] for r in roster if r["role"] == "chu_tich"), None)
        values = {"date": day.isoformat(), "chair": chair, "secretary": args.secretary, "place": args.place,
                  "start_time": args.start, "end_time": args.end, "conclusion": args.conclusion}
        council.record_meeting(ledger, period.code, values, dict(args.vote), attendance=marks,
                               written_votes=dict(args.written_vote))
        meeting = council.meetings(ledger, period.code)[0]
        rows = council.meeting_proposals(ledger, meeting["id"])
        settings = catalogue.get_settings(ledger)
    away = [r["name"] for r in roster if marks[r["id"]] != "present"]
    print(f"Đã ghi cuộc họp ngày {format_date(meeting['date'])} (mã {meeting['id']}): có mặt "
          f"{meeting['members_present']}/{meeting['members_total']} thành viên"
          + (f", vắng: {', '.join(away)}" if away else "") + f"; chủ tọa {meeting['chair']}.")
    for r in rows:
        written = f" (trong đó {r['votes_written']} bằng văn bản)" if r.get("votes_written") else ""
        result = "thông qua" if council.passed(r, settings) else "không thông qua"
        print(f"  {r['id']:>4}  {r['nominee_name']}: {r['votes_for']} phiếu đồng ý{written} — {result}")
    print("Ban hành Biên bản: thidua awards --period … --out THƯ_MỤC --issue (hoặc trang Khen thưởng, thẻ Văn bản).")
    return 0


ACTIONS: dict[str, Command] = {"members": cmd_members, "meetings": cmd_meetings, "meeting": cmd_meeting}
