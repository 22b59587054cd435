"""Separate decisions per group (Giấy khen; each cultural title under ND 86/2023; danh hiệu thi đua), the
certificates that print the signing frozen in their decision, and the Số sổ vàng given at issue."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.awards import catalogue, certificates, council, decisions, papers, proposals
from desktop.core.awards import dossier as award_dossier
from desktop.core.errors import UserError
from desktop.core.ledger import contributors, setup
from desktop.core.report import register
from tests.core.test_awards import MEETING, kind_id, make_ward, propose

GDVH = decisions.VAN_HOA + "Gia đình văn hóa"
TDPVH = decisions.VAN_HOA + "Tổ dân phố văn hóa"


def flat(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


@pytest.fixture
def mixed(ledger: Ledger) -> dict[str, Any]:
    """2026-H1: two households for the Giấy khen, two for "Gia đình văn hóa" (one the council rejects), a tổ dân
    phố for "Tổ dân phố văn hóa"; the ward's Tờ trình, the meeting and its Biên bản issued."""
    ids = make_ward(ledger)
    ids["lua"] = contributors.add(ledger, {"name": "Đặng Thị Lụa", "kind": "ho", "group_id": ids["g6"],
                                           "address": "Số 4 đường Trương Định"})
    gdvh, tdpvh = kind_id(ledger, "Gia đình văn hóa", "ho"), kind_id(ledger, "Tổ dân phố văn hóa", "to_dan_pho")
    ids["p_hoa"] = propose(ledger, ids["hoa"], ids["gk_ho"])
    ids["p_toan"] = propose(ledger, ids["toan"], ids["gk_ho"])
    ids["p_nho"] = propose(ledger, ids["small"], gdvh)
    ids["p_lua"] = propose(ledger, ids["lua"], gdvh)
    ids["p_tdp"] = proposals.add(ledger, {"subject": "to_dan_pho", "group_id": ids["g6"], "award_kind_id": tdpvh,
                                          "period_code": "2026-H1", "achievement": "Đạt các tiêu chuẩn."})
    ids["period"] = proposals.parse_period(ledger, "2026-H1")
    catalogue.save_settings(ledger, {"drafting_head_name": "Đỗ Thị Mai"})
    award_dossier.issue_ttr(ledger, ids["period"], "ward", doc_date="2026-06-10")
    votes = {ids[k]: 8 for k in ("p_hoa", "p_toan", "p_nho", "p_tdp")}
    votes[ids["p_lua"]] = 3  # not passed
    council.record_meeting(ledger, "2026-H1", MEETING, votes)
    award_dossier.issue_bb(ledger, council.meetings(ledger, "2026-H1")[0]["id"])
    return ids


def test_each_group_is_its_own_decision_holding_only_its_nominees(ledger: Ledger, mixed: dict) -> None:
    period = mixed["period"]
    assert [g for g, _rows in papers.qd_groups(ledger, period)] == [decisions.KHEN_THUONG, GDVH, TDPVH]
    # Without a group, several waiting groups are refused, never mixed in one decision; no number is taken.
    with pytest.raises(UserError, match="nhiều loại quyết định.*QĐ công nhận Gia đình văn hóa \\(1\\)"):
        award_dossier.issue_qd(ledger, period, doc_date="2026-06-18")
    assert register.next_number(ledger, "QĐ", 2026) == 1

    gk = award_dossier.issue_qd(ledger, period, doc_date="2026-06-18", group=decisions.KHEN_THUONG)
    vh = award_dossier.issue_qd(ledger, period, doc_date="2026-06-18", group=GDVH)
    assert (gk.symbol, vh.symbol) == ("01/QĐ-UBND", "02/QĐ-UBND")
    gk_text = flat(register.pdf_bytes(ledger, gk.document_id))
    vh_text = flat(register.pdf_bytes(ledger, vh.document_id))
    assert "Phan Ngọc Hòa" in gk_text and "Lê Tiến Toàn" in gk_text and "Võ Văn Nhỏ" not in gk_text
    assert "Võ Văn Nhỏ" in vh_text and "Phan Ngọc Hòa" not in vh_text
    assert "Đặng Thị Lụa" not in gk_text + vh_text  # rejected by the council: in no decision
    assert "Về việc tặng Giấy khen cho các hộ gia đình" in gk_text and "Nghị định số 86/2023/NĐ-CP" not in gk_text
    assert "Về việc công nhận danh hiệu “Gia đình văn hóa” năm 2026" in vh_text
    assert "Căn cứ Nghị định số 86/2023/NĐ-CP ngày 07 tháng 12 năm 2023" in vh_text
    assert "Điều 1. Công nhận 1 hộ gia đình đạt danh hiệu “Gia đình văn hóa” năm 2026" in vh_text
    assert "Tiền thưởng" not in vh_text and "Giấy khen" not in vh_text  # no multiplier in the catalogue: no prize
    assert "DANH SÁCH HỘ GIA ĐÌNH ĐẠT DANH HIỆU “GIA ĐÌNH VĂN HÓA” NĂM 2026" in vh_text
    for text in (gk_text, vh_text):  # each cites the Tờ trình and the Biên bản before it, by number and date
        assert "Biên bản họp Hội đồng Thi đua - Khen thưởng phường số 01/BB-HĐTĐKT ngày 15/06/2026" in text
        assert "tại Tờ trình số 01/TTr-VHXH ngày 10/06/2026" in text
    docs = {d["symbol"]: d for d in papers.issued(ledger, period.code) if d["role"] == "qd"}
    assert docs["02/QĐ-UBND"]["award_group"] == GDVH
    assert docs["02/QĐ-UBND"]["title"] == "Quyết định công nhận danh hiệu “Gia đình văn hóa” năm 2026"
    # The tổ dân phố's title has a multiplier (1,5): its decision carries the prize; then nothing waits.
    tdp = flat(register.pdf_bytes(ledger, award_dossier.issue_qd(ledger, period, doc_date="2026-06-19").document_id))
    assert "công nhận danh hiệu “Tổ dân phố văn hóa” năm 2026" in tdp and "Tổ dân phố 6" in tdp
    assert "Tiền thưởng kèm theo" in tdp and "3.510.000 đồng" in tdp
    assert proposals.get(ledger, mixed["p_lua"])["status"] == "da_xet"


def test_a_decision_is_not_dated_before_the_biên_bản_it_cites(ledger: Ledger, mixed: dict) -> None:
    with ledger.transaction():  # a Biên bản dated after its meeting
        ledger.conn.execute("UPDATE documents SET doc_date = '2026-06-17' WHERE kind = 'BB'")
    with pytest.raises(UserError, match="trước Biên bản số 01/BB-HĐTĐKT ngày 17/06/2026"):
        award_dossier.issue_qd(ledger, mixed["period"], doc_date="2026-06-16", group=GDVH)
    assert register.next_number(ledger, "QĐ", 2026) == 1


def test_a_certificate_keeps_the_signer_of_its_decision(ledger: Ledger, mixed: dict) -> None:
    period = mixed["period"]
    award_dossier.issue_qd(ledger, period, doc_date="2026-06-18", group=decisions.KHEN_THUONG)
    # The unit's signer changes afterwards: a Phó Chủ tịch signs KT. from now on.
    setup.update_unit(ledger, {"signer_name": "Lê Thị Mai", "sign_mode": "KT", "signer_title": "Phó Chủ tịch"})
    award_dossier.issue_qd(ledger, period, doc_date="2026-06-20", group=GDVH)
    old = flat(certificates.certificates(ledger, [mixed["p_hoa"]]))
    assert "GIẤY KHEN" in old and "Nguyễn Văn Bình" in old and "CHỦ TỊCH" in old
    assert "Lê Thị Mai" not in old and "KT." not in old and "ngày 18 tháng 6 năm 2026" in old
    new = flat(certificates.certificates(ledger, [mixed["p_nho"]]))
    assert "GIẤY CÔNG NHẬN" in new and "Đạt danh hiệu “Gia đình văn hóa” năm 2026." in new
    assert "KT. CHỦ TỊCH" in new and "PHÓ CHỦ TỊCH" in new and "Lê Thị Mai" in new and "GIẤY KHEN" not in new
    # The decision's stored content is what the certificate reads, whatever today's settings say.
    setup.update_unit(ledger, {"signer_name": "Trần Văn Cường", "sign_mode": "TM"})
    assert "Lê Thị Mai" in flat(certificates.certificates(ledger, [mixed["p_nho"]]))
    # A decision recorded by hand (made outside the program) has no stored signer: today's settings.
    council.transition(ledger, [mixed["p_tdp"]], "decide", number="31/QĐ-UBND", date="2026-06-21")
    assert "Trần Văn Cường" in flat(certificates.certificates(ledger, [mixed["p_tdp"]]))


def test_book_numbers_are_given_in_list_order_at_issue_and_never_dotted(ledger: Ledger, mixed: dict) -> None:
    period = mixed["period"]
    proposals.edit(ledger, mixed["p_toan"], {"book_no": "Q2-07"})  # the clerk's own number is kept
    award_dossier.issue_qd(ledger, period, doc_date="2026-06-18", group=decisions.KHEN_THUONG)
    assert proposals.get(ledger, mixed["p_hoa"])["book_no"] == "001/2026"
    assert proposals.get(ledger, mixed["p_toan"])["book_no"] == "Q2-07"
    award_dossier.issue_qd(ledger, period, doc_date="2026-06-18", group=TDPVH)
    award_dossier.issue_qd(ledger, period, doc_date="2026-06-18", group=GDVH)
    # The next decisions continue the year's book, the tổ dân phố's first (it was issued first).
    assert proposals.get(ledger, mixed["p_tdp"])["book_no"] == "002/2026"
    assert proposals.get(ledger, mixed["p_nho"])["book_no"] == "003/2026"
    assert proposals.get(ledger, mixed["p_lua"])["book_no"] is None  # not decided
    assert certificates.next_book_number(ledger, 2026) == 4 and certificates.next_book_number(ledger, 2027) == 1
    text = flat(certificates.certificates(ledger, [mixed["p_hoa"], mixed["p_nho"]]))
    assert "Số sổ vàng: 001/2026" in text and "Số sổ vàng: 003/2026" in text
    proposals.edit(ledger, mixed["p_hoa"], {"book_no": ""})
    blank = flat(certificates.certificates(ledger, [mixed["p_hoa"]]))
    assert "Số sổ vàng" not in blank and "……" not in blank  # no number: the line is left out


def test_no_decision_is_issued_without_its_signer(ledger: Ledger, mixed: dict) -> None:
    setup.update_unit(ledger, {"signer_name": " "})
    with pytest.raises(UserError, match="Chưa có tên người ký"):
        award_dossier.issue_qd(ledger, mixed["period"], doc_date="2026-06-18", group=GDVH)
    assert register.next_number(ledger, "QĐ", 2026) == 1
    assert proposals.get(ledger, mixed["p_nho"])["book_no"] is None


def test_the_dossier_writes_one_decision_per_group(ledger: Ledger, mixed: dict, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    written = award_dossier.write_dossier(ledger, mixed["period"], drafts, doc_date="2026-06-18")
    names = {p.name for p, _what in written if p is not None}
    assert {"Quyet-dinh-khen-thuong-2026-H1-du-thao.pdf", "Quyet-dinh-cong-nhan-gia-dinh-van-hoa-2026-H1-du-thao.pdf",
            "Quyet-dinh-cong-nhan-to-dan-pho-van-hoa-2026-H1-du-thao.pdf"} <= names
    assert register.next_number(ledger, "QĐ", 2026) == 1  # drafts take no number
    issued = tmp_path / "issued"
    issued.mkdir()
    written = award_dossier.write_dossier(ledger, mixed["period"], issued, issue=True, doc_date="2026-06-18")
    names = {p.name for p, _what in written if p is not None}
    assert {"Quyet-dinh-khen-thuong-2026-H1-so-01.pdf", "Quyet-dinh-cong-nhan-gia-dinh-van-hoa-2026-H1-so-02.pdf",
            "Quyet-dinh-cong-nhan-to-dan-pho-van-hoa-2026-H1-so-03.pdf", "Giay-khen-2026-H1.pdf",
            "Giay-cong-nhan-2026-H1.pdf"} <= names
    assert len(pdfium.PdfDocument((issued / "Giay-cong-nhan-2026-H1.pdf").read_bytes())) == 2  # Nhỏ, tổ dân phố 6
