"""Every released schema opens in this version: the frozen ledgers under tests/fixtures are upgraded."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from db import backup
from db.connection import open_ledger
from db.schema import MIGRATION_NAMES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLES = ("groups", "contributors", "works", "contributions", "rates", "audit")


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_a_m0001_ledger_is_upgraded_with_a_backup_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "ledger-m0001.sqlite", path)
    before = _counts(path)
    assert before["contributions"] > 0

    ledger = open_ledger(path)
    try:
        applied = [r[0] for r in ledger.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert tuple(applied) == MIGRATION_NAMES
        for table in ("targets", "report_drafts", "documents", "period_locks"):
            assert ledger.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        ledger.close()
    assert _counts(path) == before
    saved = backup.list_backups(path)
    assert saved and _counts(saved[0].path) == before  # the copy taken before migrating, as it was


def test_a_m0004_ledger_with_an_issued_report_is_upgraded_and_lists_use_the_new_index(tmp_path: Path) -> None:
    path = tmp_path / "m0004.sqlite"
    shutil.copyfile(FIXTURES / "ledger-m0004.sqlite", path)
    before = _counts(path)
    conn = sqlite3.connect(path)
    issued = conn.execute("SELECT number, sha256 FROM documents").fetchall()
    conn.close()
    assert issued and before["contributions"] > 0

    ledger = open_ledger(path)
    try:
        applied = [r[0] for r in ledger.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert tuple(applied) == MIGRATION_NAMES
        indexes = {r[1] for r in ledger.conn.execute("PRAGMA index_list(contributions)")}
        assert {"idx_contributions_list", "idx_contributions_evidence"} <= indexes
        assert "idx_contributions_date_id_deleted_at_value_vnd" not in indexes
        assert ledger.conn.execute("SELECT number, sha256 FROM documents").fetchall() == issued
        assert ledger.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ledger.close()
    assert _counts(path) == before
