"""The report form as a Word .docx, for units that write in Word (issue 20), and reading its marked sections back.

The marks are short visible lines of text, in small grey type: "[[mau:…]]" (whom the form is for, also kept in
the document's properties) and before each section "[[muc:lanh_dao]]", then "[[het]]" before the signature.
Text survives what a clerk does in Word — typing, pasting, several paragraphs, styles, a table, saving in WPS or
LibreOffice — where bookmarks and content controls are lost or split by an ordinary edit (a bookmark goes with
the first word deleted; a content control disappears when its text is selected and retyped). A section is the
paragraphs between its mark and the next one. A mark that was damaged ("[[muc:lanh_da]]", "[muc:lanh_dao]]") is
reported by paragraph and not guessed; a deleted section is said to be missing; the figures come from the table
whose header is "Mã | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú", by the code of each row (or its name).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from db.connection import Ledger
from desktop.core.files import safe_files
from desktop.core.pdf import word_parts as wp
from desktop.core.round import form_guard, form_values
from desktop.core.round.form_parts import (
    FORM_MARK,
    IDENTITY_LABELS,
    PLACEHOLDER,
    FormContent,
    FormIdentity,
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

FIG_HEADERS = ("Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú")
FIGURES_PART = "Bảng số liệu"
TEXTS_PART = "Nội dung"
MARK_RE = re.compile(r"\[\[\s*(mau|muc|het)\s*(?::\s*([^\]]*?))?\s*\]\]", re.IGNORECASE)
# What is left of a mark after an edit: a lone "[[", "]]", or "muc:" / "mục:" followed by a word.
DAMAGED_RE = re.compile(r"\[\[|\]\]|\[\s*m[uụ]c\s*:|\bm[uụ]c\s*:\s*[a-z_]+\s*\]", re.IGNORECASE)
_FIELD_KEYS = {"phuong": "ward_code", "don-vi": "unit_id", "uuid": "unit_uuid", "ky": "period_code",
               "loai": "unit_kind", "linh-vuc": "field"}
GREY = RGBColor(0x80, 0x80, 0x80)
HINT = " ← dòng đánh dấu của chương trình: xin đừng sửa, đừng xóa"


def identity_mark(ident: FormIdentity) -> str:
    fields = {"phuong": ident.ward_code, "don-vi": str(ident.unit_id), "uuid": ident.unit_uuid,
              "ky": ident.period_code, "loai": ident.unit_kind, "linh-vuc": ident.field}
    return f"[[mau:{FORM_MARK}|" + "|".join(f"{k}={v}" for k, v in fields.items()) + "]]"


def write_form(ledger: Ledger, unit_id: int, period_code: str, path: str | Path) -> Path:
    """Write the Word form of unit `unit_id` for `period_code` to `path` (safely: whole or absent)."""
    content = form_content(ledger, unit_id, period_code)
    return safe_files.write_file(Path(path), form_bytes(content))


def form_bytes(content: FormContent) -> bytes:
    ident = content.identity
    doc = Document()
    normal = doc.styles["Normal"]
    wp.set_fonts(normal.element.get_or_add_rPr(), 13)
    wp.line(doc, ident.ward_name.upper(), 13, bold=True)
    wp.line(doc, "BÁO CÁO", 14, bold=True, before=12)
    wp.line(doc, f"Tình hình thực hiện Phong trào thi đua — {content.period_label}", 13, bold=True)
    wp.line(doc, f"Đơn vị báo cáo: {ident.unit_name} ({kind_label(ident.unit_kind, ident.field)})", 13, after=6)
    due = f", trước ngày {format_date(content.deadline)}" if content.deadline else ""
    wp.line(doc, f"Gửi {ident.ward_name}{due}. Ghi số liệu vào bảng và nội dung dưới từng mục; các dòng chữ xám "
                 "nhỏ trong ngoặc vuông kép là dấu để phường đọc lại báo cáo — xin giữ nguyên.", 11, italic=True,
            align="left", after=6)
    _mark(doc, identity_mark(ident))
    wp.line(doc, "I. SỐ LIỆU", 13, bold=True, align="left", before=6, after=3)
    _figures_table(doc, content)
    wp.line(doc, "Tiền ghi bằng đồng (1.500.000 hoặc 2 tỷ); tỷ lệ ghi 95%; số lượng ghi số nguyên. Không có số liệu "
                 "thì để trống.", 11, italic=True, align="left", before=3)
    wp.line(doc, "II. NỘI DUNG BÁO CÁO", 13, bold=True, align="left", before=12, after=3)
    for n, (section, label) in enumerate(content.sections.items(), start=1):
        _mark(doc, f"[[muc:{section}]]")
        wp.line(doc, f"{n}. {label}", 13, bold=True, align="left", keep=True)
        wp.line(doc, PLACEHOLDER, 13, italic=True, align="justify", after=6)
    _mark(doc, "[[het]]")
    wp.line(doc, "…, ngày … tháng … năm …", 13, italic=True, align="right", before=12)
    wp.line(doc, "NGƯỜI BÁO CÁO", 13, bold=True, align="right")
    wp.line(doc, "(Ký, ghi rõ họ tên)", 12, italic=True, align="right")
    props = doc.core_properties
    props.title = f"Báo cáo phong trào thi đua — {ident.unit_name} — {ident.period_code}"
    props.identifier = identity_mark(ident)  # a second copy of the mark: Word keeps the properties on save
    props.keywords = FORM_MARK
    props.author = ident.ward_name
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _mark(doc: Any, text: str) -> None:
    par = doc.add_paragraph()
    wp.fmt(par, align="left")
    run = par.add_run(text)
    run.font.size, run.font.color.rgb = Pt(8), GREY
    hint = par.add_run(HINT)
    hint.font.size, hint.font.color.rgb, hint.font.italic = Pt(7), GREY, True


def _figures_table(doc: Any, content: FormContent) -> None:
    table = doc.add_table(rows=1, cols=len(FIG_HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, FIG_HEADERS, strict=True):
        cell.text = ""
        wp.text(cell.paragraphs[0], text, 12, bold=True)
    for ind in content.indicators:
        cells = table.add_row().cells
        for c, text in enumerate((ind.code, ind.name, ind.unit, "", "")):
            wp.text(cells[c].paragraphs[0], text, 7 if c == 0 else 12)
            if c == 0:
                cells[c].paragraphs[0].runs[0].font.color.rgb = GREY
    for row in table.rows:  # Mã narrow, Chỉ tiêu wide
        for cell, width in zip(row.cells, (22, 70, 22, 30, 26), strict=True):
            cell.width = Mm(width)


# ----------------------------------------------------------------------------------------------- reading back


def read_form(path: str | Path) -> ParsedReport:
    """Read a returned Word form. A file that is no form (unsafe, macros, not a docx, without the form's mark,
    nothing written) raises FormFileError; what cannot be taken is a Problem by part, row or paragraph."""
    path = Path(path)
    form_guard.check_package(path, "docx")
    data = path.read_bytes()
    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise fail(path, f"không đọc được văn bản Word ({type(exc).__name__}). Hãy mở bằng Word, Lưu thành .docx "
                         "rồi thử lại.") from exc
    blocks = list(_blocks(doc))
    identity = _identity(blocks, doc)
    if identity is None:
        raise fail(path, "không mang dấu của mẫu báo cáo do phường tạo (dòng [[mau:…]] bị xóa hoặc sửa). Hãy dùng "
                         "mẫu phường gửi cho đơn vị, hoặc nhập báo cáo trên màn hình.")
    report = ParsedReport(path=path, source="docx", sha256=hashlib.sha256(data).hexdigest(), identity=identity)
    tables = [b for _, b in blocks if isinstance(b, Table) and _figure_columns(b)]
    for table in tables[:1]:
        _read_table(table, report)
    if len(tables) > 1:
        report.notes.append("Văn bản có nhiều bảng số liệu; chỉ đọc bảng đầu tiên.")
    _read_sections(blocks, report)
    if report.empty and not report.problems:
        raise fail(path, "mẫu chưa ghi gì (không có số liệu, không có nội dung). Đơn vị cần điền rồi gửi lại.")
    return report


def _blocks(doc: Any) -> Iterator[tuple[int, Paragraph | Table]]:
    """The body's paragraphs and tables in order, numbered as Word counts paragraphs (tables count as one), also
    those inside content controls (w:sdt) that Word or a template may have wrapped them in."""
    n = 0

    def walk(parent: Any) -> Iterator[tuple[int, Paragraph | Table]]:
        nonlocal n
        for el in parent.iterchildren():
            if el.tag == qn("w:p"):
                n += 1
                yield n, Paragraph(el, doc)
            elif el.tag == qn("w:tbl"):
                n += 1
                yield n, Table(el, doc)
            elif el.tag == qn("w:sdt"):
                content = el.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(doc.element.body)


def _identity(blocks: list[tuple[int, Paragraph | Table]], doc: Any) -> FormIdentity | None:
    texts = [_text(b) for _, b in blocks if isinstance(b, Paragraph)] + [doc.core_properties.identifier or ""]
    for text in texts:
        for m in MARK_RE.finditer(text):
            if m.group(1).lower() == "mau" and m.group(2):
                parts = [p.strip() for p in m.group(2).split("|")]
                pairs = {"Mẫu": parts[0]}
                for part in parts[1:]:
                    name, _, value = part.partition("=")
                    if name.strip() in _FIELD_KEYS:
                        pairs[IDENTITY_LABELS[_FIELD_KEYS[name.strip()]]] = value.strip()
                found = identity_from(pairs)
                if found is not None:
                    return found
    return None


_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def _text(par: Paragraph) -> str:
    """A paragraph's text as Word shows it, with tracked changes taken: text inserted while Track Changes is on sits
    in w:ins, which python-docx's Paragraph.text leaves out; deleted text is w:delText, which this leaves out."""
    out = []
    for el in par._p.iter(*_TEXT_TAGS):
        fixed = _TEXT_TAGS[el.tag]
        out.append(el.text or "" if fixed is None else fixed)
    return "".join(out)


def _cell_text(cell: Any) -> str:
    return "\n".join(_text(p) for p in cell.paragraphs).strip()


def _figure_columns(table: Table) -> dict[str, int] | None:
    if not table.rows:
        return None
    heads = {key(h): h for h in FIG_HEADERS}
    found = {heads[key(_cell_text(c))]: i for i, c in enumerate(table.rows[0].cells) if key(_cell_text(c)) in heads}
    return found if "Số liệu" in found and ("Mã" in found or "Chỉ tiêu" in found) else None


def _read_table(table: Table, report: ParsedReport) -> None:
    assert report.identity is not None
    cols = _figure_columns(table) or {}
    known = unit_indicators(report.identity)
    by_name = {key(i.name): i for i in known.values()}
    for r, row in enumerate(table.rows[1:], start=2):
        cells = row.cells
        values = {h: _cell_text(cells[c]) if c < len(cells) else "" for h, c in cols.items()}
        code, name, raw = values.get("Mã", ""), values.get("Chỉ tiêu", ""), values.get("Số liệu", "")
        ind = known.get(code) or by_name.get(key(name))
        at = Problem(FIGURES_PART, r, "Số liệu", raw, "", part_word="phần")
        if ind is None:
            if raw:
                shown = code or name
                report.problems.append(Problem(FIGURES_PART, r, "Mã" if code else "Chỉ tiêu", shown,
                                               f"chỉ tiêu “{shown}” không có trong mẫu của đơn vị này; số liệu "
                                               "của dòng không được nhận.", part_word="phần"))
            continue
        if ind.code in report.figures:
            report.problems.append(Problem(FIGURES_PART, r, "Chỉ tiêu", ind.name, "chỉ tiêu ghi hai lần; chỉ nhận "
                                           "dòng đầu.", part_word="phần"))
            continue
        value, why = form_values.read(ind, raw)
        if why:
            at.message = f"{ind.name}: {why}"
            report.problems.append(at)
        elif value is not None:
            report.figures[ind.code] = value
        if values.get("Ghi chú"):
            report.figure_notes[ind.code] = values["Ghi chú"]


def _read_sections(blocks: list[tuple[int, Paragraph | Table]], report: ParsedReport) -> None:
    from desktop.core.figures import indicator_catalogue

    sections = indicator_catalogue.load().text_sections
    headings = {key(label) for label in sections.values()}
    current: tuple[str | None, int, str] | None = None  # (section or None when its mark is bad, paragraph, mark)
    lines: list[str] = []
    seen: set[str] = set()

    def flush() -> None:
        text = _section_text(lines, headings)
        if current is not None and current[0] is not None:
            seen.add(current[0])
            if text:
                take_text(report, Problem(TEXTS_PART, current[1], "", "", "", row_word="đoạn", part_word="phần"),
                          current[0], current[2], text)
        lines.clear()

    for n, block in blocks:
        if isinstance(block, Table):
            if current is not None and not _figure_columns(block):
                lines.extend(" | ".join(_cell_text(c) for c in row.cells) for row in block.rows)
            continue
        text = _text(block)
        m = MARK_RE.search(text)
        if m and m.group(1).lower() == "mau":
            continue
        if m:
            flush()
            what, name = m.group(1).lower(), (m.group(2) or "").strip()
            current = None
            if what == "muc":
                current = (name if name in sections else None, n, m.group(0))
                if name not in sections:
                    report.problems.append(Problem(TEXTS_PART, n, "", text.strip(), f"dấu mục “{m.group(0)}” không "
                                                   "có trong mẫu (đã bị sửa); nội dung sau nó không được nhận — hãy "
                                                   "sửa lại dấu như mẫu.", row_word="đoạn", part_word="phần"))
            continue
        if DAMAGED_RE.search(text):
            flush()
            current = None
            report.problems.append(Problem(TEXTS_PART, n, "", text.strip(), "dấu mục bị hỏng (thiếu hoặc thừa ký "
                                           "tự [[ ]]); nội dung sau nó không được nhận cho tới dấu mục kế tiếp — hãy "
                                           "sửa lại dấu như mẫu ([[muc:…]]).", row_word="đoạn", part_word="phần"))
            continue
        if current is not None:
            lines.append(text)
    flush()
    missing = [label for k, label in sections.items() if k not in seen]
    if missing and (seen or report.figures):
        report.notes.append("Văn bản không có mục: " + "; ".join(missing) + " (đã bị xóa — coi như không báo cáo).")


def _section_text(lines: list[str], headings: set[str]) -> str:
    """The paragraphs of one section: its heading line (as in the form, numbered or not) and the placeholder
    dropped, paragraphs kept apart by a line break, blank lines at either end dropped."""
    out = list(lines)
    first = next((i for i, t in enumerate(out) if t.strip()), None)
    if first is not None and key(re.sub(r"^\s*\d+\s*[.)]\s*", "", out[first])) in headings:
        del out[first]
    cleaned = [t.replace(PLACEHOLDER, "").rstrip() if PLACEHOLDER in t else t.rstrip() for t in out]
    return "\n".join(cleaned).strip()
