"""The editable Word copy (desktop.core.pdf.word): read back with python-docx, its text is the PDF's text (made from the
same AdminDocument), in the ND 30 layout (A4, margins, Times New Roman, the header table's bold and italic, page
numbers from page 2, real tables with a repeated header row), and its properties say it is a copy for editing.
A LibreOffice conversion (skipped cleanly when soffice is not installed) gives the PDF's text again."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from db.connection import Ledger
from desktop.core.awards import council, papers, proposals
from desktop.core.pdf import nd30, word
from desktop.core.pdf.model import AdminDocument, Table, document_date, title_of
from desktop.core.report import narrative, report
from tests.core.test_awards import MEETING, make_ward, propose

# --------------------------------------------------------------------------- helpers


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _headers(doc: AdminDocument) -> list[str]:
    """The header rows of every table of the document (the PDF repeats them at the top of each page)."""
    blocks = [*doc.blocks, *(b for a in doc.appendices for b in a.blocks)]
    return [_squash("".join(c.title for c in b.columns)) for b in blocks if isinstance(b, Table) and b.columns]


def pdf_text(data: bytes, doc: AdminDocument) -> str:
    """The PDF's text without what Word shows in its page headers (page numbers, the DỰ THẢO mark) and without
    the table header rows a page repeats (Word repeats them on screen, not in the file); whitespace removed."""
    pdf = pdfium.PdfDocument(data)
    heads = _headers(doc)
    out = []
    for i in range(len(pdf)):
        lines = pdf[i].get_textpage().get_text_range().splitlines()
        if i and lines and re.fullmatch(r"\s*\d+\s*", lines[0]):
            lines = lines[1:]  # the page number, drawn first
        text = _squash(" ".join(lines))
        if i == 0 and doc.draft:
            text = text.replace("DỰTHẢO", "", 1)
        for head in heads:
            if i and text.startswith(head) and not any(text.startswith(h) and len(h) > len(head) for h in heads):
                text = text[len(head):]
                break
        out.append(text)
    return "".join(out)


def docx_text(data: bytes) -> str:
    """Every paragraph of the body in order (table cells included), whitespace removed."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    return "".join(_squash(DocxParagraph(p, document).text) for p in body.iter(qn("w:p")))


def _paragraph(document: Any, starts: str) -> Any:
    for p in document.element.body.iter(qn("w:p")):
        par = DocxParagraph(p, document)
        if par.text.startswith(starts):
            return par
    raise AssertionError(f"no paragraph starts with {starts!r}")


def _size(par: Any) -> float:
    sizes = {r.font.size.pt for r in par.runs if r.font.size is not None}
    assert len(sizes) == 1, sizes
    return sizes.pop()


@pytest.fixture
def report_doc(demo_ledger: Ledger) -> AdminDocument:
    """The small ward's draft report for the second half of 2025 (tables, charts, three appendices)."""
    return report.build(demo_ledger, narrative.parse_period(demo_ledger, "2025-H2"))


@pytest.fixture
def decision_doc(ledger: Ledger) -> AdminDocument:
    """An award Quyết định of 2026-H1 (căn cứ, Điều 1–3, the list as a phụ lục)."""
    ids = make_ward(ledger)
    chosen = [propose(ledger, ids["hoa"], ids["gk_ho"]), propose(ledger, ids["toan"], ids["gk_ho"]),
              propose(ledger, ids["an"], ids["gk_cn"])]
    council.record_meeting(ledger, "2026-H1", MEETING, {p: 8 for p in chosen})
    return papers.build_qd(ledger, proposals.parse_period(ledger, "2026-H1"), doc_date="2026-06-18")


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("which", ["report_doc", "decision_doc"])
def test_the_word_copy_has_the_text_of_the_pdf(which: str, request: pytest.FixtureRequest) -> None:
    doc = request.getfixturevalue(which)
    expected = pdf_text(nd30.render(doc), doc)
    got = docx_text(word.docx_bytes(doc))
    assert len(expected) > 1000
    assert got == expected


def test_the_draft_mark_is_in_the_first_page_header_only(report_doc: AdminDocument) -> None:
    document = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    main, *appendices = document.sections
    assert main.different_first_page_header_footer
    assert main.first_page_header.paragraphs[0].text == "DỰ THẢO"
    assert main.first_page_header.paragraphs[0].runs[0].font.bold
    for section in appendices:
        assert "DỰ THẢO" not in "".join(p.text for p in section.first_page_header.paragraphs)
    report_doc.draft = False
    issued = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    assert "DỰ THẢO" not in "".join(p.text for p in issued.sections[0].first_page_header.paragraphs)


# --------------------------------------------------------------------------- layout


def test_page_size_margins_and_page_numbers(report_doc: AdminDocument) -> None:
    document = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    assert len(document.sections) == 1 + len(report_doc.appendices)  # each phụ lục its own section (new page)
    for section, landscape in zip(document.sections, [False] + [a.landscape for a in report_doc.appendices],
                                  strict=True):
        size = (section.page_width.mm, section.page_height.mm)
        assert size == pytest.approx((297, 210) if landscape else (210, 297), abs=0.05)  # A4 (Word keeps twips)
        margins = [m.mm for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)]
        assert margins == pytest.approx([20, 20, 30, 15], abs=0.05)
        assert section.different_first_page_header_footer  # ND 30: no number on a section's first page
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # each phụ lục from 1
        instr = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        number = section.header.paragraphs[0]
        assert number.alignment == 1 and _size(number) == 13  # centred, 13 pt
    assert any(a.landscape for a in report_doc.appendices)


def _cells(row: Any) -> list[Any]:
    """The distinct cells of a row (python-docx repeats a merged cell once per grid column)."""
    out: list[Any] = []
    for cell in row.cells:
        if not any(cell._tc is c._tc for c in out):
            out.append(cell)
    return out


def test_the_date_line_takes_room_from_the_so_cell_rather_than_wrap(report_doc: AdminDocument) -> None:
    """As the PDF: "Phường Nguyễn Nghiêm, ngày 03 tháng 12 năm 2026" is wider than the right column, so the date
    cell is widened (at the Số cell's expense) and the line does not wrap in Word or LibreOffice."""
    from desktop.core.pdf.typeset import FONT_ITALIC, text_width

    document = docx.Document(io.BytesIO(word.docx_bytes(replace(report_doc, place_date=(
        "Phường Nguyễn Nghiêm, ngày 03 tháng 12 năm 2026")))))
    number, place = _cells(document.tables[0].rows[1])
    width = int(place._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) / 20  # points
    assert width >= text_width("Phường Nguyễn Nghiêm, ngày 03 tháng 12 năm 2026", FONT_ITALIC, 13)


def test_fonts_sizes_bold_and_italic_follow_nd30(report_doc: AdminDocument) -> None:
    document = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    for run in document.element.body.iter(qn("w:rFonts")):  # no run names another font
        assert run.get(qn("w:ascii")) in (None, "Times New Roman")
    header = document.tables[0]  # ô 1–4 as a borderless table of two cells a row
    top, bottom = (_cells(row) for row in header.rows)
    assert len(top) == 2 and len(bottom) == 2
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    issuer = [p for p in top[0].paragraphs if p.text]
    assert [p.text for p in issuer] == report_doc.issuer  # ["ỦY BAN NHÂN DÂN", "PHƯỜNG …"] of the demo's unit
    assert all(_size(p) == 13 and all(r.font.bold for r in p.runs) for p in issuer)
    nation, motto = (p for p in top[1].paragraphs if p.text)
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and _size(nation) == 12 and nation.runs[0].font.bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and _size(motto) == 13 and motto.runs[0].font.bold
    rules = [p for c in top for p in c.paragraphs if p._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None]
    assert len(rules) == 2  # under the issuer and under the Tiêu ngữ
    number, place = (c.paragraphs[0] for c in bottom)
    assert number.text == report_doc.number and _size(number) == 13 and not number.runs[0].font.italic
    assert place.text == report_doc.place_date and _size(place) == 13 and place.runs[0].font.italic
    kind = _paragraph(document, "BÁO CÁO")
    assert _size(kind) == 14 and kind.runs[0].font.bold and kind.alignment == 1
    subject = _paragraph(document, report_doc.subject[:30])
    assert _size(subject) == 14 and subject.runs[0].font.bold
    body = _paragraph(document, "Trong 6 tháng cuối năm 2025")
    pf = body.paragraph_format
    assert body.alignment == 3 and _size(body) == 14 and not body.runs[0].font.bold  # justified
    assert abs(pf.first_line_indent - Cm(1.27)) < Mm(0.1) and pf.space_after == Pt(6)
    heading = _paragraph(document, "I. CÔNG TÁC LÃNH ĐẠO")
    assert heading.runs[0].font.bold and heading.paragraph_format.keep_with_next
    cc = _paragraph(document, "Nơi nhận:")
    assert _size(cc) == 12 and cc.runs[0].font.bold and cc.runs[0].font.italic
    assert _size(_paragraph(document, "- Như trên;")) == 11
    signer = _paragraph(document, report_doc.signature.name)
    assert _size(signer) == 14 and signer.runs[0].font.bold


def test_tables_are_real_word_tables_with_the_report_rows(report_doc: AdminDocument) -> None:
    document = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    model = next(b for b in report_doc.blocks if isinstance(b, Table) and "tổ dân phố" in (b.caption or ""))
    titles = [c.title.replace("\n", " ") for c in model.columns]
    found = [t for t in document.tables if [c.text.replace("\n", " ") for c in t.rows[0].cells] == titles]
    assert len(found) >= 1
    table = found[0]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows == [*model.rows, model.total]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"
    assert all(r.font.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
    assert all(r.font.bold for c in table.rows[-1].cells for r in c.paragraphs[0].runs)  # the totals row
    right = [i for i, c in enumerate(model.columns) if c.align == "right"]
    assert right and all(table.rows[1].cells[i].paragraphs[0].alignment == 2 for i in right)


def test_the_closing_block_is_kept_with_the_last_paragraph(report_doc: AdminDocument) -> None:
    """ND 30: the signature never stands alone on a page: the "./." paragraph keeps with the closing row, which
    does not split."""
    document = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    last = _paragraph(document, "Trên đây là báo cáo")
    assert last.paragraph_format.keep_with_next
    closing = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    assert closing._tbl.getprevious() is last._p
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_properties_say_it_is_a_copy_for_editing(report_doc: AdminDocument) -> None:
    document = docx.Document(io.BytesIO(word.docx_bytes(report_doc)))
    props = document.core_properties
    assert props.title == title_of(report_doc) and report_doc.subject[10:] in props.title  # as the PDF's
    assert props.author == report_doc.author_meta and props.author.startswith("Phường ")
    assert props.comments == word.COPY_NOTE and "SHA-256" in props.comments and "PDF" in props.comments
    assert props.language == "vi-VN"
    assert props.created.date() == document_date(report_doc)  # the document's date, as the PDF's


def test_a_quyết_định_keeps_its_authority_line_and_appendix(decision_doc: AdminDocument) -> None:
    document = docx.Document(io.BytesIO(word.docx_bytes(decision_doc)))
    assert decision_doc.authority_line
    line = _paragraph(document, decision_doc.authority_line.upper())
    assert line.runs[0].font.bold and _size(line) == 14
    assert len(document.sections) == 1 + len(decision_doc.appendices)
    label = _paragraph(document, "Phụ lục")
    assert _size(label) == 14 and label.runs[0].font.bold


# --------------------------------------------------------------------------- LibreOffice


def _has_writer(soffice: Path) -> bool:
    """LibreOffice's Writer module is installed next to soffice (Debian splits it into its own package)."""
    program = soffice.resolve().parent
    return any((program / name).exists() for name in ("libswlo.so", "swlo.dll", "libswlo.dylib"))


@pytest.mark.parametrize("which", ["report_doc", "decision_doc"])
def test_libreoffice_opens_the_copy_with_the_text_of_the_pdf(which: str, request: pytest.FixtureRequest,
                                                             tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    if not _has_writer(Path(soffice)):
        pytest.skip("LibreOffice without Writer (make bench installs Calc only, for its xlsx → pdf floor)")
    doc = request.getfixturevalue(which)
    source = tmp_path / "ban-sao.docx"
    source.write_bytes(word.docx_bytes(doc))
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=180)
    converted = tmp_path / "ban-sao.pdf"
    assert done.returncode == 0 and converted.is_file(), done.stderr
    assert pdf_text(converted.read_bytes(), doc) == pdf_text(nd30.render(doc), doc)
    lo, ours = pdfium.PdfDocument(converted.read_bytes()), pdfium.PdfDocument(nd30.render(doc))
    assert abs(len(lo) - len(ours)) <= 1  # the same layout: at most a page more or less
    assert (lo[0].get_width(), lo[0].get_height()) == pytest.approx((595.3, 841.9), abs=1)


# --------------------------------------------------------------------------- what Word itself requires

_ORDER = {  # ECMA-376 sequences of the properties the copy writes (Word reports an out-of-order file as damaged)
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
           "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
           "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
           "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
           "cs em lang eastAsianLayout specVanish oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
             "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
              "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
}


def test_every_property_is_in_the_schemas_order(report_doc: AdminDocument) -> None:
    import zipfile
    from xml.etree import ElementTree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(word.docx_bytes(report_doc))) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        roots = [ElementTree.fromstring(z.read(n)) for n in parts]
    wrong = []
    for root in roots:
        for tag, order in _ORDER.items():
            seq = order.split()
            for el in root.iter(w + tag):
                kids = [c.tag.replace(w, "") for c in el]
                where = [seq.index(k) if k in seq else -1 for k in kids]
                if -1 in where or where != sorted(where) or (tag != "sectPr" and len(set(kids)) != len(kids)):
                    wrong.append((tag, kids))
    assert wrong == []
