"""Lay out an `AdminDocument` as a PDF following Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức văn bản hành chính).

Page: A4, margins top 20, bottom 20, left 30, right 15 mm; Liberation Serif (metric twin of Times New Roman),
embedded; everything black. Page numbers centred in the top margin, not on a section's first page; every phụ lục
is numbered on its own. See /work/shared/reference/domain.md §1 for the rules this file follows.

Data tables do not go into a reportlab `Table`: it re-lays out every remaining row at each page break, which is
quadratic (8,000 rows: 9 s), and draws each cell with its own graphics state. `_Grid` measures each row once, splits
by bisection and draws a page of cells as one path plus one text object (5,000 rows × 7 columns: about 1.5 s).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable

from desktop.core.pdf.flow import bar_chart, keep_tail
from desktop.core.pdf.grid import table_flowables
from desktop.core.pdf.model import (
    AdminDocument,
    Appendix,
    BarChart,
    Block,
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
    BODY_SIZE,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    body_style,
    doc_styles,
    esc,
    keep_spaces,
    register_fonts,
    text_width,
    wrap_text,
)
from desktop.core.pdf.watermark import MarkedCanvas

CREATOR = "Sổ Thi đua"

# Page geometry (ND 30: top 20–25, bottom 20–25, left 30–35, right 15–20 mm; we take the minimum of each).
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)
HEADER_LEFT_SHARE = 0.41  # the issuer column; the rest is for Quốc hiệu / Tiêu ngữ
RULE_THICKNESS = 0.6
SIGNATURE_SPACE = 28 * mm  # room for the signature and the seal


def _end_list(items: list[str]) -> list[str]:
    """ND 30 list lines: "- X;" for each, "- X." for the last (the caller's own ; or . is replaced)."""
    cleaned = [item.strip().rstrip(";.").rstrip() for item in items]
    return [f"- {item}{'.' if i == len(cleaned) - 1 else ';'}" for i, item in enumerate(cleaned)]


def _rule(width: float, before: float = 1, after: float = 0) -> HRFlowable:
    return HRFlowable(width=width, thickness=RULE_THICKNESS, color=colors.black, lineCap="butt",
                      spaceBefore=before, spaceAfter=after, hAlign="CENTER")


def _box() -> list[tuple]:
    """A borderless table cell style with no padding (the header and the closing block)."""
    return [
        ("FONT", (0, 0), (-1, -1), FONT, BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Document parts


def _blocks(blocks: list[Block], frame_width: float, frame_height: float) -> list[Flowable]:
    styles = doc_styles()
    out: list[Flowable] = []
    headings = 0  # how many flowables at the end of `out` are headings (they go with a table that follows)
    for block in blocks:
        if isinstance(block, Heading):
            if block.level <= 1:
                out.append(Paragraph(esc(block.text.upper()), styles["h1"]))
            else:
                out.append(Paragraph(esc(block.text), styles["h2" if block.level == 2 else "h3"]))
            headings += 1
            continue
        if isinstance(block, Para):
            bold_lead = f"<b>{esc(block.lead)}</b> " if block.lead else ""
            out.append(Paragraph(bold_lead + esc(block.text), body_style(block.indent, block.align, block.bold,
                                                                          block.italic)))
        elif isinstance(block, Table):
            lead = out[len(out) - headings:]
            del out[len(out) - headings:]
            out.extend(table_flowables(block, frame_width, frame_height, lead))
        elif isinstance(block, BarChart):
            lead = out[len(out) - headings:]
            del out[len(out) - headings:]
            out.extend(bar_chart(block, frame_width, lead))
        elif isinstance(block, PageBreak):
            out.append(RLPageBreak())
        else:
            raise TypeError(f"not a document block: {block!r}")
        headings = 0
    return out


def _header(doc: AdminDocument, width: float) -> list[Flowable]:
    """Ô 1–4: issuer, rule and Số on the left; Quốc hiệu, Tiêu ngữ with its rule and the place/date on the right.
    Số and the place/date sit in the same table row, same size and padding, so they share a baseline."""
    styles = doc_styles()
    left_w = round(width * HEADER_LEFT_SHARE, 1)
    right_w = width - left_w
    # ND 30, Phụ lục I, ô 2 (domain.md §1.2): the cơ quan chủ quản upright, not bold; the issuing body bold.
    parent, issuer = issuer_parts(doc)
    left: list[Flowable] = [Paragraph(esc(line), styles["issuer_parent"]) for line in parent]
    left += [Paragraph(esc(line), styles["issuer"]) for line in issuer]
    if issuer:
        last_line = wrap_text(issuer[-1], FONT_BOLD, 13, left_w)[-1]
        left.append(_rule(0.4 * text_width(last_line, FONT_BOLD, 13), before=4))  # ND 30: 1/3–1/2 of the text
    motto = "Độc lập - Tự do - Hạnh phúc"
    right: list[Flowable] = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles["nation"]),
        Paragraph(motto, styles["motto"]),
        _rule(text_width(motto, FONT_BOLD, 13), before=4),  # ND 30: as long as the Tiêu ngữ
    ]
    top = RLTable([[left, right]], colWidths=[left_w, right_w], style=_box() + [("ALIGN", (0, 0), (-1, -1), "CENTER")],
                  hAlign="CENTER")
    # Ô 4 on one line: a long địa danh ("Phường Hòa Khánh Bắc, ngày …") takes room from the Số cell, which keeps
    # what its own text needs, rather than wrapping the year onto a second line.
    number = keep_spaces(doc.number)
    date_w = min(max(right_w, text_width(doc.place_date, FONT_ITALIC, 13) + 2),
                 width - text_width(number, FONT, 13) - 8)
    style = _box() + [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 7)]
    row = RLTable([[Paragraph(esc(number), styles["number"]), Paragraph(esc(doc.place_date), styles["place_date"])]],
                  colWidths=[width - date_w, date_w], style=style, hAlign="CENTER")
    return [top, row]


def _title_block(doc: AdminDocument, width: float) -> list[Flowable]:
    """Ô 5a (tên loại + trích yếu with its rule), ô 9a (Kính gửi), then the thẩm quyền line of a Quyết định."""
    styles = doc_styles()
    out: list[Flowable] = [Spacer(1, 16), Paragraph(esc(doc.kind_title.upper()), styles["kind"])]
    if doc.subject:
        out.append(Paragraph(esc(doc.subject), styles["subject"]))
        widest = max(text_width(line, FONT_BOLD, BODY_SIZE) for line in wrap_text(doc.subject, FONT_BOLD,
                                                                                BODY_SIZE, width))
        out.append(_rule(min(0.4 * widest, width / 3), before=5))
    else:
        out.append(_rule(width / 6, before=5))
    out.append(Spacer(1, 10))
    if len(doc.recipients) == 1:
        text = f"Kính gửi: {doc.recipients[0].strip().rstrip(';.').rstrip()}."
        out += [Paragraph(esc(text), styles["recipient_one"]), Spacer(1, 10)]
    elif doc.recipients:
        out += [_recipients(doc.recipients, width), Spacer(1, 10)]
    if doc.authority_line:
        out += [Paragraph(esc(doc.authority_line.upper()), styles["authority_line"]), Spacer(1, 10)]
    return out


def _recipients(recipients: list[str], width: float) -> RLTable:
    """Several recipients: "Kính gửi:" on its own line, then "- X;" lines whose dashes start under the end of the
    colon; the block as a whole is centred."""
    styles = doc_styles()
    label = "Kính gửi:"
    label_w = text_width(label, FONT, BODY_SIZE) + 2
    lines = _end_list(recipients)
    item_w = min(max(text_width(line, FONT, BODY_SIZE) for line in lines) + 4, width * 0.85 - label_w)
    data = [[Paragraph(label, styles["recipient_label"]), ""]]
    data += [["", Paragraph(esc(line), styles["recipient_item"])] for line in lines]
    return RLTable(data, colWidths=[label_w, item_w], style=_box(), hAlign="CENTER")


def _signature_cell(sig: Signature) -> list[Flowable]:
    styles = doc_styles()
    cell: list[Flowable] = [Paragraph(esc(line.upper()), styles["sign_authority"]) for line in sig.authority]
    cell += [Spacer(1, SIGNATURE_SPACE), Paragraph(esc(sig.name), styles["sign_name"])]
    return cell


def _closing(doc: AdminDocument, width: float) -> list[Flowable]:
    """Ô 9b (Nơi nhận) on the left, ô 7 (signature) on the right, kept on one page. A Biên bản puts its second
    signer (the secretary) on the left instead of the Nơi nhận."""
    styles = doc_styles()
    if doc.left_signature is not None:
        left: list[Flowable] = _signature_cell(doc.left_signature)
        left_w = width / 2
    else:
        left = []
        if doc.cc:
            left.append(Paragraph("Nơi nhận:", styles["cc_title"]))
            left += [Paragraph(esc(line), styles["cc_item"]) for line in _end_list(doc.cc)]
        left_w = round(width * HEADER_LEFT_SHARE, 1)
    right = _signature_cell(doc.signature) if doc.signature is not None else []
    if not left and not right:
        return []
    style = _box() + [("ALIGN", (1, 0), (1, 0), "CENTER")]
    if doc.left_signature is not None:
        style.append(("ALIGN", (0, 0), (0, 0), "CENTER"))
    table = RLTable([[left, right]], colWidths=[left_w, width - left_w], style=style, hAlign="CENTER")
    return [Spacer(1, 8), table]  # kept on one page, and with the body's last lines, by `keep_tail`


def _appendix(appendix: Appendix, number: int, count: int, width: float, height: float) -> list[Flowable]:
    """ND 30, Phụ lục I (phụ lục): "Phụ lục" (numbered I, II, … only when there are several), the title, and the
    "(Kèm theo … ngày … tháng … năm …)" line; each on a new page, numbered on its own."""
    styles = doc_styles()
    orientation = "landscape" if appendix.landscape else "portrait"
    return [
        NextPageTemplate(f"appendix-first-{orientation}"),
        RLPageBreak(),
        Paragraph(esc(appendix_label(number, count, appendix.label)), styles["appendix_label"]),
        Paragraph(esc(appendix.title.upper()), styles["appendix_title"]),
        Paragraph(esc(keep_spaces(dates_in_words(appendix.subtitle))), styles["appendix_subtitle"]),
        Spacer(1, 12),
        *_blocks(appendix.blocks, width, height),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Pages


def _frame_size(pagesize: tuple[float, float]) -> tuple[float, float]:
    return pagesize[0] - MARGIN_LEFT - MARGIN_RIGHT, pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM


class _Pager:
    """Page numbers per section: each section (the document, then each phụ lục) starts on a template whose
    callback records its first physical page; later pages print their number within the section."""

    def __init__(self, draft: bool) -> None:
        self.draft = draft
        self.section_first = 1

    def first_page(self, main: bool) -> Callable[[Canvas, BaseDocTemplate], None]:
        def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
            self.section_first = canv.getPageNumber()
            if main and self.draft:
                _draw_draft_mark(canv, doc.pageTemplate.pagesize)
        return on_page

    def later_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        number = canv.getPageNumber() - self.section_first + 1
        width, height = doc.pageTemplate.pagesize
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(FONT, 13)  # ND 30: 13–14 pt, upright, centred in the top margin
        canv.drawCentredString(MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2, height - 12 * mm, str(number))
        canv.restoreState()


def _draw_draft_mark(canv: Canvas, pagesize: tuple[float, float]) -> None:
    """A small boxed "DỰ THẢO" in the top margin above the issuer, inside the 30 mm left margin."""
    text = "DỰ THẢO"
    text_w = text_width(text, FONT_BOLD, 12)
    x = MARGIN_LEFT + 1
    y = pagesize[1] - MARGIN_TOP + 3  # just above the header
    canv.saveState()
    canv.setStrokeColor(colors.black)
    canv.setFillColor(colors.black)
    canv.setLineWidth(0.8)
    canv.rect(x, y, text_w + 10, 18, stroke=1, fill=0)
    canv.setFont(FONT_BOLD, 12)
    canv.drawString(x + 5, y + 5, text)
    canv.restoreState()


def _templates(pager: _Pager) -> list[PageTemplate]:
    templates: list[PageTemplate] = []
    for orientation, pagesize in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        fw, fh = _frame_size(pagesize)

        def frame(fw: float = fw, fh: float = fh) -> Frame:
            return Frame(MARGIN_LEFT, MARGIN_BOTTOM, fw, fh, leftPadding=0, rightPadding=0, topPadding=0,
                         bottomPadding=0)

        if orientation == "portrait":
            # The main document: listed first, so the document starts on it.
            templates.append(PageTemplate("main-first", [frame()], onPage=pager.first_page(main=True),
                                          pagesize=pagesize, autoNextPageTemplate="later-portrait"))
        templates.append(PageTemplate(f"appendix-first-{orientation}", [frame()],
                                      onPage=pager.first_page(main=False), pagesize=pagesize,
                                      autoNextPageTemplate=f"later-{orientation}"))
        templates.append(PageTemplate(f"later-{orientation}", [frame()], onPage=pager.later_page,
                                      pagesize=pagesize))
    return templates


def render(doc: AdminDocument) -> bytes:
    """The document as PDF bytes. Same input → same bytes (reportlab's invariant mode), so a hash identifies it."""
    register_fonts()
    pw, ph = _frame_size(PORTRAIT)
    story: list[Flowable] = [*_header(doc, pw), *_title_block(doc, pw)]
    story = keep_tail([*story, *_blocks(doc.blocks, pw, ph)], _closing(doc, pw))
    for number, appendix in enumerate(doc.appendices, start=1):
        aw, ah = _frame_size(LANDSCAPE if appendix.landscape else PORTRAIT)
        story += _appendix(appendix, number, len(doc.appendices), aw, ah)

    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=PORTRAIT,
        pageTemplates=_templates(_Pager(doc.draft)),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title_of(doc),
        author=author_of(doc),
        subject=doc.title_meta or doc.subject,
        keywords=doc.number.strip(),
        creator=CREATOR,
        lang="vi",
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,  # otherwise every page's preamble selects Helvetica, which then enters the PDF
        initialFontSize=BODY_SIZE,
    )
    template.build(story, canvasmaker=_dated_canvas(document_date(doc), doc.watermark))
    return buffer.getvalue()


def _dated_canvas(date: dt.date | None, mark: str = "") -> Callable[..., Canvas]:
    """A canvas whose PDF carries the document's own date as its creation and modification date (00:00, Vietnam
    time): the same content gives the same bytes, so the SHA-256 of an issued PDF keeps its meaning. Without a date,
    reportlab's fixed invariant date. `mark`: the watermark under every page (the demo's "SỔ MẪU"), "" none."""
    def make(*args: object, **kwargs: object) -> Canvas:
        canv = MarkedCanvas(*args, watermark=mark, **kwargs)
        if date is not None:
            stamp = f"D:{date:%Y%m%d}000000+07'00'"
            canv._doc.info._dateFormatter = lambda *_ymdhms: stamp
        return canv
    return make
