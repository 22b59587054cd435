"""The one open function: pragmas, the schema-version gate, refusing foreign files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.connection import APPLICATION_ID, open_ledger, schema_version
from db.errors import NewerLedgerError, NotALedgerError


def test_pragmas_of_design(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "a.sqlite")
    c = led.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert c.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    led.close()


def test_foreign_keys_enforced(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "a.sqlite")
    with pytest.raises(sqlite3.IntegrityError):
        with led.transaction():
            led.conn.execute(
                "INSERT INTO contributors (uuid, name, sort_key, search, kind, group_id) "
                "VALUES ('u', 'A', 'a', 'a', 'ho', 999)"
            )
    led.close()


def test_newer_schema_refused_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    led = open_ledger(path)
    led.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('thidua', 'm9999_future', 'x')")
    led.conn.execute(f"PRAGMA user_version={schema_version() + 1}")
    led.close()
    before = path.read_bytes()
    with pytest.raises(NewerLedgerError, match="phiên bản Sổ Thi đua mới hơn"):
        open_ledger(path)
    assert path.read_bytes() == before


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a ledger" * 100)
    with pytest.raises(NotALedgerError, match="không phải là sổ dữ liệu"):
        open_ledger(path)


def test_other_programs_database_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=12345")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotALedgerError, match="chương trình khác"):
        open_ledger(path)


def test_transaction_rolls_back_everything(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "a.sqlite")
    with pytest.raises(RuntimeError):
        with led.transaction() as db:
            db["audit"].insert({"action": "x", "summary": "một"})
            with led.transaction():  # nested: a savepoint inside the same transaction
                db["audit"].insert({"action": "x", "summary": "hai"})
            raise RuntimeError("boom")
    assert led.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
    led.close()


def test_reader_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    open_ledger(path).close()
    reader = open_ledger(path, read_only=True)
    with pytest.raises(sqlite3.OperationalError):
        reader.conn.execute("INSERT INTO audit (action) VALUES ('x')")
    reader.close()


def test_accent_folding_sql_function(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "a.sqlite")
    assert led.conn.execute("SELECT vn_fold('Đường Nguyễn Trãi')").fetchone()[0] == "duong nguyen trai"
    led.close()


def test_schema_names_match_the_migrations() -> None:
    from db.migrations import migrations
    from db.schema import MIGRATION_NAMES

    assert tuple(m.name for m in migrations._migrations) == MIGRATION_NAMES


def test_reader_does_not_import_sqlite_utils(tmp_path: Path) -> None:
    """An up-to-date ledger opens without the migration machinery (start-up time)."""
    import subprocess
    import sys

    path = tmp_path / "a.sqlite"
    open_ledger(path).close()
    code = ("import sys; from db.connection import open_ledger; "
            f"led = open_ledger({str(path)!r}, read_only=True); led.conn.execute('select 1'); "
            "w = open_ledger(" + repr(str(path)) + "); print('sqlite_utils' in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "False"
