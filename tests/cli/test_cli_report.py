"""`thidua report`: the PDF of ND 30/2020 printing exactly the figures of `thidua summary`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from desktop.core.figures import figures
from desktop.core.pdf.heading import bare_name
from tests.cli.test_cli import run

MM = 72 / 25.4


def _pages_text(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def report_pdf(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict]:
    code, out, _ = run(capsys, "--db", str(demo_path), "summary", "--period", "2026-H1", "--format", "json")
    assert code == 0
    summary = json.loads(out)
    pdf = tmp_path / "bc.pdf"
    code, out, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--out", str(pdf))
    assert code == 0, err
    return pdf, summary


def test_the_pdf_holds_the_header_and_every_figure_of_summary(report_pdf: tuple[Path, dict]) -> None:
    pdf, summary = report_pdf
    text = _flat(" ".join(_pages_text(pdf)))
    unit = summary["unit"]["name"]  # the demo's invented unit, read from the ledger
    for element in ("ỦY BAN NHÂN DÂN", unit.upper(), "Số: /BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", f"{bare_name(unit)}, ngày", "BÁO CÁO",
                    "Sơ kết 6 tháng đầu năm 2026 thực hiện Phong trào thi đua", "Kính gửi:", "Nơi nhận:",
                    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hùng", "Phụ lục I", "Phụ lục II", "DỰ THẢO"):
        assert element in text, element
    for key in figures.TOTAL_KEYS:
        assert figures.format_value(key, summary["totals"][key]) in text, key
    for row in summary["by_group"]:
        assert row["group"] in text
        assert figures.format_value("total_value_vnd", row["total_value_vnd"]) in text


def test_a4_margins_fonts_and_page_numbers(report_pdf: tuple[Path, dict]) -> None:
    pdf_path, _ = report_pdf
    pdf = pdfium.PdfDocument(str(pdf_path))
    assert len(pdf) >= 4
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        assert sorted((round(w), round(h))) == [595, 842], i  # A4, portrait or landscape
        tp = page.get_textpage()
        lefts = [tp.get_charbox(j)[0] for j in range(tp.count_chars()) if not tp.get_text_range(j, 1).isspace()]
        assert min(lefts) >= 30 * MM - 0.5, f"page {i + 1} prints left of the 30 mm margin"
    top = 20 * MM

    def header_text(i: int) -> str:
        page = pdf[i]
        return page.get_textpage().get_text_bounded(top=page.get_height(), bottom=page.get_height() - top).strip()

    assert header_text(0) == "" or not header_text(0).isdigit()
    assert header_text(1) == "2"
    for font in _fonts(pdf_path):
        assert "Liberation" in font["name"] and font["embedded"], font


def _fonts(path: Path) -> list[dict]:
    out = []
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fd = desc.get("/FontDescriptor")
            fd = fd.get_object() if fd is not None else {}
            out.append({"name": str(font["/BaseFont"]),
                        "embedded": any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))})
    return out


def test_issue_from_the_command_line_numbers_and_locks(demo_path: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    # The demo's report still holds "…" gaps: issuing it takes the clerk's explicit --allow-gaps (issue 16, fault 3;
    # the refusal without it is tests/cli/test_cli_draft.py).
    code, out, _ = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "a.pdf"),
                       "--issue", "--allow-gaps")
    assert code == 0 and "Đã ban hành Báo cáo số 01/BC-UBND" in out
    text = _flat(" ".join(_pages_text(tmp_path / "a.pdf")))
    assert "Số: 01/BC-UBND" in text and "DỰ THẢO" not in text
    assert "Kèm theo Báo cáo số 01/BC-UBND" in text

    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "b.pdf"),
                       "--issue", "--number", "1", "--allow-gaps")
    assert code == 1 and "01/BC-UBND đã dùng" in err and not (tmp_path / "b.pdf").exists()

    code, _, err = run(capsys, "--db", db, "unlock", "--period", "2026-H1", "--reason", "ab")
    assert code == 1 and "lý do" in err
    code, out, _ = run(capsys, "--db", db, "unlock", "--period", "2026-H1", "--reason", "Sửa số liệu tổ 2")
    assert code == 0 and "Đã mở khóa" in out
    code, out, _ = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "c.pdf"),
                       "--issue", "--allow-gaps")
    assert code == 0 and "02/BC-UBND" in out


def test_bad_period_and_unwritable_target(demo_path: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H3", "--out",
                       str(tmp_path / "x.pdf"))
    assert code == 1 and "Kỳ báo cáo" in err
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--out",
                       str(tmp_path / "no-such-folder" / "x.pdf"))
    assert code == 1 and "Không có thư mục" in err
