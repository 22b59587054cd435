"""The workflow of a proposal and the council (DESIGN §2.3; reference/domain.md §2): the table `TRANSITIONS` of
allowed status changes, the Vietnamese refusal of any other, and the council's meetings with their votes.

A status change writes a `proposal_events` row (who, when, from, to, why, and the meeting, votes, number or date
that came with it) in the same transaction as its audit row.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from db.connection import Ledger
from desktop.core.awards.catalogue import STATUSES, VOTE_BASES, get_settings, quorum_needed, vote_passes
from desktop.core.awards.proposals import get, order_rows, rows_where, write_event
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import audit, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.report import register
from desktop.core.text.vnformat import format_date

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


Rule = int | dict[str, Any]  # the awards settings (or, as before, only the pass percentage)


def _rule(rule: Rule) -> dict[str, Any]:
    if isinstance(rule, dict):
        return rule
    return {"vote_pass_percent": int(rule), "vote_base": "members_total", "quorum_fraction": "2/3"}


def passed(row: dict[str, Any], rule: Rule) -> bool:
    """Did the council pass it: at a meeting with its quorum, votes for above `vote_pass_percent` % of the base
    the rule names (`vote_base`: all the council's members, or those present) — catalogue.vote_passes."""
    return vote_passes(row, _rule(rule))


def _needed(rule: Rule) -> str:
    r = _rule(rule)
    return f"trên {int(r['vote_pass_percent'])}% {VOTE_BASES.get(r.get('vote_base'), VOTE_BASES['members_total'])}"


# --------------------------------------------------------------------------- transitions


def refusal(row: dict[str, Any], action: str, pass_percent: Rule = 50, *, reason: str | None = None,
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
                f"{row['members_total'] or 0} phiếu đồng ý, cần {_needed(pass_percent)}); hãy ghi "
                "“Không được khen” hoặc “Trả lại”.")
    if t.needs_reason and len((reason or "").strip()) < 5:
        return f"{who}: hãy ghi lý do “{t.label}” (ít nhất 5 ký tự)."
    needs_number = action in ("decide", "submit") or (action == "grant" and row["status"] == "trinh_cap_tren")
    if needs_number and not ((number or "").strip() and date):
        what = "tờ trình" if action == "submit" else "quyết định"
        return f"{who}: hãy ghi số và ngày của {what}."
    return None


def allowed_actions(row: dict[str, Any], pass_percent: Rule = 50) -> list[str]:
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
    pass_percent = get_settings(ledger)
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
            write_event(ledger, pid, row["status"], t.target, reason.strip() if reason else None, detail)
            summary = f"Đề nghị khen thưởng {row['nominee_name']}: {STATUSES[row['status']]} → {STATUSES[t.target]}"
            if reason:
                summary += f". Lý do: {reason.strip()}"
            audit.record(ledger, "status", "proposals", summary, record_id=pid, record_uuid=row["uuid"],
                         before={k: row.get(k) for k in update if k != "updated_at"},
                         after={k: v for k, v in update.items() if k != "updated_at"})
            changes.add("proposals", pid)
    return changes.add("proposal_events")


def _iso(value: str, label: str) -> str:
    from desktop.core.text.vnformat import parse_date

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


def quorum_refusal(total: int, present: int, rule: Rule) -> str | None:
    """Why a meeting of `present` of `total` members may not vote (no quorum), or None."""
    fraction = str(_rule(rule).get("quorum_fraction") or "2/3")
    need = quorum_needed(total, fraction)
    if present >= need:
        return None
    return (f"Hội đồng có {total} thành viên, chỉ {present} người dự họp: chưa đủ {fraction} (ít nhất {need}) nên "
            "không được biểu quyết; chưa ghi gì vào sổ.")


def _check_votes(ledger: Ledger, clean: dict[str, Any], votes: dict[int, int], rule: Rule) -> None:
    """The quorum, then each nominee's votes: from 0 to the members present (written votes of absent members are
    not recorded by this program, so they are not counted)."""
    total, present = clean["members_total"], clean["members_present"]
    why = quorum_refusal(total, present, rule)
    if why:
        raise ValidationError({"members_present": why})
    for pid, n in votes.items():
        if n is None or not 0 <= int(n) <= present:
            name = ledger.conn.execute("SELECT nominee_name FROM proposals WHERE id = ?", [pid]).fetchone()
            raise ValidationError({"votes": (
                f"Số phiếu đồng ý của “{name[0] if name else pid}” ({n}) phải từ 0 đến {present} (số thành viên dự "
                f"họp trong {total} thành viên Hội đồng); chưa ghi gì vào sổ.")})


def record_meeting(ledger: Ledger, period_code: str, values: dict[str, Any], votes: dict[int, int]) -> Changes:
    """A council meeting and its votes: each voted proposal (a draft of the period) becomes Đã xét. A meeting
    without its quorum, or votes above the members present, are refused and nothing is written."""
    clean = _validate_meeting({k: values.get(k) for k in MEETING_FIELDS})
    if not votes:
        raise ValidationError({"votes": "Chọn ít nhất một đề nghị được Hội đồng xét."})
    total = clean["members_total"]
    changes = Changes()
    with ledger.transaction() as db:
        _check_votes(ledger, clean, votes, get_settings(ledger))
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
            write_event(ledger, pid, "du_thao", "da_xet", detail=detail)
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
    return order_rows(rows_where(ledger, " AND p.meeting_id = ?", [meeting_id]))


# --------------------------------------------------------------------------- the order of the papers, their signers


NO_SIGNER = "Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên người ký”; chưa cấp số."


def not_before_meetings(rows: list[dict[str, Any]], doc_date: str, what: str) -> None:
    """Tờ trình → meeting (Biên bản) → Quyết định: a paper that follows the council's vote is not dated before it."""
    held = [r["meeting_date"] for r in rows if r.get("meeting_date")]
    if held and str(doc_date) < max(held):
        raise UserError(f"{what} ngày {format_date(doc_date)} không thể đề ngày trước cuộc họp Hội đồng Thi đua - "
                        f"Khen thưởng ngày {format_date(max(held))} đã xét các đề nghị trong đó; hãy chọn ngày từ "
                        f"{format_date(max(held))} trở đi.")


def _carries(ledger: Ledger, document_id: int, rows: list[dict[str, Any]]) -> bool:
    content = register.get(ledger, document_id).get("content") or {}
    if isinstance(content, str):
        content = json.loads(content)
    return bool(set(content.get("proposal_ids") or []) & {r["id"] for r in rows})


def check_minutes(ledger: Ledger, meeting: dict[str, Any], rows: list[dict[str, Any]], doc_date: str,
                  ttr: dict[str, Any] | None) -> None:
    """A Biên bản is issued only with its chủ tọa and thư ký, and not dated before the Tờ trình the meeting
    considered (the ward's one, dated on or before the meeting, as minutes.build_bb cites it)."""
    missing = [label for key, label in (("chair", "chủ tọa"), ("secretary", "thư ký"))
               if not (meeting[key] or "").strip()]
    if missing:
        raise UserError(f"Cuộc họp ngày {format_date(meeting['date'])} chưa có tên {' và '.join(missing)}: hãy ghi "
                        "trong cuộc họp (trang Khen thưởng, thẻ Hội đồng); chưa cấp số Biên bản.")
    if ttr and doc_date < ttr["doc_date"] <= meeting["date"] and _carries(ledger, ttr["id"], rows):
        raise UserError(f"Biên bản ngày {format_date(doc_date)} không thể đề ngày trước Tờ trình số {ttr['symbol']} "
                        f"ngày {format_date(ttr['doc_date'])} mà Hội đồng xét; chưa cấp số.")
