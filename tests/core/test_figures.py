"""The figures of DESIGN §5.3 against hand-computed expectations and independent sums."""

from __future__ import annotations

import pytest

from db.connection import Ledger
from desktop.core.figures import figures
from desktop.core.figures.figures import ADDITIVE_KEYS, TOTAL_KEYS
from desktop.core.ledger import contributions, contributors, groups, works


@pytest.fixture
def small(ledger: Ledger) -> Ledger:
    g1 = groups.add(ledger, {"name": "Tổ dân phố 1", "households": "300"})
    g2 = groups.add(ledger, {"name": "Tổ dân phố 2", "households": "200"})
    an = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "ho", "group_id": g1})
    binh = contributors.add(ledger, {"name": "Trần Thị Bình", "kind": "ca_nhan", "group_id": g1})
    cty = contributors.add(ledger, {"name": "Công ty TNHH Minh Phát", "kind": "doanh_nghiep", "group_id": g2})
    chi = contributors.add(ledger, {"name": "Lê Văn Chí", "kind": "ho", "group_id": g2})
    works.add(ledger, {"name": "Hẻm 12", "kind": "hem", "status": "hoan_thanh", "completed_date": "30/06/2026",
                       "length_m": "120,5", "group_ids": [g1]})
    works.add(ledger, {"name": "Đường liên tổ 1-2", "kind": "duong", "status": "hoan_thanh",
                       "completed_date": "01/07/2026", "length_m": "800", "group_ids": [g1, g2]})
    works.add(ledger, {"name": "Nhà văn hóa tổ 2", "kind": "nha_van_hoa", "status": "hoan_thanh",
                       "completed_date": "01/01/2026", "group_ids": [g2]})

    def add(**v: object) -> int:
        return contributions.add(ledger, v)

    # Inside 2026-H1 (bounds inclusive: 01/01 and 30/06 count).
    add(contributor_id=an, date="01/01/2026", kind="land", quantity="100,5", value_vnd="500.000.000")
    add(contributor_id=an, date="30/06/2026", kind="money", quantity="2.000.000")
    add(contributor_id=binh, date="15/03/2026", kind="land", quantity="20", value_vnd="100.000.000")
    add(contributor_id=binh, date="15/03/2026", kind="labour", quantity="2,5")  # 625.000 by the sample rate
    add(contributor_id=cty, date="10/04/2026", kind="materials", quantity="3", unit="tấn")  # 4.800.000
    add(contributor_id=cty, date="10/04/2026", kind="assets", quantity="1", unit="bộ", value_vnd="7.000.000")
    add(contributor_id=chi, date="11/04/2026", kind="other", quantity="1", value_vnd="300.000")
    # Excluded: pledged only, deleted, and outside the period.
    add(contributor_id=chi, date="11/04/2026", kind="land", quantity="50", value_vnd="250.000.000", status="pledged")
    gone = add(contributor_id=chi, date="12/04/2026", kind="money", quantity="9.000.000")
    contributions.delete(ledger, gone)
    add(contributor_id=chi, date="31/12/2025", kind="money", quantity="1.000.000")
    add(contributor_id=chi, date="01/07/2026", kind="land", quantity="10", value_vnd="40.000.000")
    return ledger


def test_totals_by_hand(small: Ledger) -> None:
    t = figures.totals(small, figures.periods.parse("2026-H1"))
    assert t == {
        "contributors": 4,
        "households_land": 1,  # Bình gave land as an individual, not a household
        "land_m2": 120.5,
        "land_value_vnd": 600_000_000,
        "money_vnd": 2_000_000,
        "materials_value_vnd": 4_800_000,
        "labour_days": 2.5,
        "labour_value_vnd": 625_000,
        "assets_value_vnd": 7_000_000,
        "other_value_vnd": 300_000,
        "total_value_vnd": 614_725_000,
        "works_completed": 2,  # the hẻm (30/06) and the nhà văn hóa (01/01); the road ends 01/07
        "road_length_completed_m": 120.5,  # the nhà văn hóa is not a road
    }


def test_by_group_and_h2(small: Ledger) -> None:
    rows = {r["group"]: r for r in figures.by_group(small, figures.periods.parse("2026-H1"))}
    assert rows["Tổ dân phố 1"]["total_value_vnd"] == 500_000_000 + 2_000_000 + 100_000_000 + 625_000
    assert rows["Tổ dân phố 2"]["total_value_vnd"] == 4_800_000 + 7_000_000 + 300_000
    h2 = {r["group"]: r for r in figures.by_group(small, figures.periods.parse("2026-H2"))}
    # The shared road counts in both of its groups.
    assert h2["Tổ dân phố 1"]["works_completed"] == h2["Tổ dân phố 2"]["works_completed"] == 1
    assert h2["Tổ dân phố 2"]["land_m2"] == 10.0


def test_summary_contract_keys(small: Ledger) -> None:
    s = figures.summary(small, "2026-H1")
    assert set(s) == {"unit", "period", "totals", "by_group", "awards"}
    assert s["unit"] == {"name": "Phường Nguyễn Nghiêm", "code": "21580"}
    assert s["period"] == {"code": "2026-H1", "label": "6 tháng đầu năm 2026", "start": "2026-01-01",
                           "end": "2026-06-30"}
    assert tuple(s["totals"]) == TOTAL_KEYS
    assert all(set(r) == {"group", *TOTAL_KEYS} for r in s["by_group"])
    assert isinstance(s["totals"]["total_value_vnd"], int)


def test_demo_year_is_h1_plus_h2_and_groups_add_up(demo_ledger: Ledger) -> None:
    for year in ("2025", "2026"):
        y = figures.totals(demo_ledger, figures.periods.parse(year))
        h1 = figures.totals(demo_ledger, figures.periods.parse(f"{year}-H1"))
        h2 = figures.totals(demo_ledger, figures.periods.parse(f"{year}-H2"))
        for key in ADDITIVE_KEYS:
            assert y[key] == pytest.approx(h1[key] + h2[key]), key
        assert y["total_value_vnd"] > 0
        rows = figures.by_group(demo_ledger, figures.periods.parse(year))
        for key in ADDITIVE_KEYS:
            if key not in ("works_completed", "road_length_completed_m"):
                assert sum(r[key] for r in rows) == pytest.approx(y[key]), key


def test_demo_totals_equal_an_independent_sum(demo_ledger: Ledger) -> None:
    p = figures.periods.parse("2025")
    rows = demo_ledger.conn.execute(
        "SELECT c.kind, c.quantity, c.value_vnd, c.contributor_id, p.kind FROM contributions c "
        "JOIN contributors p ON p.id = c.contributor_id "
        "WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date >= ? AND c.date <= ?", [p.start, p.end]
    ).fetchall()
    t = figures.totals(demo_ledger, p)
    assert t["total_value_vnd"] == sum(r[2] for r in rows)
    assert t["land_m2"] == pytest.approx(round(sum(r[1] for r in rows if r[0] == "land"), 1))
    assert t["contributors"] == len({r[3] for r in rows})
    assert t["households_land"] == len({r[3] for r in rows if r[0] == "land" and r[4] == "ho"})
