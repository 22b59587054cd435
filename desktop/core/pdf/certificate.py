"""The Giấy khen certificate: A4 landscape, one page per person (reference/domain.md §2.10, from ND 98/2023 Điều 104).

Two ways to print: on plain paper (the whole certificate: border, Quốc hiệu, Tiêu ngữ, the decider's title and
"GIẤY KHEN" in red, then the variable lines), or on a pre-printed blank (only the variable lines). Blanks from
different printers differ by a few millimetres, so every variable line can be moved: positions are in mm from the
top-left corner of the sheet, plus a shift for the whole sheet (the printer's own offset) and one per line; the
clerk stores these in the settings (Cài đặt → Danh mục khen thưởng → Giấy khen).

The Quốc huy (top centre on a ward's Giấy khen) is not drawn: the program has no licensed image of it, and the
blanks the wards buy carry it. On plain paper its place at the top stays empty.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from desktop.core.pdf import nd30, typeset
from desktop.core.pdf.watermark import MarkedCanvas

PAGE = landscape(A4)  # 297 × 210 mm
RED = colors.HexColor("#c00000")
BORDER = colors.HexColor("#8b1a1a")


@dataclass(frozen=True)
class Line:
    """Where a line of text goes: centre (or left edge) in mm from the sheet's top-left, font, size, colour."""

    x: float
    y: float
    font: str
    size: float
    color: Any = colors.black
    width: float = 0  # >0: wrap into lines this wide (mm), centred
    max_lines: int = 1


# The lines that change from one certificate to the next: printed on plain paper and on blanks alike.
VARIABLE: dict[str, Line] = {
    "nominee": Line(148.5, 112, typeset.FONT_BOLD, 24),
    "address": Line(148.5, 123, typeset.FONT_ITALIC, 14),
    "achievement": Line(148.5, 133, typeset.FONT, 15, width=215, max_lines=3),
    "decision": Line(72, 170, typeset.FONT_BOLD_ITALIC, 13),
    "book_no": Line(72, 177, typeset.FONT_BOLD_ITALIC, 13),
    "place_date": Line(218, 158, typeset.FONT_BOLD_ITALIC, 14),
    "signer_title": Line(218, 165, typeset.FONT_BOLD, 14),
    "signer_name": Line(218, 190, typeset.FONT_BOLD, 15),
}
# What a pre-printed blank already carries.
STATIC: dict[str, Line] = {
    "nation": Line(148.5, 38, typeset.FONT_BOLD, 14),
    "motto": Line(148.5, 45, typeset.FONT_BOLD, 14),
    "decider": Line(148.5, 60, typeset.FONT_BOLD, 16, RED),
    "give": Line(148.5, 71, typeset.FONT_BOLD, 16),
    "title": Line(148.5, 91, typeset.FONT_BOLD, 46, RED),
}
FIELD_LABELS: dict[str, str] = {
    "nominee": "Tên người, hộ, tập thể được khen",
    "address": "Địa chỉ",
    "achievement": "Thành tích",
    "decision": "Số, ngày quyết định",
    "book_no": "Số sổ vàng",
    "place_date": "Địa danh, ngày tháng",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
}


@dataclass
class Layout:
    """The stored settings: plain paper or blank, a shift of the whole sheet, and a shift per variable line (mm)."""

    preprinted: bool = False
    dx: float = 0.0
    dy: float = 0.0
    fields: dict[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, data: dict[str, Any] | None) -> Layout:
        data = data or {}
        fields = {k: (float(v[0]), float(v[1])) for k, v in (data.get("fields") or {}).items()
                  if k in VARIABLE and isinstance(v, list | tuple) and len(v) == 2}
        return cls(bool(data.get("preprinted")), float(data.get("dx") or 0), float(data.get("dy") or 0), fields)

    def to_settings(self) -> dict[str, Any]:
        return {"preprinted": self.preprinted, "dx": self.dx, "dy": self.dy,
                "fields": {k: list(v) for k, v in self.fields.items() if v != (0.0, 0.0)}}

    def position(self, key: str, line: Line) -> tuple[float, float]:
        fx, fy = self.fields.get(key, (0.0, 0.0))
        return line.x + self.dx + fx, line.y + self.dy + fy


@dataclass
class Certificate:
    """The text of one certificate, already formatted."""

    decider: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM"
    nominee: str  # "Hộ gia đình Phan Ngọc Hòa"
    address: str  # "Số 2 hẻm 162 Lê Trung Đình, Tổ dân phố 5"
    achievement: str  # "Đã có thành tích …"
    decision: str  # "Quyết định số 05/QĐ-UBND ngày 12/6/2026"
    book_no: str  # "Số sổ vàng: 12" or "Số sổ vàng: ……"
    place_date: str  # "Nguyễn Nghiêm, ngày 12 tháng 6 năm 2026"
    signer_title: list[str]  # ["CHỦ TỊCH"] or ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer_name: str
    title: str = "GIẤY KHEN"


def _y(y_mm: float) -> float:
    """mm from the top of the sheet → reportlab's points from the bottom."""
    return PAGE[1] - y_mm * mm


def _text(canv: Canvas, line: Line, x_mm: float, y_mm: float, text: str) -> None:
    """A line (or a wrapped block) centred on x; the baseline of the first line at y."""
    canv.setFont(line.font, line.size)
    canv.setFillColor(line.color)
    lines = simpleSplit(text, line.font, line.size, line.width * mm) if line.width else [text]
    lines = lines[:line.max_lines] if line.max_lines > 0 else lines
    leading = line.size * 1.25
    for i, one in enumerate(lines):
        canv.drawCentredString(x_mm * mm, _y(y_mm) - i * leading, one)


def _border(canv: Canvas) -> None:
    """A double frame with small corner ornaments, in dark red (a ward's Giấy khen is not a State certificate)."""
    w, h = PAGE
    canv.saveState()
    canv.setStrokeColor(BORDER)
    canv.setLineWidth(3)
    canv.rect(9 * mm, 9 * mm, w - 18 * mm, h - 18 * mm)
    canv.setLineWidth(0.8)
    canv.rect(13 * mm, 13 * mm, w - 26 * mm, h - 26 * mm)
    canv.setFillColor(BORDER)
    for cx, cy in ((13, 13), (w / mm - 13, 13), (13, h / mm - 13), (w / mm - 13, h / mm - 13)):
        path = canv.beginPath()
        r = 3.2 * mm
        path.moveTo(cx * mm, cy * mm + r)
        path.lineTo(cx * mm + r, cy * mm)
        path.lineTo(cx * mm, cy * mm - r)
        path.lineTo(cx * mm - r, cy * mm)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def _static(canv: Canvas, cert: Certificate, layout: Layout) -> None:
    texts = {"nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "motto": "Độc lập - Tự do - Hạnh phúc",
             "decider": cert.decider, "give": "TẶNG", "title": cert.title}
    for key, line in STATIC.items():
        # The static lines move with the whole sheet only (they are printed where the blank would have them).
        x, y = line.x + layout.dx, line.y + layout.dy
        _text(canv, line, x, y, texts[key])
        if key == "motto":
            half = canv.stringWidth(texts[key], line.font, line.size) / 2
            canv.setStrokeColor(colors.black)
            canv.setLineWidth(0.7)
            canv.line(x * mm - half, _y(y) - 2.2 * mm, x * mm + half, _y(y) - 2.2 * mm)


def _variable(canv: Canvas, cert: Certificate, layout: Layout) -> None:
    texts = {"nominee": cert.nominee, "address": cert.address, "achievement": cert.achievement,
             "decision": cert.decision, "book_no": cert.book_no, "place_date": cert.place_date,
             "signer_name": cert.signer_name}
    for key, line in VARIABLE.items():
        x, y = layout.position(key, line)
        if key == "signer_title":
            for i, title in enumerate(cert.signer_title):
                _text(canv, line, x, y + i * 6.5, title)
        elif texts[key]:
            _text(canv, line, x, y, texts[key])


def render(certificates: list[Certificate], layout: Layout | None = None, watermark: str = "") -> bytes:
    """One landscape page per certificate. Same input → same bytes. `watermark`: printed under every page (the demo
    ledger's "SỔ MẪU", `desktop.core.ledger.demo_mark.mark_for`), "" none."""
    typeset.register_fonts()
    layout = layout or Layout()
    buffer = io.BytesIO()
    canv = MarkedCanvas(buffer, pagesize=PAGE, invariant=1, pageCompression=1, initialFontName=typeset.FONT,
                        watermark=watermark)
    canv.setTitle("Giấy khen")
    canv.setCreator(nd30.CREATOR)
    for cert in certificates:
        if not layout.preprinted:
            _border(canv)
            _static(canv, cert, layout)
        _variable(canv, cert, layout)
        canv.showPage()
    canv.save()
    return buffer.getvalue()
