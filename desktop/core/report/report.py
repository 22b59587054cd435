"""The report as a document (DESIGN §6, domain.md §4.2): its tables and appendices, the PDF, issuing it in the
register, and how an issued report differs from the live figures.

The tables print the figures of §5.3 exactly (`figures.summary`), formatted "1.234.567"; the narrative is the
clerk's (`narrative`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.figures import figures
from desktop.core.ledger import demo_mark
from desktop.core.ledger.periods import Period
from desktop.core.ledger.vocab import CONTRIBUTOR_KINDS, WORK_STATUSES
from desktop.core.pdf.heading import issuer_lines, place_date, signature
from desktop.core.pdf.model import AdminDocument, Appendix, BarChart, Column, Heading, Para, Table
from desktop.core.report import movement, register
from desktop.core.report.narrative import (
    KIND,
    Context,
    context,
    default_cc,
    default_recipients,
    load_draft,
    next_term,
    references,
    save_draft,
    texts,
    title,
    who,
)
from desktop.core.text.vnformat import format_date, format_decimal, format_int

# --------------------------------------------------------------------------- the document


def _q(key: str, value: Any) -> str:
    return figures.format_value(key, value or 0)


def _blocks_of(text: str) -> list[Heading | Para]:
    """A section's text as paragraphs; a line like "1. Ưu điểm" becomes a sub-heading."""
    out: list[Heading | Para] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if re.fullmatch(r"\d+\.\s+\S.{0,80}", line) and not line.endswith((".", ";", ":")):
            out.append(Heading(line, level=2))
        else:
            out.append(Para(line))
    return out


def _kind_table(t: dict[str, Any], number: int) -> Table:
    rows = [
        ["1", "Hiến đất", f"{_q('land_m2', t['land_m2'])} m²", _q("land_value_vnd", t["land_value_vnd"])],
        ["2", "Tiền mặt", "", _q("money_vnd", t["money_vnd"])],
        ["3", "Vật tư", "", _q("materials_value_vnd", t["materials_value_vnd"])],
        ["4", "Ngày công lao động", f"{_q('labour_days', t['labour_days'])} ngày công",
         _q("labour_value_vnd", t["labour_value_vnd"])],
        ["5", "Tài sản, vật kiến trúc, cây cối", "", _q("assets_value_vnd", t["assets_value_vnd"])],
        ["6", "Hình thức khác", "", _q("other_value_vnd", t["other_value_vnd"])],
    ]
    return Table(
        columns=[Column("STT", 1.2, "center"), Column("Hình thức đóng góp", 6), Column("Số lượng", 4, "right"),
                 Column("Giá trị quy đổi (đồng)", 5, "right")],
        rows=rows, total=["", "Tổng cộng", "", _q("total_value_vnd", t["total_value_vnd"])],
        caption=f"Bảng {number}. Giá trị Nhân dân đóng góp theo hình thức", font_size=12,
    )


def _group_table(c: Context, number: int) -> Table:
    t = c.summary["totals"]
    keys = ("contributors", "households_land", "land_m2", "labour_days", "total_value_vnd")
    rows = [[str(i), r["group"], *(_q(k, r[k]) for k in keys)] for i, r in enumerate(c.summary["by_group"], start=1)]
    return Table(
        columns=[Column("STT", 1.5, "center"), Column(c.unit.get("group_label") or "Tổ dân phố", 4.2),
                 Column("Người, hộ đóng góp", 2.6, "right"), Column("Hộ gia đình hiến đất", 2.3, "right"),
                 Column("Đất hiến (m²)", 2.8, "right"), Column("Ngày công", 2.6, "right"),
                 Column("Tổng giá trị (đồng)", 4.2, "right")],
        rows=rows,
        total=["", "Toàn " + c.unit_word, *(_q(k, t[k]) for k in keys)],
        caption=f"Bảng {number}. Kết quả vận động theo {c.group_word}", font_size=11,
        note="Một người, hộ đóng góp ở nhiều tổ được tính ở mỗi tổ nhưng chỉ một lần ở dòng toàn "
             f"{c.unit_word}.",
    )


def _works_table(c: Context, number: int) -> Table:
    """The works of the period with their state at its end (figures.by_work), not today's."""
    rows, total = [], 0
    for i, w in enumerate(c.works, start=1):
        total += w["people_value_vnd"]
        length = format_decimal(w["length_m"], 1, trim=True) if w["length_m"] else ""
        status = WORK_STATUSES.get(w["status"] or "", "")
        if w["status"] == "hoan_thanh" and w["completed_date"]:
            status += f" {format_date(w['completed_date'])}"
        rows.append([str(i), w["name"], w["groups"] or "", status, length, format_int(w["people_value_vnd"])])
    return Table(
        columns=[Column("STT", 1.5, "center"), Column("Công trình", 6), Column("Địa bàn", 3.4),
                 Column("Trạng thái", 3), Column("Dài (m)", 1.9, "right"),
                 Column("Nhân dân đóng góp (đồng)", 3.8, "right")],
        rows=rows, total=["", "Tổng cộng", "", "", "", format_int(total)],
        caption=f"Bảng {number}. Kết quả theo công trình", font_size=11,
    )


def _targets_table(c: Context, number: int) -> Table:
    rows = []
    for i, t in enumerate(c.targets, start=1):
        result = "" if t["result"] is None else _fmt_target(t["result"], t["unit_label"])
        percent = "" if t["percent"] is None else format_decimal(t["percent"], 1, trim=True)
        rows.append([str(i), t["name"], t["unit_label"] or "", _fmt_target(t["target_value"], t["unit_label"]),
                     result, percent])
    return Table(
        columns=[Column("STT", 1.5, "center"), Column("Chỉ tiêu", 7), Column("Đơn vị", 2, "center"),
                 Column("Kế hoạch", 3, "right"), Column("Kết quả", 3, "right"), Column("Tỷ lệ (%)", 2, "right")],
        rows=rows, caption=f"Bảng {number}. Kết quả thực hiện chỉ tiêu năm {c.period.end[:4]}", font_size=11,
    )


def _fmt_target(value: float, unit: str | None) -> str:
    if float(value) == int(value):
        return format_int(int(value))
    return format_decimal(float(value), 1)


def _donors_appendix(ledger: Ledger, c: Context, ref: str) -> Appendix:
    """One row per household, person or body that gave land, so the rows are the number the body prints."""
    rows = []
    donors = figures.land_donors_by_person(ledger, c.period)
    for i, d in enumerate(donors, start=1):
        rows.append([str(i), d["name"], CONTRIBUTOR_KINDS.get(d["kind"], d["kind"]), d["address"] or "",
                     ", ".join(d["groups"]), "; ".join(d["works"]), "; ".join(d["plots"]), format_decimal(d["m2"], 1),
                     format_int(d["value_vnd"])])
    t = c.summary["totals"]
    blocks: list[Any] = [Table(
        columns=[Column("STT", 1.5, "center"), Column("Họ và tên chủ hộ, tổ chức, cá nhân", 5),
                 Column("Đối tượng", 2.4), Column("Địa chỉ", 4), Column(c.unit.get("group_label") or "Tổ dân phố", 2.8),
                 Column("Công trình", 4.4), Column("Tờ BĐ / Thửa", 2.2, "center"),
                 Column("Diện tích (m²)", 2.4, "right"), Column("Giá trị quy đổi (đồng)", 3.4, "right")],
        rows=rows, font_size=10.5,
        # The totals are the report's figures; the rows add up to them.
        total=["", f"Tổng cộng: {who(c.land_donors)}", "", "", "", "", "",
               _q("land_m2", t["land_m2"]), _q("land_value_vnd", t["land_value_vnd"])],
    )]
    if not donors:
        blocks = [Para(f"Trong {c.period.label} không có hộ gia đình, tổ chức, cá nhân hiến đất.", indent=False,
                       align="center")]
    return Appendix(title="DANH SÁCH HỘ GIA ĐÌNH, TỔ CHỨC, CÁ NHÂN HIẾN ĐẤT", subtitle=ref, blocks=blocks,
                    landscape=True)


def _groups_appendix(c: Context, ref: str) -> Appendix:
    keys = list(figures.TOTAL_KEYS)
    heads = ["Người, hộ đóng góp", "Hộ gia đình hiến đất", "Đất hiến (m²)", "Giá trị đất (đồng)", "Tiền mặt (đồng)",
             "Vật tư (đồng)", "Ngày công", "Giá trị ngày công (đồng)", "Tài sản (đồng)", "Khác (đồng)",
             "Tổng giá trị (đồng)", "Công trình hoàn thành", "Đường hoàn thành (m)"]
    widths = [2, 1.7, 2, 2.9, 2.9, 2.6, 1.9, 2.7, 2.5, 2.3, 3.1, 1.9, 2.1]
    cols = [Column("STT", 1.5, "center"), Column(c.unit.get("group_label") or "Tổ dân phố", 3.2)]
    cols += [Column(h, w, "right") for h, w in zip(heads, widths, strict=True)]
    rows = [[str(i), r["group"], *(_q(k, r[k]) for k in keys)] for i, r in enumerate(c.summary["by_group"], start=1)]
    t = c.summary["totals"]
    return Appendix(
        title=f"BIỂU TỔNG HỢP SỐ LIỆU THEO {c.group_word.upper()}", subtitle=ref, landscape=True,
        blocks=[Table(columns=cols, rows=rows, total=["", "Toàn " + c.unit_word, *(_q(k, t[k]) for k in keys)],
                      font_size=9,
                      note="Công trình của nhiều tổ được tính ở mỗi tổ, nên cột công trình không cộng dồn.")],
    )


def _charts_appendix(ledger: Ledger, c: Context, ref: str) -> Appendix:
    """The Tổng quan charts, printed: value by group, by kind, month by month (each adds up to the total)."""
    from desktop.core.figures import dashboard

    def bars(items: list[Any]) -> list[tuple[str, float, str]]:
        return [(b.label, b.value, format_int(int(b.value))) for b in items]

    t = c.summary["totals"]
    note = f"Đơn vị: đồng. Tổng cộng {format_int(t['total_value_vnd'])} đồng (giá trị quy đổi, các khoản đã nhận)."
    return Appendix(
        title="BIỂU ĐỒ KẾT QUẢ VẬN ĐỘNG NHÂN DÂN ĐÓNG GÓP", subtitle=ref,
        blocks=[
            BarChart(f"Biểu đồ 1. Giá trị đóng góp theo {c.group_word}",
                     bars(dashboard.by_group(ledger, c.period, c.summary["by_group"])), note),
            BarChart("Biểu đồ 2. Giá trị đóng góp theo hình thức", bars(dashboard.by_kind(c.period, t)), note),
            BarChart("Biểu đồ 3. Giá trị đóng góp theo tháng", bars(dashboard.by_month(ledger, c.period)), note),
        ],
    )


def build(ledger: Ledger, period: Period, *, symbol: str | None = None, ctx: Context | None = None) -> AdminDocument:
    """The report as a document. Without `symbol` it is a draft: "Số:      /BC-UBND" and a DỰ THẢO mark."""
    c = ctx or context(ledger, period)
    draft = load_draft(ledger, period)
    section_text = texts(ledger, period, c)
    unit = c.unit
    date = dt.date.fromisoformat(draft["report_date"]) if draft["report_date"] else dt.date.today()
    number = f"Số: {symbol}" if symbol else f"Số:       /{KIND}-{unit.get('issuer_abbr') or 'UBND'}"
    ref_no = symbol or f"       /{KIND}-{unit.get('issuer_abbr') or 'UBND'}"
    ref = (f"(Kèm theo Báo cáo số {ref_no} ngày {date.day:02d}/{date.month:02d}/{date.year} "
           f"của Ủy ban nhân dân {c.unit_short})")

    body: list[Any] = [Heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI", level=1)]
    body += _blocks_of(section_text["lanh_dao"][0])
    if said := movement.sources_line(c.reports, c.missing, c.group_word):  # which units reported (issue 20)
        body.append(Para(said))
    body += [Heading("II. KẾT QUẢ THỰC HIỆN", level=1),
             Heading("1. Kết quả phát triển kết cấu hạ tầng và vận động Nhân dân", level=2)]
    body += _blocks_of(section_text["ket_qua"][0])
    body.append(Para(references(c)))
    tables: list[Table] = [_kind_table(c.summary["totals"], 1)]
    if c.groups_in_body:  # else only in its appendix (narrative.GROUPS_IN_BODY_MAX)
        tables.append(_group_table(c, len(tables) + 1))
    if c.works:
        tables.append(_works_table(c, len(tables) + 1))
        # The funding split of each work: its own table, as seven money columns do not fit A4 portrait in one.
        tables += [t for t in [movement.funding_table(ledger, c.works, len(tables) + 1)] if t]
    body += tables
    body.append(Heading("2. Kết quả thực hiện chỉ tiêu thi đua", level=2))
    if c.targets:
        tables.append(_targets_table(c, len(tables) + 1))
        body.append(tables[-1])
    else:
        body.append(Para(f"Năm {c.period.end[:4]} chưa giao chỉ tiêu cụ thể cho Phong trào."))
    if other := movement.indicators_table(c.indicators, len(tables) + 1):
        body.append(other)
    body.append(Heading("3. Thực hành tiết kiệm, chống lãng phí", level=2))
    body += _blocks_of(section_text["tiet_kiem"][0])
    body.append(Heading("4. Công tác khen thưởng", level=2))
    body += _blocks_of(section_text["khen_thuong"][0])
    body.append(Heading("III. ĐÁNH GIÁ CHUNG", level=1))
    body += _blocks_of(section_text["danh_gia"][0])
    body.append(Heading(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_term(c.period).upper()}", level=1))
    body += _blocks_of(section_text["phuong_huong"][0])
    body.append(Heading("V. ĐỀ XUẤT, KIẾN NGHỊ", level=1))
    body += _blocks_of(section_text["de_xuat"][0])
    subj = title(ledger, period, draft)
    body.append(Para(f"Trên đây là báo cáo {subj[:1].lower()}{subj[1:]} của Ủy ban nhân dân {c.unit_short}./."))
    appendices = [_donors_appendix(ledger, c, ref)]
    if not c.groups_in_body:
        appendices.append(_groups_appendix(c, ref))
    appendices.append(_charts_appendix(ledger, c, ref))  # the order of Context.appendix_labels

    return AdminDocument(
        issuer=issuer_lines(unit), number=number, place_date=place_date(unit, date), kind_title="BÁO CÁO",
        subject=subj,
        recipients=draft["recipients"] if draft["recipients"] is not None else default_recipients(unit),
        blocks=body,
        cc=draft["cc"] if draft["cc"] is not None else default_cc(unit),
        signature=signature(unit),
        appendices=appendices,
        draft=symbol is None,
        title_meta=f"Báo cáo {c.period.label}", author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


def render(ledger: Ledger, period: Period, *, symbol: str | None = None) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made, not at start-up

    return nd30.render(build(ledger, period, symbol=symbol))


# --------------------------------------------------------------------------- issue, supersede, compare


def issue(ledger: Ledger, period: Period, *, number: int | None = None) -> int:
    """Issue the report: next number of the year (or the one given), figures, narrative and PDF frozen,
    the period locked. A report already issued for the period is superseded (kept in the history)."""
    from desktop.core.pdf import nd30

    c = context(ledger, period)
    unit = c.unit
    if unit.get("role") == "upper":
        # The upper level's own report is the consolidated one (exchange.consolidated), numbered in the same
        # register: a ward's report issued here would supersede it under the same period.
        raise UserError("Sổ cấp trên không ban hành báo cáo của phường, xã: ban hành Báo cáo tổng hợp ở trang "
                        "“Tổng hợp phường, xã” (thẻ Tổng hợp) hoặc bằng lệnh thidua consolidate --issue.")
    if not unit.get("signer_name"):
        raise UserError("Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên người ký” "
                        "trước khi ban hành.")
    draft = load_draft(ledger, period)
    doc_date = draft["report_date"] or dt.date.today().isoformat()
    section_text = texts(ledger, period, c)
    subj = title(ledger, period, draft)
    content = {
        "subject": subj,
        "sections": {k: v[0] for k, v in section_text.items()},
        "recipients": draft["recipients"] if draft["recipients"] is not None else default_recipients(unit),
        "cc": draft["cc"] if draft["cc"] is not None else default_cc(unit),
        "targets": c.targets,
        "works": c.works,
        "indicators": c.indicators,  # the movement's other criteria as printed (issue 20)
        "reported_by": movement.sources_line(c.reports, c.missing, c.group_word),
    }
    with ledger.transaction():
        if draft["report_date"] is None:
            save_draft(ledger, period, report_date=doc_date)
        return register.issue(
            ledger, kind=KIND, doc_date=doc_date, number=number, issuer_abbr=unit.get("issuer_abbr") or "UBND",
            title=subj, period=period.as_dict(), figures=c.summary, content=content,
            signer_name=unit.get("signer_name") or "",
            render=lambda sym: nd30.render(build(ledger, period, symbol=sym, ctx=c)), lock_period=True,
        )


def differences(issued: dict[str, Any], live: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Figures that changed since the report was issued: (what, issued value, value now)."""
    out = []
    for key, label in figures.LABELS.items():
        a, b = issued["totals"].get(key, 0), live["totals"].get(key, 0)
        if a != b:
            out.append((f"Toàn đơn vị — {label}", _q(key, a), _q(key, b)))
    before = {r["group"]: r for r in issued.get("by_group", [])}
    for row in live.get("by_group", []):
        old = before.pop(row["group"], None)
        for key, label in figures.LABELS.items():
            a, b = (old or {}).get(key, 0), row.get(key, 0)
            if a != b:
                out.append((f"{row['group']} — {label}", _q(key, a), _q(key, b)))
    for name in before:
        out.append((f"{name}", "có trong báo cáo", "không còn trong sổ"))
    return out


def status(ledger: Ledger, period: Period) -> dict[str, Any]:
    """What the Báo cáo page shows about a period: the issued report, its lock, what changed since."""
    doc = register.current(ledger, KIND, period.code)
    if doc is None:
        return {"issued": None, "history": [], "lock": None, "changes": []}
    lock = ledger.conn.execute(
        "SELECT id, unlocked_at, unlocked_by, unlock_reason FROM period_locks WHERE document_id = ? "
        "AND deleted_at IS NULL", [doc["id"]]).fetchone()
    live = figures.summary(ledger, period)
    return {
        "issued": doc,
        "history": register.for_period(ledger, KIND, period.code),
        "lock": dict(zip(("id", "unlocked_at", "unlocked_by", "unlock_reason"), lock, strict=True)) if lock else None,
        "changes": differences(doc["figures"], live),
    }

