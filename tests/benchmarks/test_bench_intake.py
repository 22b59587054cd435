"""Benchmark of the import (issue 22): a Đóng góp workbook read, checked, matched and written (plan + apply), against
the floor of merely reading the same file with openpyxl in read-only mode — value and floor timed in turn.

Two sizes: 10,000 rows, and the largest workbook the importer accepts (guards.MAX_DATA_ROWS, 100,000 data rows;
2,000 in quick mode so `make test` stays fast). Each value run imports into a fresh copy of one prepared ledger
(the ward with its 20 tổ dân phố); the copy is not timed. The cost curve "import workbook" gives the time per row
at both sizes. Quick by default; the real figures:

    BENCH_QUICK=0 pytest tests/benchmarks/test_bench_intake.py -s
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from db.connection import open_ledger
from desktop.core.intake import applying, guards, planning
from desktop.core.intake.applying import ImportResult
from desktop.core.intake.importplan import ImportPlan
from desktop.core.ledger import groups, setup
from tests.benchmarks.bench_helpers import QUICK, RATIO, RUNS, interleaved, record, record_curve
from tests.conftest import UNIT
from tests.core.intake.helpers import CONTRIBUTION_HEADERS

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thu", "Vinh"]
FLOOR = "openpyxl read-only read of the same file"
SMALL = 1_000 if QUICK else 10_000
LARGEST = 2_000 if QUICK else guards.MAX_DATA_ROWS
# The largest workbook: one pair (import ≈ 7 s, openpyxl ≈ 16 s on a quiet machine, up to twice as much under
# load) is 23–45 s, so the module's 4-minute budget of `make bench` holds 5 pairs of it (7 would need 2.7 min
# quiet but 5 under load), next to the 10,000-row metric (7 pairs), the two workbooks' making (≈ 11 s) and the
# 10,000-row re-import check.
LARGEST_RUNS = min(RUNS, 5)
RESULTS: dict[int, float] = {}  # rows → median seconds of plan + apply, for the cost curve


def _workbook(path: Path, rows: int, seed: int = 1) -> Path:
    """A realistic tổ-level workbook: 20 groups, ~750 names (each mostly in one group, with an
    address), money, land, labour and materials, values left for the rates to compute."""
    rnd = random.Random(seed)
    kinds = [
        ("Tiền", lambda: rnd.randrange(100, 5000) * 1000, None),
        ("Hiến đất", lambda: round(rnd.uniform(5, 200), 1), None),
        ("Ngày công", lambda: rnd.randrange(1, 20), None),
        ("Vật tư", lambda: rnd.randrange(1, 10), "tấn"),
    ]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đóng góp")
    ws.append(CONTRIBUTION_HEADERS)
    for i in range(rows):
        kind, quantity, unit = rnd.choice(kinds)
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        home = sum(map(ord, name)) % 20 + 1
        group = home if rnd.random() < 0.9 else rnd.randrange(1, 21)
        ws.append([i + 1, dt.date(2026, 1, 1) + dt.timedelta(days=i % 300), f"Tổ dân phố {group}", name,
                   "Hộ gia đình", f"Số {len(name) * 7 % 300} hẻm {group}", None, kind, quantity(), unit, None, None,
                   None, f"{i + 1}/BB", None])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ward with its 20 tổ dân phố, made once; each import gets a copy."""
    path = tmp_path_factory.mktemp("intake-ledger") / "so.sqlite"
    led = open_ledger(path, user=UNIT["user_name"])
    setup.initialize(led, UNIT)
    for i in range(1, 21):
        groups.add(led, {"name": f"Tổ dân phố {i}"})
    led.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    led.close()
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """The workbooks by size, each written once per module (the largest takes about 10 s to write)."""
    folder = tmp_path_factory.mktemp("intake-books")
    made: dict[int, Path] = {}

    def book(rows: int) -> Path:
        if rows not in made:
            made[rows] = _workbook(folder / f"dong-gop-{rows}.xlsx", rows)
        return made[rows]

    return book


class _Import:
    """One timed import (plan + apply) into a fresh copy of the prepared ledger; keeps the last run's results."""

    def __init__(self, prepared: Path, work: Path, book: Path):
        self.prepared, self.work, self.book = prepared, work, book
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.runs = 0

    def __call__(self) -> float:
        self.runs += 1
        db = self.work / f"run-{self.runs}" / "so.sqlite"  # a new folder: the backups of a run stay with it
        db.parent.mkdir(parents=True)
        shutil.copyfile(self.prepared, db)
        led = open_ledger(db, user=UNIT["user_name"])
        try:
            start = time.perf_counter()
            plan = planning.plan(led, self.book)
            plan.set_default_status("received")  # the rows leave Trạng thái blank: the clerk's choice (issue 18)
            result = applying.apply(led, plan, only_valid=False)
            seconds = time.perf_counter() - start
        finally:
            led.close()
        self.plan, self.result = plan, result
        if self.runs > 1:
            shutil.rmtree(db.parent.with_name(f"run-{self.runs - 1}"), ignore_errors=True)
        return seconds


def _openpyxl_read(book: Path, counted: list[int]) -> Callable[[], None]:
    def read() -> None:
        wb = openpyxl.load_workbook(book, read_only=True)
        counted.append(sum(1 for _ in wb["Đóng góp"].iter_rows(values_only=True)))
        wb.close()

    return read


def _measure(rows: int, runs: int, prepared: Path, book: Path, work: Path, reimport: bool) -> _Import:
    value = _Import(prepared, work, book)
    counted: list[int] = []
    values, floors = interleaved(value, _openpyxl_read(book, counted), runs=runs)
    plan, result = value.plan, value.result
    assert plan is not None and result is not None
    assert counted and all(n == rows + 1 for n in counted)  # the header and every data row
    assert result.contributions_added + result.skipped["duplicate"] == rows and not plan.problems
    record(f"import {rows:,}-row intake workbook (plan + apply)", values, floors, 0.5, RATIO, floor_name=FLOOR)
    RESULTS[rows] = sorted(values)[len(values) // 2]
    print(f"  {result.contributions_added:,} khoản, {result.contributors_added:,} người mới; {runs} lượt mỗi bên")
    if reimport:
        _reimport(work / f"run-{value.runs}" / "so.sqlite", book)
    return value


def _reimport(db: Path, book: Path) -> None:
    """Importing the same file again adds nothing: every row is "đã có trong sổ"."""
    led = open_ledger(db, user=UNIT["user_name"])
    try:
        start = time.perf_counter()
        again = planning.plan(led, book)
        print(f"  nhập lại (plan, không có gì mới) {time.perf_counter() - start:6.2f} s")
        assert again.nothing_to_add() and not again.problems
    finally:
        led.close()


def test_import_10k_against_bare_openpyxl_read(prepared: Path, books: Callable[[int], Path],
                                               tmp_path: Path) -> None:
    _measure(SMALL, RUNS, prepared, books(SMALL), tmp_path, reimport=True)


def test_import_largest_accepted_workbook(prepared: Path, books: Callable[[int], Path], tmp_path: Path) -> None:
    # No re-import check here: the 10,000-row one makes it, and 100,000 rows again cost 10–15 s of the budget.
    _measure(LARGEST, LARGEST_RUNS, prepared, books(LARGEST), tmp_path, reimport=QUICK)
    if SMALL in RESULTS:
        record_curve("import workbook", "row", sorted(RESULTS.items()))
