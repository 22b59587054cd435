"""The council's rules (issue 17; resources/rules/hoi-dong-thi-dua.md): a meeting without its quorum cannot vote and
gets no Biên bản, votes never exceed the members present, the pass threshold is taken on the base the setting names,
a rejected nominee reads "Không được thông qua" and is in no Quyết định nor later Tờ trình, Tờ trình → Biên bản →
Quyết định in that order of dates, and nothing is issued without its signer."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from db.connection import Ledger
from desktop.core.awards import catalogue, council, minutes, papers, proposals
from desktop.core.awards import dossier as award_dossier
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import setup
from tests.core.test_awards import MEETING, make_ward, propose


@pytest.fixture
def ward(ledger: Ledger) -> dict[str, Any]:
    ids = make_ward(ledger)
    ids["p_hoa"] = propose(ledger, ids["hoa"], ids["gk_ho"])
    ids["p_toan"] = propose(ledger, ids["toan"], ids["gk_ho"])
    ids["period"] = proposals.parse_period(ledger, "2026-H1")
    return ids


def _count(ledger: Ledger, table: str) -> int:
    return ledger.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _text(doc: Any) -> str:
    pdf = pdfium.PdfDocument(award_dossier.render(doc))
    return re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def _meet(ledger: Ledger, ward: dict, votes: dict[str, int], **meeting: Any) -> int:
    council.record_meeting(ledger, "2026-H1", {**MEETING, **meeting}, {ward[k]: n for k, n in votes.items()})
    return council.meetings(ledger, "2026-H1")[0]["id"]


def _statuses(ledger: Ledger) -> dict[str, str]:
    return {r["nominee_name"]: r["status_label"] for r in proposals.list_proposals(ledger, "2026-H1")}


def test_a_meeting_without_its_quorum_cannot_vote_and_nothing_is_written(ledger: Ledger, ward: dict) -> None:
    before = {t: _count(ledger, t) for t in ("council_meetings", "proposal_events", "audit")}
    with pytest.raises(ValidationError) as err:
        _meet(ledger, ward, {"p_hoa": 2, "p_toan": 2}, members_present=2)
    assert str(err.value.errors["members_present"]) == (
        "Hội đồng có 9 thành viên, chỉ 2 người dự họp: chưa đủ 2/3 (ít nhất 6) nên không được biểu quyết; chưa ghi "
        "gì vào sổ.")
    assert {t: _count(ledger, t) for t in before} == before
    assert {r["status"] for r in proposals.list_proposals(ledger, "2026-H1")} == {"du_thao"}
    with pytest.raises(ValidationError, match="ít nhất 6"):
        _meet(ledger, ward, {"p_hoa": 5}, members_present=5)
    _meet(ledger, ward, {"p_hoa": 6}, members_present=6)  # 6 of 9 is the quorum


def test_the_quorum_is_a_setting(ledger: Ledger, ward: dict) -> None:
    assert catalogue.get_settings(ledger)["quorum_fraction"] == "2/3"
    with pytest.raises(ValidationError, match="Số thành viên tối thiểu"):
        catalogue.save_settings(ledger, {"quorum_fraction": "hai phần ba"})
    catalogue.save_settings(ledger, {"quorum_fraction": "1/2"})
    _meet(ledger, ward, {"p_hoa": 5}, members_present=5)
    assert council.meeting_proposals(ledger, council.meetings(ledger, "2026-H1")[0]["id"])[0]["votes_for"] == 5


def test_a_biên_bản_of_a_meeting_without_quorum_is_refused(ledger: Ledger, ward: dict) -> None:
    meeting = _meet(ledger, ward, {"p_hoa": 7, "p_toan": 7})
    with ledger.transaction():  # a meeting recorded before the rule: 2 of 9 present
        ledger.conn.execute("UPDATE council_meetings SET members_present = 2 WHERE id = ?", [meeting])
    with pytest.raises(UserError, match="chỉ 2 người dự họp: chưa đủ 2/3 \\(ít nhất 6\\)"):
        minutes.build_bb(ledger, meeting)
    with pytest.raises(UserError, match="Không lập Biên bản"):
        award_dossier.issue_bb(ledger, meeting)
    assert _count(ledger, "documents") == 0
    assert _statuses(ledger) == {"Phan Ngọc Hòa": "Không được thông qua", "Lê Tiến Toàn": "Không được thông qua"}
    with pytest.raises(UserError, match="chưa có đề nghị nào"):
        award_dossier.issue_qd(ledger, ward["period"], doc_date="2026-06-20")


def test_votes_never_exceed_the_members_present(ledger: Ledger, ward: dict) -> None:
    with pytest.raises(ValidationError, match="Phan Ngọc Hòa” \\(9\\) phải từ 0 đến 8"):
        _meet(ledger, ward, {"p_hoa": 9, "p_toan": 3})
    assert _count(ledger, "council_meetings") == 0
    _meet(ledger, ward, {"p_hoa": 8, "p_toan": 3})


def test_the_threshold_is_taken_on_the_base_the_setting_names(ledger: Ledger, ward: dict) -> None:
    # 6 of 9 present, 4 for: 4/9 = 44 % of the members (not passed), 4/6 = 67 % of those present (passed).
    meeting = _meet(ledger, ward, {"p_hoa": 4, "p_toan": 2}, members_present=6)
    assert catalogue.get_settings(ledger)["vote_base"] == "members_total"
    assert _statuses(ledger)["Phan Ngọc Hòa"] == "Không được thông qua"
    assert papers.qd_rows(ledger, ward["period"]) == []
    assert "trên 50% tổng số thành viên Hội đồng" in _text(minutes.build_bb(ledger, meeting))
    catalogue.save_settings(ledger, {"vote_base": "members_present"})
    assert _statuses(ledger) == {"Phan Ngọc Hòa": "Đã xét", "Lê Tiến Toàn": "Không được thông qua"}
    assert [r["nominee_name"] for r in papers.qd_rows(ledger, ward["period"])] == ["Phan Ngọc Hòa"]
    text = _text(minutes.build_bb(ledger, meeting))
    assert "trên 50% số thành viên dự họp" in text and re.search(r"Phan Ngọc Hòa .*? 4/6 66,7 Thông qua", text)


def test_a_rejected_nominee_is_marked_everywhere_and_in_no_decision(ledger: Ledger, ward: dict,
                                                                     tmp_path: Path) -> None:
    period = ward["period"]
    early = papers.build_ttr(ledger, period, "ward", doc_date="2026-06-10")
    assert "Lê Tiến Toàn" in _text(early)  # before the meeting: both are proposed
    _meet(ledger, ward, {"p_hoa": 7, "p_toan": 3})
    assert _statuses(ledger) == {"Phan Ngọc Hòa": "Đã xét", "Lê Tiến Toàn": "Không được thông qua"}
    qd = _text(papers.build_qd(ledger, period, doc_date="2026-06-20"))
    assert "Phan Ngọc Hòa" in qd and "Lê Tiến Toàn" not in qd
    late = _text(papers.build_ttr(ledger, period, "ward", doc_date="2026-06-16"))
    assert "Phan Ngọc Hòa" in late and "Lê Tiến Toàn" not in late
    award_dossier.export_xlsx(ledger, period, tmp_path / "ds.xlsx")
    sheet = load_workbook(io.BytesIO((tmp_path / "ds.xlsx").read_bytes())).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Không được thông qua" in cells and "Đã xét" in cells
    catalogue.save_settings(ledger, {"drafting_head_name": "Đỗ Thị Mai"})
    issued = award_dossier.issue_qd(ledger, period, doc_date="2026-06-20")
    assert award_dossier.register.get(ledger, issued.document_id)["symbol"] == "01/QĐ-UBND"
    assert _statuses(ledger) == {"Phan Ngọc Hòa": "Đã có quyết định", "Lê Tiến Toàn": "Không được thông qua"}


def test_a_decision_dated_before_the_meeting_is_refused(ledger: Ledger, ward: dict) -> None:
    _meet(ledger, ward, {"p_hoa": 7, "p_toan": 7})
    with pytest.raises(UserError, match="Quyết định khen thưởng ngày 10/06/2026 .* cuộc họp .* ngày 15/06/2026"):
        award_dossier.issue_qd(ledger, ward["period"], doc_date="2026-06-10")
    assert _count(ledger, "documents") == 0
    assert award_dossier.issue_qd(ledger, ward["period"], doc_date="2026-06-15").symbol == "01/QĐ-UBND"


def test_a_biên_bản_dated_before_its_tờ_trình_is_refused(ledger: Ledger, ward: dict) -> None:
    catalogue.save_settings(ledger, {"drafting_head_name": "Đỗ Thị Mai"})
    award_dossier.issue_ttr(ledger, ward["period"], "ward", doc_date="2026-06-10")
    meeting = _meet(ledger, ward, {"p_hoa": 7, "p_toan": 7})
    with pytest.raises(UserError, match="Biên bản ngày 09/06/2026 .* Tờ trình số 01/TTr-VHXH ngày 10/06/2026"):
        award_dossier.issue_bb(ledger, meeting, doc_date="2026-06-09")
    assert _count(ledger, "documents") == 1
    assert award_dossier.issue_bb(ledger, meeting).symbol == "01/BB-HĐTĐKT"


def test_nothing_is_issued_without_its_signer(ledger: Ledger, ward: dict) -> None:
    period = ward["period"]
    with pytest.raises(UserError, match="chưa có tên người ký: vào Cài đặt, bấm “Danh mục khen thưởng…”"):
        award_dossier.issue_ttr(ledger, period, "ward", doc_date="2026-06-10")
    meeting = _meet(ledger, ward, {"p_hoa": 7, "p_toan": 7})
    with ledger.transaction():  # a meeting recorded before the rule, without its secretary
        ledger.conn.execute("UPDATE council_meetings SET secretary = '' WHERE id = ?", [meeting])
    with pytest.raises(UserError, match="chưa có tên thư ký"):
        award_dossier.issue_bb(ledger, meeting)
    setup.update_unit(ledger, {"signer_name": ""})
    with pytest.raises(UserError, match="Sửa thông tin đơn vị…"):
        award_dossier.issue_qd(ledger, period, doc_date="2026-06-20")
    assert _count(ledger, "documents") == 0
