"""The figures of a period (DESIGN §5.3), computed in SQL.

Counted: contributions received (not merely pledged), not deleted, dated inside the period.
Works are counted by their state at the END of the period, read from their dates (`WORK_STATE_SQL`),
never by today's status column. The report, the handoff file and the dashboard all print these numbers,
so there is one definition of each, here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import periods
from desktop.core.ledger.periods import Period
from desktop.core.ledger.setup import get_unit
from desktop.core.text.vnformat import format_decimal, format_int

TOTAL_KEYS = (
    "contributors", "households_land", "land_m2", "land_value_vnd", "money_vnd", "materials_value_vnd",
    "labour_days", "labour_value_vnd", "assets_value_vnd", "other_value_vnd", "total_value_vnd",
    "works_completed", "road_length_completed_m",
)
# What each figure is called in the report, the summary and the history of an issued report.
LABELS = {
    "contributors": "Số người/hộ/tập thể đóng góp",
    "households_land": "Số hộ hiến đất",
    "land_m2": "Diện tích đất hiến (m²)",
    "land_value_vnd": "Giá trị đất hiến (đồng)",
    "money_vnd": "Tiền mặt (đồng)",
    "materials_value_vnd": "Vật tư quy đổi (đồng)",
    "labour_days": "Ngày công",
    "labour_value_vnd": "Ngày công quy đổi (đồng)",
    "assets_value_vnd": "Tài sản quy đổi (đồng)",
    "other_value_vnd": "Khác quy đổi (đồng)",
    "total_value_vnd": "Tổng giá trị đóng góp (đồng)",
    "works_completed": "Công trình hoàn thành",
    "road_length_completed_m": "Chiều dài đường hoàn thành (m)",
}
DECIMAL_KEYS = ("land_m2", "labour_days", "road_length_completed_m")

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

# The state of a work at the end of the day `:end` (the last day of a period), from its dates:
# - "hoan_thanh": completed by then — status Hoàn thành and completed_date <= :end (a completed_date is only
#   allowed on a completed work, ledger.works.check);
# - "dang_thi_cong": started by then and not yet completed — start_date <= :end and the work is today under
#   construction or completed after :end (a work completed on 10/08 was under construction on 30/06 if it started
#   by 30/06); a work with no start date typed is counted under construction only while the period is still
#   running (:end >= :today), when its status today is the state at its end;
# - "chuan_bi": otherwise — it had not started (start_date after :end, or still Chuẩn bị today, or no start date
#   in a period already over).
WORK_STATE_SQL = """CASE
  WHEN w.status = 'hoan_thanh' AND w.completed_date <= :end THEN 'hoan_thanh'
  WHEN w.status IN ('dang_thi_cong', 'hoan_thanh') AND w.start_date <= :end THEN 'dang_thi_cong'
  WHEN w.status = 'dang_thi_cong' AND w.start_date IS NULL AND :end >= :today THEN 'dang_thi_cong'
  ELSE 'chuan_bi' END"""

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


def format_value(key: str, value: float | int) -> str:
    """A figure as printed: "1.234.567" for counts and đồng, "1.769,4" for m², days and metres."""
    if key in DECIMAL_KEYS:
        return format_decimal(float(value), 1)
    return format_int(int(value))


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
    """The awards figures of a period (DESIGN §5.3): proposals of periods inside it. `proposed` counts those the
    council has considered (past the draft); `granted_by_unit` the ward's own decisions; `submitted_upward` those
    sent to the level above; `approved_upward` those it granted."""
    row = ledger.conn.execute(
        """
        SELECT
          count(CASE WHEN p.status != 'du_thao' THEN 1 END),
          count(CASE WHEN k.level = 'ward' AND p.status IN ('quyet_dinh', 'duoc_khen') THEN 1 END),
          count(CASE WHEN k.level = 'upper' AND p.status IN ('trinh_cap_tren', 'duoc_khen', 'khong_duoc_khen')
                THEN 1 END),
          count(CASE WHEN k.level = 'upper' AND p.status = 'duoc_khen' THEN 1 END)
        FROM proposals p JOIN award_kinds k ON k.id = p.award_kind_id
        WHERE p.deleted_at IS NULL AND p.period_start >= ? AND p.period_end <= ?
        """, [period.start, period.end]).fetchone()
    return dict(zip(("proposed", "granted_by_unit", "submitted_upward", "approved_upward"), map(int, row),
                    strict=True))


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


def _today(today: dt.date | str | None) -> str:
    return (today or dt.date.today()).isoformat() if not isinstance(today, str) else today


def works_in_progress(ledger: Ledger, period: Period, today: dt.date | str | None = None) -> int:
    """Works under construction at the end of the period (`WORK_STATE_SQL`), not today."""
    return int(ledger.conn.execute(
        f"SELECT count(*) FROM works w WHERE w.deleted_at IS NULL AND ({WORK_STATE_SQL}) = 'dang_thi_cong'",
        {"end": period.end, "today": _today(today)}).fetchone()[0])


def by_work(ledger: Ledger, period: Period, today: dt.date | str | None = None) -> list[dict[str, Any]]:
    """Works with contributions received in the period or completed in it, with what the people gave
    to each; contributions linked to no work come last as one row (work_id None), so the value
    column adds up to total_value_vnd. `status` is the work's state at the end of the period
    (`WORK_STATE_SQL`) and `completed_date` is given only for a work completed by then."""
    args = {"start": period.start, "end": period.end, "today": _today(today)}
    cur = ledger.conn.execute(
        f"""
        SELECT w.id, w.name, w.kind, {WORK_STATE_SQL}, w.length_m, w.budget_state_vnd,
          CASE WHEN w.completed_date <= :end THEN w.completed_date END,
          (SELECT group_concat(g.name, ', ') FROM work_groups wg JOIN groups g ON g.id = wg.group_id
            WHERE wg.work_id = w.id),
          coalesce(sum(c.value_vnd), 0), count(c.id)
        FROM works w LEFT JOIN contributions c ON c.work_id = w.id AND c.deleted_at IS NULL
          AND c.status = 'received' AND c.date BETWEEN :start AND :end
        WHERE w.deleted_at IS NULL
        GROUP BY w.id
        HAVING count(c.id) > 0 OR (w.status = 'hoan_thanh' AND w.completed_date BETWEEN :start AND :end)
        ORDER BY w.sort_key
        """,
        args,
    )
    keys = ("work_id", "name", "kind", "status", "length_m", "budget_state_vnd", "completed_date", "groups",
            "people_value_vnd", "contributions")
    rows = [dict(zip(keys, r, strict=True)) for r in cur]
    loose = ledger.conn.execute(
        "SELECT coalesce(sum(value_vnd), 0), count(*) FROM contributions WHERE work_id IS NULL "
        "AND deleted_at IS NULL AND status = 'received' AND date BETWEEN ? AND ?",
        [period.start, period.end],
    ).fetchone()
    if loose[1]:
        rows.append({**dict.fromkeys(keys), "name": "Đóng góp chưa gắn với công trình cụ thể",
                     "people_value_vnd": int(loose[0]), "contributions": int(loose[1])})
    return rows


def land_donors(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """Every land contribution counted in the period, by group then person (one row per parcel given)."""
    cur = ledger.conn.execute(
        """
        SELECT p.name, p.kind, p.address, g.name, w.name, c.land_map_sheet, c.land_parcel, c.land_type,
          c.quantity, c.value_vnd, c.date, p.id
        FROM contributions c JOIN contributors p ON p.id = c.contributor_id
          LEFT JOIN groups g ON g.id = c.group_id LEFT JOIN works w ON w.id = c.work_id
        WHERE c.kind = 'land' AND c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ?
        ORDER BY g.sort_key, p.sort_key, c.date, c.id
        """,
        [period.start, period.end],
    )
    keys = ("name", "kind", "address", "group", "work", "map_sheet", "parcel", "land_type", "m2", "value_vnd", "date",
            "contributor_id")
    return [dict(zip(keys, r, strict=True)) for r in cur]


def land_donors_by_person(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """One row per household, person or body that gave land in the period (the report's Phụ lục I), in the order
    of `land_donors`: m² and value summed; groups, works and plots ("tờ / thửa") listed once each. So the list
    has exactly as many rows as the report says people gave land (`contributors_by_kind(..., "land")`)."""
    rows: dict[int, dict[str, Any]] = {}
    for d in land_donors(ledger, period):
        row = rows.setdefault(d["contributor_id"], {
            "contributor_id": d["contributor_id"], "name": d["name"], "kind": d["kind"], "address": d["address"],
            "groups": [], "works": [], "plots": [], "m2": 0.0, "value_vnd": 0, "parcels": 0})
        plot = " / ".join(x for x in (d["map_sheet"], d["parcel"]) if x)
        for key, value in (("groups", d["group"]), ("works", d["work"]), ("plots", plot)):
            if value and value not in row[key]:
                row[key].append(value)
        row["m2"] += float(d["m2"] or 0)
        row["value_vnd"] += int(d["value_vnd"] or 0)
        row["parcels"] += 1
    for row in rows.values():
        row["m2"] = round(row["m2"], 1)
    return list(rows.values())


def contributors_by_kind(ledger: Ledger, period: Period, kind: str | None = None) -> dict[str, int]:
    """How many distinct contributors gave (or gave `kind`, e.g. "land") in the period, by contributor kind
    (ho, ca_nhan, tap_the, doanh_nghiep): the parts of `contributors` (and, for "ho" with "land", of
    `households_land`), so that the report can say what a count counts."""
    sql = ("SELECT p.kind, count(DISTINCT c.contributor_id) FROM contributions c JOIN contributors p "
           "ON p.id = c.contributor_id WHERE c.deleted_at IS NULL AND c.status = 'received' "
           "AND c.date BETWEEN ? AND ?" + (" AND c.kind = ?" if kind else "") + " GROUP BY p.kind")
    args = [period.start, period.end, *([kind] if kind else [])]
    return {k: int(n) for k, n in ledger.conn.execute(sql, args)}
