"""Amounts in the intake workbook read as the tổ trưởng meant them, or refused by name (issue 18): money in words
and abbreviations, English thousands, a unit in the cell (m², ha, sào by the ward's setting), the ceilings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.connection import Ledger
from desktop.core.errors import ValidationError
from desktop.core.intake import applying, limits, planning
from desktop.core.intake.values import parse_amount
from desktop.core.ledger import contributions, works
from desktop.core.text.vnformat import format_decimal
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row

Book = Callable[..., Path]


def _row(stt: int, **values: Any) -> list[Any]:
    return contribution_row(stt=stt, date="02/03/2026", group="Tổ 1", name=f"Người {stt}", **values)


def _plan(ledger: Ledger, book: Book, rows: list[list[Any]]) -> planning.ImportPlan:
    return planning.plan(ledger, book(rows))


def _problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.problems]


# The issue's list: each was stored as 2, 500, 2, 3, 500, 5, 500 đồng and listed as valid.
ISSUE_FORMS = [("2 triệu", 2_000_000), ("500k", 500_000), ("2tr", 2_000_000), ("3 tỷ", 3_000_000_000),
               ("500 nghìn", 500_000), ("5 trăm nghìn", 500_000), ("500,000 VND", 500_000),
               ("1 tỷ 200 triệu", 1_200_000_000), ("1,5 triệu", 1_500_000), ("2tr5", 2_500_000),
               ("2 trieu", 2_000_000), ("500 ngàn đồng", 500_000), ("1.500.000 VNĐ", 1_500_000)]


@pytest.mark.parametrize("column", ["quantity", "value_vnd"])
def test_money_in_words_is_stored_exactly(ledger: Ledger, ward: dict[str, int], contributions_book: Book,
                                          column: str) -> None:
    rows = [_row(i + 1, kind="Tiền", **{column: typed}) for i, (typed, _) in enumerate(ISSUE_FORMS)]
    plan = _plan(ledger, contributions_book, rows)
    assert _problems(plan) == []
    applying.apply(ledger, plan, only_valid=False)
    stored = ledger.conn.execute("SELECT quantity, value_vnd FROM contributions ORDER BY id").fetchall()
    assert stored == [(float(amount), amount) for _, amount in ISSUE_FORMS]


@pytest.mark.parametrize(("typed", "said"), [
    ("1e6", "dạng lũy thừa"),
    ("1,500 triệu", "chưa rõ"),
    ("2tr50", "chưa rõ"),
    ("12,5", "số nguyên đồng"),
    ("2 củ", "\"củ\""),
    ("1 triệu 2 trăm", "chưa rõ"),
])
def test_money_that_cannot_be_read_exactly_is_refused_naming_the_cell(
        ledger: Ledger, ward: dict[str, int], contributions_book: Book, typed: str, said: str) -> None:
    plan = _plan(ledger, contributions_book, [_row(1, kind="Tiền", quantity=typed)])
    (problem,) = _problems(plan)
    assert problem.startswith("Đóng góp, dòng 2, cột \"Số lượng\"")
    assert f"\"{typed}\"" in problem and said in problem
    assert plan.contributions == []


def test_money_ceiling_and_floor_name_the_value_the_limit_and_where_to_change_it(
        ledger: Ledger, ward: dict[str, int], contributions_book: Book) -> None:
    plan = _plan(ledger, contributions_book, [_row(1, kind="Tiền", quantity="20 tỷ"),
                                              _row(2, kind="Tiền", value_vnd="500")])
    high, low = _problems(plan)
    assert "\"20 tỷ\" = 20.000.000.000 đồng" in high and "10.000.000.000 đồng" in high and "Cài đặt" in high
    assert "\"500\" = 500 đồng" in low and "nghìn" in low and "Cài đặt" in low
    limits.save_limits(ledger, {"intake_max_money_vnd": "50 tỷ", "intake_min_money_vnd": "0",
                                "intake_max_land_m2": 100_000, "intake_max_labour_days": 1_000})
    assert _problems(_plan(ledger, contributions_book, [_row(1, kind="Tiền", quantity="20 tỷ")])) == []


def test_land_area_above_the_ceiling_is_never_valued(ledger: Ledger, ward: dict[str, int],
                                                     contributions_book: Book) -> None:
    plan = _plan(ledger, contributions_book, [_row(1, kind="Hiến đất", quantity=10**9),
                                              _row(2, kind="Ngày công", quantity="5000")])
    land, labour = _problems(plan)
    assert "1.000.000.000 m²" in land and "100.000 m²" in land and "Cài đặt" in land
    assert "5.000 ngày công" in labour and "1.000 ngày công" in labour
    assert plan.contributions == []


def test_sao_is_refused_until_the_ward_sets_it_then_converted(ledger: Ledger, ward: dict[str, int],
                                                             contributions_book: Book) -> None:
    rows = [_row(1, kind="Hiến đất", quantity="2 sào"), _row(2, kind="Hiến đất", quantity="1,5", unit="sào"),
            _row(3, kind="Hiến đất", quantity="0,5 ha"), _row(4, kind="Hiến đất", quantity="3 công")]
    problems = _problems(_plan(ledger, contributions_book, rows))
    assert len(problems) == 3
    assert "\"2 sào\"" in problems[0] and "Cài đặt" in problems[0] and "360 m²" in problems[0]
    assert "cột \"Đơn vị tính\"" in problems[1] and "Cài đặt" in problems[1]
    assert "\"3 công\"" in problems[2] and "1.296 m²" in problems[2]
    limits.save_limits(ledger, {"intake_sao_m2": "360", "intake_max_land_m2": 100_000,
                                "intake_max_money_vnd": 10**10, "intake_max_labour_days": 1_000,
                                "intake_min_money_vnd": 1_000})
    plan = _plan(ledger, contributions_book, rows[:3])
    assert _problems(plan) == []
    assert [(c.values["quantity"], c.values["unit"]) for c in plan.contributions] == [
        (720.0, "m²"), (540.0, "m²"), (5_000.0, "m²")]


@pytest.mark.parametrize(("kind", "typed"), [("Vật tư", "500k"), ("Vật tư", "2 nghìn"), ("Hiến đất", "1,500 m2"),
                                             ("Vật tư", "1.500.000 đ"), ("Vật tư", "1e6"), ("Hiến đất", "5 mẫu")])
def test_quantities_with_a_word_that_is_not_their_unit_are_refused(
        ledger: Ledger, ward: dict[str, int], contributions_book: Book, kind: str, typed: str) -> None:
    (problem,) = _problems(_plan(ledger, contributions_book, [_row(1, kind=kind, quantity=typed, value_vnd=10**6)]))
    assert f"\"{typed}\"" in problem and "Số lượng" in problem


def test_works_budget_and_length_read_with_their_words(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    headers = ["STT", "Tên công trình", "Loại công trình", "Chiều dài (m)", "Ngân sách nhà nước (đồng)"]
    path = build_workbook(tmp_path / "ct.xlsx", {"Công trình": [
        headers, [1, "Đường A", "Đường", "1,2 km", "1,2 tỷ"], [2, "Đường B", "Đường", "120 tấn", "1e9"]],
        "Đóng góp": [CONTRIBUTION_HEADERS]})
    plan = planning.plan(ledger, path)
    problems = _problems(plan)
    assert len(problems) == 2 and "\"120 tấn\"" in problems[0] and "\"1e9\"" in problems[1]
    (work,) = [w for w in plan.works if w.status == "new"]
    assert (work.values["length_m"], work.values["budget_state_vnd"]) == (1_200.0, 1_200_000_000)


# ---------------------------------------------------------------- quantities: hypothesis


@given(st.integers(0, 10**7), st.integers(0, 99), st.sampled_from(["", " m2", "m2", " m²", "m²"]))
@settings(max_examples=300)
def test_land_quantities_read_back_exactly(whole: int, cents: int, unit: str) -> None:
    number = whole + cents / 100
    text = format_decimal(number, 2, trim=True) + unit
    value, typed_unit, err = parse_amount(text)
    assert err is None and value == float(f"{whole}.{cents:02d}"), text
    assert (typed_unit or "") == unit.strip()


@given(st.integers(1, 999), st.integers(0, 999))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_a_comma_before_three_digits_is_refused_for_quantities(head: int, tail: int) -> None:
    """ "1,500" is 1,5 in Vietnamese and 1500 in English: neither is guessed."""
    value, _, err = parse_amount(f"{head},{tail:03d}")
    assert value is None and err and "chưa rõ" in err


# ---------------------------------------------------------------- the settings and the clerk's own form


def test_settings_default_saved_audited_and_validated(ledger: Ledger) -> None:
    got = limits.get_limits(ledger)
    assert got["intake_sao_m2"] is None and got["intake_max_land_m2"] == 100_000
    limits.save_limits(ledger, {"intake_sao_m2": "497", "intake_max_money_vnd": "20 tỷ",
                                "intake_max_land_m2": "100.000", "intake_max_labour_days": 1000,
                                "intake_min_money_vnd": "1.000"})
    got = limits.get_limits(ledger)
    assert (got["intake_sao_m2"], got["intake_max_money_vnd"]) == (497, 20_000_000_000)
    audit = ledger.conn.execute("SELECT summary FROM audit WHERE table_name = 'settings'").fetchall()
    assert audit == [("Sửa thiết lập nhập Excel (sào, mức tối đa)",)]
    with pytest.raises(ValidationError) as err:
        limits.save_limits(ledger, {**got, "intake_sao_m2": "5"})
    assert "intake_sao_m2" in err.value.errors
    limits.save_limits(ledger, {**got, "intake_sao_m2": ""})
    assert limits.get_limits(ledger)["intake_sao_m2"] is None
    assert [row[1] for row in limits.describe(limits.get_limits(ledger))][0] == "chưa ghi"


def test_the_clerks_form_reads_money_the_same_way(ledger: Ledger, ward: dict[str, int]) -> None:
    """contributions.validate reads Giá trị quy đổi through Form.integer: "500,000" was 500 đồng."""
    base = {"contributor_id": ward["tam"], "date": "02/03/2026", "kind": "materials", "quantity": "2",
            "unit": "tấn"}
    for typed, amount in (("500,000", 500_000), ("2 triệu", 2_000_000), ("1,2 tỷ", 1_200_000_000)):
        assert contributions.validate(ledger, {**base, "value_vnd": typed})["value_vnd"] == amount
    with pytest.raises(ValidationError) as err:
        contributions.validate(ledger, {**base, "value_vnd": "1e6"})
    assert "\"1e6\"" in err.value.errors["value_vnd"]
    with pytest.raises(ValidationError) as err:  # 1,5 m² or 1.500 m²? (parse_number read 1,5 in silence)
        contributions.validate(ledger, {**base, "kind": "land", "unit": None, "quantity": "1,500"})
    assert "chưa rõ là 1,5 hay 1.500" in err.value.errors["quantity"]
    wid = works.add(ledger, {"name": "Hẻm 5", "kind": "hem", "status": "chuan_bi", "budget_state_vnd": "1,5 tỷ"})
    assert ledger.conn.execute("SELECT budget_state_vnd FROM works WHERE id = ?", [wid]).fetchone()[0] == 1_500_000_000
