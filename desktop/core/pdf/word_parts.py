"""The pieces `word.docx_bytes` builds a Word document from: runs and paragraphs in the document's type, short
rules, borderless layout tables, data tables with borders and a repeated header row, the PAGE field.

Nghị định 30/2020/NĐ-CP, Phụ lục I (domain.md §1): Times New Roman, black, the sizes and weights of each ô; the
PDF engine's own sizes (typeset.doc_styles) are mirrored here so the two files look alike.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from desktop.core.pdf.model import Table

FONT = "Times New Roman"  # ND 30 Phụ lục I; the PDF embeds its metric twin, Liberation Serif
LANG = "vi-VN"
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}
RULE_PT = 4  # a bottom border of 0.5 pt (w:sz is in eighths of a point), as the PDF's 0.6 pt rules
CELL_PAD_X = 3  # points, as the PDF's grid (grid.CELL_PAD_X / CELL_PAD_Y)
CELL_PAD_Y = 2


def set_fonts(rpr: Any, size: float | None = None) -> None:
    """Times New Roman for every script slot, the language Vietnamese (spell checking), and a size."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(round(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANG)


def fmt(par: Any, align: str = "center", before: float = 0, after: float = 0, indent: float = 0,
        leading: float | None = None, left: float = 0, right: float = 0, keep: bool = False) -> Any:
    """Paragraph format: alignment, space before/after and first-line indent (points), line spacing "at least"
    `leading` points (the PDF's leading), left/right indents, keep with the next paragraph."""
    pf = par.paragraph_format
    par.alignment = ALIGN[align]
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if indent:
        pf.first_line_indent = Pt(indent)
    if left:
        pf.left_indent = Pt(left)
    if right:
        pf.right_indent = Pt(right)
    if leading:
        pf.line_spacing = Pt(leading)
        pf.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if keep:
        pf.keep_with_next = True
    return par


def text(par: Any, value: str, size: float, bold: bool = False, italic: bool = False) -> Any:
    """Runs of `value` in the paragraph; "\n" becomes a line break (as the PDF's <br/>)."""
    for i, line in enumerate(value.split("\n")):
        run = par.add_run(line)
        if i:
            run._r.insert(1 if run._r.rPr is not None else 0, OxmlElement("w:br"))
        run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.italic = italic or None
    return par


def line(container: Any, value: str, size: float, bold: bool = False, italic: bool = False, **kw: Any) -> Any:
    """A paragraph of text in `container` (the document, a cell, a header)."""
    par = container.add_paragraph()
    fmt(par, **kw)
    return text(par, value, size, bold, italic)


def rule(container: Any, length: float, room: float, before: float = 1) -> Any:
    """A solid centred line `length` points long: an empty 1 pt paragraph with a bottom border, indented so the
    border has that length in a column `room` points wide (ND 30: under the issuer, the Tiêu ngữ, the trích yếu)."""
    side = max((room - length) / 2, 0)
    par = container.add_paragraph()
    fmt(par, "center", before=before, left=side, right=side)
    pf = par.paragraph_format
    pf.line_spacing, pf.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY
    ppr = par._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(RULE_PT)), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                              "w:sectPr", "w:pPrChange")
    return par


def page_break(container: Any) -> None:
    container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def page_field(par: Any, size: float) -> None:
    """A PAGE field: Word and LibreOffice print the page's number within its section."""
    run = par.add_run()
    run.font.size = Pt(size)
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif instr == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        else:
            el = OxmlElement("w:t")
            el.text = instr
        run._r.append(el)


def boxed(run: Any) -> None:
    """A border around the run's characters (the "DỰ THẢO" mark)."""
    rpr = run._r.get_or_add_rPr()
    bdr = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", "000000")):
        bdr.set(qn(key), value)
    rpr.append(bdr)


# ---------------------------------------------------------------------------------------------------------------
# Tables


# Word reads a file whose elements are out of the schema's order as damaged: each is inserted before its successors.
_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                  "w:tblPrChange")
_AFTER_CELL_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
AFTER_PAGE_NUMBERING = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                        "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _borders(tbl: Any, value: str) -> None:
    """All the table's borders "single" (a data table) or "nil" (the header, the closing block)."""
    tblpr = tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), value)
        if value != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.insert_element_before(borders, *_AFTER_BORDERS)


def _margins(tbl: Any, x: float, y: float) -> None:
    mar = OxmlElement("w:tblCellMar")
    for side, value in (("top", y), ("left", x), ("bottom", y), ("right", x)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(value * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl.tblPr.insert_element_before(mar, *_AFTER_CELL_MARGINS)


def _fixed(table: Any, widths: list[float]) -> None:
    """Column widths in points, fixed (Word would otherwise fit the columns to their text)."""
    table.autofit = False  # w:tblLayout fixed
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Twips(round(width * 20))
        for cell in col.cells:
            cell.width = Twips(round(width * 20))


def layout_table(container: Any, widths: list[float], rows: int = 1) -> Any:
    """A borderless table with no cell padding, centred: the header (ô 1–4), the Kính gửi and closing blocks."""
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table._tbl, "nil")
    _margins(table._tbl, 0, 0)
    _fixed(table, widths)
    for cell in table._cells:
        cell._tc.remove(cell.paragraphs[0]._p)  # cells start with one empty paragraph; add_paragraph adds more
    return table


def no_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _cell_proto(width: float, align: str, size: float, bold: bool) -> Any:
    """One `w:tc` with its width, centred vertically, a paragraph with no spacing and one run in the type."""
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    tcw = OxmlElement("w:tcW")
    tcw.set(qn("w:w"), str(round(width * 20)))
    tcw.set(qn("w:type"), "dxa")
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "center")
    tcpr.append(tcw)
    tcpr.append(valign)
    tc.append(tcpr)
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(size * 1.2 * 20)))  # the PDF's cell leading (typeset.leading_for)
    spacing.set(qn("w:lineRule"), "exact")
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), {"right": "right", "center": "center"}.get(align, "left"))
    ppr.append(spacing)
    ppr.append(jc)
    p.append(ppr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if bold:
        rpr.append(OxmlElement("w:b"))
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(round(size * 2)))
    rpr.append(sz)
    r.append(rpr)
    p.append(r)
    tc.append(p)
    return tc


def _fill(tc: Any, value: str) -> None:
    r = tc[-1][-1]
    for i, part in enumerate(value.split("\n")):
        if i:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = part
        r.append(t)


def data_table(container: Any, table: Table, room: float) -> Any:
    """The model's table as a Word table: borders, the header row bold, centred and repeated on every page, the
    totals row bold, numbers right-aligned. Rows are copied from a prototype (python-docx's add_row re-reads the
    whole grid for every row: a 5,000-row appendix would take minutes)."""
    weights = [c.width for c in table.columns]
    widths = [room * w / (sum(weights) or 1) for w in weights]
    word = container.add_table(rows=1, cols=len(widths))
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(word._tbl, "single")
    _margins(word._tbl, CELL_PAD_X, CELL_PAD_Y)
    _fixed(word, widths)
    head = word.rows[0]
    trpr = head._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
    for cell, column in zip(head.cells, table.columns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        par = cell.paragraphs[0]
        fmt(par, "center")
        par.paragraph_format.line_spacing = Pt(round(table.font_size * 1.2, 2))
        par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        text(par, column.title, table.font_size, bold=True)
    protos = {bold: [_cell_proto(w, c.align, table.font_size, bold) for w, c in zip(widths, table.columns,
                                                                                     strict=True)]
              for bold in (False, True)}
    tbl = word._tbl
    rows = [(r, False) for r in table.rows] + ([(table.total, True)] if table.total is not None else [])
    for values, bold in rows:
        tr = OxmlElement("w:tr")
        tr.append(OxmlElement("w:trPr"))
        tr[0].append(OxmlElement("w:cantSplit"))
        for i, proto in enumerate(protos[bold]):
            tc = copy.deepcopy(proto)
            _fill(tc, values[i] if i < len(values) else "")
            tr.append(tc)
        tbl.append(tr)
    return word
