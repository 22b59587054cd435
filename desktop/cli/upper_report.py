"""`thidua consolidate PERIOD …` (upper level): the consolidation of what the wards sent — every figure, the funding
split of their works, the movement's indicators — and its report: the draft's sections printed or edited
(`--sections`, `--draft-section KEY=TEXT`, `--reset-section KEY`), a PDF/Word draft or the Excel table (`--out`),
and issuing it (`--issue [--so N] [--ngay dd/mm/yyyy]`). Registered by desktop/cli/exchange.py."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from desktop.cli.common import check_out, opened, parse_period, print_json, print_totals, user_path
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date, format_int


def add_parser(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("consolidate", help="(cấp trên) tổng hợp số liệu các phường/xã của một kỳ và báo cáo tổng hợp")
    s.add_argument("period_arg", nargs="?", metavar="KỲ", help="kỳ báo cáo, ví dụ 2026-H1 (hoặc --period)")
    s.add_argument("--period", default=None)
    s.add_argument("--format", choices=["json", "text"], default="text")
    s.add_argument("--out", metavar="FILE.pdf|FILE.docx|FILE.xlsx", default=None,
                   help="ghi báo cáo tổng hợp PDF (dự thảo, hoặc bản đã ban hành khi có --issue), bản Word dự thảo "
                        "để chỉnh sửa (.docx) hoặc bảng Excel")
    s.add_argument("--sections", action="store_true", help="in các mục của dự thảo báo cáo tổng hợp")
    s.add_argument("--draft-section", action="append", default=[], metavar="MỤC=NỘI_DUNG",
                   help="sửa một mục của dự thảo (lưu ngay), ví dụ de_xuat=\"Đề nghị …\"; dòng mới: \\n. Các mục: "
                        "lanh_dao, ket_qua, chi_tieu, tiet_kiem, khen_thuong, danh_gia, phuong_huong, de_xuat")
    s.add_argument("--reset-section", action="append", default=[], metavar="MỤC",
                   help="bỏ nội dung đã sửa của một mục: mục lại được soạn từ số liệu")
    s.add_argument("--issue", action="store_true",
                   help="ban hành báo cáo tổng hợp: lấy số tiếp theo trong năm, người ký của đơn vị, lưu cố định "
                        "nội dung, số liệu và tệp PDF (SHA-256); bản mới thay thế bản trước khi phường, xã gửi tệp mới")
    s.add_argument("--number", "--so", dest="number", type=int, default=None,
                   help="số văn bản khi ban hành (mặc định: số tiếp theo)")
    s.add_argument("--date", "--ngay", dest="date", default=None, metavar="dd/mm/yyyy",
                   help="ngày của báo cáo (mặc định: ngày đã lưu trong dự thảo, nếu không thì hôm nay)")


def _date(text: str | None) -> str | None:
    if not text:
        return None
    from desktop.core.text.vnformat import parse_date

    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise UserError(f"--ngay: {exc}") from exc


def _edits(args: argparse.Namespace) -> dict[str, str | None]:
    from desktop.core.exchange import upper_narrative

    out: dict[str, str | None] = {}
    for item in args.draft_section:
        key, sep, text = item.partition("=")
        if not sep or key.strip() not in upper_narrative.SECTIONS:
            raise UserError(f"--draft-section {item[:40]}: viết MỤC=NỘI_DUNG, MỤC là một trong "
                            f"{', '.join(upper_narrative.SECTIONS)}.")
        out[key.strip()] = text.replace("\\n", "\n")
    for key in args.reset_section:
        if key not in upper_narrative.SECTIONS:
            raise UserError(f"--reset-section {key}: không có mục này; các mục: {', '.join(upper_narrative.SECTIONS)}.")
        out[key] = None
    return out


def _report(ledger: Any, period: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The report's state for JSON: the issued document (or None), what changed since, and the draft's sections."""
    from desktop.core.exchange import consolidated, upper_narrative

    state = consolidated.status(ledger, period.code)
    doc = state["issued"]
    texts = upper_narrative.texts(ledger, period, upper_narrative.context(ledger, period, data))
    return {
        "issued": {k: doc[k] for k in ("symbol", "doc_date", "signer_name", "sha256", "version")} if doc else None,
        "changes_since_issued": state["changes"],
        "sections": {k: {"heading": upper_narrative.SECTIONS[k], "text": text, "edited": edited}
                     for k, (text, edited) in texts.items()},
    }


def _write_out(ledger: Any, args: argparse.Namespace, out: Any, doc_date: str | None) -> None:
    from desktop.core.exchange import consolidated, upper
    from desktop.core.files import safe_files

    day = dt.date.fromisoformat(doc_date) if doc_date else None
    if out.suffix.lower() == ".xlsx":
        upper.export_xlsx(ledger, args.period, out)
    elif out.suffix.lower() == ".docx":
        from desktop.core.pdf import word  # python-docx loads only for a Word copy

        safe_files.write_file(out, word.docx_bytes(consolidated.document(ledger, args.period, day)))
    else:
        safe_files.write_file(out, consolidated.render(ledger, args.period, day))
        issued = consolidated.status(ledger, args.period)["issued"]
        if issued:
            print(f"Lưu ý: kỳ này đã ban hành Báo cáo tổng hợp số {issued['symbol']}; tệp vừa ghi là dự thảo "
                  "theo số liệu hiện tại.", file=sys.stderr)


def _issue(ledger: Any, args: argparse.Namespace, out: Any, doc_date: str | None, info: Any) -> None:
    from desktop.core.exchange import consolidated
    from desktop.core.files import safe_files
    from desktop.core.report import register

    if out and out.suffix.lower() in (".xlsx", ".docx"):
        raise UserError("--issue ghi bản đã ban hành ra tệp PDF: dùng --out TỆP.pdf (Excel, Word ghi riêng).")
    doc_id = consolidated.issue(ledger, args.period, number=args.number, date=doc_date)
    doc = register.get(ledger, doc_id)
    replaced = f", thay thế bản lần {doc['version'] - 1}" if doc["version"] > 1 else ""
    print(f"Đã ban hành Báo cáo tổng hợp số {doc['symbol']} ngày {format_date(doc['doc_date'])}{replaced} "
          f"(người ký {doc['signer_name']}; SHA-256 {doc['sha256'][:16]}…).", file=info)
    if out:
        safe_files.write_file(out, register.pdf_bytes(ledger, doc_id))


def _print_text(result: dict[str, Any], report: dict[str, Any], show_sections: bool) -> None:
    from desktop.core.exchange import handoff_extras
    from desktop.core.figures.indicators import format_value

    print(f"Tổng hợp {result['period']['label']}: {len(result['by_unit'])} đơn vị đã gửi số liệu")
    print_totals(result["totals"])
    print("Nguồn vốn các công trình trong kỳ (đồng):")
    for key in handoff_extras.FUNDING_KEYS:
        print(f"  {handoff_extras.FUNDING_LABELS[key]:<34} {format_int(result['funding'][key]):>20}")
    if result["indicators"]:
        print("Các chỉ tiêu khác:")
        for row in result["indicators"]:
            print(f"  {row['name']}: " + handoff_extras.describe(row, lambda v, k=row["kind"]: format_value(k, v)))
    doc = report["issued"]
    state = f"đã ban hành số {doc['symbol']} ngày {format_date(doc['doc_date'])}" if doc else "chưa ban hành (dự thảo)"
    print(f"Báo cáo tổng hợp: {state}")
    for line in report["changes_since_issued"]:
        print(f"  Thay đổi sau khi ban hành: {line}")
    if show_sections:
        for key, s in report["sections"].items():
            print(f"\n[{key}] {s['heading']}{' (đã sửa)' if s['edited'] else ''}\n{s['text']}")


def cmd_consolidate(args: argparse.Namespace) -> int:
    from desktop.core.exchange import upper, upper_narrative

    args.period = args.period or args.period_arg
    if not args.period:
        raise UserError("Thiếu kỳ báo cáo: thidua consolidate 2026-H1 (hoặc --period 2026-H1).")
    if not args.issue and args.number is not None:
        raise UserError("--so hoặc --number chỉ dùng cùng --issue.")
    doc_date = _date(args.date)
    info = sys.stderr if args.format == "json" else sys.stdout
    out = user_path(args.out) if args.out else None
    if out:
        check_out(out)
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        edits = _edits(args)
        if edits:
            upper_narrative.save_draft(ledger, period, sections=edits)
            print(f"Đã lưu dự thảo báo cáo tổng hợp {period.label}: " + ", ".join(
                f"{k} ({'đã sửa' if v is not None else 'soạn lại từ số liệu'})" for k, v in edits.items()) + ".",
                file=info)
        if args.issue:
            _issue(ledger, args, out, doc_date, info)
        elif out:
            _write_out(ledger, args, out, doc_date)
        if out:
            print(f"Đã ghi {out}", file=info)
        result = upper.consolidate(ledger, args.period)
        report = _report(ledger, period, result)
    if args.format == "json":
        print_json({**result, "report": report})
        return 0
    _print_text(result, report, args.sections)
    return 0
