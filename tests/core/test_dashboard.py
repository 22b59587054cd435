"""The charts of Tổng quan add up to the figures of `summary` (DESIGN §5.3) and filter to the same rows."""

from __future__ import annotations

import pytest

from db.connection import Ledger
from desktop.core.figures import dashboard, figures, targets
from desktop.core.ledger import contributions, contributors, groups, lists, periods
from desktop.core.ledger.lists import Query


@pytest.mark.parametrize("code", ["2026-H1", "2026-H2", "2025", "2023-2025"])
def test_every_chart_adds_up_to_the_summary(demo_ledger: Ledger, code: str) -> None:
    period = periods.parse(code)
    data = dashboard.data(demo_ledger, period)
    summary = figures.summary(demo_ledger, code)
    total = summary["totals"]["total_value_vnd"]
    assert total > 0
    assert data["summary"] == summary
    assert sum(b.value for b in data["by_group"]) == total
    assert sum(b.value for b in data["by_kind"]) == total
    assert sum(b.value for b in data["by_month"]) == total
    by_name = {r["group"]: r["total_value_vnd"] for r in summary["by_group"]}
    assert {b.label: b.value for b in data["by_group"]} == by_name
    values = [b.value for b in data["by_group"]]
    assert values == sorted(values, reverse=True)  # largest first
    kinds = {b.filters["kind"]: b.value for b in data["by_kind"]}
    assert kinds == {k: summary["totals"][key] for k, key in dashboard.KIND_VALUE_KEYS.items()}


def test_months_cover_the_period_and_clip_to_its_bounds(ledger: Ledger) -> None:
    months = dashboard.by_month(ledger, periods.parse("2026-H1"))
    assert [b.label for b in months] == ["01/2026", "02/2026", "03/2026", "04/2026", "05/2026", "06/2026"]
    assert months[1].filters["period"] == ("2026-02-01", "2026-02-28")
    assert sum(b.value for b in months) == 0
    moved = periods.parse("2026-H1", "12-15")  # 15/12/2025 – 14/06/2026
    bars = dashboard.by_month(ledger, moved)
    assert bars[0].label == "12/2025" and bars[0].filters["period"] == ("2025-12-15", "2025-12-31")
    assert bars[-1].label == "06/2026" and bars[-1].filters["period"] == ("2026-06-01", "2026-06-14")
    assert len(dashboard.by_month(ledger, periods.parse("2023-2025"))) == 36


def test_a_bar_filters_the_contributions_list_to_its_value(demo_ledger: Ledger) -> None:
    """Clicking a bar opens the Đóng góp list with the bar's filters: the list's total is the bar."""
    data = dashboard.data(demo_ledger, periods.parse("2026-H1"))
    for bar in [*data["by_group"], *data["by_kind"], *data["by_month"]]:
        result = lists.run(demo_ledger, lists.CONTRIBUTIONS, Query(filters=dict(bar.filters)))
        assert result.totals["value_vnd"] == bar.value, bar.label


def test_pledged_deleted_and_outside_are_not_counted(ledger: Ledger) -> None:
    g = groups.add(ledger, {"name": "Tổ dân phố 1", "households": "10"})
    an = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "ho", "group_id": g})

    def add(**v: object) -> int:
        return contributions.add(ledger, {"contributor_id": an, "kind": "money", **v})

    add(date="31/01/2026", quantity="1.000.000")
    add(date="01/03/2026", quantity="2.000.000", status="pledged")
    contributions.delete(ledger, add(date="02/03/2026", quantity="4.000.000"))
    add(date="01/07/2026", quantity="8.000.000")
    months = {b.label: b.value for b in dashboard.by_month(ledger, periods.parse("2026-H1"))}
    assert months["01/2026"] == 1_000_000
    assert sum(months.values()) == figures.totals(ledger, periods.parse("2026-H1"))["total_value_vnd"] == 1_000_000


def test_targets_progress(ledger: Ledger) -> None:
    targets.add_examples(ledger, 2026)
    g = groups.add(ledger, {"name": "Tổ dân phố 1", "households": "10"})
    an = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "ho", "group_id": g})
    contributions.add(ledger, {"contributor_id": an, "kind": "land", "date": "01/02/2026", "quantity": "750",
                               "value_vnd": "100.000.000"})
    bars = {b.label: b for b in dashboard.target_progress(ledger, periods.parse("2026-H1"),
                                                         figures.totals(ledger, periods.parse("2026-H1")))}
    land = bars["Diện tích đất Nhân dân hiến"]
    assert land.value == 50.0
    assert land.note == "750 / 1.500 m² — 50%"
    assert land.filters["kind"] == "land"
    typed = bars["Tổ dân phố có đăng ký, ký cam kết thi đua"]
    assert typed.value == 0 and typed.note == "chưa có kết quả / 100%" and typed.filters == {}
    assert bars["Chiều dài đường, hẻm được mở rộng, bê tông hóa"].filters == {}  # works: no contributions list
