"""`thidua demo` then `thidua awards --period <award year> --out DIR`: the demo's whole award dossier on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.core.demo.awards import award_year
from desktop.core.demo.builder import FIRST_DAY


def _text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path.read_bytes())
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_demo_then_awards_writes_the_whole_dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out = tmp_path / "so.sqlite", tmp_path / "hoso"
    out.mkdir()
    assert main(["--db", str(db), "demo"]) == 0
    year = award_year(dt.date.today(), FIRST_DAY)  # 2026 from July 2026 on: the year the issue names
    assert year is not None
    capsys.readouterr()
    assert main(["--db", str(db), "awards", "--period", str(year), "--out", str(out)]) == 0
    stdout, stderr = capsys.readouterr()
    names = sorted(p.name for p in out.iterdir())
    code = str(year)
    issued = {"To-trinh-cap-phuong": "01", "Quyet-dinh-khen-thuong": "01",
              "Quyet-dinh-cong-nhan-gia-dinh-van-hoa": "02"}  # its own decision (Nghị định 86/2023)
    for stem, number in issued.items():
        assert f"{stem}-{code}-so-{number}.pdf" in names, names
    bb = [n for n in names if n.startswith("Bien-ban-hop-HDTDKT-") and "-so-" in n]
    assert len(bb) == 2 and bb[0].endswith("-so-01.pdf") and bb[1].endswith("-so-02.pdf")
    assert any(n.startswith(f"To-trinh-cap-tren-{code}-so-") for n in names)
    for name in (f"Bao-cao-tom-tat-thanh-tich-{code}.pdf", f"Giay-khen-{code}.pdf",
                 f"Danh-sach-de-nghi-khen-thuong-{code}.xlsx"):
        assert name in names and (out / name).stat().st_size > 1000
    assert "Chưa lập" not in stderr  # nothing of the dossier is missing
    assert "Giấy khen (" in stdout

    qd = _text(out / f"Quyet-dinh-khen-thuong-{code}-so-01.pdf")
    assert "01/QĐ-UBND" in qd and "Nguyễn Văn Hùng" in qd
    culture = " ".join(_text(out / f"Quyet-dinh-cong-nhan-gia-dinh-van-hoa-{code}-so-02.pdf").split())
    assert "02/QĐ-UBND" in culture and f"công nhận danh hiệu “Gia đình văn hóa” năm {year}" in culture
    assert "Nghị định số 86/2023/NĐ-CP" in culture and "Giấy khen" not in culture
    # its households get a Giấy công nhận (not a Giấy khen), numbered in the golden book by the decision at issue
    cert = _text(out / f"Giay-cong-nhan-{code}.pdf")
    assert "GIẤY CÔNG NHẬN" in cert and "Số sổ vàng: " in cert and "02/QĐ-UBND" in cert
    minutes = _text(out / bb[0])
    assert "01/BB-HĐTĐKT" in minutes
    sheet = load_workbook(out / f"Danh-sach-de-nghi-khen-thuong-{code}.xlsx").active
    statuses = {str(c.value) for c in next(iter(sheet.iter_cols(min_col=13, max_col=13)))}
    assert {"Dự thảo", "Đã có quyết định", "Được khen", "Đã trình cấp trên"} <= statuses
    assert len(pdfium.PdfDocument((out / f"Giay-khen-{code}.pdf").read_bytes())) >= 2
