"""Benchmark of the import: a 10,000-row Đóng góp sheet, against the floor of merely reading the same
file with openpyxl (read-only mode), measured in the same run.

Not a timed test: it prints the figures and never fails on them (DESIGN §7). Quick by default
(1,000 rows) so every test run keeps it working; BENCH_QUICK=0 (as `make bench` sets) gives the
real 10,000-row figures:

    BENCH_QUICK=0 pytest tests/benchmarks/test_bench_intake.py -s
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import openpyxl
import python_calamine
from openpyxl import Workbook

from db.connection import Ledger
from desktop.core.intake import applying, planning
from desktop.core.ledger import groups
from tests.benchmarks.bench_helpers import QUICK, record
from tests.core.intake.helpers import CONTRIBUTION_HEADERS

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thu", "Vinh"]


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


def test_import_against_bare_openpyxl_read(ledger: Ledger, tmp_path: Path) -> None:
    n = 1_000 if QUICK else 10_000
    for i in range(1, 21):
        groups.add(ledger, {"name": f"Tổ dân phố {i}"})
    path = _workbook(tmp_path / "lon.xlsx", n)

    start = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    read_rows = sum(1 for _ in wb["Đóng góp"].iter_rows(values_only=True))
    wb.close()
    floor = time.perf_counter() - start

    start = time.perf_counter()
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        calamine_rows = len(book.get_sheet_by_name("Đóng góp").to_python())
    calamine = time.perf_counter() - start

    start = time.perf_counter()
    plan = planning.plan(ledger, path)
    planned = time.perf_counter() - start
    plan.set_default_status("received")  # the rows leave Trạng thái blank: the clerk's choice (issue 18)
    start = time.perf_counter()
    result = applying.apply(ledger, plan, only_valid=False)
    applied = time.perf_counter() - start

    assert read_rows == calamine_rows == n + 1
    assert result.contributions_added + result.skipped["duplicate"] == n and not plan.problems
    total = planned + applied
    print(f"\nNhập {n:,} dòng Đóng góp ({result.contributors_added:,} người mới):"
          f"\n  openpyxl read-only, chỉ đọc   {floor:6.2f} s  (mốc so sánh)"
          f"\n  python-calamine, chỉ đọc     {calamine:6.2f} s"
          f"\n  plan (đọc + kiểm tra + khớp) {planned:6.2f} s"
          f"\n  apply (sao lưu + ghi + nhật ký) {applied:6.2f} s"
          f"\n  plan + apply                 {total:6.2f} s  = {total / floor:.2f} × mốc (mục tiêu ≤ 0,5 ×)")

    record(f"import {n:,}-row intake workbook (plan + apply)", total, floor, "≤ 0.5×",
           floor_name="openpyxl read-only read of the same file")

    again = time.perf_counter()
    replan = planning.plan(ledger, path)
    print(f"  nhập lại (plan, không có gì mới) {time.perf_counter() - again:6.2f} s")
    assert replan.nothing_to_add()
