"""`thidua round …`: the ward's reporting round (issue 20) — who reports (the register of units), by when (the
period's deadlines), who has reported (the board, the reminder list) and a report typed from paper (`enter`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desktop.cli.common import PERIOD_HELP, Command, Parser, check_out, opened, parse_period, print_json, user_path
from desktop.core.errors import UserError
from desktop.core.figures import indicator_catalogue, indicators
from desktop.core.round import board, board_pdf, deadlines, reports, units
from desktop.core.text.vnformat import format_date, parse_date
from desktop.core.text.vntext import fold


def _unit_options(p: argparse.ArgumentParser, *, adding: bool) -> None:
    cat = indicator_catalogue.load()
    p.add_argument("--kind", required=adding, choices=tuple(cat.unit_kinds),
                   help="loại: " + ", ".join(f"{k} = {v}" for k, v in cat.unit_kinds.items()))
    p.add_argument("--name", required=adding, help="tên đơn vị, ví dụ “Hội Người cao tuổi phường”")
    p.add_argument("--field", choices=tuple(cat.fields), help="lĩnh vực (công chức chuyên môn)")
    p.add_argument("--group", type=int, metavar="MÃ_TỔ", help="mã tổ dân phố (đơn vị loại to_dan_pho)")
    p.add_argument("--contact", help="người liên hệ")
    p.add_argument("--phone", help="điện thoại người liên hệ")
    p.add_argument("--order", help="thứ tự trong danh sách")
    p.add_argument("--note", help="ghi chú")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("round", help="báo cáo của các đơn vị (tổ dân phố, công chức, Mặt trận, đoàn thể): danh "
                                     "sách đơn vị, hạn nộp, ai đã gửi, nhắc nộp, nhập báo cáo bản giấy")
    rsub = s.add_subparsers(dest="round_command", required=True, parser_class=Parser)
    u = rsub.add_parser("units", help="danh sách đơn vị báo cáo (tự thêm các tổ dân phố và đơn vị mặc định)")
    u.add_argument("--format", choices=("text", "json"), default="text")
    u.add_argument("--all", action="store_true", help="kể cả đơn vị đã thôi báo cáo")
    unit = rsub.add_parser("unit", help="thêm, sửa, thôi báo cáo một đơn vị")
    usub = unit.add_subparsers(dest="unit_command", required=True, parser_class=Parser)
    _unit_options(usub.add_parser("add", help="thêm một đơn vị báo cáo"), adding=True)
    e = usub.add_parser("edit", help="sửa một đơn vị báo cáo (chỉ các mục được ghi)")
    e.add_argument("id", type=int, metavar="MÃ")
    _unit_options(e, adding=False)
    e.add_argument("--active", choices=("yes", "no"), help="no: thôi báo cáo (báo cáo cũ vẫn giữ); yes: báo cáo lại")
    d = rsub.add_parser("deadline", help="hạn nộp của kỳ: của phường (cho các đơn vị) và của cấp trên")
    d.add_argument("period", metavar="KỲ", help=PERIOD_HELP)
    d.add_argument("--phuong", metavar="dd/mm/yyyy", help="hạn các đơn vị gửi báo cáo về phường")
    d.add_argument("--cap-tren", dest="cap_tren", metavar="dd/mm/yyyy", help="hạn phường báo cáo cấp trên")
    d.add_argument("--format", choices=("text", "json"), default="text")
    b = rsub.add_parser("board", help="bảng theo dõi: đơn vị nào đã gửi, đúng hạn hay muộn, ngày nhận, tệp")
    b.add_argument("period", metavar="KỲ", help=PERIOD_HELP)
    b.add_argument("--ngay", metavar="dd/mm/yyyy", help="tính đến ngày (mặc định: hôm nay)")
    b.add_argument("--format", choices=("text", "json"), default="text")
    b.add_argument("--pdf", metavar="FILE", help="in bảng theo dõi ra tệp PDF")
    b.add_argument("--xlsx", metavar="FILE", help="xuất bảng theo dõi ra tệp Excel")
    m = rsub.add_parser("missing", help="danh sách nhắc nộp: các đơn vị chưa gửi báo cáo")
    m.add_argument("period", metavar="KỲ", help=PERIOD_HELP)
    m.add_argument("--ngay", metavar="dd/mm/yyyy", help="tính đến ngày (mặc định: hôm nay)")
    out = m.add_mutually_exclusive_group()
    out.add_argument("--xlsx", metavar="FILE", help="xuất danh sách ra tệp Excel")
    out.add_argument("--pdf", metavar="FILE", help="in danh sách ra tệp PDF")
    m.add_argument("--format", choices=("text", "json"), default="text")
    n = rsub.add_parser("enter", help="nhập báo cáo của một đơn vị từ bản giấy (như màn hình Gõ báo cáo…)")
    n.add_argument("period", metavar="KỲ", help=PERIOD_HELP)
    n.add_argument("--unit", required=True, type=int, metavar="MÃ", help="mã đơn vị (xem thidua round units)")
    n.add_argument("--figures-json", default="{}", metavar="JSON",
                   help="các số liệu {\"mã chỉ tiêu\": giá trị}, ví dụ '{\"cuoc_van_dong\": 4}' (tiền ghi được "
                        "\"1,2 tỷ\"); @TỆP: đọc từ tệp")
    n.add_argument("--text", action="append", default=[], metavar="MỤC=NỘI_DUNG",
                   help="nội dung một mục, ví dụ --text ket_qua=\"Đã vận động …\" (lặp lại được); mục: "
                        + ", ".join(indicator_catalogue.load().text_sections))
    n.add_argument("--received", metavar="dd/mm/yyyy", help="ngày nhận bản giấy (mặc định: hôm nay)")


def _day(text: str | None, what: str) -> Any:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise UserError(f"{what}: ngày không hợp lệ “{text}” (ví dụ 10/06/2026).") from None


def cmd_round(args: argparse.Namespace) -> int:
    handlers = {"units": _units, "unit": _unit, "deadline": _deadline, "board": _board, "missing": _missing,
                "enter": _enter}
    return handlers[args.round_command](args)


def _units(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        units.ensure_units(ledger)
        rows = units.list_units(ledger, active_only=not args.all)
    if args.format == "json":
        print_json(rows)
        return 0
    for r in rows:
        what = r["field_label"] or r["kind_label"]
        contact = ", ".join(x for x in (r["contact_name"], r["contact_phone"]) if x)
        off = "" if r["active"] else " [thôi báo cáo]"
        print(f"{r['id']:>4}  {r['name']} — {what}{' — ' + contact if contact else ''}{off}")
    return 0


def _unit_values(args: argparse.Namespace) -> dict[str, Any]:
    pairs = {"kind": args.kind, "name": args.name, "field": args.field, "group_id": args.group,
             "contact_name": args.contact, "contact_phone": args.phone, "sort_order": args.order, "note": args.note}
    return {k: v for k, v in pairs.items() if v is not None}


def _unit(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        if args.unit_command == "add":
            unit_id = units.add(ledger, _unit_values(args))
            print(f"Đã thêm đơn vị báo cáo số {unit_id}: {units.get(ledger, unit_id)['name']}.")
            return 0
        values = _unit_values(args)
        with ledger.transaction():  # the edit and the deactivation together, or neither
            if values:
                units.edit(ledger, args.id, values)
            if args.active:
                units.set_active(ledger, args.id, args.active == "yes")
        print(f"Đã sửa đơn vị báo cáo số {args.id}: {units.get(ledger, args.id)['name']}.")
    return 0


def _deadline(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        if args.phuong is not None or args.cap_tren is not None:
            now = deadlines.get(ledger, period.code)
            own = args.phuong if args.phuong is not None else (now["own_deadline"] if now["stored"] else None)
            upper = args.cap_tren if args.cap_tren is not None else (now["upper_deadline"] if now["stored"]
                                                                      else None)
            deadlines.set_deadlines(ledger, period.code, own=own, upper=upper)
        found = deadlines.get(ledger, period.code)
    if args.format == "json":
        print_json(found)
        return 0
    state = "đã đặt" if found["stored"] else "chưa đặt — gợi ý theo kế hoạch"
    print(f"Hạn báo cáo {period.label} ({state}):")
    print(f"  Các đơn vị gửi về phường: {format_date(found['own_deadline']) or '(chưa có)'}")
    print(f"  Phường báo cáo cấp trên:  {format_date(found['upper_deadline']) or '(chưa có)'}")
    return 0


def _write_outputs(ledger: Any, b: board.Board, args: argparse.Namespace, *, missing_only: bool) -> list[str]:
    from desktop.core.files import safe_files

    written = []
    if args.xlsx:
        path = user_path(args.xlsx)
        check_out(path)
        (board.export_missing if missing_only else board.export_board)(b, path)
        written.append(str(path))
    if args.pdf:
        path = user_path(args.pdf)
        check_out(path)
        safe_files.write_file(path, board_pdf.render(ledger, b, missing_only=missing_only))
        written.append(str(path))
    return written


def _built(args: argparse.Namespace, *, missing_only: bool) -> int:
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        units.ensure_units(ledger)
        b = board.build(ledger, period.code, today=_day(args.ngay, "--ngay"))
        written = _write_outputs(ledger, b, args, missing_only=missing_only)
    rows = b.missing() if missing_only else b.rows
    if args.format == "json":
        print_json({**b.as_dict(), "units": rows})
        return 0
    head = "Đơn vị chưa gửi báo cáo" if missing_only else "Tình hình gửi báo cáo"
    print(f"{head} {b.period_label} ({board.deadline_line(b)}; tính đến {format_date(b.today)}):")
    for r in rows:
        got = f" — nhận {format_date(r['received_on'])}, {r['source_label']}" if r["received_on"] else ""
        file = f" ({r['file_name']})" if r["file_name"] else ""
        print(f"  {r['unit_id']:>4}  {r['name']}: {board.state_text(r)}{got}{file}")
    c = b.counts()
    print(f"Đã gửi {c['on_time'] + c['late']}/{len(b.rows)} (muộn {c['late']}); chưa gửi "
          f"{c['missing'] + c['overdue']} (quá hạn {c['overdue']}).")
    for path in written:
        print(f"Đã ghi {path}")
    return 0


def _board(args: argparse.Namespace) -> int:
    return _built(args, missing_only=False)


def _missing(args: argparse.Namespace) -> int:
    return _built(args, missing_only=True)


def _figures(text: str) -> dict[str, float]:
    if text.startswith("@"):
        from desktop.cli.common import read_text

        text = read_text(user_path(text[1:]))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"--figures-json: không đúng JSON (cột {exc.colno}): cần dạng '{{\"mã\": giá trị}}'.") from None
    if not isinstance(data, dict):
        raise UserError("--figures-json: cần một đối tượng {\"mã chỉ tiêu\": giá trị}.")
    # A value typed as text ("1,2 tỷ", "95,5%") is read as the Chỉ tiêu screen reads it; numbers stay numbers.
    return {code: indicators.parse_typed(code, value) if isinstance(value, str) else value
            for code, value in data.items()}


def _texts(items: list[str]) -> dict[str, str]:
    sections = indicator_catalogue.load().text_sections
    by_word = {fold(k): k for k in sections} | {fold(v): k for k, v in sections.items()}
    out: dict[str, str] = {}
    for item in items:
        key, sep, body = item.partition("=")
        if not sep:
            raise UserError(f"--text “{item}”: cần dạng MỤC=NỘI_DUNG, ví dụ --text ket_qua=\"…\".")
        out[by_word.get(fold(key.strip()), key.strip())] = body
    return out


def _enter(args: argparse.Namespace) -> int:
    figures, texts = _figures(args.figures_json), _texts(args.text)
    received = _day(args.received, "--received")
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        rid = reports.save_report(ledger, unit_id=args.unit, period_code=period.code, figures=figures, texts=texts,
                                  source="screen", received_on=(received or dt.date.today()).isoformat())
        unit = units.get(ledger, args.unit)
    print(f"Đã ghi báo cáo số {rid} của {unit['name']}, {period.label} ({len(figures)} số liệu, "
          f"{len(texts)} mục nội dung).")
    return 0


COMMANDS: dict[str, Command] = {"round": cmd_round}
