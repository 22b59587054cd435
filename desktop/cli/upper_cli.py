"""The upper level's register and reception board on the command line (issue 21):
`thidua ward import-list FILE.xlsx [--tu-ky KỲ] [--dong-y-cap-nhat] [--chay-thu]`, `thidua ward list [--format
json]`, `thidua reception PERIOD [--format json] [--out FILE.pdf|FILE.xlsx]`, `thidua reception-deadline PERIOD
DATE`. (`ward`'s parser is in desktop/cli/exchange.py, which hands import-list and list to this module.)"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import DRY_RUN_NOTE, Command, opened, print_json, user_path
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date


def add_ward_parsers(wsub: argparse._SubParsersAction) -> None:
    """`ward import-list` (the sub-parsers of `ward`)."""
    w = wsub.add_parser("import-list", help="nhập danh sách phường/xã từ tệp Excel (mã ĐVHC, tên; tùy ý loại, "
                                            "người liên hệ, điện thoại): đơn vị mới chưa có khóa")
    w.add_argument("file", metavar="FILE.xlsx")
    w.add_argument("--tu-ky", dest="joined", default=None, metavar="KỲ",
                   help="kỳ báo cáo đầu tiên của các đơn vị mới (mặc định: 6 tháng hiện tại), ví dụ 2025-H2")
    w.add_argument("--dong-y-cap-nhat", dest="update_existing", action="store_true",
                   help="đồng ý cập nhật tên, loại, người liên hệ của đơn vị đã có trong sổ theo tệp")
    w.add_argument("--chay-thu", dest="dry_run", action="store_true", help="chỉ xem trước, không ghi gì")


def list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["json", "text"], default="text")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("reception", help="(cấp trên) tình hình nhận tệp của các phường/xã trong một kỳ")
    r.add_argument("period", metavar="KỲ")
    r.add_argument("--format", choices=["json", "text"], default="text")
    r.add_argument("--out", default=None, metavar="FILE.pdf|FILE.xlsx", help="in bảng (PDF) hoặc xuất Excel")
    d = sub.add_parser("reception-deadline", help="(cấp trên) đặt hạn gửi tệp của các phường/xã cho một kỳ")
    d.add_argument("period", metavar="KỲ")
    d.add_argument("date", metavar="dd/mm/yyyy", help="ngày hạn; \"-\" để bỏ hạn")


def cmd_ward(args: argparse.Namespace) -> int:
    return _import_list(args) if args.ward_command == "import-list" else _list(args)


def _print_plan(plan: Any) -> None:
    from desktop.core.exchange import ward_register

    for w in plan.new:
        print(f"THÊM       {w['code']:<6} {w['name']} ({ward_register.kind_label(w.get('kind')) or '—'})")
    for u in plan.updates:
        change = "; ".join(f"{ward_register.LABELS[k]}: {u['before'].get(k) or '—'} → {v}"
                           for k, v in u["after"].items())
        print(f"CẬP NHẬT   {u['code']:<6} {change}")
    if plan.same:
        print(f"GIỮ NGUYÊN {len(plan.same)} đơn vị đã có, không khác tệp")
    for note in plan.notes:
        print(f"Ghi chú: {note}")


def _import_list(args: argparse.Namespace) -> int:
    from desktop.core.exchange import ward_register
    from desktop.core.intake import ward_list

    path = user_path(args.file)
    read = ward_list.read(path)
    rows = [(r.sheet, r.row, r.cells) for r in read.rows]
    with opened(args) as ledger:
        plan = ward_register.plan(ledger, rows, source=path.name, joined_period=args.joined)
        _print_plan(plan)
        if plan.problems:
            raise UserError(ward_register.refusal(plan))
        if args.dry_run:
            print(DRY_RUN_NOTE)
            return 0
        done = ward_register.apply(ledger, rows, source=path.name, joined_period=args.joined,
                                   update_existing=args.update_existing)
    print(f"Đã nhập danh sách {path.name}: thêm {len(done.new)}, cập nhật {len(done.updates)}, giữ nguyên "
          f"{len(done.same)} đơn vị; kỳ báo cáo đầu tiên của đơn vị mới: {done.joined_period}. Các đơn vị mới chưa "
          "có khóa: đăng ký khóa khi nhận tệp khóa công khai của từng đơn vị (thidua ward key MÃ TỆP).")
    return 0


def _list(args: argparse.Namespace) -> int:
    from desktop.cli import keys as keys_cli
    from desktop.core.exchange import upper, ward_register

    with opened(args) as ledger:
        rows = upper.wards(ledger)
    out = [{"code": w["code"], "name": w["name"], "kind": w["kind"] or "", "contact_name": w["contact_name"] or "",
            "contact_phone": w["contact_phone"] or "", "joined_period": w["joined_period"] or "",
            "has_key": bool(w["fingerprint"]), "fingerprint": w["fingerprint"] or "",
            "registered": (w["created_at"] or "")[:10]} for w in rows]
    if args.format == "json":
        print_json(out)
        return 0
    if not out:
        print("Chưa có phường/xã nào (thidua ward import-list DANH-SACH.xlsx, hoặc thidua ward add …).")
    for w in out:
        contact = " ".join(x for x in (w["contact_name"], w["contact_phone"]) if x) or "—"
        key = w["fingerprint"] if w["has_key"] else keys_cli.NO_KEY
        print(f"{w['code']:<6} {w['name']:<30} {ward_register.kind_label(w['kind']) or '—':<8} "
              f"từ {w['joined_period'] or '—':<8} {contact:<32} {key}  đăng ký {format_date(w['registered'])}")
    return 0


def cmd_reception(args: argparse.Namespace) -> int:
    from desktop.core.exchange import reception, reception_pdf
    from desktop.core.files import safe_files

    with opened(args) as ledger:
        data = reception.board(ledger, args.period)
        if args.out:
            out = user_path(args.out)
            if out.suffix.lower() == ".xlsx":
                reception.export_xlsx(data, out)
            else:
                safe_files.write_file(out, reception_pdf.render(ledger, data))
    if args.format == "json":
        print_json(data)
        return 0
    print(f"Tình hình nhận tệp {data['label']} — {reception.deadline_line(data)}")
    for r in data["wards"]:
        extra = f", thay {r['superseded']} lần" if r["superseded"] else ""
        print(f"{r['code']:<6} {r['name']:<30} {reception.state_text(r)}"
              f"{' — nhận ' + format_date(r['first_received']) if r['first_received'] else ''}{extra}")
    c = data["counts"]
    print(f"Đã gửi {data['sent']}/{len(data['wards'])} (muộn {c['late']}); chưa gửi {c['missing'] + c['overdue']} "
          f"(quá hạn {c['overdue']}); {len(data['not_joined'])} đơn vị báo cáo từ kỳ sau.")
    if args.out:
        print(f"Đã ghi {args.out}.")
    return 0


def cmd_reception_deadline(args: argparse.Namespace) -> int:
    from desktop.core.exchange import reception

    date = None if args.date.strip() in ("-", "") else args.date
    with opened(args) as ledger:
        reception.set_deadline(ledger, args.period, date)
        due = reception.deadline(ledger, args.period)
    print(f"Hạn gửi tệp kỳ {args.period}: {format_date(due) if due else 'không đặt'}.")
    return 0


COMMANDS: dict[str, Command] = {"reception": cmd_reception, "reception-deadline": cmd_reception_deadline}
