"""The import's error list, to send back to the tổ trưởng: the rows with problems as they were typed, and what is
wrong with each.

`build(plan)` reads the workbook again (the plan keeps only the values it parsed, and only the columns it knows):
each row named by a problem comes back whole — every column of the sheet, in the sheet's order, values as they
were in the cells ("2 triệu" stays "2 triệu"; text in TCVN3/VNI is shown in Unicode, as the import read it).
`xlsx_bytes` gives one worksheet per sheet with the original headers, those rows, a "Lỗi" column and the cells in
question filled red, plus a first worksheet "Lỗi chung" for the problems of no row (a missing column); the
worksheets keep the sheets' names and headers, so the tổ trưởng may correct the rows there and send the file back.
`pdf_bytes` is the same list to print (A4 landscape: Trang / Dòng / Cột / Nội dung đã ghi / Lỗi) under the unit's
heading. `write(errors, path, unit)` writes either, by the file's suffix, through safe_files.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.files.xlsx_export import HEADER_BORDER, HEADER_FILL, text_cell
from desktop.core.intake import legacy, reader
from desktop.core.intake.importplan import ImportPlan, Problem
from desktop.core.intake.reader import CellValue
from desktop.core.pdf import heading, typeset
from desktop.core.pdf.model import Column, Table
from desktop.core.text.vnformat import format_date, format_decimal, format_int

GENERAL_SHEET = "Lỗi chung"
ERROR_HEADER = "Lỗi"
ROW_HEADER = "Dòng trong tệp gốc"
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "Bad" cell style: the cell to correct
ERROR_FONT = Font(color="9C0006")


@dataclass
class ErrorRow:
    row: int  # 1-based Excel row in the original sheet
    values: list[CellValue]  # the row's cells from column A, as in the file
    messages: list[str]
    columns: set[int] = field(default_factory=set)  # 0-based columns a problem names
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ErrorSheet:
    name: str
    headers: list[str]  # each column's header text as in the file ("" for a column without one)
    rows: list[ErrorRow] = field(default_factory=list)


@dataclass
class ErrorList:
    path: Path  # the workbook that was checked
    general: list[Problem] = field(default_factory=list)  # problems of no data row
    sheets: list[ErrorSheet] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return len(self.general) + sum(len(r.problems) for s in self.sheets for r in s.rows)

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


# --------------------------------------------------------------------------- reading the rows back


def build(plan: ImportPlan) -> ErrorList:
    """The plan's problems with the original rows they name. Reads the workbook again (it is checked again too)."""
    out = ErrorList(path=plan.path)
    if not plan.problems:
        return out
    book = reader.read_workbook(plan.path)
    read = {s.name: s for s in book.sheets}
    raw = _raw_rows(plan.path, [s for s in read if any(p.sheet == s for p in plan.problems)])
    by_row: dict[tuple[str, int], ErrorRow] = {}
    sheets: dict[str, ErrorSheet] = {}
    for p in plan.problems:
        sheet = read.get(p.sheet)
        rows = raw.get(p.sheet)
        if sheet is None or rows is None or not p.row or p.row <= sheet.header_row or p.row > len(rows):
            out.general.append(p)  # a missing column, a sheet not read: no row to show
            continue
        if p.sheet not in sheets:
            sheets[p.sheet] = ErrorSheet(p.sheet, _headers(sheet, rows))
        target = sheets[p.sheet]
        item = by_row.get((p.sheet, p.row))
        if item is None:
            item = by_row[(p.sheet, p.row)] = ErrorRow(p.row, [_text(v) for v in rows[p.row - 1]], [])
            target.rows.append(item)
        item.messages.append(_message(p))
        item.problems.append(p)
        column = _column_index(target.headers, p.column)
        if column is not None:
            item.columns.add(column)
    order = {s.name: i for i, s in enumerate(book.sheets)}
    out.sheets = sorted(sheets.values(), key=lambda s: order[s.name])
    for s in out.sheets:
        s.rows.sort(key=lambda r: r.row)
        width = max([len(s.headers), *(len(r.values) for r in s.rows)])
        last = max([i + 1 for i, h in enumerate(s.headers) if h]
                   + [i + 1 for r in s.rows for i, v in enumerate(r.values) if _present(v)] or [0])
        s.headers = (s.headers + [""] * width)[:last]
        for r in s.rows:
            r.values = (r.values + [None] * width)[:last]
    return out


def _raw_rows(path: Path, names: list[str]) -> dict[str, list[list[CellValue]]]:
    import python_calamine

    out: dict[str, list[list[CellValue]]] = {}
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        for name in names:
            out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return out


def _present(value: CellValue) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _text(value: CellValue) -> CellValue:
    """A cell as the tổ trưởng typed it; only a legacy-encoded text is shown in Unicode (as the import read it)."""
    if isinstance(value, str):
        if value == "":
            return None  # calamine's empty cell
        return value if value.isascii() else legacy.to_unicode(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # calamine reads every number as a float; the cell held 2, not 2.0
    return value


def _headers(sheet: reader.SheetData, rows: list[list[CellValue]]) -> list[str]:
    """Each column's header: the header row's cell, or the cell above it when that is part of a two-row header
    ("Họ và tên" merged over both rows)."""
    known = {*sheet.headers.values(), *sheet.extra_headers}
    lower = rows[sheet.header_row - 1] if sheet.header_row <= len(rows) else []
    upper = rows[sheet.header_row - 2] if sheet.header_row >= 2 else []
    out: list[str] = []
    for c in range(max(len(lower), len(upper))):
        text = _text(lower[c]) if c < len(lower) else None
        if not _present(text):
            above = _text(upper[c]) if c < len(upper) else None
            text = above if isinstance(above, str) and above.strip() in known else None
        out.append(str(text).strip() if _present(text) else "")
    return out


def _column_index(headers: list[str], column: str | None) -> int | None:
    if not column:
        return None
    wanted = " ".join(column.split()).casefold()
    for i, h in enumerate(headers):
        if " ".join(h.split()).casefold() == wanted:
            return i
    return None


def _message(p: Problem) -> str:
    return f"Cột \"{p.column}\": {p.message}" if p.column else p.message


def shown(value: CellValue) -> str:
    """A cell's value as Excel would show it to a Vietnamese user."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return format_date(value.date()) + (f" {value:%H:%M}" if value.time() != dt.time() else "")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float | int):
        return format_int(int(value)) if float(value).is_integer() else format_decimal(value, 6, trim=True)
    return " ".join(str(value).split())


# --------------------------------------------------------------------------- the workbook


def xlsx_bytes(errors: ErrorList, unit: dict[str, Any] | None = None) -> bytes:
    wb = Workbook(write_only=True)
    title = _title(errors, unit)
    if errors.general:
        ws = wb.create_sheet(GENERAL_SHEET)
        for letter, width in (("A", 18), ("B", 10), ("C", 100)):
            ws.column_dimensions[letter].width = width
        ws.append([text_cell(ws, title, font=Font(bold=True, size=13))])
        ws.append([_header_cell(ws, h) for h in ("Trang", "Dòng", ERROR_HEADER)])
        for p in errors.general:
            ws.append([text_cell(ws, p.sheet), p.row, text_cell(ws, _message(p), font=ERROR_FONT,
                                                                  alignment=Alignment(wrap_text=True))])
    for sheet in errors.sheets:
        _write_sheet(wb, sheet, title)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_sheet(wb: Workbook, sheet: ErrorSheet, title: str) -> None:
    ws = wb.create_sheet(sheet.name[:31])
    n = len(sheet.headers)
    for i, h in enumerate(sheet.headers):
        longest = max([len(h), *(len(shown(r.values[i])) for r in sheet.rows[:1000])])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(40, max(8, longest + 2))
    ws.column_dimensions[get_column_letter(n + 1)].width = 70
    ws.column_dimensions[get_column_letter(n + 2)].width = 12
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.append([text_cell(ws, title, font=Font(bold=True, size=13))])
    ws.append([text_cell(ws, "Các ô tô đỏ là ô cần sửa; cột \"Lỗi\" ghi vì sao dòng chưa được nhập. Sửa trong "
                             "tệp gốc (số dòng ở cột cuối) hoặc ngay trong trang này, rồi gửi lại.",
                         font=Font(italic=True))])
    ws.append([_header_cell(ws, h) for h in [*sheet.headers, ERROR_HEADER, ROW_HEADER]])
    for r in sheet.rows:
        cells: list[Any] = []
        for i, value in enumerate(r.values):
            cell = _value_cell(ws, value)
            if i in r.columns:
                cell.fill = BAD_FILL
            cells.append(cell)
        cells.append(text_cell(ws, "\n".join(r.messages), font=ERROR_FONT, alignment=Alignment(wrap_text=True)))
        cells.append(r.row)
        ws.append(cells)


def _header_cell(ws: Any, text: str) -> WriteOnlyCell:
    return text_cell(ws, text, font=Font(bold=True), fill=HEADER_FILL, border=HEADER_BORDER,
                     alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))


def _value_cell(ws: Any, value: CellValue) -> WriteOnlyCell:
    if isinstance(value, str):
        return text_cell(ws, value)  # never a formula, whatever it starts with
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = "dd/mm/yyyy hh:mm" if value.time() != dt.time() else "dd/mm/yyyy"
    elif isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"
    return cell


def _title(errors: ErrorList, unit: dict[str, Any] | None) -> str:
    where = f" — {unit['name']}" if unit and unit.get("name") else ""
    return (f"Danh sách lỗi của tệp {errors.path.name}{where}: {format_int(errors.problem_count)} lỗi, "
            f"{format_int(errors.row_count)} dòng chưa được nhập")


# --------------------------------------------------------------------------- the PDF


def table_rows(errors: ErrorList) -> list[list[str]]:
    """One line per problem: Trang, Dòng, Cột, Nội dung đã ghi, Lỗi (general problems first)."""
    out = [[p.sheet, str(p.row or ""), p.column or "", "", p.message] for p in errors.general]
    for sheet in errors.sheets:
        for r in sheet.rows:
            for p in r.problems:
                column = _column_index(sheet.headers, p.column)
                if column is not None:
                    content = shown(r.values[column]) or "(để trống)"
                else:  # a problem of the whole row: what the row holds, column by column
                    content = "; ".join(f"{h or get_column_letter(i + 1)}: {shown(v)}"
                                        for i, (h, v) in enumerate(zip(sheet.headers, r.values, strict=False))
                                        if _present(v))
                out.append([sheet.name, str(r.row), p.column or "", content, p.message])
    return out


def pdf_bytes(errors: ErrorList, unit: dict[str, Any] | None = None, day: dt.date | None = None,
              watermark: str = "") -> bytes:
    """The list to print; `watermark`: the demo's "SỔ MẪU" under every page (ledger.demo_mark.mark_for), "" none."""
    table = Table([Column("Trang", 12), Column("Dòng", 6, "center"), Column("Cột", 14),
                   Column("Nội dung đã ghi", 30), Column("Lỗi", 48)], table_rows(errors), font_size=11)
    lines = heading.issuer_lines(unit or {})
    day = day or dt.date.today()
    intro = (f"Tệp {errors.path.name}, kiểm tra ngày {format_date(day)}: {format_int(errors.problem_count)} lỗi ở "
             f"{format_int(errors.row_count)} dòng. Các dòng này chưa được nhập vào sổ. Đề nghị tổ trưởng sửa "
             "đúng các ô ghi dưới đây trong tệp (dòng và cột như trong tệp), rồi gửi lại.")
    return _render(lines, "DANH SÁCH LỖI CỦA TỆP NHẬP LIỆU", intro, table, (unit or {}).get("name") or "",
                   watermark)


def write(errors: ErrorList, path: str | Path, unit: dict[str, Any] | None = None, watermark: str = "") -> Path:
    """Write the list to `path`: .xlsx or .pdf (with `watermark`, see pdf_bytes) by its suffix (whole or absent)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return safe_files.write_file(path, xlsx_bytes(errors, unit))
    if suffix == ".pdf":
        return safe_files.write_file(path, pdf_bytes(errors, unit, watermark=watermark))
    raise UserError(f"Không ghi được danh sách lỗi ra {path.name}: tên tệp phải kết thúc bằng .xlsx (Excel) hoặc "
                    ".pdf (để in).")



def _render(issuer: list[str], title: str, intro: str, table: Table, author: str, watermark: str) -> bytes:
    """A working list, not an administrative document: the unit's name at the top left as in ND 30/2020 (ô 2), the
    title, one paragraph, the table (its header repeated on every page); A4 landscape with the ND 30 margins, page
    numbers from page 2 in the top margin."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus.flowables import HRFlowable

    from desktop.core.pdf import nd30
    from desktop.core.pdf.grid import table_flowables
    from desktop.core.pdf.watermark import MarkedCanvas

    typeset.register_fonts()
    page = landscape(A4)
    width = page[0] - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT
    height = page[1] - nd30.MARGIN_TOP - nd30.MARGIN_BOTTOM
    styles = typeset.doc_styles()
    left: list[Any] = [Paragraph(typeset.esc(line), styles["issuer"]) for line in issuer if line]
    if left:  # ND 30, ô 2: a short rule under the issuing body's name
        left.append(HRFlowable(width=0.4 * typeset.text_width(issuer[-1], typeset.FONT_BOLD, 13), thickness=0.6,
                               color=colors.black, spaceBefore=4, hAlign="CENTER"))
    top = RLTable([[left, ""]], colWidths=[width * 0.41, width * 0.59], hAlign="LEFT",
                  style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    story = [top, Spacer(1, 14), Paragraph(typeset.esc(title), styles["kind"]), Spacer(1, 8),
             Paragraph(typeset.esc(intro), typeset.body_style(True, "justify", False, False)), Spacer(1, 4),
             *table_flowables(table, width, height, [])]

    def number(canv: Any, doc: Any) -> None:
        canv.saveState()
        canv.setFont(typeset.FONT, 13)
        canv.drawCentredString(nd30.MARGIN_LEFT + width / 2, page[1] - 12 * mm, str(canv.getPageNumber()))
        canv.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=nd30.MARGIN_LEFT, rightMargin=nd30.MARGIN_RIGHT,
                            topMargin=nd30.MARGIN_TOP, bottomMargin=nd30.MARGIN_BOTTOM, title=title.capitalize(),
                            author=author, creator=nd30.CREATOR, lang="vi", invariant=1, pageCompression=1,
                            initialFontName=typeset.FONT, initialFontSize=typeset.BODY_SIZE)
    doc.build(story, onLaterPages=number,
              canvasmaker=lambda *a, **k: MarkedCanvas(*a, watermark=watermark, **k))
    return buffer.getvalue()
