"""Export of a table to .xlsx: Vietnamese number formats, real dates, frozen bold header, totals row,
widths, safe write, and user text that never becomes a formula (OWASP CSV injection)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.core.errors import UserError
from desktop.core.files.xlsx_export import MAX_WIDTH, export_table

HEADERS = ["Họ và tên", "Ngày", "Số hộ", "Diện tích (m²)", "Giá trị (đồng)"]
KINDS = ["text", "date", "int", "decimal", "vnd"]


def _export(tmp_path: Path, rows: list[list], total: list | None = None) -> openpyxl.worksheet.worksheet.Worksheet:
    path = export_table(tmp_path / "bang.xlsx", "Danh sách hộ hiến đất", HEADERS, rows, KINDS, total)
    return openpyxl.load_workbook(path).active


def test_formats_title_header_totals(tmp_path: Path) -> None:
    ws = _export(tmp_path, [["Nguyễn Văn An", dt.date(2026, 3, 5), 3, 45.5, 1_500_000],
                            ["Trần Thị Bé", "14/06/2026", 1, 12, 250_000]],
                 total=["Tổng cộng", None, 4, 57.5, 1_750_000])
    assert ws.title == "Danh sách hộ hiến đất"
    assert ws["A1"].value == "Danh sách hộ hiến đất" and ws["A1"].font.b
    assert [c.value for c in ws[2]] == HEADERS and all(c.font.b for c in ws[2])
    assert ws.freeze_panes == "A3"
    row = ws[3]
    assert row[1].value == dt.datetime(2026, 3, 5) and row[1].number_format == "dd/mm/yyyy"  # a real date
    assert ws["B4"].value == dt.datetime(2026, 6, 14)  # a dd/mm/yyyy string is stored as a date too
    assert (row[2].number_format, row[3].number_format, row[4].number_format) == ("#,##0", "#,##0.0", "#,##0")
    assert (row[2].data_type, row[4].value) == ("n", 1_500_000)
    totals = ws[5]
    assert [c.value for c in totals] == ["Tổng cộng", None, 4, 57.5, 1_750_000]
    assert all(c.font.b for c in totals) and totals[4].number_format == "#,##0"
    assert ws.auto_filter.ref == "A2:E4"


def test_widths_follow_content_and_are_capped(tmp_path: Path) -> None:
    ws = _export(tmp_path, [["x" * 200, None, 1, 1.0, 123_456_789_012]])
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["A"] == MAX_WIDTH
    assert widths["B"] >= len("dd/mm/yyyy") and widths["E"] >= len("123.456.789.012")
    assert widths["C"] < 15


@pytest.mark.parametrize("text", [
    "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","Bấm vào đây")', "@SUM(1+1)", "+84 912 345 678", "-5",
    "=1+1", "\t=1+1", "\n=1+1", "#N/A",
])
def test_user_text_never_becomes_a_formula(tmp_path: Path, text: str) -> None:
    path = export_table(tmp_path / "bang.xlsx", "Thử", ["Ghi chú", "Số"], [[text, 1]], ["text", "int"])
    cell = openpyxl.load_workbook(path).active["A3"]
    assert cell.data_type == "s"
    assert cell.value == text  # unchanged: phone numbers and "-" read as typed
    assert cell.quotePrefix  # Excel keeps it text even when the clerk edits the cell
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_control_characters_removed_long_text_cut(tmp_path: Path) -> None:
    ws = _export(tmp_path, [["Lê\x00 Văn\x07 Tám\x1f", None, None, None, None], ["x" * 40_000, None, None, None, None]])
    assert ws["A3"].value == "Lê Văn Tám"
    assert len(ws["A4"].value) == 32_767


def test_big_table_streams_from_a_generator(tmp_path: Path) -> None:
    start = dt.date(2026, 1, 1)
    rows = ([f"Người {i}", start + dt.timedelta(days=i % 365), i, i / 10, i * 1000] for i in range(20_000))
    path = export_table(tmp_path / "lon.xlsx", "Lớn", HEADERS, rows, KINDS, ["Tổng cộng", None, 0, 0.0, 0])
    wb = openpyxl.load_workbook(path, read_only=True)
    assert sum(1 for _ in wb.active.iter_rows(values_only=True)) == 2 + 20_000 + 1
    wb.close()


def test_written_safely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bang.xlsx"
    path.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.core.files.safe_files.os.fsync", full_disk)
    with pytest.raises(UserError, match="Không ghi được tệp"):
        export_table(path, "Thử", ["A"], [["x"]], ["text"])
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bang.xlsx"]


def test_bad_kinds_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_table(tmp_path / "x.xlsx", "Thử", ["A", "B"], [], ["text"])
    with pytest.raises(ValueError):
        export_table(tmp_path / "x.xlsx", "Thử", ["A"], [], ["money"])


def test_carriage_return_start_is_text(tmp_path: Path) -> None:
    path = export_table(tmp_path / "bang.xlsx", "Thử", ["Ghi chú"], [["\r=1+1"], ["dòng 1\r\ndòng 2"]], ["text"])
    ws = openpyxl.load_workbook(path).active
    assert (ws["A3"].value, ws["A3"].data_type, ws["A3"].quotePrefix) == ("\n=1+1", "s", True)
    assert ws["A4"].value == "dòng 1\ndòng 2"
