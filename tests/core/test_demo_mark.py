"""The demo is clearly a demo (issue 18): an invented unit, a mark in the ledger that survives renaming, and the
"SỔ MẪU" watermark under every page it prints — never on a real ledger's pages."""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger, open_ledger
from desktop.core.awards import certificates, decisions, proposals
from desktop.core.demo import wards
from desktop.core.ledger import demo_mark, periods, setup
from desktop.core.pdf import nd30
from desktop.core.pdf.model import AdminDocument, Para
from desktop.core.report import notice, report

GREY_FILL = rb"\.82 \.82 \.82 rg"  # watermark.GREY as reportlab writes it


def page_streams(pdf: bytes) -> list[bytes]:
    """The decompressed content streams that draw a page (those with text)."""
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        if b"BT" in data:
            out.append(data)
    return out


def marked(pdf: bytes) -> list[bool]:
    """Per page: is the watermark there, and drawn before (under) the first text?"""
    result = []
    for data in page_streams(pdf):
        grey = re.search(GREY_FILL, data)
        result.append(bool(grey) and grey.start() < data.index(b"BT"))
    return result


def pages(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


def text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in doc)


def test_demo_units_are_invented_and_their_codes_cannot_be_a_real_communes() -> None:
    for ward in wards.WARDS.values():
        unit = ward.unit
        assert "Mẫu" in unit["name"] and "Mẫu" in unit["province"]
        assert not unit["code"].isdigit()  # a commune's real mã ĐVHC is 5 digits
        setup.validate_unit(dict(unit), creating=True)  # and still a valid code for the ledger
    assert len({w.unit["code"] for w in wards.WARDS.values()}) == len(wards.WARDS)


def test_the_demo_is_marked_and_a_real_ledger_is_not(demo_ledger: Ledger, ledger: Ledger) -> None:
    assert demo_mark.is_demo(demo_ledger) and demo_mark.mark_for(demo_ledger) == "SỔ MẪU"
    assert not demo_mark.is_demo(ledger) and demo_mark.mark_for(ledger) == ""
    audit = demo_ledger.conn.execute("SELECT summary FROM audit WHERE action = 'demo'").fetchone()[0]
    assert "SỔ MẪU" in audit


def test_the_mark_survives_renaming_the_unit_and_copying_the_file(demo_ledger: Ledger, tmp_path: Path) -> None:
    setup.update_unit(demo_ledger, {"name": "Phường Nguyễn Nghiêm", "code": "21580"})  # a clerk's own, typed in
    assert demo_mark.is_demo(demo_ledger)
    demo_ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(demo_ledger.path, tmp_path / "copy.sqlite")
    copy = open_ledger(tmp_path / "copy.sqlite")
    try:
        assert demo_mark.is_demo(copy)
    finally:
        copy.close()


def test_every_page_of_the_demos_report_and_notice_carries_the_mark(demo_ledger: Ledger) -> None:
    period = periods.parse("2026-H1")
    pdf = report.render(demo_ledger, period)
    assert pages(pdf) >= 3 and marked(pdf) == [True] * pages(pdf)  # a landscape phụ lục too
    # The mark is a shape, not text: the page's words are the document's own.
    assert "SỔ MẪU" not in text(pdf) and "PHƯỜNG MẪU" in text(pdf)
    gid = demo_ledger.conn.execute("SELECT id FROM groups ORDER BY id LIMIT 1").fetchone()[0]
    board = notice.render(demo_ledger, period, gid)
    assert marked(board) == [True] * pages(board)


def test_the_demos_certificates_carry_the_mark(demo_ledger: Ledger) -> None:
    ids = [r[0] for r in demo_ledger.conn.execute(
        "SELECT id FROM proposals WHERE decision_no IS NOT NULL AND deleted_at IS NULL")]
    printable = [pid for pid in ids if decisions.certificate_title(proposals.get(demo_ledger, pid)) is not None]
    assert printable
    pdf = certificates.certificates(demo_ledger, printable)
    assert pages(pdf) == len(printable) and marked(pdf) == [True] * len(printable)


def test_a_real_ledgers_pages_never_carry_it(ledger: Ledger) -> None:
    period = periods.parse("2026-H1")
    pdf = report.render(ledger, period)
    assert not any(marked(pdf)) and not re.search(GREY_FILL, b"".join(page_streams(pdf)))


def test_the_engine_prints_the_mark_only_when_asked() -> None:
    doc = AdminDocument(issuer=["ỦY BAN NHÂN DÂN", "PHƯỜNG MẪU"], number="Số: 01/BC-UBND",
                        place_date="Mẫu, ngày 05 tháng 01 năm 2026", kind_title="BÁO CÁO", subject="Thử",
                        blocks=[Para("Nội dung.")])
    plain = nd30.render(doc)
    doc.watermark = "SỔ MẪU"
    stamped = nd30.render(doc)
    assert marked(plain) == [False] and marked(stamped) == [True]
    assert stamped == nd30.render(doc)  # same input, same bytes: an issued PDF's SHA-256 keeps its meaning


@pytest.mark.parametrize("size", ["small"])
def test_the_mark_is_written_by_the_demo_builder(tmp_path: Path, size: str) -> None:
    import datetime as dt

    from desktop.core.demo import builder

    led = open_ledger(tmp_path / "d.sqlite")
    try:
        assert not demo_mark.is_demo(led)
        builder.build_demo(led, size=size, seed=3, today=dt.date(2025, 3, 1))
        assert demo_mark.is_demo(led)
        assert setup.get_unit(led)["name"] == wards.WARDS[size].unit["name"]
    finally:
        led.close()


def test_the_word_copy_of_a_demo_document_carries_the_mark_on_every_section(demo_ledger: Ledger,
                                                                              ledger: Ledger) -> None:
    import io

    import docx

    from desktop.core.pdf import word

    period = periods.parse("2026-H1")
    doc = report.build(demo_ledger, period)
    assert doc.appendices  # several sections: the report, then each phụ lục
    document = docx.Document(io.BytesIO(word.docx_bytes(doc)))
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            if not header.is_linked_to_previous:  # a linked one shows the previous section's
                assert 'string="SỔ MẪU"' in header._element.xml
    assert not document.sections[0].first_page_header.is_linked_to_previous
    real = docx.Document(io.BytesIO(word.docx_bytes(report.build(ledger, period))))
    assert all("SỔ MẪU" not in h._element.xml for s in real.sections for h in (s.header, s.first_page_header))
