"""Issue 16, fault 1: the closing (Nơi nhận and the signature, or a Biên bản's two signatures) never stands alone on
a page — the page that holds the signer's name also holds body text above the closing (Nghị định 30/2020, Phụ lục
I: the signature follows the body's last words). Checked on the geometry of the rendered PDF, for bodies of every
length around a page break, and for the documents the program makes."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.pdf import nd30
from desktop.core.pdf.model import AdminDocument, Para, Signature

MM = 72 / 25.4
SHORT = "Ủy ban nhân dân phường tiếp tục vận động Nhân dân tham gia Phong trào."
LONG = (
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 20 tháng 02 năm 2026 của Ủy ban nhân dân phường về triển khai Phong "
    "trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí”, "
    "Ủy ban nhân dân phường đã chỉ đạo các tổ dân phố tuyên truyền sâu rộng đến từng hộ gia đình; vận động Nhân "
    "dân tự nguyện hiến đất, góp tiền, ngày công để mở rộng đường giao thông, xây dựng nhà văn hóa, lắp đặt hệ "
    "thống chiếu sáng công cộng và trồng cây xanh. Kết quả đạt được góp phần quan trọng vào việc hoàn thành các "
    "chỉ tiêu phát triển kinh tế - xã hội, giữ vững quốc phòng - an ninh trên địa bàn./."
)
CLOSING = "Trên đây là báo cáo sơ kết của Ủy ban nhân dân phường Nguyễn Nghiêm./."
SIGNER = "Nguyễn Văn Bình"


def lines(page: pdfium.PdfPage) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of each text run below the top margin (where the page number is), top first."""
    tp = page.get_textpage()
    height = page.get_size()[1]
    out = []
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        if bottom > height - 20 * MM:
            continue
        text = unicodedata.normalize("NFC", tp.get_text_bounded(left, bottom, right, top)).strip()
        if text:
            out.append((top, bottom, text))
    return sorted(out, reverse=True)


def closing_page(data: bytes, signer: str, closing_starts: tuple[str, ...]) -> tuple[int, list[str], list[str]]:
    """(index of the portrait page holding the signer's name, the body lines above the closing on it, the lines of
    the page before). The closing's top is its first line starting with one of `closing_starts`."""
    pdf = pdfium.PdfDocument(data)
    found = None
    for i in range(len(pdf)):
        width, height = pdf[i].get_size()
        if width > height:
            break  # a landscape appendix: the main document is over
        if any(text == signer or text.endswith(signer) for _, _, text in lines(pdf[i])):
            found = i
    assert found is not None, f"the signer {signer!r} is not printed"
    page = lines(pdf[found])
    tops = [top for top, _, text in page if text.startswith(closing_starts)]
    assert tops, "the closing is not on the signer's page"
    above = [text for _, bottom, text in page if bottom > max(tops) + 1]
    before = [text for _, _, text in lines(pdf[found - 1])] if found else []
    return found, above, before


def document(body: list[Para], secretary: bool = False) -> AdminDocument:
    return AdminDocument(
        issuer=["ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM"], number="Số: 05/BC-UBND",
        place_date="Phường Nguyễn Nghiêm, ngày 05 tháng 01 năm 2026", kind_title="BÁO CÁO",
        subject="Sơ kết 6 tháng đầu năm 2026 thực hiện Phong trào thi đua", blocks=body,
        cc=[] if secretary else ["Như trên", "Thường trực Đảng ủy phường", "Ủy ban MTTQ Việt Nam phường",
                                 "Lưu: VT, VHXH"],
        left_signature=Signature(["THƯ KÝ"], "Trần Thị Thu Hà") if secretary else None,
        signature=Signature(["CHỦ TỌA"] if secretary else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], SIGNER),
    )


STARTS = ("Nơi nhận", "TM. ỦY BAN", "THƯ KÝ", "CHỦ TỌA")


@pytest.mark.parametrize("secretary", [False, True], ids=["nơi nhận", "biên bản"])
def test_the_closing_never_stands_alone_whatever_the_body_length(secretary: bool) -> None:
    """One short paragraph more at a time moves the body's end down the page through the break: at every length the
    signer's page holds body text. The sweep must pass the break (the closing on a later page than the body's
    start)."""
    moved = 0
    for extra in range(34):
        body = [Para(LONG), Para(LONG), *[Para(SHORT) for _ in range(extra)], Para(CLOSING)]
        page, above, _ = closing_page(nd30.render(document(body, secretary)), SIGNER, STARTS)
        assert above, f"{extra} short paragraphs: the closing stands alone on page {page + 1}"
        assert any(CLOSING[-20:] in text for text in above), "the last paragraph is kept with the closing"
        moved += page > 0
    assert moved, "the sweep never reached a page break"


def test_a_long_last_paragraph_breaks_inside_and_its_end_goes_with_the_closing() -> None:
    """A last paragraph of seven lines that does not fit with the closing is split: its first lines fill the page
    before, at least two of its lines stand above the closing — the free space is not wasted."""
    split = 0
    for extra in range(34):
        body = [Para(LONG), *[Para(SHORT) for _ in range(extra)], Para(LONG)]
        page, above, before = closing_page(nd30.render(document(body)), SIGNER, STARTS)
        assert len(above) >= 2, f"{extra}: fewer than two lines above the closing"
        if page and "giữ vững quốc phòng" in " ".join(above) and "Thực hiện Kế hoạch" not in " ".join(above):
            assert before[-1] != SHORT, "the split paragraph begins on the page before"
            split += 1
    assert split, "no length split the last paragraph"


# ---------------------------------------------------------------------------------------------------------------
# The documents the program makes


def _check(data: bytes, signer: str) -> None:
    page, above, _ = closing_page(data, signer, ("Nơi nhận", "TM. ỦY BAN", "KT. CHỦ", "THƯ KÝ", "CHỦ TỊCH",
                                                 "TRƯỞNG PHÒNG", "TỔ DÂN PHỐ", "THÔN "))
    assert above, f"the closing stands alone on page {page + 1}"


@pytest.mark.parametrize("code", ["2026", "2026-H1", "2026-H2"])
def test_the_demo_reports_keep_their_closing_with_the_body(demo_ledger: Ledger, code: str) -> None:
    from desktop.core.ledger import periods, setup
    from desktop.core.report import report

    doc = report.build(demo_ledger, periods.parse(code))
    _check(nd30.render(doc), doc.signature.name or setup.get_unit(demo_ledger)["signer_name"])


def test_the_award_papers_keep_their_closing_with_the_body(ledger: Ledger) -> None:
    from desktop.core.awards import council, minutes, papers, proposals
    from tests.core.test_awards import MEETING, make_ward, propose

    ids = make_ward(ledger)
    ps = [propose(ledger, ids[k], ids["gk_ho"]) for k in ("hoa", "toan")]
    ps += [propose(ledger, ids["an"], ids["gk_cn"]), propose(ledger, ids["small"], ids["bk_ho"])]
    council.record_meeting(ledger, "2026-H1", MEETING, dict.fromkeys(ps, 8))
    period = proposals.parse_period(ledger, "2026-H1")
    docs = [papers.build_qd(ledger, period, doc_date="2026-06-20"),
            papers.build_ttr(ledger, period, "upper", doc_date="2026-06-20"),
            papers.build_ttr(ledger, period, "ward", doc_date="2026-06-10"),
            minutes.build_bb(ledger, council.meetings(ledger, "2026-H1")[0]["id"])]
    for doc in docs:
        if doc.signature and doc.signature.name:
            _check(nd30.render(doc), doc.signature.name)
