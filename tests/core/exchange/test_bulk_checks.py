"""The column-at-a-time check of data.json (handoff_bulk, issue 22) against the per-record check it stands in for:
it passes a sound file without a per-record pass, and never passes a record the per-record check refuses (every
field of every table set to each hostile value), so that a refusal keeps its exact message."""

from __future__ import annotations

import copy
import math
import random
from pathlib import Path
from typing import Any

import pytest

from db.connection import Ledger
from desktop.core.exchange import handoff, handoff_bulk, handoff_checks
from desktop.core.exchange import handoff_schema as schema
from desktop.core.exchange.handoff_schema import SchemaError
from desktop.core.ledger import periods

HOSTILE: list[Any] = [None, "", " ", "x", "x" * 5000, "2026-02-30", "2026-13-01", "1900-01-01", "2026-1-1",
                      "2026-01-01\n", "٢٠٢٦-٠١-٠١", 0, 1, -1, True, False, 1.0, 0.5, -0.0, 10**20, math.nan, math.inf,
                      [], {}, ["a"], {"a": 1}, "00000000-0000-0000-0000-00000000000G",
                      "00000000-0000-0000-0000-000000000000\n", "00000000-0000-0000-0000-000000000000", "tien",
                      "money", "received", "hoan_thanh", "duong", "ho", 1900, 2031]


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory, _small_demo_template: Path) -> tuple[dict, dict]:
    import shutil

    from db.connection import open_ledger

    path = tmp_path_factory.mktemp("bulk") / "ward.sqlite"
    shutil.copy(_small_demo_template, path)
    ward: Ledger = open_ledger(path)
    out = path.parent / "usb"
    out.mkdir()
    made = handoff.export(ward, periods.parse("2025"), out)["path"]
    ward.close()
    pkg = handoff.read(made)
    return pkg.data, pkg.manifest


def _per_record_passes(fields: dict, rows: list[Any]) -> bool:
    try:
        for row in rows:
            schema.check_object(fields, row, "", extra=True)
    except SchemaError:
        return False
    return True


def test_a_sound_file_passes_every_table_at_once(sound: tuple[dict, dict]) -> None:
    data, _man = sound
    for table, fields in schema.tables(3).items():
        assert handoff_bulk.rows_pass(fields, data[table]), table
    assert data["contributions"] and data["contributors"]


@pytest.mark.parametrize("table", ["groups", "works", "work_groups", "contributors", "contributions"])
def test_never_passes_what_the_per_record_check_refuses(sound: tuple[dict, dict], table: str) -> None:
    data, _man = sound
    fields = schema.tables(3)[table]
    rows = data[table]
    for key in fields:
        for bad in HOSTILE:
            changed = copy.deepcopy(rows)
            changed[len(changed) // 2][key] = bad
            if not _per_record_passes(fields, changed):
                assert not handoff_bulk.rows_pass(fields, changed), (table, key, bad)
        changed = copy.deepcopy(rows)
        changed[0].pop(key, None)
        if not _per_record_passes(fields, changed):
            assert not handoff_bulk.rows_pass(fields, changed), (table, key, "absent")
    changed = copy.deepcopy(rows)
    changed[-1]["stray"] = [1]
    assert not handoff_bulk.rows_pass(fields, changed)
    assert not handoff_bulk.rows_pass(fields, [*rows[:1], "not a record"])


def test_random_mixes_agree(sound: tuple[dict, dict]) -> None:
    """Many records spoiled at once, in random fields: the verdict is the per-record check's or stricter."""
    data, _man = sound
    rnd = random.Random(22)
    for _ in range(300):
        table = rnd.choice(["groups", "works", "contributors", "contributions"])
        fields = schema.tables(3)[table]
        changed = copy.deepcopy(data[table])
        for _ in range(rnd.randint(1, 3)):
            changed[rnd.randrange(len(changed))][rnd.choice(list(fields))] = rnd.choice(HOSTILE)
        if not _per_record_passes(fields, changed):
            assert not handoff_bulk.rows_pass(fields, changed), table


@pytest.mark.parametrize("spoil", ["date", "unit", "money", "land", "contributor", "group", "work", "person"])
def test_cross_field_checks_fall_back_with_the_same_message(sound: tuple[dict, dict], spoil: str) -> None:
    data, man = copy.deepcopy(sound)
    c = next(r for r in data["contributions"] if r["kind"] == "money")
    if spoil == "date":
        c["date"] = "2031-01-01"
    elif spoil == "unit":
        c["unit"] = "nghìn đồng"
    elif spoil == "money":
        c["quantity"] = 100.5
    elif spoil == "land":
        c["land_parcel"] = "12"
    elif spoil in ("contributor", "group", "work"):
        c[f"{spoil}_uuid"] = "00000000-0000-4000-8000-000000000000"
    else:
        data["contributors"][0]["group_uuid"] = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(SchemaError) as caught:
        handoff_checks.data(data, man, 3)
    assert "data.json" in str(caught.value) and "thứ" in str(caught.value)  # the record is named
    uuids = {t: {r["uuid"] for r in data[t]} for t in ("groups", "works", "contributors")}
    assert not (handoff_bulk.contributions_pass(data["contributions"], man["period"], uuids, handoff_checks.LAND_ONLY)
                and handoff_bulk.contributors_pass(data["contributors"], uuids["groups"]))


def _near_uuids(rnd: random.Random) -> list[str]:
    """Valid uuids and, now and then, one spoilt the ways a column check by position could miss."""
    out = []
    for _ in range(rnd.randint(1, 40)):
        u = "-".join("".join(rnd.choice("0123456789abcdef") for _ in range(n)) for n in (8, 4, 4, 4, 12))
        if rnd.random() < 0.15:
            i = rnd.randrange(36)
            u = u[:i] + rnd.choice(["-", "A", "g", " ", "\n", "é", "٠", "", "00"]) + u[i + 1:]
        if rnd.random() < 0.03:
            u += "\n"
        out.append(u)
    return out


def test_a_uuid_column_passes_only_when_every_value_is_a_uuid() -> None:
    rnd = random.Random(5)
    passed = refused = 0
    for _ in range(3000):
        values = _near_uuids(rnd)
        ok = all(schema.UUID_RE.match(v) and not v.endswith("\n") for v in values)
        assert handoff_bulk._uuids(set(values)) == ok, values
        passed, refused = passed + ok, refused + (not ok)
    assert passed > 300 and refused > 300
    assert handoff_bulk._uuids(set())


def test_the_keys_of_every_row_are_checked_at_once() -> None:
    required, known = {"a", "b"}, {"a", "b", "c"}
    assert handoff_bulk._shapes_pass([{"a": 1, "b": 2}, {"b": 1, "a": 2}], required, known)
    assert handoff_bulk._shapes_pass([{"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}], required, known)
    # as many keys in every row, one of them unknown where a required one is missing
    assert not handoff_bulk._shapes_pass([{"a": 1, "b": 2}, {"a": 1, "z": 2}], required, known)
    assert not handoff_bulk._shapes_pass([{"a": 1, "b": 2}, {"a": 1}], required, known)
    assert not handoff_bulk._shapes_pass([{"a": 1, "b": 2, "z": 3}], required, known)


def test_a_number_hidden_behind_an_equal_one_is_still_seen() -> None:
    spec = schema.F("int", "x", maximum=10)
    quick = schema._make_quick(spec)
    assert not handoff_bulk._column_passes(spec, quick, [1, True, 1])  # True == 1: one value in a set
    assert not handoff_bulk._column_passes(spec, quick, [1, 1.0])
    text = schema.F("str", "y")
    assert not handoff_bulk._column_passes(text, schema._make_quick(text), ["1", 1, "1"])
    assert handoff_bulk._column_passes(text, schema._make_quick(text), ["1", "2", "1"])
