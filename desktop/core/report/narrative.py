"""The narrative of the semiannual / annual report (DESIGN §6, domain.md §4.2): its sections and the draft.

The draft keeps only what the clerk wrote: a section never edited is generated again from the live
figures every time, so its numbers cannot go stale.
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
from desktop.core.figures import figures, targets
from desktop.core.ledger import periods, records, setup
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_int

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
