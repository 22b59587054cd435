"""The safe copy of a live ledger (DESIGN §3, reliability-perf §2) and where backups live and are named.

`write_backup`: the SQLite online backup API (consistent even while another connection writes in WAL mode,
never a plain file copy) into a temporary file beside the destination, `PRAGMA quick_check` on the copy,
fsync, `os.replace` to the final name, fsync of the folder. A failure at any step removes the temporary and
leaves the final name as it was. `db.connection` uses it for the backup before a migration; `db.backup` for
everything else.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from db.errors import DiskFullError, LedgerError, classify, free_space, is_damage, megabytes

BACKUPS_FOLDER = "backups"

_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<date>\d{8})-(?P<time>\d{6})-(?P<reason>[a-z-]+?)(?:-(?P<n>\d+))?\.sqlite$")
TMP_MARK = ".tmp-"

# Test hooks: each is called with the name of the step of `write_backup` just done
# ("copy", "check", "fsync", "rename"); raising from a hook simulates a failure there.
FAULT_HOOKS: list[Callable[[str], None]] = []


def _step(name: str) -> None:
    for hook in list(FAULT_HOOKS):
        hook(name)


# --- the safe write ---------------------------------------------------------------------------


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only a writable handle
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable. Windows cannot open a folder for fsync (NTFS journals renames)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def run_quick_check(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else rows


def remove_quietly(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def write_checked_copy(conn: sqlite3.Connection, tmp: Path) -> None:
    """Backup API → tmp, quick_check, DELETE journal mode, close, fsync. Raises on any problem."""
    target = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        conn.backup(target)
        _step("copy")
        problems = run_quick_check(target)
        _step("check")
        if problems:
            raise LedgerError(f"Bản sao vừa chép không đạt kiểm tra ({'; '.join(problems[:3])}); chưa lưu bản sao.")
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    fsync_file(tmp)
    _step("fsync")


def tmp_name(dest: Path) -> Path:
    return dest.with_name(f"{dest.name}{TMP_MARK}{secrets.token_hex(4)}")


# Room kept free beyond the copy itself: SQLite's journal of the copy, and the clerk's next save.
SPACE_MARGIN = 8 * 1024 * 1024


def needed_space(size: int) -> int:
    return size + max(SPACE_MARGIN, size // 10)


def require_space(folder: Path, needed: int, what: str) -> None:
    """Refuse before starting a copy that the disk cannot hold (a half-written copy helps nobody, and a
    restore that stops half-way must never be begun). `what` says what was to be written, for the message."""
    free = free_space(folder)
    if free is not None and free < needed:
        raise DiskFullError(
            f"Không đủ chỗ trống trên ổ đĩa chứa {folder} để {what}: cần khoảng {megabytes(needed)}, ổ đĩa chỉ "
            f"còn {megabytes(free)}. Chưa làm gì; sổ dữ liệu không bị thay đổi. Hãy xóa bớt tệp không cần trên "
            "ổ đĩa này (và dọn Thùng rác), hoặc chọn ổ đĩa khác, rồi làm lại.")


def database_size(conn: sqlite3.Connection) -> int:
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    return conn.execute("PRAGMA page_count").fetchone()[0] * page_size


def _source_path(conn: sqlite3.Connection) -> Path:
    try:
        return Path(conn.execute("PRAGMA database_list").fetchone()[2])
    except sqlite3.Error:
        return Path("sổ dữ liệu")


def write_backup(conn: sqlite3.Connection, dest: Path, *, keep_others: bool = False) -> Path:
    """Copy the live ledger behind `conn` to `dest`, checked and durable, or leave `dest` untouched. Returns the
    copy's path. keep_others: never replace a file — when `dest` is taken (another backup of the same second, by
    another window or command), the copy takes dest-2, dest-3…, chosen atomically (`claim_name`)."""
    dest = Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err = classify(exc, dest)
        if err is None:
            raise
        raise err from exc
    require_space(dest.parent, needed_space(database_size(conn)), f"ghi bản sao {dest.name}")
    tmp = tmp_name(dest)
    try:
        write_checked_copy(conn, tmp)
        _step("rename")
        if keep_others:
            dest = claim_name(tmp, dest)
        else:
            os.replace(tmp, dest)
    except BaseException as exc:
        remove_quietly(tmp)
        # A full or read-only destination (a USB stick) is said in Vietnamese, naming the copy.
        # Damage is the source's (the ledger behind `conn`), anything else the destination's.
        where = _source_path(conn) if is_damage(exc) else dest
        err = classify(exc, where) if isinstance(exc, (OSError, sqlite3.Error)) else None
        if err is None or err is exc:
            raise
        raise err from exc
    fsync_dir(dest.parent)
    return dest


# --- where backups live and what they are called ------------------------------------------------


def backup_dir(ledger_path: str | Path) -> Path:
    ledger_path = Path(ledger_path)
    return ledger_path.parent / BACKUPS_FOLDER / ledger_path.stem


def backup_name(ledger_path: str | Path, reason: str, when: datetime | None = None) -> str:
    when = when or datetime.now()
    return f"{Path(ledger_path).stem}-{when:%Y%m%d-%H%M%S}-{reason}.sqlite"


def _numbered(path: Path, n: int) -> Path:
    return path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")


def claim_name(tmp: Path, dest: Path) -> Path:
    """Give the finished file `tmp` the name `dest`, or dest-2, dest-3… when taken, never replacing a file. Checking
    a name then renaming onto it is not atomic (two backups in the same second both took the same name and one
    was lost); a hard link fails when the name exists, so the check and the taking are one step. Where a folder
    cannot hold hard links (a FAT32 stick), an O_EXCL reservation of the name does the same, then the rename."""
    for n in range(1, 10_000):
        candidate = _numbered(dest, n)
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            continue
        except OSError:
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                continue
            os.replace(tmp, candidate)  # onto our own empty reservation only
            return candidate
        remove_quietly(tmp)
        return candidate
    raise FileExistsError(f"Thư mục {dest.parent} đã có quá nhiều bản sao tên {dest.name}.")


def unused_name(path: Path) -> Path:
    """A name not used yet: add -2, -3… (only a hint: another writer may take it before us — a backup is
    written with `write_backup(..., keep_others=True)`, which chooses its final name atomically)."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    m = _NAME_RE.match(name)
    if not m:
        return None
    try:
        when = datetime.strptime(m["date"] + m["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return when, m["reason"]


def backup_before_migration(conn: sqlite3.Connection, ledger_path: Path) -> Path:
    folder = backup_dir(ledger_path)
    return write_backup(conn, folder / backup_name(ledger_path, "truoc-nang-cap"), keep_others=True)
