"""Draw the program icon — a red book with a gold star — and write resources/icons/ (run once; the files are
committed, so a build needs no drawing):

    .venv/bin/python installer/make_icon.py

so-thi-dua.ico holds 16, 24, 32, 48, 64, 128 and 256 px (the sizes Windows asks for: title bar and small icons
16–24, taskbar 24–32, Explorer views 48–256); so-thi-dua-256.png and so-thi-dua-48.png are for Linux desktops and
the window icon. Each size is drawn 8× larger and scaled down, and the small sizes get a bolder drawing (thicker
spine, no page lines) so they stay legible at 16 px.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO = "so-thi-dua.ico"
PNGS = (256, 48)

RED, DARK_RED, PAGE, PAGE_LINE = (200, 30, 40), (130, 14, 22), (250, 244, 228), (205, 196, 176)
GOLD, GOLD_EDGE = (255, 205, 40), (200, 140, 0)


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def draw(size: int) -> Image.Image:
    """One size of the icon, drawn at 8× and scaled down."""
    s = size * 8
    u = s / 64  # drawing units: the icon is laid out on a 64 × 64 grid
    small = size <= 24
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # Pages: a cream block showing under and right of the cover.
    d.rounded_rectangle((10 * u, 8 * u, 58 * u, 60 * u), radius=4 * u, fill=PAGE, outline=PAGE_LINE,
                        width=max(1, int(u)))
    if not small:
        for y in (52, 55):
            d.line((14 * u, y * u, 56 * u, y * u), fill=PAGE_LINE, width=max(1, int(u)))
    # Cover and spine.
    d.rounded_rectangle((6 * u, 4 * u, 54 * u, 50 * u if not small else 54 * u), radius=5 * u, fill=RED)
    spine = 16 if small else 14
    d.rounded_rectangle((6 * u, 4 * u, spine * u, 50 * u if not small else 54 * u), radius=5 * u, fill=DARK_RED)
    d.rectangle(((spine - 3) * u, 4 * u, spine * u, 50 * u if not small else 54 * u), fill=DARK_RED)
    # The gold star on the cover (the emulation movement's star), bigger at small sizes.
    cx = (spine + 54) / 2 * u
    cy = (27 if not small else 29) * u
    outer = (16 if not small else 18) * u
    d.polygon(_star(cx, cy, outer, outer * 0.42), fill=GOLD, outline=GOLD_EDGE, width=max(1, int(u * 0.8)))
    out = img.resize((size, size), Image.Resampling.LANCZOS)
    return out.filter(ImageFilter.UnsharpMask(radius=0.6, percent=60, threshold=0)) if small else out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    largest = images[SIZES[-1]]
    largest.save(OUT / ICO, format="ICO", sizes=[(n, n) for n in SIZES],
                 append_images=[images[n] for n in SIZES[:-1]])
    for size in PNGS:
        images[size].save(OUT / f"so-thi-dua-{size}.png")
    print(f"wrote {OUT / ICO} ({', '.join(map(str, SIZES))} px) and {len(PNGS)} PNGs")


if __name__ == "__main__":
    main()
