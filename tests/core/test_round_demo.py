"""The demo's round (desktop.core.demo.round): 2026-H1 half done — some on time, exactly one late, the rest
missing and overdue — and 2026-H2 complete, with one report superseded by a corrected file; nothing received after
the demo's `today`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.demo import builder
from desktop.core.round import board, reports


def test_demo_round_as_of_mid_december(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "today", lambda: dt.date(2026, 12, 12))
    led = open_ledger(tmp_path / "demo.sqlite")
    try:
        builder.build_demo(led, size="small", seed=7, today=dt.date(2026, 12, 12))
        h1 = board.build(led, "2026-H1", today=dt.date(2026, 12, 12)).counts()
        assert h1["late"] == 1 and h1["on_time"] >= 4 and h1["overdue"] >= 3 and h1["missing"] == 0
        h2 = board.build(led, "2026-H2", today=dt.date(2026, 12, 12))
        assert h2.counts()["on_time"] == len(h2.rows) and h2.missing() == []
        current = reports.current_reports(led, "2026-H2")
        assert all(r["texts"] for r in current) and all(r["figures"] for r in current)
        assert max(r["received_on"] for r in current) <= "2026-12-09"
        superseded = led.conn.execute("SELECT count(*) FROM unit_reports WHERE status = 'superseded'").fetchone()[0]
        assert superseded == 1
    finally:
        led.close()


def test_demo_round_never_reports_the_future(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "demo.sqlite")
    try:
        builder.build_demo(led, size="small", seed=7, today=dt.date(2026, 6, 8))
        days = [r[0] for r in led.conn.execute("SELECT received_on FROM unit_reports")]
        assert days and max(days) <= "2026-06-08"
        assert led.conn.execute("SELECT count(*) FROM unit_reports WHERE period_code = '2026-H2'").fetchone()[0] == 0
    finally:
        led.close()
