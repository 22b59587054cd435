"""Tests for desktop.core.text.vnformat (Vietnamese numbers and dates)."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.text.vnformat import (
    date_words,
    format_date,
    format_decimal,
    format_int,
    format_vnd,
    format_vnd_unit,
    parse_date,
    parse_int_vnd,
    parse_number,
)

# Words that only appear in the Vietnamese error messages.
VN_NUMBER_MSG = "Không đọc được số"
VN_DATE_MSG = "Ngày không hợp lệ"


# ------------------------------------------------------------------- format numbers


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1234, "1.234"),
        (-1234, "-1.234"),
        (1234567, "1.234.567"),
        (-100000, "-100.000"),
        (10**15, "1.000.000.000.000.000"),
    ],
)
def test_format_int(n: int, expected: str) -> None:
    assert format_int(n) == expected
    assert format_vnd(n) == expected


def test_format_int_accepts_whole_float_only() -> None:
    assert format_int(1500000.0) == "1.500.000"  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_int(1.5)  # type: ignore[arg-type]


def test_format_vnd_unit() -> None:
    assert format_vnd_unit(1234567) == "1.234.567 đ"
    assert format_vnd_unit(0) == "0 đ"
    assert format_vnd_unit(-5000) == "-5.000 đ"


@pytest.mark.parametrize(
    ("x", "places", "trim", "expected"),
    [
        (1234.5, 1, False, "1.234,5"),
        (12.0, 1, False, "12,0"),
        (12.0, 1, True, "12"),
        (12.5, 2, False, "12,50"),
        (12.5, 2, True, "12,5"),
        (0.15, 1, False, "0,2"),  # half away from zero on the decimal value
        (0.25, 1, False, "0,3"),
        (-0.25, 1, False, "-0,3"),
        (2.5, 0, False, "3"),
        (-2.5, 0, False, "-3"),
        (-0.04, 1, False, "0,0"),  # no "-0,0"
        (1234567.891, 2, False, "1.234.567,89"),
        (0, 1, False, "0,0"),
        (Decimal("1234.55"), 1, False, "1.234,6"),
        (1e20, 1, True, "100.000.000.000.000.000.000"),
    ],
)
def test_format_decimal(x: float, places: int, trim: bool, expected: str) -> None:
    assert format_decimal(x, places, trim=trim) == expected


def test_format_decimal_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        format_decimal(math.nan)
    with pytest.raises(ValueError):
        format_decimal(math.inf)
    with pytest.raises(ValueError):
        format_decimal(1.0, -1)


# -------------------------------------------------------------------- parse numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1500000.0),
        ("1500000", 1500000.0),
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1 500 000", 1500000.0),
        ("1\u00a0500\u00a0000", 1500000.0),  # no-break spaces from Excel/Word
        ("1.500.000 đ", 1500000.0),
        ("1.500.000đ", 1500000.0),
        ("1.500.000 đồng", 1500000.0),
        ("1.500.000 VNĐ", 1500000.0),
        ("1.500.000 vnd", 1500000.0),
        ("1.500.000₫", 1500000.0),
        ("12,5 m2", 12.5),
        ("12,5m²", 12.5),
        ("  42  ", 42.0),
        ("-1.234", -1234.0),
        ("-12,5", -12.5),
        ("- 3", -3.0),
        ("\u22123", -3.0),  # Unicode minus sign
        ("1.500", 1500.0),  # dots only, 3-digit groups: thousands
        ("12.5", 12.5),  # single dot + 1-2 digits: English decimal point
        ("1.25", 1.25),
        ("1234.5", 1234.5),
        ("0.125", 0.125),  # "0.xxx" cannot be thousands
        ("1,5", 1.5),  # a single comma is the decimal comma
        ("12,50", 12.5),
        ("0,125", 0.125),
        (",5", 0.5),
        ("1,234.5", 1234.5),  # both: the last one is the decimal separator
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("1,500,000", 1500000.0),  # several commas: English thousands
        ("1 500 000,5", 1500000.5),
        ("-0", 0.0),
        ("007", 7.0),
        ("１２,５", 12.5),  # full-width digits
        (1500, 1500.0),
        (12.5, 12.5),
        (Decimal("2.5"), 2.5),
    ],
)
def test_parse_number(text: str | int | float, expected: float) -> None:
    result = parse_number(text)
    assert isinstance(result, float)
    assert result == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1..2",
        "1,2,3",
        "1.2.3",
        "1.23.456",
        "1.2,5",
        "1,234,5",
        "1.234,567.8",
        "1234.567",  # ambiguous: neither thousands nor a 1-2 digit decimal
        "1,500",  # ambiguous: 1,5 (Vietnamese decimal comma) or 1500 (English thousands)?
        "500,000 đ",
        "12,",
        "1.",
        "1 5",
        "1 500.000",
        "--5",
        "-",
        "5-",
        "1e5",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "12 kg",
        "1.500.000 đ đ",
        "0x10",
        math.nan,
        math.inf,
        -math.inf,
        True,
        None,
    ],
)
def test_parse_number_errors_in_vietnamese(text: object) -> None:
    with pytest.raises(ValueError, match=VN_NUMBER_MSG):
        parse_number(text)  # type: ignore[arg-type]


def test_parse_number_error_quotes_input() -> None:
    with pytest.raises(ValueError) as info:
        parse_number("abc")
    assert str(info.value) == 'Không đọc được số "abc"'


@given(st.text(alphabet=st.sampled_from("0123456789.,  -đồngVNĐm²abe"), max_size=14) | st.text())
def test_parse_number_only_raises_value_error(text: str) -> None:
    # Whatever a clerk types, the UI only has to catch ValueError.
    try:
        result = parse_number(text)
    except ValueError as exc:
        assert VN_NUMBER_MSG in str(exc)
    else:
        assert math.isfinite(result)


@given(st.integers(-(10**15), 10**15))
def test_format_int_round_trip(n: int) -> None:
    assert parse_number(format_int(n)) == n
    assert parse_int_vnd(format_int(n)) == n
    assert parse_int_vnd(format_vnd_unit(n)) == n


@given(st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))
def test_format_decimal_round_trip(x: float) -> None:
    # Half a unit of the last shown decimal, plus float resolution at x's
    # magnitude (an exact tie like 549755813888.25 is off by 0.05 + ulp).
    tolerance = 0.05 + 4 * math.ulp(x)
    assert abs(parse_number(format_decimal(x, 1)) - x) <= tolerance
    assert abs(parse_number(format_decimal(x, 1, trim=True)) - x) <= tolerance


@given(st.decimals(-(10**9), 10**9, places=2, allow_nan=False, allow_infinity=False))
def test_format_decimal_two_places_exact(x: Decimal) -> None:
    assert Decimal(format_decimal(x, 2).replace(".", "").replace(",", ".")) == x


# --------------------------------------------------------------------- parse_int_vnd


def test_parse_int_vnd() -> None:
    assert parse_int_vnd("1.500.000 đ") == 1500000
    assert isinstance(parse_int_vnd("1.500.000"), int)
    assert parse_int_vnd("12,0") == 12
    assert parse_int_vnd(2500) == 2500
    assert parse_int_vnd(2500.0) == 2500
    assert parse_int_vnd("-1.000") == -1000
    # Exact beyond float precision.
    assert parse_int_vnd("123.456.789.012.345.678") == 123456789012345678


@pytest.mark.parametrize("text", ["12,5", "1.500,5 đ", "0,01", 12.5])
def test_parse_int_vnd_rejects_fractions(text: str | float) -> None:
    with pytest.raises(ValueError, match="Số tiền phải là số nguyên đồng"):
        parse_int_vnd(text)


def test_parse_int_vnd_bad_text() -> None:
    with pytest.raises(ValueError, match=VN_NUMBER_MSG):
        parse_int_vnd("mười nghìn")


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2026, 6, 14), "14/06/2026"),
        (datetime.date(2026, 1, 4), "04/01/2026"),
        (datetime.datetime(2026, 6, 14, 9, 30), "14/06/2026"),
        ("2026-06-14", "14/06/2026"),
        ("2026-06-14 08:30:00", "14/06/2026"),
        (None, ""),
        ("", ""),
        ("  ", ""),
    ],
)
def test_format_date(value: datetime.date | str | None, expected: str) -> None:
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/06/2026", datetime.date(2026, 6, 14)),
        ("4/6/2026", datetime.date(2026, 6, 4)),
        ("04-06-2026", datetime.date(2026, 6, 4)),
        ("4.6.2026", datetime.date(2026, 6, 4)),
        ("2026-06-14", datetime.date(2026, 6, 14)),
        ("2026-06-14T08:30:00", datetime.date(2026, 6, 14)),
        ("4/6/26", datetime.date(2026, 6, 4)),
        ("4/6/00", datetime.date(2000, 6, 4)),
        ("4/6/69", datetime.date(2069, 6, 4)),
        ("4/6/70", datetime.date(1970, 6, 4)),
        ("4/6/99", datetime.date(1999, 6, 4)),
        ("  14/06/2026  ", datetime.date(2026, 6, 14)),
        ("12/01/2026", datetime.date(2026, 1, 12)),  # day first, never month first
        ("29/02/2024", datetime.date(2024, 2, 29)),
        ("ngày 14 tháng 6 năm 2026", datetime.date(2026, 6, 14)),
        (datetime.date(2026, 6, 14), datetime.date(2026, 6, 14)),
        (datetime.datetime(2026, 6, 14, 23, 59), datetime.date(2026, 6, 14)),
    ],
)
def test_parse_date(text: str | datetime.date, expected: datetime.date) -> None:
    result = parse_date(text)
    assert result == expected
    assert type(result) is datetime.date


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2026",
        "29/02/2025",
        "32/01/2026",
        "14/13/2026",
        "0/1/2026",
        "abc",
        "",
        "   ",
        "14/06",
        "14/06/226",
        "14/06-2026",  # mixed separators
        "2026-02-30",
        "14/06/2026 abc",
        "06/14/2026",  # month-first is not accepted
        None,
    ],
)
def test_parse_date_errors_in_vietnamese(text: str | None) -> None:
    with pytest.raises(ValueError, match=VN_DATE_MSG):
        parse_date(text)  # type: ignore[arg-type]


def test_parse_date_error_message() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("31/02/2026")
    assert str(info.value) == 'Ngày không hợp lệ: "31/02/2026" (nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026)'


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)))
def test_date_round_trip(d: datetime.date) -> None:
    assert parse_date(format_date(d)) == d
    assert format_date(d.isoformat()) == format_date(d)
    assert parse_date(date_words(d)) == d


@given(st.text(alphabet=st.sampled_from("0123456789/.- T:"), max_size=12) | st.text())
def test_parse_date_only_raises_value_error(text: str) -> None:
    try:
        parse_date(text)
    except ValueError as exc:
        assert VN_DATE_MSG in str(exc)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2026, 6, 14), "ngày 14 tháng 6 năm 2026"),
        (datetime.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (datetime.date(2026, 12, 14), "ngày 14 tháng 12 năm 2026"),
        (datetime.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 10, 1), "ngày 01 tháng 10 năm 2026"),
    ],
)
def test_date_words(d: datetime.date, expected: str) -> None:
    assert date_words(d) == expected
