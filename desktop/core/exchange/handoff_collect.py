"""What a handoff file carries, read from the ward's ledger: data.json's records (`collect`: Python dicts, for the
tests and the benchmark's floor) and, for the export (`gather`), the same records as data.json's own text, the
columns its workbook shows and the figures of §5.3 for its manifest.

`gather` has SQLite write the two large tables (contributions, people) as canonical JSON (sql_json), each in one
aggregate step on a read connection of its own (issue 22): SQLite lets go of the GIL while it steps, so the text
is made on another core while this thread reads the small tables, the workbook's columns and the figures, and no
Python dict is made per contribution (making and dumping them was half of a large ward's export). The text is
byte for byte canonical() of collect()'s rows; all of it is one snapshot of the ledger (`gather`).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar

from db.connection import Ledger, open_ledger
from desktop.core.exchange import handoff_extras, sql_json
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


def _rows(ledger: Ledger, sql: str, args: list[Any] | dict[str, Any]) -> list[dict[str, Any]]:
    """Rows as dicts with their keys in sorted order, so that data.json is canonical without json's
    sort_keys (sorting 10,000 dicts again cost a fifth of writing them)."""
    cur = ledger.conn.execute(sql, args)
    cols = [d[0] for d in cur.description]
    order = sorted(range(len(cols)), key=cols.__getitem__)
    keys_sorted = [cols[i] for i in order]
    pick = itemgetter(*order) if len(order) > 1 else (lambda r: (r[0],))
    return [dict(zip(keys_sorted, pick(r), strict=True)) for r in cur]


_FROM_CONTRIBUTIONS = """FROM contributions c JOIN contributors p ON p.id = c.contributor_id
    JOIN groups g ON g.id = c.group_id LEFT JOIN works w ON w.id = c.work_id
    WHERE c.deleted_at IS NULL AND c.date BETWEEN :start AND :end ORDER BY c.date, c.id"""
_FROM_PEOPLE = """FROM contributors p LEFT JOIN groups g ON g.id = p.group_id
    WHERE p.id IN (SELECT contributor_id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN :start AND :end)
    ORDER BY p.id"""


def _contributions(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    return _rows(ledger, f"""
        SELECT {", ".join("c." + c for c in _COLUMNS["contributions"] if not c.endswith("_uuid"))},
          p.uuid AS contributor_uuid, g.uuid AS group_uuid, w.uuid AS work_uuid {_FROM_CONTRIBUTIONS}""",
                 {"start": period.start, "end": period.end})


def _people_columns(personal: bool) -> list[str]:
    return [c for c in _COLUMNS["contributors"] if c != "group_uuid"] + (list(PERSONAL) if personal else [])


def _people_dicts(ledger: Ledger, period: Period, personal: bool) -> list[dict[str, Any]]:
    return _rows(ledger, f"""SELECT {", ".join("p." + c for c in _people_columns(personal))}, g.uuid AS group_uuid
        {_FROM_PEOPLE}""", {"start": period.start, "end": period.end})


def collect(ledger: Ledger, period: Period, *, personal: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The period's records: its contributions (not deleted), the groups, works and people they name, and the
    period's indicators (format version 3)."""
    return {"contributions": _contributions(ledger, period), "contributors": _people_dicts(ledger, period, personal),
            **_small_tables(ledger, period)}


def _small_tables(ledger: Ledger, period: Period) -> dict[str, list[dict[str, Any]]]:
    """The groups, the works the period's contributions name or that it completed, their groups, the indicators."""
    a = [period.start, period.end]
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
    return {"groups": groups, "works": works, "work_groups": work_groups,
            "indicators": handoff_extras.indicator_rows(ledger, period)}


# A contribution's columns in data.json and where each comes from; and what the workbook shows of it
# (handoff_xlsx.Row), its uuid last: the aggregate's order is checked on it (Records.in_order).
_CONTRIBUTION_SQL = {c: f"{c[0]}.uuid" if c.endswith("_uuid") else f"c.{c}" for c in _COLUMNS["contributions"]}
_CONTRIBUTION_SQL["contributor_uuid"] = "p.uuid"
_NUMBERS = ("quantity", "value_vnd", "birth_year")  # the JSON columns not of TEXT affinity (sql_json)
_SHEET = ["c.date", "g.uuid", "p.name", "w.uuid", "c.kind", "c.quantity", "c.unit", "c.value_vnd", "c.status",
          "c.uuid"]


@dataclass
class Records:
    """The period's records as build() needs them: the small tables as collect() gives them, the two large ones
    as their data.json text (sql_json), and what the workbook shows of them."""

    tables: dict[str, list[dict[str, Any]]]  # groups, works, work_groups, indicators (build adds proposals)
    contributions: bytes  # their canonical JSON objects, joined by commas
    sheet: list[tuple[Any, ...]]  # _SHEET of each contribution
    people_json: bytes
    people: list[int]  # each person's id, in people_json's order

    def counts(self) -> dict[str, int]:
        large = {"contributions": len(self.sheet), "contributors": len(self.people)}
        return dict(sorted({**{t: len(rows) for t, rows in self.tables.items()}, **large}.items()))

    def data_json(self) -> bytes:
        """canonical() of all the tables, the large ones from their text."""
        dump = partial(json.dumps, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        large = {"contributions": self.contributions, "contributors": self.people_json}
        parts = [b'"%s":[%s]' % (t.encode(), large[t]) if t in large else f'"{t}":{dump(self.tables[t])}'.encode()
                 for t in sorted([*self.tables, *large])]
        return b"{" + b",".join(parts) + b"}"

    def in_order(self) -> bool:
        """The aggregates in SQL's order: the contributions' text holding the sheet's rows (read in SQL's order)
        one for one (their uuids: no value's text holds an unescaped quote), the people sorted by id."""
        uuids = [r[-1].encode() for r in self.sheet]
        return self.people == sorted(self.people) and _UUIDS.findall(self.contributions) == uuids


_UUIDS = re.compile(rb'"uuid":"([^"\\]*)","value_vnd"')


class Changed(Exception):
    """Another connection committed while the export read, or SQLite aggregated out of SQL's order: read again,
    on one connection."""


def gather(ledger: Ledger, period: Period, then: Callable[[Records], T], *, personal: bool = False,
           one_connection: bool = False) -> tuple[Records, T, dict[str, Any]]:
    """The period's records (collect()'s, in their data.json form), then(records) — the workbook, the start of
    data.json's deflating — and figures.summary().

    The contributions' text and the people are read on two more connections, in one SQLite step each, while this
    one reads the small tables, the workbook's columns and the figures. One snapshot for all:
    if any other connection committed meanwhile (PRAGMA data_version), Changed is raised, and the caller asks
    again with one_connection: all of it read in one read transaction here — as when this connection has a
    transaction open (whose writes another would not see) or has no file."""
    if one_connection or ledger.conn.in_transaction or not ledger.path.is_file():
        return _one_connection(ledger, period, then, personal)
    before = _data_version(ledger)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="thidua-read") as pool:
        text = pool.submit(_on_reader, ledger, lambda r: _contributions_json(r, period))
        people = pool.submit(_on_reader, ledger, lambda r: _people(r, period, personal))
        # Here meanwhile, what needs Python: a thread that takes the GIL back after each of many small queries
        # (the figures) waits for this one to let it go, five times slower than reading them here.
        tables, sheet, figures_now = _small_tables(ledger, period), _sheet(ledger, period), figures.summary(
            ledger, period)
        records = Records(tables, text.result(), sheet, *people.result())
    if not records.in_order() or _data_version(ledger) != before:
        raise Changed
    return records, then(records), figures_now


def _one_connection(ledger: Ledger, period: Period, then: Callable[[Records], T], personal: bool
                    ) -> tuple[Records, T, dict[str, Any]]:
    """gather() on this connection alone, in one read transaction (unless one is open already)."""
    with contextlib.ExitStack() as stack:
        if not ledger.conn.in_transaction:
            ledger.conn.execute("BEGIN")
            stack.callback(ledger.conn.execute, "COMMIT")  # nothing was written: it only ends the snapshot
        records = Records(_small_tables(ledger, period), _contributions_json(ledger, period), _sheet(ledger, period),
                          *_people(ledger, period, personal))
        if not records.in_order():  # SQLite aggregated out of order: Python's own text, in SQL's order
            dump = partial(json.dumps, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            records.contributions = ",".join(map(dump, _contributions(ledger, period))).encode()
            records.people_json = ",".join(map(dump, _people_dicts(ledger, period, personal))).encode()
            records.people = [r[0] for r in ledger.conn.execute(f"SELECT p.id {_FROM_PEOPLE}", _dates(period))]
        return records, then(records), figures.summary(ledger, period)


def _dates(period: Period) -> dict[str, str]:
    return {"start": period.start, "end": period.end}


def _contributions_json(ledger: Ledger, period: Period) -> bytes:
    [text] = sql_json.aggregate(ledger.conn, [sql_json.object_sql(_CONTRIBUTION_SQL, numbers=_NUMBERS)],
                                _FROM_CONTRIBUTIONS, _dates(period))
    return text


def _sheet(ledger: Ledger, period: Period) -> list[tuple[Any, ...]]:
    """Plain rows: an aggregate of JSON arrays costs SQLite more than it saves Python here."""
    return ledger.conn.execute(f"SELECT {', '.join(_SHEET)} {_FROM_CONTRIBUTIONS}", _dates(period)).fetchall()


def _people(ledger: Ledger, period: Period, personal: bool) -> tuple[bytes, list[int]]:
    """The people's data.json text and, from the same rows in the same pass, their ids."""
    columns = {**{c: f"p.{c}" for c in _people_columns(personal)}, "group_uuid": "g.uuid"}
    text, ids = sql_json.aggregate(ledger.conn, [sql_json.object_sql(columns, numbers=_NUMBERS), "p.id"],
                                   _FROM_PEOPLE, _dates(period))
    return text, [int(i) for i in ids.split(b",")] if ids else []


def _data_version(ledger: Ledger) -> int:
    return int(ledger.conn.execute("PRAGMA data_version").fetchone()[0])


def _on_reader(ledger: Ledger, read: Callable[[Ledger], T]) -> T:
    """read() on a read-only connection of this thread (a sqlite3 connection belongs to the thread that made it)."""
    reader = open_ledger(ledger.path, user=ledger.user, read_only=True)
    try:
        return read(reader)
    finally:
        reader.close()
