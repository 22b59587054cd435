"""SQL that writes a table's rows as canonical JSON (handoff_collect, issue 22): the text json.dumps(row,
ensure_ascii=False, sort_keys=True, separators=(",", ":")) gives, byte for byte, made by SQLite in one aggregate
step (the GIL let go: on another core, no Python object per row).

- null, integers and text: SQLite's json_object, once `same_quoting` has shown that this SQLite escapes text as
  Python's json does (the control characters, " and \\); on one that does not, every value goes to Python.
- A column that may hold a REAL (REAL, INTEGER or no affinity; TEXT affinity turns numbers into text): SQLite's
  float text is not repr's (%!.15g: 0.30000000000000004 becomes 0.3), so `number_sql` writes integers and
  one-decimal quantities exactly and hands any other value to Python (thidua_json).
- The order: an aggregate's order is its ordered subquery's in practice (SQLite does not flatten an ordered
  subquery into an aggregate) but not promised, so each aggregate carries its rows' sort key for the caller to check.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache, partial
from typing import Any

UDF = "thidua_json"  # json.dumps(value, ensure_ascii=False), registered on the connection by `prepare`


def prepare(conn: sqlite3.Connection) -> None:
    conn.create_function(UDF, 1, partial(json.dumps, ensure_ascii=False), deterministic=True)


def number_sql(e: str) -> str:
    """SQL giving json.dumps() of `e`, a column that may hold a REAL (not of TEXT affinity): null and integers
    written here, as is the double nearest some k/10 (a quantity typed with one decimal; checked exactly, IEEE
    division being correctly rounded), whose repr is k/10's decimal text; any other value by Python (0.0, -0.0,
    more decimals, huge, inf, a text)."""
    k = f"CAST(abs(round({e} * 10)) AS INTEGER)"
    return (f"CASE typeof({e}) WHEN 'integer' THEN CAST({e} AS TEXT) WHEN 'null' THEN 'null' "
            f"ELSE CASE WHEN typeof({e}) = 'real' AND abs({e}) < 1e14 AND {e} != 0 "
            f"AND {e} = round({e} * 10) / 10.0 "
            f"THEN (CASE WHEN {e} < 0 THEN '-' ELSE '' END) || ({k} / 10) || '.' || ({k} % 10) "
            f"ELSE {UDF}({e}) END END")


_PROBE = "".join(map(chr, range(1, 128))) + "ễ\u2028\U0001f600 \x00."  # every ASCII escape, UTF-8, a NUL


@lru_cache(maxsize=4)
def same_quoting(sqlite_version: str = sqlite3.sqlite_version) -> bool:
    """This SQLite's json_object writes null, integers and text as Python's json does."""
    conn = sqlite3.connect(":memory:")
    try:
        mine = conn.execute("SELECT json_object('k', ?, 'n', ?, 'z', NULL)", [_PROBE, -(2**63)]).fetchone()[0]
    finally:
        conn.close()
    return bool(mine == json.dumps({"k": _PROBE, "n": -(2**63), "z": None}, ensure_ascii=False, separators=(",", ":")))


def object_sql(columns: dict[str, str], numbers: Iterable[str] = ()) -> str:
    """SQL giving a row's canonical JSON object of `columns` (key → SQL expression); `numbers`: the keys whose
    column is not of TEXT affinity (every other one holds text or null)."""
    numbers = set(numbers)
    if not same_quoting():
        return "'{' || " + " || ',' || ".join(f"'\"{k}\":' || {UDF}({columns[k]})" for k in sorted(columns)) + \
            " || '}'"
    pieces: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:  # json_object's text without its braces (no value is an object, so only the outer ones go)
            pieces.append(f"ltrim(rtrim(json_object({', '.join(plain)}), '}}'), '{{')")
            plain.clear()

    for key in sorted(columns):
        if key in numbers:
            flush()
            pieces.append(f"'\"{key}\":' || {number_sql(columns[key])}")
        else:
            plain.append(f"'{key}', {columns[key]}")
    flush()
    return "'{' || " + " || ',' || ".join(pieces) + " || '}'"


def array_sql(exprs: Iterable[str], numbers: Iterable[str] = ()) -> str:
    """SQL giving a JSON array of `exprs` that json.loads reads back as the values are (a REAL exactly)."""
    numbers = set(numbers)
    return "'[' || " + " || ',' || ".join(number_sql(e) if e in numbers else f"json_quote({e})" for e in exprs) + \
        " || ']'"


def aggregate(conn: sqlite3.Connection, parts: list[str], rest: str, args: dict[str, Any]) -> list[bytes]:
    """Each SQL text expression of `parts` over the rows of `SELECT … {rest}`, joined by commas, as UTF-8."""
    prepare(conn)
    inner = ", ".join(f"{p} AS a{i}" for i, p in enumerate(parts))
    outer = ", ".join(f"CAST(coalesce(group_concat(a{i}, ','), '') AS BLOB)" for i in range(len(parts)))
    return list(conn.execute(f"SELECT {outer} FROM (SELECT {inner} {rest})", args).fetchone())
