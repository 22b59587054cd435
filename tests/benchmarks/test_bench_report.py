"""Benchmark of the report PDF (issue 3), as ratios against floors measured in the same run.

- small ward's whole report against reportlab writing one page in the same font (goal: < 0.3 s);
- large ward's report with a 5,000-row appendix against LibreOffice's headless xlsx → pdf of the
  same table (goal: ≤ 0.5×). Without LibreOffice on the machine the floor is reported as n/a.
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from db.connection import open_ledger
from desktop.core.demo import builder
from desktop.core.figures import figures
from desktop.core.report import narrative, report
from tests.benchmarks.bench_helpers import QUICK, record

PERIOD = "2026-H1"


def _median(fn, runs: int) -> float:  # noqa: ANN001
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


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
    runs = 3 if QUICK else 9
    value = _median(lambda: report.render(led, period), runs)
    floor = _median(_floor_one_page, runs)
    led.close()
    record("report PDF, small ward (whole report)", value, floor, "< 0.3 s", floor_name="reportlab, one page")


def _grow_land(db: Path, period: report.Period, target: int) -> int:
    """Copy land contributions inside the period until it holds `target` of them."""
    led = open_ledger(db)
    where = "kind = 'land' AND status = 'received' AND deleted_at IS NULL AND date BETWEEN ? AND ?"
    n = led.conn.execute(f"SELECT count(*) FROM contributions WHERE {where}", [period.start, period.end]).fetchone()[0]
    with led.transaction():
        while n < target:
            led.conn.execute(
                "INSERT INTO contributions (uuid, contributor_id, group_id, work_id, date, kind, quantity, unit, "
                "value_vnd, value_entered, rate_id, status, land_map_sheet, land_parcel, land_type, created_at, "
                "updated_at) SELECT lower(hex(randomblob(16))), contributor_id, group_id, work_id, date, kind, "
                "quantity, unit, value_vnd, value_entered, rate_id, status, land_map_sheet, land_parcel, land_type, "
                f"created_at, updated_at FROM contributions WHERE {where} LIMIT ?",
                [period.start, period.end, target - n])
            n = led.conn.execute(f"SELECT count(*) FROM contributions WHERE {where}",
                                 [period.start, period.end]).fetchone()[0]
    led.close()
    return n


def _libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _xlsx_of(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phụ lục I")
    ws.append(["STT", "Họ và tên", "Đối tượng", "Địa chỉ", "Tổ dân phố", "Công trình", "Tờ BĐ / Thửa",
               "Diện tích (m²)", "Giá trị quy đổi (đồng)"])
    for r in rows:
        ws.append(r)
    wb.save(path)


def test_large_report_with_5000_row_appendix(tmp_path: Path) -> None:
    db = tmp_path / "large.sqlite"
    led = open_ledger(db)
    builder.build_demo(led, size="small" if QUICK else "large", seed=1)
    period = narrative.parse_period(led, PERIOD)
    led.close()
    target = 500 if QUICK else 5_000
    n = _grow_land(db, period, target)
    led = open_ledger(db)
    report.render(led, period)
    runs = 1 if QUICK else 5
    value = _median(lambda: report.render(led, period), runs)
    donors = figures.land_donors(led, period)
    led.close()
    assert len(donors) == n

    soffice = _libreoffice()
    floor = None
    if soffice and not QUICK:
        xlsx = tmp_path / "phu-luc.xlsx"
        _xlsx_of([[str(i), d["name"], d["kind"], d["address"] or "", d["group"] or "", d["work"] or "",
                   f"{d['map_sheet'] or ''}/{d['parcel'] or ''}", d["m2"], d["value_vnd"]]
                  for i, d in enumerate(donors, start=1)], xlsx)
        profile = tmp_path / "lo-profile"

        def convert() -> None:
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(tmp_path / "lo"), str(xlsx)], check=True, capture_output=True,
                           timeout=300)

        convert()  # first start creates the profile; not counted
        floor = _median(convert, 3)
    record(f"report PDF, large ward, {n:,}-row appendix", value, floor, "≤ 0.5×",
           floor_name="LibreOffice headless xlsx→pdf" if floor else "LibreOffice not installed / quick mode")



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


def test_peak_memory_large_ledger_open_and_report_built(tmp_path: Path) -> None:
    db = tmp_path / "large.sqlite"
    led = open_ledger(db)
    builder.build_demo(led, size="small" if QUICK else "large", seed=1)
    led.close()
    value = _peak(PEAK_SCRIPT, str(db))
    floor = _peak(BARE_SCRIPT)
    record("peak memory, large ledger open + report built", value, floor, "< 300 MiB", unit="MiB",
           floor_name="bare PySide6 window")
