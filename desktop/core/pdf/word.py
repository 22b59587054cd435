"""An editable Word (.docx) copy of an `AdminDocument`: the same content as `nd30.render`'s PDF, in the layout of
Nghị định 30/2020/NĐ-CP, Phụ lục I (domain.md §1), for the văn thư and the signer to change a sentence before
signing. The issued record stays the PDF and its SHA-256; the copy says so in its properties.

§1.1: A4, margins top 20, bottom 20, left 30, right 15 mm; Times New Roman, black; page numbers centred in the top
margin from page 2 (a different first page and a PAGE field), each phụ lục its own section numbered from 1.
§1.2: the header as a borderless 2-column table (ô 2–3 left, ô 1 and ô 4 right) with the short rules as bottom
borders; tên loại and trích yếu bold 14; body 14 justified, first line 1.27 cm, 6 pt after; Nơi nhận 12 bold italic
with its items 11; the signer's authority and name bold 14. Tables are real Word tables (borders, the header row
repeated on each page); a bar chart becomes a table of its values (label, shown value).

Shared tool: knows no feature; imports the model, typeset's sizes and measures, python-docx and the standard
library. No Qt.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.core.pdf import word_mark
from desktop.core.pdf import word_parts as wp
from desktop.core.pdf.model import (
    AdminDocument,
    Appendix,
    BarChart,
    Block,
    Column,
    Heading,
    PageBreak,
    Para,
    Signature,
    Table,
    appendix_label,
    author_of,
    dates_in_words,
    document_date,
    issuer_parts,
    title_of,
)
from desktop.core.pdf.typeset import (
    BODY_LEADING,
    BODY_SIZE,
    FIRST_INDENT,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    PARA_GAP,
    register_fonts,
    text_width,
    wrap_text,
)

COPY_NOTE = "Bản sao để chỉnh sửa — văn bản đã ban hành là tệp PDF và mã SHA-256 của nó"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # ND 30 §1.1: the minimum of each range
A4_MM = (210, 297)
HEADER_LEFT_SHARE = 0.41  # as nd30: the issuer column; the rest is for Quốc hiệu / Tiêu ngữ
HEADER_DISTANCE_MM = 8  # the page number's line in the 20 mm top margin (the PDF's baseline sits 12 mm down)
SIGNATURE_SPACE = 28 * 72 / 25.4  # points: room for the signature and the seal, as the PDF
INDENT = FIRST_INDENT  # 1.27 cm, in points (reportlab's unit)


def _end_list(items: list[str]) -> list[str]:
    """ND 30 list lines: "- X;" for each, "- X." for the last (as nd30)."""
    cleaned = [item.strip().rstrip(";.").rstrip() for item in items]
    return [f"- {item}{'.' if i == len(cleaned) - 1 else ';'}" for i, item in enumerate(cleaned)]


def _room(section: Any) -> float:
    """The text width of a section, in points."""
    return (section.page_width - section.left_margin - section.right_margin) / 12700


def _page(section: Any, landscape: bool, first: bool) -> None:
    """A4 in the orientation, the ND 30 margins, page numbers from the section's second page, numbered from 1."""
    w, h = A4_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(h), Mm(w)) if landscape else (Mm(w), Mm(h))
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(HEADER_DISTANCE_MM), Mm(HEADER_DISTANCE_MM)
    section.different_first_page_header_footer = True  # ND 30: no number on the first page
    numbering = section._sectPr.find(qn("w:pgNumType"))  # a new section copies the previous one's
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        section._sectPr.insert_element_before(numbering, *wp.AFTER_PAGE_NUMBERING)
    numbering.set(qn("w:start"), "1")  # ND 30: each phụ lục is numbered on its own
    header = section.header
    if first:
        header.is_linked_to_previous = False
        par = header.paragraphs[0]
        wp.fmt(par, "center")
        wp.page_field(par, 13)  # ND 30: 13–14 pt, upright, centred
    else:
        section.first_page_header.is_linked_to_previous = False  # no DỰ THẢO mark on a phụ lục


def _styles(document: Any) -> None:
    """Normal: Times New Roman 14, Vietnamese; everything else sets its size and weight on its runs."""
    normal = document.styles["Normal"]
    normal.font.name = wp.FONT
    normal.font.size = Pt(BODY_SIZE)
    wp.set_fonts(normal.element.get_or_add_rPr(), BODY_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    for name in ("Header", "Footer"):
        if name in [s.name for s in document.styles]:
            wp.set_fonts(document.styles[name].element.get_or_add_rPr())
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            wp.set_fonts(rpr)


def _draft_mark(section: Any) -> None:
    """A boxed "DỰ THẢO" in the first page's top margin, above the issuer (as the PDF)."""
    par = section.first_page_header.paragraphs[0]
    wp.fmt(par, "left", before=11)  # just above the issuer, as the PDF's box
    run = par.add_run("DỰ THẢO")
    run.font.size, run.font.bold = Pt(12), True
    wp.boxed(run)


# ---------------------------------------------------------------------------------------------------------------
# Document parts


def _merged(a: Any, b: Any) -> Any:
    """Cells a and b as one, empty (python-docx merges only cells that hold a paragraph)."""
    a.add_paragraph()
    b.add_paragraph()
    cell = a.merge(b)
    for par in cell.paragraphs:
        cell._tc.remove(par._p)
    return cell


def _header(body: Any, doc: AdminDocument, room: float) -> None:
    """Ô 1–4: issuer, its rule and Số on the left; Quốc hiệu, Tiêu ngữ with its rule and the place/date right."""
    left_w = round(room * HEADER_LEFT_SHARE, 1)
    right_w = room - left_w
    # As nd30: a long place/date line takes room from the Số cell rather than wrap (a 3-column grid, merged).
    date_w = min(max(right_w, text_width(doc.place_date, FONT_ITALIC, 13) + 2),
                 room - text_width(doc.number, FONT, 13) - 8)
    if date_w > right_w + 1:
        table = wp.layout_table(body, [room - date_w, date_w - right_w, right_w], rows=2)
        left, right = _merged(table.cell(0, 0), table.cell(0, 1)), table.cell(0, 2)
        number, place = table.cell(1, 0), _merged(table.cell(1, 1), table.cell(1, 2))
    else:
        table = wp.layout_table(body, [left_w, right_w], rows=2)
        (left, right), (number, place) = table.rows[0].cells, table.rows[1].cells
    parent, issuer = issuer_parts(doc)  # ND 30 ô 2: the cơ quan chủ quản upright, the issuing body bold
    for line in parent:
        wp.line(left, line, 13, leading=15)
    for line in issuer:
        wp.line(left, line, 13, bold=True, leading=15)
    if issuer:
        last = wrap_text(issuer[-1], FONT_BOLD, 13, left_w)[-1]
        wp.rule(left, 0.4 * text_width(last, FONT_BOLD, 13), left_w, before=4)  # ND 30: 1/3–1/2 of the text
    wp.line(right, NATION, 12, bold=True, leading=15)
    wp.line(right, MOTTO, 13, bold=True, leading=15)
    wp.rule(right, text_width(MOTTO, FONT_BOLD, 13), right_w, before=4)  # ND 30: as long as the Tiêu ngữ
    wp.line(number, doc.number, 13, before=7, leading=15)  # Số and the date on one line (ô 3, ô 4)
    wp.line(place, doc.place_date, 13, italic=True, before=7, leading=15)


def _title_block(body: Any, doc: AdminDocument, room: float) -> None:
    """Ô 5a (tên loại, trích yếu and its rule), ô 9a (Kính gửi), the thẩm quyền line of a Quyết định."""
    wp.line(body, doc.kind_title.upper(), BODY_SIZE, bold=True, before=16, leading=BODY_LEADING, keep=True)
    if doc.subject:
        wp.line(body, doc.subject, BODY_SIZE, bold=True, leading=BODY_LEADING, keep=True)
        widest = max(text_width(line, FONT_BOLD, BODY_SIZE) for line in wrap_text(doc.subject, FONT_BOLD,
                                                                                BODY_SIZE, room))
        wp.rule(body, min(0.4 * widest, room / 3), room, before=5)
    else:
        wp.rule(body, room / 6, room, before=5)
    gap = 10  # the PDF's 10 pt spacers around the Kính gửi and the thẩm quyền line
    last = body.paragraphs[-1]  # the rule
    if len(doc.recipients) == 1:
        one = f"Kính gửi: {doc.recipients[0].strip().rstrip(';.').rstrip()}."
        last = wp.line(body, one, BODY_SIZE, before=gap, leading=BODY_LEADING)
    elif doc.recipients:
        last = _recipients(body, doc.recipients, room, gap)
    if doc.authority_line:
        last = wp.line(body, doc.authority_line.upper(), BODY_SIZE, bold=True, before=gap, leading=BODY_LEADING)
    last.paragraph_format.space_after = Pt(gap)


def _recipients(body: Any, recipients: list[str], room: float, gap: float) -> Any:
    """Several recipients: "Kính gửi:" on its own line, then "- X;" lines whose dashes start under the end of the
    colon; the block centred (as nd30). Returns the last paragraph."""
    label = "Kính gửi:"
    label_w = text_width(label, FONT, BODY_SIZE) + 2
    lines = _end_list(recipients)
    item_w = min(max(text_width(x, FONT, BODY_SIZE) for x in lines) + 4, room * 0.85 - label_w)
    table = wp.layout_table(body, [label_w, item_w], rows=1 + len(lines))
    wp.line(table.rows[0].cells[0], label, BODY_SIZE, align="left", before=gap, leading=BODY_LEADING)
    wp.line(table.rows[0].cells[1], "", BODY_SIZE, align="left", before=gap, leading=BODY_LEADING)
    dash = text_width("- ", FONT, BODY_SIZE)
    last = None
    for row, item in zip(table.rows[1:], lines, strict=True):
        row.cells[0].add_paragraph()
        last = wp.line(row.cells[1], item, BODY_SIZE, align="left", leading=BODY_LEADING, left=dash, indent=-dash)
    return last


def _blocks(body: Any, blocks: list[Block], room: float) -> Any:
    """The body's blocks; returns the last paragraph (the closing block is kept with it)."""
    last = None
    for block in blocks:
        if isinstance(block, Heading):
            if block.level <= 1:
                last = wp.line(body, block.text.upper(), BODY_SIZE, bold=True, align="justify", before=6,
                               after=PARA_GAP, leading=BODY_LEADING, keep=True)
            else:
                last = wp.line(body, block.text, BODY_SIZE, bold=block.level == 2, align="justify", indent=INDENT,
                               after=PARA_GAP, leading=BODY_LEADING, keep=True)
        elif isinstance(block, Para):
            last = _para(body, block)
        elif isinstance(block, Table):
            _table(body, block, room)
            last = None
        elif isinstance(block, BarChart):
            _chart(body, block, room)
            last = None
        elif isinstance(block, PageBreak):
            wp.page_break(body)
            last = None
        else:
            raise TypeError(f"not a document block: {block!r}")
    return last


def _para(body: Any, block: Para) -> Any:
    """A body paragraph; a bold lead run first when the model gives one ("Điều 1." of a Quyết định, ND 30 §1.2)."""
    par = wp.fmt(body.add_paragraph(), block.align, indent=INDENT if block.indent else 0, after=PARA_GAP,
                 leading=BODY_LEADING)
    lead = getattr(block, "lead", None)
    if lead:
        wp.text(par, f"{lead} ", BODY_SIZE, bold=True, italic=block.italic)
    return wp.text(par, block.text, BODY_SIZE, block.bold, block.italic)


def _table(body: Any, table: Table, room: float) -> None:
    if not table.columns:
        return
    if table.caption:
        wp.line(body, table.caption, 13, bold=True, before=3, after=4, leading=16, keep=True)
    wp.data_table(body, table, room - 1)
    _after_table(body, table.note)


def _after_table(body: Any, note: str | None) -> None:
    if note:
        wp.line(body, note, 12, italic=True, align="left", before=3, after=PARA_GAP, leading=14)
    else:
        par = wp.line(body, "", 6, align="left")
        par.paragraph_format.line_spacing = Pt(PARA_GAP)
        par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY  # the PDF's 6 pt spacer


def _chart(body: Any, chart: BarChart, room: float) -> None:
    """A bar chart as a table of its values: the label and the value printed after the bar."""
    wp.line(body, chart.title, 13, bold=True, before=3, after=4, leading=16, keep=True)
    if not chart.bars:
        wp.line(body, "(không có số liệu)", 12, italic=True, align="left", before=3, after=PARA_GAP, leading=14)
        return
    values = Table([Column("", 7), Column("", 3, "right")], [[label, shown] for label, _v, shown in chart.bars],
                   font_size=10)
    word = wp.data_table(body, values, (room - 1) * 0.7)
    word._tbl.remove(word._tbl.findall(qn("w:tr"))[0])  # no header row: the PDF's chart has none
    _after_table(body, chart.note)


def _signature_cell(cell: Any, sig: Signature) -> None:
    for line in sig.authority:
        wp.line(cell, line.upper(), BODY_SIZE, bold=True, leading=BODY_LEADING)
    wp.line(cell, sig.name, BODY_SIZE, bold=True, before=SIGNATURE_SPACE, leading=BODY_LEADING)


def _closing(body: Any, doc: AdminDocument, room: float, last: Any) -> None:
    """Ô 9b (Nơi nhận) left, ô 7 (signature) right, one row that does not split, kept with the body's last
    paragraph (never alone on a page). A Biên bản has its secretary's signature on the left instead."""
    if doc.left_signature is None and not doc.cc and doc.signature is None:
        return
    left_w = room / 2 if doc.left_signature is not None else round(room * HEADER_LEFT_SHARE, 1)
    if last is not None:
        last.paragraph_format.keep_with_next = True
    table = wp.layout_table(body, [left_w, room - left_w])
    wp.no_split(table.rows[0])
    left, right = table.rows[0].cells
    if doc.left_signature is not None:
        _signature_cell(left, doc.left_signature)
    elif doc.cc:
        wp.line(left, "Nơi nhận:", 12, bold=True, italic=True, align="left", before=8, leading=14)
        dash = text_width("- ", FONT, 11)
        for item in _end_list(doc.cc):
            wp.line(left, item, 11, align="left", leading=13, left=dash, indent=-dash)
    if doc.signature is not None:
        _signature_cell(right, doc.signature)
        right.paragraphs[0].paragraph_format.space_before = Pt(8)
    for cell in (left, right):
        if not cell.paragraphs:
            cell.add_paragraph()


def _appendix(document: Any, appendix: Appendix, number: int, count: int) -> None:
    """ND 30 (phụ lục): a new page, numbered on its own; "Phụ lục" (I, II, … when several), the title, the
    "(Kèm theo … ngày … tháng … năm …)" line."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, appendix.landscape, first=False)
    room = _room(section)
    wp.line(document, appendix_label(number, count, appendix.label), 14, bold=True, leading=17)
    wp.line(document, appendix.title.upper(), 14, bold=True, leading=17)
    wp.line(document, dates_in_words(appendix.subtitle), 14, italic=True, after=12, leading=17)
    _blocks(document, appendix.blocks, room)


def _properties(document: Any, doc: AdminDocument) -> None:
    props = document.core_properties
    props.title = title_of(doc)  # as the PDF's: the kind and the trích yếu
    props.author = author_of(doc)  # the unit
    props.last_modified_by = props.author
    props.subject = COPY_NOTE
    props.comments = COPY_NOTE
    props.keywords = "bản sao để chỉnh sửa"
    props.category = doc.kind_title.capitalize()
    props.language = wp.LANG
    props.revision = 1
    date = document_date(doc)  # the document's own date, as the PDF's creation date; else now
    stamp = dt.datetime(date.year, date.month, date.day) if date else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    props.created = props.modified = stamp.replace(microsecond=0)


def docx_bytes(doc: AdminDocument) -> bytes:
    """The document as a .docx file's bytes (an editable copy; the PDF stays the record)."""
    register_fonts()  # the measures of the rules use Liberation Serif's metrics (those of Times New Roman)
    document = Document()
    _styles(document)
    section = document.sections[0]
    _page(section, landscape=False, first=True)
    if doc.draft:
        _draft_mark(section)
    room = _room(section)
    body = document
    first = body.paragraphs[0]._p if body.paragraphs else None  # the template's empty first paragraph
    if first is not None:
        first.getparent().remove(first)
    _header(body, doc, room)
    _title_block(body, doc, room)
    last = _blocks(body, doc.blocks, room)
    _closing(body, doc, room, last)
    for number, appendix in enumerate(doc.appendices, start=1):
        _appendix(document, appendix, number, len(doc.appendices))
    _properties(document, doc)
    if doc.watermark:
        word_mark.add_watermark(document, doc.watermark)  # the demo's SỔ MẪU, as on the PDF's pages
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
