"""The import's error list for the tổ trưởng: the original rows as typed, a "Lỗi" column, the cells in question
marked; a "Lỗi chung" sheet for problems of no row; and the same list as a landscape PDF to print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.intake import error_list, planning
from desktop.core.ledger import setup
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row
from tests.core.test_demo_mark import marked

EXTRA = "Người thu tiền"  # a column the importer does not know: it must come back too


def _row(stt: int, **values: object) -> list[object]:
    base = {"date": "05/03/2026", "group": "Tổ 3", "name": "Lê Thị Mới", "contributor_kind": "Hộ gia đình",
            "kind": "Tiền", "quantity": "200.000"}
    base.update(values)
    return contribution_row(stt=stt, **base)


def _workbook(tmp_path: Path) -> Path:
    return build_workbook(tmp_path / "to3.xlsx", {
        "Đóng góp": [
            ["DANH SÁCH ĐÓNG GÓP TỔ 3"],  # a title above the header, as tổ trưởng write
            [],
            [*CONTRIBUTION_HEADERS, EXTRA],
            [*_row(1, name="Trần Văn Đúng"), "Bà Lan"],
            [*_row(2, date="31/02/2026", note="đóng thêm"), "Bà Lan"],
            [*_row(3, group="Tổ 99", quantity="abc", kind="Ngày công"), "Ông Hải"],
            [*_row(4, name="Nguyễn Thị Tư", quantity=2500000), None],
        ],
        # A sheet without its name column: a problem of the sheet, not of a row.
        "Tổ dân phố": [["Tổ trưởng", "Số hộ"], ["Ông Năm", 120]],
    })


@pytest.fixture
def errors(demo_ledger: Ledger, tmp_path: Path) -> error_list.ErrorList:
    plan = planning.plan(demo_ledger, _workbook(tmp_path))
    assert plan.problems  # the workbook has problems to list
    return error_list.build(plan)


def test_rows_come_back_as_typed_with_their_errors(errors: error_list.ErrorList, demo_ledger: Ledger,
                                                   tmp_path: Path) -> None:
    out = error_list.write(errors, tmp_path / "loi.xlsx", setup.get_unit(demo_ledger))
    wb = load_workbook(out)
    assert wb.sheetnames == [error_list.GENERAL_SHEET, "Đóng góp"]

    general = [r for r in wb[error_list.GENERAL_SHEET].iter_rows(values_only=True)]
    assert general[1] == ("Trang", "Dòng", "Lỗi")
    assert any(r[0] == "Tổ dân phố" and "thiếu cột" in (r[2] or "") for r in general[2:])

    ws = wb["Đóng góp"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = rows[2]
    assert header == [*CONTRIBUTION_HEADERS, EXTRA, "Lỗi", "Dòng trong tệp gốc"]
    data = rows[3:]
    # Only the rows with problems, in the file's order, every column as typed (text stays text: "abc", a
    # date that does not exist, the column the importer ignores).
    assert [r[-1] for r in data] == [5, 6]
    at = {h: i for i, h in enumerate(header)}
    bad_date, bad_row = data
    assert bad_date[at["Ngày"]] == "31/02/2026" and bad_date[at["Ghi chú"]] == "đóng thêm"
    assert bad_date[at[EXTRA]] == "Bà Lan" and bad_date[at["STT"]] == 2
    assert bad_row[at["Số lượng"]] == "abc" and bad_row[at["Tổ dân phố"]] == "Tổ 99"
    assert bad_row[at["Hình thức"]] == "Ngày công" and bad_row[at[EXTRA]] == "Ông Hải"
    # Every message of the row, in its "Lỗi" cell, naming the column.
    assert "Cột \"Ngày\"" in bad_date[at["Lỗi"]] and "31/02/2026" in bad_date[at["Lỗi"]]
    assert "Cột \"Tổ dân phố\"" in bad_row[at["Lỗi"]] and "Cột \"Số lượng\"" in bad_row[at["Lỗi"]]
    # The cells to correct are filled; the others are not.
    marked = {(c.row, c.column - 1) for r in ws.iter_rows(min_row=4) for c in r
              if c.fill is not None and c.fill.fill_type == "solid"}
    assert marked == {(4, at["Ngày"]), (5, at["Tổ dân phố"]), (5, at["Số lượng"])}
    assert setup.get_unit(demo_ledger)["name"] in rows[0][0] and "to3.xlsx" in rows[0][0]


def test_the_list_the_import_makes_reads_back_the_same_problems(errors: error_list.ErrorList, demo_ledger: Ledger,
                                                                tmp_path: Path) -> None:
    """The tổ trưởng may correct the rows in the list itself and send it back: same sheet and headers."""
    out = error_list.write(errors, tmp_path / "loi.xlsx")
    again = planning.plan(demo_ledger, out)
    assert sorted((p.column, p.message) for p in again.problems if p.sheet == "Đóng góp") == \
        sorted((p.column, p.message) for s in errors.sheets for r in s.rows for p in r.problems)


def test_pdf_lists_sheet_row_column_content_and_error(errors: error_list.ErrorList, demo_ledger: Ledger,
                                                      tmp_path: Path) -> None:
    unit = setup.get_unit(demo_ledger)
    out = error_list.write(errors, tmp_path / "loi.pdf", unit)
    pdf = pdfium.PdfDocument(out.read_bytes())
    page = pdf[0]
    assert page.get_width() > page.get_height()  # landscape
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    words = " ".join(text.split())
    for expected in ("ỦY BAN NHÂN DÂN", unit["name"].upper(), "DANH SÁCH LỖI", "Nội dung đã ghi",
                     "31/02/2026", "abc", "Tổ 99", "to3.xlsx", "thiếu cột"):
        assert expected in words, expected
    assert error_list.table_rows(errors)[0][0] == "Tổ dân phố"  # the problems of no row come first
    assert not any(marked(out.read_bytes()))  # no watermark unless asked (a real ledger)
    assert all(marked(error_list.pdf_bytes(errors, unit, watermark="SỔ MẪU")))


def test_values_are_shown_as_excel_shows_them() -> None:
    assert error_list.shown(2500000) == "2.500.000"
    assert error_list.shown(12.5) == "12,5"
    assert error_list.shown(dt.datetime(2026, 3, 5)) == "05/03/2026"
    assert error_list.shown(None) == ""


def test_only_xlsx_or_pdf(errors: error_list.ErrorList, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.xlsx"):
        error_list.write(errors, tmp_path / "loi.csv")
    assert not (tmp_path / "loi.csv").exists()
