"""Every form a clerk types a value in: Excel dates or text dates, numbers or Vietnamese number
text, kinds and Đối tượng without accents or in capitals, and legacy-encoded cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from db.connection import Ledger
from desktop.core.intake import applying, legacy, planning
from tests.core.intake.helpers import build_workbook, contribution_row


def _imported(ledger: Ledger, path: Path) -> list[tuple]:
    plan = planning.plan(ledger, path)
    assert plan.problems == [], [str(p) for p in plan.problems]
    applying.apply(ledger, plan, only_valid=False)
    return ledger.conn.execute(
        "SELECT c.date, c.kind, c.quantity, c.unit, c.value_vnd, p.name, p.kind, g.name FROM contributions c "
        "JOIN contributors p ON p.id = c.contributor_id JOIN groups g ON g.id = c.group_id ORDER BY c.id").fetchall()


@pytest.mark.parametrize(("typed", "iso"), [
    (dt.date(2026, 3, 5), "2026-03-05"),
    (dt.datetime(2026, 3, 5, 14, 30), "2026-03-05"),
    ("05/03/2026", "2026-03-05"),
    ("5/3/26", "2026-03-05"),
    (" 5-3-2026 ", "2026-03-05"),
    ("5.3.2026", "2026-03-05"),
    ("2026-03-05", "2026-03-05"),
    (46086, "2026-03-05"),  # a date cell whose format was lost: its serial number
])
def test_date_forms(ledger: Ledger, ward: dict[str, int], contributions_book: Callable[..., Path],
                    typed: object, iso: str) -> None:
    path = contributions_book([contribution_row(stt=1, date=typed, group="Tổ 1", name="Phạm Văn Hải", kind="Tiền",
                                                quantity=100_000)])
    assert _imported(ledger, path)[0][0] == iso


@pytest.mark.parametrize(("typed", "kind", "quantity", "unit"), [
    (1_500_000, "Tiền", 1_500_000, "đồng"),
    ("1.500.000", "Tiền", 1_500_000, "đồng"),
    ("1.500.000 đ", "Tiền", 1_500_000, "đồng"),
    ("1.500.000đ", "Tiền", 1_500_000, "đồng"),
    ("1,500,000", "Tiền", 1_500_000, "đồng"),  # several commas: English thousands (as vnformat reads it)
    ("1.500.000 VNĐ", "Tiền", 1_500_000, "đồng"),
    ("12,5", "Hiến đất", 12.5, "m²"),
    ("12,5 m2", "Hiến đất", 12.5, "m²"),
    ("120,5m²", "Hiến đất", 120.5, "m²"),
    ("2 tấn", "Vật tư", 2, "tấn"),
    ("3", "Ngày công", 3, "ngày công"),
])
def test_number_forms(ledger: Ledger, ward: dict[str, int], contributions_book: Callable[..., Path],
                      typed: object, kind: str, quantity: float, unit: str) -> None:
    path = contributions_book([contribution_row(stt=1, date="02/03/2026", group="Tổ 1", name="Phạm Văn Hải",
                                                kind=kind, quantity=typed)])
    row = _imported(ledger, path)[0]
    assert (row[2], row[3]) == (quantity, unit)
    if kind == "Tiền":
        assert row[4] == 1_500_000


def test_value_text_forms_and_computed_value(ledger: Ledger, ward: dict[str, int],
                                             contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([
        contribution_row(stt=1, date="02/03/2026", group="Tổ 1", name="A", kind="Vật tư", quantity=2, unit="tấn",
                         value_vnd="3.400.000 đồng"),
        contribution_row(stt=2, date="02/03/2026", group="Tổ 1", name="B", kind="Ngày công", quantity="2,5"),
        contribution_row(stt=3, date="02/03/2026", group="Tổ 1", name="C", kind="Tiền", value_vnd="250.000"),
        contribution_row(stt=4, date="02/03/2026", group="Tổ 1", name="D", kind="Tài sản", value_vnd=5_000_000),
    ])
    rows = _imported(ledger, path)
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("materials", 2, 3_400_000),  # entered value kept
        ("labour", 2.5, 625_000),  # computed from the sample rate 250.000 đ/ngày công
        ("money", 250_000, 250_000),  # money with only the value: the amount is the quantity
        ("assets", 1, 5_000_000),  # an asset with only its value: one item
    ]


def test_words_without_accents_or_in_capitals(ledger: Ledger, ward: dict[str, int],
                                              contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([
        contribution_row(stt=1, date="02/03/2026", group="to dan pho 1", name="An", contributor_kind="ho gia dinh",
                         kind="hien dat", quantity=10),
        contribution_row(stt=2, date="02/03/2026", group="TDP SỐ 2", name="Bình", contributor_kind="DOANH NGHIỆP",
                         kind="TIỀN", quantity=100_000),
        contribution_row(stt=3, date="02/03/2026", group="3", name="Cúc", contributor_kind="ca nhan",
                         kind="ngay cong", quantity=1),
        contribution_row(stt=4, date="02/03/2026", group="Tổ 3", name="Dũng", contributor_kind="Tập Thể",
                         kind="vat tu", quantity=1, unit="tấn"),
    ])
    rows = _imported(ledger, path)
    assert [(r[1], r[6], r[7]) for r in rows] == [
        ("land", "ho", "Tổ dân phố 1"), ("money", "doanh_nghiep", "Tổ dân phố 2"),
        ("labour", "ca_nhan", "Tổ dân phố 3"), ("materials", "tap_the", "Tổ dân phố 3")]


def test_work_sheet_words_and_numbers(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "ct.xlsx", {"Công trình": [
        ["Tên công trình", "Loại", "Tổ dân phố", "Chiều dài (m)", "Chiều rộng trước (m)", "Chiều rộng sau (m)",
         "Kinh phí ngân sách (đồng)", "Trạng thái", "Ngày khởi công", "Ngày hoàn thành"],
        ["Kiệt 45 Hùng Vương", "kiet", "Tổ 1; Tổ 2", "1.250,5", "2,5", 4, "350.000.000", "HOAN THANH", "02/01/2026",
         dt.date(2026, 3, 1)],
        ["Mương thoát nước tổ 3", "mương", "Tổ dân phố 3", None, None, None, None, None, "05/01/2026", None],
    ]})
    plan = planning.plan(ledger, path)
    assert plan.problems == []
    applying.apply(ledger, plan, only_valid=False)
    rows = ledger.conn.execute("SELECT name, kind, length_m, width_before_m, width_after_m, budget_state_vnd, status, "
                               "start_date, completed_date FROM works WHERE name != 'Đường bê tông hẻm 12' "
                               "ORDER BY id").fetchall()
    assert rows == [
        ("Kiệt 45 Hùng Vương", "hem", 1250.5, 2.5, 4.0, 350_000_000, "hoan_thanh", "2026-01-02", "2026-03-01"),
        ("Mương thoát nước tổ 3", "thoat_nuoc", None, None, None, 0, "dang_thi_cong", "2026-01-05", None),
    ]
    links = ledger.conn.execute("SELECT g.name FROM work_groups wg JOIN groups g ON g.id = wg.group_id JOIN works w "
                                "ON w.id = wg.work_id WHERE w.name = 'Kiệt 45 Hùng Vương' ORDER BY g.name").fetchall()
    assert links == [("Tổ dân phố 1",), ("Tổ dân phố 2",)]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_cells_converted_headers_included(ledger: Ledger, ward: dict[str, int], tmp_path: Path,
                                                 encoding: str) -> None:
    def old(text: str) -> str:
        return legacy.from_unicode(text, encoding)

    headers = [old(h) for h in ("STT", "Ngày", "Tổ dân phố", "Họ và tên", "Đối tượng", "Địa chỉ", "Công trình",
                                "Hình thức", "Số lượng")]
    path = build_workbook(tmp_path / f"{encoding}.xlsx", {old("Đóng góp"): [
        [old("DANH SÁCH ĐÓNG GÓP")],
        headers,
        [1, "02/03/2026", old("Tổ dân phố 3"), old("Nguyễn Văn Đức"), old("Hộ gia đình"),
         old("Số 7 đường Phan Đình Phùng"),
         old("Đường bê tông hẻm 12"), old("Hiến đất"), 30],
        [2, "03/03/2026", old("Tổ dân phố 3"), old("Trần Thị Thu Hà"), old("Cá nhân"), None, None, old("Tiền"),
         200_000],
    ]})
    plan = planning.plan(ledger, path)
    assert plan.problems == [], [str(p) for p in plan.problems]
    assert any("sang Unicode" in n for n in plan.notes)
    plan.set_default_status("received")
    applying.apply(ledger, plan, only_valid=False)
    people = ledger.conn.execute("SELECT name, address FROM contributors WHERE id != ? ORDER BY id",
                                 [ward["tam"]]).fetchall()
    assert people == [("Nguyễn Văn Đức", "Số 7 đường Phan Đình Phùng"), ("Trần Thị Thu Hà", None)]
    on_work = ledger.conn.execute("SELECT count(*) FROM contributions WHERE work_id = ?", [ward["work"]]).fetchone()
    assert on_work == (1,)
