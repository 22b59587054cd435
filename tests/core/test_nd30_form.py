"""Issue 16, faults of form in the PDF engine, checked on the rendered PDF: the header's fonts (ô 2), numbers whole in
table cells, "Phụ lục" / "Phụ lục I, II", the "Kèm theo … ngày … tháng … năm …" line, and the metadata (a real
date, the trích yếu, the unit; the same bytes for the same content)."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from desktop.core.pdf import nd30
from desktop.core.pdf.model import (
    AdminDocument,
    Appendix,
    Column,
    Para,
    Signature,
    Table,
    appendix_label,
    attached_line,
    dates_in_words,
)

SUBJECT = "Sơ kết 6 tháng đầu năm 2026 thực hiện Phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng”"


def doc(**kw: object) -> AdminDocument:
    fields: dict = dict(
        issuer=["ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM"], number="Số: 05/BC-UBND",
        place_date="Phường Nguyễn Nghiêm, ngày 02 tháng 12 năm 2026", kind_title="BÁO CÁO", subject=SUBJECT,
        blocks=[Para("Nội dung báo cáo./.")], cc=["Như trên", "Lưu: VT, VHXH"],
        signature=Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn Bình"),
        title_meta="Báo cáo 6 tháng đầu năm 2026", author_meta="Phường Nguyễn Nghiêm")
    fields.update(kw)
    return AdminDocument(**fields)


def runs(data: bytes, page: int = 0) -> list[tuple[str, str]]:
    """(text, font name without the subset prefix) of each text run on a page, in drawing order."""
    out: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: float) -> None:
        if text.strip() and font is not None:
            out.append((unicodedata.normalize("NFC", text.strip()), str(font["/BaseFont"]).split("+")[-1]))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return out


def font_of(data: bytes, text: str) -> str:
    """The font of a header line (which may wrap into several runs): one font for all its runs."""
    found = {font for run, font in runs(data) if run in text}
    assert len(found) == 1, f"{text!r}: {found}, runs {runs(data)[:12]}"
    return found.pop()


def page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    return [unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]


# ---------------------------------------------------------------------------------------------------------------
# Header (ô 2)


def test_a_parent_body_line_is_regular_and_the_issuing_body_bold() -> None:
    """ND 30, Phụ lục I, ô 2 (domain.md §1.2): the cơ quan chủ quản upright, not bold; the issuing body bold."""
    data = nd30.render(doc(issuer=["UBND PHƯỜNG NGUYỄN NGHIÊM", "PHÒNG VĂN HÓA - XÃ HỘI"]))
    assert font_of(data, "UBND PHƯỜNG NGUYỄN NGHIÊM") == "LiberationSerif"
    assert font_of(data, "PHÒNG VĂN HÓA - XÃ HỘI") == "LiberationSerif-Bold"
    # Three lines: the People's Committee's two-line name over the phòng is the parent as a whole.
    data = nd30.render(doc(issuer=["ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]))
    assert font_of(data, "ỦY BAN NHÂN DÂN") == "LiberationSerif"
    assert font_of(data, "PHƯỜNG NGUYỄN NGHIÊM") == "LiberationSerif"
    assert font_of(data, "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG") == "LiberationSerif-Bold"


def test_the_peoples_committee_own_two_line_name_is_bold() -> None:
    """The UBND phường issuing in its own name has no parent line: "ỦY BAN NHÂN DÂN" over "PHƯỜNG …" is one name
    on two lines, both bold (ND 30, Phụ lục I, ô 2); the builder may still say otherwise with `parent_lines`."""
    data = nd30.render(doc())
    assert font_of(data, "ỦY BAN NHÂN DÂN") == "LiberationSerif-Bold"
    assert font_of(data, "PHƯỜNG NGUYỄN NGHIÊM") == "LiberationSerif-Bold"
    data = nd30.render(doc(parent_lines=1))
    assert font_of(data, "ỦY BAN NHÂN DÂN") == "LiberationSerif"


def test_the_ward_tờ_trình_header_has_a_regular_parent_line(ledger) -> None:  # noqa: ANN001 - fixture
    from desktop.core.awards import council, papers, proposals
    from tests.core.test_awards import MEETING, make_ward, propose

    ids = make_ward(ledger)
    council.record_meeting(ledger, "2026-H1", MEETING, {propose(ledger, ids["hoa"], ids["gk_ho"]): 8})
    document = papers.build_ttr(ledger, proposals.parse_period(ledger, "2026-H1"), "ward", doc_date="2026-06-10")
    data = nd30.render(document)
    assert font_of(data, document.issuer[0]) == "LiberationSerif"
    assert font_of(data, document.issuer[-1]) == "LiberationSerif-Bold"


# ---------------------------------------------------------------------------------------------------------------
# Numbers in tables

TOTALS = ["1.234.567.890", "30.786.200.000", "987.654.321", "12.345.678.901", "5.000.000", "130.786.200.000"]


def money_table(columns: int) -> Table:
    cols = [Column("STT", 0.5, "center"), Column("Đơn vị", 3)]
    cols += [Column(f"Cột {i}\n(đồng)", 1, "right") for i in range(columns)]
    rows = [[str(i), f"Phường {i}", *(TOTALS * 3)[:columns]] for i in range(1, 6)]
    return Table(cols, rows, total=["", "Tổng cộng", *(["653.931.000.000"] * columns)])


@pytest.mark.parametrize("columns", [6, 8, 12])
def test_numbers_never_break_inside_a_cell(columns: int) -> None:
    """Long VND totals in narrow columns: every number is printed whole on one line ("30.786.200.00|0" never);
    6 columns fit by widening them, 12 only with smaller type in the cells concerned."""
    data = nd30.render(doc(blocks=[money_table(columns)]))
    lines = [line for text in page_texts(data) for line in text.splitlines()]
    words = {word for line in lines for word in line.split()}
    for number in [*(TOTALS * 3)[:columns], "653.931.000.000"]:
        assert number in words, f"{number} is broken: {[w for w in words if w and w in number]}"
    pieces = [w for w in words if re.fullmatch(r"[\d.]*\.[\d.]*", w) and w not in [*TOTALS, "653.931.000.000"]]
    assert not pieces, f"pieces of numbers: {pieces}"


def test_numbers_that_fit_keep_the_table_as_laid_out() -> None:
    """A table whose numbers fit is unchanged: the widths are the builder's weights."""
    from desktop.core.pdf import grid

    widths = [10.0, 50.0, 40.0]
    assert grid.fit_numbers(widths, [5.0, 0.0, 30.0], [8.0, 20.0, 30.0]) == widths
    wider = grid.fit_numbers(widths, [5.0, 0.0, 60.0], [8.0, 20.0, 60.0])
    assert wider[2] == pytest.approx(60) and sum(wider) == pytest.approx(100)
    assert wider[1] >= 20  # no column below its widest word while another can give


# ---------------------------------------------------------------------------------------------------------------
# Phụ lục and the "Kèm theo" line


def annex(title: str) -> Appendix:
    return Appendix(title, "(Kèm theo Báo cáo số 05/BC-UBND ngày 02/12/2026 của Ủy ban nhân dân phường Nguyễn "
                           "Nghiêm)", [Para("Nội dung.")])


def test_a_single_appendix_is_phụ_lục_and_several_are_numbered() -> None:
    one = page_texts(nd30.render(doc(appendices=[annex("Danh sách")])))
    assert one[-1].startswith("Phụ lục\r\nDANH SÁCH")
    three = page_texts(nd30.render(doc(appendices=[annex("Một"), annex("Hai"), annex("Ba")])))
    assert [t.split("\r\n")[0] for t in three[-3:]] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    assert appendix_label(1, 1) == "Phụ lục" and appendix_label(3, 3) == "Phụ lục III"


def test_the_kèm_theo_line_writes_its_date_in_words() -> None:
    """ND 30, Phụ lục I: "(Kèm theo … ngày 02 tháng 12 năm 2026 …)", whatever form the builder wrote the date in."""
    text = " ".join(page_texts(nd30.render(doc(appendices=[annex("Danh sách")])))[-1].split())
    assert "(Kèm theo Báo cáo số 05/BC-UBND ngày 02 tháng 12 năm 2026 của Ủy ban nhân dân phường" in text
    assert "02/12/2026" not in text
    assert dates_in_words("ngày 05/1/2026, ngày 31/02/2026") == "ngày 05 tháng 01 năm 2026, ngày 31/02/2026"
    assert attached_line("Quyết định", "12/QĐ-UBND", dt.date(2026, 3, 9), "Chủ tịch Ủy ban nhân dân phường A") == (
        "(Kèm theo Quyết định số 12/QĐ-UBND ngày 09 tháng 3 năm 2026 của Chủ tịch Ủy ban nhân dân phường A)")


def test_the_quyết_định_appendix_line_has_the_date_in_words(ledger) -> None:  # noqa: ANN001 - fixture
    from desktop.core.awards import council, papers, proposals
    from tests.core.test_awards import MEETING, make_ward, propose

    ids = make_ward(ledger)
    council.record_meeting(ledger, "2026-H1", MEETING, {propose(ledger, ids["hoa"], ids["gk_ho"]): 8})
    document = papers.build_qd(ledger, proposals.parse_period(ledger, "2026-H1"), doc_date="2026-06-20")
    texts = page_texts(nd30.render(document))
    appendix = next(t for t in texts if "(Kèm theo Quyết định" in t)
    assert appendix.startswith("Phụ lục\r\n"), "the Quyết định's single list is \"Phụ lục\""
    assert "ngày 20 tháng 6 năm 2026" in " ".join(appendix.split())


# ---------------------------------------------------------------------------------------------------------------
# Metadata


def test_metadata_has_the_documents_date_title_and_unit() -> None:
    data = nd30.render(doc(date=dt.date(2026, 12, 2)))
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == f"Báo cáo {SUBJECT[:1].lower()}{SUBJECT[1:]}"
    assert meta.author == "Phường Nguyễn Nghiêm"
    assert meta.subject == "Báo cáo 6 tháng đầu năm 2026"
    assert meta.creator == "Sổ Thi đua"
    assert meta.creation_date.date() == dt.date(2026, 12, 2)
    assert meta.creation_date.utcoffset() == dt.timedelta(hours=7)
    assert meta.modification_date == meta.creation_date


def test_metadata_date_from_the_date_line_else_a_fixed_epoch() -> None:
    meta = PdfReader(io.BytesIO(nd30.render(doc()))).metadata
    assert meta.creation_date.date() == dt.date(2026, 12, 2), "read from \"ngày 02 tháng 12 năm 2026\""
    draft = nd30.render(doc(place_date="Phường Nguyễn Nghiêm, ngày      tháng      năm 2026", author_meta=""))
    meta = PdfReader(io.BytesIO(draft)).metadata
    assert meta.creation_date.year == 2000, "no date: reportlab's fixed date, still byte-stable"
    assert meta.author == "ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM", "no unit given: the issuing body"


def test_the_same_document_gives_the_same_bytes() -> None:
    first = nd30.render(doc(date=dt.date(2026, 12, 2), appendices=[annex("Danh sách")]))
    assert nd30.render(doc(date=dt.date(2026, 12, 2), appendices=[annex("Danh sách")])) == first
    assert nd30.render(doc(date=dt.date(2026, 12, 3), appendices=[annex("Danh sách")])) != first


def test_a_long_place_name_keeps_the_date_line_on_one_line() -> None:
    """ND 30, ô 4: "Phường Hòa Khánh Bắc, ngày 25 tháng 12 năm 2026" is one line, on the Số line's baseline."""
    place_date = "Phường Hòa Khánh Bắc, ngày 25 tháng 12 năm 2026"
    pdf = pdfium.PdfDocument(nd30.render(doc(place_date=place_date, number="Số: 125/BC-UBND")))
    tp = pdf[0].get_textpage()
    text = unicodedata.normalize("NFC", tp.get_text_range())
    assert any(line.endswith(place_date) for line in text.replace("\r\n", "\n").splitlines()), "the date wraps"
    boxes = [tp.get_charbox(i) for i in range(tp.count_chars())]
    s, p, y = text.index("Số:"), text.index("Phường Hòa"), text.index("2026", text.index("Phường Hòa"))
    assert boxes[s][1] == pytest.approx(boxes[p][1], abs=0.6) and boxes[p][1] == pytest.approx(boxes[y][1], abs=2)
    assert boxes[text.index("125/BC")][2] < boxes[p][0], "Số and the date do not overlap"
