"""Export any table to .xlsx: Vietnamese number formats, real dates, a frozen bold header, a totals
row, and user text that Excel never evaluates.

Formula injection (reliability-perf §4.2, OWASP "CSV Injection"): openpyxl turns any string that
starts with "=" into a formula. Every text cell that starts with "=", "+", "-", "@", a tab or a CR
is therefore forced to a plain string cell (data_type "s") and marked "quotePrefix", the same as
typing a leading apostrophe in Excel: it shows and stays text even when the cell is edited later.
Its value is not changed, so "+84 912 345 678" and "-" still read as typed.

Written in openpyxl's write-only mode (constant memory for 100,000 rows), to a temporary name in
the target folder, flushed, fsynced and renamed: the file is whole or absent.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from desktop.core.files import safe_files
from desktop.core.text.vnformat import parse_date

KINDS = ("text", "int", "decimal", "date", "vnd")
NUMBER_FORMATS = {"int": "#,##0", "vnd": "#,##0", "decimal": "#,##0.0", "date": "dd/mm/yyyy", "text": "@"}
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_WIDTH = 60
WIDTH_SAMPLE_ROWS = 1000  # widths are measured on the first rows (write-only mode cannot go back)
MAX_TEXT = 32767  # Excel's limit for one cell

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(bottom=THIN, top=THIN, left=THIN, right=THIN)


def is_risky(text: str) -> bool:
    """True for text Excel (or a CSV reader) could take for a formula."""
    return text.startswith(RISKY_STARTS)


def clean_text(value: Any) -> str:
    """Text Excel can store: control characters removed (openpyxl refuses them), line breaks as "\n"
    (XML turns a bare CR into LF on reading anyway), at most 32,767 characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_TEXT]


def text_cell(ws: Any, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell holding `value` as plain text, whatever it starts with."""
    raw = str(value)
    text = clean_text(raw)
    cell = WriteOnlyCell(ws, value=text)
    if cell.data_type != "s" or is_risky(raw) or is_risky(text):
        cell.data_type = "s"  # never a formula
        cell.quotePrefix = True  # and Excel keeps it text when the clerk edits the cell
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return parse_date(value)
        except ValueError:
            return None
    return None


def _cell(ws: Any, value: Any, kind: str, bold: bool = False) -> WriteOnlyCell:
    font = Font(bold=True) if bold else None
    if value is None or (isinstance(value, str) and not value.strip() and kind != "text"):
        cell = WriteOnlyCell(ws, value=None)
    elif kind == "date":
        day = _as_date(value)
        cell = WriteOnlyCell(ws, value=day) if day else text_cell(ws, value)
        cell.number_format = NUMBER_FORMATS["date"]
    elif kind in ("int", "vnd", "decimal") and isinstance(value, int | float) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = NUMBER_FORMATS[kind]
    else:
        cell = text_cell(ws, value)
        if kind == "text":
            cell.number_format = "@"
    if font:
        cell.font = font
    return cell


def _display_len(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == "date":
        return 10
    if kind in ("int", "vnd") and isinstance(value, int | float):
        digits = len(str(abs(int(value))))
        return digits + (digits - 1) // 3 + (value < 0)
    if kind == "decimal" and isinstance(value, int | float):
        digits = len(str(abs(int(value))))
        return digits + (digits - 1) // 3 + 2 + (value < 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def export_table(path: str | Path, title: str, headers: list[str], rows: Iterable[list], kinds: list[str],
                 total: list | None = None) -> Path:
    """Write one table to `path`: a title row, a bold frozen header, the rows, and a bold totals row.

    `kinds` gives each column's kind: "text" | "int" | "decimal" | "date" | "vnd". Dates may be
    date objects or ISO/dd/mm/yyyy strings and are stored as real Excel dates.
    """
    if len(kinds) != len(headers) or any(k not in KINDS for k in kinds):
        raise ValueError(f"kinds must list one of {KINDS} per header")
    if total is not None and len(total) != len(headers):
        raise ValueError("total must have one value per header")
    path = Path(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title))

    # Widths must be set before the first row is written: measure the first rows, then write them.
    iterator: Iterator[list] = iter(rows)
    head = list(islice(iterator, WIDTH_SAMPLE_ROWS))
    for i, header in enumerate(headers):
        longest = max([len(header), *(_display_len(r[i] if i < len(r) else None, kinds[i]) for r in head)])
        if total is not None:
            longest = max(longest, _display_len(total[i], kinds[i]))
        narrowest = 12 if kinds[i] == "date" else 8  # "dd/mm/yyyy" must fit even when the sample has no date
        ws.column_dimensions[get_column_letter(i + 1)].width = min(MAX_WIDTH, max(narrowest, longest + 2))

    ws.freeze_panes = "A3"  # title and header stay on screen
    ws.print_title_rows = "2:2"
    ws.append([text_cell(ws, title, font=Font(bold=True, size=13))])
    ws.append([text_cell(ws, h, font=Font(bold=True), fill=HEADER_FILL, border=HEADER_BORDER,
                         alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
               for h in headers])
    count = 0
    for row in chain(head, iterator):
        ws.append([_cell(ws, row[i] if i < len(row) else None, kind) for i, kind in enumerate(kinds)])
        count += 1
    if total is not None:
        ws.append([_cell(ws, value, kind, bold=True) for value, kind in zip(total, kinds, strict=True)])
    if headers:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{2 + count}"
    return save_workbook(wb, path)


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of : \ / ? * [ ]
    cleaned = "".join("-" if ch in ":\\/?*[]" else ch for ch in clean_text(title)).strip("'") or "Bang"
    return cleaned[:31]


def save_workbook(wb: Workbook, path: str | Path) -> Path:
    """Save through safe_files: temporary name, fsync, rename, read back; whole or absent."""
    buf = io.BytesIO()
    wb.save(buf)
    return safe_files.write_file(path, buf.getvalue())
