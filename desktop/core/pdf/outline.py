"""Text as shapes: the outlines of a line of Liberation Serif glyphs, read from the font's own `glyf` table, drawn
as one filled path. Used for the demo's "SỔ MẪU" watermark, which is a picture on the page and not text: copying a
page's text, searching it, or comparing it with its Word copy gives the document's words only.

TrueType outlines (Apple TrueType Reference Manual, "The 'glyf' table"): each glyph is either simple (contours of
on-curve and off-curve points, quadratic Bézier curves, implied on-curve points between two off-curve ones) or a
composite of other glyphs, moved and scaled (how Vietnamese letters with two marks, "Ổ", "Ẫ", are built).
"""

from __future__ import annotations

import struct
from functools import cache

from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas

from desktop.core.pdf.typeset import FONT_BOLD
from desktop.paths import resource_path

Point = tuple[float, float, bool]  # x, y (font units), on the curve
_FILES = {FONT_BOLD: "LiberationSerif-Bold.ttf"}


class _Font:
    def __init__(self, file: str) -> None:
        font = TTFontFile(str(resource_path("fonts", file)))
        self.units = font.unitsPerEm
        self.glyf = font.get_table("glyf")
        self.loca = font.glyphPos
        self.cmap = font.charToGlyph
        self.advances = [width for width, _lsb in font.hmetrics]

    def advance(self, glyph: int) -> int:
        return self.advances[min(glyph, len(self.advances) - 1)]

    @cache  # noqa: B019 - one object per font for the whole process
    def contours(self, glyph: int) -> list[list[Point]]:
        data = self.glyf[self.loca[glyph]:self.loca[glyph + 1]]
        if len(data) < 10:
            return []  # a space
        count = struct.unpack_from(">h", data)[0]
        return _simple(data, count) if count >= 0 else self._composite(data)

    def _composite(self, data: bytes) -> list[list[Point]]:
        out: list[list[Point]] = []
        at = 10
        while True:
            flags, glyph = struct.unpack_from(">HH", data, at)
            at += 4
            if flags & 0x0001:  # ARG_1_AND_2_ARE_WORDS
                dx, dy = struct.unpack_from(">hh", data, at)
                at += 4
            else:
                dx, dy = struct.unpack_from(">bb", data, at)
                at += 2
            if not flags & 0x0002:  # the offset is a pair of points to match, not x, y: rare, not in our fonts
                dx = dy = 0
            a, b, c, d = 1.0, 0.0, 0.0, 1.0
            if flags & 0x0008:  # WE_HAVE_A_SCALE
                a = d = struct.unpack_from(">h", data, at)[0] / 16384
                at += 2
            elif flags & 0x0040:  # WE_HAVE_AN_X_AND_Y_SCALE
                a, d = (v / 16384 for v in struct.unpack_from(">hh", data, at))
                at += 4
            elif flags & 0x0080:  # WE_HAVE_A_TWO_BY_TWO
                a, b, c, d = (v / 16384 for v in struct.unpack_from(">hhhh", data, at))
                at += 8
            for contour in self.contours(glyph):
                out.append([(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour])
            if not flags & 0x0020:  # MORE_COMPONENTS
                return out


def _coordinates(data: bytes, at: int, flags: list[int], short: int, same: int) -> tuple[list[int], int]:
    values, value = [], 0
    for flag in flags:
        if flag & short:
            step = data[at]
            at += 1
            value += step if flag & same else -step
        elif not flag & same:
            value += struct.unpack_from(">h", data, at)[0]
            at += 2
        values.append(value)
    return values, at


def _simple(data: bytes, count: int) -> list[list[Point]]:
    ends = struct.unpack_from(f">{count}H", data, 10)
    at = 10 + 2 * count
    at += 2 + struct.unpack_from(">H", data, at)[0]  # skip the instructions
    total = ends[-1] + 1 if ends else 0
    flags: list[int] = []
    while len(flags) < total:
        flag = data[at]
        at += 1
        repeat = 0
        if flag & 0x08:  # REPEAT_FLAG
            repeat = data[at]
            at += 1
        flags += [flag] * (1 + repeat)
    xs, at = _coordinates(data, at, flags, 0x02, 0x10)
    ys, at = _coordinates(data, at, flags, 0x04, 0x20)
    points = [(float(x), float(y), bool(f & 0x01)) for x, y, f in zip(xs, ys, flags, strict=True)]
    out, start = [], 0
    for end in ends:
        out.append(points[start:end + 1])
        start = end + 1
    return out


@cache
def _font(name: str) -> _Font:
    return _Font(_FILES[name])


def width(text: str, font: str, size: float) -> float:
    f = _font(font)
    return sum(f.advance(f.cmap.get(ord(ch), 0)) for ch in text) * size / f.units


def draw_centred(canv: Canvas, text: str, font: str, size: float, x: float, y: float) -> None:
    """Fill the outlines of `text` (baseline at y, centred on x) with the canvas's fill colour."""
    f = _font(font)
    scale = size / f.units
    pen = x - width(text, font, size) / 2
    path = canv.beginPath()
    for ch in text:
        glyph = f.cmap.get(ord(ch), 0)
        for contour in f.contours(glyph):
            _contour(path, [(pen + px * scale, y + py * scale, on) for px, py, on in contour])
        pen += f.advance(glyph) * scale
    canv.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)


def _contour(path: object, points: list[Point]) -> None:
    """One closed TrueType contour as lines and cubic curves (a quadratic curve is a cubic with its control points
    two thirds of the way to the quadratic one)."""
    if not points:
        return
    # Start on a point on the curve: the first one, else the midpoint between the first two off-curve points.
    first = next((i for i, p in enumerate(points) if p[2]), None)
    if first is None:
        (x0, y0, _), (x1, y1, _) = points[0], points[1 % len(points)]
        ring = [((x0 + x1) / 2, (y0 + y1) / 2, True), *points[1:], points[0]]
    else:
        ring = points[first:] + points[:first]
    sx, sy, _ = ring[0]
    path.moveTo(sx, sy)
    cx, cy = sx, sy
    control: tuple[float, float] | None = None
    for px, py, on in [*ring[1:], ring[0]]:
        if on:
            if control is None:
                path.lineTo(px, py)
            else:
                _quad(path, (cx, cy), control, (px, py))
                control = None
            cx, cy = px, py
        else:
            if control is not None:  # two off-curve points: the curve passes through their midpoint
                mx, my = (control[0] + px) / 2, (control[1] + py) / 2
                _quad(path, (cx, cy), control, (mx, my))
                cx, cy = mx, my
            control = (px, py)
    if control is not None:
        _quad(path, (cx, cy), control, (sx, sy))
    path.close()


def _quad(path: object, p0: tuple[float, float], c: tuple[float, float], p1: tuple[float, float]) -> None:
    path.curveTo(p0[0] + 2 / 3 * (c[0] - p0[0]), p0[1] + 2 / 3 * (c[1] - p0[1]),
                 p1[0] + 2 / 3 * (c[0] - p1[0]), p1[1] + 2 / 3 * (c[1] - p1[1]), p1[0], p1[1])
