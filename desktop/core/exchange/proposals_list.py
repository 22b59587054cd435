"""The upper level's consolidated list of the proposals its wards sent upward, as an Excel workbook: one row per
proposal, grouped by ward then form (the order of proposals_above.list_current), written safely."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from desktop.core.exchange.proposals_above import figures_text, outcome_text
from desktop.core.files import safe_files
from desktop.core.ledger import setup

SUBJECTS = {"ho": "Hộ gia đình", "ca_nhan": "Cá nhân", "tap_the": "Tập thể", "to_dan_pho": "Tổ dân phố"}
HEADERS = ("STT", "Phường, xã", "Họ và tên / tên tập thể", "Đối tượng", "Địa chỉ", "Hình thức đề nghị",
           "Thành tích (số liệu)", "Phiếu Hội đồng", "Tờ trình của phường, xã", "Trạng thái ở phường, xã",
           "Kết quả của cấp trên", "Mã đề nghị")
WIDTHS = (6, 24, 28, 14, 34, 34, 48, 12, 22, 20, 36, 38)


def _cells(i: int, r: dict[str, Any]) -> list[Any]:
    votes = f"{r['votes_for']}/{r['members_total']}" if r.get("votes_for") is not None else ""
    ttr = f"{r['submission_no']} ngày {r['submission_date']}" if r.get("submission_no") else ""
    return [i, r["ward_name"], r["nominee_name"], SUBJECTS.get(r["subject"], r["subject"] or ""), r["address"] or "",
            r["kind_name"] or "", figures_text(r), votes, ttr, r["ward_status_label"], outcome_text(r), r["uuid"]]


def workbook(ledger: Any, rows: list[dict[str, Any]], period_label: str) -> bytes:
    unit = setup.get_unit(ledger)
    wb = Workbook()
    ws = wb.active
    ws.title = "Đề nghị khen thưởng"
    ws.append([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CỦA CÁC PHƯỜNG, XÃ GỬI {str(unit.get('name') or '').upper()}"])
    ws.append([f"Phong trào thi đua, {period_label}: {len(rows)} trường hợp"])
    ws.append(list(HEADERS))
    ws["A1"].font = Font(bold=True, size=13)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for i, r in enumerate(rows, start=1):
        ws.append(_cells(i, r))
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=3, column=col).column_letter].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(ledger: Any, rows: list[dict[str, Any]], period_label: str, path: str | Path) -> Path:
    return safe_files.write_file(path, workbook(ledger, rows, period_label))
