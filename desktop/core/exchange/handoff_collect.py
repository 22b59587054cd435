"""What a handoff file carries, read from the ward's ledger: data.json's records (`collect`) and, with them, the
figures of §5.3 for its manifest (`gather`).

`gather` runs the large queries at once on read connections of their own (issue 22): SQLite lets go of the GIL
while it steps through a query, and on the large ward the reading was a third of the export, done one query after
the other. It reads as collect() and figures.summary() one after the other would: each query sees the ledger as
committed when it runs (as before), and a ledger with a transaction open on this connection (whose writes another
connection would not see) or without a file is read on this connection alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter
from typing import Any, TypeVar

from db.connection import Ledger, open_ledger
from desktop.core.exchange import handoff_extras
from desktop.core.figures import figures
from desktop.core.ledger.periods import Period

T = TypeVar("T")

# What goes into data.json, per table (personal columns are added only on request).
_COLUMNS = {
    "groups": ("uuid", "name", "households", "population", "active"),
    "works": ("uuid", "name", "kind", "status", "length_m", "width_before_m", "width_after_m", "budget_state_vnd",
              "budget_social_vnd", "budget_people_vnd", "start_date", "completed_date"),
    "contributors": ("uuid", "name", "kind", "group_uuid", "address", "birth_year"),
    "contributions": ("uuid", "contributor_uuid", "group_uuid", "work_uuid", "date", "kind", "quantity", "unit",
                      "value_vnd", "status", "land_map_sheet", "land_parcel", "land_type", "land_handover",
                      "evidence_no", "evidence_date"),
}
PERSONAL = ("phone", "cccd")


def _rows(ledger: Ledger, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    """Rows as dicts with their keys in sorted order, so that data.json is canonical without json's
    sort_keys (sorting 10,000 dicts again cost a fifth of writing them)."""
    cur = ledger.conn.execute(sql, args)
    cols = [d[0] for d in cur.description]
    order = sorted(range(len(cols)), key=cols.__getitem__)
    keys_sorted = [cols[i] for i in order]
    pick = itemgetter(*order) if len(order) > 1 else (lambda r: (r[0],))
    return [dict(zip(keys_sorted, pick(r), strict=True)) for r in cur]


def _contributions(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    return _rows(ledger, f"""
        SELECT {", ".join("c." + c for c in _COLUMNS["contributions"] if not c.endswith("_uuid"))},
          p.uuid AS contributor_uuid, g.uuid AS group_uuid, w.uuid AS work_uuid
        FROM contributions c JOIN contributors p ON p.id = c.contributor_id JOIN groups g ON g.id = c.group_id
          LEFT JOIN works w ON w.id = c.work_id
        WHERE c.deleted_at IS NULL AND c.date BETWEEN ? AND ? ORDER BY c.date, c.id""", [period.start, period.end])


def _people(ledger: Ledger, period: Period, personal: bool) -> list[dict[str, Any]]:
    people_cols = [c for c in _COLUMNS["contributors"] if c != "group_uuid"] + (list(PERSONAL) if personal else [])
    return _rows(ledger, f"""
        SELECT {", ".join("p." + c for c in people_cols)}, g.uuid AS group_uuid FROM contributors p
        LEFT JOIN groups g ON g.id = p.group_id
        WHERE p.id IN (SELECT contributor_id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ?)
        ORDER BY p.id""", [period.start, period.end])


def collect(ledger: Ledger, period: Period, *, personal: bool = False,
            _people_rows: Future[list[dict[str, Any]]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The period's records: its contributions (not deleted), the groups, works and people they name, and the
    period's indicators (format version 3). _people_rows: the people, being read on another connection."""
    a = [period.start, period.end]
    contribs = _contributions(ledger, period)
    works = _rows(ledger, f"""
        SELECT {", ".join(_COLUMNS["works"])} FROM works WHERE deleted_at IS NULL AND (
          id IN (SELECT work_id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ?)
          OR (status = 'hoan_thanh' AND completed_date BETWEEN ? AND ?)) ORDER BY id""", a + a)
    work_groups = _rows(ledger, """
        SELECT w.uuid AS work_uuid, g.uuid AS group_uuid FROM work_groups wg JOIN works w ON w.id = wg.work_id
        JOIN groups g ON g.id = wg.group_id WHERE w.uuid IN (SELECT value FROM json_each(?)) ORDER BY w.id, g.id""",
                        [json.dumps([w["uuid"] for w in works])])
    groups = _rows(ledger, f"SELECT {', '.join(_COLUMNS['groups'])} FROM groups WHERE deleted_at IS NULL ORDER BY id",
                   [])
    indicators = handoff_extras.indicator_rows(ledger, period)
    people = _people_rows.result() if _people_rows is not None else _people(ledger, period, personal)
    return {"groups": groups, "works": works, "work_groups": work_groups, "contributors": people,
            "contributions": contribs, "indicators": indicators}


def gather(ledger: Ledger, period: Period, *, personal: bool = False
           ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """collect() and figures.summary(): the people and the figures read on two more connections meanwhile."""
    if ledger.conn.in_transaction or not ledger.path.is_file():
        return collect(ledger, period, personal=personal), figures.summary(ledger, period)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="thidua-read") as pool:
        summary = pool.submit(_on_reader, ledger, lambda r: figures.summary(r, period))
        people = pool.submit(_on_reader, ledger, lambda r: _people(r, period, personal))
        data = collect(ledger, period, personal=personal, _people_rows=people)
        return data, summary.result()


def _on_reader(ledger: Ledger, read: Callable[[Ledger], T]) -> T:
    """read() on a read-only connection of this thread (a sqlite3 connection belongs to the thread that made it)."""
    reader = open_ledger(ledger.path, user=ledger.user, read_only=True)
    try:
        return read(reader)
    finally:
        reader.close()
