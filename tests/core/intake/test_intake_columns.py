"""Issue 18, the intake columns: Trạng thái (pledged or received, never guessed), Loại đất and the rate shown,
the unit a template belongs to, names typed without accents, and re-imports into a locked period."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.intake import applying, importplan, planning
from desktop.core.intake.names import typed_without_accents
from desktop.core.intake.template import write_template
from desktop.core.ledger import contributors, setup
from desktop.core.report import narrative, report
from tests.core.intake.helpers import build_workbook, contribution_row

HEADERS = ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Hình thức", "Số lượng"]
MONEY = [1, "02/03/2026", "Tổ 3", "Trần Văn Hùng", "Tiền", 500_000]


def _stored(ledger: Ledger, column: str) -> list:
    return [r[0] for r in ledger.conn.execute(f"SELECT {column} FROM contributions ORDER BY id")]  # noqa: S608


# --------------------------------------------------------------------------- Trạng thái


def test_no_status_column_the_clerk_chooses(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "a.xlsx", {"Đóng góp": [HEADERS, MONEY]})
    plan = planning.plan(ledger, path)
    assert plan.needs_status and not plan.status_column
    assert plan.status_text().startswith("Tệp không có cột Trạng thái: các khoản sẽ được ghi là …")
    assert "Tệp không có cột Trạng thái" in plan.summary_text()
    with pytest.raises(UserError, match="Hãy chọn Đăng ký hoặc Đã nhận"):
        applying.apply(ledger, plan, only_valid=False)
    assert _stored(ledger, "status") == []  # a refusal writes nothing
    plan.set_default_status("pledged")
    assert plan.status_text() == ("Tệp không có cột Trạng thái: các khoản sẽ được ghi là \"Đăng ký\" — chưa nhận, "
                                  "không tính vào số liệu báo cáo.")
    applying.apply(ledger, plan, only_valid=False)
    assert _stored(ledger, "status") == ["pledged"]


@pytest.mark.parametrize(("typed", "stored"), [("Đăng ký", "pledged"), ("dang ky", "pledged"), ("ĐK", "pledged"),
                                               ("Đã nhận", "received"), ("da nhan", "received"),
                                               ("đã nộp", "received")])
def test_status_column_read_as_typed(ledger: Ledger, ward: dict[str, int], contributions_book: Callable[..., Path],
                                     typed: str, stored: str) -> None:
    plan = planning.plan(ledger, contributions_book([contribution_row(
        stt=1, date="02/03/2026", group="Tổ 3", name="Trần Văn Hùng", kind="Tiền", quantity=500_000, status=typed)]))
    assert not plan.needs_status and plan.status_text() is None and plan.problems == []
    applying.apply(ledger, plan, only_valid=False)
    assert _stored(ledger, "status") == [stored]


def test_status_blank_cells_and_bad_words(ledger: Ledger, ward: dict[str, int],
                                          contributions_book: Callable[..., Path]) -> None:
    base = {"date": "02/03/2026", "group": "Tổ 3", "name": "Trần Văn Hùng", "kind": "Tiền"}
    plan = planning.plan(ledger, contributions_book([
        contribution_row(stt=1, **base, quantity=100_000, status=None),
        contribution_row(stt=2, **base, quantity=200_000, status="có lẽ"),
        contribution_row(stt=3, **base, quantity=300_000, status="Đăng ký"),
    ]))
    assert [str(p) for p in plan.problems] == [
        "Đóng góp, dòng 3, cột \"Trạng thái\": \"có lẽ\" không hợp lệ (chọn một trong: Đăng ký, Đã nhận)."]
    assert plan.status_text() == ("1 dòng để trống cột Trạng thái: các khoản đó sẽ được ghi là … (chưa chọn: hãy "
                                  "chọn Đăng ký hoặc Đã nhận).")
    plan.set_default_status("received")
    applying.apply(ledger, plan, only_valid=True)
    assert _stored(ledger, "status") == ["received", "pledged"]


# --------------------------------------------------------------------------- Loại đất and the rate used


def test_land_type_column_chooses_the_rate_and_the_preview_says_which(ledger: Ledger, ward: dict[str, int],
                                                                      tmp_path: Path) -> None:
    template = tmp_path / "mau.xlsx"
    write_template(ledger, template)
    wb = openpyxl.load_workbook(template)
    ws = wb["Đóng góp"]
    headers = [c.value for c in ws[3]]
    for r, (name, land) in enumerate((("Trần Văn Hùng", "Đất ở tại đô thị"), ("Lê Thị Lan", None),
                                      ("Võ Văn Ba", "ONT")), start=5):
        values = {"STT": r - 4, "Ngày": "15/03/2026", "Tổ dân phố": "Tổ dân phố 3", "Họ và tên": name,
                  "Hình thức": "Hiến đất", "Số lượng": 45.5, "Trạng thái": "Đã nhận", "Loại đất": land}
        for c, header in enumerate(headers, start=1):
            ws.cell(r, c, values.get(header))
    wb.save(template)
    plan = planning.plan(ledger, template)
    assert plan.problems == [] and plan.book_unit == plan.unit
    values = {c.name: c.values["value_vnd"] for c in plan.ok_rows}
    assert values == {"Trần Văn Hùng": 227_500_000, "Lê Thị Lan": 45_500_000, "Võ Văn Ba": 91_000_000}
    lines = plan.land_lines()
    assert lines[0] == ("Đóng góp, dòng 5: Trần Văn Hùng — 45,5 m², Đất ở tại đô thị (ODT): đơn giá \"Đất ở tại "
                        "đô thị (mẫu)\" 5.000.000 đ/m² → 227.500.000 đồng.")
    assert lines[1] == ("Đóng góp, dòng 6: Lê Thị Lan — 45,5 m², không ghi loại đất: dùng đơn giá \"Đất khác (mẫu)\" "
                        "1.000.000 đ/m² → 45.500.000 đồng (loại \"Đất khác\").")
    assert "Hiến đất — loại đất và đơn giá dùng:" in plan.summary_text()
    applying.apply(ledger, plan, only_valid=False)
    assert _stored(ledger, "land_type") == ["ODT", None, "ONT"]


def test_land_type_without_its_own_rate_is_said(ledger: Ledger, ward: dict[str, int],
                                                contributions_book: Callable[..., Path]) -> None:
    row = contribution_row(stt=1, date="02/03/2026", group="Tổ 3", name="Trần Văn Hùng", kind="Hiến đất",
                           quantity=10)
    path = contributions_book([row + ["Đất trồng cây lâu năm"]], extra=None)
    wb = openpyxl.load_workbook(path)
    wb["Đóng góp"].cell(1, len(row) + 1, "Loại đất")
    wb.save(path)
    plan = planning.plan(ledger, path)
    assert plan.land_lines() == [
        "Đóng góp, dòng 2: Trần Văn Hùng — 10 m², Đất trồng cây lâu năm (CLN): chưa có đơn giá riêng cho loại đất "
        "này, dùng đơn giá \"Đất khác (mẫu)\" 1.000.000 đ/m² → 10.000.000 đồng."]


# --------------------------------------------------------------------------- the unit of the template


def test_template_of_another_unit_is_refused_naming_both(ledger: Ledger, ward: dict[str, int],
                                                         tmp_path: Path) -> None:
    template = tmp_path / "mau.xlsx"
    write_template(ledger, template)
    guide = openpyxl.load_workbook(template)["Hướng dẫn"]
    assert guide.protection.sheet and guide["D1"].value == setup.get_unit(ledger)["code"]
    setup.update_unit(ledger, {"name": "Xã Tịnh Khê", "code": "21601"})
    wb = openpyxl.load_workbook(template)
    ws = wb["Đóng góp"]
    for c, value in enumerate([1, "15/03/2026", "Tổ dân phố 3", "Trần Văn Hùng", None, None, None, "Tiền", 100_000,
                               None, None, "Đã nhận"], start=1):
        ws.cell(5, c, value)
    wb.save(template)
    plan = planning.plan(ledger, template)
    assert plan.other_unit
    text = plan.unit_text()
    assert "Phường Nguyễn Nghiêm (mã 21580)" in text and "Xã Tịnh Khê (mã 21601)" in text
    with pytest.raises(UserError, match="Xã Tịnh Khê"):
        applying.apply(ledger, plan, only_valid=False)
    plan.other_unit_allowed = True
    assert applying.apply(ledger, plan, only_valid=False).contributions_added == 1


def test_hand_made_workbook_says_it_has_no_unit(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    plan = planning.plan(ledger, build_workbook(tmp_path / "a.xlsx", {"Đóng góp": [HEADERS, MONEY]}))
    assert plan.book_unit is None and not plan.other_unit
    assert "Tệp không mang mã đơn vị" in plan.summary_text()


# --------------------------------------------------------------------------- names without accents


@pytest.mark.parametrize(("name", "flagged"), [
    ("pham van duc", True), ("NGUYEN THI LAN", True), ("Le Van Tam", True), ("Cong ty ABC", True),
    ("Phạm Văn Đức", False), ("Mai Lan Anh", False), ("Phan Minh Nam", False), ("Duc", False),
    ("Nguyễn Van An", False),  # some marks typed: not "typed without accents" (a typo the clerk sees)
])
def test_names_typed_without_accents(name: str, flagged: bool) -> None:
    assert typed_without_accents(name) is flagged


def test_unaccented_new_name_waits_then_retyped(ledger: Ledger, ward: dict[str, int],
                                                contributions_book: Callable[..., Path]) -> None:
    base = {"date": "02/03/2026", "group": "Tổ 3", "kind": "Tiền"}
    plan = planning.plan(ledger, contributions_book([
        contribution_row(stt=1, **base, name="pham van duc", quantity=100_000),
        contribution_row(stt=2, **base, name="pham van duc", quantity=200_000),
        contribution_row(stt=3, **base, name="Mai Lan Anh", quantity=300_000),
    ]))
    [nc] = plan.unresolved_names
    assert nc.rows == [2, 3] and nc.proposal is None
    assert str(nc) == ("Đóng góp, dòng 2, 3: \"pham van duc\" (Tổ 3) gõ không dấu — hãy gõ lại tên có dấu, hoặc "
                       "xác nhận giữ tên như đã gõ.")
    assert [c.name for c in plan.ok_rows] == ["Mai Lan Anh"]
    assert "Tên gõ không dấu (chưa nhập):" in plan.summary_text()
    with pytest.raises(UserError, match="không phải"):
        plan.resolve_name(nc.key, importplan.RETYPED, "Phạm Văn Đạt")
    plan.resolve_name(nc.key, importplan.RETYPED, "Phạm Văn Đức")
    assert len(plan.ok_rows) == 3 and plan.unresolved_names == []
    applying.apply(ledger, plan, only_valid=False)
    names = {r[0] for r in ledger.conn.execute("SELECT name FROM contributors")}
    assert "Phạm Văn Đức" in names and "pham van duc" not in names


def test_unaccented_name_proposes_the_register_person(ledger: Ledger, ward: dict[str, int],
                                                      contributions_book: Callable[..., Path]) -> None:
    duc = contributors.add(ledger, {"name": "Phạm Văn Đức", "kind": "ho", "group_id": ward["g3"]})
    path = contributions_book([contribution_row(stt=1, date="02/03/2026", group="Tổ 3", name="pham van duc",
                                                kind="Tiền", quantity=100_000)])
    plan = planning.plan(ledger, path)
    [nc] = plan.unresolved_names
    assert nc.proposal is not None and nc.proposal.id == duc and "trong sổ có Phạm Văn Đức" in str(nc)
    assert plan.ok_rows == []
    with pytest.raises(UserError):
        plan.resolve_name(nc.key, "đoán")
    plan.resolve_name(nc.key, importplan.USE_REGISTER)
    applying.apply(ledger, plan, only_valid=False)
    assert _stored(ledger, "contributor_id") == [duc]
    again = planning.plan(ledger, path)  # the same file again: "đã có trong sổ", not a question
    assert again.unresolved_names == [] and [d.row for d in again.duplicates] == [2]


def test_an_accented_row_of_the_same_person_names_it(ledger: Ledger, ward: dict[str, int],
                                                     contributions_book: Callable[..., Path]) -> None:
    base = {"date": "02/03/2026", "group": "Tổ 3", "kind": "Tiền"}
    plan = planning.plan(ledger, contributions_book([
        contribution_row(stt=1, **base, name="pham van duc", quantity=100_000),
        contribution_row(stt=2, **base, name="Phạm Văn Đức", quantity=200_000),
    ]))
    assert plan.unresolved_names == [] and len(plan.ok_rows) == 2
    applying.apply(ledger, plan, only_valid=False)
    assert ledger.conn.execute("SELECT name FROM contributors WHERE name LIKE 'Ph%'").fetchall() == [("Phạm Văn Đức",)]


# --------------------------------------------------------------------------- locked periods


def test_reimport_into_a_locked_period_is_already_in_the_ledger(ledger: Ledger, ward: dict[str, int],
                                                                contributions_book: Callable[..., Path]) -> None:
    base = {"group": "Tổ 3", "name": "Trần Văn Hùng", "kind": "Tiền"}
    path = contributions_book([contribution_row(stt=1, date="02/03/2026", quantity=100_000, **base)])
    applying.apply(ledger, planning.plan(ledger, path), only_valid=False)
    setup.update_unit(ledger, {"signer_name": "Nguyễn Văn Bình"})
    period = narrative.parse_period(ledger, "2026-H1")
    narrative.save_draft(ledger, period, report_date="2026-07-05")
    report.issue(ledger, period)
    again = planning.plan(ledger, path)
    assert again.problems == [] and [d.row for d in again.duplicates] == [2]
    assert "đã có trong sổ" in str(again.duplicates[0])
    late = planning.plan(ledger, contributions_book([
        contribution_row(stt=1, date="02/03/2026", quantity=100_000, **base),
        contribution_row(stt=2, date="03/03/2026", quantity=300_000, **base)], name="late.xlsx"))
    assert [d.row for d in late.duplicates] == [2]
    assert [(p.row, p.column) for p in late.problems] == [(3, "Ngày")]
    assert "thuộc kỳ đã ban hành báo cáo số" in late.problems[0].message and late.ok_rows == []
