"""Finding the table in a clerk's own workbook: a title block, merged cells, header variants, a
numbering row, empty rows, the example row and a totals row with signatures below it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from db.connection import Ledger
from desktop.core.intake import planning, reader
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook


def test_header_variants_title_block_merged_cells_empty_and_totals_rows(tmp_path: Path) -> None:
    headers = ["TT", " ngày  THÁNG ", "TDP", "Họ tên", "Loại đối tượng", "Địa chỉ", "Tên công trình", "Hình thức",
               "Số lượng (m2)", "ĐVT", "Giá trị (đồng)", "Tờ BĐ", "Thửa", "Biên bản số", "Ghi chú"]
    rows = [
        ["ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM"],  # merged title block
        ["DANH SÁCH HỘ DÂN ĐÓNG GÓP XÂY DỰNG ĐƯỜNG"],
        [],
        headers,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)", "(13)", "(14)", "(15)"],
        ["Ví dụ", dt.date(2026, 1, 1), "Tổ 3", "Người mẫu", None, None, None, "Tiền", 1000],
        [1, dt.date(2026, 3, 2), "Tổ 3", "Lê Văn Tám", None, None, None, "Tiền", 500_000],
        [],
        ["   "],
        [2, "05/03/2026", "Tổ 3", "Trần Thị Lan", None, None, None, "Hiến đất", 20],
        [3],  # a pre-numbered row left empty
        [None, None, None, "Tổng cộng", None, None, None, None, None, None, 1_000_000],
        [None, None, None, "Người lập biểu", None, None, None, "Tổ trưởng"],
        [None, None, None, "Nguyễn Thị Hoa"],
    ]
    path = build_workbook(tmp_path / "to3.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A1:O1", "A2:O2"]})
    book = reader.read_workbook(path)
    [sheet] = book.sheets
    assert (sheet.name, sheet.kind, sheet.header_row) == ("Sheet1", "contributions", 4)
    assert sheet.headers["name"] == "Họ tên" and sheet.headers["value_vnd"] == "Giá trị (đồng)"
    assert sheet.headers["quantity"] == "Số lượng (m2)" and sheet.headers["group"] == "TDP"
    assert sheet.headers["date"] == "ngày  THÁNG"
    assert sheet.missing == []
    assert [(r.row, r.values["name"]) for r in sheet.rows] == [(7, "Lê Văn Tám"), (10, "Trần Thị Lan")]
    assert sheet.examples == 1 and sheet.total_row == 12 and sheet.after_total == 2
    assert sheet.rows[0].values["date"] == dt.date(2026, 3, 2)
    assert sheet.rows[1].values["quantity"] == 20


def test_two_row_header_under_a_merged_group_title(tmp_path: Path) -> None:
    top = ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Nội dung đóng góp", None, None, "Ghi chú"]
    sub = [None, None, None, None, "Hình thức", "Số lượng", "Giá trị quy đổi (đồng)", None]
    data = [1, "02/03/2026", "Tổ 1", "Phạm Văn Hải", "Ngày công", 3, None, "làm đường"]
    path = build_workbook(tmp_path / "two.xlsx", {"Đóng góp": [top, sub, data]},
                          merges={"Đóng góp": ["E1:G1", "A1:A2", "B1:B2", "C1:C2", "D1:D2", "H1:H2"]})
    [sheet] = reader.read_workbook(path).sheets
    assert sheet.header_row == 2
    assert {f: sheet.headers[f] for f in ("kind", "quantity", "value_vnd")} == {
        "kind": "Hình thức", "quantity": "Số lượng", "value_vnd": "Giá trị quy đổi (đồng)"}
    assert [(r.row, r.values["kind"], r.values["note"]) for r in sheet.rows] == [(3, "Ngày công", "làm đường")]


def test_sheets_recognised_by_name_or_by_headers_others_noted(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "mixed.xlsx", {
        "Ghi nhớ": [["Nhắc việc: nộp trước ngày 15"]],
        "Tháng 3": [CONTRIBUTION_HEADERS, [1, "02/03/2026", "Tổ 1", "Phạm Văn Hải", None, None, None, "Tiền", 100]],
        "TDP": [["Tên tổ dân phố", "Tổ trưởng"], ["Tổ dân phố 8", "Võ Thị Mai"]],
    })
    book = reader.read_workbook(path)
    assert [(s.name, s.kind) for s in book.sheets] == [("Tháng 3", "contributions"), ("TDP", "groups")]
    assert any("Ghi nhớ" in n for n in book.notes)


def test_missing_column_is_one_problem_naming_it(ledger: Ledger, tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "thieu.xlsx", {"Đóng góp": [
        ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Số lượng"],
        [1, "02/03/2026", "Tổ 1", "Phạm Văn Hải", 3],
    ]})
    plan = planning.plan(ledger, path)
    assert [str(p) for p in plan.problems] == [
        "Đóng góp, dòng 1: thiếu cột \"Hình thức\" ở dòng tiêu đề; không đọc được các dòng của trang này."]
    assert plan.counts()["Đóng góp"].problems == 1


def test_the_headers_decide_what_a_sheet_holds(tmp_path: Path) -> None:
    # Named like the groups sheet, but holding contributions: read as contributions.
    path = build_workbook(tmp_path / "tdp.xlsx", {"TDP": [
        CONTRIBUTION_HEADERS, [1, "02/03/2026", "Tổ 1", "Phạm Văn Hải", None, None, None, "Tiền", 100]]})
    [sheet] = reader.read_workbook(path).sheets
    assert sheet.kind == "contributions" and sheet.rows[0].values["name"] == "Phạm Văn Hải"
