"""Plain data describing an administrative document (Nghị định 30/2020/NĐ-CP); `nd30.render` lays it out.

Everything is text the caller has already formatted (numbers as "1.234.567", dates as "ngày 05 tháng 01 năm 2026");
the engine only decides fonts, sizes, positions and pagination. Text is plain: the engine escapes &, < and >.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    subtitle: str  # e.g. "(Kèm theo Báo cáo số 05/BC-UBND ngày 14/6/2026 của UBND phường …)" (italic)
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    label: str = "Phụ lục"  # printed as "Phụ lục I", "Phụ lục II", …


@dataclass
class Signature:
    authority: list[str]  # e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] or ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str  # "Nguyễn Văn A", printed after the space for the signature and the seal


@dataclass
class AdminDocument:
    issuer: list[str]  # e.g. ["ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM"]
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
    title_meta: str = ""  # PDF metadata
    author_meta: str = ""
