"""The upper level's list of wards imported from the clerk's workbook (issue 21): codes checked, bad rows named by
sheet/row/column, duplicates refused, registered wards updated only when confirmed, one transaction with audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import reception, upper, ward_register
from desktop.core.intake import ward_list
from tests.core.exchange_helpers import new_upper


def _xlsx(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"])  # a title above the header
    ws.append(header or ["STT", "Mã ĐVHC", "Tên đơn vị", "Loại", "Người liên hệ", "Điện thoại"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def up(tmp_path: Path) -> Ledger:
    led = new_upper(tmp_path / "tinh.sqlite")
    yield led
    led.close()


def _rows(path: Path) -> list[tuple[str, int, dict]]:
    return [(r.sheet, r.row, r.cells) for r in ward_list.read(path).rows]


def test_a_list_registers_wards_without_keys_in_one_transaction(up: Ledger, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ds.xlsx", [[1, "21256", "Phường Cẩm Thành", None, "Lê Văn A", "0905 111 222"],
                                        [2, 4, "Xã Bình Sơn", "Xã", None, None],
                                        [3, "21300", "Lý Sơn", "Đặc khu", None, None]])
    plan = ward_register.plan(up, _rows(path), source="ds.xlsx", joined_period="2025-H2")
    assert not plan.problems and [w["code"] for w in plan.new] == ["21256", "00004", "21300"]
    assert any("00004" in n for n in plan.notes)  # Excel dropped the zeros of a number cell
    assert upper.wards(up) == []  # the plan writes nothing
    before = up.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    ward_register.apply(up, _rows(path), source="ds.xlsx", joined_period="2025-H2")
    ws = {w["code"]: w for w in upper.wards(up)}
    assert ws["21256"]["kind"] == "phuong" and ws["21256"]["contact_phone"] == "0905 111 222"
    assert ws["00004"]["kind"] == "xa" and ws["21300"]["kind"] == "dac_khu"
    assert all(w["fingerprint"] == "" and w["public_key"] == "" and w["joined_period"] == "2025-H2"
               for w in ws.values())
    assert up.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before + 4  # 3 wards + the list
    assert upper.trusted_keys(up) == {}  # a ward without a key trusts nothing


def test_bad_rows_are_named_by_sheet_row_and_column_and_nothing_is_written(up: Ledger, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ds.xlsx", [[1, "2125", "Phường A", None, None, None],
                                        [2, "21256", None, None, None, None],
                                        [3, "21257", "Phường B", "Thị trấn", None, None],
                                        [4, "21258", "Phường C", None, None, None],
                                        [5, "21258", "Phường D", None, None, None]])
    plan = ward_register.plan(up, _rows(path), source="ds.xlsx")
    text = [str(p) for p in plan.problems]
    assert any(t.startswith("Trang \"Danh sách\", dòng 3, cột \"Mã ĐVHC\" (ô ghi \"2125\")") for t in text)
    assert any("dòng 4, cột \"Tên đơn vị\"" in t for t in text)
    assert any("dòng 5, cột \"Loại\"" in t and "Thị trấn" in t for t in text)
    assert any("dòng 7" in t and "dòng 6" in t for t in text)  # the duplicate names the first row
    with pytest.raises(UserError, match="4 lỗi"):
        ward_register.apply(up, _rows(path), source="ds.xlsx")
    assert upper.wards(up) == []


def test_a_registered_ward_is_updated_only_with_the_clerks_consent(up: Ledger, tmp_path: Path) -> None:
    first = _xlsx(tmp_path / "a.xlsx", [[1, "21256", "Phường Cẩm Thành", None, None, None]])
    ward_register.apply(up, _rows(first), source="a.xlsx")
    again = _xlsx(tmp_path / "b.xlsx", [[1, "21256", "Phường Cẩm Thành", None, "Trần Thị B", "0905 000 111"],
                                        [2, "21257", "Phường Nghĩa Lộ", None, None, None]])
    plan = ward_register.plan(up, _rows(again), source="b.xlsx")
    assert [u["code"] for u in plan.updates] == ["21256"] and [w["code"] for w in plan.new] == ["21257"]
    with pytest.raises(UserError, match="--dong-y-cap-nhat"):
        ward_register.apply(up, _rows(again), source="b.xlsx")
    assert len(upper.wards(up)) == 1  # all or nothing
    ward_register.apply(up, _rows(again), source="b.xlsx", update_existing=True)
    ws = {w["code"]: w for w in upper.wards(up)}
    assert len(ws) == 2 and ws["21256"]["contact_name"] == "Trần Thị B"
    same = ward_register.plan(up, _rows(again), source="b.xlsx")
    assert same.same == ["21256", "21257"] and not same.new and not same.updates


def test_a_file_without_the_code_and_name_columns_is_refused(up: Ledger, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "x.xlsx", [[1, "21256"]], header=["STT", "Số hiệu"])
    with pytest.raises(UserError, match="Mã ĐVHC"):
        ward_list.read(path)


def test_edit_ward_and_its_first_period(up: Ledger, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "a.xlsx", [[1, "21256", "Phường Cẩm Thành", None, None, None]])
    ward_register.apply(up, _rows(path), source="a.xlsx", joined_period="2026-H1")
    ward = upper.wards(up)[0]
    ward_register.edit_ward(up, ward["id"], {"name": "Phường Cẩm Thành", "kind": "Phường",
                                             "joined_period": "2025-H2", "contact_phone": "0255 3822 111"})
    ward = upper.wards(up)[0]
    assert ward["joined_period"] == "2025-H2" and ward["contact_phone"] == "0255 3822 111"
    with pytest.raises(UserError, match="Kỳ báo cáo đầu tiên"):
        ward_register.edit_ward(up, ward["id"], {"name": "X", "joined_period": "2025-Q7"})
    assert [r["code"] for r in reception.board(up, "2025-H2")["wards"]] == ["21256"]
    assert reception.board(up, "2025-H1")["not_joined"][0]["code"] == "21256"
