"""The award catalogue and its settings: who may be proposed (SUBJECTS), the award kinds with their level and
prize multiplier, and the settings of the council and the dossier (base salary, pass percentage, drafting office).
"""

from __future__ import annotations

import json
import re
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import records, settings_store, setup, vocab
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes

SUBJECTS: dict[str, str] = {"ho": "Hộ gia đình", "ca_nhan": "Cá nhân", "tap_the": "Tập thể",
                            "to_dan_pho": "Tổ dân phố"}
FORMS: dict[str, str] = {"danh_hieu": "Danh hiệu thi đua", "hinh_thuc": "Hình thức khen thưởng"}
LEVELS: dict[str, str] = {"ward": "Phường quyết định", "upper": "Trình cấp trên"}
STATUSES: dict[str, str] = vocab.PROPOSAL_STATUSES
# Who a contributor is as a nominee: a business is proposed as a collective (tập thể).
SUBJECT_OF_CONTRIBUTOR = {"ho": "ho", "ca_nhan": "ca_nhan", "tap_the": "tap_the", "doanh_nghiep": "tap_the"}
# The groups of the Danh sách đề nghị khen thưởng (domain.md §2.7), in print order.
LIST_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Tập thể", ("tap_the", "to_dan_pho")), ("Cá nhân", ("ca_nhan",)), ("Hộ gia đình", ("ho",)))

# Settings kept in the `settings` table (key → default). `legal_bases` None: the default căn cứ of the date.
SETTING_DEFAULTS: dict[str, Any] = {
    "base_salary_vnd": 2_340_000,  # mức lương cơ sở since 01/7/2024 (Nghị định 73/2024/NĐ-CP)
    # The council's working rules (resources/rules/hoi-dong-thi-dua.md): Luật Thi đua, khen thưởng 2022 and Nghị
    # định 152/2025 leave them to the quy chế of each Hội đồng. reference/domain.md §2 ("Biên bản họp Hội đồng
    # TĐKT", Bắc Ninh QĐ 86/2025/QĐ-UBND): the provincial council meets validly with ≥ 2/3 of its members (Điều 8),
    # the cơ sở council decides by majority (Điều 9); ward quy chế usually copy 2/3 and write the majority as
    # "trên 50% tổng số thành viên Hội đồng". Provinces differ, hence settings.
    "vote_pass_percent": 50,  # a proposal passes with more than this share of the base below
    "vote_base": "members_total",  # "members_total" (trên tổng số thành viên Hội đồng) or "members_present"
    "quorum_fraction": "2/3",  # the share of the members that must be present for the council to vote
    # May an absent member vote in writing (the vote counted in votes_for, recorded as written)? Luật Thi đua,
    # khen thưởng 2022 Điều 89 and Nghị định 152/2025 leave it to the council's quy chế; the provincial one allows it
    # (Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 8: "thành viên vắng mặt biểu quyết bằng văn bản"), a ward's quy chế often
    # does not say, so off until the clerk turns it on. Written votes never make the quorum (members present only).
    "written_votes_allowed": False,
    "drafting_name": "Phòng Văn hóa - Xã hội",  # the office that proposes the ward's own awards (Tờ trình)
    "drafting_head_title": "Trưởng phòng",
    "drafting_head_name": "",
    "legal_bases": None,
    # The province's own regulation on thi đua, khen thưởng, a căn cứ of every award document (reference/domain.md
    # §2.1: each province re-issued its Quy định/Quy chế after 01/7/2025, e.g. Bắc Ninh QĐ 86/2025/QĐ-UBND);
    # empty until the clerk types it: "Quyết định số …/2025/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh … ban hành …".
    "province_regulation": "",
    "certificate": None,  # certificate layout (desktop.core.pdf.certificate.DEFAULT_LAYOUT when None)
}


# --------------------------------------------------------------------------- settings


def get_settings(ledger: Ledger) -> dict[str, Any]:
    """Every award setting, stored value or default."""
    return settings_store.read(ledger, SETTING_DEFAULTS)


VOTE_BASES: dict[str, str] = {"members_total": "tổng số thành viên Hội đồng",
                               "members_present": "số thành viên dự họp"}


def quorum_needed(total: int, fraction: str = "2/3") -> int:
    """The fewest members present for a valid meeting: ⌈total × fraction⌉ (9 members, "2/3" → 6)."""
    num, _, den = str(fraction).partition("/")
    n, d = int(num), int(den or 1)
    if not (0 < n <= d):
        raise ValueError(fraction)
    return -(-int(total) * n // d)


def vote_passes(row: dict[str, Any], settings: dict[str, Any]) -> bool:
    """Did the council pass it: votes for above `vote_pass_percent` % of the base the rule names (all the
    members, or those who voted: present plus, where allowed, the absent ones who voted in writing), at a meeting
    with its quorum (members present only)."""
    total = row.get("members_total") or 0
    present = row.get("members_present") or 0
    votes = row.get("votes_for")
    if not total or votes is None or present < quorum_needed(total, settings.get("quorum_fraction") or "2/3"):
        return False
    return votes * 100 > int(settings["vote_pass_percent"]) * vote_base_count(row, settings)


def vote_base_count(row: dict[str, Any], settings: dict[str, Any]) -> int:
    """The number the pass percentage is taken on: all the members, or those who voted (present + written)."""
    if settings.get("vote_base") == "members_present":
        return (row.get("members_present") or 0) + (row.get("members_written") or 0)
    return row.get("members_total") or 0


REJECTED = "Không được thông qua"


def status_label(row: dict[str, Any], settings: dict[str, Any]) -> str:
    """The status as shown: a proposal the council voted on but did not pass reads "Không được thông qua"."""
    if row["status"] == "da_xet" and not vote_passes(row, settings):
        return REJECTED
    return STATUSES.get(row["status"], row["status"])


def base_salary(ledger: Ledger) -> int:
    return int(get_settings(ledger)["base_salary_vnd"])


def save_settings(ledger: Ledger, values: dict[str, Any]) -> Changes:
    """Validate and store settings (only the keys given), with one audit row."""
    form = Form(values)
    form.integer("base_salary_vnd", "Mức lương cơ sở (đồng)", required=True, positive=True, maximum=10**9)
    form.integer("vote_pass_percent", "Tỷ lệ phiếu để được thông qua (%)", required=True, maximum=99)
    form.choice("vote_base", "Tỷ lệ tính trên", VOTE_BASES)
    if "quorum_fraction" in values:
        try:
            quorum_needed(1, str(values["quorum_fraction"]))
            form.set("quorum_fraction", str(values["quorum_fraction"]).strip())
        except ValueError:
            form.error("quorum_fraction", "Số thành viên tối thiểu dự họp: ghi dạng phân số như “2/3”.")
    if "written_votes_allowed" in values:
        form.set("written_votes_allowed", values["written_votes_allowed"] in (True, 1, "1", "true", "True"))
    form.text("drafting_name", "Đơn vị trình khen thưởng cấp phường", required=True, max_len=120)
    form.text("drafting_head_title", "Chức vụ người ký tờ trình", required=True, max_len=60)
    form.text("drafting_head_name", "Họ tên người ký tờ trình", max_len=80)
    if "legal_bases" in values:
        raw = values["legal_bases"]
        lines = raw.splitlines() if isinstance(raw, str) else list(raw or [])
        lines = [line.strip().rstrip(";.").strip() for line in lines if line and line.strip()]
        form.set("legal_bases", lines or None)
    if "province_regulation" in values:
        raw = " ".join(str(values["province_regulation"] or "").split()).rstrip(";.").strip()
        if raw.lower().startswith("căn cứ "):
            raw = raw[len("căn cứ "):]
        form.set("province_regulation", raw[:1].upper() + raw[1:])
        if len(raw) > 400:
            form.error("province_regulation", "Quy định thi đua, khen thưởng của tỉnh: dài quá 400 ký tự.")
    if "certificate" in values:
        form.set("certificate", values["certificate"])
    return settings_store.write(ledger, form.done(), SETTING_DEFAULTS, "Sửa thiết lập khen thưởng")


def prize_vnd(multiplier: float | None, base: int) -> int:
    """Tiền thưởng = hệ số × mức lương cơ sở, in whole đồng (0,45 × 2.340.000 = 1.053.000)."""
    return int(round((multiplier or 0) * base))


# --------------------------------------------------------------------------- catalogue


def unit_word(ledger: Ledger) -> str:
    """"phường", "xã" or "đặc khu": the first word of the unit's name."""
    try:
        name = setup.get_unit(ledger).get("name") or ""
    except UserError:
        return "phường"
    word = name.split(" ")[0].lower()
    return "đặc khu" if word == "đặc" else (word or "phường")


def localize(text: str | None, word: str) -> str | None:
    """The default catalogue says "phường"; a xã (or đặc khu) reads its own word in lists and documents."""
    if not text or word == "phường":
        return text
    return re.sub(r"\bphường\b", word, text)


def _kind_row(row: dict[str, Any], word: str) -> dict[str, Any]:
    return {**row, "subjects": json.loads(row["subjects"] or "[]"), "name": localize(row["name"], word),
            "decided_by": localize(row["decided_by"], word)}


def list_kinds(ledger: Ledger, *, active_only: bool = False, subject: str | None = None) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT * FROM award_kinds WHERE deleted_at IS NULL" + (" AND active = 1" if active_only else "")
        + " ORDER BY sort_order, id")
    cols = [d[0] for d in cur.description]
    word = unit_word(ledger)
    kinds = [_kind_row(dict(zip(cols, r, strict=True)), word) for r in cur]
    return [k for k in kinds if subject is None or subject in k["subjects"]]


def get_kind(ledger: Ledger, kind_id: int) -> dict[str, Any]:
    return _kind_row(records.get(ledger, "award_kinds", kind_id), unit_word(ledger))


def kind_label(kind: dict[str, Any]) -> str:
    """"Giấy khen của Chủ tịch UBND phường (hộ gia đình)": the name with who it is for."""
    subjects = ", ".join(SUBJECTS[s].lower() for s in kind["subjects"] if s in SUBJECTS)
    return f"{kind['name']} ({subjects})" if subjects else kind["name"]


def _validate_kind(values: dict[str, Any]) -> dict[str, Any]:
    form = Form(values)
    form.text("name", "Tên hình thức, danh hiệu", required=True, max_len=200)
    form.choice("form", "Loại", FORMS)
    if "subjects" in values:
        subjects = [s for s in (values.get("subjects") or []) if s in SUBJECTS]
        if not subjects:
            form.error("subjects", "Đối tượng: chọn ít nhất một (hộ gia đình, cá nhân, tập thể, tổ dân phố).")
        form.set("subjects", json.dumps(subjects))
    form.text("decided_by", "Cấp quyết định", required=True, max_len=120)
    form.choice("level", "Thẩm quyền", LEVELS)
    form.number("multiplier", "Hệ số tiền thưởng", maximum=100)
    form.integer("threshold_vnd", "Ngưỡng giá trị đóng góp (đồng)", maximum=10**13)
    form.number("threshold_m2", "Ngưỡng diện tích đất hiến (m²)", maximum=10**7)
    form.integer("sort_order", "Thứ tự")
    if "active" in values:
        form.set("active", 1 if values["active"] in (1, True, "1") else 0)
    form.text("note", "Ghi chú", max_len=1000)
    clean = form.done()
    if "multiplier" in clean and clean["multiplier"] is None:
        clean["multiplier"] = 0.0
    return clean


def add_kind(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = _validate_kind({"form": "hinh_thuc", "level": "ward", "multiplier": 0, "active": 1, "subjects": [],
                            "decided_by": None, "name": None, **values})
    if clean.get("sort_order") is None:
        top = ledger.conn.execute("SELECT max(sort_order) FROM award_kinds").fetchone()[0]
        clean["sort_order"] = int(top or 0) + 10
    title = kind_label({**clean, "subjects": json.loads(clean["subjects"])})
    return records.create(ledger, "award_kinds", clean, title)


def edit_kind(ledger: Ledger, kind_id: int, values: dict[str, Any]) -> Changes:
    clean = _validate_kind(values)
    kind = get_kind(ledger, kind_id)
    records.update(ledger, "award_kinds", kind_id, clean, kind_label(kind))
    return Changes().add("award_kinds", kind_id)


def subject_noun(subject: str, n: int | None = None) -> str:
    """"hộ gia đình", "cá nhân", "tập thể", "tổ dân phố" (with a count: "25 hộ gia đình")."""
    noun = SUBJECTS.get(subject, subject).lower()
    return f"{n} {noun}" if n is not None else noun
