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

from desktop.core.text.vnformat import format_date, parse_date, parse_number
from desktop.core.text.vntext import normalize_name


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
_NUMBER_WITH_UNIT_RE = re.compile(r"\s*([-+−]?\s*[\d.,\s]*\d)\s*([^\d\s].*?)\s*")


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


def parse_amount(value: Any) -> tuple[float | None, str | None, str | None]:
    """A number typed any usual way: (number, unit written after it, None) or (None, None, message).
    "1.500.000", "12,5", "1.500.000 đ", "1.500.000đ", "120,5 m2", "2 tấn"."""
    bad = f"\"{shown(value)}\" không phải số (ghi ví dụ 1.500.000 hoặc 12,5)."
    if isinstance(value, bool) or isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return None, None, bad
    if isinstance(value, int | float):
        return (float(value), None, None) if math.isfinite(value) else (None, None, bad)
    text = str(value)
    try:
        return parse_number(text), None, None
    except ValueError:
        pass
    m = _NUMBER_WITH_UNIT_RE.fullmatch(text)
    if m:
        try:
            return parse_number(m.group(1).replace("−", "-")), normalize_name(m.group(2)), None
        except ValueError:
            pass
    return None, None, bad


def allowed(labels: dict[str, str]) -> str:
    return ", ".join(labels.values())
