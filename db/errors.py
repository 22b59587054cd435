"""The errors of the ledger file, shared by the connection and the backups (messages in Vietnamese).

SQLite and the operating system say "database or disk is full", "attempt to write a readonly database",
"database is locked", "disk I/O error"; a clerk needs to know which of four different things happened and what
to do about each, and the program must never treat the first three as damage (a damaged ledger is set aside and
replaced from a backup; a full disk is not). `classify` turns such an exception into one of the classes below,
with a Vietnamese message naming the file and the cause.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path


class LedgerError(Exception):
    """A ledger file that cannot be used; the message is for the clerk, in Vietnamese."""


class NewerLedgerError(LedgerError):
    pass


class NotALedgerError(LedgerError):
    pass


class DamagedLedgerError(NotALedgerError):
    """SQLite itself reports damage (SQLITE_CORRUPT, SQLITE_NOTADB): the only case where the ledger may be set
    aside and replaced from a backup."""


class ForeignDatabaseError(NotALedgerError):
    """Another program's database: refused untouched, never made into a ledger."""


class DiskFullError(LedgerError):
    """No room left on the disk (SQLITE_FULL, ENOSPC): nothing was written; the ledger is sound."""


class ReadOnlyLedgerError(LedgerError):
    """The file or its folder cannot be written (SQLITE_READONLY, EACCES, EROFS): the ledger is sound."""


class LockedLedgerError(LedgerError):
    """Another program holds the file (SQLITE_BUSY after the wait, a Windows sharing violation)."""


class DiskIOError(LedgerError):
    """A read or write of the disk failed for another reason (a pulled USB stick, a dropped share)."""


# SQLite's primary result codes (sqlite.org/rescode.html); the extended code's low byte is the primary one.
_FULL, _READONLY, _PERM, _BUSY, _LOCKED, _CORRUPT, _NOTADB, _IOERR, _CANTOPEN = 13, 8, 3, 5, 6, 11, 26, 10, 14
# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION; ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL.
_WIN_LOCKED = (32, 33)
_WIN_FULL = (112, 39)
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}

# Below this much free space a "disk I/O error" is read as a full disk (SQLite cannot grow its -shm file).
LOW_SPACE = 4 * 1024 * 1024


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB".replace(",", " ").replace(".", ",")


def free_space(folder: Path) -> int | None:
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def full_message(path: Path, needed: int | None = None) -> str:
    free = free_space(Path(path).parent)
    room = f"còn trống {megabytes(free)}" if free is not None else "không còn chỗ trống"
    need = f", cần khoảng {megabytes(needed)}" if needed else ""
    return (f"Ổ đĩa chứa tệp {path} đã đầy ({room}{need}). Việc vừa làm chưa được ghi; sổ dữ liệu không bị "
            "thay đổi. Hãy xóa bớt tệp không cần trên ổ đĩa này (và dọn Thùng rác) rồi làm lại.")


def _readonly_message(path: Path) -> str:
    path = Path(path)
    if path.exists() and not _writable_file(path):
        where = f"tệp {path} chỉ cho phép đọc"
        fix = ("Hãy bỏ thuộc tính \"Chỉ đọc\" của tệp (chuột phải vào tệp → Properties → bỏ chọn Read-only), "
               "hoặc chép sổ vào thư mục có quyền ghi (ví dụ Tài liệu) rồi mở bản đó.")
    else:
        where = f"thư mục {path.parent} không cho phép ghi (chỉ đọc, hoặc tài khoản này không có quyền)"
        fix = ("Hãy chép sổ vào thư mục có quyền ghi (ví dụ Tài liệu) rồi mở bản đó, hoặc nhờ cán bộ tin học "
               "cấp quyền ghi cho thư mục.")
    return f"Không ghi được vào sổ {path}: {where}. Sổ dữ liệu không bị thay đổi. {fix}"


def _locked_message(path: Path) -> str:
    return (f"Sổ {path} đang bị một chương trình khác giữ (đã chờ mà chưa được nhả). Sổ dữ liệu không bị thay "
            "đổi. Hãy đóng chương trình đó — một cửa sổ Sổ Thi đua khác, một lệnh thidua đang chạy, phần mềm "
            "sao lưu hay đồng bộ (OneDrive, Google Drive) — rồi làm lại.")


def damaged_message(path: Path, detail: str) -> str:
    return (f"Tệp {path} bị hỏng hoặc không phải là sổ dữ liệu của Sổ Thi đua (SQLite báo: {detail}). Hãy ngừng "
            "nhập liệu và khôi phục từ bản sao lưu (Cài đặt → Khôi phục…, hoặc \"thidua restore\"); tệp hỏng "
            "được giữ lại, không bị xóa.")


def _io_message(path: Path, detail: str) -> str:
    return (f"Lỗi đọc/ghi ổ đĩa khi dùng tệp {path} ({detail}). Sổ dữ liệu không bị thay đổi. Hãy kiểm tra ổ "
            "đĩa (USB còn cắm chắc, ổ mạng còn kết nối) rồi làm lại.")


def _writable_file(path: Path) -> bool:
    """Opening for writing (without writing anything) is the real test: root ignores the mode bits, an
    immutable or locked file does not."""
    try:
        with open(path, "r+b"):
            return True
    except OSError:
        return False


def _probe_folder(folder: Path, size: int) -> type[LedgerError] | None:
    """What stops a write in `folder`: a full disk, a file-size limit or a read-only folder. A small file is
    made and removed; its last byte sits at `size` (the ledger's), where a size limit would stop the copy."""
    free = free_space(folder)
    if free is not None and free < LOW_SPACE:
        return DiskFullError
    try:
        with tempfile.TemporaryFile(dir=folder) as f:
            f.write(b"\0" * 65536)
            if size > 65536:  # sparse where the file system allows: no space is used
                f.seek(size)
                f.write(b"\0")
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        return _os_kind(exc)
    return None


def _size(path: Path) -> int:
    """How far a write to `path` may reach: the file and its -wal, plus 1 MiB of growth."""
    total = 1024 * 1024
    for p in (path, Path(f"{path}-wal")):
        try:
            total += p.stat().st_size
        except OSError:
            pass
    return total


def write_problem(path: str | Path) -> LedgerError | None:
    """Why nothing can be written beside the ledger at `path` (a full disk, a read-only folder), or None."""
    path = Path(path)
    kind = _probe_folder(path.parent, 0)
    if kind is DiskFullError:
        return DiskFullError(full_message(path))
    if kind is ReadOnlyLedgerError:
        return ReadOnlyLedgerError(_readonly_message(path))
    return None


def _os_kind(exc: OSError) -> type[LedgerError] | None:
    winerror = getattr(exc, "winerror", None)
    if winerror in _WIN_LOCKED:
        return LockedLedgerError
    if winerror in _WIN_FULL or exc.errno in _FULL_ERRNOS:
        return DiskFullError
    if exc.errno in _READONLY_ERRNOS:
        return ReadOnlyLedgerError
    return None


def _sqlite_kind(exc: sqlite3.Error, path: Path) -> type[LedgerError] | None:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _FULL or "disk is full" in text:
        return DiskFullError
    if primary in (_READONLY, _PERM) or "readonly" in text or "read-only" in text:
        return ReadOnlyLedgerError
    if primary in (_BUSY, _LOCKED) or "is locked" in text or "database is busy" in text:
        return LockedLedgerError
    if primary in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text or "corrupt" in text:
        return DamagedLedgerError
    if primary in (_IOERR, _CANTOPEN) or "disk i/o error" in text or "unable to open" in text:
        path = Path(path)
        if path.exists() and not _writable_file(path):
            return ReadOnlyLedgerError
        return _probe_folder(path.parent, _size(path)) or DiskIOError
    return None


def classify(exc: BaseException, path: str | Path) -> LedgerError | None:
    """The ledger error that `exc` (a sqlite3 or OS error met while using the file at `path`) really is, with
    its Vietnamese message; None when it is none of these (a program error, left to the caller)."""
    if isinstance(exc, LedgerError):
        return exc
    path = Path(path)
    if isinstance(exc, sqlite3.Error):
        kind = _sqlite_kind(exc, path)
    elif isinstance(exc, OSError):
        kind = _os_kind(exc)
        if exc.filename:
            path = Path(exc.filename)
    else:
        return None
    detail = str(exc) if not isinstance(exc, OSError) else (exc.strerror or str(exc))
    if kind is DiskFullError:
        return DiskFullError(full_message(path))
    if kind is ReadOnlyLedgerError:
        return ReadOnlyLedgerError(_readonly_message(path))
    if kind is LockedLedgerError:
        return LockedLedgerError(_locked_message(path))
    if kind is DamagedLedgerError:
        return DamagedLedgerError(damaged_message(path, detail))
    if kind is DiskIOError:
        return DiskIOError(_io_message(path, detail))
    return None


def is_damage(exc: BaseException) -> bool:
    """True only when SQLite says the file itself is damaged (never for a full, read-only or locked file)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    if isinstance(code, int):
        return code & 0xFF in (_CORRUPT, _NOTADB)
    return "malformed" in text or "not a database" in text or "corrupt" in text
