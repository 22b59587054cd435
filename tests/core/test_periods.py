from __future__ import annotations

import pytest

from desktop.core.errors import UserError
from desktop.core.ledger import periods


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2026-H1", "2026-01-01", "2026-06-30", "6 tháng đầu năm 2026"),
        ("2026-H2", "2026-07-01", "2026-12-31", "6 tháng cuối năm 2026"),
        ("2026", "2026-01-01", "2026-12-31", "năm 2026"),
        ("2023-2025", "2023-01-01", "2025-12-31", "giai đoạn 2023 - 2025"),
        ("2026-02-01..2026-03-31", "2026-02-01", "2026-03-31", "từ ngày 01/02/2026 đến ngày 31/03/2026"),
    ],
)
def test_calendar_periods(code: str, start: str, end: str, label: str) -> None:
    p = periods.parse(code)
    assert (p.start, p.end, p.label) == (start, end, label)


def test_moved_cut_off_nd_09_2019() -> None:
    def bounds(code: str) -> tuple[str, str]:
        p = periods.parse(code, "12-15")
        return p.start, p.end

    assert bounds("2026-H1") == ("2025-12-15", "2026-06-14")
    assert bounds("2026-H2") == ("2026-06-15", "2026-12-14")
    assert bounds("2026") == ("2025-12-15", "2026-12-14")


def test_halves_tile_the_year() -> None:
    for cut in ("01-01", "12-15"):
        h1, h2, y = periods.parse("2026-H1", cut), periods.parse("2026-H2", cut), periods.parse("2026", cut)
        assert h1.start == y.start and h2.end == y.end
        import datetime as dt

        assert dt.date.fromisoformat(h2.start) - dt.date.fromisoformat(h1.end) == dt.timedelta(days=1)


@pytest.mark.parametrize("bad", ["2026-H3", "H1", "", "2026-2020", "1800", "2026-13-01..2026-12-01", "abc"])
def test_bad_codes_explained_in_vietnamese(bad: str) -> None:
    with pytest.raises(UserError, match="Kỳ báo cáo"):
        periods.parse(bad)
