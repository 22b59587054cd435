"""Award proposals: the catalogue, proposals linked to contributions, suggestions, the prior-award check and the
workflow from draft to the decision (DESIGN §2.3; reference/domain.md §2).

Every write is one transaction with its audit row; a status change also writes a `proposal_events` row (who,
when, from, to, why, and the meeting, votes, number or date that came with it). The allowed changes are the table
`TRANSITIONS`: anything else is refused with a Vietnamese message that says why and what is possible instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from db.connection import Ledger
from desktop.core import audit, periods, records, setup, vocab
from desktop.core.errors import NotFoundError, UserError, ValidationError
from desktop.core.fields import Form
from desktop.core.periods import Period
from desktop.core.records import Changes
from desktop.core.vnformat import format_date, format_decimal, format_int
from desktop.core.vntext import fold, person_sort_key

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
    "vote_pass_percent": 50,  # a proposal passes with more than this share of the council's members
    "drafting_name": "Phòng Văn hóa - Xã hội",  # the office that proposes the ward's own awards (Tờ trình)
    "drafting_head_title": "Trưởng phòng",
    "drafting_head_name": "",
    "legal_bases": None,
    "certificate": None,  # certificate layout (desktop.core.pdf.certificate.DEFAULT_LAYOUT when None)
}

# --------------------------------------------------------------------------- the workflow table


@dataclass(frozen=True)
class Transition:
    label: str  # what the button says
    sources: frozenset[str]  # statuses it may start from
    target: str
    needs_reason: bool = False
    level: str | None = None  # only for awards of this level (ward: the ward decides; upper: proposed upward)


TRANSITIONS: dict[str, Transition] = {
    "review": Transition("Ghi kết quả xét của Hội đồng", frozenset({"du_thao"}), "da_xet"),
    "decide": Transition("Ghi quyết định khen thưởng", frozenset({"da_xet"}), "quyet_dinh", level="ward"),
    "submit": Transition("Ghi trình cấp trên", frozenset({"da_xet"}), "trinh_cap_tren", level="upper"),
    "grant": Transition("Được khen", frozenset({"quyet_dinh", "trinh_cap_tren"}), "duoc_khen"),
    "refuse": Transition("Không được khen", frozenset({"da_xet", "quyet_dinh", "trinh_cap_tren"}),
                         "khong_duoc_khen", needs_reason=True),
    "return": Transition("Trả lại", frozenset({"da_xet", "quyet_dinh", "trinh_cap_tren"}), "tra_lai",
                         needs_reason=True),
    "redraft": Transition("Đưa về dự thảo", frozenset({"tra_lai"}), "du_thao"),
}


# --------------------------------------------------------------------------- settings


def get_settings(ledger: Ledger) -> dict[str, Any]:
    """Every award setting, stored value or default."""
    out = dict(SETTING_DEFAULTS)
    for key, value in ledger.conn.execute("SELECT key, value FROM settings"):
        if key in out:
            out[key] = json.loads(value)
    return out


def base_salary(ledger: Ledger) -> int:
    return int(get_settings(ledger)["base_salary_vnd"])


def save_settings(ledger: Ledger, values: dict[str, Any]) -> Changes:
    """Validate and store settings (only the keys given), with one audit row."""
    form = Form(values)
    form.integer("base_salary_vnd", "Mức lương cơ sở (đồng)", required=True, positive=True, maximum=10**9)
    form.integer("vote_pass_percent", "Tỷ lệ phiếu để được thông qua (%)", required=True, maximum=99)
    form.text("drafting_name", "Đơn vị trình khen thưởng cấp phường", required=True, max_len=120)
    form.text("drafting_head_title", "Chức vụ người ký tờ trình", required=True, max_len=60)
    form.text("drafting_head_name", "Họ tên người ký tờ trình", max_len=80)
    if "legal_bases" in values:
        raw = values["legal_bases"]
        lines = raw.splitlines() if isinstance(raw, str) else list(raw or [])
        lines = [line.strip().rstrip(";.").strip() for line in lines if line and line.strip()]
        form.set("legal_bases", lines or None)
    if "certificate" in values:
        form.set("certificate", values["certificate"])
    clean = {k: v for k, v in form.done().items() if k in SETTING_DEFAULTS}
    with ledger.transaction() as db:
        before = get_settings(ledger)
        changed = {k: v for k, v in clean.items() if before.get(k) != v}
        if not changed:
            return Changes()
        now = audit.now_iso()
        for key, value in changed.items():
            db["settings"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False), "updated_at": now},
                                  pk="key")
        audit.record(ledger, "update", "settings", "Sửa thiết lập khen thưởng",
                     before={k: before[k] for k in changed}, after=changed)
    return Changes().add("settings")


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


# --------------------------------------------------------------------------- proposals: reading


_PROPOSAL_SQL = """
SELECT p.id, p.uuid, p.movement_id, p.period_code, p.period_start, p.period_end, p.award_kind_id, p.subject,
  p.contributor_id, p.group_id, p.nominee_name, p.address, p.achievement, p.status, p.meeting_id, p.votes_for,
  p.decision_no, p.decision_date, p.decision_doc_id, p.submission_no, p.submission_date, p.submission_doc_id,
  p.book_no, p.outcome_reason, p.note, p.created_at,
  k.name AS kind_name, k.level, k.form, k.multiplier, k.decided_by, k.subjects AS kind_subjects,
  g.name AS group_name, g.sort_key AS group_sort,
  m.date AS meeting_date, m.members_total, m.members_present, m.document_id AS meeting_document_id,
  coalesce(l.n, 0) AS links,
  CASE WHEN l.n > 0 THEN l.value ELSE coalesce(p.value_vnd, 0) END AS value_vnd,
  CASE WHEN l.n > 0 THEN l.m2 ELSE coalesce(p.land_m2, 0) END AS land_m2
FROM proposals p
  JOIN award_kinds k ON k.id = p.award_kind_id
  LEFT JOIN groups g ON g.id = p.group_id
  LEFT JOIN council_meetings m ON m.id = p.meeting_id
  LEFT JOIN (
    SELECT pc.proposal_id, count(c.id) AS n, coalesce(sum(c.value_vnd), 0) AS value,
      coalesce(sum(CASE WHEN c.kind = 'land' THEN c.quantity END), 0) AS m2
    FROM proposal_contributions pc JOIN contributions c ON c.id = pc.contribution_id AND c.deleted_at IS NULL
    GROUP BY pc.proposal_id
  ) l ON l.proposal_id = p.id
WHERE p.deleted_at IS NULL
"""


def _rows(ledger: Ledger, where: str = "", args: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(_PROPOSAL_SQL + where, args or [])
    cols = [d[0] for d in cur.description]
    word = unit_word(ledger)
    out = []
    for r in cur:
        row = dict(zip(cols, r, strict=True))
        row["kind_name"] = localize(row["kind_name"], word)
        row["decided_by"] = localize(row["decided_by"], word)
        row["land_m2"] = round(float(row["land_m2"] or 0), 1)
        row["value_vnd"] = int(row["value_vnd"] or 0)
        row["kind_subjects"] = json.loads(row["kind_subjects"] or "[]")
        out.append(row)
    return out


def _order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collectives, individuals, households (the Danh sách's groups); then by tổ dân phố and name."""
    rank = {s: i for i, (_t, subjects) in enumerate(LIST_GROUPS) for s in subjects}
    return sorted(rows, key=lambda r: (rank.get(r["subject"], 9), r["group_sort"] or "",
                                       person_sort_key(r["nominee_name"] or ""), r["id"]))


def get(ledger: Ledger, proposal_id: int) -> dict[str, Any]:
    rows = _rows(ledger, " AND p.id = ?", [proposal_id])
    if not rows:
        raise NotFoundError(f"Không tìm thấy đề nghị khen thưởng số {proposal_id}.")
    row = rows[0]
    row["contribution_ids"] = contribution_ids(ledger, proposal_id)
    return row


def contribution_ids(ledger: Ledger, proposal_id: int) -> list[int]:
    return [r[0] for r in ledger.conn.execute(
        "SELECT contribution_id FROM proposal_contributions WHERE proposal_id = ? ORDER BY contribution_id",
        [proposal_id])]


def list_proposals(ledger: Ledger, period_code: str, *, status: str | None = None,
                   level: str | None = None) -> list[dict[str, Any]]:
    where, args = " AND p.period_code = ?", [period_code]
    if status:
        where += " AND p.status = ?"
        args.append(status)
    if level:
        where += " AND k.level = ?"
        args.append(level)
    return _order(_rows(ledger, where, args))


def works_of(ledger: Ledger, proposal_ids: list[int]) -> dict[int, list[str]]:
    """The works (công trình) each proposal's contributions went to, in the order of their first contribution."""
    out: dict[int, list[str]] = {pid: [] for pid in proposal_ids}
    if not proposal_ids:
        return out
    marks = ",".join("?" * len(proposal_ids))
    for pid, name in ledger.conn.execute(
        f"SELECT pc.proposal_id, w.name FROM proposal_contributions pc "
        f"JOIN contributions c ON c.id = pc.contribution_id JOIN works w ON w.id = c.work_id "
        f"WHERE pc.proposal_id IN ({marks}) AND c.deleted_at IS NULL ORDER BY c.date, c.id", proposal_ids):
        if name not in out[pid]:
            out[pid].append(name)
    return out


def passed(row: dict[str, Any], pass_percent: int) -> bool:
    """Did the council pass it: votes for above `pass_percent` % of all the council's members."""
    total = row.get("members_total") or 0
    votes = row.get("votes_for")
    return bool(total) and votes is not None and votes * 100 > pass_percent * total


def history(ledger: Ledger, proposal_id: int) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT at, user, from_status, to_status, reason, detail FROM proposal_events WHERE proposal_id = ? "
        "ORDER BY id", [proposal_id])
    out = []
    for at, user, frm, to, reason, detail in cur:
        out.append({"at": at, "user": user, "from_status": frm, "to_status": to, "reason": reason,
                    "detail": json.loads(detail) if detail else {}, "text": _event_text(to, reason, detail)})
    return out


def _event_text(to: str, reason: str | None, detail: str | None) -> str:
    d = json.loads(detail) if detail else {}
    parts = [STATUSES.get(to, to)]
    if d.get("created"):
        parts = ["Lập đề nghị"]
    if d.get("votes_for") is not None:
        parts.append(f"{d['votes_for']}/{d.get('members_total')} phiếu đồng ý, họp ngày {format_date(d.get('date'))}")
    for key, label in (("decision_no", "Quyết định số"), ("submission_no", "Tờ trình số")):
        if d.get(key):
            parts.append(f"{label} {d[key]} ngày {format_date(d.get('date'))}")
    if reason:
        parts.append(f"Lý do: {reason}")
    return " — ".join(parts)


# --------------------------------------------------------------------------- the achievement text

# Work names that start with what was done ("Mở rộng, bê tông hóa hẻm 127 …") read "để mở rộng …".
_WORK_VERBS = ("mo rong", "nang cap", "xay dung", "lam ", "be tong", "cai tao", "lap dat", "sua chua", "nao vet",
               "do be tong", "tham nhua", "chinh trang", "trong ", "kien co", "keo dien", "lat ")
_LAND_WORDS = {"ODT": "đất ở", "ONT": "đất ở", "CLN": "đất trồng cây lâu năm", "BHK": "đất trồng cây hằng năm",
               "LUC": "đất trồng lúa", "NTS": "đất nuôi trồng thủy sản", "SKC": "đất cơ sở sản xuất, kinh doanh"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _purpose(work: str | None) -> str:
    if not work:
        return "để xây dựng kết cấu hạ tầng"
    if fold(work).startswith(_WORK_VERBS):
        return f"để {_lower_first(work)}"
    return f"để xây dựng công trình {work}"


def _m2(value: float) -> str:
    return format_decimal(float(value), 1, trim=True)


def draft_achievement(ledger: Ledger, ids: list[int]) -> str:
    """The achievement drafted from contributions, for the clerk to edit:
    "Hiến 120,5 m² đất ở để mở rộng Hẻm 162 Lê Trung Đình (Tổ dân phố 5), trị giá 361.500.000 đồng; tự tháo dỡ
    tường rào …". Land is summed per work and land type; the other kinds per kind."""
    if not ids:
        return ""
    marks = ",".join("?" * len(ids))
    cur = ledger.conn.execute(
        f"SELECT c.kind, c.quantity, c.unit, c.value_vnd, c.land_type, c.land_structures, c.description, w.name, "
        f"g.name FROM contributions c LEFT JOIN works w ON w.id = c.work_id LEFT JOIN groups g ON g.id = c.group_id "
        f"WHERE c.id IN ({marks}) AND c.deleted_at IS NULL ORDER BY c.date, c.id", ids)
    land: dict[tuple[str, str, str], list[float]] = {}
    structures: list[str] = []
    others: dict[str, list[Any]] = {}
    total = 0
    for kind, qty, unit, value, land_type, built, desc, work, group in cur:
        total += value or 0
        if kind == "land":
            key = (_LAND_WORDS.get(land_type or "", "đất"), work or "", group or "")
            acc = land.setdefault(key, [0.0, 0])
            acc[0] += qty or 0
            acc[1] += value or 0
            if built and built.strip():
                structures.append(_lower_first(built.strip().rstrip(".;")))
        else:
            acc = others.setdefault(kind, [0.0, 0, unit, work, []])
            acc[0] += qty or 0
            acc[1] += value or 0
            if desc and desc.strip() and desc.strip() not in acc[4]:
                acc[4].append(desc.strip())
    parts = []
    for (word, work, group), (m2, value) in land.items():
        where = f" ({group})" if group else ""
        parts.append(f"hiến {_m2(m2)} m² {word} {_purpose(work or None)}{where}, trị giá {format_int(value)} đồng")
    if structures:
        parts.append("tự tháo dỡ " + ", ".join(structures))
    for kind in ("money", "materials", "labour", "assets", "other"):
        if kind not in others:
            continue
        qty, value, unit, work, descs = others[kind]
        what = f" ({'; '.join(descs)})" if descs else ""
        if kind == "money":
            parts.append(f"ủng hộ {format_int(value)} đồng tiền mặt {_purpose(work)}")
        elif kind == "labour":
            parts.append(f"tham gia {_m2(qty)} ngày công lao động, trị giá {format_int(value)} đồng")
        elif kind == "materials":
            parts.append(f"ủng hộ {_m2(qty)} {unit or ''} vật tư{what}, trị giá {format_int(value)} đồng".replace("  ",
                                                                                                              " "))
        elif kind == "assets":
            parts.append(f"ủng hộ tài sản{what}, trị giá {format_int(value)} đồng")
        else:
            parts.append(f"đóng góp khác{what}, trị giá {format_int(value)} đồng")
    if not parts:
        return ""
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:] + "."
    if len(parts) > 1 and (len(land) + len(others)) > 1:
        text += f" Tổng giá trị đóng góp: {format_int(total)} đồng."
    return text


# --------------------------------------------------------------------------- proposals: writing


def parse_period(ledger: Ledger, code: str) -> Period:
    return periods.parse(code, setup.get_unit(ledger).get("period_start") or "01-01")


def default_movement(ledger: Ledger) -> int | None:
    row = ledger.conn.execute("SELECT min(id) FROM movements WHERE deleted_at IS NULL").fetchone()
    return row[0] if row else None


def period_contributions(ledger: Ledger, contributor_id: int, period: Period) -> list[int]:
    """The received contributions of a contributor dated inside the period (what a proposal links by default)."""
    return [r[0] for r in ledger.conn.execute(
        "SELECT id FROM contributions WHERE contributor_id = ? AND deleted_at IS NULL AND status = 'received' "
        "AND date BETWEEN ? AND ? ORDER BY date, id", [contributor_id, period.start, period.end])]


def _fill_nominee(ledger: Ledger, values: dict[str, Any]) -> dict[str, Any]:
    """Name and address of the nominee from the contributor (or the tổ dân phố) when the clerk left them empty."""
    values = dict(values)
    contributor = None
    if values.get("contributor_id"):
        contributor = ledger.conn.execute(
            "SELECT name, address, group_id FROM contributors WHERE id = ? AND deleted_at IS NULL",
            [values["contributor_id"]]).fetchone()
    if contributor:
        if not (values.get("nominee_name") or "").strip():
            values["nominee_name"] = contributor[0]
        if not (values.get("address") or "").strip():
            values["address"] = contributor[1]
        values["group_id"] = values.get("group_id") or contributor[2]
    elif values.get("subject") == "to_dan_pho" and values.get("group_id") and not (values.get("nominee_name")
                                                                                   or "").strip():
        row = ledger.conn.execute("SELECT name FROM groups WHERE id = ?", [values["group_id"]]).fetchone()
        values["nominee_name"] = row[0] if row else None
    return values


def _validate_proposal(ledger: Ledger, values: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """Validate the whole proposal (new, or the existing one merged with the edits)."""
    values = _fill_nominee(ledger, values)
    form = Form(values)
    kind = None
    if values.get("award_kind_id"):
        row = ledger.conn.execute("SELECT id FROM award_kinds WHERE id = ? AND deleted_at IS NULL",
                                  [values["award_kind_id"]]).fetchone()
        kind = get_kind(ledger, row[0]) if row else None
    if kind is None:
        form.error("award_kind_id", "Hình thức khen thưởng: chưa chọn hoặc không có trong danh mục.")
    elif not kind["active"] and (existing is None or existing["award_kind_id"] != kind["id"]):
        form.error("award_kind_id", f"Hình thức “{kind['name']}” đã ngừng dùng trong danh mục.")
    form.set("award_kind_id", kind["id"] if kind else None)
    subject = form.choice("subject", "Đối tượng", SUBJECTS)
    if kind and subject and subject not in kind["subjects"]:
        allowed = ", ".join(SUBJECTS[s].lower() for s in kind["subjects"])
        form.error("award_kind_id", f"“{kind['name']}” chỉ dành cho: {allowed}; không dùng cho "
                                    f"{SUBJECTS[subject].lower()}.")

    cid = values.get("contributor_id") or None
    if cid and not ledger.conn.execute("SELECT 1 FROM contributors WHERE id = ? AND deleted_at IS NULL",
                                       [cid]).fetchone():
        form.error("contributor_id", "Người đóng góp: không có trong sổ.")
    if cid and subject == "to_dan_pho":
        form.error("subject", "Đối tượng: tổ dân phố được đề nghị là một tập thể, không phải người đóng góp; "
                              "bỏ chọn người đóng góp.")
    form.set("contributor_id", cid)
    gid = values.get("group_id") or None
    if gid and not ledger.conn.execute("SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL", [gid]).fetchone():
        form.error("group_id", "Tổ dân phố: không có trong sổ.")
    if subject == "to_dan_pho" and not gid:
        form.error("group_id", "Tổ dân phố: chọn tổ dân phố được đề nghị khen thưởng.")
    form.set("group_id", gid)
    form.text("nominee_name", "Họ tên, tên tập thể", required=True, max_len=200)
    form.text("address", "Địa chỉ", max_len=300)
    form.text("achievement", "Tóm tắt thành tích", max_len=4000)
    form.integer("value_vnd", "Giá trị đóng góp (đồng)", maximum=10**14)
    form.number("land_m2", "Diện tích đất hiến (m²)", maximum=10**7)
    form.text("note", "Ghi chú", max_len=1000)
    form.text("book_no", "Số sổ vàng", max_len=40)
    try:
        period = parse_period(ledger, str(values.get("period_code") or ""))
    except UserError as exc:
        form.error("period_code", str(exc))
    else:
        form.set("period_code", period.code)
        form.set("period_start", period.start)
        form.set("period_end", period.end)
    clean = form.done()
    clean["value_vnd"] = clean.get("value_vnd") or 0
    clean["land_m2"] = round(clean.get("land_m2") or 0.0, 1)
    return clean


def _check_links(ledger: Ledger, ids: list[int], contributor_id: int | None) -> list[int]:
    """The contributions a proposal may link: of this contributor, not deleted."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return ids
    if contributor_id is None:
        raise ValidationError({"contribution_ids": "Khoản đóng góp: chỉ gắn được khi đã chọn người đóng góp."})
    marks = ",".join("?" * len(ids))
    found = {r[0] for r in ledger.conn.execute(
        f"SELECT id FROM contributions WHERE id IN ({marks}) AND contributor_id = ? AND deleted_at IS NULL",
        [*ids, contributor_id])}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({"contribution_ids": f"Khoản đóng góp số {', '.join(map(str, missing))} không phải "
                                                   "của người được đề nghị hoặc đã bị xóa."})
    return ids


def _write_event(ledger: Ledger, proposal_id: int, from_status: str | None, to_status: str,
                 reason: str | None = None, detail: dict[str, Any] | None = None) -> None:
    ledger.db["proposal_events"].insert({
        "proposal_id": proposal_id, "at": audit.now_iso(), "user": ledger.user or "", "from_status": from_status,
        "to_status": to_status, "reason": reason,
        "detail": json.dumps(detail, ensure_ascii=False) if detail else None,
    })


def _set_links(ledger: Ledger, proposal_id: int, ids: list[int]) -> None:
    ledger.conn.execute("DELETE FROM proposal_contributions WHERE proposal_id = ?", [proposal_id])
    if ids:
        ledger.db["proposal_contributions"].insert_all(
            {"proposal_id": proposal_id, "contribution_id": i} for i in ids)


def _sums(ledger: Ledger, ids: list[int]) -> tuple[int, float]:
    if not ids:
        return 0, 0.0
    marks = ",".join("?" * len(ids))
    value, m2 = ledger.conn.execute(
        f"SELECT coalesce(sum(value_vnd), 0), coalesce(sum(CASE WHEN kind = 'land' THEN quantity END), 0) "
        f"FROM contributions WHERE id IN ({marks}) AND deleted_at IS NULL", ids).fetchone()
    return int(value), round(float(m2), 1)


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    """A new proposal (Dự thảo). Without `contribution_ids` it links the nominee's received contributions of the
    period; without an achievement it drafts one from them."""
    values = dict(values)
    if not values.get("subject") and values.get("contributor_id"):
        row = ledger.conn.execute("SELECT kind FROM contributors WHERE id = ?", [values["contributor_id"]]).fetchone()
        values["subject"] = SUBJECT_OF_CONTRIBUTOR.get(row[0]) if row else None
    clean = _validate_proposal(ledger, values, None)
    if "contribution_ids" in values:
        links = _check_links(ledger, list(values["contribution_ids"] or []), clean["contributor_id"])
    elif clean["contributor_id"]:
        links = period_contributions(ledger, clean["contributor_id"], parse_period(ledger, clean["period_code"]))
    else:
        links = []
    if links:
        clean["value_vnd"], clean["land_m2"] = _sums(ledger, links)
    if not clean.get("achievement"):
        clean["achievement"] = draft_achievement(ledger, links) or None
    clean.update({"status": "du_thao", "movement_id": values.get("movement_id") or default_movement(ledger)})
    with ledger.transaction():
        pid = records.create(ledger, "proposals", clean, clean["nominee_name"])
        _set_links(ledger, pid, links)
        _write_event(ledger, pid, None, "du_thao", detail={"created": True, "contributions": len(links)})
    return pid


EDITABLE_LATER = {"note", "book_no"}  # may change in any status (the certificate's golden-book number)


def edit(ledger: Ledger, proposal_id: int, values: dict[str, Any]) -> Changes:
    """Change a proposal. Its content changes only while it is a draft: after the council has voted, what was
    voted on stays as it was (Trả lại, then Đưa về dự thảo, to change it). Note and golden-book number: always."""
    with ledger.transaction():
        before = get(ledger, proposal_id)
        merged = {k: before[k] for k in ("award_kind_id", "subject", "contributor_id", "group_id", "nominee_name",
                                         "address", "achievement", "period_code", "note", "book_no", "value_vnd",
                                         "land_m2")}
        merged.update({k: v for k, v in values.items() if k != "contribution_ids"})
        clean = _validate_proposal(ledger, merged, before)
        links = before["contribution_ids"]
        if "contribution_ids" in values:
            links = _check_links(ledger, list(values["contribution_ids"] or []), clean["contributor_id"])
        if links:
            clean["value_vnd"], clean["land_m2"] = _sums(ledger, links)
        changed = [k for k, v in clean.items() if k not in EDITABLE_LATER and before.get(k) != v]
        if links != before["contribution_ids"]:
            changed.append("contribution_ids")
        if changed and before["status"] != "du_thao":
            raise UserError(f"Đề nghị “{before['nominee_name']}” đang ở trạng thái “{STATUSES[before['status']]}”: "
                            "chỉ sửa được nội dung khi còn là dự thảo. Muốn sửa, hãy Trả lại (ghi lý do) rồi Đưa về "
                            "dự thảo; riêng ghi chú và số sổ vàng thì sửa lúc nào cũng được.")
        records.update(ledger, "proposals", proposal_id, clean, clean["nominee_name"])
        if links != before["contribution_ids"]:
            _set_links(ledger, proposal_id, links)
            audit.record(ledger, "update", "proposals",
                         f"Đổi khoản đóng góp gắn với đề nghị khen thưởng {clean['nominee_name']}",
                         record_id=proposal_id, record_uuid=before["uuid"],
                         before={"contribution_ids": before["contribution_ids"]}, after={"contribution_ids": links})
    return Changes().add("proposals", proposal_id)


def delete(ledger: Ledger, proposal_id: int) -> Changes:
    with ledger.transaction():
        row = get(ledger, proposal_id)
        if row["status"] != "du_thao":
            raise UserError(f"Đề nghị “{row['nominee_name']}” đã qua bước dự thảo ({STATUSES[row['status']]}): "
                            "không xóa được, vì hồ sơ đã có trong biên bản hoặc văn bản. Hãy ghi “Không được khen” "
                            "hoặc “Trả lại” kèm lý do.")
        records.soft_delete(ledger, "proposals", proposal_id, row["nominee_name"])
    return Changes().add("proposals", proposal_id)


def restore(ledger: Ledger, proposal_id: int) -> Changes:
    row = records.get(ledger, "proposals", proposal_id)
    records.restore(ledger, "proposals", proposal_id, row["nominee_name"])
    return Changes().add("proposals", proposal_id)


# --------------------------------------------------------------------------- suggestions


def suggestions(ledger: Ledger, period: Period, *, kind_id: int | None = None,
                land_only: bool = False) -> list[dict[str, Any]]:
    """Contributors of the period who have no proposal in an overlapping period yet, with what they gave,
    sorted by value. Where the catalogue sets thresholds for a subject (đồng and/or m², per award form), only
    those passing every threshold of some form are listed, with that form suggested (the higher level first);
    where no form for the subject has a threshold, everyone is listed with the ward's first form."""
    kinds = list_kinds(ledger, active_only=True)
    if kind_id is not None:
        kinds = [k for k in kinds if k["id"] == kind_id]
    cur = ledger.conn.execute(
        """
        SELECT p.id, p.name, p.kind, p.address, p.group_id, g.name, g.sort_key, count(c.id), sum(c.value_vnd),
          coalesce(sum(CASE WHEN c.kind = 'land' THEN c.quantity END), 0)
        FROM contributions c JOIN contributors p ON p.id = c.contributor_id LEFT JOIN groups g ON g.id = p.group_id
        WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ? AND p.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM proposals x WHERE x.contributor_id = p.id AND x.deleted_at IS NULL
                          AND x.period_start <= ? AND x.period_end >= ?)
        GROUP BY p.id
        """,
        [period.start, period.end, period.end, period.start])
    out = []
    for cid, name, ckind, address, gid, group, gsort, n, value, m2 in cur:
        subject = SUBJECT_OF_CONTRIBUTOR.get(ckind, "ca_nhan")
        m2 = round(float(m2 or 0), 1)
        value = int(value or 0)
        if land_only and m2 <= 0:
            continue
        fitting = [k for k in kinds if subject in k["subjects"]]
        with_threshold = [k for k in fitting if k["threshold_vnd"] is not None or k["threshold_m2"] is not None]
        if with_threshold:
            passing = [k for k in with_threshold
                       if (k["threshold_vnd"] is None or value >= k["threshold_vnd"])
                       and (k["threshold_m2"] is None or m2 >= k["threshold_m2"])]
            if not passing:
                continue
            # The highest recognition the nominee qualifies for: upper-level forms before the ward's own.
            best = sorted(passing, key=lambda k: (k["level"] != "upper", k["sort_order"]))[0]
            by_threshold = True
        else:
            ward = [k for k in fitting if k["level"] == "ward"] or fitting
            if not ward:
                continue
            best, by_threshold = ward[0], False
        out.append({"contributor_id": cid, "name": name, "subject": subject, "address": address, "group_id": gid,
                    "group": group, "group_sort": gsort or "", "contributions": n, "value_vnd": value, "land_m2": m2,
                    "kind_id": best["id"], "kind_name": best["name"], "kind_label": kind_label(best),
                    "by_threshold": by_threshold})
    out.sort(key=lambda r: (-r["value_vnd"], r["group_sort"], person_sort_key(r["name"])))
    return out


def thresholds_set(ledger: Ledger) -> bool:
    return bool(ledger.conn.execute(
        "SELECT 1 FROM award_kinds WHERE deleted_at IS NULL AND active = 1 AND (threshold_vnd IS NOT NULL "
        "OR threshold_m2 IS NOT NULL)").fetchone())


def add_from_suggestions(ledger: Ledger, period: Period, items: list[tuple[int, int]]) -> Changes:
    """Make a draft proposal for each (contributor, award form), all or none."""
    if not items:
        raise UserError("Chưa chọn người nào trong danh sách gợi ý.")
    changes = Changes()
    with ledger.transaction():
        for contributor_id, kind_id in items:
            pid = add(ledger, {"contributor_id": contributor_id, "award_kind_id": kind_id,
                               "period_code": period.code})
            changes.add("proposals", pid)
    return changes


# --------------------------------------------------------------------------- the prior-award check


@dataclass
class _Pool:
    """Every live proposal and which contributions each links: read once, then checked for many nominees."""

    rows: list[dict[str, Any]]
    used_by: dict[int, set[int]]  # contribution id → proposal ids linking it

    @classmethod
    def read(cls, ledger: Ledger) -> _Pool:
        used_by: dict[int, set[int]] = {}
        for pid, cid in ledger.conn.execute(
                "SELECT pc.proposal_id, pc.contribution_id FROM proposal_contributions pc "
                "JOIN proposals p ON p.id = pc.proposal_id WHERE p.deleted_at IS NULL"):
            used_by.setdefault(cid, set()).add(pid)
        return cls(_rows(ledger), used_by)


def _same_nominee(target: dict[str, Any], r: dict[str, Any]) -> bool:
    """The same household, person or collective: the same contributor; the same tổ dân phố; or, for a nominee
    typed without a contributor, the same subject and name (accents and case aside)."""
    if target.get("contributor_id"):
        return r["contributor_id"] == target["contributor_id"]
    if target.get("subject") == "to_dan_pho" and target.get("group_id"):
        return r["subject"] == "to_dan_pho" and r["group_id"] == target["group_id"]
    name = fold(target.get("nominee_name") or "")
    return bool(name) and r["contributor_id"] is None and r["subject"] == target.get("subject") \
        and fold(r["nominee_name"] or "") == name


def _warnings(ledger: Ledger, target: dict[str, Any], pool: _Pool) -> list[str]:
    """The prior-award rule, for one nominee (`target`: period bounds, movement, nominee, contribution ids, and
    its own id to leave out)."""
    own = target.get("id")
    warnings: list[str] = []
    seen: set[int] = set()
    for r in pool.rows:
        if r["id"] == own or not _same_nominee(target, r):
            continue
        if target.get("movement_id") and r["movement_id"] and r["movement_id"] != target["movement_id"]:
            continue
        if r["period_start"] > target["period_end"] or r["period_end"] < target["period_start"]:
            continue
        seen.add(r["id"])
        warnings.append(f"{r['nominee_name']} đã được đề nghị “{r['kind_name']}” kỳ {_period_label(ledger, r)}: "
                        f"{_outcome(r)}.")
    shared: dict[int, int] = {}
    for cid in set(target.get("contribution_ids") or []):
        for pid in pool.used_by.get(cid, ()):
            if pid != own and pid not in seen:
                shared[pid] = shared.get(pid, 0) + 1
    by_id = {r["id"]: r for r in pool.rows if r["id"] in shared}
    for pid in sorted(shared):
        r = by_id[pid]
        warnings.append(f"{shared[pid]} khoản đóng góp này đã dùng cho đề nghị “{r['kind_name']}” của "
                        f"{r['nominee_name']} kỳ {_period_label(ledger, r)}: {_outcome(r)}.")
    return warnings


def prior_awards(ledger: Ledger, *, period_code: str, movement_id: int | None, contributor_id: int | None,
                 group_id: int | None = None, subject: str | None = None, nominee_name: str = "",
                 contribution_ids: list[int] | None = None, exclude_id: int | None = None) -> list[str]:
    """Warnings about earlier proposals for the same nominee in the same movement and an overlapping period, or
    for the same contributions, each with its decision or state. Empty when there is none."""
    period = parse_period(ledger, period_code)
    target = {"id": exclude_id, "period_start": period.start, "period_end": period.end, "movement_id": movement_id,
              "contributor_id": contributor_id, "group_id": group_id, "subject": subject,
              "nominee_name": nominee_name, "contribution_ids": contribution_ids or []}
    return _warnings(ledger, target, _Pool.read(ledger))


def prior_for(ledger: Ledger, proposal_id: int) -> list[str]:
    return prior_map(ledger, [get(ledger, proposal_id)])[proposal_id]


def _period_label(ledger: Ledger, r: dict[str, Any]) -> str:
    try:
        return parse_period(ledger, r["period_code"]).label
    except UserError:
        return r["period_code"]


def _outcome(r: dict[str, Any]) -> str:
    """The state of an earlier proposal, with its decision when there is one."""
    status = STATUSES.get(r["status"], r["status"])
    if r["decision_no"]:
        return f"{status.lower()}, Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])}"
    if r["submission_no"]:
        return f"{status.lower()}, Tờ trình số {r['submission_no']} ngày {format_date(r['submission_date'])}"
    if r["outcome_reason"]:
        return f"{status.lower()} ({r['outcome_reason']})"
    return status.lower()


def prior_map(ledger: Ledger, rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Warnings for each listed proposal (the ⚠ column): the proposals and links are read once for all."""
    pool = _Pool.read(ledger)
    links: dict[int, list[int]] = {}
    for cid, pids in pool.used_by.items():
        for pid in pids:
            links.setdefault(pid, []).append(cid)
    return {r["id"]: _warnings(ledger, {**r, "contribution_ids": links.get(r["id"], [])}, pool) for r in rows}


# --------------------------------------------------------------------------- transitions


def refusal(row: dict[str, Any], action: str, pass_percent: int = 50, *, reason: str | None = None,
            number: str | None = None, date: str | None = None) -> str | None:
    """Why `action` may not be applied to a proposal (a Vietnamese sentence), or None when it may."""
    t = TRANSITIONS.get(action)
    if t is None:
        return f"Không có thao tác “{action}”."
    who = f"Đề nghị “{row['nominee_name']}”"
    if row["status"] not in t.sources:
        possible = [TRANSITIONS[a].label for a in allowed_actions(row, pass_percent)]
        hint = f" Có thể: {', '.join(possible)}." if possible else ""
        return f"{who} đang ở trạng thái “{STATUSES[row['status']]}”: không thể “{t.label}”.{hint}"
    if t.level == "ward" and row["level"] != "ward":
        return (f"{who}: “{row['kind_name']}” do {row['decided_by']} quyết định, phường không tự quyết định được; "
                "hãy ghi “Trình cấp trên”.")
    if t.level == "upper" and row["level"] != "upper":
        return (f"{who}: “{row['kind_name']}” thuộc thẩm quyền của {row['decided_by']}; hãy ghi quyết định của "
                "phường, không trình cấp trên.")
    if action in ("decide", "submit") and not passed(row, pass_percent):
        return (f"{who} chưa được Hội đồng Thi đua - Khen thưởng thông qua ({row['votes_for'] or 0}/"
                f"{row['members_total'] or 0} phiếu đồng ý, cần trên {pass_percent}% tổng số thành viên); hãy ghi "
                "“Không được khen” hoặc “Trả lại”.")
    if t.needs_reason and len((reason or "").strip()) < 5:
        return f"{who}: hãy ghi lý do “{t.label}” (ít nhất 5 ký tự)."
    needs_number = action in ("decide", "submit") or (action == "grant" and row["status"] == "trinh_cap_tren")
    if needs_number and not ((number or "").strip() and date):
        what = "tờ trình" if action == "submit" else "quyết định"
        return f"{who}: hãy ghi số và ngày của {what}."
    return None


def allowed_actions(row: dict[str, Any], pass_percent: int = 50) -> list[str]:
    """The actions whose buttons are enabled for this proposal (reason, number and date are asked later)."""
    out = []
    for action, t in TRANSITIONS.items():
        if action == "review" or row["status"] not in t.sources:
            continue  # a review is recorded through a council meeting, with its votes
        if t.level and row["level"] != t.level:
            continue
        if action in ("decide", "submit") and not passed(row, pass_percent):
            continue
        out.append(action)
    return out


def transition(ledger: Ledger, proposal_ids: list[int], action: str, *, reason: str | None = None,
               number: str | None = None, date: str | None = None, document_id: int | None = None) -> Changes:
    """Apply one action to several proposals, all or none; each gets its event and audit row."""
    if not proposal_ids:
        raise UserError("Chưa chọn đề nghị nào.")
    t = TRANSITIONS.get(action)
    if t is None or action == "review":
        raise UserError("Kết quả xét của Hội đồng được ghi cùng cuộc họp (trang Hội đồng).")
    if date:
        date = _iso(date, "Ngày")
    pass_percent = int(get_settings(ledger)["vote_pass_percent"])
    changes = Changes()
    with ledger.transaction() as db:
        for pid in proposal_ids:
            row = get(ledger, pid)
            why = refusal(row, action, pass_percent, reason=reason, number=number, date=date)
            if why:
                raise UserError(why)
            update: dict[str, Any] = {"status": t.target}
            detail: dict[str, Any] = {}
            if action == "decide" or (action == "grant" and row["status"] == "trinh_cap_tren"):
                update.update({"decision_no": number.strip(), "decision_date": date, "decision_doc_id": document_id})
                detail = {"decision_no": number.strip(), "date": date}
            elif action == "submit":
                update.update({"submission_no": number.strip(), "submission_date": date,
                               "submission_doc_id": document_id})
                detail = {"submission_no": number.strip(), "date": date}
            if t.needs_reason:
                update["outcome_reason"] = reason.strip()
            elif action == "redraft":
                update["outcome_reason"] = None
            update["updated_at"] = audit.now_iso()
            db["proposals"].update(pid, update)
            _write_event(ledger, pid, row["status"], t.target, reason.strip() if reason else None, detail)
            summary = f"Đề nghị khen thưởng {row['nominee_name']}: {STATUSES[row['status']]} → {STATUSES[t.target]}"
            if reason:
                summary += f". Lý do: {reason.strip()}"
            audit.record(ledger, "status", "proposals", summary, record_id=pid, record_uuid=row["uuid"],
                         before={k: row.get(k) for k in update if k != "updated_at"},
                         after={k: v for k, v in update.items() if k != "updated_at"})
            changes.add("proposals", pid)
    return changes.add("proposal_events")


def _iso(value: str, label: str) -> str:
    from desktop.core.vnformat import parse_date

    try:
        return parse_date(value).isoformat()
    except ValueError as exc:
        raise UserError(f"{label}: {exc}") from exc


# --------------------------------------------------------------------------- council meetings


MEETING_FIELDS = ("date", "start_time", "end_time", "place", "chair", "secretary", "members_total",
                  "members_present", "attendees", "conclusion")


def _validate_meeting(values: dict[str, Any]) -> dict[str, Any]:
    form = Form(values)
    form.date("date", "Ngày họp", required=True, latest=dt.date.today() + dt.timedelta(days=31))
    for key, label in (("start_time", "Giờ bắt đầu"), ("end_time", "Giờ kết thúc")):
        form.text(key, label, max_len=20)
    form.text("place", "Địa điểm", max_len=200)
    form.text("chair", "Chủ tọa", required=True, max_len=120)
    form.text("secretary", "Thư ký", required=True, max_len=120)
    total = form.integer("members_total", "Số thành viên Hội đồng", required=True, positive=True, maximum=200)
    present = form.integer("members_present", "Số thành viên có mặt", required=True, positive=True, maximum=200)
    if total and present and present > total:
        form.error("members_present", f"Số thành viên có mặt ({present}) lớn hơn số thành viên Hội đồng ({total}).")
    if "attendees" in values:
        raw = values.get("attendees") or ""
        form.set("attendees", "\n".join(line.strip() for line in str(raw).splitlines() if line.strip()) or None)
    form.text("conclusion", "Kết luận", max_len=4000)
    return form.done()


def record_meeting(ledger: Ledger, period_code: str, values: dict[str, Any], votes: dict[int, int]) -> Changes:
    """A council meeting and its votes: each voted proposal (a draft of the period) becomes Đã xét."""
    clean = _validate_meeting({k: values.get(k) for k in MEETING_FIELDS})
    if not votes:
        raise ValidationError({"votes": "Chọn ít nhất một đề nghị được Hội đồng xét."})
    total = clean["members_total"]
    errors = {}
    for pid, n in votes.items():
        if n is None or not 0 <= int(n) <= total:
            name = ledger.conn.execute("SELECT nominee_name FROM proposals WHERE id = ?", [pid]).fetchone()
            errors["votes"] = (f"Số phiếu đồng ý của “{name[0] if name else pid}” phải từ 0 đến {total} "
                               "(số thành viên Hội đồng).")
    if errors:
        raise ValidationError(errors)
    changes = Changes()
    with ledger.transaction() as db:
        clean["period_code"] = period_code
        mid = records.create(ledger, "council_meetings", clean, f"ngày {format_date(clean['date'])}")
        for pid, n in votes.items():
            row = get(ledger, pid)
            if row["status"] != "du_thao":
                raise UserError(f"Đề nghị “{row['nominee_name']}” đang ở trạng thái “{STATUSES[row['status']]}”: "
                                "chỉ đề nghị dự thảo mới đưa ra Hội đồng xét.")
            if row["period_code"] != period_code:
                raise UserError(f"Đề nghị “{row['nominee_name']}” thuộc kỳ {row['period_code']}, không phải kỳ "
                                f"{period_code} của cuộc họp.")
            db["proposals"].update(pid, {"status": "da_xet", "meeting_id": mid, "votes_for": int(n),
                                         "updated_at": audit.now_iso()})
            detail = {"meeting_id": mid, "votes_for": int(n), "members_total": total,
                      "members_present": clean["members_present"], "date": clean["date"]}
            _write_event(ledger, pid, "du_thao", "da_xet", detail=detail)
            audit.record(ledger, "status", "proposals",
                         f"Đề nghị khen thưởng {row['nominee_name']}: Hội đồng xét ngày {format_date(clean['date'])}, "
                         f"{n}/{total} phiếu đồng ý", record_id=pid, record_uuid=row["uuid"],
                         before={"status": "du_thao"}, after={"status": "da_xet", "votes_for": int(n),
                                                              "meeting_id": mid})
            changes.add("proposals", pid)
    return changes.add("council_meetings", mid).add("proposal_events")


def meetings(ledger: Ledger, period_code: str) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT m.*, d.symbol AS document_symbol, (SELECT count(*) FROM proposals p WHERE p.meeting_id = m.id AND "
        "p.deleted_at IS NULL) AS proposals FROM council_meetings m LEFT JOIN documents d ON d.id = m.document_id "
        "WHERE m.period_code = ? AND m.deleted_at IS NULL ORDER BY m.date DESC, m.id DESC", [period_code])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def get_meeting(ledger: Ledger, meeting_id: int) -> dict[str, Any]:
    return records.get(ledger, "council_meetings", meeting_id)


def meeting_proposals(ledger: Ledger, meeting_id: int) -> list[dict[str, Any]]:
    return _order(_rows(ledger, " AND p.meeting_id = ?", [meeting_id]))


# --------------------------------------------------------------------------- figures and the page


def counts(ledger: Ledger, period: Period) -> dict[str, int]:
    """The awards figures of a period (DESIGN §5.3): proposals of periods inside it. `proposed` counts those the
    council has considered (past the draft); `granted_by_unit` the ward's own decisions; `submitted_upward` those
    sent to the level above; `approved_upward` those it granted."""
    row = ledger.conn.execute(
        """
        SELECT
          count(CASE WHEN p.status != 'du_thao' THEN 1 END),
          count(CASE WHEN k.level = 'ward' AND p.status IN ('quyet_dinh', 'duoc_khen') THEN 1 END),
          count(CASE WHEN k.level = 'upper' AND p.status IN ('trinh_cap_tren', 'duoc_khen', 'khong_duoc_khen')
                THEN 1 END),
          count(CASE WHEN k.level = 'upper' AND p.status = 'duoc_khen' THEN 1 END)
        FROM proposals p JOIN award_kinds k ON k.id = p.award_kind_id
        WHERE p.deleted_at IS NULL AND p.period_start >= ? AND p.period_end <= ?
        """, [period.start, period.end]).fetchone()
    return dict(zip(("proposed", "granted_by_unit", "submitted_upward", "approved_upward"), map(int, row),
                    strict=True))


def page_state(ledger: Ledger, period: Period, *, land_only: bool = False,
               kind_id: int | None = None) -> dict[str, Any]:
    """Everything the Khen thưởng page shows for a period, read in one job on the worker."""
    from desktop.core import award_docs

    rows = list_proposals(ledger, period.code)
    settings = get_settings(ledger)
    pass_percent = int(settings["vote_pass_percent"])
    for r in rows:
        r["actions"] = allowed_actions(r, pass_percent)
        r["passed"] = passed(r, pass_percent)
    return {
        "proposals": rows,
        "prior": prior_map(ledger, rows),
        "suggestions": suggestions(ledger, period, land_only=land_only, kind_id=kind_id),
        "thresholds_set": thresholds_set(ledger),
        "meetings": meetings(ledger, period.code),
        "kinds": list_kinds(ledger),
        "documents": award_docs.issued(ledger, period.code),
        "settings": settings,
        "counts": counts(ledger, period),
    }


def subject_noun(subject: str, n: int | None = None) -> str:
    """"hộ gia đình", "cá nhân", "tập thể", "tổ dân phố" (with a count: "25 hộ gia đình")."""
    noun = SUBJECTS.get(subject, subject).lower()
    return f"{n} {noun}" if n is not None else noun

