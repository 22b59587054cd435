"""The value of one indicator as a unit types it into its form: money ("2 tỷ", "1.500.000 đồng", "500k"), a
percentage ("95%", "95", "12,5"), a count ("12", "12 cuộc", "1.500").

Each reader returns (value, None) or (None, message quoting what was typed). A value with two readings is refused
and both are named, never guessed: "1,500" (1,5 or 1.500), "0,95" for a percentage (0,95% or 95%), "2tr50"
(see text/money). The number rules are those of text/vnformat.parse_number and text/money.parse_money.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from desktop.core.figures.indicator_catalogue import Indicator
from desktop.core.text.money import parse_money
from desktop.core.text.vnformat import format_decimal, parse_number
from desktop.core.text.vntext import fold

Value = float | int
_PERCENT_RE = re.compile(r"\s*(.*?)\s*(%|phan tram)?\s*", re.IGNORECASE)
_WITH_WORD_RE = re.compile(r"\s*([-+−]?[\d.,\s]*\d)\s*([^\d\s.,].*?)?\s*")  # "12 cuộc", "3 công trình"


def typed(value: Any) -> str:
    """A cell's value as the unit sees it, for messages."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format_decimal(value, 6, trim=True)
    return str(value)


def read(indicator: Indicator, value: Any, number_format: str = "") -> tuple[Value | None, str | None]:
    """The value of `indicator` from a cell (a number or a text); (None, None) for an empty cell. `number_format`
    is the cell's Excel format: a number shown with % is a fraction (0,95 shown as 95%)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool) or isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        return None, f"“{typed(value)}” không phải số."
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"“{typed(value)}” không phải số."
    reader = {"money": _money, "percent": _percent, "count": _count}[indicator.kind]
    number, why = reader(indicator, value, number_format)
    if why is None and number is not None and number < 0:
        return None, f"“{typed(value)}” là số âm; {indicator.name.lower()} không thể âm."
    return number, why


def _money(indicator: Indicator, value: Any, _format: str) -> tuple[Value | None, str | None]:
    try:
        return parse_money(value), None
    except ValueError as exc:
        return None, f"{exc} (ô này ghi số tiền bằng đồng)"


def _percent(indicator: Indicator, value: Any, number_format: str) -> tuple[Value | None, str | None]:
    shown = typed(value)
    if isinstance(value, int | float):
        number = float(value) * 100 if "%" in number_format else float(value)
        marked = "%" in number_format
    else:
        m = _PERCENT_RE.fullmatch(fold(str(value)).replace("−", "-"))
        body, marked = (m.group(1), bool(m.group(2))) if m else (str(value), False)
        try:
            number = parse_number(body)
        except ValueError as exc:
            return None, f"“{shown}”: {exc} (ghi tỷ lệ, ví dụ 95% hoặc 12,5)."
    number = round(number, 6)
    if not marked and 0 < number < 1:
        # 0,95 is 95% to one person and 0,95% to another: refused, never guessed.
        return None, (f"“{shown}” chưa rõ: là {format_decimal(number, 4, trim=True)}% hay "
                      f"{format_decimal(number * 100, 2, trim=True)}%? Ghi rõ, ví dụ 95%.")
    if number > 100:
        return None, f"“{shown}” lớn hơn 100% — {indicator.name.lower()} không vượt 100%."
    return (int(number) if number.is_integer() else number), None


def _count(indicator: Indicator, value: Any, _format: str) -> tuple[Value | None, str | None]:
    shown = typed(value)
    hint = f"(ghi số {indicator.unit}, ví dụ 12)"
    if isinstance(value, int | float):
        number = float(value)
    else:
        m = _WITH_WORD_RE.fullmatch(str(value))
        if m is None:
            return None, f"“{shown}” không phải số {hint}."
        word = m.group(2)
        if word and fold(word) != fold(indicator.unit):
            return None, f"“{shown}”: chữ “{word}” không phải đơn vị của chỉ tiêu này ({indicator.unit}) {hint}."
        try:
            number = parse_number(m.group(1).replace("−", "-"))
        except ValueError as exc:
            return None, f"“{shown}”: {exc} {hint}."
    if not number.is_integer():
        return None, f"“{shown}” phải là số nguyên {hint}."
    return int(number), None
