"""The type of the documents: Liberation Serif (metric twin of Times New Roman, Nghị định 30/2020 Phụ lục I),
registered once and embedded; the sizes, leading and paragraph gaps; the paragraph styles; and measuring and
breaking text with those fonts.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import resource_path

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
ASCENT = 0.891
DESCENT = 0.216

BODY_SIZE = 14
BODY_LEADING = 17  # ≈ 1.2 lines: ND 30 allows single (min) to 1.5 lines (max)
PARA_GAP = 6  # ND 30: at least 6 pt between paragraphs
FIRST_INDENT = 12.7 * mm  # 1.27 cm

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


def esc(text: str) -> str:
    """Plain text → Paragraph markup: escape &, <, >; "\n" becomes a line break."""
    return escape(text).replace("\n", "<br/>")


def keep_spaces(text: str) -> str:
    """Paragraphs collapse runs of spaces; "Số:      /BC-UBND" (a draft without a number) needs them kept."""
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group()), text)


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    # Cached: without the optional C accelerator (_rl_accel) reportlab measures TrueType text in pure Python, and
    # table columns repeat the same words ("Tổ dân phố 3", "Đất ở") thousands of times.
    return pdfmetrics.stringWidth(text, font, size)


@cache
def leading_for(size: float) -> float:
    return round(size * 1.2, 2)


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break plain text into lines no wider than `width`; a word longer than a line is cut between characters so
    that nothing runs over a table's grid or the margin."""
    if "\n" not in text and text_width(text, font, size) <= width:
        return [text]  # the common case in a table of names and numbers
    lines: list[str] = []
    for raw in text.split("\n"):
        line = ""
        for word in raw.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and text_width(word, font, size) > width:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------------------------------
# Styles (every one names a Liberation font: reportlab's defaults are Helvetica, which must not enter the PDF)

_ALIGN = {"justify": TA_JUSTIFY, "center": TA_CENTER, "left": TA_LEFT, "right": TA_RIGHT}


def _style(name: str, font: str = FONT, size: float = BODY_SIZE, leading: float | None = None,
           align: int = TA_CENTER, **kw: float) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or round(size * 1.2, 1),
                          alignment=align, textColor=colors.black, **kw)


@cache
def doc_styles() -> dict[str, ParagraphStyle]:
    cc_dash = text_width("- ", FONT, 11)
    rcp_dash = text_width("- ", FONT, BODY_SIZE)
    return {
        "issuer_parent": _style("issuer_parent", FONT, 13, 15),  # ND 30 ô 2: cơ quan chủ quản, upright, not bold
        "issuer": _style("issuer", FONT_BOLD, 13, 15),  # ô 2: the issuing body, bold
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
def body_style(indent: bool, align: str, bold: bool, italic: bool) -> ParagraphStyle:
    font = {(False, False): FONT, (True, False): FONT_BOLD, (False, True): FONT_ITALIC,
            (True, True): FONT_BOLD_ITALIC}[(bold, italic)]
    return _style(f"body-{indent}-{align}-{bold}-{italic}", font, BODY_SIZE, BODY_LEADING,
                  _ALIGN.get(align, TA_JUSTIFY), firstLineIndent=FIRST_INDENT if indent else 0,
                  spaceAfter=PARA_GAP)
