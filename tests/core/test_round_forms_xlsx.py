"""The xlsx report form: made for a unit and period, filled in as a unit would, read back cell by cell."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from db.connection import Ledger
from desktop.core.round import forms_xlsx, units
from desktop.core.round.form_parts import FormFileError
from tests.core.round_forms_helpers import PERIOD, fill_xlsx, make_units


@pytest.fixture
def form(ledger: Ledger, tmp_path: Path) -> tuple[Ledger, dict[str, int], Path]:
    ids = make_units(ledger)
    return ledger, ids, forms_xlsx.write_form(ledger, ids["cong_chuc"], PERIOD, tmp_path / "form.xlsx")


def test_the_form_lists_the_units_indicators_and_sections_with_its_identity(form) -> None:
    ledger, ids, path = form
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Số liệu", "Nội dung"]
    codes = [r[0] for r in wb["Số liệu"].iter_rows(min_row=5, values_only=True)]
    assert codes == ["dtc_ke_hoach_vnd", "dtc_giai_ngan_vnd", "tiet_kiem_chi_tx_vnd", "xhh_hop_phap_vnd",
                     "cong_trinh_tiet_kiem", "chuong_trinh_thtk"]
    assert wb["Số liệu"].column_dimensions["A"].hidden and wb["Số liệu"].protection.sheet
    assert not wb["Số liệu"]["D5"].protection.locked and wb["Số liệu"]["B5"].protection.locked
    guide = {r[2]: r[3] for r in wb["Hướng dẫn"].iter_rows(values_only=True) if r[2]}
    assert guide["Mã đơn vị"] == "21580" and guide["Kỳ báo cáo"] == PERIOD
    assert guide["Mã đơn vị báo cáo"] == str(ids["cong_chuc"])
    assert "Công chức Tài chính – Kế toán" in wb["Số liệu"]["A2"].value


def test_filled_form_reads_back_equal(form, tmp_path: Path) -> None:
    _ledger, ids, path = form
    text = "Đã ban hành kế hoạch.\nTổ chức 3 hội nghị."
    filled = fill_xlsx(path, tmp_path / "filled.xlsx",
                       {"dtc_ke_hoach_vnd": "2 tỷ", "dtc_giai_ngan_vnd": "1.500.000.000",
                        "tiet_kiem_chi_tx_vnd": 250_000_000, "cong_trinh_tiet_kiem": "3 công trình",
                        "chuong_trinh_thtk": 2},
                       {"lanh_dao": text, "tiet_kiem": "Tiết kiệm 250 triệu đồng."})
    report = forms_xlsx.read_form(filled)
    assert report.problems == []
    assert report.figures == {"dtc_ke_hoach_vnd": 2_000_000_000, "dtc_giai_ngan_vnd": 1_500_000_000,
                              "tiet_kiem_chi_tx_vnd": 250_000_000, "cong_trinh_tiet_kiem": 3, "chuong_trinh_thtk": 2}
    assert report.texts == {"lanh_dao": text, "tiet_kiem": "Tiết kiệm 250 triệu đồng."}
    assert report.unit_id == ids["cong_chuc"] and report.period_code == PERIOD and report.source == "xlsx"
    assert len(report.sha256) == 64


def test_bad_cells_are_named_by_sheet_row_column_and_what_was_typed(form, tmp_path: Path) -> None:
    _ledger, _ids, path = form
    filled = fill_xlsx(path, tmp_path / "bad.xlsx",
                       {"dtc_ke_hoach_vnd": "hai tỷ", "dtc_giai_ngan_vnd": "1,500 triệu",
                        "cong_trinh_tiet_kiem": "12,5", "chuong_trinh_thtk": "1,500",
                        "tiet_kiem_chi_tx_vnd": "300 triệu"}, {})
    wb = openpyxl.load_workbook(filled)
    wb["Số liệu"]["A10"] = "chi_tieu_la"  # a code edited
    wb["Số liệu"]["D10"] = 4
    wb.save(filled)
    report = forms_xlsx.read_form(filled)
    got = {(p.sheet, p.row, p.column, p.typed) for p in report.problems}
    assert got == {("Số liệu", 5, "Số liệu", "hai tỷ"), ("Số liệu", 6, "Số liệu", "1,500 triệu"),
                   ("Số liệu", 9, "Số liệu", "12,5"), ("Số liệu", 10, "Mã chỉ tiêu", "chi_tieu_la")}
    assert report.figures == {"tiet_kiem_chi_tx_vnd": 300_000_000}  # the good cell is still read
    ambiguous = next(p for p in report.problems if p.row == 6)
    assert "1,5" in ambiguous.message and "1.500" in ambiguous.message  # both readings named, none chosen


def test_percentages_typed_every_way_and_an_ambiguous_fraction_refused(ledger: Ledger, tmp_path: Path) -> None:
    unit = units.add(ledger, {"kind": "cong_chuc", "field": "van_hoa_xa_hoi", "name": "Công chức Văn hóa – Xã hội"})
    path = forms_xlsx.write_form(ledger, unit, PERIOD, tmp_path / "vhxh.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Số liệu"]
    rows = {r[0].value: r[0].row for r in ws.iter_rows(min_row=5)}
    ws.cell(rows["gia_dinh_van_hoa_pct"], 4, 0.955).number_format = "0.0%"  # Excel stores 95,5% as 0,955
    ws.cell(rows["tdp_van_hoa_pct"], 4, "0,95")
    ws.cell(rows["tin_bai_tuyen_truyen"], 4, "1.500")
    wb.save(path)
    report = forms_xlsx.read_form(path)
    assert report.figures == {"gia_dinh_van_hoa_pct": 95.5, "tin_bai_tuyen_truyen": 1500}
    [problem] = report.problems
    assert problem.row == rows["tdp_van_hoa_pct"] and problem.typed == "0,95" and "95%" in problem.message


def test_an_empty_form_or_one_without_its_identity_is_refused(form, tmp_path: Path) -> None:
    _ledger, _ids, path = form
    with pytest.raises(FormFileError, match="chưa ghi gì"):
        forms_xlsx.read_form(path)
    filled = fill_xlsx(path, tmp_path / "x.xlsx", {"chuong_trinh_thtk": 1}, {})
    wb = openpyxl.load_workbook(filled)
    del wb["Hướng dẫn"]
    wb.save(filled)
    with pytest.raises(FormFileError, match="không mang dấu"):
        forms_xlsx.read_form(filled)


def _rezip(src: Path, out: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change.pop(info.filename, zin.read(info.filename)))
        for name, data in change.items():
            zout.writestr(name, data)
    return out


@pytest.mark.parametrize("attack, words", [
    ("text", "không phải bảng tính"), ("macro", "macro"), ("dtd", "DOCTYPE"), ("bomb", "phình ra"),
    ("word", "văn bản Word")])
def test_crafted_files_are_refused_before_any_parser(form, tmp_path: Path, attack: str, words: str) -> None:
    _ledger, _ids, path = form
    bad = tmp_path / "bad.xlsx"
    if attack == "text":
        bad.write_text("Mã chỉ tiêu;Số liệu\n", encoding="utf-8")
    elif attack == "macro":
        _rezip(path, bad, {"xl/vbaProject.bin": b"\0" * 100})
    elif attack == "dtd":
        with zipfile.ZipFile(path) as z:
            sheet = z.read("xl/worksheets/sheet2.xml")
        _rezip(path, bad, {"xl/worksheets/sheet2.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet})
    elif attack == "bomb":
        _rezip(path, bad, {"xl/media/big.xml": b" " * (70 * 1024 * 1024)})
    else:
        _rezip(path, bad, {"word/document.xml": b"<w/>"})
        with zipfile.ZipFile(bad) as z:
            names = z.namelist()
        keep = tmp_path / "word.xlsx"
        with zipfile.ZipFile(bad) as zin, zipfile.ZipFile(keep, "w") as zout:
            for n in names:
                if n != "xl/workbook.xml":
                    zout.writestr(n, zin.read(n))
        bad = keep
    with pytest.raises(FormFileError, match=words):
        forms_xlsx.read_form(bad)
