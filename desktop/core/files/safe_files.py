"""Writing a file the clerk will carry away (a PDF, a workbook, a handoff file) so it is whole or absent.

Temporary name in the target folder → write → flush → fsync → rename → fsync the folder → read back
and compare the SHA-256. A full disk, a read-only stick or a stick pulled out gives a Vietnamese
message and leaves nothing under the final name.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import UserError

# Test hook: called with the name of each step ("write", "fsync", "rename", "verify").
fault_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if fault_hook is not None:
        fault_hook(name)


def _message(path: Path, exc: OSError) -> str:
    code = exc.errno
    if code == errno.ENOSPC:
        why = "ổ đĩa đã đầy. Hãy xóa bớt tệp hoặc chọn ổ khác"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "ổ đĩa hoặc thư mục chỉ cho đọc, hoặc không có quyền ghi. Hãy chọn thư mục khác"
    elif code in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO):
        why = "không truy cập được ổ đĩa (USB bị rút ra hoặc lỗi). Hãy cắm lại và thử lần nữa"
    else:
        why = exc.strerror or str(exc)
    return f"Không ghi được tệp {path}: {why}. Chưa có tệp nào được tạo dưới tên này."


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` atomically and verified; raise UserError on any failure."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    renamed = False
    try:
        if not path.parent.is_dir():
            raise UserError(f"Không có thư mục {path.parent}. Hãy chọn thư mục khác.")
        with open(tmp, "wb") as fh:
            _step("write")
            fh.write(data)
            fh.flush()
            _step("fsync")
            os.fsync(fh.fileno())
        _step("rename")
        os.replace(tmp, path)
        renamed = True
        _fsync_dir(path.parent)
        _step("verify")
        if hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(data).digest():
            raise UserError(f"Tệp {path} ghi ra không khớp khi đọc lại (ổ đĩa lỗi?). Tệp hỏng đã được xóa; "
                            "hãy thử lại hoặc chọn ổ khác.")
    except BaseException as exc:
        # Whatever failed, nothing half-written or unverified stays under either name.
        _remove_quietly(tmp)
        if renamed:
            _remove_quietly(path)
        if isinstance(exc, OSError):
            raise UserError(_message(path, exc)) from exc
        raise
    return path


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
