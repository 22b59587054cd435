"""Data safety services: back up now, preview and restore a backup, check, set a damaged ledger aside.

Small functions over db/backup.py, shared by the GUI (run on the database worker) and the CLI.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from db import backup, copies
from db.connection import Ledger, open_ledger
from db.errors import LedgerError
from desktop.core.ledger import audit, integrity


def backup_now(ledger: Ledger, dest: Path | None = None) -> Path:
    """A manual backup ("thu-cong"), checked and written safely. `dest` may be a file, or a folder
    (a USB stick) that receives a file named like the automatic ones; default: the backup folder."""
    if dest is None:
        return backup.auto_backup(ledger, "thu-cong")  # type: ignore[return-value]  # never skipped
    dest = Path(dest)
    if dest.is_dir():
        dest = copies.unused_name(dest / copies.backup_name(ledger.path, "thu-cong"))
    return copies.write_backup(ledger.conn, dest)


def preview(backup_path: Path) -> dict[str, Any]:
    """Unit, time, counts and newest change of a backup; LedgerError for a damaged/foreign/newer file."""
    return backup.verify_backup(Path(backup_path))


def restore_from(ledger_path: Path, backup_path: Path, user: str = "", *, set_aside: Path | None = None,
                 reason: str = "truoc-khoi-phuc", summary: str | None = None) -> Path | None:
    """Replace the ledger by the backup (no connection to it may be open) and record it in the
    restored ledger's history. Returns the safety backup of the previous state — or, when the
    previous ledger was damaged and had been (or is now) set aside, the set-aside file."""
    ledger_path = Path(ledger_path)
    backup_path = Path(backup_path)
    info = backup.verify_backup(backup_path)
    if set_aside is None and ledger_path.exists() and not _readable(ledger_path):
        set_aside = set_aside_damaged(ledger_path)
    kept = backup.restore(ledger_path, backup_path, reason)
    restored = open_ledger(ledger_path, user=user)
    try:
        if not restored.user:
            row = restored.conn.execute("SELECT user_name FROM unit WHERE id = 1").fetchone()
            restored.user = (row[0] if row else "") or ""
        with restored.transaction():
            audit.record(restored, "restore", "ledger",
                         summary or f"Khôi phục từ bản sao lưu {backup_path.name}, lập lúc {info['file_time']}")
    finally:
        restored.close()
    return kept or set_aside


def _readable(path: Path) -> bool:
    try:
        led = open_ledger(path, read_only=True)
    except LedgerError:
        return False
    try:
        return not integrity.quick_check(led)
    except sqlite3.DatabaseError:
        return False
    finally:
        led.close()


def check(ledger: Ledger) -> list[str]:
    """Everything worth checking (integrity_check, foreign keys, money); empty means sound."""
    return integrity.full_check(ledger)


def set_aside_damaged(ledger_path: Path) -> Path:
    """Move a damaged ledger (and its -wal/-shm) to `<name>.hong-<timestamp>`. Never deletes."""
    ledger_path = Path(ledger_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = ledger_path.with_name(f"{ledger_path.name}.hong-{stamp}")
    n = 2
    while aside.exists():
        aside = ledger_path.with_name(f"{ledger_path.name}.hong-{stamp}-{n}")
        n += 1
    # Sidecars first: a -wal left beside a new main file would be replayed onto it.
    for extra in ("-wal", "-shm", "-journal"):
        src = Path(f"{ledger_path}{extra}")
        if src.exists():
            os.replace(src, Path(f"{aside}{extra}"))
    os.replace(ledger_path, aside)
    copies.fsync_dir(ledger_path.parent)
    return aside


def newest_good_backup(ledger_path: Path) -> Path | None:
    """The newest backup in the ledger's backup folder that passes quick_check and is a ledger."""
    for info in backup.list_backups(ledger_path):
        try:
            backup.verify_backup(info.path)
        except LedgerError:
            continue
        return info.path
    return None


def newest_backup(ledger_path: Path) -> backup.BackupInfo | None:
    found = backup.list_backups(ledger_path)
    return found[0] if found else None


FULL_CHECK_EVERY = 7 * 24 * 3600  # seconds: integrity_check reads every page, so once a week


def _full_check_marker(ledger_path: Path) -> Path:
    return copies.backup_dir(ledger_path) / ".kiem-tra-day-du"


def full_check_if_due(ledger: Ledger, now: float | None = None) -> list[str] | None:
    """The weekly integrity_check + foreign_key_check; None when one ran in the last 7 days.
    The marker is only written after a clean check, so a damaged ledger is checked again."""
    import time

    now = time.time() if now is None else now
    marker = _full_check_marker(ledger.path)
    if marker.exists() and now - marker.stat().st_mtime < FULL_CHECK_EVERY:
        return None
    problems = check(ledger)
    if not problems:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(now), encoding="utf-8")
        os.utime(marker, (now, now))
    return problems


def start_new_ledger(ledger_path: Path, new_ledger: Path, user: str = "") -> Path | None:
    """Put a freshly declared ledger (built at `new_ledger`) in place of the current one, which is kept
    in the backups ("truoc-so-moi") and can be brought back with Khôi phục…. Returns that backup."""
    return restore_from(ledger_path, new_ledger, user, reason="truoc-so-moi",
                        summary="Tạo sổ mới; sổ trước đó được cất trong thư mục sao lưu")
