"""The award dossier: Tờ trình with its grouped Danh sách, Biên bản with the votes, Quyết định with its list and prizes,
Báo cáo tóm tắt thành tích, the Giấy khen certificate (landscape, offsets), the xlsx list, numbering in the register."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from db.connection import Ledger
from desktop.core.awards import catalogue, council, minutes, papers, proposals, summary, wording
from desktop.core.awards import dossier as award_dossier
from desktop.core.errors import UserError
from desktop.core.pdf import certificate
from desktop.core.report import register
from tests.core.test_awards import MEETING, make_ward, propose


def pdf_text(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def flat(data: bytes) -> str:
    """All pages as one line of text (line breaks of the layout become spaces)."""
    return re.sub(r"\s+", " ", " ".join(pdf_text(data)))


@pytest.fixture
def dossier(ledger: Ledger) -> dict[str, Any]:
    """Proposals of 2026-H1: two households and an individual (ward), a tổ dân phố, one household upward."""
    ids = make_ward(ledger)
    ids["p_hoa"] = propose(ledger, ids["hoa"], ids["gk_ho"])
    ids["p_toan"] = propose(ledger, ids["toan"], ids["gk_ho"])
    ids["p_an"] = propose(ledger, ids["an"], ids["gk_cn"])
    ids["p_tdp"] = proposals.add(ledger, {"subject": "to_dan_pho", "group_id": ids["g5"], "award_kind_id": ids["gk_tt"],
                                       "period_code": "2026-H1", "achievement": "Vận động 25 hộ hiến 320 m² đất."})
    ids["p_small"] = propose(ledger, ids["small"], ids["bk_ho"])
    ids["period"] = proposals.parse_period(ledger, "2026-H1")
    return ids


def _meet(ledger: Ledger, d: dict, low: int | None = None) -> int:
    votes = {d[k]: 8 for k in ("p_hoa", "p_toan", "p_an", "p_tdp", "p_small")}
    if low:
        votes[low] = 3
    council.record_meeting(ledger, "2026-H1", MEETING, votes)
    return council.meetings(ledger, "2026-H1")[0]["id"]


def test_the_ward_tờ_trình_groups_the_list_and_totals_it(ledger: Ledger, dossier: dict) -> None:
    doc = papers.build_ttr(ledger, dossier["period"], "ward", doc_date="2026-06-10")
    pages = pdf_text(award_dossier.render(doc))
    body, appendix = re.sub(r"\s+", " ", pages[0]), re.sub(r"\s+", " ", " ".join(pages[1:]))
    assert "DỰ THẢO" in body and "TỜ TRÌNH" in body and "Số: /TTr-VHXH" in body
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân phường Nguyễn Nghiêm." in body
    assert "Nguyễn Nghiêm, ngày 10 tháng 6 năm 2026" in body
    assert ("Tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường: 1 tổ dân phố, 1 cá nhân, 2 hộ gia đình." in body)
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in body
    # The Danh sách: I. Tập thể, II. Cá nhân, III. Hộ gia đình, numbered again in each group, with totals;
    # inside a group by tổ dân phố, then by given name (Hòa before Toàn), as Vietnamese lists are.
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in appendix
    order = [appendix.index(s) for s in ("I TẬP THỂ (01)", "Tổ dân phố 5", "II CÁ NHÂN (01)", "Nguyễn Văn An",
                                         "III HỘ GIA ĐÌNH (02)", "Phan Ngọc Hòa", "Lê Tiến Toàn")]
    assert order == sorted(order)
    assert "Tổng cộng 1 tổ dân phố, 1 cá nhân, 2 hộ gia đình" in appendix
    assert "150,5" in appendix and "503.500.000" in appendix  # 120,5 + 30 m²; 363,5 + 90 + 50 million
    assert "Mở rộng Hẻm 162 Lê Trung Đình" in appendix  # the works column
    assert "Võ Văn Nhỏ" not in appendix  # proposed upward: not in the ward's Tờ trình


def test_the_biên_bản_records_each_vote_and_both_signatures(ledger: Ledger, dossier: dict) -> None:
    meeting = _meet(ledger, dossier, low=dossier["p_toan"])
    text = flat(award_dossier.render(minutes.build_bb(ledger, meeting)))
    assert "BIÊN BẢN" in text and "Số: /BB-HĐTĐKT" in text and "HỘI ĐỒNG THI ĐUA -" in text
    assert "Thành phần tham dự: 8/9 thành viên Hội đồng Thi đua - Khen thưởng phường" in text
    assert "Chủ trì (chủ tọa): Nguyễn Văn Bình." in text and "Thư ký (người ghi biên bản): Trần Thị Thu Hà." in text
    assert re.search(r"Lê Tiến Toàn Hộ gia đình .*? 3/9 33,3 Không thông qua", text)
    assert re.search(r"Phan Ngọc Hòa Hộ gia đình .*? 8/9 88,9 Thông qua", text)
    assert "khen thưởng 3 trường hợp (1 tổ dân phố, 1 cá nhân, 1 hộ gia đình)" in text
    assert "THƯ KÝ" in text and "CHỦ TỌA" in text and "Cuộc họp kết thúc vào 16 giờ 00" in text


def test_issuing_numbers_each_document_in_the_register_and_moves_the_proposals(ledger: Ledger, dossier: dict) -> None:
    period = dossier["period"]
    catalogue.save_settings(ledger, {"drafting_head_name": "Đỗ Thị Mai"})  # a Tờ trình is issued signed only
    ttr = award_dossier.issue_ttr(ledger, period, "ward", doc_date="2026-06-10")
    meeting = _meet(ledger, dossier, low=dossier["p_toan"])
    bb = award_dossier.issue_bb(ledger, meeting)
    qd = award_dossier.issue_qd(ledger, period, doc_date="2026-06-18")
    up = award_dossier.issue_ttr(ledger, period, "upper", doc_date="2026-06-19")
    assert (ttr.symbol, bb.symbol, qd.symbol, up.symbol) == ("01/TTr-VHXH", "01/BB-HĐTĐKT", "01/QĐ-UBND",
                                                             "02/TTr-UBND")
    status = {r["nominee_name"]: (r["status"], r["decision_no"], r["submission_no"])
              for r in proposals.list_proposals(ledger, period.code)}
    assert status["Phan Ngọc Hòa"] == ("quyet_dinh", "01/QĐ-UBND", None)
    assert status["Lê Tiến Toàn"] == ("da_xet", None, None)  # 3/9: not in the decision
    assert status["Võ Văn Nhỏ"] == ("trinh_cap_tren", None, "02/TTr-UBND")
    assert council.get_meeting(ledger, meeting)["document_id"] == bb.document_id
    assert [d["role"] for d in papers.issued(ledger, period.code)] == ["ttr_ward", "bb", "qd", "ttr_upper"]

    text = flat(register.pdf_bytes(ledger, qd.document_id))
    assert "DỰ THẢO" not in text and "Số: 01/QĐ-UBND" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM" in text and "QUYẾT ĐỊNH:" in text
    assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng phường số 01/BB-HĐTĐKT ngày 15/06/2026" in text
    assert "tại Tờ trình số 01/TTr-VHXH ngày 10/06/2026" in text
    assert "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường cho 1 tổ dân phố, 1 cá nhân, 1 hộ gia đình" \
        in text
    # 1.404.000 + 702.000 + 1.053.000 = 3.159.000 đồng, in words too.
    assert "Tổng số tiền thưởng: 3.159.000 đồng (Bằng chữ: Ba triệu một trăm năm mươi chín nghìn đồng)" in text
    # "Kèm theo … ngày 18 tháng 6 năm 2026" (issue 16: the date in words, as in the date line).
    assert ("(Kèm theo Quyết định số 01/QĐ-UBND ngày 18 tháng 6 năm 2026 của Chủ tịch Ủy ban nhân dân phường "
            "Nguyễn Nghiêm)") in text
    assert "Lê Tiến Toàn" not in text and "TM. ỦY BAN NHÂN DÂN" not in text  # the Chủ tịch signs in person
    # A second decision in the same year takes the next number; nothing is waiting now, so it is refused.
    with pytest.raises(UserError, match="chưa có đề nghị nào"):
        award_dossier.issue_qd(ledger, period, doc_date="2026-06-20")
    assert register.next_number(ledger, "QĐ", 2026) == 2


def test_a_refused_document_takes_no_number(ledger: Ledger, dossier: dict) -> None:
    with pytest.raises(UserError, match="chưa có đề nghị nào"):
        award_dossier.issue_qd(ledger, dossier["period"], doc_date="2026-06-18")
    with pytest.raises(UserError, match="thông qua để trình cấp trên|không còn đề nghị"):
        award_dossier.issue_ttr(ledger, dossier["period"], "upper", doc_date="2026-06-18")
    assert ledger.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_a_meeting_has_one_biên_bản(ledger: Ledger, dossier: dict) -> None:
    meeting = _meet(ledger, dossier)
    award_dossier.issue_bb(ledger, meeting)
    with pytest.raises(UserError, match="đã có Biên bản số 01/BB-HĐTĐKT"):
        award_dossier.issue_bb(ledger, meeting)


def test_the_summary_of_achievements_lists_contributions_and_earlier_awards(ledger: Ledger, dossier: dict) -> None:
    _meet(ledger, dossier)
    council.transition(ledger, [dossier["p_hoa"]], "decide", number="07/QĐ-UBND", date="2026-06-18")
    later = propose(ledger, dossier["hoa"], dossier["bk_ho"], period="2026-H2")
    text = flat(award_dossier.render(summary.build_summary(ledger, later, doc_date="2026-12-01")))
    assert "BÁO CÁO TÓM TẮT THÀNH TÍCH" in text and "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in text
    assert "TỔ DÂN PHỐ 5" in text and "Họ và tên chủ hộ: Phan Ngọc Hòa." in text
    assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
    assert "Quyết định số 07/QĐ-UBND ngày 18/06/2026" in text
    first = flat(award_dossier.render(summary.build_summary(ledger, dossier["p_hoa"])))
    assert "Các khoản đóng góp" in first and "363.500.000" in first and "Chưa được khen thưởng" in first
    merged = award_dossier.render_summaries(ledger, [dossier["p_hoa"], dossier["p_toan"]])
    assert len(pdfium.PdfDocument(merged)) == 2


def test_certificates_are_a4_landscape_and_follow_the_offsets(ledger: Ledger, dossier: dict) -> None:
    _meet(ledger, dossier)
    award_dossier.issue_qd(ledger, dossier["period"], doc_date="2026-06-18")
    proposals.edit(ledger, dossier["p_hoa"], {"book_no": "27"})
    data = award_dossier.certificates(ledger, [dossier["p_hoa"]])
    pdf = pdfium.PdfDocument(data)
    assert (round(pdf[0].get_width()), round(pdf[0].get_height())) == (842, 595)
    text = re.sub(r"\s+", " ", pdf_text(data)[0])
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM", "TẶNG",
                 "GIẤY KHEN", "Hộ gia đình Phan Ngọc Hòa", "Số 2 hẻm 162 Lê Trung Đình, Tổ dân phố 5",
                 "Quyết định số 01/QĐ-UBND ngày 18/06/2026", "Số sổ vàng: 27", "Nguyễn Văn Bình"):
        assert part in text
    assert b"LiberationSerif" in data

    def name_x(pdf_bytes: bytes) -> float:
        page = pdfium.PdfDocument(pdf_bytes)[0].get_textpage()
        search = page.search("Phan Ngọc Hòa")
        index, _count = search.get_next()
        return page.get_charbox(index)[0]

    catalogue.save_settings(ledger, {"certificate": certificate.Layout(True, 2.0, 0.0, {"nominee": (10.0, 0.0)})
                                  .to_settings()})
    blank = award_dossier.certificates(ledger, [dossier["p_hoa"]])
    blank_text = pdf_text(blank)[0]
    assert "GIẤY KHEN" not in blank_text and "CỘNG HÒA" not in blank_text and "Phan Ngọc Hòa" in blank_text
    assert name_x(blank) - name_x(data) == pytest.approx(12 * 72 / 25.4, abs=0.5)  # 2 + 10 mm to the right


def test_only_decided_certificates_print(ledger: Ledger, dossier: dict) -> None:
    with pytest.raises(UserError, match="chưa có quyết định"):
        award_dossier.certificates(ledger, [dossier["p_hoa"]])


def test_the_xlsx_list_has_groups_states_and_totals(ledger: Ledger, dossier: dict, tmp_path: Path) -> None:
    _meet(ledger, dossier)
    award_dossier.issue_qd(ledger, dossier["period"], doc_date="2026-06-18")
    path = award_dossier.export_xlsx(ledger, dossier["period"], tmp_path / "ds.xlsx")
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Đề nghị khen thưởng 2026-H1"
    assert list(rows[1]) == award_dossier.XLSX_HEADERS
    body = rows[2:-1]
    assert [(r[0], r[1], r[2]) for r in body] == [
        ("I. Tập thể", 1, "Tổ dân phố 5"), ("II. Cá nhân", 1, "Nguyễn Văn An"),
        ("III. Hộ gia đình", 1, "Phan Ngọc Hòa"), ("III. Hộ gia đình", 2, "Lê Tiến Toàn"),
        ("III. Hộ gia đình", 3, "Võ Văn Nhỏ")]
    hoa = body[2]
    assert (hoa[7], hoa[8], hoa[12], hoa[13], hoa[14], hoa[16]) == (120.5, 363_500_000, "Đã có quyết định", "8/9",
                                                                    "01/QĐ-UBND", 1_053_000)
    assert hoa[15].date().isoformat() == "2026-06-18"
    total = rows[-1]
    assert (total[0], total[1], total[7], total[8]) == ("Tổng cộng", 5, 154.7, 516_100_000)


def test_money_in_words() -> None:
    assert wording.vnd_words(1_053_000) == "Một triệu không trăm năm mươi ba nghìn đồng"
    assert wording.vnd_words(28_431_000) == "Hai mươi tám triệu bốn trăm ba mươi mốt nghìn đồng"
    assert wording.vnd_words(2_005_000_000) == "Hai tỷ không trăm linh năm triệu đồng"
    assert wording.vnd_words(115_000) == "Một trăm mười lăm nghìn đồng"
    assert wording.vnd_words(0) == "Không đồng"


def test_the_dossier_folder_has_drafts_and_says_what_is_missing(ledger: Ledger, dossier: dict, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    written = award_dossier.write_dossier(ledger, dossier["period"], out, doc_date="2026-06-10")
    files = sorted(p.name for p, _w in written if p is not None)
    assert files == ["Bao-cao-thanh-tich-2026-H1.pdf", "Bao-cao-tom-tat-thanh-tich-2026-H1.pdf",
                     "Danh-sach-de-nghi-khen-thuong-2026-H1.xlsx", "To-trinh-cap-phuong-2026-H1-du-thao.pdf"]
    missing = [w for p, w in written if p is None]
    assert len(missing) == 3 and any("chưa ghi cuộc họp" in w for w in missing)
    assert ledger.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert sorted(p.name for p in out.iterdir()) == files  # no temporary file left behind
