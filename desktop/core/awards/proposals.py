"""Award proposals: the catalogue, proposals linked to contributions, suggestions, the prior-award check and the
workflow from draft to the decision (DESIGN §2.3; reference/domain.md §2).

Every write is one transaction with its audit row; a status change also writes a `proposal_events` row (who,
when, from, to, why, and the meeting, votes, number or date that came with it). The allowed changes are the table
`TRANSITIONS`: anything else is refused with a Vietnamese message that says why and what is possible instead.
"""

from __future__ import annotations

import json
from typing import Any

from db.connection import Ledger
from desktop.core.awards.achievement import (
    draft_achievement,
    figures_differ,
    live_figures,
    parse_snapshot,
    snapshot_json,
)
from desktop.core.awards.catalogue import (
    LIST_GROUPS,
    STATUSES,
    SUBJECT_OF_CONTRIBUTOR,
    SUBJECTS,
    get_kind,
    get_settings,
    localize,
    status_label,
    unit_word,
)
from desktop.core.errors import NotFoundError, UserError, ValidationError
from desktop.core.ledger import audit, periods, records, setup
from desktop.core.ledger.fields import Form
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_date
from desktop.core.text.vntext import person_sort_key

# --------------------------------------------------------------------------- proposals: reading


_PROPOSAL_SQL = """
SELECT p.id, p.uuid, p.movement_id, p.period_code, p.period_start, p.period_end, p.award_kind_id, p.subject,
  p.contributor_id, p.group_id, p.nominee_name, p.address, p.achievement, p.status, p.meeting_id, p.votes_for,
  p.decision_no, p.decision_date, p.decision_doc_id, p.submission_no, p.submission_date, p.submission_doc_id,
  p.book_no, p.outcome_reason, p.note, p.created_at, p.figures_snapshot,
  k.name AS kind_name, k.level, k.form, k.multiplier, k.decided_by, k.subjects AS kind_subjects,
  g.name AS group_name, g.sort_key AS group_sort,
  m.date AS meeting_date, m.members_total, m.members_present, m.document_id AS meeting_document_id,
  coalesce(l.n, 0) AS links, coalesce(l.days, 0) AS labour_days,
  CASE WHEN l.linked > 0 THEN l.value ELSE coalesce(p.value_vnd, 0) END AS value_vnd,
  CASE WHEN l.linked > 0 THEN l.m2 ELSE coalesce(p.land_m2, 0) END AS land_m2
FROM proposals p
  JOIN award_kinds k ON k.id = p.award_kind_id
  LEFT JOIN groups g ON g.id = p.group_id
  LEFT JOIN council_meetings m ON m.id = p.meeting_id
  LEFT JOIN (
    SELECT pc.proposal_id, count(*) AS linked, count(c.id) AS n, coalesce(sum(c.value_vnd), 0) AS value,
      coalesce(sum(CASE WHEN c.kind = 'land' THEN c.quantity END), 0) AS m2,
      coalesce(sum(CASE WHEN c.kind = 'labour' THEN c.quantity END), 0) AS days
    FROM proposal_contributions pc LEFT JOIN contributions c ON c.id = pc.contribution_id AND c.deleted_at IS NULL
    GROUP BY pc.proposal_id
  ) l ON l.proposal_id = p.id
WHERE p.deleted_at IS NULL
"""


def rows_where(ledger: Ledger, where: str = "", args: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(_PROPOSAL_SQL + where, args or [])
    cols = [d[0] for d in cur.description]
    word = unit_word(ledger)
    settings = get_settings(ledger)
    out = []
    for r in cur:
        row = dict(zip(cols, r, strict=True))
        row["kind_name"] = localize(row["kind_name"], word)
        row["decided_by"] = localize(row["decided_by"], word)
        row["land_m2"] = round(float(row["land_m2"] or 0), 1)
        row["value_vnd"] = int(row["value_vnd"] or 0)
        row["kind_subjects"] = json.loads(row["kind_subjects"] or "[]")
        row["status_label"] = status_label(row, settings)  # "Không được thông qua" for a rejected one
        row["labour_days"] = round(float(row["labour_days"] or 0), 1)
        # The figures follow the linked contributions; the snapshot is what they were when the text was written.
        row["figures_snapshot"] = parse_snapshot(row["figures_snapshot"])
        row["figures_changed"] = figures_differ(row["figures_snapshot"], {**row, "contributions": row["links"]})
        out.append(row)
    return out


def order_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collectives, individuals, households (the Danh sách's groups); then by tổ dân phố and name."""
    rank = {s: i for i, (_t, subjects) in enumerate(LIST_GROUPS) for s in subjects}
    return sorted(rows, key=lambda r: (rank.get(r["subject"], 9), r["group_sort"] or "",
                                       person_sort_key(r["nominee_name"] or ""), r["id"]))


def get(ledger: Ledger, proposal_id: int) -> dict[str, Any]:
    rows = rows_where(ledger, " AND p.id = ?", [proposal_id])
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
    return order_rows(rows_where(ledger, where, args))


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


def write_event(ledger: Ledger, proposal_id: int, from_status: str | None, to_status: str,
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
    figures = live_figures(ledger, links, (clean["value_vnd"], clean["land_m2"]))
    clean["value_vnd"], clean["land_m2"] = figures["value_vnd"], figures["land_m2"]
    drafted = draft_achievement(ledger, links) or None
    if not clean.get("achievement"):
        clean["achievement"] = drafted
    clean["figures_snapshot"] = snapshot_json(figures, clean["achievement"], drafted)
    clean.update({"status": "du_thao", "movement_id": values.get("movement_id") or default_movement(ledger)})
    with ledger.transaction():
        pid = records.create(ledger, "proposals", clean, clean["nominee_name"])
        _set_links(ledger, pid, links)
        write_event(ledger, pid, None, "du_thao", detail={"created": True, "contributions": len(links)})
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
        figures = live_figures(ledger, links, (clean["value_vnd"], clean["land_m2"]))
        clean["value_vnd"], clean["land_m2"] = figures["value_vnd"], figures["land_m2"]
        changed = [k for k, v in clean.items() if k not in EDITABLE_LATER and before.get(k) != v]
        if links != before["contribution_ids"]:
            changed.append("contribution_ids")
        if "achievement" in changed:  # the clerk wrote the text now: against today's figures
            clean["figures_snapshot"] = snapshot_json(figures, clean["achievement"], draft_achievement(ledger, links))
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

