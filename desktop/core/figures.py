"""The figures of a period (DESIGN §5.3), computed in SQL.

Counted: contributions received (not merely pledged), not deleted, dated inside the period.
The report, the handoff file and the dashboard all print these numbers, so there is one
definition of each, here.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core import periods
from desktop.core.periods import Period
from desktop.core.setup import get_unit

TOTAL_KEYS = (
    "contributors", "households_land", "land_m2", "land_value_vnd", "money_vnd", "materials_value_vnd",
    "labour_days", "labour_value_vnd", "assets_value_vnd", "other_value_vnd", "total_value_vnd",
    "works_completed", "road_length_completed_m",
)
# Figures that add up across periods and groups (distinct counts of people do not).
ADDITIVE_KEYS = tuple(k for k in TOTAL_KEYS if k not in ("contributors", "households_land"))

_CONTRIB_SQL = """
SELECT {group_col}
  count(DISTINCT c.contributor_id),
  count(DISTINCT CASE WHEN c.kind = 'land' AND p.kind = 'ho' THEN c.contributor_id END),
  coalesce(sum(CASE WHEN c.kind = 'land' THEN c.quantity END), 0),
  coalesce(sum(CASE WHEN c.kind = 'land' THEN c.value_vnd END), 0),
  coalesce(sum(CASE WHEN c.kind = 'money' THEN c.value_vnd END), 0),
  coalesce(sum(CASE WHEN c.kind = 'materials' THEN c.value_vnd END), 0),
  coalesce(sum(CASE WHEN c.kind = 'labour' THEN c.quantity END), 0),
  coalesce(sum(CASE WHEN c.kind = 'labour' THEN c.value_vnd END), 0),
  coalesce(sum(CASE WHEN c.kind = 'assets' THEN c.value_vnd END), 0),
  coalesce(sum(CASE WHEN c.kind = 'other' THEN c.value_vnd END), 0),
  coalesce(sum(c.value_vnd), 0)
FROM contributions c JOIN contributors p ON p.id = c.contributor_id
WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ?
{group_by}
"""

# A road is a tuyến đường or a hẻm; its length counts when it is completed inside the period.
_WORKS_SQL = """
SELECT {group_col} count(DISTINCT w.id),
  coalesce(sum(CASE WHEN w.kind IN ('duong', 'hem') THEN w.length_m END), 0)
FROM works w {join}
WHERE w.deleted_at IS NULL AND w.status = 'hoan_thanh' AND w.completed_date BETWEEN ? AND ?
{group_by}
"""


def _contrib_dict(values: tuple) -> dict[str, Any]:
    keys = TOTAL_KEYS[:11]
    out = dict(zip(keys, values, strict=True))
    out["land_m2"] = round(float(out["land_m2"]), 1)
    out["labour_days"] = round(float(out["labour_days"]), 1)
    for k in keys:
        if k not in ("land_m2", "labour_days"):
            out[k] = int(out[k])
    return out


def empty_totals() -> dict[str, Any]:
    return {k: 0.0 if k in ("land_m2", "labour_days", "road_length_completed_m") else 0 for k in TOTAL_KEYS}


def totals(ledger: Ledger, period: Period) -> dict[str, Any]:
    args = [period.start, period.end]
    row = ledger.conn.execute(_CONTRIB_SQL.format(group_col="", group_by=""), args).fetchone()
    out = _contrib_dict(row)
    n, length = ledger.conn.execute(_WORKS_SQL.format(group_col="", join="", group_by=""), args).fetchone()
    out["works_completed"] = int(n)
    out["road_length_completed_m"] = round(float(length), 1)
    return out


def by_group(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """One row per group: every active group, and any inactive one with figures in the period.
    A work shared by two groups counts in each of them, so works columns do not add up."""
    args = [period.start, period.end]
    contrib = {
        r[0]: _contrib_dict(r[1:])
        for r in ledger.conn.execute(_CONTRIB_SQL.format(group_col="c.group_id,", group_by="GROUP BY c.group_id"), args)
    }
    works = {
        r[0]: (int(r[1]), round(float(r[2]), 1))
        for r in ledger.conn.execute(
            _WORKS_SQL.format(group_col="wg.group_id,", join="JOIN work_groups wg ON wg.work_id = w.id",
                              group_by="GROUP BY wg.group_id"),
            args,
        )
    }
    rows = []
    for gid, name, active in ledger.conn.execute(
        "SELECT id, name, active FROM groups WHERE deleted_at IS NULL ORDER BY sort_key"
    ):
        if not active and gid not in contrib and gid not in works:
            continue
        row = {"group": name, **empty_totals(), **contrib.get(gid, {})}
        if gid in works:
            row["works_completed"], row["road_length_completed_m"] = works[gid]
        rows.append(row)
    return rows


def awards(ledger: Ledger, period: Period) -> dict[str, int]:
    """Award counts of the period. The proposals register arrives with the awards feature;
    until then a ledger has proposed nothing."""
    return {"proposed": 0, "granted_by_unit": 0, "submitted_upward": 0, "approved_upward": 0}


def summary(ledger: Ledger, period: Period | str) -> dict[str, Any]:
    unit = get_unit(ledger)
    if isinstance(period, str):
        period = periods.parse(period, unit.get("period_start") or "01-01")
    return {
        "unit": {"name": unit["name"], "code": unit["code"]},
        "period": period.as_dict(),
        "totals": totals(ledger, period),
        "by_group": by_group(ledger, period),
        "awards": awards(ledger, period),
    }
