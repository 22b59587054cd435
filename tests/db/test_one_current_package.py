"""m0007: one current package per ward and period, by a unique index; an upper-level ledger that two racing
imports had already left with two is repaired on upgrade (issue 19, fault 1), and `check` finds one that got in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_ledger
from db.migrations import migrations
from desktop.core.ledger import integrity

NOW = "2026-07-10T09:00:00+07:00"


def _package(conn: sqlite3.Connection, pid: int, period: str, created: str, manifest: dict | None = None) -> None:
    conn.execute(
        "INSERT INTO packages (id, uuid, ward_id, period_code, created_src, file_sha256, file_name, manifest, totals, "
        "status, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, '{}', 'current', ?, ?)",
        [pid, f"u-{pid}", period, created, f"{pid:064x}", f"tep-{pid}.thidua", json.dumps(manifest or {}), NOW, NOW])


@pytest.fixture
def before_m0007(tmp_path: Path) -> Path:
    """An upper-level ledger at m0006 on which two imports raced: two current packages of 2026-H1."""
    path = tmp_path / "tinh-m0006.sqlite"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="m0007_one_current_package")
    conn.execute("INSERT INTO wards (id, uuid, code, name, public_key, fingerprint, created_at, updated_at) "
                 "VALUES (1, 'w', '21580', 'Phường Nguyễn Nghiêm', 'k', 'f', ?, ?)", [NOW, NOW])
    _package(conn, 1, "2026-H1", "2026-07-01T08:00:00+07:00")
    _package(conn, 2, "2026-H1", "2026-07-05T08:00:00+07:00")
    _package(conn, 3, "2026-H1", "2026-07-03T08:00:00+07:00")
    _package(conn, 4, "2025", "2026-01-05T08:00:00+07:00", {"sequence": 4})
    conn.commit()
    conn.close()
    return path


def test_upgrade_keeps_the_newest_current_and_records_why(before_m0007: Path) -> None:
    led = open_ledger(before_m0007)
    try:
        rows = led.conn.execute("SELECT id, status, superseded_by_id, sequence FROM packages ORDER BY id").fetchall()
        assert rows == [(1, "superseded", 2, None), (2, "current", None, None), (3, "superseded", 2, None),
                        (4, "current", None, 4)]
        notes = [r[0] for r in led.conn.execute("SELECT summary FROM audit WHERE table_name = 'packages' "
                                                "ORDER BY record_id")]
        assert len(notes) == 2 and all("tep-2.thidua" in n and "hai tệp cùng đang dùng" in n for n in notes)
        assert integrity.full_check(led) == []
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), led.transaction():
            led.conn.execute("UPDATE packages SET status = 'current' WHERE id = 1")
    finally:
        led.close()


def test_check_reports_two_current_packages(before_m0007: Path) -> None:
    led = open_ledger(before_m0007)
    try:
        with led.transaction():  # as another program could, around the index
            led.conn.execute("DROP INDEX idx_packages_one_current")
            led.conn.execute("UPDATE packages SET status = 'current' WHERE id = 1")
        [problem] = integrity.full_check(led)
        assert "Phường Nguyễn Nghiêm (21580) kỳ 2026-H1" in problem and "mã 1, 2" in problem
        assert "tính hai lần" in problem
    finally:
        led.close()
