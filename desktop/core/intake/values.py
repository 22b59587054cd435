"""Cell values read the way clerks type them: dates, numbers with or without a unit, text.

Each parser returns the value, or a Vietnamese message that quotes the cell as the clerk sees it
(`shown`); the row checks (checks.py) name the sheet, row and column around it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

from desktop.core.text.money import is_scale_word, parse_money
from desktop.core.text.vnformat import format_date, format_decimal, format_int, parse_date, parse_number
from desktop.core.text.vntext import fold, normalize_name


def shown(value: Any) -> str:
    """A cell value as the clerk sees it, for messages."""
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _clean_str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # "12" for a parcel number typed as a number, not "12.0"
    elif isinstance(value, dt.datetime | dt.date):
        value = format_date(value)
    text = normalize_name(str(value))
    return text or None


@lru_cache(maxsize=65536)
def _clean_str(value: str) -> str | None:
    return normalize_name(value) or None


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NUMBER_WITH_UNIT_RE = re.compile(r"\s*([-+−]?\s*[\d.,\s]*\d)\s*([^\d\s.,].*?)\s*")  # "120,5 m2", "2 sào"


def parse_day(value: Any) -> tuple[dt.date | None, str | None]:
    """A date typed any usual way; (date, None) or (None, message)."""
    hint = " không phải ngày hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 14/06/2026)."
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell whose format was lost shows as its serial number (45000 ≈ 2023).
        if math.isfinite(value) and float(value).is_integer() and 36526 <= value <= 73415:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        return None, f"\"{shown(value)}\"{hint}"
    if isinstance(value, str):
        try:
            return parse_date(value), None
        except ValueError:
            return None, f"\"{value}\"{hint}"
    return None, f"\"{shown(value)}\"{hint}"


_AMBIGUOUS_COMMA_RE = re.compile(r"[-+]?[1-9]\d{0,2},\d{3}")
_SCIENTIFIC_UNIT_RE = re.compile(r"e[-+]?\d+")


def parse_amount(value: Any) -> tuple[float | None, str | None, str | None]:
    """A number typed any usual way: (number, unit written after it, None) or (None, None, message).
    "1.500.000", "12,5", "12.5", "120,5 m2", "2 tấn", "2 sào" (the unit is the caller's to check). Refused by
    name: "1,500" (1,5 or 1.500?), "1e6" (write the number out)."""
    if isinstance(value, bool) or isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return None, None, _not_a_number(value)
    if isinstance(value, int | float):
        return (float(value), None, None) if math.isfinite(value) else (None, None, _not_a_number(value))
    text = str(value)
    m = _NUMBER_WITH_UNIT_RE.fullmatch(text)
    number_text, unit = (m.group(1), normalize_name(m.group(2))) if m else (text.strip(), None)
    if _AMBIGUOUS_COMMA_RE.fullmatch(number_text.replace(" ", "")):
        head, _, tail = number_text.strip().lstrip("+-").partition(",")
        return None, None, (f"\"{shown(value)}\" chưa rõ: {head},{tail} là {head},{tail.rstrip('0') or '0'} hay "
                            f"{head}.{tail}? Ghi dấu phẩy cho phần lẻ (12,5) và dấu chấm cho hàng nghìn (1.500).")
    if unit and _SCIENTIFIC_UNIT_RE.match(fold(unit)):
        return None, None, f"\"{shown(value)}\" là số viết dạng lũy thừa; hãy ghi số đầy đủ (ví dụ 1.000.000)."
    try:
        return parse_number(number_text.replace("−", "-")), unit, None
    except ValueError:
        return None, None, _not_a_number(value)


def _not_a_number(value: Any) -> str:
    # Written only for a refused cell: most cells are numbers, and the message quoted every one of them.
    return f"\"{shown(value)}\" không phải số (ghi ví dụ 1.500.000 hoặc 12,5)."


def parse_money_cell(value: Any) -> tuple[int | None, str | None]:
    """An amount of money in whole đồng as people write it ("2 triệu", "500k", "500,000 VND", "1 tỷ 200
    triệu"): (đồng, None) or (None, message quoting the cell). See desktop.core.text.money."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, None  # the fast path: a number cell
    if isinstance(value, float) and value.is_integer():
        return int(value), None
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return None, f"\"{shown(value)}\" không phải số tiền (ghi ví dụ 1.500.000, 500 nghìn hoặc 2 triệu)."
    try:
        return parse_money(value), None
    except ValueError as err:
        return None, str(err)


def multiplier_unit(unit: str | None) -> bool:
    """Is the text after a quantity a word of money's scale ("2 nghìn", "500k", "3 triệu")?"""
    return bool(unit) and is_scale_word(fold(unit).split()[0])


# Area units a land row may carry, to m² (header_key form: accents, case and punctuation dropped).
AREA_M2: dict[str, float] = {"m2": 1, "m 2": 1, "met vuong": 1, "m vuong": 1, "ha": 10_000, "hec ta": 10_000,
                             "hecta": 10_000, "km2": 1_000_000}
SAO_UNITS: dict[str, int] = {"sao": 1, "sao dat": 1, "mau": 10, "mau dat": 10}  # 1 mẫu = 10 sào
CONG_UNITS = ("cong", "cong dat")


def area_factor(key: str, sao_m2: float | None, where: str) -> tuple[float | None, str | None]:
    """How many m² one of this unit is: (factor, None); (None, message) for a sào not set or the "công";
    (None, None) when it is no area unit at all (the caller refuses it by name)."""
    if key in AREA_M2:
        return AREA_M2[key], None
    if key in SAO_UNITS:
        if not sao_m2:
            word = "mẫu" if key.startswith("mau") else "sào"
            return None, (f"tính bằng m², không phải \"{word}\": chưa đặt một sào bằng bao nhiêu m² cho "
                          "phường (Bắc Bộ 360 m², Trung Bộ khoảng 500 m², Nam Bộ 1.000 m²) — ghi ở "
                          f"{where}, hoặc đổi ra m² trong tệp.")
        return SAO_UNITS[key] * float(sao_m2), None
    if key in CONG_UNITS:
        return None, ("tính bằng m², không phải \"công\": công đất ở Nam Bộ là 1.000 m² (công tầm nhỏ) hay "
                      "1.296 m² (công tầm lớn) tùy nơi; hãy đổi ra m².")
    return None, None


def times(quantity: float, factor: float) -> float:
    """quantity × factor without binary noise (0,1 sào × 360 = 36 m², not 36.00000000000001)."""
    from decimal import Decimal

    return float(Decimal(repr(float(quantity))) * Decimal(repr(float(factor))))


def figure(number: float, unit: str) -> str:
    """A number as the clerk reads it: "1.234,5 m²", "1.500.000 đồng"."""
    text = format_int(int(number)) if float(number).is_integer() else format_decimal(number, 2, trim=True)
    return f"{text} {unit}"


def allowed(labels: dict[str, str]) -> str:
    return ", ".join(labels.values())
