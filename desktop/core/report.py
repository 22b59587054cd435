"""The semiannual / annual report of the movement (DESIGN §6, domain.md §4.2): draft, PDF, issue.

The draft keeps only what the clerk wrote: a section never edited is generated again from the live
figures every time, so its numbers cannot go stale. The tables print the figures of §5.3 exactly
(`figures.summary`), formatted "1.234.567"; the narrative is the clerk's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.connection import Ledger
from desktop.core import documents, figures, periods, records, setup, targets
from desktop.core.errors import UserError
from desktop.core.pdf.model import AdminDocument, Appendix, BarChart, Column, Heading, Para, Signature, Table
from desktop.core.periods import Period
from desktop.core.records import Changes
from desktop.core.vnformat import date_words, format_date, format_decimal, format_int
from desktop.core.vocab import CONTRIBUTOR_KINDS, WORK_STATUSES

KIND = "BC"
PLACEHOLDER = "…"

# The editable sections, in the order of the outline (domain.md §4.2).
SECTIONS: dict[str, str] = {
    "lanh_dao": "I. Công tác lãnh đạo, chỉ đạo, triển khai",
    "ket_qua": "II.1. Kết quả phát triển kết cấu hạ tầng và vận động Nhân dân",
    "tiet_kiem": "II.3. Thực hành tiết kiệm, chống lãng phí",
    "khen_thuong": "II.4. Công tác khen thưởng",
    "danh_gia": "III. Đánh giá chung",
    "phuong_huong": "IV. Phương hướng, nhiệm vụ",
    "de_xuat": "V. Đề xuất, kiến nghị",
}


@dataclass
class Context:
    """What the text of a report is made from: the unit, the period and its figures."""

    unit: dict[str, Any]
    period: Period
    summary: dict[str, Any]
    works: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    works_in_progress: int

    @property
    def unit_word(self) -> str:  # "phường", "xã"
        return (self.unit.get("name") or "").split(" ")[0].lower() or "phường"

    @property
    def unit_short(self) -> str:  # "phường Nguyễn Nghiêm"
        name = self.unit.get("name") or ""
        return name[:1].lower() + name[1:]

    @property
    def group_word(self) -> str:  # "tổ dân phố", "thôn"
        return (self.unit.get("group_label") or "Tổ dân phố").lower()


def context(ledger: Ledger, period: Period) -> Context:
    unit = setup.get_unit(ledger)
    summary = figures.summary(ledger, period)
    in_progress = ledger.conn.execute(
        "SELECT count(*) FROM works WHERE deleted_at IS NULL AND status = 'dang_thi_cong'").fetchone()[0]
    return Context(unit, period, summary, figures.by_work(ledger, period),
                   targets.with_results(ledger, period, summary["totals"]), int(in_progress))


def parse_period(ledger: Ledger, code: str) -> Period:
    return periods.parse(code, setup.get_unit(ledger).get("period_start") or "01-01")


# --------------------------------------------------------------------------- default texts


def subject(period: Period) -> str:
    """The trích yếu: "Sơ kết 6 tháng đầu năm 2026 thực hiện Phong trào thi đua “…”"."""
    code = period.code
    if re.fullmatch(r"\d{4}-H1", code):
        what = f"Sơ kết {period.label}"
    elif re.fullmatch(r"\d{4}-H2", code):
        what = f"Kết quả {period.label}"
    elif re.fullmatch(r"\d{4}", code):
        what = f"Tổng kết {period.label}"
    elif re.fullmatch(r"\d{4}-\d{4}", code):
        what = f"Tổng kết {period.label}"
    else:
        what = f"Kết quả {period.label}"
    return f"{what} thực hiện Phong trào thi đua “{setup.DEFAULT_MOVEMENT}”"


def _n(key: str, totals: dict[str, Any]) -> str:
    return figures.format_value(key, totals[key])


def _lanh_dao(c: Context) -> str:
    rows = c.summary["by_group"]
    taking_part = sum(1 for r in rows if r["contributors"] > 0)
    province = c.unit.get("receiving_name") or "Ủy ban nhân dân tỉnh"
    return "\n".join([
        f"Thực hiện Kế hoạch số {PLACEHOLDER} ngày {PLACEHOLDER} của {province} về tổ chức Phong trào thi đua "
        f"“{setup.DEFAULT_MOVEMENT}”, Ủy ban nhân dân {c.unit_short} đã ban hành Kế hoạch số {PLACEHOLDER} "
        f"ngày {PLACEHOLDER} triển khai thực hiện trên địa bàn; chỉ đạo các {c.group_word} tổ chức tuyên truyền, "
        "phát động, vận động Nhân dân tham gia hiến đất, đóng góp kinh phí, vật tư, ngày công xây dựng "
        "kết cấu hạ tầng.",
        f"Trong kỳ, {taking_part}/{len(rows)} {c.group_word} có Nhân dân tham gia đóng góp.",
    ])


def _ket_qua(c: Context) -> str:
    t = c.summary["totals"]
    p = c.period
    if t["works_completed"]:
        works = (f"Trong {p.label} ({p.bounds_text}), trên địa bàn {c.unit_short} có {_n('works_completed', t)} "
                 f"công trình hoàn thành, trong đó tổng chiều dài đường, hẻm được làm mới, mở rộng, nâng cấp "
                 f"là {_n('road_length_completed_m', t)} m.")
    else:
        works = f"Trong {p.label} ({p.bounds_text}), trên địa bàn {c.unit_short} chưa có công trình hoàn thành."
    if c.works_in_progress:
        works += f" Hiện có {c.works_in_progress} công trình đang thi công."
    return "\n".join([
        works,
        f"Kết quả vận động Nhân dân: có {_n('contributors', t)} hộ gia đình, cá nhân, tập thể, doanh nghiệp tham "
        f"gia đóng góp với tổng giá trị quy đổi {_n('total_value_vnd', t)} đồng, trong đó:",
        f"- Hiến {_n('land_m2', t)} m² đất ({_n('households_land', t)} hộ gia đình hiến đất), giá trị quy đổi "
        f"{_n('land_value_vnd', t)} đồng;",
        f"- Tiền mặt: {_n('money_vnd', t)} đồng;",
        f"- Vật tư: giá trị quy đổi {_n('materials_value_vnd', t)} đồng;",
        f"- Ngày công lao động: {_n('labour_days', t)} ngày công, giá trị quy đổi {_n('labour_value_vnd', t)} đồng;",
        f"- Tài sản, vật kiến trúc, cây cối tự tháo dỡ: giá trị quy đổi {_n('assets_value_vnd', t)} đồng;",
        f"- Hình thức khác: {_n('other_value_vnd', t)} đồng.",
        f"Kết quả theo từng {c.group_word} và từng công trình tại các bảng dưới đây; danh sách hộ gia đình, "
        "tổ chức, cá nhân hiến đất tại Phụ lục I; biểu tổng hợp số liệu tại Phụ lục II; biểu đồ tại Phụ lục III.",
    ])


def _tiet_kiem(c: Context) -> str:
    t = c.summary["totals"]
    saved = format_int(t["land_value_vnd"] + t["assets_value_vnd"])
    return "\n".join([
        "Các công trình được triển khai theo phương châm “Nhà nước và Nhân dân cùng làm”, công khai, dân chủ, "
        "Nhân dân bàn và quyết định mức đóng góp theo Luật Thực hiện dân chủ ở cơ sở năm 2022.",
        f"Việc giải phóng mặt bằng chủ yếu do Nhân dân tự nguyện hiến đất, tự tháo dỡ vật kiến trúc, cây cối, "
        f"không yêu cầu bồi thường; giá trị quy đổi {saved} đồng, góp phần tiết kiệm chi phí giải phóng mặt bằng "
        "cho ngân sách nhà nước.",
    ])


def _khen_thuong(c: Context) -> str:
    a = c.summary["awards"]
    if not any(a.values()):
        return f"Trong kỳ, Ủy ban nhân dân {c.unit_short} chưa thực hiện khen thưởng theo Phong trào."
    return (f"Trong kỳ, đã xét đề nghị khen thưởng {a['proposed']} trường hợp; Chủ tịch Ủy ban nhân dân "
            f"{c.unit_short} tặng Giấy khen {a['granted_by_unit']} trường hợp; trình cấp trên khen thưởng "
            f"{a['submitted_upward']} trường hợp, đã được khen thưởng {a['approved_upward']} trường hợp.")


def _danh_gia(c: Context) -> str:
    rows = c.summary["by_group"]
    taking_part = sum(1 for r in rows if r["contributors"] > 0)
    return "\n".join([
        "1. Ưu điểm",
        f"Phong trào được cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo và được các tầng lớp Nhân dân hưởng ứng; "
        f"{taking_part}/{len(rows)} {c.group_word} có Nhân dân tham gia đóng góp.",
        "2. Tồn tại, hạn chế và nguyên nhân",
        PLACEHOLDER,
        "3. Bài học kinh nghiệm",
        PLACEHOLDER,
    ])


def next_term(period: Period) -> str:
    if re.fullmatch(r"\d{4}-H1", period.code):
        return f"6 tháng cuối năm {period.code[:4]}"
    if re.fullmatch(r"\d{4}(-H2)?", period.code):
        return f"năm {int(period.code[:4]) + 1}"
    return "thời gian tới"


def _phuong_huong(c: Context) -> str:
    parts = [
        f"Tiếp tục tuyên truyền, vận động Nhân dân tham gia hiến đất, đóng góp xây dựng kết cấu hạ tầng trong "
        f"{next_term(c.period)}.",
    ]
    if c.works_in_progress:
        parts.append(f"Đôn đốc hoàn thành {c.works_in_progress} công trình đang thi công.")
    parts.append("Kịp thời biểu dương, khen thưởng các tập thể, hộ gia đình, cá nhân có thành tích tiêu biểu.")
    return "\n".join(parts)


def _de_xuat(c: Context) -> str:
    return f"Đề nghị {c.unit.get('receiving_name') or 'cấp trên'} {PLACEHOLDER}"


GENERATORS: dict[str, Callable[[Context], str]] = {
    "lanh_dao": _lanh_dao, "ket_qua": _ket_qua, "tiet_kiem": _tiet_kiem, "khen_thuong": _khen_thuong,
    "danh_gia": _danh_gia, "phuong_huong": _phuong_huong, "de_xuat": _de_xuat,
}


def default_recipients(unit: dict[str, Any]) -> list[str]:
    return [r for r in (unit.get("receiving_name"), unit.get("receiving_office")) if r]


def default_cc(unit: dict[str, Any]) -> list[str]:
    word = (unit.get("name") or "phường").split(" ")[0].lower()
    drafting = unit.get("drafting_abbr") or "VHXH"
    return ["Như trên", f"Thường trực Đảng ủy {word}", f"Thường trực HĐND {word}",
            f"Ủy ban MTTQ Việt Nam {word}", f"Lưu: VT, {drafting}"]


# --------------------------------------------------------------------------- the draft


def load_draft(ledger: Ledger, period: Period) -> dict[str, Any]:
    """The saved draft: {"id", "sections" (edited only), "recipients", "cc", "report_date"}."""
    row = ledger.conn.execute(
        "SELECT id, sections, recipients, cc, report_date FROM report_drafts WHERE period_code = ? "
        "AND deleted_at IS NULL", [period.code]).fetchone()
    if row is None:
        return {"id": None, "sections": {}, "recipients": None, "cc": None, "report_date": None}
    return {"id": row[0], "sections": json.loads(row[1] or "{}"), "recipients": _list(row[2]), "cc": _list(row[3]),
            "report_date": row[4]}


def _list(text: str | None) -> list[str] | None:
    return json.loads(text) if text else None


def texts(ledger: Ledger, period: Period, ctx: Context | None = None) -> dict[str, tuple[str, bool]]:
    """Each section's text and whether the clerk wrote it (False: generated from the figures)."""
    ctx = ctx or context(ledger, period)
    edited = load_draft(ledger, period)["sections"]
    return {k: (edited[k], True) if k in edited else (GENERATORS[k](ctx), False) for k in SECTIONS}


def save_draft(
    ledger: Ledger, period: Period, *, sections: dict[str, str | None] | None = None,
    recipients: list[str] | None = None, cc: list[str] | None = None, report_date: str | None = None,
) -> Changes:
    """Keep what the clerk changed. A section set to None goes back to the generated text."""
    if report_date:
        try:
            dt.date.fromisoformat(report_date)
        except ValueError as exc:
            raise UserError(f"Ngày báo cáo không hợp lệ: {report_date}.") from exc
    with ledger.transaction():
        draft = load_draft(ledger, period)
        new_sections = dict(draft["sections"])
        for key, text in (sections or {}).items():
            if key not in SECTIONS:
                raise UserError(f"Không có mục \"{key}\" trong báo cáo.")
            if text is None:
                new_sections.pop(key, None)
            else:
                new_sections[key] = text.strip()
        row = {"sections": json.dumps(new_sections, ensure_ascii=False, sort_keys=True)}
        if recipients is not None:
            row["recipients"] = json.dumps([r.strip() for r in recipients if r.strip()], ensure_ascii=False)
        if cc is not None:
            row["cc"] = json.dumps([r.strip() for r in cc if r.strip()], ensure_ascii=False)
        if report_date is not None:
            row["report_date"] = report_date
        if draft["id"] is None:
            draft_id = records.create(ledger, "report_drafts", {"period_code": period.code, **row},
                                      f"báo cáo {period.label}")
        else:
            draft_id = draft["id"]
            records.update(ledger, "report_drafts", draft_id, row, f"báo cáo {period.label}")
    return Changes().add("report_drafts", draft_id)


def unfilled(section_texts: dict[str, tuple[str, bool]]) -> list[str]:
    """Sections still holding a "…" for the clerk to fill, by heading."""
    return [SECTIONS[k] for k, (text, _) in section_texts.items() if PLACEHOLDER in text]


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


def _kind_table(t: dict[str, Any]) -> Table:
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
        caption="Bảng 1. Giá trị Nhân dân đóng góp theo hình thức", font_size=12,
    )


def _group_table(c: Context) -> Table:
    t = c.summary["totals"]
    keys = ("contributors", "households_land", "land_m2", "labour_days", "total_value_vnd")
    rows = [[str(i), r["group"], *(_q(k, r[k]) for k in keys)] for i, r in enumerate(c.summary["by_group"], start=1)]
    return Table(
        columns=[Column("STT", 1.5, "center"), Column(c.unit.get("group_label") or "Tổ dân phố", 4.2),
                 Column("Người, hộ đóng góp", 2.6, "right"), Column("Hộ hiến đất", 2.3, "right"),
                 Column("Đất hiến (m²)", 2.8, "right"), Column("Ngày công", 2.6, "right"),
                 Column("Tổng giá trị (đồng)", 4.2, "right")],
        rows=rows,
        total=["", "Toàn " + c.unit_word, *(_q(k, t[k]) for k in keys)],
        caption=f"Bảng 2. Kết quả vận động theo {c.group_word}", font_size=11,
        note="Một người, hộ đóng góp ở nhiều tổ được tính ở mỗi tổ nhưng chỉ một lần ở dòng toàn "
             f"{c.unit_word}.",
    )


def _works_table(c: Context) -> Table:
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
        caption="Bảng 3. Kết quả theo công trình", font_size=11,
    )


def _targets_table(c: Context) -> Table:
    rows = []
    for i, t in enumerate(c.targets, start=1):
        result = "" if t["result"] is None else _fmt_target(t["result"], t["unit_label"])
        percent = "" if t["percent"] is None else format_decimal(t["percent"], 1, trim=True)
        rows.append([str(i), t["name"], t["unit_label"] or "", _fmt_target(t["target_value"], t["unit_label"]),
                     result, percent])
    return Table(
        columns=[Column("STT", 1.5, "center"), Column("Chỉ tiêu", 7), Column("Đơn vị", 2, "center"),
                 Column("Kế hoạch", 3, "right"), Column("Kết quả", 3, "right"), Column("Tỷ lệ (%)", 2, "right")],
        rows=rows, caption=f"Bảng 4. Kết quả thực hiện chỉ tiêu năm {c.period.end[:4]}", font_size=11,
    )


def _fmt_target(value: float, unit: str | None) -> str:
    if float(value) == int(value):
        return format_int(int(value))
    return format_decimal(float(value), 1)


def _donors_appendix(ledger: Ledger, c: Context, ref: str) -> Appendix:
    rows, m2, value = [], 0.0, 0
    donors = figures.land_donors(ledger, c.period)
    for i, d in enumerate(donors, start=1):
        m2 += d["m2"]
        value += d["value_vnd"]
        plot = " / ".join(x for x in (d["map_sheet"], d["parcel"]) if x)
        rows.append([str(i), d["name"], CONTRIBUTOR_KINDS.get(d["kind"], d["kind"]), d["address"] or "",
                     d["group"] or "", d["work"] or "", plot, format_decimal(d["m2"], 1), format_int(d["value_vnd"])])
    t = c.summary["totals"]
    blocks: list[Any] = [Table(
        columns=[Column("STT", 1.5, "center"), Column("Họ và tên chủ hộ, tổ chức, cá nhân", 5),
                 Column("Đối tượng", 2.4), Column("Địa chỉ", 4), Column(c.unit.get("group_label") or "Tổ dân phố", 2.8),
                 Column("Công trình", 4.4), Column("Tờ BĐ / Thửa", 2.2, "center"),
                 Column("Diện tích (m²)", 2.4, "right"), Column("Giá trị quy đổi (đồng)", 3.4, "right")],
        rows=rows, font_size=10.5,
        # The totals are the report's figures; the rows add up to them.
        total=["", f"Tổng cộng: {_q('households_land', t['households_land'])} hộ gia đình", "", "", "", "", "",
               _q("land_m2", t["land_m2"]), _q("land_value_vnd", t["land_value_vnd"])],
    )]
    if not donors:
        blocks = [Para(f"Trong {c.period.label} không có hộ gia đình, tổ chức, cá nhân hiến đất.", indent=False,
                       align="center")]
    return Appendix(title="DANH SÁCH HỘ GIA ĐÌNH, TỔ CHỨC, CÁ NHÂN HIẾN ĐẤT", subtitle=ref, blocks=blocks,
                    landscape=True)


def _groups_appendix(c: Context, ref: str) -> Appendix:
    keys = list(figures.TOTAL_KEYS)
    heads = ["Người, hộ đóng góp", "Hộ hiến đất", "Đất hiến (m²)", "Giá trị đất (đồng)", "Tiền mặt (đồng)",
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
    from desktop.core import dashboard

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


def signature(unit: dict[str, Any]) -> Signature:
    name = unit.get("signer_name") or ""
    if (unit.get("sign_mode") or "TM") == "KT":
        return Signature(["KT. CHỦ TỊCH", (unit.get("signer_title") or "Phó Chủ tịch").upper()], name)
    return Signature(["TM. ỦY BAN NHÂN DÂN", (unit.get("signer_title") or "Chủ tịch").upper()], name)


def issuer_lines(unit: dict[str, Any]) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", (unit.get("name") or "").upper()]


def place_date(unit: dict[str, Any], date: dt.date) -> str:
    """"Nguyễn Nghiêm, ngày 14 tháng 6 năm 2026"; a ward named after a number keeps its word ("Phường 7")."""
    place = unit.get("place_name") or unit.get("name") or ""
    if re.fullmatch(r"\d+", place.strip()):
        place = unit.get("name") or place
    return f"{place}, {date_words(date)}"


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
    body += [Heading("II. KẾT QUẢ THỰC HIỆN", level=1),
             Heading("1. Kết quả phát triển kết cấu hạ tầng và vận động Nhân dân", level=2)]
    body += _blocks_of(section_text["ket_qua"][0])
    body += [_kind_table(c.summary["totals"]), _group_table(c)]
    if c.works:
        body.append(_works_table(c))
    body.append(Heading("2. Kết quả thực hiện chỉ tiêu thi đua", level=2))
    if c.targets:
        body.append(_targets_table(c))
    else:
        body.append(Para(f"Năm {c.period.end[:4]} chưa giao chỉ tiêu cụ thể cho Phong trào."))
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
    subj = subject(period)
    body.append(Para(f"Trên đây là báo cáo {subj[:1].lower()}{subj[1:]} của Ủy ban nhân dân {c.unit_short}./."))

    return AdminDocument(
        issuer=issuer_lines(unit), number=number, place_date=place_date(unit, date), kind_title="BÁO CÁO",
        subject=subj,
        recipients=draft["recipients"] if draft["recipients"] is not None else default_recipients(unit),
        blocks=body,
        cc=draft["cc"] if draft["cc"] is not None else default_cc(unit),
        signature=signature(unit),
        appendices=[_donors_appendix(ledger, c, ref), _groups_appendix(c, ref), _charts_appendix(ledger, c, ref)],
        draft=symbol is None,
        title_meta=f"Báo cáo {c.period.label}", author_meta=unit.get("name") or "",
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
    if not unit.get("signer_name"):
        raise UserError("Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên người ký” "
                        "trước khi ban hành.")
    draft = load_draft(ledger, period)
    doc_date = draft["report_date"] or dt.date.today().isoformat()
    section_text = texts(ledger, period, c)
    content = {
        "sections": {k: v[0] for k, v in section_text.items()},
        "recipients": draft["recipients"] if draft["recipients"] is not None else default_recipients(unit),
        "cc": draft["cc"] if draft["cc"] is not None else default_cc(unit),
        "targets": c.targets,
        "works": c.works,
    }
    with ledger.transaction():
        if draft["report_date"] is None:
            save_draft(ledger, period, report_date=doc_date)
        return documents.issue(
            ledger, kind=KIND, doc_date=doc_date, number=number, issuer_abbr=unit.get("issuer_abbr") or "UBND",
            title=subject(period), period=period.as_dict(), figures=c.summary, content=content,
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
    doc = documents.current(ledger, KIND, period.code)
    if doc is None:
        return {"issued": None, "history": [], "lock": None, "changes": []}
    lock = ledger.conn.execute(
        "SELECT id, unlocked_at, unlocked_by, unlock_reason FROM period_locks WHERE document_id = ? "
        "AND deleted_at IS NULL", [doc["id"]]).fetchone()
    live = figures.summary(ledger, period)
    return {
        "issued": doc,
        "history": documents.for_period(ledger, KIND, period.code),
        "lock": dict(zip(("id", "unlocked_at", "unlocked_by", "unlock_reason"), lock, strict=True)) if lock else None,
        "changes": differences(doc["figures"], live),
    }

