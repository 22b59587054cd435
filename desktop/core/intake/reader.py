"""Read an intake workbook fast, once guards.py has let it through.

The workbook is read with python-calamine (Rust; about 20× faster than openpyxl in read-only mode
here), after `guards.check_file` has refused anything unsafe or too large (zip bombs, XML entities,
.xls, encrypted, CSV…). In each sheet the header row is looked for among the first rows (a title
block above it, a two-row header, merged cells, numbering rows such as "(1) (2) (3)" are all
common), headers are matched without regard to case, accents, spacing or units in brackets, and
each data row keeps its sheet name and 1-based Excel row number for messages.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from desktop.core.intake import guards, legacy
from desktop.core.intake.guards import HEADER_SCAN_ROWS
from desktop.core.intake.spec import (
    EXAMPLE_MARK,
    HEADER_FIELDS,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    SHEET_NAMES,
    SPEC_BY_KIND,
    UNIT_CODE_LABEL,
    UNIT_NAME_LABEL,
    header_key,
)
from desktop.core.text.vnformat import format_int

CellValue = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

MAX_CELLS_PER_SHEET = 5_000_000  # rows × columns of the used range; a real sheet has ~100,000 × 16
MAX_COLUMNS = 500


@dataclass
class DataRow:
    row: int  # 1-based Excel row number
    values: dict[str, CellValue]  # field → value (text stripped, legacy encodings converted)


@dataclass
class SheetData:
    name: str  # as in the file
    kind: str  # groups | works | contributions
    header_row: int  # 1-based; the last row of a two-row header
    headers: dict[str, str]  # field → header text as written in the file
    rows: list[DataRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields without a column
    examples: int = 0
    empty: int = 0
    total_row: int | None = None
    after_total: int = 0  # non-empty rows below the totals row (a signature block), not read
    extra_headers: list[str] = field(default_factory=list)  # columns the importer does not use


@dataclass
class IntakeWorkbook:
    path: Path
    sheets: list[SheetData]
    notes: list[str] = field(default_factory=list)
    converted: Counter[str] = field(default_factory=Counter)  # legacy encoding → cells converted
    unit_code: str | None = None  # the unit the template was made for (None: a hand-made workbook)
    unit_name: str | None = None


def read_workbook(path: str | Path) -> IntakeWorkbook:
    """Check the file, then read every sheet that looks like one of the intake sheets."""
    import python_calamine

    path = Path(path)
    guards.check_file(path)
    notes: list[str] = []
    raw: list[tuple[str, list[list[CellValue]]]] = []
    unit: dict[str, str] = {}
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            for meta in book.sheets_metadata:
                if header_key(meta.name) == header_key(INSTRUCTIONS_TITLE):
                    if meta.typ == python_calamine.SheetTypeEnum.WorkSheet:  # its unit cells (template._unit_cells)
                        unit = _unit_cells(book.get_sheet_by_name(meta.name).to_python(nrows=HEADER_SCAN_ROWS))
                    continue
                if header_key(meta.name) == header_key(LISTS_TITLE):
                    continue  # our template's own sheets hold no data
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                    notes.append(f"Bỏ qua trang ẩn \"{meta.name}\".")
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                end = sheet.end or (0, 0)
                if end[0] + 1 > guards.MAX_DATA_ROWS + guards.ROW_ALLOWANCE:
                    raise guards.fail(path, guards.too_many_rows(meta.name))
                if end[1] + 1 > MAX_COLUMNS or (end[0] + 1) * (end[1] + 1) > MAX_CELLS_PER_SHEET:
                    raise guards.fail(path, f"trang \"{meta.name}\" có dữ liệu tới cột thứ {format_int(end[1] + 1)} — "
                                      "bất thường cho mẫu nhập liệu. Hãy xóa các cột thừa bên phải rồi lưu lại.")
                raw.append((meta.name, sheet.to_python(skip_empty_area=False)))
    except python_calamine.PasswordError:
        raise guards.fail(path, "bảng tính được đặt mật khẩu; hãy gỡ mật khẩu trong Excel rồi nhập lại.") from None
    except python_calamine.CalamineError as exc:
        raise guards.fail(path, f"tệp bị hỏng, không đọc được ({exc}). Hãy mở bằng Excel, Lưu thành .xlsx rồi "
                          "thử lại.") from exc

    fix = _TextFixer(raw)
    sheets: list[SheetData] = []
    for name, rows in raw:
        sheet = _read_sheet(name, rows, fix)
        if sheet is None:
            if any(any(_present(v) for v in r) for r in rows[:HEADER_SCAN_ROWS]):
                notes.append(f"Bỏ qua trang \"{name}\": không thấy dòng tiêu đề cột của mẫu nhập liệu.")
            continue
        sheets.append(sheet)
    if not sheets:
        raise guards.fail(path, "không thấy trang nào có tiêu đề cột của mẫu nhập liệu (trang \"Tổ dân phố\", "
                          "\"Công trình\" hoặc \"Đóng góp\" với các cột như \"Họ và tên\", \"Hình thức\"…). "
                          "Hãy dùng mẫu do chương trình tạo (Tệp → Tạo mẫu nhập liệu Excel…).")
    for encoding, n in sorted(fix.counts.items()):
        label = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}[encoding]
        notes.append(f"Đã chuyển {format_int(n)} ô chữ từ bảng mã {label} sang Unicode.")
    return IntakeWorkbook(path=path, sheets=sheets, notes=notes, converted=fix.counts,
                          unit_code=unit.get("code"), unit_name=unit.get("name"))


def _unit_cells(rows: list[list[CellValue]]) -> dict[str, str]:
    """The unit's code and name written by template._unit_cells: each label with its value to the right."""
    labels = {header_key(UNIT_CODE_LABEL): "code", header_key(UNIT_NAME_LABEL): "name"}
    out: dict[str, str] = {}
    for row in rows:
        for c, v in enumerate(row[:-1]):
            key = labels.get(header_key(v)) if isinstance(v, str) else None
            value = row[c + 1]
            if key and value not in (None, ""):
                out[key] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    return out


def _present(value: CellValue) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


_MISSING = object()


class _TextFixer:
    """Strips text cells and converts legacy-encoded ones, with a cache (the same group, kind or
    name repeats on thousands of rows). Cells that read well both ways follow the workbook's
    clear majority (see legacy.to_unicode)."""

    def __init__(self, raw: list[tuple[str, list[list[CellValue]]]]):
        votes: Counter[str] = Counter()
        self._detected: dict[str, legacy.Encoding] = {}
        # Each distinct cell value once, in the order first met (names and groups repeat on every row), the
        # repeats dropped in C; of those, the texts. (A text never equals a value of another type.)
        for _, rows in raw:
            for v in dict.fromkeys(chain.from_iterable(rows)):
                if isinstance(v, str) and not v.isascii() and v.strip() not in self._detected:
                    enc = self._detected[v.strip()] = legacy.detect(v.strip())
                    if enc != "unicode":
                        votes[enc] += 1
                    elif any(ord(ch) > 0xFF for ch in v):
                        votes["unicode"] += 1
        self.hint: legacy.Encoding | None = None
        if votes:
            best, n = votes.most_common(1)[0]
            if best != "unicode" and n >= 3 and n > votes["unicode"]:
                self.hint = best  # type: ignore[assignment]
        self._cache: dict[str, tuple[str, str | None]] = {}
        self._plain: dict[str, str | None] = {}  # text → its data cell's value, for the texts not converted
        self.counts: Counter[str] = Counter()

    def _convert(self, text: str) -> tuple[str, str | None]:
        hit = self._cache.get(text)
        if hit is None:
            stripped = text.strip()
            enc = "unicode" if stripped.isascii() else self._detected.get(stripped) or legacy.detect(stripped)
            if enc == "unicode" and self.hint and not stripped.isascii():
                out = legacy.to_unicode(stripped, self.hint)  # a cell that reads well both ways follows the book
                enc = self.hint if out != stripped else "unicode"
            else:
                out = legacy.decode(stripped, enc)
            hit = self._cache[text] = (out, None if enc == "unicode" else enc)
        return hit

    def __call__(self, text: str) -> str:
        return self._convert(text)[0]

    def value(self, text: str) -> str:
        """Like calling the fixer, and counts a converted data cell for the notes."""
        out, enc = self._cache.get(text) or self._convert(text)  # the cache first: ~80,000 cells per 10,000 rows
        if enc:
            self.counts[enc] += 1
        return out

    def plain_cells(self) -> dict[str, str | None]:  # what `cell` answers without counting (it adds to it)
        return self._plain

    def cell(self, text: str) -> str | None:
        """`value(text) or None`; the texts not converted answered from a dict of their own (~80,000 cells)."""
        hit = self._plain.get(text, _MISSING)
        if hit is _MISSING:
            out, enc = self._cache.get(text) or self._convert(text)
            if enc:
                self.counts[enc] += 1
                return out or None
            hit = self._plain[text] = out or None
        return hit


_TOTAL_WORDS = {"tong cong", "cong", "tong", "tong so", "tong cong so", "cong tong", "tong hop", "tong cong toan to"}
_NUMBERING_RE = re.compile(r"\(?\s*(\d{1,2}|[A-Za-z])\s*\)?")


def _cell_text(value: CellValue, fix: _TextFixer) -> str:
    return fix(value) if isinstance(value, str) else ""


def _match_header(kind: str, text: str) -> str | None:
    key = header_key(text)
    if not key:
        return None
    fields = HEADER_FIELDS[kind]
    hit = fields.get(key)
    if hit:
        return hit
    # "Số lượng đóng góp (m2)", "Họ và tên chủ hộ": a longer header that starts with a known one of
    # two words or more (one-word headers such as "Ngày" are too short to trust as a prefix).
    best = None
    for alias, fld in fields.items():
        if " " in alias and key.startswith(alias + " ") and (best is None or len(alias) > len(best[0])):
            best = (alias, fld)
    return best[1] if best else None


def _match_row(kind: str, row: list[CellValue], fix: _TextFixer) -> dict[int, tuple[str, str]]:
    """Column → (field, header text) for the cells of a row that are headers (first column wins)."""
    out: dict[int, tuple[str, str]] = {}
    taken: set[str] = set()
    for c, v in enumerate(row):
        text = _cell_text(v, fix)
        fld = _match_header(kind, text) if text else None
        if fld and fld not in taken:
            out[c] = (fld, text)
            taken.add(fld)
    return out


def _header_band(kind: str, rows: list[list[CellValue]], fix: _TextFixer
                 ) -> tuple[int, int, dict[str, int], dict[str, str]] | None:
    """The best header among the first rows: (row index, rows in the band, field → column,
    field → header text). A band is one row, or two rows when the upper one groups columns under
    a merged title ("Đóng góp" over "Hình thức | Số lượng | Giá trị"); there the lower, more
    specific header wins in its column."""
    best: tuple[int, int, int, dict[int, tuple[str, str]]] | None = None
    limit = min(len(rows), HEADER_SCAN_ROWS)
    matched = [_match_row(kind, rows[r], fix) for r in range(min(len(rows), limit + 1))]
    for r in range(limit):
        upper = matched[r]
        if best is None or len(upper) > best[0]:
            best = (len(upper), r, 1, upper)
        if upper and r + 1 < len(matched) and matched[r + 1]:
            combined = dict(upper)
            for c, (fld, text) in matched[r + 1].items():
                elsewhere = any(f == fld and col != c for col, (f, _) in combined.items())
                if not elsewhere:
                    combined[c] = (fld, text)
            if len(combined) - len(upper) >= 2 and len(combined) > best[0]:
                best = (len(combined), r, 2, combined)
    if best is None or best[0] == 0:
        return None
    _, r, height, by_column = best
    return r, height, {f: c for c, (f, _) in by_column.items()}, {f: t for _, (f, t) in by_column.items()}


def _read_sheet(name: str, rows: list[list[CellValue]], fix: _TextFixer) -> SheetData | None:
    by_name = SHEET_NAMES.get(header_key(name))
    chosen = None
    # The headers decide what a sheet holds (a sheet called "TDP" may well hold the contributions);
    # its name only breaks ties and lets a sheet with missing columns still be read and reported.
    for kind in ("contributions", "works", "groups"):
        band = _header_band(kind, rows, fix)
        if band is None:
            continue
        columns = band[2]
        key = SPEC_BY_KIND[kind].key in columns
        enough = (key or len(columns) >= 2) if kind == by_name else (key and len(columns) >= 3)
        score = (len(columns), kind == by_name)
        if enough and (chosen is None or score > chosen[0]):
            chosen = (score, kind, band)
    if chosen is None:
        return None
    _, kind, (first, height, columns, texts) = chosen
    spec = SPEC_BY_KIND[kind]
    header_row = first + height  # 1-based number of the band's last row
    sheet = SheetData(name=name, kind=kind, header_row=header_row, headers=texts)
    sheet.missing = [f for f in spec.required if f not in columns]
    if kind == "contributions" and "quantity" not in columns and "value_vnd" not in columns:
        sheet.missing.append("quantity")
    used = set(columns.values())
    for k in range(height):
        for c, v in enumerate(rows[first + k]):
            text = _cell_text(v, fix)
            if text and c not in used and text not in sheet.extra_headers:
                sheet.extra_headers.append(text)

    index = header_row  # 0-based index of the first row below the header band
    if index < len(rows) and _is_numbering(rows[index], fix):
        index += 1
    _read_rows(sheet, rows, index, columns, fix)
    return sheet


def _read_rows(sheet: SheetData, rows: list[list[CellValue]], index: int, columns: dict[str, int],
               fix: _TextFixer) -> None:
    """The data rows from `index` (0-based) into DataRows, empty and example rows counted, up to a totals row."""
    names, cols = list(columns), [*columns.values(), -1]  # -1: itemgetter gives a tuple even for one column
    others, stt = len(names) - ("stt" in columns), names.index("stt") if "stt" in columns else None
    example_key = header_key(EXAMPLE_MARK)
    totals: dict[str, bool] = {}  # text → is it a totals word ("Tổ dân phố 3" starts with a T on every row)
    pick, reach = operator.itemgetter(*cols), max(cols) + 1  # calamine's rows are as wide as the sheet
    plain = fix.plain_cells()  # text → its cell value, for the texts already met that are not converted
    for i in range(index, len(rows)):
        raw_row = rows[i]
        head = _first_present(raw_row)  # calamine gives "" for an empty cell; spaces count as empty further down
        if not head:
            sheet.empty += 1
            continue
        if _is_example(head[0], fix, example_key):
            sheet.examples += 1
            continue
        if _has_total(head, fix, totals):  # the table ends at its totals row; below: signatures and dates
            sheet.total_row = i + 1
            sheet.after_total = sum(1 for r in rows[i + 1:] if any(_present(v) for v in r))
            break
        w = len(raw_row)
        picked = pick(raw_row)[:-1] if w >= reach else [raw_row[c] if c < w else None for c in cols[:-1]]
        values = [plain.get(v, _MISSING) if v.__class__ is str else v for v in picked]
        if _MISSING in values:  # a text met for the first time, or converted (`cell` counts it)
            values = [fix.cell(v) if x is _MISSING else x for v, x in zip(picked, values, strict=True)]
        nones = values.count(None) - (stt is not None and values[stt] is None)
        if nones == others:
            sheet.empty += 1  # a pre-numbered row with nothing else in it
            continue
        sheet.rows.append(DataRow(row=i + 1, values=dict(zip(names, values, strict=True))))


def _first_present(row: list[CellValue]) -> list[CellValue]:
    """The row's first three values that are not empty (all the example and totals tests look at)."""
    head: list[CellValue] = []
    for v in row:
        if v != "" and v is not None:
            head.append(v)
            if len(head) == 3:
                break
    return head


def _is_example(value: CellValue, fix: _TextFixer, example_key: str) -> bool:
    if not isinstance(value, str):
        return False
    text = fix(value)
    # Cheap test first: most first cells are names or numbers, not "Ví dụ…".
    return text[:1] in "Vv" and header_key(text).startswith(example_key)


def _has_total(present: list[CellValue], fix: _TextFixer, known: dict[str, bool]) -> bool:
    """Is one of the row's first three values a totals word? Answered once per text."""
    for v in present[:3]:
        if isinstance(v, str):
            hit = known.get(v)
            if hit is None:
                hit = known[v] = _is_total(v, fix)
            if hit:
                return True
    return False


def _is_total(value: CellValue, fix: _TextFixer) -> bool:
    # "Tổng cộng", "Cộng" (also in TCVN3/VNI, which keep the first letter): test the letter first.
    return (isinstance(value, str) and len(value) <= 30 and value.lstrip()[:1] in "TtCc"
            and header_key(fix(value)) in _TOTAL_WORDS)


def _is_numbering(row: list[CellValue], fix: _TextFixer) -> bool:
    """A row of column numbers under the header: "(1) (2) (3)…", "1 2 3…" or "A B C…"."""
    present = [v for v in row if _present(v)]
    if len(present) < 3:
        return False
    for v in present:
        if isinstance(v, float | int) and not isinstance(v, bool):
            if not (float(v).is_integer() and 0 < v < 100):
                return False
        elif not (isinstance(v, str) and _NUMBERING_RE.fullmatch(fix(v))):
            return False
    return True
