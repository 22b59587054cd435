"""The narrative of the upper level's consolidated report (Báo cáo tổng hợp): its sections drafted from the wards'
figures, and the draft the clerk edits (issue 21, "The consolidated report is a document").

The outline is the ward's report's (domain.md §4.2; report/narrative.SECTIONS), seen from above: how the wards were
directed, what they achieved together (contributions, works and their funding split), the movement's other
indicators, thực hành tiết kiệm, chống lãng phí, khen thưởng (the proposals received), an assessment, the tasks ahead
and what is asked of the level above. As in the ward's report, the draft keeps only what the clerk wrote (table
report_drafts, one row per period code: the upper ledger writes no ward report); a section never edited is drafted
again from the live figures every time, so its numbers cannot go stale. An issued report freezes its texts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import handoff_extras, proposals_above, upper
from desktop.core.figures import figures
from desktop.core.figures.indicators import format_value as indicator_value
from desktop.core.ledger import records, setup
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.report.narrative import PLACEHOLDER, next_term
from desktop.core.text.vnformat import format_int

SECTIONS: dict[str, str] = {
    "lanh_dao": "I. Công tác chỉ đạo, hướng dẫn, triển khai",
    "ket_qua": "II.1. Kết quả phát triển kết cấu hạ tầng và vận động Nhân dân",
    "chi_tieu": "II.2. Kết quả các chỉ tiêu khác của Phong trào",
    "tiet_kiem": "II.3. Thực hành tiết kiệm, chống lãng phí",
    "khen_thuong": "II.4. Công tác khen thưởng",
    "danh_gia": "III. Đánh giá chung",
    "phuong_huong": "IV. Phương hướng, nhiệm vụ",
    "de_xuat": "V. Đề xuất, kiến nghị",
}
SECTION_MAX = 20_000  # characters of one section: several pages of text


@dataclass
class Context:
    """What the text is made from: the upper unit, the period, the consolidation and who has not sent."""

    unit: dict[str, Any]
    period: Period
    data: dict[str, Any]  # upper.consolidate
    registered: int
    missing: list[str]  # names of registered wards without a current file of the period
    proposals: dict[str, int]  # received proposals by the upper level's outcome (proposals_above.OUTCOMES)

    @property
    def unit_short(self) -> str:
        name = self.unit.get("name") or ""
        return name[:1].lower() + name[1:]

    @property
    def body(self) -> str:
        return body_name(self.unit)

    @property
    def sent(self) -> int:
        return len(self.data["by_unit"])


def body_name(unit: dict[str, Any]) -> str:
    """Who speaks in the report: "Ủy ban nhân dân tỉnh Quảng Ngãi" for a province's ledger; the unit's own name when
    it is a body of its own ("Sở Nội vụ tỉnh …", "Ban Thi đua - Khen thưởng …", "Ủy ban nhân dân …")."""
    name = (unit.get("name") or "").strip()
    if re.match(r"(?i)(sở|ban|phòng|văn phòng|ủy ban|ubnd)\b", name):
        return name
    return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"


def context(ledger: Ledger, period: Period, data: dict[str, Any] | None = None) -> Context:
    data = data or upper.consolidate(ledger, period.code)
    sent = {u["unit"]["code"] for u in data["by_unit"]}
    wards = upper.wards(ledger)
    counts: dict[str, int] = {}
    for row in proposals_above.list_current(ledger, period.code):
        counts[row["outcome"] or "dang_xet"] = counts.get(row["outcome"] or "dang_xet", 0) + 1
    return Context(setup.get_unit(ledger), period, data, len(wards),
                   [w["name"] for w in wards if w["code"] not in sent], counts)


def _n(key: str, t: dict[str, Any]) -> str:
    return figures.format_value(key, t[key])


def _lanh_dao(c: Context) -> str:
    above = c.unit.get("receiving_name") or "Ủy ban nhân dân tỉnh"
    lines = [
        f"Thực hiện Kế hoạch số {PLACEHOLDER} ngày {PLACEHOLDER} của {above} về tổ chức Phong trào thi đua "
        f"“{setup.DEFAULT_MOVEMENT}”, {c.body} đã hướng dẫn các đơn vị cấp xã triển khai, "
        "tổ chức phát động và báo cáo kết quả định kỳ 6 tháng, hằng năm.",
        f"Kỳ {c.period.label}, {c.sent}/{c.registered} đơn vị cấp xã đã gửi tệp dữ liệu đã ký số.",
    ]
    if c.missing:
        lines.append(f"Còn {len(c.missing)} đơn vị chưa gửi: {', '.join(c.missing)}.")
    return "\n".join(lines)


def _ket_qua(c: Context) -> str:
    t, f = c.data["totals"], c.data["funding"]
    lines = [
        f"Các đơn vị cấp xã đã vận động {_n('contributors', t)} người, hộ gia đình, tập thể, doanh nghiệp tham gia "
        f"đóng góp với tổng giá trị quy đổi {_n('total_value_vnd', t)} đồng, trong đó:",
        f"- Hiến đất: {_n('households_land', t)} hộ gia đình hiến {_n('land_m2', t)} m², giá trị quy đổi "
        f"{_n('land_value_vnd', t)} đồng;",
        f"- Tiền mặt: {_n('money_vnd', t)} đồng;",
        f"- Vật tư: giá trị quy đổi {_n('materials_value_vnd', t)} đồng;",
        f"- Ngày công lao động: {_n('labour_days', t)} ngày công, giá trị quy đổi {_n('labour_value_vnd', t)} đồng;",
        f"- Tài sản, vật kiến trúc, cây cối: giá trị quy đổi {_n('assets_value_vnd', t)} đồng;",
        f"- Hình thức khác: {_n('other_value_vnd', t)} đồng.",
        f"Trong kỳ hoàn thành {_n('works_completed', t)} công trình"
        + (f", trong đó {_n('road_length_completed_m', t)} m đường, hẻm." if t["road_length_completed_m"] else "."),
    ]
    if any(f.values()):
        lines.append("Nguồn vốn của các công trình trong kỳ: " + "; ".join(
            f"{_FUNDING_WORDS[k]} {format_int(f[k])} đồng" for k in handoff_extras.FUNDING_KEYS)
            + ".")
    return "\n".join(lines)


_FUNDING_WORDS = {"budget_state_vnd": "ngân sách nhà nước", "budget_social_vnd": "xã hội hóa",
                  "budget_people_vnd": "Nhân dân đóng góp (dự toán)"}


def _indicator_line(row: dict[str, Any]) -> str:
    return f"- {row['name']}: " + handoff_extras.describe(row, lambda v: indicator_value(row["kind"], v)) + ";"


def _chi_tieu(c: Context) -> str:
    """The count of indicators reported and the percents in words (the table under the section has every value)."""
    rows = c.data["indicators"]
    if not rows:
        return "Chưa có đơn vị cấp xã nào báo cáo các chỉ tiêu khác của Phong trào trong kỳ."
    lines = [f"Các đơn vị cấp xã đã báo cáo {len(rows)} chỉ tiêu khác của Phong trào; kết quả tổng hợp tại bảng "
             "dưới đây."]
    percents = [r for r in rows if r["kind"] == "percent"]
    if percents:
        lines += [*map(_indicator_line, percents)]
        lines[-1] = lines[-1].rstrip(";") + "."
    return "\n".join(lines)


# The indicators of thực hành tiết kiệm, chống lãng phí (chi-tieu-phong-trao.json): told in section II.3.
_SAVING = ("tiet_kiem_chi_tx_vnd", "cong_trinh_tiet_kiem", "chuong_trinh_thtk", "cuoc_giam_sat")


def _tiet_kiem(c: Context) -> str:
    t = c.data["totals"]
    saved = format_int(t["land_value_vnd"] + t["assets_value_vnd"])
    lines = [f"Nhân dân tự nguyện hiến đất, tự tháo dỡ vật kiến trúc, cây cối, không yêu cầu bồi thường với giá trị "
             f"quy đổi {saved} đồng, góp phần tiết kiệm chi phí giải phóng mặt bằng cho ngân sách nhà nước."]
    rows = [r for r in c.data["indicators"] if r["code"] in _SAVING]
    if rows:
        lines += ["Kết quả thực hành tiết kiệm, chống lãng phí do các đơn vị báo cáo:", *map(_indicator_line, rows)]
        lines[-1] = lines[-1].rstrip(";") + "."
    return "\n".join(lines)


def _khen_thuong(c: Context) -> str:
    total = sum(c.proposals.values())
    if not total:
        return f"Trong kỳ, các đơn vị cấp xã chưa gửi đề nghị khen thưởng lên {c.body}."
    parts = [f"{proposals_above.OUTCOMES[k].lower()} {n}" for k, n in c.proposals.items()
             if k in proposals_above.OUTCOMES and n]
    return (f"Trong kỳ, các đơn vị cấp xã đề nghị khen thưởng {total} trường hợp (tập thể, hộ gia đình, cá nhân): "
            + ", ".join(parts) + ".")


def _danh_gia(c: Context) -> str:
    taking_part = sum(1 for u in c.data["by_unit"] if u["totals"]["contributors"])
    return "\n".join([
        "1. Ưu điểm",
        f"Phong trào được các cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo; {taking_part}/{c.sent} đơn vị cấp xã "
        "đã gửi số liệu có Nhân dân tham gia đóng góp.",
        "2. Tồn tại, hạn chế và nguyên nhân",
        (f"Còn {len(c.missing)} đơn vị cấp xã chưa gửi số liệu đúng hạn. " if c.missing else "") + PLACEHOLDER,
        "3. Bài học kinh nghiệm",
        PLACEHOLDER,
    ])


def _phuong_huong(c: Context) -> str:
    return "\n".join([
        f"Tiếp tục chỉ đạo các đơn vị cấp xã đẩy mạnh Phong trào trong {next_term(c.period)}; đôn đốc các đơn vị "
        "gửi báo cáo đúng hạn.",
        "Kịp thời biểu dương, khen thưởng các tập thể, hộ gia đình, cá nhân có thành tích tiêu biểu.",
    ])


def _de_xuat(c: Context) -> str:
    return f"Đề nghị {c.unit.get('receiving_name') or 'cấp trên'} {PLACEHOLDER}"


GENERATORS: dict[str, Callable[[Context], str]] = {
    "lanh_dao": _lanh_dao, "ket_qua": _ket_qua, "chi_tieu": _chi_tieu, "tiet_kiem": _tiet_kiem,
    "khen_thuong": _khen_thuong, "danh_gia": _danh_gia, "phuong_huong": _phuong_huong, "de_xuat": _de_xuat,
}
assert set(GENERATORS) == set(SECTIONS)


# --------------------------------------------------------------------------- the draft


def load_draft(ledger: Ledger, period: Period) -> dict[str, Any]:
    """{"id", "sections" (the clerk's, by key), "report_date"} of the period's draft (none yet: id None)."""
    row = ledger.conn.execute("SELECT id, sections, report_date FROM report_drafts WHERE period_code = ? "
                              "AND deleted_at IS NULL", [period.code]).fetchone()
    if row is None:
        return {"id": None, "sections": {}, "report_date": None}
    sections = {k: v for k, v in json.loads(row[1] or "{}").items() if k in SECTIONS and isinstance(v, str)}
    return {"id": row[0], "sections": sections, "report_date": row[2]}


def texts(ledger: Ledger, period: Period, ctx: Context | None = None) -> dict[str, tuple[str, bool]]:
    """Each section's text and whether the clerk wrote it (False: drafted from the figures now)."""
    ctx = ctx or context(ledger, period)
    edited = load_draft(ledger, period)["sections"]
    return {k: (edited[k], True) if k in edited else (GENERATORS[k](ctx), False) for k in SECTIONS}


def save_draft(ledger: Ledger, period: Period, *, sections: dict[str, str | None] | None = None,
               report_date: str | None = None) -> Changes:
    """Keep what the clerk changed; a section set to None (or emptied) goes back to the drafted text."""
    if report_date:
        try:
            dt.date.fromisoformat(report_date)
        except ValueError as exc:
            raise UserError(f"Ngày báo cáo không hợp lệ: {report_date}.") from exc
    for key, text in (sections or {}).items():
        if key not in SECTIONS:
            raise UserError(f"Không có mục “{key}” trong báo cáo tổng hợp; các mục: {', '.join(SECTIONS)}.")
        if text is not None and len(text) > SECTION_MAX:
            raise UserError(f"Mục “{SECTIONS[key]}” dài quá {format_int(SECTION_MAX)} ký tự: hãy viết gọn lại.")
    with ledger.transaction():
        draft = load_draft(ledger, period)
        new = dict(draft["sections"])
        for key, text in (sections or {}).items():
            if text is None or not text.strip():
                new.pop(key, None)
            else:
                new[key] = text.strip()
        row: dict[str, Any] = {"sections": json.dumps(new, ensure_ascii=False, sort_keys=True)}
        if report_date is not None:
            row["report_date"] = report_date or None
        title = f"báo cáo tổng hợp {period.label}"
        if draft["id"] is None:
            draft_id = records.create(ledger, "report_drafts", {"period_code": period.code, **row}, title)
        else:
            draft_id = draft["id"]
            records.update(ledger, "report_drafts", draft_id, row, title)
    return Changes().add("report_drafts", draft_id)


def unfilled(section_texts: dict[str, tuple[str, bool]]) -> list[str]:
    """Sections still holding a "…" for the clerk to fill, by heading."""
    return [SECTIONS[k] for k, (text, _) in section_texts.items() if PLACEHOLDER in text]
