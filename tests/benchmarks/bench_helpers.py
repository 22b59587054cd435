"""Helpers for the benchmark: stress ledgers and timing a process until its window is usable."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from db.connection import open_ledger

ROOT = Path(__file__).resolve().parents[2]
QUICK = os.environ.get("BENCH_QUICK", "1") != "0"
RESULTS: dict[str, dict] = {}


def record(name: str, value: float, floor: float | None, goal: str, unit: str = "s", floor_name: str = "") -> None:
    """Print one metric and rewrite bench.json with every metric measured so far in this run.
    A floor of None means it could not be measured here (e.g. LibreOffice not installed)."""
    ratio = round(value / floor, 2) if floor else None
    RESULTS[name] = {"value": round(value, 4), "unit": unit, "floor": round(floor, 4) if floor else None,
                     "floor_is": floor_name, "ratio": ratio, "goal": goal, "quick": QUICK}
    shown = f"floor {floor:8.3f} {unit}  ratio {ratio:5.2f}" if floor else f"floor {'n/a':>8}          "
    print(f"\n{name:<52} {value:8.3f} {unit}  {shown}  goal {goal}")
    (ROOT / "bench.json").write_text(json.dumps(RESULTS, indent=2, ensure_ascii=False), encoding="utf-8")

FLOOR_WINDOW = """
import time
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1280, 780); w.show()
QTimer.singleShot(0, lambda: (print(f"startup_s={time.perf_counter() - t0:.4f}", flush=True), app.quit()))
app.exec()
"""


def time_until_usable(cmd: list[str], runs: int) -> float:
    """Median wall time from spawning the process to its first event-loop turn after show()."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("startup_s="):
                samples.append(time.perf_counter() - t0)
                break
        proc.wait(timeout=60)
        assert proc.returncode == 0, cmd
    return statistics.median(samples)


def floor_window_cmd() -> list[str]:
    return [sys.executable, "-c", FLOOR_WINDOW]


def app_cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "--db", str(db), "--startup-report"]


def grow_contributions(db: Path, target: int) -> int:
    """Copy existing contributions (new uuids, shifted dates kept in range) until `target` rows."""
    led = open_ledger(db)
    n = led.conn.execute("SELECT count(*) FROM contributions").fetchone()[0]
    with led.transaction():
        while n < target:
            led.conn.execute(
                "INSERT INTO contributions (uuid, contributor_id, group_id, work_id, date, kind, quantity, unit, "
                "value_vnd, value_entered, rate_id, status, description, evidence_no, created_at, updated_at) "
                "SELECT lower(hex(randomblob(16))), contributor_id, group_id, work_id, date, kind, quantity, unit, "
                "value_vnd, value_entered, rate_id, status, description, evidence_no, created_at, updated_at "
                "FROM contributions WHERE deleted_at IS NULL LIMIT ?", [target - n])
            n = led.conn.execute("SELECT count(*) FROM contributions").fetchone()[0]
    led.close()
    return n
