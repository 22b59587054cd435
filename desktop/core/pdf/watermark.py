"""The watermark of a document printed from the demo ledger: "SỔ MẪU", large, diagonal, light grey, BEHIND the
text, on every page — the one place every page of every PDF goes through is `MarkedCanvas.showPage`, the canvas of
both `nd30.render` (reports, notices, award documents, lists, the consolidated report) and `certificate.render`
(Giấy khen). The text to print comes from the document (`AdminDocument.watermark`, `certificate.render(…,
watermark=…)`), which the builders take from the ledger (`desktop.core.ledger.demo_mark.mark_for`); "" prints
nothing, so a real ledger's PDF is byte for byte what it was. The letters are drawn as shapes (`outline`), so the
mark is not part of the page's text.

Drawn last (when the page's size is final: a phụ lục may be landscape), then moved to the start of the page's
content stream, as reportlab itself does for crop marks: it lies under the text, which stays black and readable,
and no transparency is needed (printers and old viewers ignore it).
"""

from __future__ import annotations

import math

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from desktop.core.pdf import outline
from desktop.core.pdf.typeset import FONT_BOLD

GREY = colors.Color(0.82, 0.82, 0.82)  # light enough that black 11 pt text over it reads as on white paper
SHARE_OF_DIAGONAL = 0.62  # the mark's length along the page's diagonal
MAX_SIZE = 150  # points


def draw(canv: Canvas, text: str, pagesize: tuple[float, float]) -> None:
    """`text` centred on the page along its diagonal (bottom left to top right)."""
    width, height = pagesize
    diagonal = math.hypot(width, height)
    size = min(MAX_SIZE, SHARE_OF_DIAGONAL * diagonal / max(outline.width(text, FONT_BOLD, 1), 1e-6))
    canv.saveState()
    canv.setFillColor(GREY)
    canv.setStrokeColor(GREY)
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    # The letters' outlines, not text: the page's text (copied, searched, compared with the Word copy) stays the
    # document's own. About half the capital height below the axis, so the capitals are centred on it.
    outline.draw_centred(canv, text, FONT_BOLD, size, 0, -size * 0.33)
    canv.restoreState()


class MarkedCanvas(Canvas):
    """A reportlab canvas that puts `watermark` (when not empty) under the content of every page."""

    def __init__(self, *args: object, watermark: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.watermark = watermark
        # The mark's operators per page size: drawing its outlines is the same work on every page (a tenth of a
        # long report's time), and the operators between its saveState and restoreState leave no state behind.
        self._mark_ops: dict[tuple[str, tuple[float, float]], list[str]] = {}

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        if self.watermark:
            key = (self.watermark, tuple(self._pagesize))
            ops = self._mark_ops.get(key)
            if ops is None:
                start = len(self._code)
                draw(self, self.watermark, self._pagesize)
                ops = self._mark_ops[key] = self._code[start:]
                del self._code[start:]
            self._code[0:0] = ops  # under everything drawn on the page so far
        super().showPage()
