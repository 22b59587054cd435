"""The crash test: a writer killed with SIGKILL at a random moment loses no commit and corrupts nothing.

A child process commits numbered audit rows one per transaction and prints each number after its
COMMIT returns; the parent kills it after 50–400 ms, reopens the ledger with open_ledger and checks
integrity_check, that every printed number is stored, and that every stored number has its full
row. CRASH_RUNS raises the number of runs (default 25).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from db.connection import open_ledger

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from db.connection import open_ledger

led = open_ledger(sys.argv[1])
n = int(sys.argv[2])
print("ready", flush=True)
while True:
    n += 1
    with led.transaction():
        led.conn.execute(
            "INSERT INTO audit (id, at, user, action, table_name, summary, after) "
            "VALUES (?, '2026-01-01T00:00:00', 'crash', 'crash', 'audit', ?, ?)",
            (n, f"so {n}", "x" * 500 + str(n)),
        )
    print(n, flush=True)
"""


def _wait_ready(out: Path, proc: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.read_text().startswith("ready"):
            return
        if proc.poll() is not None:
            raise AssertionError(f"the writer died at start: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.005)
    raise AssertionError("the writer did not start")


def test_sigkill_during_writes_loses_no_commit(tmp_path: Path) -> None:
    runs = int(os.environ.get("CRASH_RUNS", "25"))
    budget = None if "CRASH_RUNS" in os.environ else 35.0
    path = tmp_path / "crash.sqlite"
    open_ledger(path).close()  # created and migrated: the child only writes
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000)))
    stored_max = 0
    done = corruptions = lost = printed_total = 0
    t0 = time.monotonic()
    for run in range(runs):
        out = tmp_path / f"out-{run}.txt"
        with out.open("w") as fh:
            proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(stored_max)], stdout=fh,
                                    stderr=subprocess.PIPE, env=env, cwd=str(tmp_path))
            try:
                _wait_ready(out, proc)
                time.sleep(rng.uniform(0.05, 0.4))
            finally:
                proc.kill()  # SIGKILL on POSIX
                proc.wait()
                if proc.stderr:
                    proc.stderr.close()
        text = out.read_text()
        complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]  # a half-printed last line
        printed = [int(x) for x in complete.splitlines()[1:]]
        led = open_ledger(path)
        try:
            if [r[0] for r in led.conn.execute("PRAGMA integrity_check")] != ["ok"]:
                corruptions += 1
            rows = led.conn.execute(
                "SELECT id, summary, after FROM audit WHERE action = 'crash' ORDER BY id").fetchall()
        finally:
            led.close()
        ids = [r[0] for r in rows]
        lost += len(set(printed) - set(ids))
        broken = [r for r in rows if r[1] != f"so {r[0]}" or r[2] != "x" * 500 + str(r[0])]
        assert not broken, f"rows stored without their full content: {broken[:3]}"
        assert ids == list(range(1, len(ids) + 1)), "a gap in the committed numbers"
        stored_max = max(ids, default=stored_max)
        printed_total += len(printed)
        done += 1
        if budget is not None and time.monotonic() - t0 > budget:
            break
    print(f"\ncrash test: runs={done}, corruptions={corruptions}, lost commits={lost} "
          f"(commits printed={printed_total}, rows stored={stored_max}, {time.monotonic() - t0:.1f} s)")
    assert done >= min(runs, 5)
    assert corruptions == 0 and lost == 0
    assert stored_max >= printed_total > 0
