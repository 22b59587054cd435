"""The Word report form: made for a unit and period, edited in Word the ways clerks do, its marked sections read
back; damaged or deleted marks told, crafted files refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from db.connection import Ledger
from desktop.core.round import forms_docx
from desktop.core.round.form_parts import FormFileError
from tests.core.round_forms_helpers import PERIOD, docx_section, fill_docx, make_units


@pytest.fixture
def form(ledger: Ledger, tmp_path: Path) -> tuple[dict[str, int], Path]:
    ids = make_units(ledger)
    return ids, forms_docx.write_form(ledger, ids["cong_chuc"], PERIOD, tmp_path / "form.docx")


def test_filled_in_word_reads_back_equal_with_paragraphs_and_thousands(form, tmp_path: Path) -> None:
    ids, path = form
    filled = fill_docx(path, tmp_path / "filled.docx",
                       {"dtc_ke_hoach_vnd": "1.500.000.000", "dtc_giai_ngan_vnd": "1 tỷ 200 triệu",
                        "chuong_trinh_thtk": "2"},
                       {"ket_qua": ["Đoạn thứ nhất.", "Đoạn thứ hai.", "Đoạn thứ ba."],
                        "de_xuat": ["Đề nghị cấp trên hỗ trợ xi măng."]})
    report = forms_docx.read_form(filled)
    assert report.problems == [] and report.notes == []
    assert report.figures == {"dtc_ke_hoach_vnd": 1_500_000_000, "dtc_giai_ngan_vnd": 1_200_000_000,
                              "chuong_trinh_thtk": 2}
    assert report.texts == {"ket_qua": "Đoạn thứ nhất.\nĐoạn thứ hai.\nĐoạn thứ ba.",
                            "de_xuat": "Đề nghị cấp trên hỗ trợ xi măng."}
    assert (report.unit_id, report.period_code, report.source) == (ids["cong_chuc"], PERIOD, "docx")


def _delete(doc: docx.document.Document, start: int, count: int) -> None:
    for par in doc.paragraphs[start:start + count]:
        par._p.getparent().remove(par._p)


def test_a_deleted_section_is_said_missing_and_the_others_kept(form, tmp_path: Path) -> None:
    _ids, path = form
    filled = fill_docx(path, tmp_path / "f.docx", {}, {"tiet_kiem": ["Tiết kiệm 12 triệu."],
                                                       "de_xuat": ["Không."]})
    doc = docx.Document(str(filled))
    _delete(doc, docx_section(doc, "danh_gia") - 2, 3)  # its mark, heading and placeholder
    doc.save(str(filled))
    report = forms_docx.read_form(filled)
    assert report.texts == {"tiet_kiem": "Tiết kiệm 12 triệu.", "de_xuat": "Không."}
    assert report.problems == []
    assert any("Tồn tại, hạn chế" in n for n in report.notes)


@pytest.mark.parametrize("damage", ["[[muc:tiet_kiem]", "[muc:tiet_kiem]]", "[[muc:tiet_kiem_x]]"])
def test_a_damaged_mark_is_reported_and_its_text_not_given_to_the_section_before(form, tmp_path: Path,
                                                                                   damage: str) -> None:
    _ids, path = form
    filled = fill_docx(path, tmp_path / "f.docx", {}, {"ket_qua": ["Kết quả tốt."],
                                                       "tiet_kiem": ["Không được gán cho mục trước."]})
    doc = docx.Document(str(filled))
    mark = doc.paragraphs[docx_section(doc, "tiet_kiem") - 2]
    mark.text = damage
    doc.save(str(filled))
    report = forms_docx.read_form(filled)
    assert report.texts == {"ket_qua": "Kết quả tốt."}
    [problem] = report.problems
    assert problem.typed == damage and problem.row is not None and problem.row_word == "đoạn"


def test_a_figure_typed_wrong_in_the_table_is_named_by_row(form, tmp_path: Path) -> None:
    _ids, path = form
    filled = fill_docx(path, tmp_path / "f.docx", {"cong_trinh_tiet_kiem": "1,500", "chuong_trinh_thtk": "3"},
                       {"lanh_dao": ["Có."]})
    report = forms_docx.read_form(filled)
    [problem] = report.problems
    assert (problem.sheet, problem.row, problem.column, problem.typed) == ("Bảng số liệu", 6, "Số liệu", "1,500")
    assert report.figures == {"chuong_trinh_thtk": 3}


def test_identity_kept_in_the_properties_when_the_mark_line_is_deleted(form, tmp_path: Path) -> None:
    ids, path = form
    filled = fill_docx(path, tmp_path / "f.docx", {}, {"lanh_dao": ["Có."]})
    doc = docx.Document(str(filled))
    mark = next(p for p in doc.paragraphs if p.text.startswith("[[mau:"))
    mark._p.getparent().remove(mark._p)
    doc.save(str(filled))
    assert forms_docx.read_form(filled).unit_id == ids["cong_chuc"]
    doc.core_properties.identifier = ""
    doc.save(str(filled))
    with pytest.raises(FormFileError, match="không mang dấu"):
        forms_docx.read_form(filled)


def _rezip(src: Path, out: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change.pop(info.filename, None) or zin.read(info.filename))
        for name, data in change.items():
            zout.writestr(name, data)
    return out


@pytest.mark.parametrize("attack, words", [
    ("macro", "macro"), ("dtd", "DOCTYPE"), ("bomb", "phình ra"), ("doc", "Office cũ"), ("excel", "Excel")])
def test_crafted_word_files_are_refused(form, tmp_path: Path, attack: str, words: str) -> None:
    _ids, path = form
    bad = tmp_path / "bad.docx"
    if attack == "macro":
        with zipfile.ZipFile(path) as z:
            types = z.read("[Content_Types].xml")
        _rezip(path, bad, {"[Content_Types].xml": types.replace(
            b"document.main+xml", b"document.macroEnabled.main+xml"), "word/vbaProject.bin": b"\0" * 64})
    elif attack == "dtd":
        with zipfile.ZipFile(path) as z:
            body = z.read("word/document.xml")
        _rezip(path, bad, {"word/document.xml": body.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x "x">]>', 1)})
    elif attack == "bomb":
        _rezip(path, bad, {"word/media/image1.xml": b"0" * (61 * 1024 * 1024)})
    elif attack == "doc":
        bad.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    else:
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(FormFileError, match=words):
        forms_docx.read_form(bad)


def test_text_typed_with_track_changes_on_is_read_and_deleted_text_is_not(form, tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    _ids, path = form
    filled = fill_docx(path, tmp_path / "f.docx", {}, {"ket_qua": ["Đã làm "]})
    doc = docx.Document(str(filled))
    par = doc.paragraphs[docx_section(doc, "ket_qua")]
    par._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="Tổ trưởng"><w:r><w:t>3 km đường.</w:t>'
                            "</w:r></w:ins>"))
    par._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="Tổ trưởng"><w:r><w:delText>bỏ</w:delText>'
                            "</w:r></w:del>"))
    doc.save(str(filled))
    assert forms_docx.read_form(filled).texts == {"ket_qua": "Đã làm 3 km đường."}
