"""Helpers for the intake tests: workbooks built in tmp_path, and row counts of the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from db.connection import Ledger

# The header texts of DESIGN §5.4, written out here (not taken from the code under test).
CONTRIBUTION_HEADERS = ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Đối tượng", "Địa chỉ", "Công trình", "Hình thức",
                        "Số lượng", "Đơn vị tính", "Giá trị quy đổi (đồng)", "Tờ bản đồ", "Thửa đất", "Số biên bản",
                        "Ghi chú", "Trạng thái"]
GROUP_HEADERS = ["Tên tổ dân phố", "Tổ trưởng", "Số hộ", "Số nhân khẩu"]
WORK_HEADERS = ["Tên công trình", "Loại", "Tổ dân phố", "Chiều dài (m)", "Chiều rộng trước (m)", "Chiều rộng sau (m)",
                "Kinh phí ngân sách (đồng)", "Trạng thái", "Ngày khởi công", "Ngày hoàn thành"]

Sheets = dict[str, list[list[Any]]]


def build_workbook(path: Path, sheets: Sheets, merges: dict[str, list[str]] | None = None) -> Path:
    """Write `sheets` (name → rows) to an .xlsx with openpyxl, as a clerk's Excel would."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def contribution_row(**values: Any) -> list[Any]:
    """One Đóng góp row by field name (unknown names raise, so a typo fails the test). Trạng thái is "Đã nhận"
    unless given (status=None leaves the cell blank)."""
    fields = ["stt", "date", "group", "name", "contributor_kind", "address", "work", "kind", "quantity", "unit",
              "value_vnd", "land_map_sheet", "land_parcel", "evidence_no", "note", "status"]
    unknown = set(values) - set(fields)
    assert not unknown, unknown
    return [values.get(f, "Đã nhận" if f == "status" else None) for f in fields]


def table_counts(ledger: Ledger) -> dict[str, int]:
    tables = ("groups", "works", "work_groups", "contributors", "contributions", "audit", "group_events")
    return {t: ledger.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
