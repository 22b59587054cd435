"""The upper level's list of its wards, as the clerk has it in Excel (from the province's decision after the 2025
reorganisation): a column of codes and one of names, optionally kind (Phường / Xã / Đặc khu) and the contact's name
and phone — in any order, under a header found among the first rows of any visible sheet (a title above is
common), with "(1) (2) (3)" numbering rows skipped.

This reads only: every data row comes back with its sheet and Excel row number, the cells as typed, for
`desktop.core.exchange.ward_register.plan` to check (the exchange package does not import intake; the caller — CLI
or GUI — reads with this and hands the rows over).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.intake import guards, sheets, values
from desktop.core.intake.spec import header_key

# field → (the header the clerk reads in messages, the other headers such lists use)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã ĐVHC", ("Mã", "Mã số", "Mã đơn vị", "Mã xã", "Mã ĐVHC cấp xã", "Mã đơn vị hành chính",
                         "Mã số đơn vị hành chính", "Mã phường, xã", "Mã phường xã", "Mã xã, phường")),
    "name": ("Tên đơn vị", ("Tên", "Tên ĐVHC", "Tên đơn vị hành chính", "Tên phường, xã", "Tên xã, phường",
                            "Tên phường xã", "Đơn vị", "Đơn vị hành chính", "Tên xã", "Tên đơn vị cấp xã")),
    "kind": ("Loại", ("Loại đơn vị", "Cấp", "Loại ĐVHC", "Phường/Xã", "Phân loại")),
    "contact_name": ("Người liên hệ", ("Cán bộ phụ trách", "Cán bộ liên hệ", "Người phụ trách",
                                       "Họ tên người liên hệ", "Họ và tên người liên hệ", "Cán bộ đầu mối")),
    "contact_phone": ("Điện thoại", ("Số điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ", "Số ĐT")),
}
REQUIRED = ("code", "name")
_HEADERS = {header_key(text): fld for fld, (label, aliases) in COLUMNS.items() for text in (label, *aliases)}


@dataclass
class ListRow:
    sheet: str
    row: int  # 1-based Excel row
    cells: dict[str, Any]  # field → the cell value as read (None when empty)


@dataclass
class WardList:
    path: Path
    sheets: list[str] = field(default_factory=list)
    rows: list[ListRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the fields found (optional ones may be absent)


def read(path: str | Path) -> WardList:
    """Every data row of every sheet that has the code and name columns; refused when none has them."""
    path = Path(path)
    out = WardList(path)
    for name, rows in sheets.visible_sheets(path):
        found = sheets.find_header(rows, _HEADERS, REQUIRED)
        if found is None:
            continue
        out.sheets.append(name)
        start, columns = found
        out.columns = sorted(set(out.columns) | set(columns), key=list(COLUMNS).index)
        for i in range(start + 1, len(rows)):
            row = rows[i]
            cells = {fld: (row[j] if j < len(row) else None) for fld, j in columns.items()}
            cells = {k: (v if values.cell_text(v) is not None else None) for k, v in cells.items()}
            if not any(v is not None for v in cells.values()):
                continue
            if i == start + 1 and sheets.is_numbering(cells):
                continue
            out.rows.append(ListRow(name, i + 1, cells))
    if not out.sheets:
        raise guards.fail(path, "không thấy trang nào có cột \"Mã ĐVHC\" và cột \"Tên đơn vị\". Hãy đặt tên cột "
                          "đúng như vậy ở dòng tiêu đề (thêm tùy ý các cột \"Loại\", \"Người liên hệ\", "
                          "\"Điện thoại\") rồi nhập lại.")
    return out


def label(fld: str) -> str:
    """The column as messages name it."""
    return COLUMNS[fld][0]
