"""The upper level's consolidated list of the wards' proposals as a PDF (issue 17, "Sent upward, consolidated above"):
the heading of the upper unit, the title, the period and filters, one row per current proposal with its figures,
Tờ trình and the upper level's outcome, the totals by form; A4 landscape; `package proposals --out x.pdf`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger, open_ledger
from desktop.cli.app import main
from desktop.core.demo import builder
from desktop.core.exchange import handoff, proposals_above, proposals_pdf, upper
from desktop.core.report import narrative
from tests.core.exchange_helpers import new_upper, register


def flat(data: bytes) -> tuple[str, list[tuple[float, float]]]:
    """The text of every page, spaces folded, and each page's size in points."""
    pdf = pdfium.PdfDocument(data)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return re.sub(r"\s+", " ", text), [pdf[i].get_size() for i in range(len(pdf))]


@pytest.fixture(scope="module")
def upper_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An upper ledger holding a small demo ward's 2026 file."""
    d = tmp_path_factory.mktemp("upper-pdf")
    ward = open_ledger(d / "w.sqlite", user="Cán bộ")
    builder.build_demo(ward, size="small", seed=7)
    up = new_upper(d / "u.sqlite", user="Sở Nội vụ")
    register(ward, up, d / "k.json")
    file = handoff.export(ward, narrative.parse_period(ward, "2026"), d)["path"]
    ward.close()
    assert [i.action for i in upper.import_files(up, [file])] == ["new"]
    up.close()
    return d / "u.sqlite"


@pytest.fixture
def ledger(upper_db: Path) -> Ledger:
    led = open_ledger(upper_db, user="Sở Nội vụ")
    yield led
    led.close()


def test_the_list_holds_every_current_proposal_with_its_figures_and_outcome(ledger: Ledger) -> None:
    rows = proposals_above.list_current(ledger, "2026")
    assert len(rows) >= 2
    proposals_above.record_outcome(ledger, rows[0]["uuid"], "duoc_khen", number="77/QĐ-UBND", date=dt.date.today())
    rows = proposals_above.list_current(ledger, "2026")
    text, sizes = flat(proposals_pdf.render(ledger, rows, "năm 2026", date=dt.date(2026, 12, 3)))
    assert all(w > h for w, h in sizes)  # landscape (ND 30: a table)
    for words in ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 03 tháng 12 năm 2026", proposals_pdf.TITLE,
                  "(Các đề nghị phường, xã gửi lên, năm 2026)", "Tổng hợp theo hình thức khen thưởng"):
        assert words in text, words
    for r in rows:
        assert r["nominee_name"] in text and r["submission_no"] in text
        assert proposals_above.figures_text(r).split(";")[0] in text
    assert "Được khen (Quyết định số 77/QĐ-UBND" in text
    assert f"Tổng cộng {len(rows)} trường hợp" in text
    # the totals by form: the number of proposals and the one granted
    kind = rows[0]["kind_name"]
    same = sum(r["kind_name"] == kind for r in rows)
    assert re.search(rf"{re.escape(kind)} {same} {same - 1} 1\b", text), text


def test_the_filters_show_under_the_title_and_an_empty_list_says_so(ledger: Ledger) -> None:
    text, _ = flat(proposals_pdf.render(ledger, [], "năm 2026", filters={"ward": "Phường X", "outcome": "Trả lại"}))
    assert "(Các đề nghị phường, xã gửi lên, năm 2026; đơn vị: Phường X; kết quả: Trả lại)" in text
    assert "Không có đề nghị nào theo điều kiện đã chọn." in text and "Tổng cộng" not in text


def test_a_long_list_breaks_with_its_header_repeated_and_numbered_pages(ledger: Ledger) -> None:
    rows = proposals_above.list_current(ledger, "2026") * 15
    pdf = pdfium.PdfDocument(proposals_pdf.render(ledger, rows, "năm 2026"))
    assert len(pdf) >= 2
    second = pdf[1].get_textpage().get_text_range()
    assert second.lstrip().startswith("2") and "Họ và tên, đơn vị" in second


def test_the_command_writes_the_pdf_or_the_excel_by_the_suffix(upper_db: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ds.pdf"
    assert main(["--db", str(upper_db), "package", "proposals", "--period", "2026", "--status", "duoc_khen",
                 "--out", str(out)]) == 0
    text, _ = flat(out.read_bytes())
    assert proposals_pdf.TITLE in text and "kết quả: Được khen" in text
    assert main(["--db", str(upper_db), "package", "proposals", "--period", "2026", "--out",
                 str(tmp_path / "ds.xlsx")]) == 0
    assert (tmp_path / "ds.xlsx").read_bytes()[:2] == b"PK"
    capsys.readouterr()
    assert main(["--db", str(upper_db), "package", "proposals", "--period", "2026", "--out",
                 str(tmp_path / "ds.csv")]) == 1
    assert ".xlsx" in capsys.readouterr().err and not (tmp_path / "ds.csv").exists()
