"""Benchmark of the ward's handoff export (issue 5, issue 22): the large ward's file (build, sign, write, fsync,
read back, verify) against writing the same JSON into a zip with no checks, timed interleaved.

    BENCH_QUICK=0 pytest tests/benchmarks/test_bench_handoff.py -s
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from db.connection import open_ledger
from desktop.core.exchange import handoff
from desktop.core.report import narrative
from tests.benchmarks.bench_helpers import RATIO, interleaved, record


def test_handoff_export_large_ward(tmp_path: Path, demo_copy: Callable[[Path], Path]) -> None:
    led = open_ledger(demo_copy(tmp_path / "large.sqlite"))
    period = narrative.parse_period(led, "2026-H1")
    out = tmp_path / "usb"
    out.mkdir()
    handoff.export(led, period, out)  # warm: the key exists, modules are loaded
    data = handoff.collect(led, period)
    n = len(data["contributions"])

    def value() -> None:
        handoff.export(led, period, out)

    def floor() -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr("data.json", json.dumps(data, ensure_ascii=False))
        (tmp_path / "plain.zip").write_bytes(buf.getvalue())

    values, floors = interleaved(value, floor)
    led.close()
    record(f"handoff export, {n:,} contributions", values, floors, 1.5, RATIO,
           floor_name="same JSON into a zip, no checks")
