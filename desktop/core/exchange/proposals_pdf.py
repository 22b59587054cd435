"""The upper level's consolidated list of the proposals its wards sent upward, as a PDF: "DANH SÁCH ĐỀ NGHỊ KHEN
THƯỞNG CỦA CÁC ĐƠN VỊ CẤP XÃ", one row per current proposal (the rows of proposals_above.list_current, in its order:
ward, form, collectives before individuals and households, name), then the count by form and outcome.

Layout: Nghị định 30/2020/NĐ-CP, Phụ lục I, as the program's other documents (reference/domain.md §1): A4 landscape
(§1.1: a table), margins top 20, bottom 20, left 30, right 15 mm; the heading of the upper unit (ô 2: tên cơ quan,
13 pt bold, its rule; ô 1: Quốc hiệu 12 pt bold, Tiêu ngữ 13 pt bold with its rule; ô 4: địa danh, ngày … tháng …
năm … 13 pt italic) — the very flowables nd30 draws; the title 14 pt bold and the "(…)" line under it italic, as a
phụ lục's; the table 11 pt in the grid of every document (header repeated on each page, no number ever broken);
page numbers centred in the top margin from page 2. A working list, not a document of the register: no Số, no
signature (the upper level's Quyết định khen thưởng, made in its own system, is the act).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

from desktop.core.exchange.proposals_above import OUTCOMES, figures_text, outcome_text
from desktop.core.files import safe_files
from desktop.core.ledger import setup
from desktop.core.pdf import heading, nd30
from desktop.core.pdf.grid import table_flowables
from desktop.core.pdf.model import AdminDocument, Column, Table
from desktop.core.pdf.typeset import FONT, doc_styles, esc, register_fonts
from desktop.core.text.vnformat import format_date

TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CỦA CÁC ĐƠN VỊ CẤP XÃ"
SUBJECT_NOUNS = {"tap_the": "tập thể", "to_dan_pho": "tổ dân phố", "ca_nhan": "cá nhân", "ho": "hộ gia đình"}
COLUMNS = (Column("STT", 1.1, "center"), Column("Đơn vị cấp xã", 3.0), Column("Họ và tên, đơn vị", 4.8),
           Column("Hình thức đề nghị", 3.8), Column("Thành tích (tóm tắt số liệu)", 5.9),
           Column("Số, ngày tờ trình", 3.2), Column("Kết quả", 4.8))
TABLE_SIZE = 11  # appendix tables 10–11 pt (model.Table)


def _who(r: dict[str, Any]) -> str:
    """"Nguyễn Văn A\nSố 12 đường …, Tổ dân phố 3" — the name, then where the nominee lives or belongs."""
    place = ", ".join(x for x in (r.get("address"), r.get("group_name")) if x)
    noun = "Hộ gia đình " if r.get("subject") == "ho" else ""
    return f"{noun}{r['nominee_name']}" + (f"\n{place}" if place else "")


def _submission(r: dict[str, Any]) -> str:
    if not r.get("submission_no"):
        return "(chưa trình)"
    return f"{r['submission_no']}\nngày {format_date(r['submission_date'])}" if r.get("submission_date") \
        else str(r["submission_no"])


def _count(rows: list[dict[str, Any]]) -> str:
    """"5 trường hợp (1 tập thể, 3 cá nhân, 1 hộ gia đình)"."""
    by = Counter(r.get("subject") for r in rows)
    parts = [f"{by[s]} {noun}" for s, noun in SUBJECT_NOUNS.items() if by[s]]
    return f"{len(rows)} trường hợp" + (f" ({', '.join(parts)})" if parts else "")


def list_table(rows: list[dict[str, Any]]) -> Table:
    body = [[str(i), r["ward_name"], _who(r), r["kind_name"] or "", figures_text(r), _submission(r), outcome_text(r)]
            for i, r in enumerate(rows, start=1)]
    return Table(columns=list(COLUMNS), rows=body, total=["", "Tổng cộng", _count(rows), "", "", "", ""],
                 font_size=TABLE_SIZE)


def kind_table(rows: list[dict[str, Any]]) -> Table:
    """The totals by form: how many proposals, and how many of each of the upper level's outcomes."""
    kinds: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        kinds.setdefault(r["kind_name"] or "", []).append(r)
    codes = list(OUTCOMES)
    body = [[str(i), kind, str(len(members)), *(str(sum(m["outcome"] == c for m in members) or "") for c in codes)]
            for i, (kind, members) in enumerate(kinds.items(), start=1)]
    total = ["", "Tổng cộng", str(len(rows)), *(str(sum(r["outcome"] == c for r in rows) or "") for c in codes)]
    return Table(columns=[Column("STT", 1.1, "center"), Column("Hình thức đề nghị", 9), Column("Số đề nghị", 2.4,
                                                                                                 "right"),
                          *(Column(OUTCOMES[c], 2.6, "right") for c in codes)],
                 rows=body, total=total, font_size=TABLE_SIZE, caption="Tổng hợp theo hình thức khen thưởng")


def scope_line(period_label: str, filters: dict[str, str] | None = None) -> str:
    """"(Các đề nghị phường, xã gửi lên, năm 2026; đơn vị: Phường A; hình thức: …; kết quả: Được khen)"."""
    parts = [f"Các đề nghị phường, xã gửi lên, {period_label}"]
    for key, word in (("ward", "đơn vị"), ("kind", "hình thức"), ("outcome", "kết quả")):
        value = (filters or {}).get(key)
        if value:
            parts.append(f"{word}: {value}")
    return "(" + "; ".join(parts) + ")"


def _later_page(canv: Canvas, doc: BaseDocTemplate) -> None:
    """ND 30: page numbers from page 2, 13 pt, centred in the top margin (as nd30's)."""
    width, height = nd30.LANDSCAPE
    canv.saveState()
    canv.setFillColor(colors.black)
    canv.setFont(FONT, 13)
    canv.drawCentredString(nd30.MARGIN_LEFT + (width - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT) / 2, height - 12 * mm,
                           str(canv.getPageNumber()))
    canv.restoreState()


def render(ledger: Any, rows: list[dict[str, Any]], period_label: str, *, filters: dict[str, str] | None = None,
           date: dt.date | None = None) -> bytes:
    """The list as PDF bytes (same rows and date → same bytes)."""
    register_fonts()
    unit = setup.get_unit(ledger)
    date = date or dt.date.today()
    width, height = nd30.LANDSCAPE[0] - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT, \
        nd30.LANDSCAPE[1] - nd30.MARGIN_TOP - nd30.MARGIN_BOTTOM
    styles = doc_styles()
    # The heading of every document (ô 1–4), from the same code: the upper unit's name, Quốc hiệu, Tiêu ngữ, date.
    head = AdminDocument(issuer=heading.issuer_lines(unit), number="", place_date=heading.place_date(unit, date),
                         kind_title="", subject="")
    story = [*nd30._header(head, width), Spacer(1, 12), Paragraph(esc(TITLE), styles["appendix_title"]),
             Paragraph(esc(scope_line(period_label, filters)), styles["appendix_subtitle"]), Spacer(1, 10)]
    if rows:
        story += table_flowables(list_table(rows), width, height, [])
        story += table_flowables(kind_table(rows), width, height, [])
    else:
        story.append(Paragraph("Không có đề nghị nào theo điều kiện đã chọn.", styles["note"]))
    buffer = io.BytesIO()
    frame = Frame(nd30.MARGIN_LEFT, nd30.MARGIN_BOTTOM, width, height, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    template = BaseDocTemplate(
        buffer, pagesize=nd30.LANDSCAPE, title=TITLE.capitalize(), author=unit.get("name") or "",
        subject=f"Danh sách đề nghị khen thưởng, {period_label}", creator=nd30.CREATOR, lang="vi", invariant=1,
        pageCompression=1, initialFontName=FONT, initialFontSize=13,
        pageTemplates=[PageTemplate("first", [frame], pagesize=nd30.LANDSCAPE, autoNextPageTemplate="later"),
                       PageTemplate("later", [frame], pagesize=nd30.LANDSCAPE, onPage=_later_page)])
    template.build(story)
    return buffer.getvalue()


def write_pdf(ledger: Any, rows: list[dict[str, Any]], period_label: str, path: str | Path, *,
              filters: dict[str, str] | None = None) -> Path:
    return safe_files.write_file(path, render(ledger, rows, period_label, filters=filters))
