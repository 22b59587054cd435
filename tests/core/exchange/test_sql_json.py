"""sql_json (issue 22): the JSON SQLite writes for a handoff's large tables is, byte for byte, what Python's
json.dumps writes — for every kind of value a ledger's column can hold, hostile text and awkward floats included."""

from __future__ import annotations

import json
import math
import random
import sqlite3
from typing import Any

import pytest

from desktop.core.exchange import sql_json

TEXTS = ["", "Nguyễn Văn Ánh", 'a "quoted" \\ back\\slash', "tab\there\nnew\rline", "\x00nul", "\x01\x1f\x7f",
         "\u2028\u2029", "😀 emoji", "}", "{", "}}", " lead and trail ", "'single'", "=1+1", "&<>", "\b\f"]
FLOATS = [0.1, 12.5, -0.5, 3.0, 0.0, -0.0, 0.1 + 0.2, 1 / 3, 2.675, 1e20, 1e-7, 99999999999999.9, 1e14,
          123456789.1, -7.3, math.inf, -math.inf, 5e-324, 1.7976931348623157e308]
INTS = [0, 1, -1, 2**63 - 1, -(2**63), 123456789012]


def _canonical(row: dict[str, object]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.fixture
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, qty REAL, n INTEGER, note TEXT)")
    rnd = random.Random(7)
    values = [*TEXTS, *FLOATS, *INTS, None]
    rows = [(t, f, i, v) for t, f, i, v in zip(TEXTS * 4, FLOATS * 4, INTS * 10, values * 2, strict=False)]
    rows += [(rnd.choice(TEXTS), round(rnd.uniform(-1e6, 1e6), rnd.choice([0, 1, 2, 3, 6])),
              rnd.randint(-10**12, 10**12), rnd.choice(values)) for _ in range(3000)]
    c.executemany("INSERT INTO t (name, qty, n, note) VALUES (?, ?, ?, ?)", rows)
    return c


COLUMNS = {"name": "name", "quantity": "qty", "n": "n", "note": "note", "id": "id"}
NUMBERS = ("quantity", "n", "id")


def _expected(conn: sqlite3.Connection) -> list[str]:
    cur = conn.execute("SELECT name, qty, n, note, id FROM t ORDER BY id")
    return [_canonical(dict(zip(["name", "quantity", "n", "note", "id"], r, strict=True))) for r in cur]


def test_each_row_is_pythons_canonical_json(conn: sqlite3.Connection) -> None:
    [text] = sql_json.aggregate(conn, [sql_json.object_sql(COLUMNS, numbers=NUMBERS)], "FROM t ORDER BY id", {})
    assert text.decode("utf-8") == ",".join(_expected(conn))


def test_the_one_decimal_quantities_written_by_sqlite_are_their_repr() -> None:
    """number_sql writes k/10 itself (not through Python) and must give repr() exactly — also next to the values it
    must hand to Python (neighbours of k/10 one ulp away, negative zero)."""
    c = sqlite3.connect(":memory:")
    sql_json.prepare(c)
    rnd = random.Random(3)
    values = [k / 10 for k in range(-2000, 2000)] + [rnd.randint(-10**13, 10**13) / 10 for _ in range(20000)]
    values += [math.nextafter(v, math.inf) for v in values[:3000]] + [-0.0, 0.0, *FLOATS]
    c.execute("CREATE TABLE q (x REAL)")
    c.executemany("INSERT INTO q VALUES (?)", [(v,) for v in values])
    rows = c.execute(f"SELECT x, {sql_json.number_sql('x')} FROM q ORDER BY rowid").fetchall()
    # json.dumps of the value as Python reads it back (SQLite keeps no -0.0: it reads back 0.0)
    assert [text for _x, text in rows] == [json.dumps(x) for x, _text in rows]
    assert [x for x, _text in rows][:27000] == values[:27000]


def test_an_sqlite_that_quotes_otherwise_is_read_through_python(conn: sqlite3.Connection,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sql_json, "same_quoting", lambda *a: False)
    sql = sql_json.object_sql(COLUMNS, numbers=NUMBERS)
    assert "json_object" not in sql
    [text] = sql_json.aggregate(conn, [sql], "FROM t ORDER BY id", {})
    assert text.decode("utf-8") == ",".join(_expected(conn))


def test_this_sqlite_is_probed_for_its_quoting() -> None:
    assert sql_json.same_quoting() is True  # the SQLite the tests run on writes JSON text as Python does
    assert sql_json.same_quoting("test") is True  # the probe itself, not a cached answer


def test_arrays_read_back_as_the_values(conn: sqlite3.Connection) -> None:
    [text] = sql_json.aggregate(conn, [sql_json.array_sql(["name", "qty", "n", "id"], numbers=("qty", "n", "id"))],
                                "FROM t ORDER BY id", {})
    rows = json.loads(b"[" + text + b"]")
    expected = [list(r) for r in conn.execute("SELECT name, qty, n, id FROM t ORDER BY id")]
    assert rows == expected
    assert all(type(a) is type(b) for r, e in zip(rows, expected, strict=True) for a, b in zip(r, e, strict=True))


def test_no_rows_give_empty_text(conn: sqlite3.Connection) -> None:
    assert sql_json.aggregate(conn, [sql_json.object_sql(COLUMNS)], "FROM t WHERE 0", {}) == [b""]


def test_a_real_in_an_integer_column_is_written_as_python_does(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE t SET n = 1500.25 WHERE id = 1")  # INTEGER affinity keeps a REAL that is not whole
    conn.execute("UPDATE t SET n = '12 nghìn' WHERE id = 2")  # …and a text that is no number
    [text] = sql_json.aggregate(conn, [sql_json.object_sql(COLUMNS, numbers=NUMBERS)], "FROM t ORDER BY id", {})
    assert text.decode("utf-8") == ",".join(_expected(conn))
    assert '"n":1500.25' in text.decode("utf-8") and '"n":"12 nghìn"' in text.decode("utf-8")


def test_the_handoffs_text_columns_are_of_text_affinity(demo_ledger: Any) -> None:
    """handoff_collect writes every JSON column outside _NUMBERS through json_object, which is Python's text only
    for text and integers: a column of another affinity added later must join _NUMBERS."""
    from desktop.core.exchange import handoff_collect

    for table, cols in (("contributions", handoff_collect._COLUMNS["contributions"]),
                        ("contributors", (*handoff_collect._COLUMNS["contributors"], *handoff_collect.PERSONAL))):
        types = {r[1]: r[2] for r in demo_ledger.conn.execute(f"PRAGMA table_info({table})")}
        numeric = {c for c in cols if c in types and "TEXT" not in types[c].upper()}
        assert numeric <= set(handoff_collect._NUMBERS), (table, numeric)
