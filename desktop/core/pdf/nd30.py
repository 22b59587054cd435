"""Lay out an `AdminDocument` as a PDF following Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức văn bản hành chính).

Page: A4, margins top 20, bottom 20, left 30, right 15 mm; Liberation Serif (metric twin of Times New Roman),
embedded; everything black. Page numbers centred in the top margin, not on a section's first page; every phụ lục
is numbered on its own. See /work/shared/reference/domain.md §1 for the rules this file follows.

Data tables do not go into a reportlab `Table`: it re-lays out every remaining row at each page break, which is
quadratic (8,000 rows: 9 s), and draws each cell with its own graphics state. `_Grid` measures each row once, splits
by bisection and draws a page of cells as one path plus one text object (5,000 rows × 7 columns: about 1.5 s).
"""

from __future__ import annotations

import io
import re
import threading
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import accumulate
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable

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
)
from desktop.paths import resource_path

CREATOR = "Sổ Thi đua"

FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"
_FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    FONT_BOLD: "LiberationSerif-Bold.ttf",
    FONT_ITALIC: "LiberationSerif-Italic.ttf",
    FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
# Liberation Serif's vertical metrics (hhea, per 1 pt of size); used to centre a line of table text in its leading.
_ASCENT = 0.891
_DESCENT = 0.216

# Page geometry (ND 30: top 20–25, bottom 20–25, left 30–35, right 15–20 mm; we take the minimum of each).
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)

BODY_SIZE = 14
BODY_LEADING = 17  # ≈ 1.2 lines: ND 30 allows single (min) to 1.5 lines (max)
PARA_GAP = 6  # ND 30: at least 6 pt between paragraphs
FIRST_INDENT = 12.7 * mm  # 1.27 cm
HEADER_LEFT_SHARE = 0.41  # the issuer column; the rest is for Quốc hiệu / Tiêu ngữ
RULE_THICKNESS = 0.6
GRID_LINE = 0.5
# Tables are this much narrower than the frame on each side, so their 0.5 pt border lines (drawn centred on the
# cell edge) never reach into the left/right margins.
TABLE_INSET = 0.5
CELL_PAD_X = 3
CELL_PAD_Y = 2
SIGNATURE_SPACE = 28 * mm  # room for the signature and the seal

class _FastTTFont(TTFont):
    """reportlab maps every character of every string to its font subset one by one in Python: half the time of a
    long table. Once every character of a string has its code and all codes sit in subset 0 (the usual case: a
    Vietnamese document uses fewer than 256 distinct characters), the answer is just those bytes; anything else
    takes reportlab's own path, which also assigns the new codes. The output is byte-identical."""

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: ANN001, ANN201, N802 - reportlab's signature
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            assignments = state.assignments
            try:
                return [(0, bytes([assignments[c] for c in map(ord, text.replace("\xa0", " "))]))] if text else []
            except (KeyError, ValueError):  # a new character, or a code beyond subset 0
                pass
        return super().splitString(text, doc, encoding)


_register_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the four Liberation Serif faces as one family (so <b>/<i> work) once per process."""
    global _registered
    with _register_lock:
        if _registered:
            return
        # Streams are zlib-compressed; reportlab would also ASCII85-encode them (text-safe PDFs, a legacy need) in
        # pure Python, a tenth of the time of a long table and 25 % more bytes. It is a process-wide setting.
        rl_config.useA85 = 0
        for name, file in _FONT_FILES.items():
            pdfmetrics.registerFont(_FastTTFont(name, str(resource_path("fonts", file))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD_ITALIC)
        _registered = True


# ---------------------------------------------------------------------------------------------------------------
# Text helpers


def _esc(text: str) -> str:
    """Plain text → Paragraph markup: escape &, <, >; "\n" becomes a line break."""
    return escape(text).replace("\n", "<br/>")


def _keep_spaces(text: str) -> str:
    """Paragraphs collapse runs of spaces; "Số:      /BC-UBND" (a draft without a number) needs them kept."""
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group()), text)


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    # Cached: without the optional C accelerator (_rl_accel) reportlab measures TrueType text in pure Python, and
    # table columns repeat the same words ("Tổ dân phố 3", "Đất ở") thousands of times.
    return pdfmetrics.stringWidth(text, font, size)


@cache
def _leading(size: float) -> float:
    return round(size * 1.2, 2)


def _wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break plain text into lines no wider than `width`; a word longer than a line is cut between characters so
    that nothing runs over a table's grid or the margin."""
    if "\n" not in text and _width(text, font, size) <= width:
        return [text]  # the common case in a table of names and numbers
    lines: list[str] = []
    for raw in text.split("\n"):
        line = ""
        for word in raw.split():
            candidate = f"{line} {word}" if line else word
            if _width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and _width(word, font, size) > width:
                cut = len(word) - 1
                while cut > 1 and _width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _end_list(items: list[str]) -> list[str]:
    """ND 30 list lines: "- X;" for each, "- X." for the last (the caller's own ; or . is replaced)."""
    cleaned = [item.strip().rstrip(";.").rstrip() for item in items]
    return [f"- {item}{'.' if i == len(cleaned) - 1 else ';'}" for i, item in enumerate(cleaned)]


def _roman(n: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


# ---------------------------------------------------------------------------------------------------------------
# Styles (every one names a Liberation font: reportlab's defaults are Helvetica, which must not enter the PDF)

_ALIGN = {"justify": TA_JUSTIFY, "center": TA_CENTER, "left": TA_LEFT, "right": TA_RIGHT}


def _style(name: str, font: str = FONT, size: float = BODY_SIZE, leading: float | None = None,
           align: int = TA_CENTER, **kw: float) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or round(size * 1.2, 1),
                          alignment=align, textColor=colors.black, **kw)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    cc_dash = _width("- ", FONT, 11)
    rcp_dash = _width("- ", FONT, BODY_SIZE)
    return {
        "issuer": _style("issuer", FONT_BOLD, 13, 15),
        "number": _style("number", FONT, 13, 15),
        "nation": _style("nation", FONT_BOLD, 12, 15),
        "motto": _style("motto", FONT_BOLD, 13, 15),
        "place_date": _style("place_date", FONT_ITALIC, 13, 15),
        "kind": _style("kind", FONT_BOLD, BODY_SIZE, BODY_LEADING),
        "subject": _style("subject", FONT_BOLD, BODY_SIZE, BODY_LEADING),
        "recipient_one": _style("recipient_one", FONT, BODY_SIZE, BODY_LEADING),
        "recipient_label": _style("recipient_label", FONT, BODY_SIZE, BODY_LEADING, TA_LEFT),
        "recipient_item": _style("recipient_item", FONT, BODY_SIZE, BODY_LEADING, TA_LEFT,
                                 leftIndent=rcp_dash, firstLineIndent=-rcp_dash),
        "authority_line": _style("authority_line", FONT_BOLD, BODY_SIZE, BODY_LEADING),
        "h1": _style("h1", FONT_BOLD, BODY_SIZE, BODY_LEADING, TA_JUSTIFY, spaceBefore=6, spaceAfter=PARA_GAP,
                     keepWithNext=1),
        "h2": _style("h2", FONT_BOLD, BODY_SIZE, BODY_LEADING, TA_JUSTIFY, firstLineIndent=FIRST_INDENT,
                     spaceAfter=PARA_GAP, keepWithNext=1),
        "h3": _style("h3", FONT, BODY_SIZE, BODY_LEADING, TA_JUSTIFY, firstLineIndent=FIRST_INDENT,
                     spaceAfter=PARA_GAP, keepWithNext=1),
        "caption": _style("caption", FONT_BOLD, 13, 16, spaceBefore=3, spaceAfter=4),
        "note": _style("note", FONT_ITALIC, 12, 14, TA_LEFT, spaceBefore=3, spaceAfter=PARA_GAP),
        "cc_title": _style("cc_title", FONT_BOLD_ITALIC, 12, 14, TA_LEFT),
        "cc_item": _style("cc_item", FONT, 11, 13, TA_LEFT, leftIndent=cc_dash, firstLineIndent=-cc_dash),
        "sign_authority": _style("sign_authority", FONT_BOLD, BODY_SIZE, BODY_LEADING),
        "sign_name": _style("sign_name", FONT_BOLD, BODY_SIZE, BODY_LEADING),
        "appendix_label": _style("appendix_label", FONT_BOLD, 14, 17),
        "appendix_title": _style("appendix_title", FONT_BOLD, 14, 17),
        "appendix_subtitle": _style("appendix_subtitle", FONT_ITALIC, 14, 17),
    }


@cache
def _body_style(indent: bool, align: str, bold: bool, italic: bool) -> ParagraphStyle:
    font = {(False, False): FONT, (True, False): FONT_BOLD, (False, True): FONT_ITALIC,
            (True, True): FONT_BOLD_ITALIC}[(bold, italic)]
    return _style(f"body-{indent}-{align}-{bold}-{italic}", font, BODY_SIZE, BODY_LEADING,
                  _ALIGN.get(align, TA_JUSTIFY), firstLineIndent=FIRST_INDENT if indent else 0,
                  spaceAfter=PARA_GAP)


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
# Tables


class _Cell:
    """One cell of plain text, wrapped on spaces and aligned left/centre/right. Cells are drawn by `_Grid` itself,
    not as Paragraphs inside a reportlab Table: a Paragraph parses markup, and a Table saves and restores the
    graphics state and opens a text object for every cell, which dominates the time of a 5,000-row table."""

    __slots__ = ("text", "font", "size", "leading", "align", "lines", "widths", "wrapped_at")

    def __init__(self, text: str, font: str, size: float, align: str) -> None:
        self.text = text
        self.font = font
        self.size = size
        self.leading = _leading(size)
        self.align = align
        self.lines: list[str] = []
        self.widths: list[float] = []
        self.wrapped_at = -1.0

    def wrap(self, width: float) -> float:
        """Break into lines for this inner width (cached); the height of the text."""
        if width != self.wrapped_at:
            one = _width(self.text, self.font, self.size)
            if one <= width and "\n" not in self.text:  # the common case: one line (measured once)
                self.lines, self.widths = [self.text], [one]
            else:
                self.lines = _wrap_text(self.text, self.font, self.size, width)
                self.widths = [_width(line, self.font, self.size) for line in self.lines]
            self.wrapped_at = width
        return len(self.lines) * self.leading

    def part(self, start: int, end: int) -> _Cell:
        """Lines start..end-1 as a cell of their own (to cut a row taller than a page)."""
        cell = _Cell(self.text, self.font, self.size, self.align)
        cell.lines = self.lines[start:end] or [""]
        cell.widths = self.widths[start:end] or [0.0]
        cell.wrapped_at = self.wrapped_at
        return cell


class _TextBlock(PDFTextObject):
    """A text object that places each line at an absolute point. reportlab's own textOut also measures the line to
    move its cursor, and formats coordinates through a slow pure-Python routine; for a table of thousands of rows
    those two are a third of the run time, and we never use the cursor."""

    _fast: dict[int, int] | None = None  # the font's code assignments while its subset 0 is selected
    _encoded: dict[str, str] | None = None  # text → its escaped codes in that font (names, tổ, hình thức repeat)

    def setFont(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003, N802 - reportlab's signature
        super().setFont(*args, **kwargs)
        self._fast = None

    def line_at(self, x: float, y: float, text: str) -> None:
        fast = self._fast
        if fast is not None:
            encoded = self._encoded.get(text)  # type: ignore[union-attr]
            if encoded is None:
                # Every character already has its code in subset 0, which is selected: the bytes are just those
                # codes (reportlab's own path gives the same bytes, character by character in Python).
                try:
                    encoded = escapePDF(bytes([fast[c] for c in map(ord, text)]))
                except (KeyError, ValueError):  # a new character (or a non-breaking space): reportlab's path
                    encoded = None
                else:
                    self._encoded[text] = encoded  # type: ignore[index]
            if encoded is not None:
                self._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({encoded}) Tj")
                return
        self._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm {self._formatText(text)}")
        if self._curSubset == 0:
            self._fast = pdfmetrics.getFont(self._fontname).state[self._canvas._doc].assignments
            # Codes once given never change within a document: one memo per font, kept on the document.
            memos = self._canvas._doc.__dict__.setdefault("_thidua_encoded", {})
            self._encoded = memos.setdefault(self._fontname, {})
        else:
            self._fast = None


class _Grid(Flowable):
    """A table of any length, its header row repeated on every page; rows start..end-1 of shared measured rows.

    Every row is measured once; `split` finds by bisection how many rows fit in the space left and returns a grid of
    those rows plus a grid of the rest (sharing the same lists), so the cost is linear in the number of rows.
    Drawing writes the grid lines as one path and all the text as one text object.

    `lead` (the headings and the caption just before the table) is drawn above the first rows and moves with them:
    reportlab's keep-with-next would instead push a whole table that fits on a page to the next page, leaving a gap.
    """

    MIN_FIRST_ROWS = 2  # never leave the lead and the header alone at the foot of a page

    def __init__(self, header: list[_Cell], rows: list[list[_Cell]], col_widths: list[float],
                 max_height: float, lead: list[Flowable] | None = None) -> None:
        super().__init__()
        self.header = header
        self.rows = rows
        self.col_widths = col_widths
        self.max_height = max_height  # the frame height: no row may be taller than a page (minus the header)
        self.lead = lead or []
        self.lead_height = 0.0
        self.start = 0
        self.end = -1  # set by _measure (rows may be cut)
        self.header_height = 0.0
        self.tops: list[float] = []  # tops[i] = sum of the heights of rows before i
        self.hAlign = "CENTER"

    def _row_height(self, row: list[_Cell]) -> float:
        return max(c.wrap(w - 2 * CELL_PAD_X) for c, w in zip(row, self.col_widths, strict=True)) + 2 * CELL_PAD_Y

    def _measure(self) -> None:
        if self.tops:
            return
        self.header_height = self._row_height(self.header)
        limit = self.max_height - self.header_height - 1
        rows: list[list[_Cell]] = []
        heights: list[float] = []
        for row in self.rows:
            height = self._row_height(row)
            if height > limit:
                # A row taller than a page (a very long note) is cut into several rows of whole lines.
                per_part = max(1, int((limit - 2 * CELL_PAD_Y) // row[0].leading))
                parts = max(len(c.lines) for c in row)
                for first in range(0, parts, per_part):
                    rows.append([c.part(first, first + per_part) for c in row])
                    heights.append(self._row_height(rows[-1]))
            else:
                rows.append(row)
                heights.append(height)
        self.rows = rows
        self.tops = list(accumulate(heights, initial=0.0))
        self.end = len(rows)

    def _measure_lead(self, frame_width: float) -> None:
        self.lead_height = 0.0
        for i, flowable in enumerate(self.lead):
            _, height = flowable.wrap(frame_width, 1e6)
            self.lead_height += height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)

    def _window(self, start: int, end: int, lead: bool = True) -> _Grid:
        # A fresh object sharing the measured rows: copying __dict__ would also copy the marks reportlab leaves on a
        # flowable it has moved to the next page (`_postponed`), and a second move would then be an error.
        grid = _Grid(self.header, self.rows, self.col_widths, self.max_height,
                     self.lead if lead and start == self.start else None)
        grid.header_height, grid.tops = self.header_height, self.tops
        grid.start, grid.end = start, end
        return grid

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        self._measure()
        self._measure_lead(availWidth)
        self.width = sum(self.col_widths)
        self.lead_x = -(availWidth - self.width) / 2  # the lead spans the frame, the grid is inset
        self.height = self.lead_height + self.header_height + self.tops[self.end] - self.tops[self.start]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        self.wrap(availWidth, availHeight)
        room = availHeight - self.lead_height - self.header_height
        # Rows start..end-1 fit when tops[end] - tops[start] <= room.
        end = min(bisect_right(self.tops, self.tops[self.start] + room + 1e-6, lo=self.start) - 1, self.end)
        at_least = min(self.MIN_FIRST_ROWS if self.lead else 1, self.end - self.start)
        if end - self.start < max(at_least, 1):
            if self.lead and getattr(getattr(self, "_frame", None), "_atTop", False):
                # Not even an empty page holds the lead with the first rows: let the lead flow on its own.
                return [*self.lead, self._window(self.start, self.end, lead=False)]
            return []  # too few rows fit here: the frame moves the grid (with its lead) to the next page
        if end >= self.end:
            return [self._window(self.start, self.end)]
        if self.end - end == 1 and end - 1 - self.start >= max(at_least, 1):
            end -= 1  # no single last row (or the totals row alone) on the next page
        return [self._window(self.start, end), self._window(end, self.end)]

    def draw(self) -> None:
        canv = self.canv
        y = self.height
        for i, flowable in enumerate(self.lead):
            y -= flowable.getSpaceBefore() if i else 0
            y -= flowable.height
            flowable.drawOn(canv, self.lead_x, y)
            y -= flowable.getSpaceAfter()

        xs = list(accumulate(self.col_widths, initial=0.0))
        rows = [self.header, *self.rows[self.start:self.end]]
        # Row boundaries from the top of the header down.
        ys = [y, y - self.header_height]
        base = self.tops[self.start]
        ys += [ys[1] - (self.tops[i + 1] - base) for i in range(self.start, self.end)]

        canv.saveState()
        canv.setStrokeColor(colors.black)
        canv.setFillColor(colors.black)
        canv.setLineWidth(GRID_LINE)
        canv.setLineCap(2)  # square ends close the outer corners
        canv.grid(xs, ys)

        text = _TextBlock(canv)
        line_at = text.line_at
        current = ("", 0.0)
        offset = 0.0
        pad = CELL_PAD_X
        for row, top, bottom in zip(rows, ys, ys[1:], strict=False):
            middle = (top + bottom) / 2
            for cell, x, width in zip(row, xs, self.col_widths, strict=False):  # xs has one more (the right edge)
                if not cell.text:
                    continue
                if (cell.font, cell.size) != current:
                    current = (cell.font, cell.size)
                    text.setFont(cell.font, cell.size, cell.leading)
                    # Each line's glyph box (ascent + descent) centred in its leading: from the line's top to
                    # its baseline.
                    offset = (cell.leading - (_ASCENT + _DESCENT) * cell.size) / 2 + _ASCENT * cell.size
                # The block of lines centred vertically in the row.
                leading = cell.leading
                y = middle + len(cell.lines) * leading / 2 - offset
                align = cell.align
                for line, line_width in zip(cell.lines, cell.widths, strict=True):
                    if align == "left":
                        line_at(x + pad, y, line)
                    elif align == "right":
                        line_at(x + width - pad - line_width, y, line)
                    else:
                        line_at(x + (width - line_width) / 2, y, line)
                    y -= leading
        canv.drawText(text)
        canv.restoreState()


def _table_flowables(table: Table, frame_width: float, frame_height: float,
                     lead: list[Flowable]) -> list[Flowable]:
    """The table as a `_Grid`; `lead` (headings just before it) and the caption travel with its first rows."""
    if not table.columns:
        return list(lead)
    usable = frame_width - 2 * TABLE_INSET
    total_weight = sum(c.width for c in table.columns) or 1
    col_widths = [usable * c.width / total_weight for c in table.columns]
    size = table.font_size
    aligns = [c.align for c in table.columns]

    def row_cells(texts: list[str], font: str) -> list[_Cell]:
        cells = [_Cell(text, font, size, align) for text, align in zip(texts, aligns, strict=False)]
        # A short row gets empty cells, so the grid stays rectangular.
        return cells + [_Cell("", font, size, "left") for _ in range(len(aligns) - len(cells))]

    header = [_Cell(c.title, FONT_BOLD, size, "center") for c in table.columns]
    rows = [row_cells(row, FONT) for row in table.rows]
    if table.total is not None:
        rows.append(row_cells(table.total, FONT_BOLD))
    if table.caption:
        lead = [*lead, Paragraph(_esc(table.caption), _styles()["caption"])]
    out: list[Flowable] = [_Grid(header, rows, col_widths, frame_height, lead)]
    if table.note:
        out.append(Paragraph(_esc(table.note), _styles()["note"]))
    else:
        out.append(Spacer(1, PARA_GAP))
    return out


CHART_ROW = 14  # points per bar
CHART_PART = 40  # bars per drawing: a long chart (130 groups) breaks across pages between parts


def _fit(text: str, width: float, size: float) -> str:
    """Cut a label that would run into the bars, ending it with "…"."""
    if _width(text, FONT, size) <= width:
        return text
    while text and _width(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def _bar_chart(chart: BarChart, width: float, lead: list[Flowable]) -> list[Flowable]:
    """Horizontal bars drawn with reportlab's graphics (vector, the embedded font, grey on white)."""
    size = 10
    styles = _styles()
    head: list[Flowable] = [*lead, Paragraph(_esc(chart.title), styles["caption"])]
    if not chart.bars:
        return [*head, Paragraph("(không có số liệu)", styles["note"])]
    label_w = min(width * 0.3, max(_width(b[0], FONT, size) for b in chart.bars) + 6)
    text_w = max(_width(b[2], FONT, size) for b in chart.bars) + 6
    room = max(width - label_w - text_w, 10)
    top = max(b[1] for b in chart.bars) or 1
    parts: list[Flowable] = []
    for start in range(0, len(chart.bars), CHART_PART):
        chunk = chart.bars[start:start + CHART_PART]
        drawing = Drawing(width, CHART_ROW * len(chunk))
        drawing.hAlign = "LEFT"
        drawing.initialFontName, drawing.initialFontSize = FONT, size  # else the renderer starts in Helvetica
        for i, (label, value, text) in enumerate(chunk):
            y = CHART_ROW * (len(chunk) - 1 - i)
            drawing.add(String(label_w - 4, y + 3.5, _fit(label, label_w - 6, size), fontName=FONT, fontSize=size,
                               textAnchor="end"))
            bar = room * max(value, 0) / top
            if bar > 0:
                drawing.add(Rect(label_w, y + 2, max(bar, 0.8), CHART_ROW - 4, fillColor=colors.HexColor("#606060"),
                                 strokeColor=None))
            drawing.add(String(label_w + bar + 3, y + 3.5, text, fontName=FONT, fontSize=size))
        parts.append(drawing)
    out: list[Flowable] = [KeepTogether([*head, parts[0]]), *parts[1:]]
    out.append(Paragraph(_esc(chart.note), styles["note"]) if chart.note else Spacer(1, PARA_GAP))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Document parts


def _blocks(blocks: list[Block], frame_width: float, frame_height: float) -> list[Flowable]:
    styles = _styles()
    out: list[Flowable] = []
    headings = 0  # how many flowables at the end of `out` are headings (they go with a table that follows)
    for block in blocks:
        if isinstance(block, Heading):
            if block.level <= 1:
                out.append(Paragraph(_esc(block.text.upper()), styles["h1"]))
            else:
                out.append(Paragraph(_esc(block.text), styles["h2" if block.level == 2 else "h3"]))
            headings += 1
            continue
        if isinstance(block, Para):
            out.append(Paragraph(_esc(block.text), _body_style(block.indent, block.align, block.bold, block.italic)))
        elif isinstance(block, Table):
            lead = out[len(out) - headings:]
            del out[len(out) - headings:]
            out.extend(_table_flowables(block, frame_width, frame_height, lead))
        elif isinstance(block, BarChart):
            lead = out[len(out) - headings:]
            del out[len(out) - headings:]
            out.extend(_bar_chart(block, frame_width, lead))
        elif isinstance(block, PageBreak):
            out.append(RLPageBreak())
        else:
            raise TypeError(f"not a document block: {block!r}")
        headings = 0
    return out


def _header(doc: AdminDocument, width: float) -> RLTable:
    """Ô 1–4: issuer, rule and Số on the left; Quốc hiệu, Tiêu ngữ with its rule and the place/date on the right.
    Số and the place/date sit in the same table row, same size and padding, so they share a baseline."""
    styles = _styles()
    left_w = round(width * HEADER_LEFT_SHARE, 1)
    right_w = width - left_w
    issuer = [line.upper() for line in doc.issuer]
    left: list[Flowable] = [Paragraph(_esc(line), styles["issuer"]) for line in issuer]
    if issuer:
        last_line = _wrap_text(issuer[-1], FONT_BOLD, 13, left_w)[-1]
        left.append(_rule(0.4 * _width(last_line, FONT_BOLD, 13), before=4))  # ND 30: 1/3–1/2 of the text
    motto = "Độc lập - Tự do - Hạnh phúc"
    right: list[Flowable] = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles["nation"]),
        Paragraph(motto, styles["motto"]),
        _rule(_width(motto, FONT_BOLD, 13), before=4),  # ND 30: as long as the Tiêu ngữ
    ]
    data = [
        [left, right],
        [Paragraph(_esc(_keep_spaces(doc.number)), styles["number"]),
         Paragraph(_esc(doc.place_date), styles["place_date"])],
    ]
    style = _box() + [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 1), (-1, 1), 7)]
    return RLTable(data, colWidths=[left_w, right_w], style=style, hAlign="CENTER")


def _title_block(doc: AdminDocument, width: float) -> list[Flowable]:
    """Ô 5a (tên loại + trích yếu with its rule), ô 9a (Kính gửi), then the thẩm quyền line of a Quyết định."""
    styles = _styles()
    out: list[Flowable] = [Spacer(1, 16), Paragraph(_esc(doc.kind_title.upper()), styles["kind"])]
    if doc.subject:
        out.append(Paragraph(_esc(doc.subject), styles["subject"]))
        widest = max(_width(line, FONT_BOLD, BODY_SIZE) for line in _wrap_text(doc.subject, FONT_BOLD,
                                                                                BODY_SIZE, width))
        out.append(_rule(min(0.4 * widest, width / 3), before=5))
    else:
        out.append(_rule(width / 6, before=5))
    out.append(Spacer(1, 10))
    if len(doc.recipients) == 1:
        text = f"Kính gửi: {doc.recipients[0].strip().rstrip(';.').rstrip()}."
        out += [Paragraph(_esc(text), styles["recipient_one"]), Spacer(1, 10)]
    elif doc.recipients:
        out += [_recipients(doc.recipients, width), Spacer(1, 10)]
    if doc.authority_line:
        out += [Paragraph(_esc(doc.authority_line.upper()), styles["authority_line"]), Spacer(1, 10)]
    return out


def _recipients(recipients: list[str], width: float) -> RLTable:
    """Several recipients: "Kính gửi:" on its own line, then "- X;" lines whose dashes start under the end of the
    colon; the block as a whole is centred."""
    styles = _styles()
    label = "Kính gửi:"
    label_w = _width(label, FONT, BODY_SIZE) + 2
    lines = _end_list(recipients)
    item_w = min(max(_width(line, FONT, BODY_SIZE) for line in lines) + 4, width * 0.85 - label_w)
    data = [[Paragraph(label, styles["recipient_label"]), ""]]
    data += [["", Paragraph(_esc(line), styles["recipient_item"])] for line in lines]
    return RLTable(data, colWidths=[label_w, item_w], style=_box(), hAlign="CENTER")


def _signature_cell(sig: Signature) -> list[Flowable]:
    styles = _styles()
    cell: list[Flowable] = [Paragraph(_esc(line.upper()), styles["sign_authority"]) for line in sig.authority]
    cell += [Spacer(1, SIGNATURE_SPACE), Paragraph(_esc(sig.name), styles["sign_name"])]
    return cell


def _closing(doc: AdminDocument, width: float) -> list[Flowable]:
    """Ô 9b (Nơi nhận) on the left, ô 7 (signature) on the right, kept on one page. A Biên bản puts its second
    signer (the secretary) on the left instead of the Nơi nhận."""
    styles = _styles()
    if doc.left_signature is not None:
        left: list[Flowable] = _signature_cell(doc.left_signature)
        left_w = width / 2
    else:
        left = []
        if doc.cc:
            left.append(Paragraph("Nơi nhận:", styles["cc_title"]))
            left += [Paragraph(_esc(line), styles["cc_item"]) for line in _end_list(doc.cc)]
        left_w = round(width * HEADER_LEFT_SHARE, 1)
    right = _signature_cell(doc.signature) if doc.signature is not None else []
    if not left and not right:
        return []
    style = _box() + [("ALIGN", (1, 0), (1, 0), "CENTER")]
    if doc.left_signature is not None:
        style.append(("ALIGN", (0, 0), (0, 0), "CENTER"))
    table = RLTable([[left, right]], colWidths=[left_w, width - left_w], style=style, hAlign="CENTER")
    return [Spacer(1, 8), KeepTogether([table])]


def _appendix(appendix: Appendix, number: int, width: float, height: float) -> list[Flowable]:
    styles = _styles()
    orientation = "landscape" if appendix.landscape else "portrait"
    return [
        NextPageTemplate(f"appendix-first-{orientation}"),
        RLPageBreak(),
        Paragraph(_esc(f"{appendix.label} {_roman(number)}"), styles["appendix_label"]),
        Paragraph(_esc(appendix.title.upper()), styles["appendix_title"]),
        Paragraph(_esc(appendix.subtitle), styles["appendix_subtitle"]),
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
    text_w = _width(text, FONT_BOLD, 12)
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
    story: list[Flowable] = [_header(doc, pw), *_title_block(doc, pw)]
    story += _blocks(doc.blocks, pw, ph)
    story += _closing(doc, pw)
    for number, appendix in enumerate(doc.appendices, start=1):
        aw, ah = _frame_size(LANDSCAPE if appendix.landscape else PORTRAIT)
        story += _appendix(appendix, number, aw, ah)

    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=PORTRAIT,
        pageTemplates=_templates(_Pager(doc.draft)),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=doc.title_meta,
        author=doc.author_meta,
        subject=doc.subject,
        creator=CREATOR,
        lang="vi",
        invariant=1,
        pageCompression=1,
        initialFontName=FONT,  # otherwise every page's preamble selects Helvetica, which then enters the PDF
        initialFontSize=BODY_SIZE,
    )
    template.build(story)
    return buffer.getvalue()
