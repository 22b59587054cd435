"""The tables of the documents: a grid drawn cell by cell (borders, header cells, rows that break across pages
with the header repeated), as Nghị định 30/2020 Phụ lục I lays a table out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
)

from desktop.core.pdf.model import (
    Table,
)
from desktop.core.pdf.typeset import (
    ASCENT,
    DESCENT,
    FONT,
    FONT_BOLD,
    PARA_GAP,
    doc_styles,
    esc,
    leading_for,
    text_width,
    wrap_text,
)

GRID_LINE = 0.5
# Tables are this much narrower than the frame on each side, so their 0.5 pt border lines (drawn centred on the
# cell edge) never reach into the left/right margins.
TABLE_INSET = 0.5
CELL_PAD_X = 3
CELL_PAD_Y = 2
# A number ("30.786.200.000", "1.234,5", "-12", "45%") is never broken inside a cell: the column is widened for it
# (`fit_numbers`) and, where the columns cannot all have their room, its cell's type gets smaller as needed.
NUMBER = re.compile(r"[-+(]?\d[\d.,]*%?\)?")


def widest_number(text: str, font: str, size: float) -> float:
    """The width of the widest number in `text` (0 without one)."""
    return max((text_width(word, font, size) for word in text.split() if NUMBER.fullmatch(word)), default=0.0)


# ---------------------------------------------------------------------------------------------------------------
# Tables


class _Cell:
    """One cell of plain text, wrapped on spaces and aligned left/centre/right. Cells are drawn by `_Grid` itself,
    not as Paragraphs inside a reportlab Table: a Paragraph parses markup, and a Table saves and restores the
    graphics state and opens a text object for every cell, which dominates the time of a 5,000-row table."""

    __slots__ = ("text", "font", "size", "leading", "align", "lines", "widths", "wrapped_at")

    def __init__(self, text: str, font: str, size: float, align: str, leading: float | None = None) -> None:
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading_for(size) if leading is None else leading
        self.align = align
        # Tuples until wrapped: a 5,000-row table has 45,000 cells, and two lists each (objects the garbage
        # collector tracks and walks) were a tenth of its render.
        self.lines: tuple[str, ...] | list[str] = ()
        self.widths: tuple[float, ...] | list[float] = ()
        self.wrapped_at = -1.0

    def wrap(self, width: float) -> float:
        """Break into lines for this inner width (cached); the height of the text."""
        if width != self.wrapped_at:
            one = text_width(self.text, self.font, self.size)
            if one <= width and "\n" not in self.text:  # the common case: one line (measured once)
                self.lines, self.widths = (self.text,), (one,)
            else:
                number = widest_number(self.text, self.font, self.size)
                if number > width:  # a number never breaks: smaller type in this cell (its column had no room)
                    self.size = max(1.0, int(self.size * width / number * 4) / 4)
                    self.leading = leading_for(self.size)
                    one = text_width(self.text, self.font, self.size)
                self.lines = wrap_text(self.text, self.font, self.size, width)
                self.widths = [text_width(line, self.font, self.size) for line in self.lines]
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
                    offset = (cell.leading - (ASCENT + DESCENT) * cell.size) / 2 + ASCENT * cell.size
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


def _room(table: Table) -> tuple[list[float], list[float]]:
    """Per column, the width its widest number needs, and the width its widest word needs (header included)."""
    rows = [(row, FONT) for row in table.rows] + ([(table.total, FONT_BOLD)] if table.total is not None else [])
    rows.append(([c.title for c in table.columns], FONT_BOLD))
    numbers = [0.0] * len(table.columns)
    words = [0.0] * len(table.columns)
    size = table.font_size
    pad = 2 * CELL_PAD_X + 0.5
    seen: set[tuple[int, str, str]] = set()  # a column's repeated texts (its tổ, hình thức) measured once
    for texts, font in rows:
        for i, text in enumerate(texts[:len(numbers)]):
            if (i, text, font) in seen:
                continue
            seen.add((i, text, font))
            for word in text.split():
                width = text_width(word, font, size) + pad
                if width > words[i]:
                    words[i] = width
                if width > numbers[i] and NUMBER.fullmatch(word):
                    numbers[i] = width
    return numbers, words


def fit_numbers(widths: list[float], numbers: list[float], words: list[float] | None = None) -> list[float]:
    """Column widths that give each column the room its widest number needs, taken from the columns with room to
    spare in proportion to it — first down to half a column, then down to the column's widest word (`words`); the
    total width is unchanged. What cannot be given is left to smaller type in the cells concerned."""
    floors = words or numbers
    for share in (0.5, 0.0):
        deficit = sum(max(0.0, n - w) for w, n in zip(widths, numbers, strict=True))
        slack = [max(0.0, w - max(n, f, w * share)) for w, n, f in zip(widths, numbers, floors, strict=True)]
        total_slack = sum(slack)
        if deficit <= 0.01 or total_slack <= 0:
            continue
        give = min(deficit, total_slack)
        widths = [w + (n - w) * give / deficit if n > w else w - s * give / total_slack
                  for w, n, s in zip(widths, numbers, slack, strict=True)]
    return widths


def table_flowables(table: Table, frame_width: float, frame_height: float,
                     lead: list[Flowable]) -> list[Flowable]:
    """The table as a `_Grid`; `lead` (headings just before it) and the caption travel with its first rows."""
    if not table.columns:
        return list(lead)
    usable = frame_width - 2 * TABLE_INSET
    total_weight = sum(c.width for c in table.columns) or 1
    col_widths = [usable * c.width / total_weight for c in table.columns]
    size = table.font_size
    aligns = [c.align for c in table.columns]
    col_widths = fit_numbers(col_widths, *_room(table))

    leading = leading_for(size)

    # One cell per distinct text of a column, shared by the rows that repeat it (a tổ, a hình thức, a work): it is
    # wrapped once for its column's width, and a long table makes half as many objects. Cells are read-only once
    # wrapped (a row cut across pages gets new cells, `_Cell.part`), so sharing them changes nothing drawn.
    shared: dict[tuple[int, str, str], _Cell] = {}

    def cell(i: int, text: str, font: str) -> _Cell:
        key = (i, text, font)
        found = shared.get(key)
        if found is None:
            found = shared[key] = _Cell(text, font, size, aligns[i], leading)
        return found

    def row_cells(texts: list[str], font: str) -> list[_Cell]:
        cells = [cell(i, text, font) for i, text in enumerate(texts[:len(aligns)])]
        # A short row gets empty cells, so the grid stays rectangular.
        return cells + [_Cell("", font, size, "left") for _ in range(len(aligns) - len(cells))]

    header = [_Cell(c.title, FONT_BOLD, size, "center") for c in table.columns]
    rows = [row_cells(row, FONT) for row in table.rows]
    if table.total is not None:
        rows.append(row_cells(table.total, FONT_BOLD))
    if table.caption:
        lead = [*lead, Paragraph(esc(table.caption), doc_styles()["caption"])]
    out: list[Flowable] = [_Grid(header, rows, col_widths, frame_height, lead)]
    if table.note:
        out.append(Paragraph(esc(table.note), doc_styles()["note"]))
    else:
        out.append(Spacer(1, PARA_GAP))
    return out
