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
from db.errors import DamagedLedgerError, LedgerError, is_damage
from desktop.core.errors import UserError
from desktop.core.ledger import audit, integrity


class OtherUnitError(UserError):
    """The backup is another unit's ledger (the province's over a ward's): refused unless asked explicitly."""

    def __init__(self, message: str, current: str, other: str) -> None:
        super().__init__(message)
        self.current = current
        self.other = other


def backup_now(ledger: Ledger, dest: Path | None = None) -> Path:
    """A manual backup ("thu-cong"), checked and written safely. `dest` may be a file, or a folder
    (a USB stick) that receives a file named like the automatic ones; default: the backup folder."""
    if dest is None:
        return backup.auto_backup(ledger, "thu-cong")  # type: ignore[return-value]  # never skipped
    dest = Path(dest)
    if dest.is_dir():
        # Named like the automatic ones; two backups to the stick in the same second keep both (atomic name).
        return copies.write_backup(ledger.conn, dest / copies.backup_name(ledger.path, "thu-cong"), keep_others=True)
    return copies.write_backup(ledger.conn, dest)


def preview(backup_path: Path) -> dict[str, Any]:
    """Unit, time, counts and newest change of a backup; LedgerError for a damaged/foreign/newer file."""
    return backup.verify_backup(Path(backup_path))


def restore_from(ledger_path: Path, backup_path: Path, user: str = "", *, set_aside: Path | None = None,
                 reason: str = "truoc-khoi-phuc", summary: str | None = None, other_unit: bool = False) -> Path | None:
    """Replace the ledger by the backup (no connection to it may be open) and record it in the
    restored ledger's history. Returns the safety backup of the previous state — or, when the
    previous ledger was damaged and had been (or is now) set aside, the set-aside file.

    Refused before anything is touched: a backup that is damaged or foreign, a disk without room for the
    whole restore, another unit's ledger unless `other_unit`. The current ledger is set aside only when
    SQLite proves it damaged; a full, read-only or locked one raises its own LedgerError instead."""
    ledger_path = Path(ledger_path)
    backup_path = Path(backup_path)
    info = backup.verify_backup(backup_path)
    backup.require_restore_space(ledger_path, backup_path)
    problem = damage_found(ledger_path) if set_aside is None and ledger_path.exists() else None
    if problem is None and not other_unit and ledger_path.exists():
        _refuse_other_unit(ledger_path, backup_path, info)
    if problem is not None:
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


def _unit_of(path: Path) -> tuple[str, str] | None:
    led = open_ledger(path, read_only=True)
    try:
        row = led.conn.execute("SELECT name, code FROM unit WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # a ledger not yet migrated that far: no unit to compare
        return None
    finally:
        led.close()
    return (row[0] or "", row[1] or "") if row else None


def _refuse_other_unit(ledger_path: Path, backup_path: Path, info: dict[str, Any]) -> None:
    current = _unit_of(ledger_path)
    other = (info.get("unit_name") or "", info.get("unit_code") or "")
    if current is None or not any(other) or not any(current):
        return
    same = current[1] == other[1] if current[1] and other[1] else current[0] == other[0]
    if same:
        return
    here = f"{current[0]} (mã {current[1]})" if current[1] else current[0]
    there = f"{other[0]} (mã {other[1]})" if other[1] else other[0]
    raise OtherUnitError(
        f"Bản sao lưu {backup_path.name} là sổ của {there}, không phải của {here} đang dùng. Khôi phục sẽ thay "
        f"toàn bộ sổ của {current[0]} bằng sổ của {other[0]}. Chưa làm gì. Nếu đúng là muốn vậy, hãy chọn lại "
        "và xác nhận (dòng lệnh: thêm --other-unit).", here, there)


def damage_found(path: Path) -> str | None:
    """What SQLite finds wrong with the ledger file, or None when it reads well. A file that cannot be opened
    for another reason (a full disk, a read-only folder, another program holding it) raises that LedgerError:
    only proven damage may ever lead to setting a ledger aside."""
    try:
        led = open_ledger(path, read_only=True)
    except DamagedLedgerError as exc:
        return str(exc)
    try:
        problems = integrity.quick_check(led)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise
    finally:
        led.close()
    return "; ".join(problems[:3]) if problems else None


def restore_damaged(ledger_path: Path, backup_path: Path, user: str = "") -> Path:
    """The start-up recovery: set the damaged ledger aside (never deleted) and put the backup in its place.
    Refused, with the ledger left where it is, unless SQLite proves it damaged and the disk can hold the
    restore; if the restore still fails, the set-aside file is put back. Returns the set-aside file."""
    ledger_path, backup_path = Path(ledger_path), Path(backup_path)
    backup.verify_backup(backup_path)
    if damage_found(ledger_path) is None:
        raise LedgerError(f"Sổ {ledger_path} đọc được bình thường, không bị hỏng: không thay bằng bản sao lưu. "
                          "Sổ không bị đổi tên hay thay đổi.")
    backup.require_restore_space(ledger_path, backup_path)
    aside = set_aside_damaged(ledger_path)
    try:
        restore_from(ledger_path, backup_path, user, set_aside=aside)
    except BaseException:
        _put_back(aside, ledger_path)
        raise
    return aside


def _put_back(aside: Path, ledger_path: Path) -> None:
    """Undo set_aside_damaged after a failed restore: a damaged ledger in place beats no ledger at all."""
    if ledger_path.exists():
        return  # the restore did finish its replace; keep what is there
    for extra in ("-wal", "-shm", "-journal"):
        src = Path(f"{aside}{extra}")
        if src.exists():
            os.replace(src, Path(f"{ledger_path}{extra}"))
    os.replace(aside, ledger_path)
    copies.fsync_dir(ledger_path.parent)


def check(ledger: Ledger) -> list[str]:
    """Everything worth checking (integrity_check, foreign keys, money); empty means sound."""
    return integrity.full_check(ledger)


def set_aside_damaged(ledger_path: Path) -> Path:
    """Move a damaged ledger (and its -wal/-shm) to `<name>.hong-<timestamp>`. Never deletes. Callers prove
    the damage first (`damage_found`, `restore_damaged`): a full disk or a locked file is not damage."""
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
    return restore_from(ledger_path, new_ledger, user, reason="truoc-so-moi", other_unit=True,
                        summary="Tạo sổ mới; sổ trước đó được cất trong thư mục sao lưu")
