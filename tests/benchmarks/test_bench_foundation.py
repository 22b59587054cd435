"""Benchmark of the foundation: start-up, opening the Đóng góp list, search — each timed interleaved with its floor.

Not a timed test: it prints a table and writes bench.json (conftest fails `make bench` on a missed goal).
Quick by default (one run each, small ledgers) so `make test` and CI keep it working; `make bench` sets
BENCH_QUICK=0 for the real figures (large ward, 100,000 contributions, RUNS of each side) and the cost
curves at 10,000 / 100,000 / 1,000,000 contributions (quick: 1,000 / 3,000 / 10,000).
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import lists
from tests.benchmarks.bench_helpers import (
    QUICK,
    RATIO,
    ROOT,
    RUNS,
    app_cmd,
    floor_window_cmd,
    grow_contributions,
    interleaved,
    record,
    record_curve,
    time_until_usable,
)

TARGET = 10_000 if QUICK else 100_000  # rows of the goal metrics
CURVE = (1_000, 3_000, 10_000) if QUICK else (10_000, 100_000, 1_000_000)
WORDS = ["n", "ng", "ngu", "nguy", "nguyen", "nguyen v", "nguyen va", "nguyen van", "nguyen van a", "zzz"]


@pytest.fixture(scope="module")
def large_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: Callable[[Path], Path]) -> Path:
    return demo_copy(tmp_path_factory.mktemp("bench") / "large.sqlite")


def _trim(path: Path, target: int) -> None:
    """Keep `target` contributions spread over the ledger (a scratch copy: the large demo has ~39,000)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TEMP TABLE keep AS SELECT id FROM contributions "
                     "ORDER BY (id * 2654435761) % 4294967296 LIMIT ?", [target])
        conn.execute("DELETE FROM proposal_contributions WHERE contribution_id NOT IN (SELECT id FROM keep)")
        conn.execute("DELETE FROM contributions WHERE id NOT IN (SELECT id FROM keep)")
    conn.close()


@pytest.fixture(scope="module")
def sized(large_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """The large ledger with `n` contributions, each size built once, the next grown from a copy of the last."""
    built: dict[int, Path] = {}
    folder = tmp_path_factory.mktemp("sized")

    def of(n: int) -> Path:
        if n not in built:
            path = folder / f"c{n}.sqlite"
            smaller = [k for k in built if k < n]
            shutil.copy(built[max(smaller)] if smaller else large_db, path)
            have = sqlite3.connect(path).execute("SELECT count(*) FROM contributions").fetchone()[0]
            if have > n:
                _trim(path, n)
            else:
                grow_contributions(path, n)
            built[n] = path
        return built[n]

    return of


def test_startup_to_usable_window(large_db: Path) -> None:
    # As installed (pip, PyInstaller): the program's modules already compiled to bytecode. Without this
    # each run compiled ~80 modules from source (this machine sets PYTHONDONTWRITEBYTECODE), ~0.08 s
    # no clerk ever waits for.
    import compileall

    for package in ("desktop", "db"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    values, floors = interleaved(lambda: time_until_usable(app_cmd(large_db)),
                                 lambda: time_until_usable(floor_window_cmd()))
    record("start-up to usable main window (large ledger)", values, floors, 2, RATIO,
           floor_name="bare PySide6 window with a QTableView")


# --- the Đóng góp list ------------------------------------------------------------------------------

def _painted(view: Any) -> None:
    # Shown, laid out and painted: the pending layout and paint events run.
    from PySide6.QtWidgets import QApplication

    view.show()
    QApplication.processEvents()
    view.viewport().repaint()


def _bare(n: int) -> Callable[[], float]:
    """The floor: a bare QTableView over an in-memory model of `n` rows, shown and painted."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Bare(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008
            return n

        def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008
            return 10

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return f"{index.row()}:{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None

    def bare() -> float:
        t0 = time.perf_counter()
        view = QTableView()
        view.setModel(Bare())
        view.resize(1200, 700)
        _painted(view)
        elapsed = time.perf_counter() - t0
        view.close()
        return elapsed

    return bare


def _open(reader: Any, expect: int) -> tuple[float, float]:
    """What the page does: the first page painted, then the full ids and totals appended (here
    synchronously; the page gets them from its worker while the clerk already reads), scrolled to the end."""
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop.ui.table_model import PAGE, LazyTableModel, setup_view

    t0 = time.perf_counter()
    view = QTableView()
    model = LazyTableModel(lists.CONTRIBUTIONS, reader)
    model.set_ids(lists.first_page(reader, lists.CONTRIBUTIONS, lists.Query(), PAGE))
    setup_view(view, model)  # as the list page sets it up
    view.resize(1200, 700)
    _painted(view)
    first = time.perf_counter() - t0
    result = lists.run(reader, lists.CONTRIBUTIONS, lists.Query())
    model.extend_ids(result.ids)
    view.scrollToBottom()
    QApplication.processEvents()
    view.viewport().repaint()
    full = time.perf_counter() - t0
    view.close()
    assert len(result.ids) >= expect * 0.9
    return first, full


def _plain_ids_totals(reader: Any) -> float:
    """The floor of the background part: the ids in display order and the sum, one plain indexed SQL."""
    t0 = time.perf_counter()
    rows = reader.conn.execute("SELECT id, value_vnd FROM contributions WHERE deleted_at IS NULL "
                               "ORDER BY date DESC, id DESC").fetchall()
    sum(r[1] or 0 for r in rows)
    return time.perf_counter() - t0


def test_open_contributions(qtbot: QtBot, sized: Callable[[int], Path]) -> None:
    """Open the Đóng góp list of 100,000 rows (ids in SQL, first page painted) against a bare QTableView
    over a 100,000-row in-memory model; then the full ids and totals against one plain indexed SQL."""
    reader = open_ledger(sized(TARGET), read_only=True)
    n = reader.conn.execute("SELECT count(*) FROM contributions").fetchone()[0]
    bare = _bare(n)
    _open(reader, n), bare()  # warm both sides once (fonts, statement caches), not timed
    fulls: list[float] = []
    plain: list[float] = []

    def ours() -> float:
        first, full = _open(reader, n)
        fulls.append(full)
        return first

    def floor() -> float:
        plain.append(_plain_ids_totals(reader))
        return bare()

    firsts, floors = interleaved(ours, floor)
    reader.close()
    record(f"open Đóng góp list, {n:,} rows: first page painted", firsts, floors, 2, RATIO,
           floor_name=f"bare QTableView over a {n:,}-row model")
    record(f"  … then all {n:,} ids + totals, scrolled to the end", fulls, plain, None,
           floor_name="plain indexed SQL: ids in order and the sum")


# --- search -----------------------------------------------------------------------------------------

def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[int(0.95 * (len(xs) - 1))]


def _search_sides(led: Any) -> dict[str, Callable[[str], None]]:
    from desktop.ui.table_model import PAGE

    def floor_q(text: str, limit: int | None = PAGE) -> None:
        led.conn.execute("SELECT c.id FROM contributions c WHERE c.contributor_id IN "
                         "(SELECT id FROM contributors WHERE search LIKE ?) ORDER BY c.date DESC LIMIT ?",
                         [f"%{text}%", limit or -1]).fetchall()

    def ours_q(text: str) -> None:
        ids = lists.first_page(led, lists.CONTRIBUTIONS, lists.Query(search=text), PAGE)
        lists.fetch(led, lists.CONTRIBUTIONS, ids[:40])  # the rows on screen

    return {"ours": ours_q, "floor": floor_q,
            "ours_full": lambda w: lists.run(led, lists.CONTRIBUTIONS, lists.Query(search=w)),
            "floor_full": lambda w: floor_q(w, None)}


def _timed(fn: Callable[[str], Any], word: str) -> float:
    t0 = time.perf_counter()
    fn(word)
    return time.perf_counter() - t0


def _passes(a: Callable[[str], Any], b: Callable[[str], Any] | None, runs: int) -> tuple[list[float], list[float]]:
    """`runs` passes over the words typed, each word timed with ours then the floor (interleaved per
    word); per pass the p95 of its keystrokes."""
    values, floors = [], []
    for _ in range(runs):
        va, vb = [], []
        for w in WORDS:
            va.append(_timed(a, w))
            if b is not None:
                vb.append(_timed(b, w))
        values.append(_p95(va))
        if b is not None:
            floors.append(_p95(vb))
    return values, floors


def test_search_keystroke(sized: Callable[[int], Path]) -> None:
    """One keystroke to an updated view: the first page of matches and its cells, what the list
    paints, against a plain indexed SQL query for the same text and page. The full ids and totals
    that follow in the background are reported beside it."""
    led = open_ledger(sized(TARGET), read_only=True)
    side = _search_sides(led)
    _passes(side["ours"], side["floor"], 1)  # warm both sides once, not timed
    values, floors = _passes(side["ours"], side["floor"], RUNS)
    record("search keystroke to updated view, p95", values, floors, 3, RATIO, below=0.1,
           floor_name="plain indexed SQL, same text, first page")
    values, floors = _passes(side["ours_full"], side["floor_full"], RUNS)
    record("  … then all matching ids + totals, p95", values, floors, None,
           floor_name="plain indexed SQL, same text, every match")
    led.close()


# --- cost curves ------------------------------------------------------------------------------------

def test_cost_curves(qtbot: QtBot, sized: Callable[[int], Path]) -> None:
    """Open the list and search at three sizes: the first page (LIMIT) should stay about constant,
    the full list and the full search grow with the rows, not faster."""
    points: dict[str, list[tuple[int, float]]] = {k: [] for k in ("first", "full", "key", "search")}
    for size in CURVE:
        runs = 1 if QUICK else 3
        reader = open_ledger(sized(size), read_only=True)
        n = reader.conn.execute("SELECT count(*) FROM contributions").fetchone()[0]
        _open(reader, n)  # warm
        opened = [_open(reader, n) for _ in range(runs)]
        points["first"].append((n, statistics.median(o[0] for o in opened)))
        points["full"].append((n, statistics.median(o[1] for o in opened)))
        side = _search_sides(reader)
        points["key"].append((n, statistics.median(_passes(side["ours"], None, runs)[0])))
        points["search"].append((n, statistics.median(_passes(side["ours_full"], None, 1)[0])))
        reader.close()
    record_curve("open Đóng góp list: first page painted", "row", points["first"])
    record_curve("open Đóng góp list: all ids + totals, scrolled to the end", "row", points["full"])
    record_curve("search keystroke to updated view, p95", "row", points["key"])
    record_curve("search: all matching ids + totals, p95", "row", points["search"])
