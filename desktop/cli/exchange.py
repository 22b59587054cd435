"""`thidua package …`, `thidua key export`, `thidua ward add`, `thidua consolidate`: the data file a ward sends
upward (.thidua: written safely, checked, signed), the ward's public key, and at the upper level the registered
wards, the consolidation of what they sent and its report (a draft, or issued with `--issue`)."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from pathlib import Path

from desktop.cli import keys as keys_cli
from desktop.cli import upper_cli, upper_report
from desktop.cli.common import (
    DRY_RUN_NOTE,
    Command,
    Parser,
    ledger_path,
    opened,
    parse_period,
    print_json,
    user_path,
)
from desktop.core.errors import UserError
from desktop.core.ledger import setup
from desktop.core.text.vnformat import format_date, format_int

_IMPORT_LABELS = {"new": "NHẬN MỚI", "supersede": "THAY BẢN CŨ", "same": "ĐÃ CÓ", "older": "TỪ CHỐI",
                  "refused": "TỪ CHỐI"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("package", help="tệp dữ liệu gửi cấp trên (.thidua)")
    psub = s.add_subparsers(dest="package_command", required=True, parser_class=Parser)
    e = psub.add_parser("export", help="lập tệp của một kỳ, ghi an toàn và kiểm tra lại (phường/xã)")
    e.add_argument("--period", required=True)
    e.add_argument("--out", required=True, metavar="DIR", help="thư mục nhận tệp, ví dụ ổ USB")
    e.add_argument("--personal", action="store_true",
                   help="kèm số CCCD, điện thoại (dữ liệu cá nhân theo Nghị định 13/2023 — chỉ khi được yêu cầu)")
    v = psub.add_parser("verify", help="kiểm tra tính toàn vẹn và chữ ký của tệp")
    v.add_argument("file", metavar="FILE")
    i = psub.add_parser("import", help="(cấp trên) nhận các tệp của phường/xã")
    i.add_argument("files", metavar="FILE", nargs="+")
    i.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ thay đổi gì, không ghi vào sổ")
    i.add_argument("--nhan-du-cu-hon", "--accept-older", dest="accept_older", action="store_true",
                   help="nhận cả tệp cũ hơn bản đã nhận (cần --ly-do; ghi vào lịch sử)")
    i.add_argument("--ly-do", "--reason", dest="reason", default="", metavar="LÝ_DO",
                   help="lý do nhận tệp cũ hơn, ví dụ số công văn của phường")
    pr = psub.add_parser("proposals", help="(cấp trên) các đề nghị khen thưởng phường, xã gửi lên, theo phường, "
                                           "hình thức, trạng thái")
    pr.add_argument("--period", required=True)
    pr.add_argument("--ward", metavar="MÃ", help="mã đơn vị cấp xã")
    pr.add_argument("--kind", metavar="HÌNH_THỨC", help="tên hình thức, ví dụ “Bằng khen của Chủ tịch …”")
    pr.add_argument("--status", choices=("dang_xet", "duoc_khen", "khong_duoc_khen", "tra_lai"),
                    help="kết quả của cấp trên")
    pr.add_argument("--format", choices=("text", "json"), default="text")
    pr.add_argument("--out", metavar="FILE.xlsx|FILE.pdf",
                    help="ghi danh sách tổng hợp ra tệp Excel (.xlsx) hoặc PDF khổ ngang (.pdf)")
    oc = psub.add_parser("outcome", help="(cấp trên) ghi kết quả của cấp trên cho một đề nghị")
    oc.add_argument("--proposal", required=True, metavar="MÃ_ĐỀ_NGHỊ")
    oc.add_argument("--status", required=True, choices=("dang_xet", "duoc_khen", "khong_duoc_khen", "tra_lai"))
    oc.add_argument("--number", help="số quyết định (khi được khen)")
    oc.add_argument("--date", metavar="dd/mm/yyyy", help="ngày quyết định")
    oc.add_argument("--reason", help="lý do (không được khen, trả lại)")
    pf = psub.add_parser("proposal-files", help="(cấp trên) ghi các tệp hồ sơ PDF của một đề nghị ra thư mục")
    pf.add_argument("--proposal", required=True, metavar="MÃ_ĐỀ_NGHỊ")
    pf.add_argument("--out", required=True, metavar="DIR")

    s = sub.add_parser("key", help="khóa ký tệp dữ liệu")
    ksub = s.add_subparsers(dest="key_command", required=True, parser_class=Parser)
    k = ksub.add_parser("export", help="xuất khóa công khai để cấp trên đăng ký một lần")
    k.add_argument("--out", required=True, metavar="FILE")
    keys_cli.add_key_parsers(ksub)  # backup, restore, new, status: desktop/cli/keys.py

    s = sub.add_parser("ward", help="(cấp trên) đơn vị cấp xã")
    wsub = s.add_subparsers(dest="ward_command", required=True, parser_class=Parser)
    w = wsub.add_parser("add", help="đăng ký một phường/xã và khóa công khai của đơn vị")
    w.add_argument("--code", required=True)
    w.add_argument("--name", required=True)
    w.add_argument("--key", required=True, metavar="FILE")
    w.add_argument("--fingerprint", metavar="\"3F2A 9C01 …\"",
                   help="dấu vân tay cán bộ phường/xã đọc qua điện thoại: chỉ đăng ký khi khớp với tệp")
    upper_cli.list_arguments(wsub.add_parser("list", help="các phường/xã: mã, tên, loại, kỳ đầu, liên hệ, dấu vân "
                                                          "tay khóa (hoặc chưa có khóa)"))
    upper_cli.add_ward_parsers(wsub)  # ward import-list: desktop/cli/upper_cli.py
    wk = wsub.add_parser("key", help="khóa đã đăng ký của một phường/xã")
    wk.add_argument("code", metavar="MÃ")
    keys_cli.add_ward_key_arguments(wk)  # ward key CODE FILE [--ly-do] [--fingerprint]: registers

    upper_report.add_parser(sub)  # consolidate: desktop/cli/upper_report.py


def cmd_package(args: argparse.Namespace) -> int:
    return {"verify": _package_verify, "export": _package_export, "import": _package_import,
            "proposals": _package_proposals, "outcome": _package_outcome, "proposal-files": _package_files}[
        args.package_command](args)


def _package_proposals(args: argparse.Namespace) -> int:
    from desktop.core.exchange import proposals_above, proposals_list, proposals_pdf

    out = user_path(args.out) if args.out else None
    if out and out.suffix.lower() not in (".xlsx", ".pdf"):
        raise UserError(f"--out {out.name}: danh sách tổng hợp ghi ra tệp .xlsx (Excel) hoặc .pdf.")
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        rows = proposals_above.list_current(ledger, period.code, ward=args.ward, kind=args.kind, outcome=args.status)
        if out and out.suffix.lower() == ".pdf":
            ward = next((r["ward_name"] for r in rows), args.ward) if args.ward else None
            filters = {"ward": ward, "kind": args.kind,
                       "outcome": proposals_above.OUTCOMES[args.status] if args.status else None}
            path = proposals_pdf.write_pdf(ledger, rows, period.label, out, filters=filters)
        elif out:
            path = proposals_list.write_xlsx(ledger, rows, period.label, out)
        if out:
            print(f"Đã ghi {path} — {len(rows)} đề nghị")
            return 0
    if args.format == "json":
        print_json([{k: v for k, v in r.items() if k != "package_id"} for r in rows])
        return 0
    print(f"Đề nghị khen thưởng phường, xã gửi lên, {period.label}: {len(rows)} trường hợp")
    for r in rows:
        print(f"  {r['uuid']}  {r['ward_name']} — {r['nominee_name']} — {r['kind_name']} — "
              f"{proposals_above.figures_text(r)} — {proposals_above.outcome_text(r)}")
    return 0


def _package_outcome(args: argparse.Namespace) -> int:
    from desktop.core.exchange import proposals_above

    with opened(args) as ledger:
        proposals_above.record_outcome(ledger, args.proposal, args.status, number=args.number, date=args.date,
                                       reason=args.reason)
        r = proposals_above.get(ledger, args.proposal)
    print(f"Đã ghi: {r['nominee_name']} ({r['ward_name']}) — {proposals_above.outcome_text(r)}")
    return 0


def _package_files(args: argparse.Namespace) -> int:
    from desktop.core.exchange import proposals_above

    with opened(args) as ledger:
        written = proposals_above.write_files(ledger, args.proposal, user_path(args.out))
    for path in written:
        print(f"Đã ghi {path}")
    return 0


def _trusted_keys(args: argparse.Namespace) -> dict[str, str]:
    """The keys the ledger (if there is one) trusts: the registered wards', and a ward's own."""
    from desktop.core.exchange import upper

    if not ledger_path(args).exists():
        return {}
    with opened(args) as ledger:
        trusted = upper.trusted_keys(ledger)
        if setup.get_unit(ledger).get("role") == "ward":
            from desktop.core.ledger import signing_key

            own = signing_key.ensure_ward_key(ledger)
            trusted[own["fingerprint"]] = own["public_key"]
    return trusted


def _package_verify(args: argparse.Namespace) -> int:
    from desktop.core.exchange import handoff

    pkg = handoff.read(args.file, trusted_keys=_trusted_keys(args) or None)
    m = pkg.manifest
    print(f"Tệp {Path(args.file).name}: nguyên vẹn (mã SHA-256 từng thành phần khớp).")
    print(f"  Đơn vị: {m['unit']['name']} ({m['unit']['code']}); kỳ: {m['period']['label']}; lập lúc "
          f"{m['created_at']}")
    print(f"  Báo cáo kèm theo: {m['report']['symbol'] if m.get('report') else 'không có'}")
    if pkg.signed_by:
        print(f"  Chữ ký số: hợp lệ (khóa {pkg.signed_by}).")
    else:
        print(f"  Chữ ký số: chưa kiểm tra được — khóa {m.get('key_fingerprint')} chưa được đăng ký trong sổ này.")
    return 0


def _package_export(args: argparse.Namespace) -> int:
    from desktop.core.exchange import handoff

    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        result = handoff.export(ledger, period, user_path(args.out), personal=args.personal)
    for w in result["warnings"]:
        print(f"Lưu ý: {w}", file=sys.stderr)
    if args.personal:
        print("Lưu ý: tệp có dữ liệu cá nhân (CCCD, điện thoại) — bảo vệ theo Nghị định 13/2023/NĐ-CP.",
              file=sys.stderr)
    print(f"Đã ghi và kiểm tra {result['path']} ({format_int(result['size'])} byte). Có thể rút USB.")
    return 0


def _package_import(args: argparse.Namespace) -> int:
    from desktop.core.exchange import upper

    items: list[upper.Item] = []
    with opened(args) as ledger:
        for path in args.files:  # one at a time: a file nobody foresaw never costs the files after it
            try:
                items += upper.import_files(ledger, [path], dry_run=args.dry_run, accept_older=args.accept_older,
                                            reason=args.reason)
            except (UserError, sqlite3.Error):
                raise  # about the command or the ledger, not about this file
            except Exception as exc:  # refused like any bad file; the traceback goes to the log only
                logging.getLogger("thidua").debug("package import %s", path, exc_info=True)
                name = Path(path).name
                items.append(upper.Item(Path(path), "refused", f"Tệp {name} bị từ chối: không đọc được nội dung "
                                                               f"({type(exc).__name__}: {str(exc)[:200]})."))
    # Exit 1 when any file was refused or older (DESIGN §5.2); the files accepted beside it are imported.
    for item in items:
        stream = sys.stderr if item.action in ("older", "refused") else sys.stdout
        print(f"[{_IMPORT_LABELS[item.action]}] {item.message}", file=stream)
    if args.dry_run:
        print(DRY_RUN_NOTE)
    return 1 if any(i.action in ("older", "refused") for i in items) else 0


def cmd_key(args: argparse.Namespace) -> int:
    from desktop.core.exchange import keys
    from desktop.core.ledger import signing_key

    if args.key_command != "export":
        return keys_cli.cmd_key(args)
    with opened(args) as ledger:
        path = keys.export_public_key(ledger, user_path(args.out))
        print(f"Đã ghi khóa công khai {path} — dấu vân tay {signing_key.ensure_ward_key(ledger)['fingerprint']}.")
    return 0


def cmd_ward(args: argparse.Namespace) -> int:
    from desktop.core.exchange import keys, upper

    if args.ward_command == "add":
        doc = keys.read_public_key(user_path(args.key), code=args.code)
        if args.fingerprint is not None and not keys.same_fingerprint(args.fingerprint, doc["fingerprint"]):
            raise UserError(f"Dấu vân tay không khớp: tệp {Path(args.key).name} có {doc['fingerprint']}, cán bộ "
                            f"phường/xã đọc {args.fingerprint}. Không đăng ký — tệp có thể không phải của đơn vị này.")
        with opened(args) as ledger:
            upper.add_ward(ledger, code=args.code, name=args.name, key_file=user_path(args.key))
        print(f"Đã đăng ký {args.name} ({args.code}).")
        print(f"Dấu vân tay khóa: {doc['fingerprint']}")
        if args.fingerprint is None:
            print("Gọi điện cho cán bộ phường/xã, nhờ đọc dấu vân tay trên máy của họ (trang Trao đổi dữ liệu) và so "
                  "từng nhóm 4 ký tự với dòng trên. Nếu khác, tệp khóa không phải của đơn vị này: đừng nhập tệp dữ "
                  "liệu nào của đơn vị, xin lại tệp khóa. (Lần sau: thêm --fingerprint \"…\" như cán bộ đọc, chỉ "
                  "đăng ký khi khớp.)")
        return 0
    if args.ward_command in ("import-list", "list"):
        return upper_cli.cmd_ward(args)
    if args.ward_command == "key" and args.file:
        return keys_cli.cmd_ward_key(args)
    # ward key CODE: what is registered for one ward ("list" and "import-list" are upper_cli's, above).
    with opened(args) as ledger:
        rows = keys.registered(ledger, args.code)
        old = keys_cli.key_history_lines(ledger, rows[0]["id"]) if rows else []
    if not rows:
        raise UserError(f"Chưa đăng ký đơn vị mã {args.code} (xem: thidua ward list).")
    w = rows[0]
    print(f"Mã ĐVHC: {w['code']}\nTên đơn vị: {w['name']}\nTỉnh: {w['province'] or '—'}\n"
          f"Dấu vân tay khóa: {w['fingerprint'] or keys_cli.NO_KEY}\nKhóa công khai: {w['public_key'] or '—'}\n"
          f"Ngày đăng ký: {format_date((w['created_at'] or '')[:10])}")
    if old:  # the keys it had before (replaced, with the day and the reason)
        print("\n".join(old))
    return 0


def cmd_consolidate(args: argparse.Namespace) -> int:
    return upper_report.cmd_consolidate(args)


COMMANDS: dict[str, Command] = {"package": cmd_package, "key": cmd_key, "ward": cmd_ward,
                                "consolidate": cmd_consolidate}
