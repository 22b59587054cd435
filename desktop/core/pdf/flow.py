"""Flowables of the documents besides tables: the closing kept with the end of the body, and bar charts.

The closing (Nơi nhận and the signature, or a Biên bản's two signatures) is never alone on a page: Nghị định
30/2020, Phụ lục I puts the signature right after the body's last words ("… ./."), and a văn thư rejects a page that
holds only the signature — nothing on it shows which text was signed (issue 16, fault 1). `KeepTail` keeps the last
body flowable with the closing; a long last paragraph still breaks inside, its last lines going with the closing.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from desktop.core.pdf.model import BarChart
from desktop.core.pdf.typeset import FONT, PARA_GAP, doc_styles, esc, text_width

MIN_TAIL_LINES = 2  # lines of a split last paragraph that go to the closing's page
_SPLIT_TRIES = 64


def _split_keeping(flowable: Flowable, width: float, height: float, min_tail: float) -> list[Flowable] | None:
    """`flowable` split into (a part that fits in `height`, the rest) with the rest at least `min_tail` high; None
    when it cannot be split so."""
    flowable.wrap(width, height)
    room = height
    for _ in range(_SPLIT_TRIES):
        parts = flowable.split(width, room)
        if len(parts) != 2:
            return None
        _, tail = parts[1].wrap(width, 1e9)
        if tail >= min_tail - 0.5:
            return parts
        room -= min_tail - tail
        if room <= 0:
            return None
    return None


class KeepTail(KeepTogether):
    """The body's last flowable and the closing after it, on one page. When they do not fit in the space left, the
    last flowable (a paragraph, a table) is split there and only its end moves with the closing to the next page —
    at least `MIN_TAIL_LINES` lines of a paragraph; one that cannot be split so moves whole with the closing."""

    def __init__(self, last: Flowable, closing: list[Flowable]) -> None:
        super().__init__([last, *closing])
        self.last = last
        self.closing = closing

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH:
            style = getattr(self.last, "style", None)
            min_tail = MIN_TAIL_LINES * style.leading if isinstance(self.last, Paragraph) and style else 0
            parts = _split_keeping(self.last, aW, aH, min_tail)
            if parts is not None:
                return [parts[0], KeepTail(parts[1], self.closing)]
        return super().split(aW, aH)  # fits, or moves whole to the next page (or flows, if no page can hold it)


def keep_tail(body: list[Flowable], closing: list[Flowable]) -> list[Flowable]:
    """The story's end: the body with its last content flowable (and any spacers after it) tied to the closing."""
    if not closing:
        return body
    end = len(body)
    while end and isinstance(body[end - 1], Spacer):
        end -= 1
    if not end:
        return [*body, *closing]
    return [*body[:end - 1], KeepTail(body[end - 1], [*body[end:], *closing])]


# ---------------------------------------------------------------------------------------------------------------
# Bar charts

CHART_ROW = 14  # points per bar
CHART_PART = 40  # bars per drawing: a long chart (130 groups) breaks across pages between parts


def _fit(text: str, width: float, size: float) -> str:
    """Cut a label that would run into the bars, ending it with "…"."""
    if text_width(text, FONT, size) <= width:
        return text
    while text and text_width(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(chart: BarChart, width: float, lead: list[Flowable]) -> list[Flowable]:
    """Horizontal bars drawn with reportlab's graphics (vector, the embedded font, grey on white)."""
    size = 10
    styles = doc_styles()
    head: list[Flowable] = [*lead, Paragraph(esc(chart.title), styles["caption"])]
    if not chart.bars:
        return [*head, Paragraph("(không có số liệu)", styles["note"])]
    label_w = min(width * 0.3, max(text_width(b[0], FONT, size) for b in chart.bars) + 6)
    text_w = max(text_width(b[2], FONT, size) for b in chart.bars) + 6
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
    out.append(Paragraph(esc(chart.note), styles["note"]) if chart.note else Spacer(1, PARA_GAP))
    return out
