"""Two reports of the same unit and period saved at the same instant from two processes (a clerk typing one
from paper while another imports the unit's file): exactly one stays current, the other is superseded by it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from db.connection import Ledger, open_ledger
from desktop.core.round import reports, units

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("CONCURRENT_RUNS", "3"))

CHILD = r"""
import sys, time
from db.connection import open_ledger
from desktop.core.round import reports
path, unit_id, start, value = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
led = open_ledger(path, user="may " + sys.argv[4])
time.sleep(max(0.0, start - time.time()))
rid = reports.save_report(led, unit_id=unit_id, period_code="2026-H1", figures={"luot_tham_gia": value},
                          texts={}, source="screen", received_on="2026-06-09")
print(rid)
"""


def test_two_processes_leave_one_current_report(ledger: Ledger, ledger_path: Path) -> None:
    unit = units.add(ledger, {"kind": "doan_the", "name": "Hội Cựu chiến binh phường"})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(RUNS):
        start = time.time() + 1.5
        procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(ledger_path), str(unit), str(start),
                                   str(100 * run + k)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env) for k in (1, 2)]
        outs = [p.communicate(timeout=60) for p in procs]
        assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
        ids = sorted(int(o.strip()) for o, _ in outs)
        current = reports.current_reports(ledger, "2026-H1")
        assert [r["id"] for r in current] == [ids[1]]  # the later write is the current one
        earlier = reports.get_report(ledger, ids[0])
        assert earlier["status"] == "superseded" and earlier["superseded_by_id"] == ids[1]
    check = open_ledger(ledger_path)
    try:
        rows = check.conn.execute("SELECT status, count(*) FROM unit_reports GROUP BY status").fetchall()
        assert dict(rows) == {"current": 1, "superseded": 2 * RUNS - 1}
    finally:
        check.close()
