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
from desktop.core.awards import members
from desktop.core.awards.catalogue import STATUSES, VOTE_BASES, get_settings, quorum_needed, vote_passes
from desktop.core.awards.proposals import get, order_rows, rows_where, write_event
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import audit, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.report import register
from desktop.core.text.vnformat import format_date, parse_date

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


def _check_votes(ledger: Ledger, clean: dict[str, Any], votes: dict[int, int], rule: Rule,
                 written: dict[int, int] | None = None, written_members: int = 0) -> None:
    """The quorum (members present only: a written vote makes no quorum), then each nominee's votes: those of the
    members present from 0 to their number, the written ones from 0 to the members who voted in writing."""
    total, present = clean["members_total"], clean["members_present"]
    why = quorum_refusal(total, present, rule)
    if why:
        raise ValidationError({"members_present": why})

    def name(pid: int) -> str:
        row = ledger.conn.execute("SELECT nominee_name FROM proposals WHERE id = ?", [pid]).fetchone()
        return row[0] if row else str(pid)

    for pid, n in votes.items():
        if n is None or not 0 <= int(n) <= present:
            raise ValidationError({"votes": (
                f"Số phiếu đồng ý của “{name(pid)}” ({n}) phải từ 0 đến {present} (số thành viên dự "
                f"họp trong {total} thành viên Hội đồng); chưa ghi gì vào sổ.")})
    for pid, n in (written or {}).items():
        if pid not in votes:
            raise ValidationError({"votes_written": f"“{name(pid)}” có phiếu bằng văn bản nhưng không được chọn để "
                                                    "Hội đồng xét trong cuộc họp này; chưa ghi gì vào sổ."})
        if n is None or not 0 <= int(n) <= written_members:
            raise ValidationError({"votes_written": (
                f"Số phiếu bằng văn bản đồng ý của “{name(pid)}” ({n}) phải từ 0 đến {written_members} (số thành viên "
                "vắng mặt có phiếu bằng văn bản); chưa ghi gì vào sổ.")})


def _attendance(ledger: Ledger, values: dict[str, Any], attendance: dict[int, str] | None,
                written: dict[int, int] | None, settings: dict[str, Any]) -> tuple[dict[str, Any], list[dict]]:
    """The meeting's figures from the member list of the year it is held in: total and present are counted, never
    typed; without a list (older ledgers) the typed numbers stay and no written vote can be recorded."""
    allowed = bool(settings.get("written_votes_allowed"))
    if any(int(n or 0) for n in (written or {}).values()) and not allowed:
        raise ValidationError({"votes_written": (
            "Thiết lập hiện không cho tính phiếu bằng văn bản của thành viên vắng mặt (Cài đặt → Danh mục khen "
            "thưởng…, thẻ “Tiền thưởng, văn bản”, “Tính phiếu bằng văn bản”); chưa ghi gì vào sổ.")})
    try:
        year = parse_date(values.get("date") or "").year
    except ValueError:
        return values, []  # _validate_meeting says what is wrong with the date
    roster = members.list_members(ledger, year)
    if not roster:
        if attendance or any(int(n or 0) for n in (written or {}).values()):
            raise UserError(f"Năm {year} chưa có danh sách thành viên Hội đồng Thi đua - Khen thưởng: hãy lập danh "
                            "sách (trang Khen thưởng, thẻ Hội đồng, “Danh sách thành viên…”) rồi ghi cuộc họp.")
        return values, []
    frozen = members.attendance(roster, attendance, written_allowed=allowed, year=year)
    present = [m for m in frozen if m["presence"] == "present"]
    for key, what in (("chair", "Chủ tọa"), ("secretary", "Thư ký")):
        away = next((m for m in frozen if m["presence"] != "present" and members.same_name(m["name"],
                                                                                             values.get(key))), None)
        if away:
            raise ValidationError({key: f"{what} {away['name']} được ghi vắng mặt: hãy chọn người có mặt."})
    if (values.get("chair") or "").strip() and not any(members.same_name(m["name"], values["chair"])
                                                       for m in present):
        raise ValidationError({"chair": f"Chủ tọa “{values['chair']}” không phải thành viên có mặt của Hội đồng năm "
                                        f"{year}: hãy chọn một thành viên có mặt (thường là Chủ tịch Hội đồng)."})
    counted = {**values, "members_total": len(frozen), "members_present": len(present),
               "attendees": members.attendees_text(frozen)}
    return counted, frozen


def record_meeting(ledger: Ledger, period_code: str, values: dict[str, Any], votes: dict[int, int], *,
                   attendance: dict[int, str] | None = None, written_votes: dict[int, int] | None = None) -> Changes:
    """A council meeting and its votes: each voted proposal (a draft of the period) becomes Đã xét.

    When the year of the meeting has a member list, `attendance` marks each member present | absent | written and
    the numbers are counted from it (the typed members_total/members_present are ignored); who attended is frozen
    in meeting_members. `votes` are the votes for of the members present; `written_votes` those sent in writing by
    absent members (only where the setting written_votes_allowed allows them), added into votes_for and kept in
    votes_written. A meeting without its quorum, or votes above who could vote, are refused and nothing is written.
    """
    if not votes:
        raise ValidationError({"votes": "Chọn ít nhất một đề nghị được Hội đồng xét."})
    written = {pid: n for pid, n in (written_votes or {}).items() if n is not None}
    changes = Changes()
    with ledger.transaction() as db:
        settings = get_settings(ledger)
        values, frozen = _attendance(ledger, values, attendance, written, settings)
        clean = _validate_meeting({k: values.get(k) for k in MEETING_FIELDS})
        by_letter = sum(1 for m in frozen if m["presence"] == "written")
        _check_votes(ledger, clean, votes, settings, written, by_letter)
        clean["period_code"] = period_code
        total = clean["members_total"]
        mid = records.create(ledger, "council_meetings", clean, f"ngày {format_date(clean['date'])}")
        if frozen:
            db["meeting_members"].insert_all([{"meeting_id": mid, **m} for m in frozen])
            away = [f"{m['name']} ({members.PRESENCE[m['presence']].lower()})" for m in frozen
                    if m["presence"] != "present"]
            audit.record(ledger, "create", "meeting_members",
                         f"Thành phần họp Hội đồng ngày {format_date(clean['date'])}: {clean['members_present']}/"
                         f"{total} có mặt" + (f"; {', '.join(away)}" if away else ""), record_id=mid)
        for pid, n in votes.items():
            _vote(ledger, period_code, mid, clean, pid, int(n), int(written.get(pid) or 0) if frozen else None)
            changes.add("proposals", pid)
    return changes.add("council_meetings", mid).add("proposal_events").add("meeting_members")


def _vote(ledger: Ledger, period_code: str, mid: int, clean: dict[str, Any], pid: int, n: int,
          by_letter: int | None) -> None:
    """One nominee's result: the draft becomes Đã xét with its votes (of which `by_letter` written), event, audit."""
    row = get(ledger, pid)
    if row["status"] != "du_thao":
        raise UserError(f"Đề nghị “{row['nominee_name']}” đang ở trạng thái “{STATUSES[row['status']]}”: "
                        "chỉ đề nghị dự thảo mới đưa ra Hội đồng xét.")
    if row["period_code"] != period_code:
        raise UserError(f"Đề nghị “{row['nominee_name']}” thuộc kỳ {row['period_code']}, không phải kỳ "
                        f"{period_code} của cuộc họp.")
    total, votes_for = clean["members_total"], n + (by_letter or 0)
    ledger.db["proposals"].update(pid, {"status": "da_xet", "meeting_id": mid, "votes_for": votes_for,
                                        "votes_written": by_letter, "updated_at": audit.now_iso()})
    detail = {"meeting_id": mid, "votes_for": votes_for, "members_total": total,
              "members_present": clean["members_present"], "date": clean["date"]}
    if by_letter:
        detail["votes_written"] = by_letter
    write_event(ledger, pid, "du_thao", "da_xet", detail=detail)
    of_which = f" (trong đó {by_letter} phiếu bằng văn bản)" if by_letter else ""
    audit.record(ledger, "status", "proposals",
                 f"Đề nghị khen thưởng {row['nominee_name']}: Hội đồng xét ngày {format_date(clean['date'])}, "
                 f"{votes_for}/{total} phiếu đồng ý{of_which}", record_id=pid, record_uuid=row["uuid"],
                 before={"status": "du_thao"}, after={"status": "da_xet", "votes_for": votes_for, "meeting_id": mid})


def meetings(ledger: Ledger, period_code: str) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT m.*, d.symbol AS document_symbol, (SELECT count(*) FROM proposals p WHERE p.meeting_id = m.id AND "
        "p.deleted_at IS NULL) AS proposals, (SELECT count(*) FROM meeting_members mm WHERE mm.meeting_id = m.id "
        "AND mm.presence = 'written') AS members_written "
        "FROM council_meetings m LEFT JOIN documents d ON d.id = m.document_id "
        "WHERE m.period_code = ? AND m.deleted_at IS NULL ORDER BY m.date DESC, m.id DESC", [period_code])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def get_meeting(ledger: Ledger, meeting_id: int) -> dict[str, Any]:
    return records.get(ledger, "council_meetings", meeting_id)


def meeting_proposals(ledger: Ledger, meeting_id: int) -> list[dict[str, Any]]:
    """The proposals a meeting voted on, each with `votes_written` and the meeting's `members_written`."""
    rows = order_rows(rows_where(ledger, " AND p.meeting_id = ?", [meeting_id]))
    by_letter = ledger.conn.execute("SELECT count(*) FROM meeting_members WHERE meeting_id = ? AND presence = "
                                    "'written'", [meeting_id]).fetchone()[0]
    written = dict(ledger.conn.execute("SELECT id, votes_written FROM proposals WHERE meeting_id = ?", [meeting_id]))
    return [{**r, "members_written": by_letter, "votes_written": written.get(r["id"])} for r in rows]


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
