"""Reporting periods (DESIGN §5.1): 2026-H1, 2026-H2, 2026, 2023-2025, or custom bounds.

Bounds are inclusive ISO dates. A ward may move the start of its reporting year (for example to
15/12 of the previous year, the window of Nghị định 09/2019); the report prints the bounds used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.core.errors import UserError


@dataclass(frozen=True)
class Period:
    code: str
    label: str
    start: str  # ISO, inclusive
    end: str  # ISO, inclusive

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "label": self.label, "start": self.start, "end": self.end}

    @property
    def bounds_text(self) -> str:
        s, e = dt.date.fromisoformat(self.start), dt.date.fromisoformat(self.end)
        return f"từ ngày {s:%d/%m/%Y} đến ngày {e:%d/%m/%Y}"


def _year_start(year: int, period_start: str) -> dt.date:
    """First day of reporting year `year`: 01/01, or e.g. 15/12 of the previous year."""
    month, day = (int(x) for x in period_start.split("-"))
    if (month, day) == (1, 1):
        return dt.date(year, 1, 1)
    return dt.date(year - 1, month, day)


def _half_start(year: int, period_start: str) -> dt.date:
    start = _year_start(year, period_start)
    month = start.month + 6
    y = start.year + (month - 1) // 12
    return dt.date(y, (month - 1) % 12 + 1, start.day)


def parse(code: str, period_start: str = "01-01") -> Period:
    """Parse a period code; raise UserError with a Vietnamese message for anything else."""
    text = code.strip()
    day = dt.timedelta(days=1)
    m = re.fullmatch(r"(\d{4})-H([12])", text, re.IGNORECASE)
    if m:
        year, half = int(m.group(1)), int(m.group(2))
        _check_year(year, code)
        if half == 1:
            start, end = _year_start(year, period_start), _half_start(year, period_start) - day
            label = f"6 tháng đầu năm {year}"
        else:
            start, end = _half_start(year, period_start), _year_start(year + 1, period_start) - day
            label = f"6 tháng cuối năm {year}"
        return Period(f"{year}-H{half}", label, start.isoformat(), end.isoformat())
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        year = int(m.group(1))
        _check_year(year, code)
        start, end = _year_start(year, period_start), _year_start(year + 1, period_start) - day
        return Period(str(year), f"năm {year}", start.isoformat(), end.isoformat())
    m = re.fullmatch(r"(\d{4})-(\d{4})", text)
    if m:
        y1, y2 = int(m.group(1)), int(m.group(2))
        _check_year(y1, code)
        _check_year(y2, code)
        if y2 <= y1:
            raise UserError(f"Kỳ báo cáo \"{code}\": năm kết thúc phải sau năm bắt đầu.")
        start, end = _year_start(y1, period_start), _year_start(y2 + 1, period_start) - day
        return Period(f"{y1}-{y2}", f"giai đoạn {y1} - {y2}", start.isoformat(), end.isoformat())
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text)
    if m:
        try:
            s, e = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        except ValueError as exc:
            raise UserError(f"Kỳ báo cáo \"{code}\": ngày không hợp lệ.") from exc
        if e < s:
            raise UserError(f"Kỳ báo cáo \"{code}\": ngày kết thúc trước ngày bắt đầu.")
        return Period(text, f"từ ngày {s:%d/%m/%Y} đến ngày {e:%d/%m/%Y}", s.isoformat(), e.isoformat())
    raise UserError(
        f"Kỳ báo cáo \"{code}\" không hợp lệ. Dùng: 2026-H1 (6 tháng đầu năm), 2026-H2 (6 tháng cuối năm), "
        "2026 (cả năm), 2023-2025 (giai đoạn) hoặc 2026-01-01..2026-03-31."
    )


def _check_year(year: int, code: str) -> None:
    if not 1990 <= year <= 2100:
        raise UserError(f"Kỳ báo cáo \"{code}\": năm {year} nằm ngoài khoảng 1990–2100.")


def current_half(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def choices(today: dt.date | None = None, years_back: int = 3, period_start: str = "01-01") -> list[Period]:
    """The periods a clerk picks from: halves and years of recent years, and the movement's phases."""
    today = today or dt.date.today()
    out: list[Period] = []
    for year in range(today.year, today.year - years_back, -1):
        out += [parse(f"{year}-H2", period_start), parse(f"{year}-H1", period_start), parse(str(year), period_start)]
    out += [parse("2026-2030", period_start), parse("2023-2025", period_start)]
    return out
