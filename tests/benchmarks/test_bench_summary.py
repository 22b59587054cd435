"""Benchmark of `thidua summary` for the movement's five-year phase 2026–2030 (issue 22) on a large ledger.

The value is the command's work (cli.basics.cmd_summary): `figures.summary` of the phase (totals, by group, awards)
and the movement's other indicators of it. The floor is the least SQL that gives the same totals: one aggregate
query over the phase's contributions. Goal: < 1 s (a clerk waiting at the prompt); the ratio is printed too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.figures import figures, indicators
from tests.benchmarks.bench_helpers import QUICK, VALUE, interleaved, record

PHASE = "2026-2030"  # how periods.parse spells a phase (periods.choices offers it)
TARGET = 2_000 if QUICK else 100_000

_COPY = """
INSERT INTO contributions (uuid, contributor_id, group_id, work_id, date, kind, quantity, unit, value_vnd,
  value_entered, rate_id, status, description, evidence_no, land_map_sheet, land_parcel, land_type, created_at,
  updated_at)
SELECT lower(hex(randomblob(16))), contributor_id, group_id, work_id, date(date, :shift), kind, quantity, unit,
  value_vnd, value_entered, rate_id, status, description, evidence_no, land_map_sheet, land_parcel, land_type,
  created_at, updated_at
FROM contributions
WHERE deleted_at IS NULL AND id <= :last AND date(date, :shift) BETWEEN '2026-01-01' AND '2030-12-31'
ORDER BY (id * 2654435761) % 1000003 LIMIT :n
"""


def _grow_phase(db: Path, target: int) -> int:
    """Copy the demo's contributions 1 to 4 years later until the phase holds `target` of them, a quarter of the
    copies per shift, so they spread over 2026–2030 (bench_helpers.grow_contributions keeps the dates, which would
    pile them all into 2025–2026)."""
    led = open_ledger(db)
    conn = led.conn

    def in_phase() -> int:
        return conn.execute("SELECT count(*) FROM contributions WHERE deleted_at IS NULL "
                            "AND date BETWEEN '2026-01-01' AND '2030-12-31'").fetchone()[0]

    last = conn.execute("SELECT max(id) FROM contributions").fetchone()[0]  # copy the demo's rows, not copies
    with led.transaction():
        for years in (1, 2, 3, 4):
            quota = (target - in_phase()) // (5 - years)
            if quota > 0:
                conn.execute(_COPY, {"shift": f"+{years} years", "last": last, "n": quota})
    n = in_phase()
    led.close()
    return n


FLOOR_SQL = """
SELECT count(DISTINCT c.contributor_id),
  count(DISTINCT CASE WHEN c.kind = 'land' AND p.kind = 'ho' THEN c.contributor_id END),
  total(CASE WHEN c.kind = 'land' THEN c.quantity END), total(CASE WHEN c.kind = 'land' THEN c.value_vnd END),
  total(CASE WHEN c.kind = 'money' THEN c.value_vnd END), total(CASE WHEN c.kind = 'materials' THEN c.value_vnd END),
  total(CASE WHEN c.kind = 'labour' THEN c.quantity END), total(CASE WHEN c.kind = 'labour' THEN c.value_vnd END),
  total(CASE WHEN c.kind = 'assets' THEN c.value_vnd END), total(CASE WHEN c.kind = 'other' THEN c.value_vnd END),
  total(c.value_vnd)
FROM contributions c JOIN contributors p ON p.id = c.contributor_id
WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN '2026-01-01' AND '2030-12-31'
"""


@pytest.fixture(scope="module")
def phase_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: Callable[[Path], Path]) -> Path:
    db = demo_copy(tmp_path_factory.mktemp("summary") / "large.sqlite")
    n = _grow_phase(db, TARGET)
    assert n >= TARGET * 0.98, n
    return db


def test_summary_of_the_phase(phase_db: Path) -> None:
    led = open_ledger(phase_db)
    by_year = dict(led.conn.execute("SELECT substr(date, 1, 4), count(*) FROM contributions WHERE deleted_at IS NULL "
                                    "AND date BETWEEN '2026-01-01' AND '2030-12-31' GROUP BY 1"))
    assert sorted(by_year) == ["2026", "2027", "2028", "2029", "2030"], by_year
    assert min(by_year.values()) > TARGET / 20, by_year  # every year of the phase has its share

    def command() -> None:  # cli.basics.cmd_summary without the printing
        result = figures.summary(led, PHASE)
        result["indicators"] = indicators.period_values(led, result["period"]["code"])

    def floor() -> None:
        led.conn.execute(FLOOR_SQL).fetchone()

    # The floor gives the same totals as the command.
    got = figures.summary(led, PHASE)["totals"]
    row = led.conn.execute(FLOOR_SQL).fetchone()
    assert [got[k] for k in figures.TOTAL_KEYS[:11]] == [figures._contrib_dict(row)[k] for k in figures.TOTAL_KEYS[:11]]
    command()  # warm: the catalogue loaded, pages cached, as a second command would find them
    values, floors = interleaved(command, floor)
    led.close()
    record(f"summary {PHASE}, {sum(by_year.values()):,} contributions in the phase", values, floors, 1.0, VALUE,
           floor_name="one aggregate query over the phase")
