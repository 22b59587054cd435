"""The council's member list of a year and each meeting's attendance (issue 17; resources/rules/hoi-dong-thi-dua.md):
the numbers are counted from the marks, the quorum counts members present, written votes only where the setting
allows them and never more than the members who wrote, and the Biên bản prints the attendance frozen at the meeting."""

from __future__ import annotations

import re
from typing import Any

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.awards import catalogue, council, members, minutes, proposals
from desktop.core.awards import dossier as award_dossier
from desktop.core.errors import UserError, ValidationError
from tests.core.test_awards import MEETING, make_ward, propose

NAMES = ["Nguyễn Văn Bình", "Lê Thị Mai", "Trần Thị Thu Hà", "Phạm Văn Đức", "Võ Thị Lan", "Huỳnh Văn Tâm",
         "Đặng Thị Hạnh", "Bùi Văn Sơn", "Ngô Thị Yến"]


@pytest.fixture
def ward(ledger: Ledger) -> dict[str, Any]:
    ids = make_ward(ledger)
    ids["p_hoa"] = propose(ledger, ids["hoa"], ids["gk_ho"])
    ids["members"] = [members.add_member(ledger, 2026, {"name": n, "position": "Cán bộ phường",
                                                         "role": "chu_tich" if i == 0 else "uy_vien"})
                      for i, n in enumerate(NAMES)]
    return ids


def _values() -> dict[str, Any]:
    return {**MEETING, "chair": NAMES[0], "secretary": NAMES[2], "members_total": 1, "members_present": 1}


def _marks(ward: dict, absent: int = 0, written: int = 0) -> dict[int, str]:
    ids = ward["members"]
    out = {m: "present" for m in ids}
    for m in ids[len(ids) - absent - written:len(ids) - written]:
        out[m] = "absent"
    for m in ids[len(ids) - written:]:
        out[m] = "written"
    return out


def _count(ledger: Ledger, table: str) -> int:
    return ledger.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_one_chủ_tịch_a_year(ledger: Ledger, ward: dict) -> None:
    with pytest.raises((UserError, ValidationError)):
        members.add_member(ledger, 2026, {"name": "Người thứ hai", "role": "chu_tich"})
    assert len(members.list_members(ledger, 2026)) == 9


def test_the_numbers_are_counted_from_the_marks_not_typed(ledger: Ledger, ward: dict) -> None:
    council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 7}, attendance=_marks(ward, absent=1))
    m = council.meetings(ledger, "2026-H1")[0]
    assert (m["members_total"], m["members_present"]) == (9, 8)  # the typed 1/1 is ignored
    assert _count(ledger, "meeting_members") == 9


def test_five_of_nine_present_cannot_vote_and_nothing_is_written(ledger: Ledger, ward: dict) -> None:
    with pytest.raises((UserError, ValidationError), match="ít nhất 6"):
        council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 5}, attendance=_marks(ward, absent=4))
    assert _count(ledger, "council_meetings") == 0 and _count(ledger, "meeting_members") == 0
    assert proposals.get(ledger, ward["p_hoa"])["status"] == "du_thao"


def test_votes_never_exceed_the_members_present(ledger: Ledger, ward: dict) -> None:
    with pytest.raises((UserError, ValidationError)):
        council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 9}, attendance=_marks(ward, absent=1))
    assert _count(ledger, "council_meetings") == 0


def test_written_votes_only_when_the_setting_allows_and_never_above_those_who_wrote(ledger: Ledger,
                                                                                     ward: dict) -> None:
    marks = _marks(ward, written=1)
    with pytest.raises((UserError, ValidationError)):
        council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 7}, attendance=marks,
                               written_votes={ward["p_hoa"]: 1})
    assert _count(ledger, "council_meetings") == 0
    catalogue.save_settings(ledger, {**catalogue.get_settings(ledger), "written_votes_allowed": True})
    with pytest.raises((UserError, ValidationError)):
        council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 7}, attendance=marks,
                               written_votes={ward["p_hoa"]: 2})  # only one member voted in writing
    council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 7}, attendance=marks,
                           written_votes={ward["p_hoa"]: 1})
    row = ledger.conn.execute("SELECT votes_for, votes_written FROM proposals WHERE id = ?", [ward["p_hoa"]]).fetchone()
    assert tuple(row) == (8, 1)


def test_the_biên_bản_prints_the_attendance_as_it_was(ledger: Ledger, ward: dict) -> None:
    council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 7}, attendance=_marks(ward, absent=1))
    meeting = council.meetings(ledger, "2026-H1")[0]["id"]
    members.edit_member(ledger, ward["members"][3], {"name": "Tên Đã Đổi"})  # later renaming changes no old paper
    pdf = pdfium.PdfDocument(award_dossier.render(minutes.build_bb(ledger, meeting)))
    text = re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    assert "Phạm Văn Đức" in text and "Tên Đã Đổi" not in text
    assert NAMES[0] in text and "Vắng mặt" in text and NAMES[-1] in text
    assert "Thông qua" in text


def test_a_chair_marked_absent_is_refused(ledger: Ledger, ward: dict) -> None:
    marks = _marks(ward) | {ward["members"][0]: "absent"}
    with pytest.raises((UserError, ValidationError)):
        council.record_meeting(ledger, "2026-H1", _values(), {ward["p_hoa"]: 6}, attendance=marks)
    assert _count(ledger, "council_meetings") == 0
