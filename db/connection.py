"""The one place that opens a ledger file: pragmas, the schema-version gate, migrations.

Every connection — the GUI's reader, the database worker, the command line, the tests — comes
from `open_ledger`, so the durability settings of DESIGN §3 cannot be forgotten anywhere.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DamagedLedgerError, ForeignDatabaseError, LedgerError, NewerLedgerError, classify
from db.schema import MIGRATION_NAMES, MIGRATION_SET
from db.text import fold

if TYPE_CHECKING:
    from sqlite_utils import Database

# "TDUA": marks the file as a Sổ Thi đua ledger (PRAGMA application_id, sqlite.org/appfileformat).
APPLICATION_ID = 0x54445541


@dataclass
class Ledger:
    """An open ledger: the connection of one thread, and who is working on it."""

    conn: sqlite3.Connection
    path: Path
    user: str = ""
    read_only: bool = False
    _closed: bool = field(default=False, repr=False)

    @cached_property
    def db(self) -> Database:
        """The sqlite-utils view of the same connection, made on first use (imported lazily: a
        reader that only runs SQL never pays for it)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction. IMMEDIATE takes the write lock at once, so two writers queue
        on busy_timeout instead of failing half-way with SQLITE_BUSY."""
        if self.read_only:
            raise LedgerError("Sổ đang mở chỉ để đọc, không ghi được.")
        if self.conn.in_transaction:
            # Nested service calls join the outer transaction (savepoint keeps it all-or-nothing).
            with self.db.atomic():
                yield self.db
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.db
        except BaseException as exc:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # a failed ROLLBACK must not hide the cause
                    self.conn.execute("ROLLBACK")
            err = _as_ledger_error(exc, self.path)
            if err is exc:
                raise
            raise err from exc
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                err = _as_ledger_error(exc, self.path)
                if err is exc:
                    raise
                raise err from exc

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.conn.close()


def _as_ledger_error(exc: BaseException, path: Path) -> BaseException:
    """A full disk, a read-only or locked file, damage: the Vietnamese LedgerError that says so (the clerk sees
    the cause, not "OperationalError"); anything else unchanged."""
    if isinstance(exc, (sqlite3.Error, OSError)):
        return classify(exc, path) or exc
    return exc


def schema_version() -> int:
    """The schema version this program writes: the number of migrations it knows."""
    return len(MIGRATION_NAMES)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; every write is in an explicit one.
    # A reader is a normal connection with query_only=ON (a mode=ro URI cannot create the WAL
    # index file and fails on a freshly checkpointed ledger).
    return sqlite3.connect(str(path), isolation_level=None, timeout=5.0)


def open_ledger(path: str | Path, *, user: str = "", read_only: bool = False, migrate: bool = True) -> Ledger:
    """Open (or create) the ledger at `path`, with the pragmas of DESIGN §3.

    Raises `NewerLedgerError` for a file written by a newer program, `NotALedgerError` for a
    file that is not a ledger, and `LedgerError` for one that cannot be opened at all.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise LedgerError(f"Không tìm thấy tệp sổ: {path}")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path, read_only)
        # Read-only questions first: a foreign database is refused before any pragma changes its header.
        is_new = _is_empty(conn)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if not is_new and app_id != APPLICATION_ID and not _has_our_migrations(conn):
            conn.close()
            raise ForeignDatabaseError(
                f"Tệp {path} là cơ sở dữ liệu của chương trình khác, không phải sổ Sổ Thi đua. Tệp không bị "
                "thay đổi. Hãy chọn đúng tệp sổ (thường tên là so-thi-dua.sqlite), hoặc một tên tệp mới để tạo sổ mới.")
        if not read_only:
            # WAL is a property of the file; FULL sync so a saved record survives a power cut.
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA cell_size_check=ON")
        if read_only:
            conn.execute("PRAGMA query_only=ON")
    except sqlite3.Error as exc:
        # SQLite's own words ("disk I/O error") are for the log; the clerk is told which of full disk,
        # read-only, locked or damaged it is — only the last is ever treated as damage.
        logging.getLogger(__name__).info("cannot open %s: %s", path, exc)
        if conn is not None:
            conn.close()
        raise classify(exc, path) or DamagedLedgerError(
            f"Tệp {path.name} không phải là sổ dữ liệu của Sổ Thi đua hoặc đã hỏng.") from exc

    # Accent folding for searches over small tables (rates, audit); big tables store a folded column.
    conn.create_function("vn_fold", 1, _fold, deterministic=True)
    try:
        applied = _applied_migrations(conn)
    except sqlite3.Error as exc:
        conn.close()
        err = classify(exc, path)
        if err is None:
            raise
        raise err from exc
    _check_not_newer(conn, applied, path)
    ledger = Ledger(conn=conn, path=path, user=user, read_only=read_only)
    if not read_only and migrate and set(MIGRATION_NAMES) - applied:
        _migrate(ledger, is_new)
    return ledger


def _migrate(ledger: Ledger, is_new: bool) -> None:
    conn, path = ledger.conn, ledger.path
    try:
        from db.migrations import migrations

        if not is_new:
            # A checked copy of the ledger as it was, before any migration touches it.
            from db.copies import backup_before_migration

            try:
                backup_before_migration(conn, path)
            except (OSError, sqlite3.Error, LedgerError) as exc:
                conn.close()
                cause = classify(exc, path)
                if isinstance(cause, DamagedLedgerError):
                    raise cause from exc  # damage is said as such: the start-up recovery looks for it
                kind = type(cause) if cause is not None else LedgerError
                raise kind(f"Không sao lưu được sổ {path.name} trước khi nâng cấp ({cause or exc}); "
                           "sổ chưa bị thay đổi.") from exc
        migrations.apply(ledger.db)
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={schema_version()}")
    except sqlite3.Error as exc:  # a full disk during the upgrade: said so, the ledger as it was
        conn.close()
        err = classify(exc, path)
        if err is None:
            raise
        raise err from exc


def _fold(text: str | None) -> str:
    return fold(text or "")


def _is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def _has_our_migrations(conn: sqlite3.Connection) -> bool:
    """A ledger that predates application_id, or a new one whose first migration was interrupted, has the
    migrations table of our set (or an empty one); another program's database does not."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if "_sqlite_migrations" not in names:
        return False
    sets = {r[0] for r in conn.execute("SELECT DISTINCT migration_set FROM _sqlite_migrations")}
    return MIGRATION_SET in sets or (not sets and names <= {"_sqlite_migrations"})


def _applied_migrations(conn: sqlite3.Connection) -> set[str]:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return set()
    return {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}


def _check_not_newer(conn: sqlite3.Connection, applied: set[str], path: Path) -> None:
    """The schema-version gate: refuse a file that a newer version of the program has migrated."""
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    unknown = applied - set(MIGRATION_NAMES)
    if user_version > schema_version() or unknown:
        conn.close()
        raise NewerLedgerError(
            f"Sổ {path.name} được tạo bởi phiên bản Sổ Thi đua mới hơn (lược đồ {user_version}, "
            f"phiên bản này hiểu đến {schema_version()}). Hãy cài phiên bản mới hơn để mở sổ này; "
            "sổ không bị thay đổi."
        )

