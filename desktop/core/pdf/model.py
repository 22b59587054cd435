"""Plain data describing an administrative document (Nghị định 30/2020/NĐ-CP); `nd30.render` lays it out.

Everything is text the caller has already formatted (numbers as "1.234.567", dates as "ngày 05 tháng 01 năm 2026");
the engine only decides fonts, sizes, positions and pagination. Text is plain: the engine escapes &, < and >.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from desktop.core.text.vnformat import date_words


@dataclass
class Column:
    title: str  # header text; "\n" forces a line break
    width: float  # relative weight; the engine scales the widths to the frame width
    align: str = "left"  # "left" | "center" | "right" (numbers right)


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]  # already formatted strings, one per column
    total: list[str] | None = None  # a bold totals row at the end ("Tổng cộng")
    font_size: float = 11  # body tables 11–12 pt; appendix tables may be 10–11
    caption: str | None = None  # bold line above the table, e.g. "Bảng 1. Kết quả theo tổ dân phố"
    note: str | None = None  # italic line under the table, e.g. "Đơn vị tính: đồng"


@dataclass
class Heading:
    text: str
    # 1: "I. KẾT QUẢ ..." (bold, upper case, no indent); 2: "1. Title" (bold, indented);
    # 3: "a) ..." (upright, not bold, indented)
    level: int = 1


@dataclass
class Para:
    text: str  # plain text; "\n" is a line break inside the paragraph
    indent: bool = True  # first-line indent 1.27 cm
    align: str = "justify"  # "justify" | "center" | "left" | "right"
    bold: bool = False
    italic: bool = False
    lead: str = ""  # a bold run before the text: "Điều 1." of a Quyết định (ND 30/2020, Phụ lục I)


@dataclass
class BarChart:
    """Horizontal bars (the Tổng quan charts, printed): one row per (label, value, shown text)."""

    title: str
    bars: list[tuple[str, float, str]]  # label, value (bar length), text printed after the bar ("1.234.567")
    note: str | None = None  # italic line under the chart, e.g. "Đơn vị: đồng"


@dataclass
class PageBreak:
    """Start a new page here."""


Block = Heading | Para | Table | BarChart | PageBreak


@dataclass
class Appendix:
    title: str  # e.g. "DANH SÁCH CÁC HỘ GIA ĐÌNH HIẾN ĐẤT" (printed bold, upper case)
    # e.g. "(Kèm theo Báo cáo số 05/BC-UBND ngày 14 tháng 6 năm 2026 của Ủy ban nhân dân phường …)" (italic); see
    # `attached_line`. A date written "14/6/2026" is printed in words (ND 30, Phụ lục I: "ngày … tháng … năm …").
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    label: str = "Phụ lục"  # one appendix: "Phụ lục"; several: "Phụ lục I", "Phụ lục II", … (`appendix_label`)


@dataclass
class Signature:
    authority: list[str]  # e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] or ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str  # "Nguyễn Văn A", printed after the space for the signature and the seal


@dataclass
class AdminDocument:
    # e.g. ["ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM"] (the issuing body's name on two lines, all bold), or
    # ["UBND PHƯỜNG NGUYỄN NGHIÊM", "PHÒNG VĂN HÓA - XÃ HỘI"] (cơ quan chủ quản, regular, over the issuer, bold)
    issuer: list[str]
    number: str  # "Số: 05/BC-UBND"; an unnumbered draft passes "Số:      /BC-UBND"
    place_date: str  # "Nguyễn Nghiêm, ngày 14 tháng 6 năm 2026"
    kind_title: str  # "BÁO CÁO"
    subject: str  # trích yếu, may wrap to several lines
    recipients: list[str] = field(default_factory=list)  # "Kính gửi:" (ô 9a); empty: no such block
    authority_line: str | None = None  # a Quyết định: "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG …"
    blocks: list[Block] = field(default_factory=list)  # the body
    cc: list[str] = field(default_factory=list)  # "Nơi nhận:"; the engine adds "- " and ";" / "."
    signature: Signature | None = None
    left_signature: Signature | None = None  # a Biên bản: THƯ KÝ on the left instead of the Nơi nhận
    appendices: list[Appendix] = field(default_factory=list)
    draft: bool = False  # a boxed "DỰ THẢO" at the top left of page 1
    title_meta: str = ""  # PDF metadata: the Subject (a short name, "Báo cáo năm 2026"); the Title is the trích yếu
    author_meta: str = ""  # PDF metadata: the unit ("Phường Nguyễn Nghiêm"); empty: the issuing body's lines
    # The document's own date (ô 4): the PDF's creation date, so the same content gives the same bytes. None: read
    # from `place_date` when it holds "ngày … tháng … năm …", else a fixed epoch.
    date: dt.date | None = None
    # How many of the first `issuer` lines name the cơ quan chủ quản (ô 2, upright, not bold). None: `issuer_parts`
    # decides from the lines.
    parent_lines: int | None = None
    # Printed large and diagonal under every page's text (`watermark.MarkedCanvas`): "SỔ MẪU" for a document of the
    # demo ledger (`desktop.core.ledger.demo_mark.mark_for`), "" (nothing) for a real one.
    watermark: str = ""


# ---------------------------------------------------------------------------------------------------------------
# Rules shared by every renderer of a document (the PDF engine, the Word copy) and the builders


def roman(n: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def appendix_label(number: int, count: int, word: str = "Phụ lục") -> str:
    """The label of appendix `number` (from 1) of `count`: a single one is "Phụ lục", several "Phụ lục I", "Phụ lục
    II", … (ND 30, Phụ lục I, mục phụ lục: the numeral only numbers several appendices). Builders writing "tại Phụ
    lục …" in the body call this too, so the text and the appendices agree."""
    return word if count <= 1 else f"{word} {roman(number)}"


_UNIT_WORDS = ("PHƯỜNG", "XÃ", "THỊ TRẤN", "ĐẶC KHU", "TỈNH", "THÀNH PHỐ", "QUẬN", "HUYỆN", "THỊ XÃ")
_SPLIT_NAMES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def issuer_parts(doc: AdminDocument) -> tuple[list[str], list[str]]:
    """(cơ quan chủ quản lines, issuing body lines). ND 30, Phụ lục I, ô 2 (domain.md §1.2): the chủ quản is upright,
    not bold; the issuing body's name bold. A local People's Committee names itself on two lines ("ỦY BAN NHÂN DÂN"
    over "PHƯỜNG …"): both are its name, both bold. Otherwise the last line is the issuing body and the lines above
    it its chủ quản ("UBND PHƯỜNG …" over "PHÒNG VĂN HÓA - XÃ HỘI")."""
    lines = [line.upper() for line in doc.issuer]
    if doc.parent_lines is not None:
        cut = max(0, min(doc.parent_lines, len(lines) - 1))
        return lines[:cut], lines[cut:]
    cut = len(lines) - 1
    if cut >= 1 and lines[cut - 1].strip() in _SPLIT_NAMES and lines[cut].strip().startswith(_UNIT_WORDS):
        cut -= 1
    cut = max(cut, 0)
    return lines[:cut], lines[cut:]


_NUMERIC_DATE = re.compile(r"\bngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\b")
_WORDS_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def dates_in_words(text: str) -> str:
    """ "ngày 02/12/2026" → "ngày 02 tháng 12 năm 2026" (ND 30, Phụ lục I, ô 4 and the "Kèm theo" line of a phụ
    lục); anything that is not a valid date is left as it is."""
    def words(m: re.Match[str]) -> str:
        try:
            return date_words(dt.date(int(m[3]), int(m[2]), int(m[1])))
        except ValueError:
            return m[0]
    return _NUMERIC_DATE.sub(words, text)


def attached_line(kind: str, number: str, date: dt.date, issuer: str) -> str:
    """ "(Kèm theo Báo cáo số 05/BC-UBND ngày 02 tháng 12 năm 2026 của Ủy ban nhân dân phường …)", the line under a
    phụ lục's title (ND 30, Phụ lục I: centred, italic)."""
    return f"(Kèm theo {kind} số {number} {date_words(date)} của {issuer})"


def document_date(doc: AdminDocument) -> dt.date | None:
    """The document's date: `doc.date`, else the "ngày … tháng … năm …" of its place/date line, else None."""
    if doc.date is not None:
        return doc.date
    m = _WORDS_DATE.search(doc.place_date or "")
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return None
    return None


def title_of(doc: AdminDocument) -> str:
    """The PDF Title: the kind and the trích yếu, "Báo cáo sơ kết 6 tháng đầu năm 2026 …", "Quyết định về việc …"."""
    kind = " ".join(doc.kind_title.split()).capitalize()
    subject = " ".join(doc.subject.split())
    if not subject:
        return " ".join(part for part in (kind, doc.title_meta) if part)
    first = subject.split(" ", 1)[0]
    if first[1:] == first[1:].lower():  # "Sơ kết", "Về việc": a common word; "UBND", "HĐND" keep their case
        subject = subject[:1].lower() + subject[1:]
    return f"{kind} {subject}".strip()


def author_of(doc: AdminDocument) -> str:
    """The PDF Author: the unit the builder names, else the issuing body's lines."""
    return doc.author_meta or " ".join(" ".join(issuer_parts(doc)[1]).split())
