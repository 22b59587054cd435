"""`thidua round-form`, `thidua round-import`: the report form a ward sends a reporting unit (xlsx or docx), and the
returned files read back into the ledger (issue 20). Nothing is imported while a file still has errors unless
`--chi-dong-hop-le` (only the valid rows) is given; `--dry-run` only shows what would be taken."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import DRY_RUN_NOTE, Command, Parser, check_out, opened, print_json, user_path
from desktop.core.errors import UserError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("round-form", help="mẫu báo cáo (Excel hoặc Word) cho một đơn vị báo cáo, một kỳ")
    s.add_argument("period", metavar="KỲ", help="2026-H1, 2026-H2, 2026")
    s.add_argument("--unit", required=True, type=int, metavar="MÃ", help="mã đơn vị báo cáo (thidua round units)")
    out = s.add_mutually_exclusive_group(required=True)
    out.add_argument("--xlsx", metavar="FILE.xlsx", help="ghi mẫu Excel")
    out.add_argument("--docx", metavar="FILE.docx", help="ghi mẫu Word")

    s = sub.add_parser("round-import", help="nhập các tệp báo cáo đơn vị gửi lại (xlsx, docx)")
    s.add_argument("period", metavar="KỲ", help="kỳ đang nhận báo cáo: 2026-H1, 2026-H2, 2026")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--chi-dong-hop-le", dest="only_valid", action="store_true",
                   help="tệp còn ô lỗi: vẫn nhận các ô hợp lệ (mặc định: không nhập tệp còn lỗi)")
    s.add_argument("--unit", type=int, default=None, metavar="MÃ",
                   help="chỉ nhận tệp của đơn vị này (từ chối tệp của đơn vị khác)")
    s.add_argument("--ngay-nhan", dest="received_on", default=None, metavar="YYYY-MM-DD",
                   help="ngày nhận báo cáo (mặc định: hôm nay)")
    s.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi vào sổ")
    s.add_argument("--format", choices=("text", "json"), default="text")


def cmd_form(args: argparse.Namespace) -> int:
    from desktop.core.round import forms_docx, forms_xlsx

    out = user_path(args.xlsx or args.docx)
    check_out(out)
    writer = forms_xlsx.write_form if args.xlsx else forms_docx.write_form
    with opened(args) as ledger:
        writer(ledger, args.unit, args.period, out)
    print(f"Đã ghi mẫu báo cáo {out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.core.round import form_import

    with opened(args) as ledger:
        previews = form_import.preview(ledger, [user_path(f) for f in args.files], args.period,
                                       expect_unit=args.unit)
        result = None
        if not args.dry_run:
            result = form_import.import_files(ledger, previews, only_valid=args.only_valid,
                                              received_on=args.received_on, entered_by=ledger.user or None)
    bad = any(p.status in ("refused", "errors") for p in previews)
    if args.format == "json":
        print_json({"files": [_as_json(p) for p in previews],
                    "saved": [{"file": str(p), "report_id": i} for p, i in (result.saved if result else [])],
                    "skipped": [{"file": str(p), "why": w} for p, w in (result.skipped if result else [])]})
    else:
        for p in previews:
            print("\n".join(form_import.preview_lines(p)), file=sys.stderr if p.status in ("refused", "errors")
                  else sys.stdout)
        if result is None:
            print(DRY_RUN_NOTE)
        else:
            print(result.summary_text(), file=sys.stderr if result.skipped else sys.stdout)
    if result is not None and not result.saved and not any(p.importable for p in previews) and bad:
        raise UserError("Không nhận được báo cáo nào.")
    return 1 if bad and (result is None or result.skipped) else 0


def _as_json(p: object) -> dict:
    from desktop.core.round.form_import import FilePreview

    assert isinstance(p, FilePreview)
    report = p.report
    return {"file": str(p.path), "status": p.status, "message": p.message, "unit": p.unit_name,
            "unit_id": report.unit_id if report else None, "period": report.period_code if report else None,
            "figures": report.figures if report else {}, "texts": report.texts if report else {},
            "notes": report.notes if report else [],
            "problems": [{"sheet": x.sheet, "row": x.row, "column": x.column, "typed": x.typed, "message": x.message}
                         for x in p.problems]}


COMMANDS: dict[str, Command] = {"round-form": cmd_form, "round-import": cmd_import}
__all__ = ["COMMANDS", "Parser", "add_parsers"]
