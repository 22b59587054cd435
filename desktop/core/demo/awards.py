"""The demo's award year: a council, its meetings and votes, proposals in every state, the issued Tờ trình, Biên bản
and Quyết định, and granted Giấy khen — made through the award services, after the contributions exist.

What is chosen depends only on the builder's random stream and `today` (never the wall clock). The order of the
papers and their dates follows the workflow (reference/domain.md §2, resources/rules/hoi-dong-thi-dua.md): Tờ trình
of the drafting office → council meeting and its Biên bản → Quyết định of the Chủ tịch and the Tờ trình upward.
The council's nine members are the year's member list; each meeting records who attended (one member excused, so 8
of 9 present: the quorum of at least 2/3), and its figures are counted from that; nobody gets more votes than the
members present; a passed nominee has more than half of all 9 members, a rejected one at most 4 and is never in the
Quyết định. Written votes stay off (the setting's default).

Three households are proposed for "Gia đình văn hóa" (a title the Chủ tịch UBND cấp xã recognises under Nghị định
số 86/2023/NĐ-CP, its own procedure): passed at the first meeting, they get their own Quyết định công nhận, issued
the day after the Giấy khen's (decisions.py: one decision per group), so `thidua awards --out DIR` writes both.
The Số sổ vàng is given by each Quyết định at issue (certificates.assign_book_numbers), never set here.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from db.connection import Ledger
from desktop.core.awards import catalogue, council, decisions, dossier, proposals, screening
from desktop.core.awards import members as council_members
from desktop.core.demo.wards import COUNCIL_SEATS
from desktop.core.ledger.setup import get_unit

MEMBERS = len(COUNCIL_SEATS)  # 9
PRESENT = MEMBERS - 1  # one member excused
UPPER_FORM = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
CULTURAL_TITLE = "Gia đình văn hóa"  # Nghị định 86/2023/NĐ-CP: recognised by the Chủ tịch UBND cấp xã
CULTURAL_HOUSEHOLDS = 3
CULTURAL_ACHIEVEMENT = ("Đạt các tiêu chuẩn danh hiệu “Gia đình văn hóa” theo Nghị định số 86/2023/NĐ-CP; được tổ "
                        "dân phố bình xét, đề nghị.")


def award_year(today: dt.date, first_day: dt.date) -> int | None:
    """The year the demo's awards are for: this year from July on (its contributions are there), the year before
    in the first half; None when the demo is too short to hold an award year (under two months)."""
    if (today - first_day).days < 60:
        return None
    if today.month >= 7 or today.year == first_day.year:
        return today.year
    return today.year - 1


def _upper_kind(ledger: Ledger, subject: str) -> int | None:
    for k in catalogue.list_kinds(ledger, active_only=True, subject=subject):
        if k["level"] == "upper" and k["name"] == UPPER_FORM:
            return k["id"]
    return None


def _council(ledger: Ledger, person: Any, rng: random.Random) -> list[tuple[str, str, str]]:
    """(name, position, role) of the nine members: the unit's signer chairs, the clerk is the secretary."""
    unit = get_unit(ledger)
    out = []
    for i, (position, role) in enumerate(COUNCIL_SEATS):
        if i == 0:
            name = unit.get("signer_name") or person()[0]
        elif i == len(COUNCIL_SEATS) - 1:
            name = unit.get("user_name") or person()[0]
        else:
            name = person()[0]
        out.append((name, position, role))
    return out


# The seats' roles (wards.COUNCIL_SEATS, as the Quyết định thành lập Hội đồng writes them) as members.ROLES codes.
ROLE_CODES = {"Chủ tịch Hội đồng": "chu_tich", "Phó Chủ tịch Hội đồng": "pho_chu_tich",
              "Phó Chủ tịch thường trực Hội đồng": "thuong_truc"}


def _cultural(ledger: Ledger, period: Any, picks: list[dict[str, Any]]) -> list[int]:
    """"Gia đình văn hóa" proposals for the first households not proposed for anything else (no contribution
    linked: the title is for the family's life, not for what it gave)."""
    kind = next((k["id"] for k in catalogue.list_kinds(ledger, active_only=True, subject="ho")
                 if k["name"] == CULTURAL_TITLE), None)
    if kind is None:
        return []
    homes = [r for r in picks if r["subject"] == "ho"][:CULTURAL_HOUSEHOLDS]
    return [proposals.add(ledger, {"subject": "ho", "contributor_id": r["contributor_id"], "award_kind_id": kind,
                                   "period_code": period.code, "contribution_ids": [],
                                   "achievement": CULTURAL_ACHIEVEMENT}) for r in homes]


def _member_list(ledger: Ledger, members: list[tuple[str, str, str]], years: set[int]) -> dict[int, list[int]]:
    """The council's list for each year a meeting is held in (the first year typed, the next copied from it, as a
    clerk does); returns the member ids of each year, in order."""
    first, *others = sorted(years)
    for name, position, role in members:
        note = "Thư ký Hội đồng" if "thư ký" in role else None
        council_members.add_member(ledger, first, {"name": name, "position": position,
                                                   "role": ROLE_CODES.get(role, "uy_vien"), "note": note})
    for year in others:
        council_members.copy_year(ledger, first, year)
    return {y: [m["id"] for m in council_members.list_members(ledger, y)] for y in years}


def _attendance(ids: list[int], absent: int) -> dict[int, str]:
    """Everyone present but one excused member (never the chair nor the secretary); no written votes by default."""
    return {mid: "absent" if i == absent else "present" for i, mid in enumerate(ids)}


def build_awards(ledger: Ledger, rng: random.Random, today: dt.date, first_day: dt.date, person: Any,
                 size: str) -> dict[str, int]:
    """The award year; returns what it added (proposals, meetings, documents). Nothing when the demo is too short,
    has too few nominees, or the unit (declared before the demo) has no signer."""
    year = award_year(today, first_day)
    if year is None or not (get_unit(ledger).get("signer_name") or "").strip():
        return {}  # too short, or a unit declared before without its signer: nothing may be issued unsigned
    period = proposals.parse_period(ledger, str(year))
    members = _council(ledger, person, rng)
    # A council member's namesake among the nominees would read as a member voting on himself: left out.
    names = {name for name, _, _ in members}
    picks = [r for r in screening.suggestions(ledger, period) if r["name"] not in names]
    n_ward = 14 if size == "small" else 24
    if len(picks) < n_ward + 2:
        return {}
    chair, secretary = members[0][0], members[-1][0]
    settings = catalogue.get_settings(ledger)
    catalogue.save_settings(ledger, {**settings, "drafting_head_name": members[2][0]})

    # Dates, strictly in the workflow's order, none after today: around the year's end, or up to today.
    anchor = min(today, dt.date(year + 1, 1, 20))
    day = {k: (anchor - dt.timedelta(days=d)).isoformat()
           for k, d in (("ttr", 20), ("meeting", 16), ("qd", 13), ("qd_vh", 12), ("ttr_up", 11), ("meeting2", 3))}

    # The two who gave most are proposed for the province's Bằng khen; the next ones for the ward's Giấy khen.
    upper = [(r["contributor_id"], _upper_kind(ledger, r["subject"]) or r["kind_id"]) for r in picks[:2]]
    ward = [(r["contributor_id"], r["kind_id"]) for r in picks[2:2 + n_ward]]
    screening.add_from_suggestions(ledger, period, upper + ward)
    cultural = _cultural(ledger, period, picks[2 + n_ward:])
    rows = proposals.list_proposals(ledger, period.code)
    up_ids = [r["id"] for r in rows if r["level"] == "upper"]
    ward_ids = sorted((r["id"] for r in rows if r["level"] == "ward" and r["id"] not in cultural),
                      key=lambda pid: next(i for i, (c, _) in enumerate(ward)
                                           if c == proposals.get(ledger, pid)["contributor_id"]))

    dossier.issue_ttr(ledger, period, "ward", doc_date=day["ttr"])
    # First meeting: the upward nominees and most of the ward's; one ward nominee is not passed.
    first = ward_ids[:len(ward_ids) - 5]
    rejected = rng.choice(first[2:])
    votes = {pid: rng.randint(6, PRESENT) for pid in up_ids + first + cultural}
    votes[rejected] = rng.randint(2, 4)
    absent = rng.randint(1, MEMBERS - 2)
    ids = _member_list(ledger, members, {int(day["meeting"][:4]), int(day["meeting2"][:4])})
    meeting = {"start_time": "14 giờ 00", "end_time": "16 giờ 30", "place": "Hội trường Ủy ban nhân dân phường",
               "chair": chair, "secretary": secretary}
    council.record_meeting(ledger, period.code, {**meeting, "date": day["meeting"],
                                                 "conclusion": "Hội đồng thống nhất đề nghị khen thưởng các "
                                                               "trường hợp đạt trên 50% tổng số thành viên."}, votes,
                           attendance=_attendance(ids[int(day["meeting"][:4])], absent))
    m1 = council.meetings(ledger, period.code)[0]["id"]
    dossier.issue_bb(ledger, m1)
    # One decision per group: the Giấy khen, then the cultural title's Quyết định công nhận (each gives its
    # proposals their Số sổ vàng at issue).
    dossier.issue_qd(ledger, period, doc_date=day["qd"], group=decisions.KHEN_THUONG)
    if cultural:
        dossier.issue_qd(ledger, period, doc_date=day["qd_vh"], group=decisions.VAN_HOA + CULTURAL_TITLE)
    dossier.issue_ttr(ledger, period, "upper", doc_date=day["ttr_up"])
    decided_ids = [r["id"] for r in proposals.list_proposals(ledger, period.code, status="quyet_dinh")]
    # The certificates of the first ones were handed over at the year-end meeting.
    council.transition(ledger, decided_ids[:max(2, len(decided_ids) // 2)], "grant")

    # A second, short meeting on two more of the Tờ trình's nominees: both passed, waiting for the next decision.
    second = ward_ids[len(ward_ids) - 5:len(ward_ids) - 3]
    absent = rng.randint(1, MEMBERS - 2)
    council.record_meeting(ledger, period.code, {**meeting, "date": day["meeting2"], "start_time": "8 giờ 00",
                                                 "end_time": "9 giờ 00"},
                           {pid: rng.randint(6, PRESENT) for pid in second},
                           attendance=_attendance(ids[int(day["meeting2"][:4])], absent))
    m2 = council.meetings(ledger, period.code)[0]["id"]
    dossier.issue_bb(ledger, m2)
    # The last three of the Tờ trình stay drafts (the council has not met on them yet).
    return {"proposals": len(rows), "council_meetings": 2, "documents": 6 if cultural else 5}
