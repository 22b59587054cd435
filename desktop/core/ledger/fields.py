"""Reading form values (typed by a clerk, or already typed by code) into clean stored values.

A `Form` collects every problem at once, so the clerk sees all of them next to their fields
instead of fixing one, saving, and meeting the next.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.text.money import parse_money
from desktop.core.text.vnformat import format_decimal, parse_date, parse_number
from desktop.core.text.vntext import fold, normalize_name

# The options' codes and labels folded once (a bulk import asks for every new person's kind).
_folded = lru_cache(maxsize=1024)(fold)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


class Form:
    def __init__(self, values: dict[str, Any]):
        self.values = values
        self.errors: dict[str, str] = {}
        self.clean: dict[str, Any] = {}

    def _raw(self, key: str, label: str, required: bool) -> Any:
        """The typed value, or None when the field is absent or blank (noting a missing required one)."""
        if key not in self.values:
            return None
        raw = self.values[key]
        if _blank(raw):
            if required:
                self.errors[key] = f"{label}: không được để trống."
            self.clean[key] = None
            return None
        return raw

    def text(self, key: str, label: str, *, required: bool = False, max_len: int = 500) -> str | None:
        if key not in self.values:
            return None
        raw = self.values[key]
        value = None if _blank(raw) else normalize_name(str(raw))
        if value is None and required:
            self.errors[key] = f"{label}: không được để trống."
        elif value is not None and len(value) > max_len:
            self.errors[key] = f"{label}: dài quá {max_len} ký tự."
        self.clean[key] = value
        return value

    def number(
        self, key: str, label: str, *, required: bool = False, minimum: float | None = 0.0,
        positive: bool = False, maximum: float | None = None,
    ) -> float | None:
        raw = self._raw(key, label, required)
        if raw is None:
            return None
        try:
            value = float(parse_number(raw))
        except ValueError as err:
            detail = str(err).partition(": chưa rõ")[2]  # "1,500": say both readings, not just "không đọc được"
            self.errors[key] = (f"{label}: \"{raw}\" chưa rõ{detail}" if detail else
                                f"{label}: không đọc được số \"{raw}\" (ví dụ: 1.500.000 hoặc 12,5).")
            return None
        self._bounds(key, label, value, minimum, positive, maximum)
        self.clean[key] = value
        return value

    def _bounds(self, key: str, label: str, value: float, minimum: float | None, positive: bool,
                maximum: float | None) -> None:
        if positive and value <= 0:
            self.errors[key] = f"{label}: phải lớn hơn 0."
        elif minimum is not None and value < minimum:
            self.errors[key] = (f"{label}: không được âm." if minimum == 0 else
                                f"{label}: phải từ {format_decimal(minimum, 2, trim=True)} trở lên.")
        elif maximum is not None and value > maximum:
            self.errors[key] = f"{label}: lớn quá mức cho phép ({format_decimal(maximum, 2, trim=True)})."

    def money(
        self, key: str, label: str, *, required: bool = False, minimum: int | None = 0, positive: bool = False,
        maximum: int | None = None,
    ) -> int | None:
        """An amount of money in whole đồng, typed as people write it ("1.500.000", "500,000", "2 triệu",
        "500k", "1 tỷ 200 triệu"): see desktop.core.text.money for what is read and what is refused."""
        raw = self._raw(key, label, required)
        if raw is None:
            return None
        try:
            value = parse_money(raw)
        except ValueError as err:
            self.errors[key] = f"{label}: {err}"
            return None
        self._bounds(key, label, value, minimum, positive, maximum)
        self.clean[key] = value
        return value

    def integer(self, key: str, label: str, **kwargs: Any) -> int | None:
        if key.endswith("_vnd"):
            # Money (every amount column is named *_vnd): "2 triệu" and "500,000" read as meant, not 2 and 500.
            return self.money(key, label, **kwargs)
        value = self.number(key, label, **kwargs)
        if value is None:
            return None
        if value != int(value):
            self.errors.setdefault(key, f"{label}: phải là số nguyên.")
        self.clean[key] = int(round(value))
        return self.clean[key]

    def date(
        self, key: str, label: str, *, required: bool = False,
        earliest: dt.date = dt.date(1945, 1, 1), latest: dt.date | None = None,
    ) -> str | None:
        raw = self._raw(key, label, required)
        if raw is None:
            return None
        try:
            value = parse_date(raw)
        except ValueError:
            self.errors[key] = (f"{label}: ngày không hợp lệ \"{raw}\" "
                                "(nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026).")
            return None
        latest = latest or (dt.date.today() + dt.timedelta(days=366 * 5))
        if not earliest <= value <= latest:
            self.errors[key] = f"{label}: ngày {value:%d/%m/%Y} nằm ngoài khoảng hợp lý."
            return None
        self.clean[key] = value.isoformat()
        return self.clean[key]

    def choice(self, key: str, label: str, options: dict[str, str], *, required: bool = True) -> str | None:
        """Accept the stored code or its Vietnamese label (any case, with or without accents)."""
        if key not in self.values:
            return None
        raw = self.values[key]
        if _blank(raw):
            if required:
                self.errors[key] = f"{label}: chưa chọn."
            self.clean[key] = None
            return None
        wanted = fold(str(raw))
        for code, text in options.items():
            if wanted in (_folded(code), _folded(text)):
                self.clean[key] = code
                return code
        allowed = ", ".join(options.values())
        self.errors[key] = f"{label}: \"{raw}\" không hợp lệ (chọn một trong: {allowed})."
        return None

    def set(self, key: str, value: Any) -> None:
        self.clean[key] = value

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, message)

    def done(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationError(self.errors)
        return self.clean
