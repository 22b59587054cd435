"""The visible worksheets of a workbook the clerk chose, as rows of cell values: checked by the intake guards first
(zip bombs, XML entities, .xls, encrypted, CSV renamed…), read with python-calamine, sizes capped as the intake
reader caps them. For lists that are not the intake template (the upper level's list of wards)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.intake import guards, values
from desktop.core.intake.guards import HEADER_SCAN_ROWS
from desktop.core.intake.reader import MAX_CELLS_PER_SHEET, MAX_COLUMNS
from desktop.core.intake.spec import header_key
from desktop.core.text.vnformat import format_int


def visible_sheets(path: str | Path) -> list[tuple[str, list[list[Any]]]]:
    """[(sheet name, rows)] of every visible worksheet, in the workbook's order."""
    import python_calamine

    path = Path(path)
    guards.check_file(path)
    out = []
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            for meta in book.sheets_metadata:
                if (meta.typ != python_calamine.SheetTypeEnum.WorkSheet
                        or meta.visible != python_calamine.SheetVisibleEnum.Visible):
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                rows, cols = (n + 1 for n in (sheet.end or (0, 0)))
                if rows > guards.MAX_DATA_ROWS + guards.ROW_ALLOWANCE:
                    raise guards.fail(path, guards.too_many_rows(meta.name))
                if cols > MAX_COLUMNS or rows * cols > MAX_CELLS_PER_SHEET:
                    raise guards.fail(path, f"trang \"{meta.name}\" có dữ liệu tới cột thứ {format_int(cols)} — "
                                      "bất thường cho một danh sách. Hãy xóa các cột thừa bên phải rồi lưu lại.")
                out.append((meta.name, sheet.to_python(skip_empty_area=False)))
    except python_calamine.PasswordError:
        raise guards.fail(path, "bảng tính được đặt mật khẩu; hãy gỡ mật khẩu trong Excel rồi nhập lại.") from None
    except python_calamine.CalamineError as exc:
        raise guards.fail(path, f"tệp bị hỏng, không đọc được ({exc}). Hãy mở bằng Excel, Lưu thành .xlsx rồi "
                          "thử lại.") from exc
    return out


def find_header(rows: list[list[Any]], headers: dict[str, str], required: tuple[str, ...]
                ) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, field → column index) for the first of the first rows that names every required
    column; `headers` maps header_key(text) → field."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            fld = headers.get(header_key(cell)) if isinstance(cell, str) else None
            if fld and fld not in found:
                found[fld] = j
        if all(f in found for f in required):
            return i, found
    return None


def is_numbering(cells: dict[str, Any]) -> bool:
    """"(1) (2) (3)" or "1 2 3" under a header: the columns' numbers, not data."""
    texts = [values.shown(v).strip("() ") for v in cells.values() if values.cell_text(v)]
    return bool(texts) and all(t.isdigit() and len(t) <= 2 for t in texts)
