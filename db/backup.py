"""Backups of the ledger: safe copies, rotation, preview and restore (DESIGN §3, reliability-perf §2).

Every copy goes through `write_backup`: the SQLite online backup API (consistent even while
another connection writes in WAL mode, never a plain file copy) into a temporary file beside the
destination, `PRAGMA quick_check` on the copy, fsync, `os.replace` to the final name, fsync of the
folder. A failure at any step removes the temporary and leaves the final name as it was.

A copy is switched to journal_mode=DELETE, so a backup is one self-contained file (no -wal/-shm
to forget when it is carried on a USB stick).

"Nothing changed since the newest backup" (reasons khi-dong and dinh-ky) is decided by comparing
a fingerprint computed the same way from the ledger and from the newest backup file itself: the
tail of the audit trail (count, newest id and that row's time/action/summary) plus, for every
record table, its row count and newest updated_at/created_at. Every change a clerk makes writes an
audit row in its own transaction, and the per-table part catches a change that did not; a restore
appends an audit row, so a restored ledger never looks like the safety backup made before it.
No sidecar file is needed, and a lost or damaged backup simply counts as "changed".
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from db.connection import APPLICATION_ID, Ledger, open_ledger, schema_version
from db.copies import (
    TMP_MARK,
    backup_dir,
    backup_name,
    fsync_dir,
    needed_space,
    parse_backup_name,
    remove_quietly,
    require_space,
    run_quick_check,
    tmp_name,
    write_backup,
    write_checked_copy,
)
from db.errors import LedgerError, NotALedgerError

REASONS = ("truoc-nang-cap", "khi-dong", "dinh-ky", "truoc-khoi-phuc", "thu-cong", "truoc-nhap")
SKIP_WHEN_UNCHANGED = ("khi-dong", "dinh-ky")

# Rotation (Anki's rhythm): everything from the last 24 hours, then one per day / ISO week / month.
KEEP_RECENT = timedelta(hours=24)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9

_RECORD_TABLES = ("unit", "groups", "contributors", "works", "rates", "contributions", "movements")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    time: datetime
    reason: str
    size: int


def list_backups(ledger_path: str | Path) -> list[BackupInfo]:
    """The backups of this ledger in its backup folder, newest first."""
    folder = backup_dir(ledger_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        parsed = parse_backup_name(p.name)
        if parsed and p.is_file():
            found.append(BackupInfo(path=p, time=parsed[0], reason=parsed[1], size=p.stat().st_size))
    return sorted(found, key=lambda b: (b.time, b.path.stat().st_mtime_ns, b.path.name), reverse=True)


# --- automatic backups --------------------------------------------------------------------------


def fingerprint(conn: sqlite3.Connection) -> str:
    """What the ledger holds, in a few cheap queries (see the module docstring)."""
    parts: list[Any] = []
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "audit" in tables:
        parts.append(conn.execute("SELECT count(*), max(id) FROM audit").fetchone())
        parts.append(conn.execute(
            "SELECT id, at, action, table_name, record_id, summary FROM audit ORDER BY id DESC LIMIT 1").fetchone())
    for table in _RECORD_TABLES:
        if table not in tables:
            continue
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        stamp = "max(coalesce(updated_at, created_at))" if "updated_at" in cols else "max(created_at)"
        parts.append((table, *conn.execute(f"SELECT count(*), {stamp} FROM {table}").fetchone()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _file_fingerprint(path: Path) -> str | None:
    try:
        led = open_ledger(path, read_only=True)
    except LedgerError:
        return None
    try:
        return fingerprint(led.conn)
    except sqlite3.DatabaseError:
        return None
    finally:
        led.close()


def unchanged_since_newest(ledger: Ledger) -> bool:
    backups = list_backups(ledger.path)
    if not backups:
        return False
    return _file_fingerprint(backups[0].path) == fingerprint(ledger.conn)


def auto_backup(ledger: Ledger, reason: str) -> Path | None:
    """A backup in the ledger's backup folder, then rotation. None when skipped (nothing changed)."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if reason in SKIP_WHEN_UNCHANGED and unchanged_since_newest(ledger):
        return None
    folder = backup_dir(ledger.path)
    now = datetime.now()
    dest = write_backup(ledger.conn, folder / backup_name(ledger.path, reason, now), keep_others=True)
    rotate(folder, now)
    return dest


# --- rotation -------------------------------------------------------------------------------------


def plan_rotation(items: list[tuple[str, datetime]], now: datetime) -> dict[str, list[str]]:
    """Which names to keep, by tier ("recent", "daily", "weekly", "monthly"), and which to "delete".

    Newest first: everything younger than 24 hours (or dated in the future: a clock was wrong) is
    kept. Each older backup is then kept in the first tier that still has room and where no newer
    kept backup shares its period: daily (12 days), weekly (10 ISO weeks), monthly (9 months). So
    the daily tier holds the newest backup of each of the 12 most recent days that have one, the
    weekly tier reaches back 10 more weeks, the monthly one 9 months. Pure: no file access.
    """
    plan: dict[str, list[str]] = {"recent": [], "daily": [], "weekly": [], "monthly": [], "delete": []}
    days: set = set()
    weeks: set = set()
    months: set = set()
    for name, when in sorted(items, key=lambda x: (x[1], x[0]), reverse=True):
        day, week, month = when.date(), when.isocalendar()[:2], (when.year, when.month)
        if now - when < KEEP_RECENT:
            tier = "recent"
        elif day not in days and len(plan["daily"]) < KEEP_DAILY:
            tier = "daily"
        elif week not in weeks and len(plan["weekly"]) < KEEP_WEEKLY:
            tier = "weekly"
        elif month not in months and len(plan["monthly"]) < KEEP_MONTHLY:
            tier = "monthly"
        else:
            tier = "delete"
        plan[tier].append(name)
        if tier in ("daily", "weekly", "monthly"):
            days.add(day)
            weeks.add(week)
            months.add(month)
    return plan


def rotate(folder: str | Path, now: datetime | None = None) -> dict[str, list[str]]:
    """Delete the backups in `folder` that the plan does not keep. Files that are not backups by
    name are never touched, except temporaries left by a crash more than a day ago."""
    folder = Path(folder)
    now = now or datetime.now()
    if not folder.is_dir():
        return plan_rotation([], now)
    items = []
    for p in folder.iterdir():
        parsed = parse_backup_name(p.name)
        if parsed and p.is_file():
            items.append((p.name, parsed[0]))
        elif TMP_MARK in p.name:
            try:  # another process's copy in progress may finish (or its journal go) between listing and here
                stale = p.is_file() and now.timestamp() - p.stat().st_mtime > KEEP_RECENT.total_seconds()
            except FileNotFoundError:
                continue
            if stale:
                p.unlink(missing_ok=True)
    plan = plan_rotation(items, now)
    for name in plan["delete"]:
        (folder / name).unlink(missing_ok=True)
    return plan


# --- preview and restore ----------------------------------------------------------------------------


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t} WHERE deleted_at IS NULL").fetchone()[0]
            for t in ("groups", "contributors", "works", "contributions")}


def describe_backup(path: str | Path) -> dict[str, Any]:
    """What a backup holds, for the restore preview. Raises a Vietnamese LedgerError for a damaged,
    foreign or newer file."""
    path = Path(path)
    if not path.is_file():
        raise LedgerError(f"Không tìm thấy tệp sao lưu: {path}")
    try:
        led = open_ledger(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        raise NotALedgerError(f"Bản sao lưu {path.name} bị hỏng hoặc không đọc được ({exc}).") from exc
    try:
        try:
            problems = run_quick_check(led.conn)
            if problems:
                raise NotALedgerError(f"Bản sao lưu {path.name} bị hỏng ({'; '.join(problems[:3])}).")
            app_id = led.conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in led.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if app_id != APPLICATION_ID or not {"unit", "audit", "groups", "contributions"} <= tables:
                raise NotALedgerError(f"Tệp {path.name} không phải là bản sao lưu sổ Sổ Thi đua.")
            unit = led.conn.execute("SELECT name, code FROM unit WHERE id = 1").fetchone()
            last_change = led.conn.execute("SELECT max(at) FROM audit").fetchone()[0]
            info = {
                "path": path,
                "unit_name": unit[0] if unit else "",
                "unit_code": (unit[1] if unit else "") or "",
                "file_time": _file_time(path),
                "last_change": _local_time(last_change),
                "counts": _counts(led.conn),
                "schema_version": led.conn.execute("PRAGMA user_version").fetchone()[0],
            }
        except sqlite3.DatabaseError as exc:
            raise NotALedgerError(f"Bản sao lưu {path.name} bị hỏng hoặc không đọc được ({exc}).") from exc
    finally:
        led.close()
    return info


def _local_time(iso: str | None) -> str:
    """An audit timestamp as a clerk reads it, in this computer's time zone."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%H:%M:%S ngày %d/%m/%Y")


def _file_time(path: Path) -> str:
    parsed = parse_backup_name(path.name)
    when = parsed[0] if parsed else datetime.fromtimestamp(path.stat().st_mtime)
    return when.strftime("%H:%M:%S ngày %d/%m/%Y")


def verify_backup(path: str | Path) -> dict[str, Any]:
    """describe_backup, plus: not from a newer program (open_ledger already refuses those)."""
    info = describe_backup(path)
    if info["schema_version"] > schema_version():
        raise LedgerError(f"Bản sao lưu {Path(path).name} được tạo bởi phiên bản Sổ Thi đua mới hơn.")
    return info


def _size_with_wal(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def _device(folder: Path) -> int | None:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return folder.stat().st_dev
    except OSError:
        return None


def require_restore_space(ledger_path: Path, backup_path: Path) -> None:
    """DiskFullError before anything is touched when the restore could not finish: it writes the safety copy
    of the current ledger into the backup folder and the restored copy beside the ledger."""
    ledger_path, backup_path = Path(ledger_path), Path(backup_path)
    restored = backup_path.stat().st_size
    current = _size_with_wal(ledger_path)
    here, aside = ledger_path.parent, backup_dir(ledger_path)
    if _device(here) == _device(aside):
        require_space(here, needed_space(restored + current), f"khôi phục sổ {ledger_path.name}")
    else:
        require_space(here, needed_space(restored), f"khôi phục sổ {ledger_path.name}")
        require_space(aside, needed_space(current), f"cất bản sao của sổ {ledger_path.name} trước khi khôi phục")


def restore(ledger_path: str | Path, backup_path: str | Path, reason: str = "truoc-khoi-phuc") -> Path | None:
    """Put the backup in place of the ledger. No connection to the ledger may be open.

    The backup is verified first; a damaged, foreign or newer one raises LedgerError and nothing
    changes. The current ledger (if there is one) is backed up ("truoc-khoi-phuc") before it is
    replaced; the path of that safety backup is returned.
    """
    ledger_path = Path(ledger_path)
    backup_path = Path(backup_path)
    verify_backup(backup_path)
    require_restore_space(ledger_path, backup_path)
    safety: Path | None = None
    if ledger_path.exists():
        current = open_ledger(ledger_path, read_only=True)
        try:
            safety = write_backup(current.conn, backup_dir(ledger_path) / backup_name(ledger_path, reason),
                                  keep_others=True)
        finally:
            current.close()
    source = open_ledger(backup_path, read_only=True)
    tmp = tmp_name(ledger_path)
    try:
        try:
            write_checked_copy(source.conn, tmp)
        finally:
            source.close()
        # The old -wal must go before the new main file arrives: SQLite would replay it onto it.
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{ledger_path}{extra}").unlink(missing_ok=True)
        os.replace(tmp, ledger_path)
    except BaseException:
        remove_quietly(tmp)
        raise
    fsync_dir(ledger_path.parent)
    return safety
