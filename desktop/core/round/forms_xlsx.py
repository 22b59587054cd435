"""The report form of a reporting unit for a period, as an .xlsx, and reading it back (issue 20, "What each sends").

Sheets: "Hướng dẫn" (how to fill it in; protected, with the form's identity in two hidden columns, as the intake
template marks its unit code — intake/template._unit_cells), "Số liệu" (one row per indicator the unit reports,
catalogue order: code in a hidden locked column, name, unit, the value to fill, a note), "Nội dung" (one row per
text section of the report: its label and the text to fill). Only the value, note and text cells are unlocked.

Reading back follows the intake workbook's discipline (intake/reader.py): the file is checked before any parser
sees it (form_guard), every cell that cannot be taken is a Problem with its sheet, row, column and the exact text
typed; a value with two readings is refused, never guessed (form_values).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from db.connection import Ledger
from desktop.core.files.xlsx_export import clean_text, save_workbook
from desktop.core.round import form_guard, form_values
from desktop.core.round.form_parts import (
    FIGURES_SHEET,
    FORM_LABEL,
    FORM_MARK,
    GUIDE_SHEET,
    PLACEHOLDER,
    TEXTS_SHEET,
    FormContent,
    ParsedReport,
    Problem,
    fail,
    form_content,
    identity_from,
    key,
    kind_label,
    take_text,
    unit_indicators,
)
from desktop.core.text.vnformat import format_date

FIG_HEADERS = ("Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú")
TEXT_HEADERS = ("Mã mục", "Mục", "Nội dung")
HEADER_ROW = 4  # rows 1–3: title, for whom and which period, a reminder
MAX_ROWS = 2_000  # a form has a few dozen rows; more is not a form
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
NOTE = Font(italic=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
FILL_ME = PatternFill("solid", fgColor="FFF8DC")  # the cells to fill
THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
NUMBER_FORMATS = {"money": "#,##0", "count": "#,##0", "percent": "0.0#"}
OPEN = Protection(locked=False)


def write_form(ledger: Ledger, unit_id: int, period_code: str, path: str | Path) -> Path:
    """Write the form of unit `unit_id` for `period_code` to `path` (safely: whole or absent)."""
    content = form_content(ledger, unit_id, period_code)
    wb = Workbook()
    _guide(wb.active, content)
    _figures(wb.create_sheet(FIGURES_SHEET), content)
    _texts(wb.create_sheet(TEXTS_SHEET), content)
    wb.active = 1  # opens on Số liệu
    return save_workbook(wb, path)


def _heading(ws: Worksheet, content: FormContent, title: str, reminder: str) -> None:
    ident = content.identity
    ws.cell(1, 1, title).font = TITLE
    due = f" — hạn gửi {format_date(content.deadline)}" if content.deadline else ""
    ws.cell(2, 1, clean_text(f"Đơn vị: {ident.unit_name} · Kỳ báo cáo: {content.period_label} ({ident.period_code})"
                             f" · Gửi {ident.ward_name}{due}")).font = BOLD
    ws.cell(3, 1, reminder).font = NOTE
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.protection.sheet = True  # no password: it keeps the codes from a slip of the hand, not from the unit


def _header(ws: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for c, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, c, text)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    ws.column_dimensions["A"].hidden = True  # the code: read back, never shown


def _figures(ws: Worksheet, content: FormContent) -> None:
    _heading(ws, content, "SỐ LIỆU PHONG TRÀO THI ĐUA",
             "Ghi số vào cột “Số liệu” (ô nền vàng): 1.500.000 hoặc 2 tỷ cho tiền, 95% cho tỷ lệ, 12 cho số lượng. "
             "Để trống chỉ tiêu không có số liệu.")
    _header(ws, FIG_HEADERS, (14, 60, 14, 20, 40))
    for r, ind in enumerate(content.indicators, start=HEADER_ROW + 1):
        for c, value in enumerate((ind.code, ind.name, ind.unit, None, None), start=1):
            cell = ws.cell(r, c, value)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if c >= 4:
                cell.protection, cell.fill = OPEN, FILL_ME
        ws.cell(r, 4).number_format = NUMBER_FORMATS[ind.kind]
    if not content.indicators:
        ws.cell(HEADER_ROW + 1, 2, "(Đơn vị này không có chỉ tiêu số liệu — chỉ ghi trang “Nội dung”.)").font = NOTE


def _texts(ws: Worksheet, content: FormContent) -> None:
    _heading(ws, content, "NỘI DUNG BÁO CÁO",
             "Ghi nội dung vào cột “Nội dung” (ô nền vàng), mỗi mục một ô; xuống dòng trong ô: Alt + Enter. "
             "Để trống mục không có gì để báo cáo.")
    _header(ws, TEXT_HEADERS, (12, 32, 100))
    for r, (section, label) in enumerate(content.sections.items(), start=HEADER_ROW + 1):
        for c, value in enumerate((section, label, None), start=1):
            cell = ws.cell(r, c, value)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, 2).font = BOLD
        ws.cell(r, 3).protection, ws.cell(r, 3).fill = OPEN, FILL_ME
        ws.row_dimensions[r].height = 120


def _guide(ws: Worksheet, content: FormContent) -> None:
    ident = content.identity
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = 95
    lines = [
        (f"MẪU BÁO CÁO PHONG TRÀO THI ĐUA — {ident.unit_name.upper()}", TITLE),
        (f"Kỳ báo cáo: {content.period_label} ({ident.period_code}). Gửi {ident.ward_name}"
         + (f" trước ngày {format_date(content.deadline)}." if content.deadline else "."), BOLD),
        (f"Loại đơn vị: {kind_label(ident.unit_kind, ident.field)}.", None),
        ("", None),
        (f"1. Trang “{FIGURES_SHEET}”: ghi số liệu của kỳ vào cột “Số liệu”, mỗi chỉ tiêu một ô. Tiền ghi bằng đồng "
         "(1.500.000, 2 triệu, 1 tỷ 200 triệu); tỷ lệ ghi 95% hoặc 95; số lượng ghi số nguyên (12). Dấu chấm ngăn "
         "hàng nghìn, dấu phẩy cho phần lẻ (12,5). Không có số liệu thì để trống.", None),
        (f"2. Trang “{TEXTS_SHEET}”: ghi nội dung báo cáo của từng mục vào cột “Nội dung”. Muốn xuống dòng trong ô "
         "bấm Alt + Enter. Mục không có gì để báo cáo thì để trống.", None),
        ("3. Lưu tệp dưới dạng Excel .xlsx (không đổi tên các trang, không đặt mật khẩu) rồi gửi lại phường.", None),
        ("", None),
        (f"Tệp này chỉ dùng cho {ident.unit_name}, kỳ {ident.period_code}, gửi {ident.ward_name}: phường sẽ không "
         "nhận tệp của đơn vị khác hoặc kỳ khác. Các trang được khóa (không mật khẩu) để không sửa nhầm tên chỉ "
         "tiêu; các ô nền vàng vẫn ghi được.", None),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(r, 1, clean_text(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
        ws.row_dimensions[r].height = 16 * max(1, -(-len(text) // 100)) + 4
    pairs = [(FORM_LABEL, FORM_MARK), *ident.as_pairs()]
    for r, (label, value) in enumerate(pairs, start=1):
        ws.cell(r, 3, label)
        ws.cell(r, 4, clean_text(value)).data_type = "s"  # "21580" stays text
    for letter in ("C", "D"):
        ws.column_dimensions[letter].hidden = True
    ws.protection.sheet = True


# ----------------------------------------------------------------------------------------------- reading back


def read_form(path: str | Path) -> ParsedReport:
    """Read a returned .xlsx form. A file that is no form at all (unsafe, another kind, without the form's
    identity, empty) raises FormFileError; a cell that cannot be taken is a Problem of the report."""
    path = Path(path)
    form_guard.check_package(path, "xlsx")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        wb = load_workbook(path, data_only=True)  # data_only: a formula's last computed value, as Excel shows it
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none must reach the clerk raw
        raise fail(path, f"không đọc được bảng tính ({type(exc).__name__}). Hãy mở bằng Excel, Lưu thành .xlsx "
                         "rồi thử lại.") from exc
    sheets = {key(name): wb[name] for name in wb.sheetnames}
    for ws in sheets.values():
        if ws.max_row > MAX_ROWS or ws.max_column > 50:
            raise fail(path, f"trang “{ws.title}” có {ws.max_row} dòng, {ws.max_column} cột — quá lớn cho một "
                             "mẫu báo cáo. Hãy dùng mẫu do phường gửi.")
    guide = sheets.get(key(GUIDE_SHEET))
    identity = identity_from(_pairs(guide)) if guide is not None else None
    if identity is None:
        raise fail(path, "không mang dấu của mẫu báo cáo do phường tạo (trang “Hướng dẫn” bị xóa hoặc sửa). "
                         "Hãy dùng mẫu phường gửi cho đơn vị, hoặc nhập báo cáo trên màn hình.")
    report = ParsedReport(path=path, source="xlsx", sha256=sha, identity=identity)
    figures_ws, texts_ws = sheets.get(key(FIGURES_SHEET)), sheets.get(key(TEXTS_SHEET))
    if figures_ws is None and texts_ws is None:
        raise fail(path, f"không có trang “{FIGURES_SHEET}” hay “{TEXTS_SHEET}” của mẫu báo cáo.")
    if figures_ws is not None:
        _read_figures(figures_ws, report)
    if texts_ws is not None:
        _read_texts(texts_ws, report)
    if report.empty and not report.problems:
        raise fail(path, "mẫu chưa ghi gì (không có số liệu, không có nội dung). Đơn vị cần điền rồi gửi lại.")
    return report


def _pairs(ws: Worksheet) -> dict[str, str]:
    """Each label with the value to its right, in the first rows (the identity written by _guide)."""
    out: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=20, max_col=8, values_only=True):
        for c, v in enumerate(row[:-1]):
            if isinstance(v, str) and v.strip() and row[c + 1] not in (None, ""):
                out.setdefault(v.strip(), form_values.typed(row[c + 1]).strip())
    return out


def _columns(ws: Worksheet, headers: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The header row (1-based) and header → column (1-based), looked for among the first rows."""
    wanted = {key(h): h for h in headers}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=20, values_only=True), start=1):
        found = {wanted[key(v)]: c for c, v in enumerate(row, start=1) if isinstance(v, str) and key(v) in wanted}
        if headers[0] in found and len(found) >= 2:
            return r, found
    return None


def _read_figures(ws: Worksheet, report: ParsedReport) -> None:
    assert report.identity is not None
    found = _columns(ws, FIG_HEADERS)
    if found is None or "Số liệu" not in found[1]:
        report.problems.append(Problem(ws.title, None, "", "", "không thấy dòng tiêu đề “Mã chỉ tiêu … Số liệu” "
                                       "của mẫu: trang đã bị sửa, số liệu không đọc được."))
        return
    header, cols = found
    known = unit_indicators(report.identity)
    by_name = {key(i.name): i for i in known.values()}
    for row in ws.iter_rows(min_row=header + 1):
        cells = {h: row[c - 1] if c - 1 < len(row) else None for h, c in cols.items()}
        values = {h: (cell.value if cell is not None else None) for h, cell in cells.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        r = row[0].row
        code = form_values.typed(values.get("Mã chỉ tiêu") or "").strip()
        raw, note = values.get("Số liệu"), values.get("Ghi chú")
        name = values.get("Chỉ tiêu")
        ind = known.get(code) or (by_name.get(key(name)) if not code and name else None)
        if ind is None:
            if raw is None and not note:
                continue  # the form's own note row, or a label typed without a value
            shown = code or form_values.typed(name or "")
            report.problems.append(Problem(ws.title, r, "Mã chỉ tiêu" if code else "Chỉ tiêu", shown,
                                           f"chỉ tiêu “{shown}” không có trong mẫu của đơn vị này (dòng thêm vào "
                                           "hoặc mã bị sửa); số liệu của dòng không được nhận."))
            continue
        if ind.code in report.figures or ind.code in report.figure_notes:
            report.problems.append(Problem(ws.title, r, "Chỉ tiêu", ind.name, "chỉ tiêu ghi hai lần; chỉ nhận dòng "
                                           "đầu — hãy xóa dòng thừa."))
            continue
        cell = cells.get("Số liệu")
        value, why = form_values.read(ind, raw, cell.number_format if cell is not None else "")
        if why:
            report.problems.append(Problem(ws.title, r, "Số liệu", form_values.typed(raw), f"{ind.name}: {why}"))
        elif value is not None:
            report.figures[ind.code] = value
        if note not in (None, ""):
            report.figure_notes[ind.code] = form_values.typed(note).strip()


def _read_texts(ws: Worksheet, report: ParsedReport) -> None:
    found = _columns(ws, TEXT_HEADERS)
    if found is None or "Nội dung" not in found[1]:
        report.problems.append(Problem(ws.title, None, "", "", "không thấy dòng tiêu đề “Mã mục … Nội dung” của "
                                       "mẫu: trang đã bị sửa, nội dung không đọc được."))
        return
    header, cols = found
    from desktop.core.figures import indicator_catalogue

    sections = indicator_catalogue.load().text_sections
    by_label = {key(label): k for k, label in sections.items()}
    for r, row in enumerate(ws.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        values: dict[str, Any] = {h: row[c - 1] if c - 1 < len(row) else None for h, c in cols.items()}
        text = _text(values.get("Nội dung"))
        if not text:
            continue
        code = form_values.typed(values.get("Mã mục") or "").strip()
        section = (code if code in sections else None) if code else by_label.get(key(values.get("Mục") or ""))
        shown = code or form_values.typed(values.get("Mục") or "")
        take_text(report, Problem(ws.title, r, "Mã mục", "", ""), section, shown, text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = form_values.typed(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return "" if text == PLACEHOLDER else text
