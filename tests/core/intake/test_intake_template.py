"""The intake workbook (DESIGN §5.4): sheets, exact headers, drop-down lists, formats, example rows
that the import ignores, and a safe write."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.intake import applying, planning
from desktop.core.intake.template import write_template
from desktop.core.ledger import groups
from tests.core.intake.helpers import GROUP_HEADERS, WORK_HEADERS, table_counts

HEADER_ROW = 3
# The template's Đóng góp header: §5.4's columns, with Trạng thái after the value and Loại đất with the land columns.
TEMPLATE_CONTRIBUTION_HEADERS = ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Đối tượng", "Địa chỉ", "Công trình",
                                 "Hình thức", "Số lượng", "Đơn vị tính", "Giá trị quy đổi (đồng)", "Trạng thái",
                                 "Tờ bản đồ", "Thửa đất", "Loại đất", "Số biên bản", "Ghi chú"]


def _headers(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [c.value for c in ws[HEADER_ROW] if c.value is not None]


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    """Column letter → list source of each drop-down."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv.formula1
    return out


def _list_values(wb: openpyxl.Workbook, source: str) -> list[str]:
    sheet, _, cells = source.partition("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[cells.replace("$", "")] for c in row]


def test_sheets_headers_frozen_bold_header(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(ledger, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["Hướng dẫn", "Tổ dân phố", "Công trình", "Đóng góp"]
    assert all(wb[name].sheet_state == "hidden" for name in wb.sheetnames[4:])
    for name, expected in (("Tổ dân phố", GROUP_HEADERS), ("Công trình", WORK_HEADERS),
                           ("Đóng góp", TEMPLATE_CONTRIBUTION_HEADERS)):
        ws = wb[name]
        assert _headers(ws) == expected, name
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert all(c.font.b for c in ws[HEADER_ROW] if c.value)
        assert ws.column_dimensions["A"].width >= 7
    assert wb.active.title == "Đóng góp"
    guide = " ".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    for words in ("15/03/2026", "1.500.000", "12,5", "Ví dụ", "Hiến đất", "Hộ gia đình",
                  "Tổng cộng"):
        assert words in guide


def test_drop_down_lists_from_the_ledger(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    old = groups.add(ledger, {"name": "Tổ dân phố 9"})
    groups.merge(ledger, old, ward["g1"], "2025-07-01")  # inactive: not offered
    path = tmp_path / "mau.xlsx"
    write_template(ledger, path)
    wb = openpyxl.load_workbook(path)
    dv = _validations(wb["Đóng góp"])
    # Tổ dân phố, Đối tượng, Công trình, Hình thức, Trạng thái, Loại đất
    assert set(dv) == {"C", "E", "G", "H", "L", "O"}
    assert _list_values(wb, dv["C"]) == ["Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3"]
    assert _list_values(wb, dv["E"]) == ["Hộ gia đình", "Cá nhân", "Tập thể", "Doanh nghiệp"]
    assert _list_values(wb, dv["H"]) == ["Hiến đất", "Tiền", "Vật tư", "Ngày công", "Tài sản", "Khác"]
    assert _list_values(wb, dv["G"]) == ["Đường bê tông hẻm 12"]
    assert _list_values(wb, dv["L"]) == ["Đăng ký", "Đã nhận"]
    assert _list_values(wb, dv["O"])[:2] == ["Đất ở tại đô thị", "Đất ở tại nông thôn"]
    assert _list_values(wb, dv["O"])[-1] == "Đất khác"
    works_dv = _validations(wb["Công trình"])
    assert _list_values(wb, works_dv["H"]) == ["Chuẩn bị", "Đang thi công", "Hoàn thành"]
    strict = {d.formula1: d.errorStyle for d in wb["Đóng góp"].data_validations.dataValidation}
    # A new tổ may be typed; a new kind, status or land type may not.
    assert strict[dv["H"]] == strict[dv["L"]] == strict[dv["O"]] == "stop" and strict[dv["C"]] == "warning"


def test_workbook_for_one_group_offers_only_that_group(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "mau-to-2.xlsx"
    write_template(ledger, path, group_id=ward["g2"])
    wb = openpyxl.load_workbook(path)
    assert _list_values(wb, _validations(wb["Đóng góp"])["C"]) == ["Tổ dân phố 2"]
    with pytest.raises(UserError, match="mã 999"):
        write_template(ledger, tmp_path / "x.xlsx", group_id=999)


def test_number_and_date_formats(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(ledger, path)
    ws = openpyxl.load_workbook(path)["Đóng góp"]
    example, first_free = HEADER_ROW + 1, HEADER_ROW + 2
    assert ws.cell(example, 1).value == "Ví dụ" and ws.cell(example, 1).font.i
    assert ws.cell(example, 2).number_format == "dd/mm/yyyy"
    assert ws.cell(first_free, 2).number_format == "dd/mm/yyyy"  # dates the tổ trưởng types show dd/mm/yyyy
    assert ws.cell(first_free, 11).number_format == "#,##0"  # Giá trị quy đổi: 1.500.000 in a Vietnamese Excel
    works_ws = openpyxl.load_workbook(path)["Công trình"]
    assert works_ws.cell(first_free, 7).number_format == "#,##0"


def test_template_imports_as_nothing_to_import(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(ledger, path)
    before = table_counts(ledger)
    plan = planning.plan(ledger, path)
    assert plan.problems == [] and plan.duplicates == [] and plan.ambiguous == []
    assert plan.nothing_to_add()
    counts = plan.counts()
    assert {name: c.examples for name, c in counts.items()} == {"Tổ dân phố": 1, "Công trình": 1, "Đóng góp": 1}
    assert all(c.read == 0 for c in counts.values())
    assert "Không có gì mới" in plan.summary_text()
    result = applying.apply(ledger, plan, only_valid=False)
    assert result.contributions_added == 0 and result.backup is None
    assert table_counts(ledger) == before


def test_written_safely_old_file_kept_on_failure(ledger: Ledger, ward: dict[str, int], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mau.xlsx"
    path.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.core.files.safe_files.os.fsync", full_disk)
    with pytest.raises(UserError, match="Không ghi được"):
        write_template(ledger, path)
    assert path.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if "mau.xlsx" in p.name and p.name != "mau.xlsx"]  # no temporary left
