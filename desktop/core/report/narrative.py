"""The narrative of the semiannual / annual report (DESIGN §6, domain.md §4.2): its sections and the draft.

The draft keeps only what the clerk wrote: a section never edited is generated again from the live
figures every time, so its numbers cannot go stale. The same holds for the trích yếu: the clerk's own wording is
kept in the draft (under `SUBJECT_KEY` of its sections JSON), otherwise it is generated from the period.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.figures import figures, indicators, targets
from desktop.core.ledger import periods, records, setup
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.ledger.vocab import CONTRIBUTOR_KINDS
from desktop.core.pdf.model import appendix_label
from desktop.core.report import movement, spending
from desktop.core.text.vnformat import format_date, format_int

KIND = "BC"
PLACEHOLDER = "…"

# The clerk's trích yếu is kept in the draft's sections JSON under this key (no section has it), so it needs no
# column of its own; `load_draft` gives it apart as "subject".
SUBJECT_KEY = "trich_yeu"
SUBJECT_MAX = 500

# The year the movement ends, when its tổng kết is held, if the ledger's movement has none: "Phong trào thi đua
# được triển khai thực hiện từ năm 2022 đến năm 2030 … tổng kết vào năm 2030" (seed plan of phường Nguyễn Nghiêm,
# mục V; the same in the provincial plan KH 26/KH-UBND Đắk Lắk, mục V).
MOVEMENT_END_YEAR = 2030

# A ward with more groups than this has its table by group only in the appendix (Phụ lục "Biểu tổng hợp số liệu
# theo tổ dân phố", domain.md §4.2) and the body refers to it; a smaller ward has it in the body only. 30 rows at
# 11 pt fill about one A4 page: a longer table would push the narrative apart. (domain.md §4.4: a small ward has
# 4–9 tổ dân phố, a merged ward 30–130.)
GROUPS_IN_BODY_MAX = 30

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
    works_in_progress: int  # at the end of the period (figures.WORK_STATE_SQL), not today
    contributors: dict[str, int]  # distinct contributors by kind (ho, ca_nhan, tap_the, doanh_nghiep)
    land_donors: dict[str, int]  # the same, of those who gave land: the rows of Phụ lục I
    movement_end_year: int = MOVEMENT_END_YEAR
    today: str = field(default_factory=lambda: dt.date.today().isoformat())
    indicators: list[dict[str, Any]] = field(default_factory=list)  # indicators.period_values, catalogue order
    reports: list[dict[str, Any]] = field(default_factory=list)  # the units' current reports (movement.reports_for)
    missing: list[dict[str, str]] = field(default_factory=list)  # units (name, kind) that sent nothing for it
    spending: str = ""  # the công khai thu – chi sentence (spending.spending_sentence), "" when no work has any

    @property
    def as_of(self) -> str:
        """The day the works' state is told at: the period's last day, or today while the period is running."""
        return min(self.period.end, self.today)

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

    @property
    def groups_in_body(self) -> bool:
        """Whether the table by group stands in the body (a small ward) or only in the appendix."""
        return len(self.summary["by_group"]) <= GROUPS_IN_BODY_MAX

    @property
    def appendix_labels(self) -> dict[str, str]:
        """The report's appendices in order ("donors", "groups" for a large ward, "charts") and how the body
        refers to them: "Phụ lục I", "Phụ lục II", … as the engine labels them in this order (pdf.model)."""
        keys = ["donors", *([] if self.groups_in_body else ["groups"]), "charts"]
        return {k: appendix_label(i, len(keys)) for i, k in enumerate(keys, start=1)}


def movement_end_year(ledger: Ledger) -> int:
    row = ledger.conn.execute("SELECT end_year FROM movements WHERE deleted_at IS NULL AND end_year IS NOT NULL "
                              "ORDER BY id LIMIT 1").fetchone()
    return int(row[0]) if row else MOVEMENT_END_YEAR


def context(ledger: Ledger, period: Period) -> Context:
    unit = setup.get_unit(ledger)
    summary = figures.summary(ledger, period)
    reports = movement.reports_for(ledger, period)
    return Context(unit, period, summary, figures.by_work(ledger, period),
                   targets.with_results(ledger, period, summary["totals"]), figures.works_in_progress(ledger, period),
                   figures.contributors_by_kind(ledger, period), figures.contributors_by_kind(ledger, period, "land"),
                   movement_end_year(ledger), indicators=indicators.period_values(ledger, period), reports=reports,
                   missing=movement.missing_units(ledger, reports),
                   spending=spending.spending_sentence(ledger, period))


def parse_period(ledger: Ledger, code: str) -> Period:
    return periods.parse(code, setup.get_unit(ledger).get("period_start") or "01-01")


# --------------------------------------------------------------------------- default texts


def subject(period: Period, end_year: int = MOVEMENT_END_YEAR) -> str:
    """The default trích yếu: "Sơ kết 6 tháng đầu năm 2026 thực hiện Phong trào thi đua “…”".

    Sơ kết is the review along the way, tổng kết the one at the end of the movement:
    - 6 months and a year: sơ kết — the Prime Minister asked every level to "sơ kết hằng năm" (domain.md §4.1),
      and the seed plan reports "định kỳ 6 tháng, hàng năm" (phường Nguyễn Nghiêm, mục VI); domain.md §4.2
      "Báo cáo sơ kết 6 tháng / năm";
    - a phase ending before the movement does (2022 - 2025, 2023 - 2025): sơ kết — "Tiến hành sơ kết, đánh giá,
      rút kinh nghiệm vào năm 2025 để triển khai giai đoạn tiếp theo" (seed plan, mục V.1; KH 26/KH-UBND Đắk Lắk,
      mục V);
    - a phase ending with the movement (2026 - 2030, 2022 - 2030): tổng kết — "tiếp tục triển khai giai đoạn 2 và
      tổng kết vào năm 2030" (seed plan, mục V.2);
    - custom bounds: "Kết quả thực hiện … từ ngày … đến ngày …".
    The clerk may word it otherwise (`save_draft(subject=…)`, `title`)."""
    code = period.code
    if re.fullmatch(r"\d{4}(-H[12])?", code):
        what = f"Sơ kết {period.label}"
    elif m := re.fullmatch(r"\d{4}-(\d{4})", code):
        what = f"{'Tổng kết' if int(m.group(1)) >= end_year else 'Sơ kết'} {period.label}"
    else:
        what = f"Kết quả {period.label}"
    return f"{what} thực hiện Phong trào thi đua “{setup.DEFAULT_MOVEMENT}”"


def title(ledger: Ledger, period: Period, draft: dict[str, Any] | None = None) -> str:
    """The report's trích yếu: the clerk's, if they wrote one, else the default for the period."""
    draft = draft if draft is not None else load_draft(ledger, period)
    return draft.get("subject") or subject(period, movement_end_year(ledger))


def _n(key: str, totals: dict[str, Any]) -> str:
    return figures.format_value(key, totals[key])


def who(counts: dict[str, int]) -> str:
    """A count that says what it counts: "13 hộ gia đình", "18 người (13 hộ gia đình, 5 cá nhân)", "20 người,
    tổ chức (13 hộ gia đình, 5 cá nhân, 1 tập thể, 1 doanh nghiệp)" — the parts in the order of CONTRIBUTOR_KINDS."""
    parts = [(n, CONTRIBUTOR_KINDS.get(k, k).lower()) for k in [*CONTRIBUTOR_KINDS, *sorted(set(counts) -
             set(CONTRIBUTOR_KINDS))] if (n := counts.get(k, 0))]
    total = sum(n for n, _ in parts)
    if len(parts) <= 1:
        return f"{format_int(total)} {parts[0][1] if parts else 'người'}"
    noun = "người" if set(counts) <= {"ho", "ca_nhan"} else "người, tổ chức"
    return f"{format_int(total)} {noun} ({', '.join(f'{format_int(n)} {name}' for n, name in parts)})"


def works_sentence(c: Context) -> str:
    """The works of the period, as at its end: completed in it, road length only when a road was completed,
    and those still under construction on its last day (figures.WORK_STATE_SQL)."""
    t, p = c.summary["totals"], c.period
    where = f"Trong {p.label} ({p.bounds_text}), trên địa bàn {c.unit_short}"
    if not t["works_completed"]:
        text = f"{where} chưa có công trình hoàn thành."
    elif t["road_length_completed_m"]:
        text = (f"{where} có {_n('works_completed', t)} công trình hoàn thành, trong đó tổng chiều dài đường, hẻm "
                f"được làm mới, mở rộng, nâng cấp là {_n('road_length_completed_m', t)} m.")
    else:
        text = f"{where} có {_n('works_completed', t)} công trình hoàn thành."
    if c.works_in_progress:
        text += f" Đến ngày {format_date(c.as_of)}, có {c.works_in_progress} công trình đang thi công."
    return text


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
    if c.land_donors:
        land = (f"- Hiến đất: {who(c.land_donors)} hiến {_n('land_m2', t)} m² đất, giá trị quy đổi "
                f"{_n('land_value_vnd', t)} đồng;")
    else:
        land = "- Hiến đất: không có;"
    if t["contributors"]:
        people = f"có {who(c.contributors)} tham gia đóng góp với tổng giá trị quy đổi {_n('total_value_vnd', t)} đồng"
    else:
        people = "chưa có hộ gia đình, cá nhân, tổ chức đóng góp"
    return "\n".join([
        works_sentence(c),
        f"Kết quả vận động Nhân dân: {people}, trong đó:",
        land,
        f"- Tiền mặt: {_n('money_vnd', t)} đồng;",
        f"- Vật tư: giá trị quy đổi {_n('materials_value_vnd', t)} đồng;",
        f"- Ngày công lao động: {_n('labour_days', t)} ngày công, giá trị quy đổi {_n('labour_value_vnd', t)} đồng;",
        f"- Tài sản, vật kiến trúc, cây cối tự tháo dỡ: giá trị quy đổi {_n('assets_value_vnd', t)} đồng;",
        f"- Hình thức khác: {_n('other_value_vnd', t)} đồng.",
        *([c.spending] if c.spending else []),
    ])


def references(c: Context) -> str:
    """Where the tables and appendices are (printed by report.build after the section, so it always follows the
    layout, even when the clerk rewrote the section)."""
    labels = c.appendix_labels
    tables = ["theo hình thức đóng góp", *([f"theo từng {c.group_word}"] if c.groups_in_body else []),
              *(["theo từng công trình"] if c.works else [])]
    out = [f"Kết quả {', '.join(tables[:-1]) + ' và ' if len(tables) > 1 else ''}{tables[-1]} tại "
           f"{'các bảng' if len(tables) > 1 else 'bảng'} dưới đây"]
    if not c.groups_in_body:
        out.append(f"kết quả theo từng {c.group_word} ({len(c.summary['by_group'])} {c.group_word}) tại "
                   f"{labels['groups']}")
    out.append(f"danh sách hộ gia đình, tổ chức, cá nhân hiến đất tại {labels['donors']}")
    out.append(f"biểu đồ tại {labels['charts']}")
    return "; ".join(out) + "."


def _tiet_kiem(c: Context) -> str:
    return movement.tiet_kiem(indicators.as_dict(c.indicators), c.reports, c.unit_short, c.unit_word)


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
    """The saved draft: {"id", "sections" (edited only), "subject" (the clerk's trích yếu or None), "recipients",
    "cc", "report_date"}."""
    row = ledger.conn.execute(
        "SELECT id, sections, recipients, cc, report_date FROM report_drafts WHERE period_code = ? "
        "AND deleted_at IS NULL", [period.code]).fetchone()
    if row is None:
        return {"id": None, "sections": {}, "subject": None, "recipients": None, "cc": None, "report_date": None}
    sections = json.loads(row[1] or "{}")
    own_subject = sections.pop(SUBJECT_KEY, None)
    return {"id": row[0], "sections": sections, "subject": own_subject, "recipients": _list(row[2]),
            "cc": _list(row[3]), "report_date": row[4]}


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
    subject: str | None = None,
) -> Changes:
    """Keep what the clerk changed. A section set to None goes back to the generated text; the trích yếu
    (`subject`) set to "" goes back to the default for the period, None leaves it as it is."""
    if report_date:
        try:
            dt.date.fromisoformat(report_date)
        except ValueError as exc:
            raise UserError(f"Ngày báo cáo không hợp lệ: {report_date}.") from exc
    own_subject = " ".join(subject.split()) if subject is not None else None
    if own_subject and len(own_subject) > SUBJECT_MAX:
        raise UserError(f"Trích yếu dài quá {SUBJECT_MAX} ký tự: hãy viết gọn lại.")
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
        if own_subject is None:
            own_subject = draft["subject"]
        if own_subject:
            new_sections[SUBJECT_KEY] = own_subject
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
