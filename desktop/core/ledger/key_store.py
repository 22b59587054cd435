"""Where the ward's private signing key lives: one key file per unit and key in the user's data folder
(`<data folder>/khoa/<unit code>-<fingerprint>.key`), never in the ledger — so a backup of the ledger (a USB
stick, a copy sent for help) cannot sign as the ward (issue 19, fault 9).

On Windows the key is sealed with DPAPI (CryptProtectData, user scope, no UI): only the same Windows account
on the same PC can open it. Elsewhere the file is the owner's only (0600 in a 0700 folder). Either way it is
written to a temporary name, fsynced, renamed, then read back and checked against the public key.
THIDUA_KEY_DIR points the folder elsewhere (tests, a portable install).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.copies import fsync_dir
from desktop import paths
from desktop.core.errors import UserError

KEY_DIR_ENV = "THIDUA_KEY_DIR"
KEY_FOLDER = "khoa"
FILE_FORMAT = "thidua-signing-key"
MAX_FILE_BYTES = 16 * 1024
CRYPTPROTECT_UI_FORBIDDEN = 0x1


class KeyFileError(UserError):
    """The key file is missing, unreadable or not the registered key: `state` says which."""

    def __init__(self, message: str, state: str, path: Path) -> None:
        super().__init__(message)
        self.state, self.path = state, path


def key_dir() -> Path:
    env = os.environ.get(KEY_DIR_ENV)
    return Path(env).expanduser() if env else paths.data_dir() / KEY_FOLDER


@contextmanager
def keys_kept_in(folder: Path) -> Iterator[None]:
    """Throw-away ledgers (the self-test's, the upper demo's source wards) keep their keys in `folder`, never in
    the clerk's key folder."""
    before = os.environ.get(KEY_DIR_ENV)
    os.environ[KEY_DIR_ENV] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(KEY_DIR_ENV, None)
        else:
            os.environ[KEY_DIR_ENV] = before


def _compact(fingerprint: str) -> str:
    return fingerprint.replace(" ", "").upper()


def key_path(code: str, fingerprint: str) -> Path:
    safe_code = "".join(ch for ch in code if ch.isalnum() or ch in "-_") or "donvi"
    return key_dir() / f"{safe_code}-{_compact(fingerprint)}.key"


def find(code: str, fingerprint: str) -> Path:
    """The key file of this key: by unit code and fingerprint, or by fingerprint alone (the unit's code was
    edited after the key was made). The expected path when there is none."""
    path = key_path(code, fingerprint)
    if path.exists():
        return path
    others = sorted(key_dir().glob(f"*-{_compact(fingerprint)}.key")) if key_dir().is_dir() else []
    return others[0] if others else path


# --------------------------------------------------------------------------- DPAPI (Windows)


def _use_dpapi() -> bool:
    return sys.platform == "win32"


def _dpapi(data: bytes, *, protect: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData of the current user, never showing a dialog."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    blob_out = Blob()
    if protect:
        fn = crypt32.CryptProtectData
        fn.argtypes = [ctypes.POINTER(Blob), wintypes.LPCWSTR, ctypes.POINTER(Blob), ctypes.c_void_p,
                       ctypes.c_void_p, wintypes.DWORD, ctypes.POINTER(Blob)]
        ok = fn(ctypes.byref(blob_in), "So Thi dua - khoa ky", None, None, None, CRYPTPROTECT_UI_FORBIDDEN,
                ctypes.byref(blob_out))
    else:
        fn = crypt32.CryptUnprotectData
        fn.argtypes = [ctypes.POINTER(Blob), ctypes.c_void_p, ctypes.POINTER(Blob), ctypes.c_void_p,
                       ctypes.c_void_p, wintypes.DWORD, ctypes.POINTER(Blob)]
        ok = fn(ctypes.byref(blob_in), None, None, None, None, CRYPTPROTECT_UI_FORBIDDEN, ctypes.byref(blob_out))
    if not ok:
        raise OSError(ctypes.get_last_error(), "DPAPI")  # type: ignore[attr-defined]
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        kernel32.LocalFree(blob_out.pbData)


# --------------------------------------------------------------------------- the file


def _encode(code: str, fingerprint: str, public_hex: str, raw: bytes) -> bytes:
    sealed = _use_dpapi()
    secret = _dpapi(raw, protect=True) if sealed else raw
    doc = {"format": FILE_FORMAT, "version": 1, "unit_code": code, "fingerprint": fingerprint,
           "public_key": public_hex, "protection": "dpapi" if sealed else "file-permissions",
           "private_key": base64.b64encode(secret).decode("ascii")}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _decode(blob: bytes, path: Path) -> tuple[dict[str, Any], Ed25519PrivateKey]:
    try:
        doc = json.loads(blob.decode("utf-8"))
        secret = base64.b64decode(doc["private_key"], validate=True)
        raw = _dpapi(secret, protect=False) if doc.get("protection") == "dpapi" else secret
        return doc, Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise KeyFileError(f"Tệp khóa ký {path} không đọc được: tệp hỏng, hoặc được bảo vệ bằng tài khoản Windows "
                           "khác (khóa chỉ mở được bằng đúng tài khoản Windows trên đúng máy đã tạo nó).",
                           "unreadable", path) from exc


def _private_folder() -> Path:
    folder = key_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name != "nt":
            os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask, and an older folder may be wider
    except OSError as exc:
        raise UserError(f"Không tạo được thư mục khóa ký {folder}: {exc.strerror or exc}.") from exc
    return folder


def save(code: str, fingerprint: str, private: Ed25519PrivateKey) -> Path:
    """Write the key file (owner only, temporary name, fsync, rename), read it back and check it is this key."""
    public_hex = private.public_key().public_bytes_raw().hex()
    path = _private_folder() / key_path(code, fingerprint).name
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_encode(code, fingerprint, public_hex, private.private_bytes_raw()))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp khóa ký {path}: {exc.strerror or exc}. Khóa chưa được lưu.") from exc
    if load_file(path, public_hex).private_bytes_raw() != private.private_bytes_raw():
        path.unlink(missing_ok=True)
        raise UserError(f"Tệp khóa ký {path} đọc lại không khớp (ổ đĩa lỗi?): đã xóa, khóa chưa được lưu.")
    return path


def load_file(path: Path, public_hex: str) -> Ed25519PrivateKey:
    """The private key in `path`, checked to be the half of `public_hex`. KeyFileError when it is not there,
    cannot be read, or is another key."""
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES:
            raise KeyFileError(f"Tệp khóa ký {path} không phải tệp khóa (quá lớn).", "unreadable", path)
        if os.name != "nt" and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, 0o600)  # copied in with wider rights: the key is the owner's only
        blob = path.read_bytes()
    except FileNotFoundError as exc:
        raise KeyFileError(f"Không có tệp khóa ký {path}.", "missing", path) from exc
    except OSError as exc:
        raise KeyFileError(f"Không đọc được tệp khóa ký {path}: {exc.strerror or exc}.", "unreadable", path) from exc
    _doc, private = _decode(blob, path)
    if private.public_key().public_bytes_raw().hex() != public_hex:
        raise KeyFileError(f"Tệp khóa ký {path} chứa một khóa khác với khóa đã đăng ký của sổ.", "mismatch", path)
    return private


def remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a replaced key left behind signs nothing the upper level still takes without a reason
