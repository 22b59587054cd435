"""Helpers for the benchmark: interleaved timing, the results file, stress ledgers, start-up timing.

Every metric times its value and its floor interleaved (A, B, A, B …; `interleaved`), so that a noisy
machine slows both sides alike, and records the medians with their spread (`record`). bench.json keeps,
per metric: value, floor, ratio, goal (a number), goal_kind ("ratio ≤" or "value <"), met. The cost curve
of the largest jobs (`record_curve`) goes to bench-curve.json: seconds and time per row at each size.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from db.connection import open_ledger

ROOT = Path(__file__).resolve().parents[2]
QUICK = os.environ.get("BENCH_QUICK", "1") != "0"
RUNS = 1 if QUICK else 7  # issue 22: a median of at least 7 of each side in `make bench`
RESULTS: dict[str, dict] = {}
CURVES: dict[str, dict] = {}
RATIO, VALUE = "ratio ≤", "value <"


class AnchorMissing(AssertionError):
    """A floor that could not be measured in `make bench`: the run fails loudly instead of printing no ratio."""


def _timed(fn: Callable[[], float | None]) -> float:
    """The seconds of one call: what the function returns (it timed its own part), else the call's wall time."""
    t0 = time.perf_counter()
    own = fn()
    return own if isinstance(own, (int, float)) else time.perf_counter() - t0


def interleaved(value_fn: Callable[[], float | None], floor_fn: Callable[[], float | None],
                runs: int = RUNS) -> tuple[list[float], list[float]]:
    """`runs` samples of each side, taken in turn (value, floor, value, floor …)."""
    values, floors = [], []
    for _ in range(runs):
        values.append(_timed(value_fn))
        floors.append(_timed(floor_fn))
    return values, floors


def samples(fn: Callable[[], float | None], runs: int = RUNS) -> list[float]:
    return [_timed(fn) for _ in range(runs)]


def _stats(xs: float | list[float] | None) -> tuple[float | None, float | None, float | None]:
    if xs is None:
        return None, None, None
    xs = [xs] if isinstance(xs, (int, float)) else list(xs)
    return statistics.median(xs), min(xs), max(xs)


def _met(ratio: float | None, value: float, goal: float | None, kind: str, below: float | None) -> bool | None:
    if goal is None:
        return None
    met = (ratio is not None and ratio <= goal) if kind == RATIO else value < goal
    return met and (below is None or value < below)


def record(name: str, value: float | list[float], floor: float | list[float] | None, goal: float | None,
           goal_kind: str = RATIO, unit: str = "s", floor_name: str = "", below: float | None = None) -> dict:
    """Print one metric and rewrite bench.json with every metric measured so far in this run.

    goal None: a figure shown for information (e.g. what the list does in the background), never judged.
    below: a ceiling on the value on top of a ratio goal (search: ≤ 3× and < 0.1 s).
    A ratio goal without a floor fails the real run (AnchorMissing); quick mode only notes it."""
    v, v_min, v_max = _stats(value)
    f, f_min, f_max = _stats(floor)
    assert v is not None
    if goal_kind == RATIO and goal is not None and not f and not QUICK:
        raise AnchorMissing(f"{name}: the floor ({floor_name or 'anchor'}) could not be measured")
    ratio = round(v / f, 2) if f else None
    met = _met(ratio, v, goal, goal_kind, below)
    runs = 1 if isinstance(value, (int, float)) else len(value)
    RESULTS[name] = {
        "value": round(v, 4), "value_min": round(v_min, 4), "value_max": round(v_max, 4), "unit": unit,
        "floor": round(f, 4) if f else None, "floor_min": round(f_min, 4) if f_min else None,
        "floor_max": round(f_max, 4) if f_max else None, "floor_is": floor_name, "ratio": ratio,
        "goal": goal, "goal_kind": goal_kind if goal is not None else None, "below": below, "met": met,
        "runs": runs, "quick": QUICK,
    }
    print("\n" + row_text(name, RESULTS[name]))
    _write("bench.json", RESULTS)
    return RESULTS[name]


def goal_text(r: dict) -> str:
    if r["goal"] is None:
        return "(background)"
    text = f"≤ {r['goal']:g}×" if r["goal_kind"] == RATIO else f"< {r['goal']:g} {r['unit']}"
    return text + (f" and < {r['below']:g} {r['unit']}" if r.get("below") is not None else "")


def row_text(name: str, r: dict) -> str:
    u = r["unit"]
    value = f"{r['value']:8.3f} {u} [{r['value_min']:.3f}–{r['value_max']:.3f}]"
    floor = (f"{r['floor']:8.3f} {u} [{r['floor_min']:.3f}–{r['floor_max']:.3f}]" if r["floor"]
             else f"{'—':>8}")
    ratio = f"{r['ratio']:5.2f}×" if r["ratio"] is not None else "    —"
    verdict = {True: "met", False: "MISSED", None: ""}[r["met"]]
    return f"{name:<58} {value}  floor {floor}  {ratio}  goal {goal_text(r):<18} {verdict}"


def record_curve(job: str, per: str, points: list[tuple[int, float]]) -> None:
    """The cost curve of one job: seconds at each size and the time per `per` (row, ward …); a growth of the
    time per row well above 1 from one size to the next is worse than linear."""
    rows = []
    for size, seconds in points:
        us = seconds / size * 1e6
        growth = round(us / rows[-1]["us_per"], 2) if rows else None
        rows.append({"size": size, "seconds": round(seconds, 4), "us_per": round(us, 2), "growth": growth})
    CURVES[job] = {"per": per, "points": rows, "quick": QUICK}
    print(f"\nĐường chi phí — {job} (µs mỗi {per}):")
    for r in rows:
        growth = f"  ×{r['growth']:.2f} per {per} vs previous size" if r["growth"] else ""
        print(f"  {r['size']:>10,} {per}s  {r['seconds']:9.3f} s  {r['us_per']:10.2f} µs/{per}{growth}")
    _write("bench-curve.json", CURVES)


def _write(name: str, data: dict) -> None:
    path = ROOT / name
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


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


def time_until_usable(cmd: list[str]) -> float:
    """Wall time of one launch, from spawning the process to its first event-loop turn after show()."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    seconds = None
    for line in proc.stdout:
        if line.startswith("startup_s="):
            seconds = time.perf_counter() - t0
            break
    proc.wait(timeout=60)
    assert proc.returncode == 0 and seconds is not None, cmd
    return seconds


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
