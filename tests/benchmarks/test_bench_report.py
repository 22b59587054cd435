"""Benchmark of the report PDF (issues 3, 22): each value timed interleaved with its floor, medians and spread.

- small ward's whole report: goal < 0.3 s (a value); the ratio shown is against reportlab writing one page in the
  same font, the least a PDF in this font costs;
- large ward's report with a 5,000-row appendix (Phụ lục I, one row per donor) against LibreOffice's headless
  xlsx → pdf of the same table: goal ≤ 0.5×. In `make bench` a missing soffice fails the run (AnchorMissing); the
  quick mode has no LibreOffice floor;
- the cost curve of the report by the number of land donors in its appendix;
- peak memory of the app with the large ledger open and the report built: goal < 300 MiB; the floor is a bare
  PySide6 window's.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.demo import builder
from desktop.core.demo.wards import GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, weighted
from desktop.core.figures import figures
from desktop.core.ledger import contributors
from desktop.core.ledger.vocab import CONTRIBUTOR_KINDS
from desktop.core.report import narrative, report
from desktop.core.text.vnformat import format_decimal, format_int
from tests.benchmarks.bench_helpers import QUICK, RUNS, VALUE, interleaved, record, record_curve, samples

PERIOD = "2026-H1"
LARGE_DONORS = 500 if QUICK else 5_000
CURVE_SIZES = (100, 300, 600) if QUICK else (1_000, 5_000, 20_000)
SURNAMES = {"Nguyễn": 32, "Trần": 11, "Lê": 9, "Phạm": 7, "Huỳnh": 5, "Võ": 6, "Phan": 4, "Hoàng": 4, "Đặng": 3,
            "Bùi": 3, "Đỗ": 3, "Hồ": 3, "Ngô": 2, "Dương": 2, "Lý": 1, "Trương": 2, "Đinh": 1, "Mai": 1}


def _floor_one_page() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from desktop.core.pdf import typeset

    typeset.register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("LiberationSerif", 14)
    c.drawString(85, 760, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.save()


def test_small_ward_report(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "small.sqlite")
    builder.build_demo(led, size="small", seed=3)
    period = narrative.parse_period(led, PERIOD)
    report.render(led, period)  # warm: fonts registered, modules imported, as in a running app
    _floor_one_page()
    values, floors = interleaved(lambda: report.render(led, period), _floor_one_page, runs=max(RUNS, 3))
    led.close()
    record("report PDF, small ward (whole report)", values, floors, 0.3, VALUE, floor_name="reportlab, one page")


# --------------------------------------------------------------------------- a large appendix of distinct donors

_LAND_SQL = ("FROM contributions WHERE kind = 'land' AND status = 'received' AND deleted_at IS NULL "
             "AND date BETWEEN ? AND ?")


def _name(rng: random.Random) -> str:
    male = rng.random() < 0.7
    middle = weighted(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    return f"{weighted(rng, SURNAMES)} {middle} {rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)}"


def _grow_land(db: Path, period: report.Period, target: int, seed: int = 7) -> int:
    """Add land donors in the period until it holds `target` land contributions, each from a donor of its own.

    Each new row copies an existing land contribution (its group, work, area, value, date) but is given by a NEW
    contributor (a copy of the donor's record with another name, house number and uuid) on another parcel, so the
    appendix has one row per contribution, as a ward with that many donors would: copying the contribution alone
    would fold the copies into the same donors' rows and flatter the report."""
    rng = random.Random(seed)
    led = open_ledger(db)
    conn = led.conn
    n = conn.execute(f"SELECT count(*) {_LAND_SQL}", [period.start, period.end]).fetchone()[0]
    sources = conn.execute(
        "SELECT c.id, p.kind, p.group_id, p.address FROM contributions c JOIN contributors p "
        "ON p.id = c.contributor_id WHERE c.kind = 'land' AND c.status = 'received' AND c.deleted_at IS NULL "
        "AND c.date BETWEEN ? AND ? ORDER BY c.id", [period.start, period.end]).fetchall()
    assert sources, "the demo has no land contribution in the period"
    next_id = conn.execute("SELECT max(id) FROM contributors").fetchone()[0] + 1
    people, gifts = [], []
    for i in range(max(0, target - n)):
        cid, kind, group_id, address = sources[i % len(sources)]
        street = (address or "").split(" ", 2)[-1] if address else ""
        values = {"name": _name(rng), "kind": kind, "group_id": group_id, "birth_year": rng.randint(1940, 1995),
                  "address": f"Số {rng.randint(1, 600)} {street}".strip(), "phone": None, "cccd": None, "note": None}
        people.append({**contributors._derived(values), "id": next_id + i, "uuid": str(uuid.uuid4())})
        gifts.append((uuid.uuid4().hex, next_id + i, str(rng.randint(1, 900)), cid))
    with led.transaction():
        if people:
            cols = list(people[0])
            conn.executemany(f"INSERT INTO contributors ({', '.join(cols)}, created_at, updated_at) VALUES "
                             f"({', '.join('?' * len(cols))}, datetime('now'), datetime('now'))",
                             [[p[c] for c in cols] for p in people])
        conn.executemany(
            "INSERT INTO contributions (uuid, contributor_id, group_id, work_id, date, kind, quantity, unit, "
            "value_vnd, value_entered, rate_id, status, land_map_sheet, land_parcel, land_type, created_at, "
            "updated_at) SELECT ?, ?, group_id, work_id, date, kind, quantity, unit, value_vnd, value_entered, "
            "rate_id, status, land_map_sheet, ?, land_type, created_at, updated_at FROM contributions WHERE id = ?",
            gifts)
    n = conn.execute(f"SELECT count(*) {_LAND_SQL}", [period.start, period.end]).fetchone()[0]
    led.close()
    return n


@pytest.fixture(scope="module")
def large_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: Callable[[Path], Path]) -> Path:
    """The large ward (the small one in quick mode) with LARGE_DONORS land donors in the period."""
    db = demo_copy(tmp_path_factory.mktemp("report") / "large.sqlite")
    led = open_ledger(db)
    period = narrative.parse_period(led, PERIOD)
    led.close()
    assert _grow_land(db, period, LARGE_DONORS) == LARGE_DONORS
    return db


def _libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _appendix_rows(donors: list[dict]) -> list[list[str]]:
    """Phụ lục I's rows as the report prints them (report._donors_appendix)."""
    return [[str(i), d["name"], CONTRIBUTOR_KINDS.get(d["kind"], d["kind"]), d["address"] or "", ", ".join(d["groups"]),
             "; ".join(d["works"]), "; ".join(d["plots"]), format_decimal(d["m2"], 1), format_int(d["value_vnd"])]
            for i, d in enumerate(donors, start=1)]


def _xlsx_of(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phụ lục I")
    ws.append(["STT", "Họ và tên chủ hộ, tổ chức, cá nhân", "Đối tượng", "Địa chỉ", "Tổ dân phố", "Công trình",
               "Tờ BĐ / Thửa", "Diện tích (m²)", "Giá trị quy đổi (đồng)"])
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_large_report_with_5000_row_appendix(tmp_path: Path, large_db: Path) -> None:
    led = open_ledger(large_db)
    period = narrative.parse_period(led, PERIOD)
    donors = figures.land_donors_by_person(led, period)
    assert len(donors) == LARGE_DONORS  # one appendix row per donor: no copy folded into another's row
    report.render(led, period)  # warm

    soffice = _libreoffice()
    if QUICK or not soffice:
        # Quick mode has no LibreOffice floor; in `make bench` record() raises AnchorMissing for floor None.
        values, floors = samples(lambda: report.render(led, period)), None
    else:
        xlsx = tmp_path / "phu-luc.xlsx"
        _xlsx_of(_appendix_rows(donors), xlsx)
        profile = tmp_path / "lo-profile"

        def convert() -> None:
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(tmp_path / "lo"), str(xlsx)], check=True, capture_output=True,
                           timeout=300)
            assert (tmp_path / "lo" / "phu-luc.pdf").stat().st_size > 0

        convert()  # the first start creates the profile; not counted
        values, floors = interleaved(lambda: report.render(led, period), convert)
    led.close()
    record(f"report PDF, large ward, {LARGE_DONORS:,}-row appendix", values, floors, 0.5,
           floor_name="LibreOffice headless xlsx→pdf" if floors else "LibreOffice: quick mode / not installed")


def test_report_cost_curve(tmp_path: Path, large_db: Path) -> None:
    """Report render time by the number of land donors in the appendix (each size grown from the same ward)."""
    points = []
    for size in CURVE_SIZES:
        db = tmp_path / f"curve-{size}.sqlite"
        shutil.copy(large_db, db)
        led = open_ledger(db)
        period = narrative.parse_period(led, PERIOD)
        led.close()
        if size > LARGE_DONORS:
            _grow_land(db, period, size)
        else:  # fewer donors: drop the grown ones past `size` (the demo's own come first by id)
            led = open_ledger(db)
            with led.transaction():
                led.conn.execute(f"DELETE FROM contributions WHERE id IN (SELECT id {_LAND_SQL} ORDER BY id "
                                 "LIMIT -1 OFFSET ?)", [period.start, period.end, size])
            led.close()
        led = open_ledger(db)
        assert len(figures.land_donors_by_person(led, period)) == size
        report.render(led, period)  # warm
        # The fastest of a few renders: the machine's noise only ever adds time (the largest size gets two).
        runs = 1 if QUICK else (2 if size == CURVE_SIZES[-1] else 3)
        points.append((size, min(samples(lambda led=led, period=period: report.render(led, period), runs))))
        led.close()
    record_curve("report PDF (Phụ lục I)", "donor", points)


# --------------------------------------------------------------------------- peak memory

PEAK_SCRIPT = """
import sys
from desktop.app import run
from desktop.core.report import narrative, report
from db.connection import open_ledger
app, window = run(sys.argv[1])
window.navigate("contributions", {})
window.navigate("report", {})
window.ctx.worker.wait_idle()
app.processEvents()
led = open_ledger(sys.argv[1])
report.render(led, narrative.parse_period(led, "2026-H1"))
print(PEAK())
"""

BARE_SCRIPT = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.show(); app.processEvents()
print(PEAK())
"""

# VmHWM is this process's own peak. getrusage's ru_maxrss is not: Linux carries the parent's peak over fork
# and exec, so a child of the test run would report the test run's memory.
_PEAK_FN = """
def PEAK():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return f"peak_mib={int(line.split()[1]) / 1024:.1f}"
"""


def _peak(script: str, *args: str) -> float:
    import os
    import sys

    from tests.benchmarks.bench_helpers import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _PEAK_FN + script, *args], capture_output=True, text=True, env=env,
                         timeout=600, check=True).stdout
    return float(next(line for line in out.splitlines() if line.startswith("peak_mib=")).split("=")[1])


def test_peak_memory_large_ledger_open_and_report_built(large_db: Path) -> None:
    # Peak memory barely varies between launches (a few MiB), unlike times: 3 interleaved launches of each side
    # in `make bench` are enough for its median and spread, and keep the module inside its time budget.
    runs = 1 if QUICK else 3
    values, floors = [], []
    for _ in range(runs):
        values.append(_peak(PEAK_SCRIPT, str(large_db)))
        floors.append(_peak(BARE_SCRIPT))
    record("peak memory, large ledger open + report built", values, floors, 300, VALUE, unit="MiB",
           floor_name="bare PySide6 window")

