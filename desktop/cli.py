"""The command line (DESIGN §5.2): automation, the upper level's batch work, and tests.

Exit status: 0 success; 1 a data or user error, explained in Vietnamese on stderr; 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from db.connection import Ledger, open_ledger
from db.errors import LedgerError
from desktop import __version__, cli_awards, cli_notice
from desktop.core.errors import UserError
from desktop.core.figures import figures
from desktop.core.ledger import integrity, setup
from desktop.core.ledger.records import TABLE_NOUNS
from desktop.core.text.vnformat import format_date, format_int
from desktop.paths import default_ledger_path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2 with a Vietnamese hint
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi cú pháp: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="thidua", description="Sổ Thi đua — dòng lệnh")
    p.add_argument("--db", metavar="FILE", help="tệp sổ dữ liệu (mặc định: THIDUA_DB hoặc thư mục dữ liệu người dùng)")
    p.add_argument("--version", action="version", version=f"Sổ Thi đua {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("init", help="khởi tạo sổ cho một phường/xã")
    s.add_argument("--unit-name", required=True, help='tên đơn vị, ví dụ "Phường Nguyễn Nghiêm"')
    s.add_argument("--unit-code", required=True, help="mã đơn vị hành chính")
    s.add_argument("--kind", choices=["phuong", "xa", "dac_khu", "tinh", "thanh_pho"], default=None)
    s.add_argument("--province", default=None)
    s.add_argument("--user", default=None, help="tên người sử dụng (ghi vào lịch sử thay đổi)")
    s.add_argument("--upper", action="store_true", help="sổ của cấp trên (tổng hợp nhiều phường/xã)")

    s = sub.add_parser("demo", help="tạo sổ có dữ liệu mẫu")
    s.add_argument("--size", choices=["small", "medium", "large"], default="small")
    s.add_argument("--seed", type=int, default=0)

    s = sub.add_parser("summary", help="số liệu của một kỳ báo cáo")
    s.add_argument("--period", required=True, help="2026-H1, 2026-H2, 2026, 2023-2025")
    s.add_argument("--format", choices=["json", "text"], default="text")

    s = sub.add_parser("template", help="mẫu Excel để tổ dân phố nhập số liệu đóng góp")
    s.add_argument("--out", required=True, metavar="FILE.xlsx")
    s.add_argument("--group", default=None, help="chỉ cho một tổ dân phố (tên hoặc số, ví dụ \"Tổ 3\")")

    s = sub.add_parser("import", help="nhập tổ dân phố, công trình, đóng góp từ tệp Excel theo mẫu")
    s.add_argument("file", metavar="FILE.xlsx")
    s.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ nhập gì, không ghi vào sổ")
    s.add_argument("--only-valid", action="store_true",
                   help="nhập các dòng hợp lệ dù tệp còn dòng lỗi (mặc định: chỉ nhập khi cả tệp hợp lệ)")

    s = sub.add_parser("report", help="báo cáo sơ kết/tổng kết của kỳ (PDF theo Nghị định 30/2020)")
    s.add_argument("--period", required=True, help="2026-H1, 2026-H2, 2026, 2023-2025")
    s.add_argument("--out", required=True, metavar="FILE.pdf", help="tệp PDF ghi ra")
    s.add_argument("--issue", action="store_true",
                   help="ban hành: lấy số tiếp theo trong năm, lưu cố định số liệu và khóa kỳ")
    s.add_argument("--number", type=int, default=None, help="số văn bản khi ban hành (mặc định: số tiếp theo)")

    s = sub.add_parser("unlock", help="mở khóa số liệu của kỳ đã ban hành báo cáo (ghi lý do)")
    s.add_argument("--period", required=True)
    s.add_argument("--reason", required=True, help="lý do mở khóa (ghi vào lịch sử thay đổi)")

    s = sub.add_parser("package", help="tệp dữ liệu gửi cấp trên (.thidua)")
    psub = s.add_subparsers(dest="package_command", required=True, parser_class=_Parser)
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

    s = sub.add_parser("key", help="khóa ký tệp dữ liệu")
    ksub = s.add_subparsers(dest="key_command", required=True, parser_class=_Parser)
    k = ksub.add_parser("export", help="xuất khóa công khai để cấp trên đăng ký một lần")
    k.add_argument("--out", required=True, metavar="FILE")

    s = sub.add_parser("ward", help="(cấp trên) đơn vị cấp xã")
    wsub = s.add_subparsers(dest="ward_command", required=True, parser_class=_Parser)
    w = wsub.add_parser("add", help="đăng ký một phường/xã và khóa công khai của đơn vị")
    w.add_argument("--code", required=True)
    w.add_argument("--name", required=True)
    w.add_argument("--key", required=True, metavar="FILE")

    s = sub.add_parser("consolidate", help="(cấp trên) tổng hợp số liệu các phường/xã của một kỳ")
    s.add_argument("--period", required=True)
    s.add_argument("--format", choices=["json", "text"], default="text")
    s.add_argument("--out", metavar="FILE.pdf|FILE.xlsx", default=None, help="ghi báo cáo tổng hợp PDF hoặc Excel")

    cli_notice.add_parser(sub)
    cli_awards.add_parsers(sub)

    sub.add_parser("check", help="kiểm tra tính toàn vẹn của sổ")

    s = sub.add_parser("backup", help="sao lưu sổ ngay (đã kiểm tra bản sao)")
    s.add_argument("--out", metavar="FILE_OR_DIR", default=None,
                   help="tệp hoặc thư mục (ví dụ ổ USB) nhận bản sao; mặc định: thư mục sao lưu cạnh sổ")

    s = sub.add_parser("restore", help="khôi phục sổ từ một bản sao lưu (sổ hiện tại được sao lưu trước)")
    s.add_argument("file", metavar="FILE", help="tệp sao lưu")
    return p


def _open(args: argparse.Namespace, *, must_exist: bool = True) -> Ledger:
    path = default_ledger_path(args.db)
    if must_exist and not path.exists():
        raise UserError(f"Không tìm thấy tệp sổ {path}. Hãy chạy \"thidua init\" hoặc \"thidua demo\" trước.")
    ledger = open_ledger(path)
    if setup.is_initialized(ledger):
        ledger.user = setup.get_unit(ledger).get("user_name") or ""
    return ledger


def cmd_init(args: argparse.Namespace) -> int:
    ledger = _open(args, must_exist=False)
    try:
        values = {"name": args.unit_name, "code": args.unit_code, "kind": args.kind or ("tinh" if args.upper else None),
                  "province": args.province,
                  "user_name": args.user, "role": "upper" if args.upper else "ward"}
        setup.initialize(ledger, {k: v for k, v in values.items() if v is not None})
        print(f"Đã khởi tạo sổ cho {args.unit_name}: {ledger.path}")
    finally:
        ledger.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.core.demo import builder

    ledger = _open(args, must_exist=False)
    try:
        t0 = time.perf_counter()
        counts = builder.build_demo(ledger, size=args.size, seed=args.seed)
        print(f"Đã tạo dữ liệu mẫu ({args.size}) trong {time.perf_counter() - t0:.1f} giây: {ledger.path}")
        for table, n in counts.items():
            print(f"  {TABLE_NOUNS.get(table, table)}: {format_int(n)}")
    finally:
        ledger.close()
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    ledger = _open(args)
    try:
        result = figures.summary(ledger, args.period)
    finally:
        ledger.close()
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    p = result["period"]
    print(f"{result['unit']['name']} — {p['label']} ({p['start']} … {p['end']})")
    for key, label in figures.LABELS.items():
        print(f"  {label:<34} {figures.format_value(key, result['totals'][key]):>20}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    ledger = _open(args)
    try:
        problems = integrity.full_check(ledger)
    finally:
        ledger.close()
    if problems:
        print("Sổ dữ liệu có lỗi:", file=sys.stderr)
        for line in problems:
            print(f"  - {line}", file=sys.stderr)
        _print_newest_backup(default_ledger_path(args.db), file=sys.stderr)
        return 1
    print(f"Sổ dữ liệu tốt: {default_ledger_path(args.db)}")
    _print_newest_backup(default_ledger_path(args.db))
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

    ledger = _open(args)
    try:
        written = safety.backup_now(ledger, Path(args.out).expanduser() if args.out else None)
    finally:
        ledger.close()
    print(f"Đã sao lưu và kiểm tra bản sao: {written}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.core.ledger import safety

    path = default_ledger_path(args.db)
    backup_file = Path(args.file).expanduser()
    info = safety.preview(backup_file)  # a damaged, foreign or newer file stops here: nothing changed
    counts = info["counts"]
    print(f"Bản sao lưu: {backup_file}")
    print(f"  Đơn vị: {info['unit_name'] or '(chưa khai báo)'}")
    print(f"  Lập lúc: {info['file_time']}")
    print(f"  Thay đổi cuối cùng: {info['last_change'] or '(không có)'}")
    print(f"  Tổ: {format_int(counts['groups'])}, người/hộ đóng góp: {format_int(counts['contributors'])}, "
          f"công trình: {format_int(counts['works'])}, khoản đóng góp: {format_int(counts['contributions'])}")
    kept = safety.restore_from(path, backup_file)
    print(f"Đã khôi phục sổ {path}.")
    if kept is not None:
        print(f"Dữ liệu trước khi khôi phục được giữ ở: {kept}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from desktop.core.intake import template
    from desktop.core.ledger import groups

    ledger = _open(args)
    try:
        group_id = None
        if args.group:
            group_id = groups.find_by_name(ledger, args.group)
            if group_id is None:
                raise UserError(f"Không có tổ dân phố \"{args.group}\" trong sổ.")
        out = Path(args.out).expanduser()
        template.write_template(ledger, out, group_id=group_id)
        print(f"Đã ghi mẫu nhập liệu {out}")
    finally:
        ledger.close()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.core.intake import importer

    ledger = _open(args)
    try:
        plan = importer.plan(ledger, Path(args.file).expanduser())
        blocked = bool(plan.problems or plan.unresolved)
        print(plan.summary_text(), file=sys.stderr if blocked and not args.only_valid else sys.stdout)
        if args.dry_run:
            print("(Chạy thử: chưa ghi gì vào sổ.)")
            return 1 if blocked else 0
        if blocked and not args.only_valid:
            print("Chưa nhập gì: tệp còn dòng lỗi hoặc chưa rõ người đóng góp. Sửa tệp rồi nhập lại, hoặc thêm "
                  "--only-valid để chỉ nhập các dòng hợp lệ.", file=sys.stderr)
            return 1
        result = importer.apply(ledger, plan, only_valid=True)
        print(result.summary_text())
    finally:
        ledger.close()
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.core.files import safe_files
    from desktop.core.report import narrative, register, report

    ledger = _open(args)
    try:
        period = narrative.parse_period(ledger, args.period)
        out = Path(args.out).expanduser()
        if args.issue:
            doc_id = report.issue(ledger, period, number=args.number)
            doc = register.get(ledger, doc_id)
            safe_files.write_file(out, register.pdf_bytes(ledger, doc_id))
            print(f"Đã ban hành Báo cáo số {doc['symbol']} ngày {format_date(doc['doc_date'])} "
                  f"(SHA-256 {doc['sha256'][:16]}…); số liệu {period.label} đã khóa.")
        elif args.number is not None:
            raise UserError("--number chỉ dùng cùng --issue.")
        else:
            issued = register.current(ledger, narrative.KIND, period.code)
            safe_files.write_file(out, report.render(ledger, period))
            if issued:
                print(f"Lưu ý: kỳ này đã ban hành Báo cáo số {issued['symbol']}; tệp vừa ghi là dự thảo theo "
                      "số liệu hiện tại.", file=sys.stderr)
        print(f"Đã ghi {out}")
    finally:
        ledger.close()
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from desktop.core.ledger import locks
    from desktop.core.report import narrative, report

    ledger = _open(args)
    try:
        period = narrative.parse_period(ledger, args.period)
        state = report.status(ledger, period)
        lock = state["lock"]
        if lock is None or lock["unlocked_at"]:
            raise UserError(f"Số liệu {period.label} không bị khóa.")
        locks.unlock(ledger, lock["id"], args.reason)
        print(f"Đã mở khóa số liệu {period.label}. Sau khi sửa, hãy ban hành bản thay thế báo cáo số "
              f"{state['issued']['symbol']}.")
    finally:
        ledger.close()
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    from desktop.core.exchange import handoff, upper
    from desktop.core.report import narrative

    if args.package_command == "verify":
        ledger = _open(args) if default_ledger_path(args.db).exists() else None
        try:
            trusted = upper.trusted_keys(ledger) if ledger is not None else {}
            if ledger is not None and setup.get_unit(ledger).get("role") == "ward":
                from desktop.core.ledger import signing_key

                own = signing_key.ensure_ward_key(ledger)
                trusted[own["fingerprint"]] = own["public_key"]
            pkg = handoff.read(args.file, trusted_keys=trusted or None)
        finally:
            if ledger is not None:
                ledger.close()
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

    ledger = _open(args)
    try:
        if args.package_command == "export":
            period = narrative.parse_period(ledger, args.period)
            result = handoff.export(ledger, period, Path(args.out).expanduser(), personal=args.personal)
            for w in result["warnings"]:
                print(f"Lưu ý: {w}", file=sys.stderr)
            if args.personal:
                print("Lưu ý: tệp có dữ liệu cá nhân (CCCD, điện thoại) — bảo vệ theo Nghị định 13/2023/NĐ-CP.",
                      file=sys.stderr)
            print(f"Đã ghi và kiểm tra {result['path']} ({format_int(result['size'])} byte). Có thể rút USB.")
            return 0
        items = upper.import_files(ledger, args.files, dry_run=args.dry_run)
    finally:
        ledger.close()
    labels = {"new": "NHẬN MỚI", "supersede": "THAY BẢN CŨ", "same": "ĐÃ CÓ", "older": "TỪ CHỐI", "refused": "TỪ CHỐI"}
    for item in items:
        stream = sys.stderr if item.action in ("older", "refused") else sys.stdout
        print(f"[{labels[item.action]}] {item.message}", file=stream)
    if args.dry_run:
        print("(Chạy thử: chưa ghi gì vào sổ.)")
    return 1 if any(i.action in ("older", "refused") for i in items) else 0


def cmd_key(args: argparse.Namespace) -> int:
    from desktop.core.exchange import keys
    from desktop.core.ledger import signing_key

    ledger = _open(args)
    try:
        path = keys.export_public_key(ledger, Path(args.out).expanduser())
        print(f"Đã ghi khóa công khai {path} — dấu vân tay {signing_key.ensure_ward_key(ledger)['fingerprint']}.")
    finally:
        ledger.close()
    return 0


def cmd_ward(args: argparse.Namespace) -> int:
    from desktop.core.exchange import upper

    ledger = _open(args)
    try:
        upper.add_ward(ledger, code=args.code, name=args.name, key_file=Path(args.key).expanduser())
        print(f"Đã đăng ký {args.name} ({args.code}).")
    finally:
        ledger.close()
    return 0


def cmd_consolidate(args: argparse.Namespace) -> int:
    from desktop.core.exchange import upper
    from desktop.core.files import safe_files

    ledger = _open(args)
    try:
        result = upper.consolidate(ledger, args.period)
        if args.out:
            out = Path(args.out).expanduser()
            if out.suffix.lower() == ".xlsx":
                upper.export_xlsx(ledger, args.period, out)
            else:
                from desktop.core.pdf import nd30

                safe_files.write_file(out, nd30.render(upper.document(ledger, args.period)))
            print(f"Đã ghi {out}", file=sys.stderr if args.format == "json" else sys.stdout)
    finally:
        ledger.close()
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Tổng hợp {result['period']['label']}: {len(result['by_unit'])} đơn vị đã gửi số liệu")
    for key, label in figures.LABELS.items():
        print(f"  {label:<34} {figures.format_value(key, result['totals'][key]):>20}")
    return 0


COMMANDS = {
    "init": cmd_init, "demo": cmd_demo, "template": cmd_template, "import": cmd_import, "summary": cmd_summary,
    "report": cmd_report, "unlock": cmd_unlock, "package": cmd_package, "key": cmd_key, "ward": cmd_ward,
    "consolidate": cmd_consolidate, "notice": cli_notice.cmd_notice, "awards": cli_awards.cmd_awards,
    "check": cmd_check, "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UserError, LedgerError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
