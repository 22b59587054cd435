"""Benchmark of the upper level (issue 5, issue 22): importing and consolidating ward files (verify the signature
and every member's hash, the records' schema, the recount; insert; consolidate) against a plain json load +
sqlite3 insert of the same rows in one transaction, timed interleaved; and its cost curve per ward file.

- 100 files of the medium demo ward;
- 300 files of the small demo ward (a province keeping its legacy districts' data beside the new communes):
  300 medium files seven times over would not fit the bench's time;
- the cost curve at 10 / 100 / 300 small ward files (2 / 4 / 8 in quick mode).

The ward files are built once for the module (building them is the slow part).

    BENCH_QUICK=0 pytest tests/benchmarks/test_bench_upper.py -s
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.demo import builder
from desktop.core.exchange import handoff, keys, upper, upper_check
from desktop.core.ledger import setup
from desktop.core.report import narrative
from tests.benchmarks.bench_helpers import QUICK, RATIO, RUNS, interleaved, record, record_curve

Wards = tuple[list[Path], list[tuple[str, str, Path]]]
MEDIUM_COUNT = 5 if QUICK else 100
SMALL_COUNT = 8 if QUICK else 300
CURVE = (2, 4, 8) if QUICK else (10, 100, 300)


def _ward_files(folder: Path, size: str, count: int, seed: int) -> Wards:
    """`count` files of a demo ward of `size`, each under its own code and key (one ledger, re-keyed)."""
    folder.mkdir()
    led = open_ledger(folder / "ward.sqlite")
    builder.build_demo(led, size=size, seed=seed)
    period = narrative.parse_period(led, "2025")
    files, wards = [], []
    for i in range(count):
        code = f"{30000 + i}"
        setup.update_unit(led, {"code": code, "name": f"Phường Thử {i + 1}"})
        with led.transaction():
            led.conn.execute("UPDATE signing_keys SET deleted_at = '2026-01-01' WHERE deleted_at IS NULL")
        key_file = keys.export_public_key(led, folder / f"k{i}.json")
        out = folder / f"w{i}"
        out.mkdir()
        files.append(handoff.export(led, period, out)["path"])
        wards.append((code, f"Phường Thử {i + 1}", key_file))
    led.close()
    return files, wards


@pytest.fixture(scope="module")
def medium_wards(tmp_path_factory: pytest.TempPathFactory) -> Wards:
    return _ward_files(tmp_path_factory.mktemp("upper") / "medium", "small" if QUICK else "medium",
                       MEDIUM_COUNT, seed=2)


@pytest.fixture(scope="module")
def small_wards(tmp_path_factory: pytest.TempPathFactory) -> Wards:
    return _ward_files(tmp_path_factory.mktemp("upper") / "small", "small", max(SMALL_COUNT, *CURVE), seed=3)


def _value(folder: Path, files: list[Path], wards: list[tuple[str, str, Path]]) -> Callable[[], float]:
    """Import + consolidate on a new upper ledger with the wards registered (the registering is not timed)."""

    def run() -> float:
        up = open_ledger(folder / f"tinh-{time.perf_counter_ns()}.sqlite")
        setup.initialize(up, {"name": "Tỉnh Thử", "code": "99", "kind": "tinh", "role": "upper"})
        for code, name, key in wards:
            upper.add_ward(up, code=code, name=name, key_file=key)
        t0 = time.perf_counter()
        items = upper.import_files(up, files)
        upper.consolidate(up, "2025")
        seconds = time.perf_counter() - t0
        assert all(i.action == "new" for i in items), [i.message for i in items if i.action != "new"]
        up.close()
        return seconds

    return run


def _floor(folder: Path, files: list[Path]) -> Callable[[], float]:
    """The same rows the import stores (every table of upper_check.RECV), read from the same files, one transaction."""

    def run() -> float:
        conn = sqlite3.connect(folder / f"plain-{time.perf_counter_ns()}.sqlite", isolation_level=None)
        for table, cols in upper_check.RECV.items():
            conn.execute(f"CREATE TABLE {table} (package_id INTEGER, {', '.join(cols)})")
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        for i, f in enumerate(files):
            with zipfile.ZipFile(f) as zf:
                data = json.loads(zf.read("data.json"))
            for table, cols in upper_check.RECV.items():
                conn.executemany(f"INSERT INTO {table} VALUES (?{', ?' * len(cols)})",
                                 ([i, *(r.get(c) for c in cols)] for r in data[upper_check.SOURCE[table]]))
        conn.execute("COMMIT")
        seconds = time.perf_counter() - t0
        conn.close()
        return seconds

    return run


FLOOR = "json load + sqlite3 insert, one transaction"


def test_upper_level_imports_and_consolidates_medium_wards(medium_wards: Wards, tmp_path: Path) -> None:
    files, wards = medium_wards
    values, floors = interleaved(_value(tmp_path, files, wards), _floor(tmp_path, files))
    record(f"upper level: import + consolidate {len(files)} medium ward files", values, floors, 1.5, RATIO,
           floor_name=FLOOR)


def test_upper_level_300_small_wards_and_cost_curve(small_wards: Wards, tmp_path: Path) -> None:
    files, wards = small_wards
    n = SMALL_COUNT
    values, floors = interleaved(_value(tmp_path, files[:n], wards[:n]), _floor(tmp_path, files[:n]))
    record(f"upper level: import + consolidate {n} small ward files", values, floors, 1.5, RATIO,
           floor_name=FLOOR)
    points = []
    for size in CURVE:
        if size == n:
            points.append((size, statistics.median(values)))  # measured just above, RUNS times
        else:
            one = _value(tmp_path, files[:size], wards[:size])
            points.append((size, statistics.median(one() for _ in range(RUNS))))
    record_curve("upper level: import + consolidate", "ward file", points)
