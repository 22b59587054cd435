"""The full Báo cáo thành tích (sections I–III, live figures, the ward's confirmation) and the figures that follow
the contributions: the note when they changed after the achievement was written, the untouched draft redrafted."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.awards import dossier as award_dossier
from desktop.core.awards import figures_check, merit_report, proposals, summary
from desktop.core.errors import UserError
from desktop.core.ledger import contributions
from tests.core.test_award_docs import flat
from tests.core.test_awards import kind_id, make_ward, propose

HAND = "Ông Nguyễn Văn An đã vận động và ủng hộ 682.000.000 đồng tiền mặt xây dựng hạ tầng tổ dân phố."


@pytest.fixture
def ward(ledger: Ledger) -> dict[str, Any]:
    ids = make_ward(ledger)
    ids["bk_cn"] = kind_id(ledger, "Bằng khen của Chủ tịch", "ca_nhan")
    ids["bk_tt"] = kind_id(ledger, "Bằng khen của Chủ tịch", "tap_the")
    ids["big"] = contributions.add(ledger, {"contributor_id": ids["an"], "date": "2026-04-06", "kind": "money",
                                            "quantity": 632_000_000})
    return ids


def _text(ledger: Ledger, pid: int) -> str:
    return flat(award_dossier.render(merit_report.build_merit_report(ledger, pid, doc_date="2026-06-20")))


def test_the_full_report_has_its_sections_live_figures_and_the_wards_confirmation(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["hoa"], ward["bk_ho"])
    text = _text(ledger, pid)
    assert "BÁO CÁO THÀNH TÍCH" in text and "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in text
    for section in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"):
        assert section in text
    assert "Họ và tên chủ hộ: Phan Ngọc Hòa" in text and "Tổ dân phố 5" in text
    # The figures are the linked contributions' sums: 361.500.000 (land) + 2.000.000 (money).
    linked = proposals.get(ledger, pid)["contribution_ids"]
    value = sum(ledger.conn.execute("SELECT value_vnd FROM contributions WHERE id = ?", [i]).fetchone()[0]
                for i in linked)
    assert value == 363_500_000 and "Tổng cộng 363.500.000" in text and "120,5 m²" in text
    assert "Mở rộng Hẻm 162 Lê Trung Đình" in text
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn Bình" in text
    assert "CHỦ HỘ Phan Ngọc Hòa" in text
    assert "Quảng Ngãi, ngày 20 tháng 6 năm 2026" in text and "tỉnh Quảng Ngãi" in text
    assert "DỰ THẢO" not in text  # figures as written: nothing to note


def test_a_collective_and_an_individual_get_their_own_section_one(ledger: Ledger, ward: dict) -> None:
    tdp = proposals.add(ledger, {"subject": "to_dan_pho", "group_id": ward["g5"], "award_kind_id": ward["bk_tt"],
                                 "period_code": "2026-H1", "achievement": "Vận động 25 hộ hiến 320 m² đất."})
    text = _text(ledger, tdp)
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text and "Tổ trưởng: Trần Thị Khánh; số hộ: 283" in text
    assert "TỔ TRƯỞNG Trần Thị Khánh" in text
    assert "hiến 150,5 m² đất" in text  # Hòa 120,5 + Toàn 30 in Tổ dân phố 5 in the period
    person = _text(ledger, propose(ledger, ward["an"], ward["bk_cn"]))
    assert "Họ và tên: Nguyễn Văn An" in person and "NGƯỜI BÁO CÁO Nguyễn Văn An" in person
    assert "682.000.000" in person


def test_only_the_forms_proposed_upward_get_the_full_report(ledger: Ledger, ward: dict) -> None:
    upward = propose(ledger, ward["hoa"], ward["bk_ho"])
    own = propose(ledger, ward["toan"], ward["gk_ho"])
    assert merit_report.requires_merit_report(proposals.get(ledger, upward))
    assert not merit_report.requires_merit_report(proposals.get(ledger, own))
    merged = merit_report.render_merit_reports(ledger, [upward, own], doc_date="2026-06-20")
    text = flat(merged)
    assert "Phan Ngọc Hòa" in text and "Lê Tiến Toàn" not in text
    with pytest.raises(UserError, match="cần báo cáo thành tích đầy đủ"):
        merit_report.render_merit_reports(ledger, [own])
    assert len(pdfium.PdfDocument(merged)) >= 1


def test_an_edited_contribution_changes_the_printed_figure_and_shows_the_note(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["an"], ward["bk_cn"], achievement=HAND)
    contributions.edit(ledger, ward["big"], {"quantity": 633_000_000})
    row = proposals.get(ledger, pid)
    assert row["value_vnd"] == 683_000_000 and row["figures_changed"]
    for text in (_text(ledger, pid),
                 flat(award_dossier.render(summary.build_summary(ledger, pid, doc_date="2026-06-20")))):
        assert "Tổng cộng 683.000.000" in text and "633.000.000" in text
        assert HAND in text  # the clerk's words are not rewritten
        assert "Ghi chú: số liệu đóng góp đã thay đổi, giá trị từ 682.000.000 đồng" in text
        assert "thành 683.000.000 đồng; nội dung thành tích đã được soạn theo số cũ" in text
        assert "DỰ THẢO" in text
    for build in (merit_report.build_merit_report, summary.build_summary):
        with pytest.raises(UserError, match="Soạn lại theo số liệu mới"):
            build(ledger, pid, for_signature=True)
    # The clerk redrafts: the text follows the new figures and the note is gone.
    figures_check.refresh(ledger, pid)
    text = _text(ledger, pid)
    assert "Ghi chú" not in text and "ủng hộ 683.000.000 đồng" in text.lower()
    assert not proposals.get(ledger, pid)["figures_changed"]
    merit_report.build_merit_report(ledger, pid, for_signature=True)  # no longer refused


def test_an_untouched_draft_follows_the_figures(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["an"], ward["bk_cn"])
    assert "682.000.000" in proposals.get(ledger, pid)["achievement"]
    contributions.edit(ledger, ward["big"], {"quantity": 633_000_000})
    text = flat(award_dossier.render(summary.build_summary(ledger, pid)))
    assert "Ủng hộ 683.000.000 đồng tiền mặt" in text and "682.000.000" not in text and "Ghi chú" not in text


def test_a_hand_edit_of_the_text_takes_a_new_snapshot(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["an"], ward["bk_cn"], achievement=HAND)
    contributions.edit(ledger, ward["big"], {"quantity": 633_000_000})
    assert proposals.get(ledger, pid)["figures_changed"]
    proposals.edit(ledger, pid, {"achievement": HAND.replace("682", "683")})
    row = proposals.get(ledger, pid)
    assert not row["figures_changed"] and row["figures_snapshot"]["value_vnd"] == 683_000_000
    assert row["figures_snapshot"]["drafted"] is None  # the clerk's words: never replaced by a draft


def test_a_deleted_linked_contribution_does_not_leave_its_old_sum(ledger: Ledger, ward: dict) -> None:
    pid = propose(ledger, ward["toan"], ward["gk_ho"])
    assert proposals.get(ledger, pid)["value_vnd"] == 90_000_000
    contributions.delete(ledger, ward["toan_land"])
    row = proposals.get(ledger, pid)
    assert row["value_vnd"] == 0 and row["land_m2"] == 0 and row["figures_changed"]


def test_after_the_vote_the_text_stays_and_refresh_is_refused(ledger: Ledger, ward: dict) -> None:
    from desktop.core.awards import council
    from tests.core.test_awards import MEETING

    pid = propose(ledger, ward["an"], ward["bk_cn"])
    council.record_meeting(ledger, "2026-H1", MEETING, {pid: 8})
    contributions.edit(ledger, ward["big"], {"quantity": 633_000_000})
    text = flat(award_dossier.render(summary.build_summary(ledger, pid)))
    assert "Ủng hộ 682.000.000 đồng" in text and "Ghi chú: số liệu đóng góp đã thay đổi" in text
    with pytest.raises(UserError, match="không còn là dự thảo"):
        figures_check.refresh(ledger, pid)
