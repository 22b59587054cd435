"""Comparison of the tổ dân phố: participation, per-household values, the ranking and its ties, the workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from db.connection import Ledger
from desktop.core.figures import comparison, figures
from desktop.core.ledger import contributions, contributors, groups, periods

H1 = periods.parse("2026-H1")


@pytest.fixture
def ward(ledger: Ledger) -> Ledger:
    """Four active groups and a merged one:
    - Tổ 1: 10 households, 5 contributing → 50 %, 10.000.000 đ → 1.000.000 đ/hộ
    - Tổ 2: 4 households, 2 contributing → 50 %, 4.000.000 đ → 1.000.000 đ/hộ (ties with Tổ 1)
    - Tổ 3: 20 households, 10 contributing → 50 %, 10.000.000 đ → 500.000 đ/hộ (third)
    - Tổ 4: no households in the register → no rank
    - Tổ 5: merged into Tổ 1, not compared (its 700.000 đ are in the ward's total only)
    Counted like the figures: an individual, a pledge and a contribution outside the period do not count."""
    ids = {n: groups.add(ledger, {"name": f"Tổ dân phố {n}", "households": str(h)})
           for n, h in ((1, 10), (2, 4), (3, 20), (4, 0), (5, 8))}

    def give(group: int, count: int, each: int, land: float = 0.0) -> None:
        for i in range(count):
            who = contributors.add(ledger, {"name": f"Hộ {group}-{i}", "kind": "ho", "group_id": ids[group]})
            contributions.add(ledger, {"contributor_id": who, "date": "15/03/2026", "kind": "money",
                                       "quantity": str(each)})
            if land:
                contributions.add(ledger, {"contributor_id": who, "date": "16/03/2026", "kind": "land",
                                           "quantity": str(land).replace(".", ","), "value_vnd": "0"})

    give(1, 5, 2_000_000, land=3.0)
    give(2, 2, 2_000_000)
    give(3, 10, 1_000_000)
    give(4, 1, 1_000_000)
    give(5, 1, 700_000)  # given in Tổ 5 before it merged into Tổ 1
    groups.merge(ledger, ids[5], ids[1], "2026-04-01")
    # Not counted as households taking part: a person (not a household), a pledge, last year.
    person = contributors.add(ledger, {"name": "Cá nhân A", "kind": "ca_nhan", "group_id": ids[3]})
    contributions.add(ledger, {"contributor_id": person, "date": "15/03/2026", "kind": "money", "quantity": "5"})
    late = contributors.add(ledger, {"name": "Hộ hứa", "kind": "ho", "group_id": ids[2]})
    contributions.add(ledger, {"contributor_id": late, "date": "15/03/2026", "kind": "money", "quantity": "1000",
                               "status": "pledged"})
    contributions.add(ledger, {"contributor_id": late, "date": "15/03/2025", "kind": "money", "quantity": "1000"})
    return ledger


def test_rates_and_per_household_values(ward: Ledger) -> None:
    rows = {r["group"]: r for r in comparison.rows(ward, H1)}
    assert set(rows) == {"Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4"}  # active only
    assert comparison.merged_value(ward, H1, list(rows.values())) == 700_000
    one = rows["Tổ dân phố 1"]
    assert (one["households"], one["contributing"], one["rate_pct"]) == (10, 5, 50.0)
    assert one["value_per_household"] == 1_000_000
    assert one["land_per_household"] == 1.5  # 15 m² over 10 households
    three = rows["Tổ dân phố 3"]
    assert three["contributing"] == 10  # the individual is not a household
    assert three["total_value_vnd"] == 10_000_005  # ... but its money is in the group's value, as in the figures
    assert three["value_per_household"] == 500_000
    # Totals are the figures of §5.3, never recounted.
    fig = {r["group"]: r for r in figures.by_group(ward, H1)}
    for name, r in rows.items():
        assert r["total_value_vnd"] == fig[name]["total_value_vnd"]
        assert r["land_m2"] == fig[name]["land_m2"]


def test_ranking_order_and_ties(ward: Ledger) -> None:
    rows = comparison.rows(ward, H1)
    assert [(r["group"], r["rank"]) for r in rows] == [
        ("Tổ dân phố 1", 1), ("Tổ dân phố 2", 1), ("Tổ dân phố 3", 3), ("Tổ dân phố 4", None)]


def test_rank_competition_style() -> None:
    def row(name: str, rate: float | None, value: int | None) -> dict:
        return {"group": name, "rate_pct": rate, "value_per_household": value}

    ranked = comparison.rank([row("a", 40.0, 10), row("b", 60.0, 5), row("c", 60.0, 9), row("d", None, None),
                              row("e", 40.0, 10), row("f", 10.0, 99)])
    assert [(r["group"], r["rank"]) for r in ranked] == [
        ("c", 1), ("b", 2), ("a", 3), ("e", 3), ("f", 5), ("d", None)]


def test_xlsx_reopened(ward: Ledger, tmp_path: Path) -> None:
    path = comparison.export_xlsx(ward, H1, tmp_path / "so-sanh.xlsx")
    ws = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[1] == comparison.HEADERS
    assert values[2] == [1, "Tổ dân phố 1", 10, 5, 50.0, 1_000_000, 1.5, 10_000_000]
    assert values[5][:4] == [None, "Tổ dân phố 4", 0, 1]
    assert values[6][1] == comparison.TOTAL_LABEL
    assert values[6][2:4] == [34, 18]  # households and households taking part of the active groups
    assert ws.cell(3, 6).number_format == "#,##0"


def test_printable_ranking(ward: Ledger) -> None:
    import pypdfium2 as pdfium

    from desktop.core.pdf import nd30

    pdf = pdfium.PdfDocument(nd30.render(comparison.document(ward, H1)))
    text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    for expected in ("BÁO CÁO", "xếp hạng", "Tổ dân phố 3", "1.000.000", "Chưa xếp hạng (chưa có số hộ trong sổ): "
                     "Tổ dân phố 4", "Dẫn đầu: Tổ dân phố 1, Tổ dân phố 2",
                     "gồm cả 700.000 đồng đóng góp tại các tổ dân phố đã sáp nhập"):
        assert expected in text, expected
