"""The plain data workbook opens in openpyxl and calamine with the same values, dates and text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import python_calamine
from openpyxl import load_workbook

from desktop.core.files import xlsx_plain


def test_values_dates_and_risky_text_round_trip(tmp_path: Path) -> None:
    rows = [
        [dt.date(2026, 3, 2), "Tổ dân phố 3 & 4 <mới>", 1_500_000, 12.5, None, "=SUM(A1:A9)"],
        [dt.date(2025, 12, 31), "  cách đầu", 0, 0.1, "x", "+84 912 345 678"],
    ]
    blob = xlsx_plain.workbook([("Đóng góp", ["Ngày", "Tổ", "Tiền", "Đất (m²)", "Ghi chú", "Công thức?"], rows),
                                ("Trống", ["A"], [])])
    path = tmp_path / "d.xlsx"
    path.write_bytes(blob)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Đóng góp", "Trống"]
    ws = wb["Đóng góp"]
    assert [c.value for c in ws[1]] == ["Ngày", "Tổ", "Tiền", "Đất (m²)", "Ghi chú", "Công thức?"]
    assert ws["A2"].value == dt.datetime(2026, 3, 2) and ws["A2"].is_date
    assert ws["B2"].value == "Tổ dân phố 3 & 4 <mới>" and ws["C2"].value == 1_500_000 and ws["D2"].value == 12.5
    assert ws["E2"].value is None
    assert ws["F2"].value == "=SUM(A1:A9)" and ws["F2"].data_type == "s"  # text, never a formula
    assert ws["B3"].value == "  cách đầu" and ws["F3"].value == "+84 912 345 678"
    assert ws["C2"].number_format == "#,##0" and ws["D2"].number_format == "#,##0.0"
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    assert book.get_sheet_by_name("Đóng góp").to_python()[1][:4] == [dt.date(2026, 3, 2), "Tổ dân phố 3 & 4 <mới>",
                                                                    1_500_000.0, 12.5]


def test_repeated_and_equal_values_keep_their_type_and_place(tmp_path: Path) -> None:
    """Cells are written without references and built once per distinct value: an empty cell still
    holds its column, and 1, 1.0 and True (equal in Python) stay a whole number, a decimal, a 1."""
    rows = [[1, 1.0, True, None, "Tổ 1"], [None, None, None, None, "Tổ 1"], [1, 1.0, True, "x", None]] * 2
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_plain.workbook([("S", ["a", "b", "c", "d", "e"], rows)]))
    ws = load_workbook(path)["S"]
    assert [c.value for c in ws[2]] == [1, 1.0, 1, None, "Tổ 1"]
    assert ws["A2"].number_format == "#,##0" and ws["B2"].number_format == "#,##0.0"
    assert [c.value for c in ws[3]][4] == "Tổ 1" and ws["D4"].value == "x" and ws["E4"].value is None
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python()
    assert grid[2][4] == "Tổ 1" and grid[3][3] == "x" and grid[6][:3] == [1.0, 1.0, 1.0]
