"""The charts of the Tổng quan page, as plain data: what each bar is called, how long it is, and which
filters of the Đóng góp list show the contributions behind it.

Every number comes from the figures of §5.3 (`figures.by_group`, `figures.totals`) or is counted with
exactly their rule (received, not deleted, dated inside the period), so the bars of a chart add up to
the total the report prints. No Qt here: the page draws these lists, a test checks their sums.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from db.connection import Ledger
from desktop.core.figures import figures, targets
from desktop.core.ledger.periods import Period
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.text.vnformat import format_decimal, format_int


class Bar(NamedTuple):
    """One bar of a chart. `filters` are the Đóng góp list's filter keys (lists.CONTRIBUTIONS) showing
    the contributions counted in this bar; empty when no list shows them (a target counted from works)."""

    label: str
    value: float
    filters: dict[str, Any]
    note: str = ""  # extra text beside the bar (a target: "1.234 / 1.500 m²")


# The value of each contribution kind in the figures of §5.3, in the order of the report's Bảng 1.
KIND_VALUE_KEYS: dict[str, str] = {
    "land": "land_value_vnd",
    "money": "money_vnd",
    "materials": "materials_value_vnd",
    "labour": "labour_value_vnd",
    "assets": "assets_value_vnd",
    "other": "other_value_vnd",
}

# What a target counted from the ledger shows when clicked: the contributions of the matching kind.
_TARGET_KIND = {"households_land": "land", "land_m2": "land", "money_vnd": "money", "labour_days": "labour"}
# Targets counted from works (completed, road length) have no contributions list behind them.
_TARGET_NO_LIST = {"works_completed", "road_length_completed_m"}

# The award counts of figures.awards, as the Tổng quan page calls them.
AWARD_LABELS: dict[str, str] = {
    "proposed": "Đề nghị đã xét",
    "granted_by_unit": "Giấy khen của Chủ tịch",
    "submitted_upward": "Trình cấp trên",
    "approved_upward": "Cấp trên đã khen",
}

# The counting rule of figures._CONTRIB_SQL, grouped by calendar month (the first 7 characters of an ISO date).
_MONTH_SQL = """
SELECT substr(c.date, 1, 7), coalesce(sum(c.value_vnd), 0), count(*)
FROM contributions c
WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ?
GROUP BY 1 ORDER BY 1
"""


def _base_filters(period: Period) -> dict[str, Any]:
    # "received" too: the list would otherwise add pledged contributions the chart does not count.
    return {"period": (period.start, period.end), "status": "received"}


def group_ids(ledger: Ledger) -> dict[str, int]:
    """Group name → id. figures.by_group names its rows; names are unique in the register (groups.validate)."""
    return {name: gid for gid, name in ledger.conn.execute("SELECT id, name FROM groups WHERE deleted_at IS NULL")}


def by_group(ledger: Ledger, period: Period, rows: list[dict[str, Any]] | None = None) -> list[Bar]:
    """Value given in each group (every row of figures.by_group), largest first, equal values in register order
    (130 groups: the leaders are at the top without scrolling); adds up to total_value_vnd."""
    rows = rows if rows is not None else figures.by_group(ledger, period)
    ids = group_ids(ledger)
    bars = [Bar(r["group"], r["total_value_vnd"], {**_base_filters(period), "group_id": ids[r["group"]]})
            for r in rows]
    return sorted(bars, key=lambda b: -b.value)


def by_kind(period: Period, totals: dict[str, Any]) -> list[Bar]:
    """Value of each contribution kind, from figures.totals; adds up to total_value_vnd."""
    bars = []
    for kind, key in KIND_VALUE_KEYS.items():
        note = ""
        if kind == "land":
            note = f"{figures.format_value('land_m2', totals['land_m2'])} m²"
        elif kind == "labour":
            note = f"{figures.format_value('labour_days', totals['labour_days'])} ngày công"
        bars.append(Bar(CONTRIBUTION_KINDS[kind], totals[key], {**_base_filters(period), "kind": kind}, note))
    return bars


def _months(period: Period) -> list[tuple[str, str, str]]:
    """(YYYY-MM, first day, last day) of every month the period touches, clipped to its bounds."""
    start, end = dt.date.fromisoformat(period.start), dt.date.fromisoformat(period.end)
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        out.append((f"{year:04d}-{month:02d}", max(first, start).isoformat(), min(last, end).isoformat()))
        year, month = nxt.year, nxt.month
    return out


def by_month(ledger: Ledger, period: Period) -> list[Bar]:
    """Value received month by month, every month of the period (empty ones too); adds up to total_value_vnd."""
    found = {m: int(v) for m, v, _n in ledger.conn.execute(_MONTH_SQL, [period.start, period.end])}
    bars = []
    for ym, first, last in _months(period):
        label = f"{ym[5:]}/{ym[:4]}"  # "01/2026"
        bars.append(Bar(label, found.get(ym, 0), {"period": (first, last), "status": "received"}))
    return bars


def _target_number(value: float) -> str:
    return format_int(int(value)) if float(value) == int(value) else format_decimal(float(value), 1)


def target_progress(ledger: Ledger, period: Period, totals: dict[str, Any]) -> list[Bar]:
    """Each target of the period's year: value = percent achieved (0 when unknown),
    note = "35 / 50 hộ — 70%" (or "chưa có kết quả / 50 hộ")."""
    bars = []
    for t in targets.with_results(ledger, period, totals):
        unit = t["unit_label"] or ""
        target = f"{_target_number(t['target_value'])}{unit if unit == '%' else ' ' + unit}".strip()
        if t["result"] is None:
            note = f"chưa có kết quả / {target}"
        else:
            note = f"{_target_number(t['result'])} / {target}"
            if t["percent"] is not None:
                note += f" — {format_decimal(t['percent'], 1, trim=True)}%"
        filters: dict[str, Any] = {}
        # A target measured by a movement indicator ("ind:…") has no list of contributions behind it.
        if t["source"] and t["source"] not in _TARGET_NO_LIST and not t["source"].startswith("ind:"):
            filters = _base_filters(period)
            if t["source"] in _TARGET_KIND:
                filters["kind"] = _TARGET_KIND[t["source"]]
        bars.append(Bar(t["name"], t["percent"] or 0.0, filters, note))
    return bars


def data(ledger: Ledger, period: Period) -> dict[str, Any]:
    """Everything the Tổng quan page shows for a period, read in one job on the database worker."""
    summary = figures.summary(ledger, period)
    totals = summary["totals"]
    return {
        "summary": summary,
        "by_group": by_group(ledger, period, summary["by_group"]),
        "by_kind": by_kind(period, totals),
        "by_month": by_month(ledger, period),
        "targets": target_progress(ledger, period, totals),
    }
