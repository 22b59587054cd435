"""Import a work's spending from its settlement workbook (bảng quyết toán): columns Nội dung chi / Số tiền / Ngày /
Chứng từ, in any order, found among the first rows of any visible sheet (a title block above is common).

The file is checked by the intake guards first (zip bombs, .xls, encrypted, CSV renamed…), read with
python-calamine, and each cell is read as the intake workbook reads it (values.parse_money_cell: "2 triệu",
"1.500.000"; values.parse_day). `plan` writes nothing and names every bad row by sheet, row and column with the
text typed; `apply` writes the planned rows in one transaction, through `ledger.work_spending`'s checks, so a row
already in the ledger (or twice in the file) is refused the same way as one typed on screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.intake import guards, sheets, values
from desktop.core.intake.spec import header_key
from desktop.core.ledger import records, work_spending
from desktop.core.ledger.records import Changes
from desktop.core.text.vntext import fold

# field → (the header the clerk reads in messages, the other headers settlement sheets use)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "item": ("Nội dung chi", ("Nội dung", "Khoản chi", "Diễn giải", "Hạng mục", "Nội dung chi phí")),
    "amount_vnd": ("Số tiền", ("Thành tiền", "Số tiền chi", "Số tiền (đồng)", "Giá trị", "Số tiền đã chi")),
    "spent_on": ("Ngày", ("Ngày chi", "Ngày tháng", "Ngày chứng từ", "Ngày, tháng")),
    "document": ("Chứng từ", ("Số chứng từ", "Số hiệu chứng từ", "Số CT", "Chứng từ số")),
}
REQUIRED = ("item", "amount_vnd", "spent_on")
_HEADERS = {header_key(text): fld for fld, (label, aliases) in COLUMNS.items() for text in (label, *aliases)}
_TOTAL_WORDS = ("tong cong", "cong", "tong", "tong so", "cong phat sinh")


@dataclass
class Problem:
    sheet: str
    row: int  # 1-based Excel row
    column: str  # the header as the clerk reads it
    text: str  # what the cell holds, as shown
    message: str

    def __str__(self) -> str:
        typed = f" (ô ghi \"{self.text}\")" if self.text else ""
        return f"Trang \"{self.sheet}\", dòng {self.row}, cột \"{self.column}\"{typed}: {self.message}"


@dataclass
class PlannedRow:
    sheet: str
    row: int
    values: dict[str, Any]  # work_spending's clean values


@dataclass
class SpendingPlan:
    work_id: int
    path: Path
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    @property
    def total_vnd(self) -> int:
        return sum(int(r.values["amount_vnd"]) for r in self.rows)


def _is_total(cells: dict[str, Any]) -> bool:
    words = [" ".join(fold(str(v)).replace(":", " ").split()) for v in cells.values() if isinstance(v, str)]
    return any(w in _TOTAL_WORDS for w in words)


def read_rows(path: str | Path) -> tuple[list[str], list[tuple[str, int, dict[str, Any]]]]:
    """The sheets read and every data row as (sheet, Excel row, field → cell value), totals rows left out."""
    path = Path(path)
    names, out = [], []
    for name, rows in sheets.visible_sheets(path):  # guarded and size-capped like every workbook read
        found = sheets.find_header(rows, _HEADERS, REQUIRED)
        if found is None:
            continue
        names.append(name)
        start, columns = found
        for i in range(start + 1, len(rows)):
            row = rows[i]
            cells = {fld: (row[j] if j < len(row) else None) for fld, j in columns.items()}
            cells = {k: (v if values.cell_text(v) is not None else None) for k, v in cells.items()}
            if not any(v is not None for v in cells.values()):
                continue
            if _is_total(cells):
                break  # the signature block of a settlement sits under its totals row
            if i == start + 1 and sheets.is_numbering(cells):
                continue
            out.append((name, i + 1, cells))
    if not names:
        raise guards.fail(path, "không thấy trang nào có các cột \"Nội dung chi\", \"Số tiền\" và \"Ngày\". Hãy "
                          "đặt tên cột đúng như vậy ở dòng tiêu đề của bảng quyết toán rồi nhập lại.")
    return names, out


def _cell_problems(sheet: str, row: int, cells: dict[str, Any], today: dt.date
                   ) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []

    def bad(fld: str, message: str) -> None:
        raw = cells.get(fld)
        problems.append(Problem(sheet, row, COLUMNS[fld][0], values.shown(raw) if raw is not None else "", message))

    clean: dict[str, Any] = {"item": values.cell_text(cells.get("item")),
                             "document": values.cell_text(cells.get("document"))}
    if not clean["item"]:
        bad("item", "chưa ghi nội dung chi.")
    amount, why = (None, "chưa ghi số tiền.") if cells.get("amount_vnd") is None else \
        values.parse_money_cell(cells["amount_vnd"])
    if why:
        bad("amount_vnd", why)
    elif amount is not None and amount <= 0:
        bad("amount_vnd", "số tiền chi phải lớn hơn 0.")
    clean["amount_vnd"] = amount
    day, why = (None, "chưa ghi ngày chi.") if cells.get("spent_on") is None else values.parse_day(cells["spent_on"])
    if why:
        bad("spent_on", why)
    elif day is not None and day > today:
        bad("spent_on", f"ngày {day:%d/%m/%Y} còn ở phía trước — khoản đã chi phải có ngày đã qua.")
    clean["spent_on"] = day.isoformat() if day else None
    return clean, problems


def plan(ledger: Ledger, work_id: int, path: str | Path, today: dt.date | None = None) -> SpendingPlan:
    """Read and check the file against the ledger; writes nothing."""
    today = today or dt.date.today()
    records.get(ledger, "works", work_id)  # a Vietnamese NotFoundError for a work not in the ledger
    names, raw = read_rows(path)
    result = SpendingPlan(work_id=work_id, path=Path(path), sheets=names)
    seen: dict[tuple[Any, ...], tuple[str, int]] = {}
    for sheet, row, cells in raw:
        clean, problems = _cell_problems(sheet, row, cells, today)
        if not problems:
            try:
                clean = work_spending.validate(ledger, {**clean, "work_id": work_id}, today)
            except ValidationError as err:
                problems = [Problem(sheet, row, COLUMNS.get(k, ("Nội dung chi", ()))[0],
                                    values.shown(cells.get(k)) if cells.get(k) is not None else "",
                                    m.partition(": ")[2] or m) for k, m in err.errors.items()]
        if not problems:
            key = work_spending.row_key(clean)
            same = work_spending.duplicate_of(ledger, clean)
            if same is not None:
                problems.append(Problem(sheet, row, "Nội dung chi", clean["item"],
                                        work_spending.duplicate_message(same)))
            elif key in seen:
                problems.append(Problem(sheet, row, "Nội dung chi", clean["item"],
                                        f"trùng với dòng {seen[key][1]} của trang \"{seen[key][0]}\"."))
            seen.setdefault(key, (sheet, row))
        if problems:
            result.problems.extend(problems)
        else:
            result.rows.append(PlannedRow(sheet, row, clean))
    return result


def apply(ledger: Ledger, planned: SpendingPlan, only_valid: bool = False) -> Changes:
    """Write the planned rows in one transaction (all or none). A plan with problems is refused unless the clerk
    chose to import only its good rows."""
    if planned.problems and not only_valid:
        raise UserError(f"Tệp {planned.path.name} còn {len(planned.problems)} lỗi; hãy sửa trong tệp rồi nhập lại "
                        "(hoặc chọn chỉ nhập các dòng đúng).")
    if not planned.rows:
        raise UserError(f"Tệp {planned.path.name} không có khoản chi nào để nhập.")
    changes = Changes()
    with ledger.transaction():
        for r in planned.rows:
            try:
                changes.add(work_spending.TABLE, work_spending.add(ledger, r.values))
            except ValidationError as err:  # entered meanwhile: the whole import is undone, the row named
                raise UserError(f"Trang \"{r.sheet}\", dòng {r.row}: {err}") from None
    return changes
