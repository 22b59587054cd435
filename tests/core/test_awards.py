"""Award proposals: catalogue, drafting from contributions, thresholds and suggestions, the prior-award check, the
workflow's allowed and refused transitions with their history, and the period's award figures."""

from __future__ import annotations

import json
from typing import Any

import pytest

from db.connection import Ledger
from desktop.core.awards import catalogue, council, proposals, screening
from desktop.core.errors import UserError, ValidationError
from desktop.core.figures import figures
from desktop.core.ledger import contributions, contributors, groups, setup, works

MEETING = {"date": "2026-06-15", "start_time": "14 giờ 00", "end_time": "16 giờ 00", "place": "Hội trường UBND",
           "chair": "Nguyễn Văn Bình", "secretary": "Trần Thị Thu Hà", "members_total": 9, "members_present": 8,
           "attendees": "Nguyễn Văn Bình - Chủ tịch UBND phường\nLê Thị Mai - Phó Chủ tịch UBND phường"}


def kind_id(ledger: Ledger, name_start: str, subject: str) -> int:
    return next(k["id"] for k in catalogue.list_kinds(ledger, subject=subject) if k["name"].startswith(name_start))


def make_ward(ledger: Ledger) -> dict[str, Any]:
    """Two tổ dân phố, a lane work, land-donating households and one individual with money, in 2026-H1."""
    setup.update_unit(ledger, {"signer_name": "Nguyễn Văn Bình"})
    g5 = groups.add(ledger, {"name": "Tổ dân phố 5", "households": 283, "population": 994, "leader": "Trần Thị Khánh"})
    g6 = groups.add(ledger, {"name": "Tổ dân phố 6"})
    lane = works.add(ledger, {"name": "Mở rộng Hẻm 162 Lê Trung Đình", "kind": "hem", "status": "dang_thi_cong",
                              "group_ids": [g5]})
    ids: dict[str, Any] = {"g5": g5, "g6": g6, "lane": lane}

    def person(name: str, kind: str, group: int, address: str) -> int:
        return contributors.add(ledger, {"name": name, "kind": kind, "group_id": group, "address": address})

    ids["hoa"] = person("Phan Ngọc Hòa", "ho", g5, "Số 2 hẻm 162 Lê Trung Đình")
    ids["toan"] = person("Lê Tiến Toàn", "ho", g5, "Số 53 hẻm 162 Lê Trung Đình")
    ids["small"] = person("Võ Văn Nhỏ", "ho", g6, "Số 9 đường Trương Định")
    ids["an"] = person("Nguyễn Văn An", "ca_nhan", g6, "Số 1 đường Trương Định")
    add = contributions.add
    ids["hoa_land"] = add(ledger, {"contributor_id": ids["hoa"], "work_id": lane, "date": "2026-03-02",
                                   "kind": "land", "quantity": 120.5, "land_type": "ODT", "value_vnd": 361_500_000,
                                   "land_structures": "Tường rào 15 m, 2 cây xoài"})
    ids["hoa_money"] = add(ledger, {"contributor_id": ids["hoa"], "work_id": lane, "date": "2026-03-05",
                                    "kind": "money", "quantity": 2_000_000})
    add(ledger, {"contributor_id": ids["hoa"], "date": "2025-11-05", "kind": "money", "quantity": 9_000_000})
    ids["toan_land"] = add(ledger, {"contributor_id": ids["toan"], "work_id": lane, "date": "2026-03-03",
                                    "kind": "land", "quantity": 30, "land_type": "ODT", "value_vnd": 90_000_000})
    add(ledger, {"contributor_id": ids["small"], "date": "2026-04-01", "kind": "land", "quantity": 4.2,
                 "land_type": "ODT", "value_vnd": 12_600_000})
    add(ledger, {"contributor_id": ids["an"], "date": "2026-04-02", "kind": "money", "quantity": 50_000_000})
    # Pledged only: not counted and not suggested.
    add(ledger, {"contributor_id": ids["an"], "date": "2026-04-03", "kind": "money", "quantity": 90_000_000,
                 "status": "pledged"})
    ids["gk_ho"] = kind_id(ledger, "Giấy khen", "ho")
    ids["gk_cn"] = kind_id(ledger, "Giấy khen", "ca_nhan")
    ids["gk_tt"] = kind_id(ledger, "Giấy khen", "tap_the")
    ids["bk_ho"] = kind_id(ledger, "Bằng khen của Chủ tịch", "ho")
    return ids


@pytest.fixture
def ward(ledger: Ledger) -> dict[str, Any]:
    return make_ward(ledger)


def propose(ledger: Ledger, contributor: int, kind: int, period: str = "2026-H1", **extra: Any) -> int:
    return proposals.add(ledger, {"contributor_id": contributor, "award_kind_id": kind, "period_code": period, **extra})


def review(ledger: Ledger, votes: dict[int, int], **meeting: Any) -> None:
    council.record_meeting(ledger, "2026-H1", {**MEETING, **meeting}, votes)


# --------------------------------------------------------------------------- catalogue and settings


def test_the_default_catalogue_follows_the_2025_rules(ledger: Ledger) -> None:
    kinds = catalogue.list_kinds(ledger)
    ward_names = {k["name"] for k in kinds if k["level"] == "ward"}
    assert ward_names == {"Giấy khen của Chủ tịch Ủy ban nhân dân phường", "Lao động tiên tiến",
                          "Tập thể lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Gia đình văn hóa",
                          "Tổ dân phố văn hóa"}
    upper = {k["name"] for k in kinds if k["level"] == "upper"}
    assert {"Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Bằng khen của Thủ tướng Chính phủ",
            "Huân chương Lao động hạng Ba"} == upper
    household = catalogue.get_kind(ledger, kind_id(ledger, "Giấy khen", "ho"))
    assert household["multiplier"] == 0.45 and household["subjects"] == ["ho"] and "đối chiếu" in household["note"]
    assert all(k["threshold_vnd"] is None and k["threshold_m2"] is None for k in kinds)
    assert catalogue.base_salary(ledger) == 2_340_000
    assert catalogue.prize_vnd(household["multiplier"], catalogue.base_salary(ledger)) == 1_053_000


def test_a_commune_reads_its_own_word_in_the_catalogue(ledger: Ledger) -> None:
    setup.update_unit(ledger, {"name": "Xã Tịnh Khê", "kind": "xa"})
    names = {k["name"] for k in catalogue.list_kinds(ledger)}
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân xã" in names
    assert not any("phường" in n for n in names)


def test_settings_are_validated_and_audited(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as err:
        catalogue.save_settings(ledger, {"base_salary_vnd": "hai triệu"})
    assert "Mức lương cơ sở" in err.value.errors["base_salary_vnd"]
    catalogue.save_settings(ledger, {"base_salary_vnd": "2.530.000"})
    assert catalogue.base_salary(ledger) == 2_530_000
    audit = ledger.conn.execute("SELECT summary, before, after FROM audit WHERE table_name = 'settings'").fetchone()
    assert audit[0] == "Sửa thiết lập khen thưởng"
    assert json.loads(audit[1]) == {"base_salary_vnd": 2_340_000} and json.loads(audit[2]) == {
        "base_salary_vnd": 2_530_000}


def test_a_catalogue_form_is_validated(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as err:
        catalogue.add_kind(ledger, {"name": "Giấy khen của Đảng ủy", "subjects": [], "decided_by": "Đảng ủy phường",
                                 "multiplier": "-1"})
    assert set(err.value.errors) == {"subjects", "multiplier"}
    kid = catalogue.add_kind(ledger, {"name": "Giấy khen của Ủy ban MTTQ phường", "subjects": ["ho", "ca_nhan"],
                                   "decided_by": "Ủy ban MTTQ Việt Nam phường", "multiplier": "0,3",
                                   "threshold_vnd": "20.000.000"})
    kind = catalogue.get_kind(ledger, kid)
    assert (kind["multiplier"], kind["threshold_vnd"], kind["subjects"]) == (0.3, 20_000_000, ["ho", "ca_nhan"])


# --------------------------------------------------------------------------- proposals and the achievement text


def test_a_proposal_links_the_period_contributions_and_drafts_the_achievement(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["gk_ho"])
    row = proposals.get(ledger, pid)
    assert row["contribution_ids"] == sorted([ward["hoa_land"], ward["hoa_money"]])  # not the 2025 one
    assert (row["nominee_name"], row["address"], row["group_name"], row["subject"]) == (
        "Phan Ngọc Hòa", "Số 2 hẻm 162 Lê Trung Đình", "Tổ dân phố 5", "ho")
    assert (row["value_vnd"], row["land_m2"], row["status"]) == (363_500_000, 120.5, "du_thao")
    assert row["achievement"] == (
        "Hiến 120,5 m² đất ở để mở rộng Hẻm 162 Lê Trung Đình (Tổ dân phố 5), trị giá 361.500.000 đồng; "
        "tự tháo dỡ tường rào 15 m, 2 cây xoài; ủng hộ 2.000.000 đồng tiền mặt để mở rộng Hẻm 162 Lê Trung Đình. "
        "Tổng giá trị đóng góp: 363.500.000 đồng.")
    event = proposals.history(ledger, pid)[0]
    assert (event["to_status"], event["user"], event["text"]) == ("du_thao", "Trần Thị Thu Hà", "Lập đề nghị")


def test_a_form_only_for_other_subjects_is_refused(ledger: Ledger, ward: dict) -> None:
    with pytest.raises(ValidationError) as err:
        propose(ledger, ward["hoa"], ward["gk_cn"])
    assert "chỉ dành cho: cá nhân" in err.value.errors["award_kind_id"]


def test_a_residential_group_is_proposed_as_a_collective(ledger: Ledger, ward: dict) -> None:
    pid = proposals.add(ledger, {"subject": "to_dan_pho", "group_id": ward["g5"], "award_kind_id": ward["gk_tt"],
                              "period_code": "2026-H1", "achievement": "Vận động 25 hộ hiến đất."})
    row = proposals.get(ledger, pid)
    assert (row["nominee_name"], row["contribution_ids"], row["value_vnd"]) == ("Tổ dân phố 5", [], 0)
    with pytest.raises(ValidationError) as err:
        proposals.add(ledger, {"subject": "to_dan_pho", "award_kind_id": ward["gk_tt"], "period_code": "2026-H1"})
    assert "group_id" in err.value.errors


def test_editing_the_links_recomputes_value_and_is_audited(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["gk_ho"])
    proposals.edit(ledger, pid, {"contribution_ids": [ward["hoa_land"]]})
    row = proposals.get(ledger, pid)
    assert (row["value_vnd"], row["contribution_ids"]) == (361_500_000, [ward["hoa_land"]])
    assert ledger.conn.execute("SELECT count(*) FROM audit WHERE summary LIKE 'Đổi khoản đóng góp%'").fetchone()[0] == 1
    with pytest.raises(ValidationError, match="không phải của người được đề nghị"):
        proposals.edit(ledger, pid, {"contribution_ids": [ward["toan_land"]]})


# --------------------------------------------------------------------------- suggestions


def _names(rows: list[dict]) -> list[str]:
    return [r["name"] for r in rows]


def test_without_thresholds_everyone_of_the_period_is_suggested_by_value(ledger: Ledger, ward: dict) -> None:
    period = proposals.parse_period(ledger, "2026-H1")
    rows = screening.suggestions(ledger, period)
    assert _names(rows) == ["Phan Ngọc Hòa", "Lê Tiến Toàn", "Nguyễn Văn An", "Võ Văn Nhỏ"]
    assert rows[2]["value_vnd"] == 50_000_000  # the pledged 90 million is not counted
    assert {r["kind_id"] for r in rows if r["subject"] == "ho"} == {ward["gk_ho"]}
    assert not any(r["by_threshold"] for r in rows)
    assert _names(screening.suggestions(ledger, period, land_only=True)) == ["Phan Ngọc Hòa", "Lê Tiến Toàn",
                                                                          "Võ Văn Nhỏ"]


def test_thresholds_filter_and_pick_the_highest_form(ledger: Ledger, ward: dict) -> None:
    period = proposals.parse_period(ledger, "2026-H1")
    catalogue.edit_kind(ledger, ward["gk_ho"], {"threshold_vnd": "20.000.000", "threshold_m2": "10"})
    catalogue.edit_kind(ledger, ward["bk_ho"], {"threshold_vnd": "300.000.000"})
    rows = screening.suggestions(ledger, period)
    households = [r for r in rows if r["subject"] == "ho"]
    # Võ Văn Nhỏ (12,6 triệu, 4,2 m²) passes neither; Hòa passes the province's Bằng khen threshold too.
    assert [(r["name"], r["kind_id"]) for r in households] == [("Phan Ngọc Hòa", ward["bk_ho"]),
                                                               ("Lê Tiến Toàn", ward["gk_ho"])]
    assert all(r["by_threshold"] for r in households)
    # No threshold is set for individuals: they are all still listed, with the ward's form.
    assert [r["name"] for r in rows if r["subject"] == "ca_nhan"] == ["Nguyễn Văn An"]
    only_gk = screening.suggestions(ledger, period, kind_id=ward["gk_ho"])
    assert _names(only_gk) == ["Phan Ngọc Hòa", "Lê Tiến Toàn"] and {r["kind_id"] for r in only_gk} == {ward["gk_ho"]}


def test_someone_already_proposed_is_not_suggested_again(ledger: Ledger, ward: dict) -> None:
    propose(ledger, ward["hoa"], ward["gk_ho"], period="2026")  # the year overlaps the half-year
    period = proposals.parse_period(ledger, "2026-H1")
    assert "Phan Ngọc Hòa" not in _names(screening.suggestions(ledger, period))
    changes = screening.add_from_suggestions(ledger, period,
                                             [(ward["toan"], ward["gk_ho"]), (ward["an"], ward["gk_cn"])])
    assert len(changes.ids["proposals"]) == 2
    assert _names(screening.suggestions(ledger, period)) == ["Võ Văn Nhỏ"]


def test_adding_from_suggestions_is_all_or_nothing(ledger: Ledger, ward: dict) -> None:
    period = proposals.parse_period(ledger, "2026-H1")
    with pytest.raises(ValidationError):
        screening.add_from_suggestions(ledger, period, [(ward["toan"], ward["gk_ho"]), (ward["an"], ward["gk_ho"])])
    assert ledger.conn.execute("SELECT count(*) FROM proposals").fetchone()[0] == 0


# --------------------------------------------------------------------------- the prior-award check


def test_the_same_nominee_in_an_overlapping_period_is_warned_with_the_earlier_decision(ledger: Ledger,
                                                                                      ward: dict) -> None:
    first = propose(ledger, ward["hoa"], ward["gk_ho"])
    review(ledger, {first: 8})
    council.transition(ledger, [first], "decide", number="12/QĐ-UBND", date="20/06/2026")
    warnings = screening.prior_awards(ledger, period_code="2026", movement_id=proposals.default_movement(ledger),
                                   contributor_id=ward["hoa"], contribution_ids=[])
    assert warnings == ["Phan Ngọc Hòa đã được đề nghị “Giấy khen của Chủ tịch Ủy ban nhân dân phường” kỳ 6 tháng "
                        "đầu năm 2026: đã có quyết định, Quyết định số 12/QĐ-UBND ngày 20/06/2026."]
    # A period that does not overlap, with other contributions: nothing to warn about.
    assert screening.prior_awards(ledger, period_code="2025", movement_id=proposals.default_movement(ledger),
                               contributor_id=ward["hoa"], contribution_ids=[]) == []


def test_the_same_contributions_are_warned_even_for_another_nominee_record(ledger: Ledger, ward: dict) -> None:
    first = propose(ledger, ward["hoa"], ward["gk_ho"])
    second = propose(ledger, ward["hoa"], ward["bk_ho"], period="2025-2026")
    assert any("đã được đề nghị" in w for w in screening.prior_for(ledger, second))
    warnings = screening.prior_awards(ledger, period_code="2025", movement_id=None, contributor_id=None,
                                   subject="ho", nominee_name="Hộ khác", contribution_ids=[ward["hoa_land"]])
    assert len(warnings) == 2 and all("khoản đóng góp này đã dùng" in w for w in warnings)
    assert screening.prior_for(ledger, first)  # each sees the other


# --------------------------------------------------------------------------- the workflow


def test_ward_flow_draft_review_decide_grant_with_history(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["gk_ho"])
    assert council.allowed_actions(proposals.get(ledger, pid)) == []  # a draft goes to the council first
    review(ledger, {pid: 8})
    row = proposals.get(ledger, pid)
    assert (row["status"], row["votes_for"], row["members_total"]) == ("da_xet", 8, 9)
    assert council.allowed_actions(row) == ["decide", "refuse", "return"]
    council.transition(ledger, [pid], "decide", number="12/QĐ-UBND", date="2026-06-20")
    council.transition(ledger, [pid], "grant")
    row = proposals.get(ledger, pid)
    assert (row["status"], row["decision_no"], row["decision_date"]) == ("duoc_khen", "12/QĐ-UBND", "2026-06-20")
    steps = [(e["from_status"], e["to_status"]) for e in proposals.history(ledger, pid)]
    assert steps == [(None, "du_thao"), ("du_thao", "da_xet"), ("da_xet", "quyet_dinh"), ("quyet_dinh", "duoc_khen")]
    audit = [r[0] for r in ledger.conn.execute(
        "SELECT summary FROM audit WHERE table_name = 'proposals' AND action = 'status' ORDER BY id")]
    assert audit[-1] == "Đề nghị khen thưởng Phan Ngọc Hòa: Đã có quyết định → Được khen"
    # Lịch sử thay đổi shows the step and the states in words, never the stored codes.
    from desktop.core.ledger import lists

    newest = lists.run(ledger, lists.AUDIT, lists.Query(filters={"table_name": "proposals"})).ids[0]
    cells = dict(zip([c.key for c in lists.AUDIT.columns], lists.fetch(ledger, lists.AUDIT, [newest])[newest],
                     strict=True))
    assert cells["action"] == "Chuyển bước"
    assert "Được khen" in cells["after"] and "duoc_khen" not in cells["after"] + cells["before"]


def test_upper_flow_submit_then_the_upper_decision(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["bk_ho"])
    review(ledger, {pid: 8})
    with pytest.raises(UserError, match="phường không tự quyết định được"):
        council.transition(ledger, [pid], "decide", number="12/QĐ-UBND", date="2026-06-20")
    council.transition(ledger, [pid], "submit", number="05/TTr-UBND", date="2026-06-21")
    with pytest.raises(UserError, match="số và ngày của quyết định"):
        council.transition(ledger, [pid], "grant")
    council.transition(ledger, [pid], "grant", number="1234/QĐ-UBND", date="2026-08-01")
    row = proposals.get(ledger, pid)
    assert (row["status"], row["submission_no"], row["decision_no"]) == ("duoc_khen", "05/TTr-UBND", "1234/QĐ-UBND")


def test_refused_transitions_say_why(ledger: Ledger, ward: dict) -> None:
    gk = propose(ledger, ward["hoa"], ward["gk_ho"])
    low = propose(ledger, ward["toan"], ward["gk_ho"])
    with pytest.raises(UserError, match="đang ở trạng thái “Dự thảo”: không thể “Ghi quyết định khen thưởng”"):
        council.transition(ledger, [gk], "decide", number="1/QĐ", date="2026-06-20")
    with pytest.raises(UserError, match="cùng cuộc họp"):
        council.transition(ledger, [gk], "review")
    with pytest.raises(UserError, match="không thể “Đưa về dự thảo”"):
        council.transition(ledger, [gk], "redraft")
    review(ledger, {gk: 8, low: 4})
    with pytest.raises(UserError, match="hãy ghi “Trình cấp trên”|thuộc thẩm quyền"):
        council.transition(ledger, [gk], "submit", number="1/TTr", date="2026-06-20")
    with pytest.raises(UserError, match=r"chưa được Hội đồng.*4/9 phiếu đồng ý, cần trên 50%"):
        council.transition(ledger, [low], "decide", number="1/QĐ", date="2026-06-20")
    with pytest.raises(UserError, match="hãy ghi lý do"):
        council.transition(ledger, [low], "refuse", reason="  ")
    with pytest.raises(UserError, match="số và ngày"):
        council.transition(ledger, [gk], "decide", number=" ", date="2026-06-20")
    assert {r["status"] for r in proposals.list_proposals(ledger, "2026-H1")} == {"da_xet"}


def test_a_batch_is_all_or_nothing(ledger: Ledger, ward: dict) -> None:
    ok = propose(ledger, ward["hoa"], ward["gk_ho"])
    low = propose(ledger, ward["toan"], ward["gk_ho"])
    review(ledger, {ok: 8, low: 3})
    with pytest.raises(UserError, match="Lê Tiến Toàn"):
        council.transition(ledger, [ok, low], "decide", number="1/QĐ-UBND", date="2026-06-20")
    assert proposals.get(ledger, ok)["status"] == "da_xet"
    assert len(proposals.history(ledger, ok)) == 2


def test_returned_goes_back_to_draft_and_can_be_edited_again(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["gk_ho"])
    review(ledger, {pid: 8})
    with pytest.raises(UserError, match="chỉ sửa được nội dung khi còn là dự thảo"):
        proposals.edit(ledger, pid, {"achievement": "Sửa sau khi xét"})
    with pytest.raises(UserError, match="không xóa được"):
        proposals.delete(ledger, pid)
    proposals.edit(ledger, pid, {"book_no": "15", "note": "Đã có biên bản bàn giao"})  # allowed in any state
    council.transition(ledger, [pid], "return", reason="Thiếu biên bản hiến đất có xác nhận")
    row = proposals.get(ledger, pid)
    assert (row["status"], row["outcome_reason"], row["book_no"]) == ("tra_lai", "Thiếu biên bản hiến đất có xác "
                                                                                 "nhận", "15")
    council.transition(ledger, [pid], "redraft")
    proposals.edit(ledger, pid, {"achievement": "Hiến 120,5 m² đất ở."})
    row = proposals.get(ledger, pid)
    assert (row["status"], row["achievement"], row["outcome_reason"]) == ("du_thao", "Hiến 120,5 m² đất ở.", None)
    events = proposals.history(ledger, pid)
    assert events[-2]["reason"] == "Thiếu biên bản hiến đất có xác nhận" and "Lý do:" in events[-2]["text"]
    proposals.delete(ledger, pid)
    assert proposals.list_proposals(ledger, "2026-H1") == []


def test_a_meeting_is_validated_and_votes_only_drafts_of_its_period(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["gk_ho"])
    other = propose(ledger, ward["toan"], ward["gk_ho"], period="2026-H2")
    with pytest.raises(ValidationError) as err:
        review(ledger, {pid: 5}, members_present=10, chair="")
    assert set(err.value.errors) == {"members_present", "chair"}
    with pytest.raises(ValidationError, match="từ 0 đến 8"):  # at most the 8 members present (issue 17)
        review(ledger, {pid: 12})
    with pytest.raises(UserError, match="thuộc kỳ 2026-H2"):
        review(ledger, {pid: 8, other: 8})
    assert ledger.conn.execute("SELECT count(*) FROM council_meetings").fetchone()[0] == 0
    assert proposals.get(ledger, pid)["status"] == "du_thao"


# --------------------------------------------------------------------------- figures


def test_award_figures_count_real_proposals(ledger: Ledger, ward: dict) -> None:
    gk = propose(ledger, ward["hoa"], ward["gk_ho"])
    bk = propose(ledger, ward["toan"], ward["bk_ho"])
    draft = propose(ledger, ward["an"], ward["gk_cn"])
    h1 = proposals.parse_period(ledger, "2026-H1")
    assert figures.awards(ledger, h1) == {"proposed": 0, "granted_by_unit": 0, "submitted_upward": 0,
                                          "approved_upward": 0}
    review(ledger, {gk: 8, bk: 8})
    council.transition(ledger, [gk], "decide", number="1/QĐ-UBND", date="2026-06-20")
    council.transition(ledger, [bk], "submit", number="2/TTr-UBND", date="2026-06-20")
    council.transition(ledger, [bk], "grant", number="99/QĐ-UBND", date="2026-08-01")
    expected = {"proposed": 2, "granted_by_unit": 1, "submitted_upward": 1, "approved_upward": 1}
    assert figures.awards(ledger, h1) == expected
    assert figures.summary(ledger, "2026")["awards"] == expected  # the year contains the half-year
    assert figures.awards(ledger, proposals.parse_period(ledger, "2026-H2"))["proposed"] == 0
    assert proposals.get(ledger, draft)["status"] == "du_thao"
