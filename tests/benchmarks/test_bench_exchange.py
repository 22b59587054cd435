"""Benchmark of the handoff (issue 5), as ratios against floors measured in the same run.

- the ward's handoff export of the large ward (build, sign, write, fsync, read back, verify) against
  writing the same JSON into a zip with no checks;
- the upper level importing and consolidating 100 medium ward files (verify, recompute, insert) against
  a plain json load + sqlite3 insert of the same rows in one transaction.
"""

from __future__ import annotations

import io
import json
import sqlite3
import statistics
import time
import zipfile
from pathlib import Path

from db.connection import open_ledger
from desktop.core.demo import builder
from desktop.core.exchange import handoff, keys, upper
from desktop.core.ledger import setup
from desktop.core.report import narrative
from tests.benchmarks.bench_helpers import QUICK, record


def _median(fn, runs: int) -> float:  # noqa: ANN001
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def test_handoff_export_large_ward(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "large.sqlite")
    builder.build_demo(led, size="small" if QUICK else "large", seed=1)
    period = narrative.parse_period(led, "2026-H1")
    out = tmp_path / "usb"
    out.mkdir()
    handoff.export(led, period, out)  # warm: the key exists, modules are loaded
    runs = 1 if QUICK else 5
    value = _median(lambda: handoff.export(led, period, out), runs)
    data = handoff.collect(led, period)
    n = len(data["contributions"])

    def floor() -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr("data.json", json.dumps(data, ensure_ascii=False))
        (tmp_path / "plain.zip").write_bytes(buf.getvalue())

    floor_s = _median(floor, runs)
    led.close()
    record(f"handoff export, {n:,} contributions", value, floor_s, "≤ 2×", floor_name="same JSON into a zip, no checks")


def _ward_files(tmp_path: Path, count: int) -> tuple[list[Path], list[tuple[str, str, Path]]]:
    """`count` files of a medium ward, each under its own code and key (one ledger, re-keyed)."""
    led = open_ledger(tmp_path / "medium.sqlite")
    builder.build_demo(led, size="small" if QUICK else "medium", seed=2)
    period = narrative.parse_period(led, "2025")
    files, wards = [], []
    for i in range(count):
        code = f"{30000 + i}"
        setup.update_unit(led, {"code": code, "name": f"Phường Thử {i + 1}"})
        with led.transaction():
            led.conn.execute("UPDATE signing_keys SET deleted_at = '2026-01-01' WHERE deleted_at IS NULL")
        key_file = keys.export_public_key(led, tmp_path / f"k{i}.json")
        folder = tmp_path / f"w{i}"
        folder.mkdir()
        files.append(handoff.export(led, period, folder)["path"])
        wards.append((code, f"Phường Thử {i + 1}", key_file))
    led.close()
    return files, wards


def test_upper_level_imports_and_consolidates_100_wards(tmp_path: Path) -> None:
    count = 5 if QUICK else 100
    files, wards = _ward_files(tmp_path, count)

    def value() -> None:
        path = tmp_path / f"tinh-{time.perf_counter_ns()}.sqlite"
        up = open_ledger(path)
        setup.initialize(up, {"name": "Tỉnh Thử", "code": "99", "kind": "tinh", "role": "upper"})
        for code, name, key in wards:
            upper.add_ward(up, code=code, name=name, key_file=key)
        t0 = time.perf_counter()
        items = upper.import_files(up, files)
        upper.consolidate(up, "2025")
        value.seconds = time.perf_counter() - t0  # type: ignore[attr-defined]
        assert all(i.action == "new" for i in items), [i.message for i in items if i.action != "new"]
        up.close()

    def floor() -> None:
        """The same rows the import stores (every table of upper._RECV), read from the same files."""
        conn = sqlite3.connect(tmp_path / f"plain-{time.perf_counter_ns()}.sqlite", isolation_level=None)
        for table, cols in upper._RECV.items():
            conn.execute(f"CREATE TABLE {table} (package_id INTEGER, {', '.join(cols)})")
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        for i, f in enumerate(files):
            with zipfile.ZipFile(f) as zf:
                data = json.loads(zf.read("data.json"))
            for table, cols in upper._RECV.items():
                conn.executemany(f"INSERT INTO {table} VALUES (?{', ?' * len(cols)})",
                                 ([i, *(r.get(c) for c in cols)] for r in data[upper._SOURCE[table]]))
        conn.execute("COMMIT")
        floor.seconds = time.perf_counter() - t0  # type: ignore[attr-defined]
        conn.close()

    runs = 1 if QUICK else 3
    values, floors = [], []
    for _ in range(runs):
        value()
        values.append(value.seconds)  # type: ignore[attr-defined]
        floor()
        floors.append(floor.seconds)  # type: ignore[attr-defined]
    record(f"upper level: import + consolidate {count} ward files", statistics.median(values),
           statistics.median(floors), "≤ 2×", floor_name="json load + sqlite3 insert, one transaction")
