"""Faults of form in the award documents (issue 16, against Nghị định 30/2020 Phụ lục I, reference/domain.md §1.2,
§1.5, and the texts in force, §2.1): every "Căn cứ …" ends with ";" and "Theo đề nghị của …" with "."; the last item
of a list ends with "."; the căn cứ name the laws in force with their dates and the province's own regulation (a
setting); "Điều 1." of a Quyết định is upright bold; "Kèm theo … ngày … tháng … năm …". Read from the rendered PDFs."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.awards import catalogue, council, papers, proposals
from desktop.core.awards import dossier as award_dossier
from tests.core.test_awards import MEETING, make_ward, propose

REGULATION = ("Quyết định số 86/2025/QĐ-UBND ngày 03 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh Bắc Ninh ban hành "
              "Quy định công tác thi đua, khen thưởng trên địa bàn tỉnh Bắc Ninh")


@pytest.fixture
def met(ledger: Ledger) -> dict[str, Any]:
    """Two households and an individual for the ward's Giấy khen, one household upward; the council passed all."""
    ids = make_ward(ledger)
    pids = [propose(ledger, ids["hoa"], ids["gk_ho"]), propose(ledger, ids["toan"], ids["gk_ho"]),
            propose(ledger, ids["an"], ids["gk_cn"]), propose(ledger, ids["small"], ids["bk_ho"])]
    council.record_meeting(ledger, "2026-H1", MEETING, {pid: 8 for pid in pids})
    return {"period": proposals.parse_period(ledger, "2026-H1")}


def flat(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def bases_block(text: str, start: str, end: str) -> list[str]:
    """The lines of the căn cứ block between `start` and `end`, one per "Căn cứ"/"Theo đề nghị"."""
    block = text[text.index(start) + len(start):text.index(end, text.index(start))]
    return [p.strip() for p in re.split(r"(?=Căn cứ |Theo đề nghị )", block) if p.strip()]


def render(doc: Any) -> bytes:
    return award_dossier.render(doc)


def test_the_quyết_định_ends_each_căn_cứ_with_a_semicolon_and_the_proposal_with_a_full_stop(
        ledger: Ledger, met: dict) -> None:
    text = flat(render(papers.build_qd(ledger, met["period"], doc_date="2026-06-18")))
    lines = bases_block(text, "PHƯỜNG NGUYỄN NGHIÊM Căn cứ", "QUYẾT ĐỊNH:")
    lines[0] = "Căn cứ " + lines[0]
    assert [line.split(" ")[0] for line in lines[:-1]] == ["Căn"] * (len(lines) - 1)
    assert lines[-1].startswith("Theo đề nghị của Trưởng phòng Văn hóa - Xã hội") and lines[-1].endswith(".")
    assert all(line.endswith(";") for line in lines[:-1]), lines
    # The texts in force on the date, with their dates (domain.md §2.1).
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in lines
    assert any(line.startswith("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
                               "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng") for line in lines)
    assert any(line.startswith("Căn cứ Nghị định số 129/2025/NĐ-CP ngày") and "chính quyền địa phương 02 cấp" in line
               and "Bộ Nội vụ" in line for line in lines)
    assert "98/2023" not in text


def test_the_province_regulation_is_a_setting_printed_as_a_căn_cứ(ledger: Ledger, met: dict) -> None:
    assert catalogue.get_settings(ledger)["province_regulation"] == ""
    before = flat(render(papers.build_qd(ledger, met["period"], doc_date="2026-06-18")))
    assert "Quy định công tác thi đua, khen thưởng" not in before
    catalogue.save_settings(ledger, {"province_regulation": f"Căn cứ {REGULATION};"})
    assert catalogue.get_settings(ledger)["province_regulation"] == REGULATION
    for doc in (papers.build_qd(ledger, met["period"], doc_date="2026-06-18"),
                papers.build_ttr(ledger, met["period"], "ward", doc_date="2026-06-10"),
                papers.build_ttr(ledger, met["period"], "upper", doc_date="2026-06-20")):
        assert f"Căn cứ {REGULATION};" in flat(render(doc))
    # Already in the clerk's own list: not twice.
    catalogue.save_settings(ledger, {"legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
                                                     f"Căn cứ {REGULATION}"]})
    assert flat(render(papers.build_qd(ledger, met["period"], doc_date="2026-06-18"))).count(REGULATION) == 1


@pytest.mark.parametrize("level", ["ward", "upper"])
def test_the_tờ_trình_ends_each_căn_cứ_with_a_semicolon_and_its_list_with_a_full_stop(
        ledger: Ledger, met: dict, level: str) -> None:
    date = "2026-06-10" if level == "ward" else "2026-06-20"
    text = flat(render(papers.build_ttr(ledger, met["period"], level, doc_date=date)))
    who = "Phòng Văn hóa - Xã hội kính đề nghị" if level == "ward" else "Ủy ban nhân dân phường Nguyễn Nghiêm kính đề"
    start = text.index("Căn cứ ")
    lines = bases_block(text, text[start - 12:start], who)
    assert len(lines) >= 5 and all(line.startswith("Căn cứ ") and line.endswith(";") for line in lines), lines
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in lines
    # The list of forms: one item per form, the last ending with ".".
    body = text[text.index("cụ thể:"):text.index("(Có danh sách")]
    items = re.findall(r"- (?:Tặng|Công nhận)[^;.]*[;.]", body)
    assert items and items[-1].endswith(".") and all(i.endswith(";") for i in items[:-1]), items
    # The appendix's "Kèm theo" line dates the Tờ trình in words.
    day = "10" if level == "ward" else "20"
    assert re.search(rf"\(Kèm theo Tờ trình số \S* ?/TTr-\S+ ngày {day} tháng 6 năm 2026 của ", text)


def _runs(data: bytes) -> list[tuple[str, str]]:
    """(text, font) of each text run of every page, in the order the PDF draws them."""
    runs: list[tuple[str, str]] = []

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip():
            runs.append((text, str(font.get("/BaseFont", "")) if font else ""))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def test_điều_n_is_upright_bold_and_the_article_regular(ledger: Ledger, met: dict) -> None:
    runs = _runs(render(papers.build_qd(ledger, met["period"], doc_date="2026-06-18")))
    for n in (1, 2, 3):
        i = next(k for k, (t, _f) in enumerate(runs) if t.strip().startswith(f"Điều {n}."))
        text, font = runs[i]
        assert font.endswith("-Bold"), (text, font)  # bold, not bold italic
        rest = text.strip()[len(f"Điều {n}."):].strip() or runs[i + 1][0]
        rest_font = font if text.strip()[len(f"Điều {n}."):].strip() else runs[i + 1][1]
        assert rest and not rest_font.endswith(("-Bold", "-BoldItalic", "-Italic")), (rest, rest_font)


def test_the_quyết_định_names_only_the_kinds_of_subject_it_holds(ledger: Ledger, met: dict) -> None:
    """Issue 17: a decision's title (and its Điều on who carries it out) names only the kinds of subject it contains:
    two households and an individual → "các cá nhân, hộ gia đình", never "các tập thể, …"."""
    doc = papers.build_qd(ledger, met["period"], doc_date="2026-06-18")
    assert doc.subject.startswith("Về việc tặng Giấy khen cho các cá nhân, hộ gia đình có thành tích"), doc.subject
    households = [r for r in papers.qd_rows(ledger, met["period"]) if r["subject"] == "ho"]
    only = papers.build_qd(ledger, met["period"], doc_date="2026-06-18", rows=households)
    assert "cho các hộ gia đình có thành tích" in only.subject and "tập thể" not in only.subject
    assert "các hộ gia đình có tên tại Điều 1" in " ".join(b.text for b in only.blocks if hasattr(b, "text"))
