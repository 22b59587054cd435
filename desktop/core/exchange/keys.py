"""Signing with the ward's Ed25519 key (made at setup; its private half in a key file outside the ledger, see
`ledger.signing_key`) and the public-key file the upper level registers once.

The signature proves that a handoff file comes from the ward whose key the upper level registered,
and that nothing in it changed on the way (the manifest it signs holds the SHA-256 of every member).

The public-key file (version 2) is signed by its own key over the unit's code, name and province, the key and
the day it was made: a code edited in the file breaks that signature, so a ward's key cannot be registered
under another ward's code (which would then refuse the ward's genuine files). Version 1 files, without that
signature, are refused: their code is not protected, and a version 2 file stripped of its signature would look
the same. The ward exports the file again — the key, and so its fingerprint, stays the same.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.ledger import setup, signing_key
from desktop.core.ledger.signing_key import ensure_ward_key, fingerprint

KEY_FILE_FORMAT = "thidua-public-key"
KEY_FILE_VERSION = 2  # 2: signed by its own key ("self_signature"); 1 (unsigned) is refused
MAX_KEY_FILE_BYTES = 64 * 1024

# The Ed25519 points of small order (libsodium's list; the sign bit is ignored below). Such a "key" is no key:
# the signature R = identity, S = 0 verifies for many messages (tried with `cryptography`: from 7 to 64 of 64),
# so anyone could sign as the ward it is registered to. All zeros is one of them.
_SMALL_ORDER = frozenset(bytes.fromhex(h) for h in (
    "00" * 32, "01" + "00" * 31,
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ec" + "ff" * 30 + "7f", "ed" + "ff" * 30 + "7f", "ee" + "ff" * 30 + "7f"))


def _small_order(raw: bytes) -> bool:
    return raw[:31] + bytes([raw[31] & 0x7F]) in _SMALL_ORDER


def sign(ledger: Ledger, data: bytes) -> tuple[str, str]:
    """(signature in base64, fingerprint of the key that made it)."""
    key = ensure_ward_key(ledger)
    private = signing_key.private_key(ledger)  # from the key file outside the ledger (issue 19, fault 9)
    return base64.b64encode(private.sign(data)).decode("ascii"), key["fingerprint"]


def verify(public_hex: str, signature_b64: str, data: bytes) -> bool:
    """False for a bad signature and for anything that is not one (a number, a list: a crafted manifest)."""
    if not isinstance(public_hex, str) or not isinstance(signature_b64, str) or len(signature_b64) > 200:
        return False
    try:
        raw = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(raw, data)
    except (InvalidSignature, ValueError, TypeError):  # binascii.Error is a ValueError
        return False
    return True


def _self_signed_bytes(doc: dict[str, Any]) -> bytes:
    """What the key file's own signature covers: sorted keys, no spaces, UTF-8 (as handoff.canonical). The format
    name is in it, so no handoff signature can pass for a key file's and none the other way round."""
    unit = doc["unit"]
    signed = {"format": KEY_FILE_FORMAT, "version": doc["version"], "code": unit["code"], "name": unit["name"],
              "province": unit.get("province"), "public_key": doc["public_key"], "created_at": doc["created_at"]}
    return json.dumps(signed, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def export_public_key(ledger: Ledger, path: str | Path) -> Path:
    """The file the ward gives the upper level once (by USB, e-mail or in person), signed by its own key."""
    key = ensure_ward_key(ledger)
    unit = setup.get_unit(ledger)
    doc: dict[str, Any] = {
        "format": KEY_FILE_FORMAT, "version": KEY_FILE_VERSION,
        "unit": {"name": unit["name"], "code": unit["code"], "province": unit.get("province")},
        "public_key": key["public_key"], "fingerprint": key["fingerprint"], "created_at": key["created_at"]}
    doc["self_signature"], _fp = sign(ledger, _self_signed_bytes(doc))
    return safe_files.write_file(path, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))


def _load(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise UserError(f"Tệp {path.name} quá lớn để là tệp khóa công khai (tệp khóa chỉ vài trăm byte).")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UserError(f"Không đọc được tệp khóa công khai {path.name}: tệp hỏng hoặc không phải tệp khóa do "
                        "Sổ Thi đua xuất ra.") from exc


def _text(doc: dict[str, Any], key: str, name: str, what: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"Tệp {name}: thiếu hoặc sai mục “{what}” — tệp đã bị sửa hoặc không do Sổ Thi đua xuất ra.")
    return value


def _public_raw(doc: dict[str, Any], name: str) -> bytes:
    text = _text(doc, "public_key", name, "khóa công khai")
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise UserError(f"Tệp {name}: khóa công khai không hợp lệ (phải là 32 byte, viết bằng 64 chữ số hex).")
    return raw


def _check_self_signature(doc: dict[str, Any], raw: bytes, name: str) -> None:
    text = _text(doc, "self_signature", name, "chữ ký của khóa")
    try:
        signature = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != 64:
        raise UserError(f"Tệp {name}: chữ ký của khóa không hợp lệ (không phải 64 byte base64).")
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, _self_signed_bytes(doc))
    except (InvalidSignature, ValueError) as exc:
        raise UserError(f"Tệp {name}: chữ ký của khóa không khớp với nội dung — mã, tên đơn vị hoặc khóa trong "
                        "tệp đã bị sửa. Đề nghị phường/xã xuất lại tệp khóa (Trao đổi dữ liệu → Xuất khóa công "
                        "khai) và gửi trực tiếp.") from exc


def read_public_key(path: str | Path, *, code: str | None = None) -> dict[str, Any]:
    """A public-key file, checked: right format and version, every field of the right kind, a real 32-byte key, the
    fingerprint it claims, and its own signature over code, name, key and day. With `code`, the file must be that
    ward's. A refusal is a UserError naming the file and what is wrong (never a traceback)."""
    path = Path(path)
    name = path.name
    doc = _load(path)
    if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
        raise UserError(f"Tệp {name} không phải tệp khóa công khai của Sổ Thi đua.")
    version = doc.get("version")
    if version == 1 or (version is None and "self_signature" not in doc):
        raise UserError(f"Tệp {name} là tệp khóa theo mẫu cũ, không có chữ ký của chính khóa: mã đơn vị trong tệp "
                        "không được bảo vệ nên không thể đăng ký. Đề nghị phường/xã cập nhật Sổ Thi đua rồi xuất lại "
                        "tệp khóa (khóa và dấu vân tay không đổi).")
    if version != KEY_FILE_VERSION:
        raise UserError(f"Tệp {name}: phiên bản tệp khóa {version!r} không được hỗ trợ — cập nhật Sổ Thi đua.")
    unit = doc.get("unit")
    if not isinstance(unit, dict):
        raise UserError(f"Tệp {name}: thiếu thông tin đơn vị — tệp đã bị sửa hoặc không do Sổ Thi đua xuất ra.")
    file_code = _text(unit, "code", name, "mã đơn vị").strip()
    _text(unit, "name", name, "tên đơn vị")
    if unit.get("province") is not None and not isinstance(unit["province"], str):
        raise UserError(f"Tệp {name}: sai mục “tỉnh” — tệp đã bị sửa hoặc không do Sổ Thi đua xuất ra.")
    _text(doc, "created_at", name, "ngày tạo khóa")
    raw = _public_raw(doc, name)
    if doc.get("fingerprint") != fingerprint(raw):
        raise UserError(f"Tệp {name}: dấu vân tay không khớp với khóa — tệp đã bị sửa.")
    if raw == bytes(32):
        raise UserError(f"Tệp {name}: khóa công khai toàn số 0 — không phải khóa thật, không thể đăng ký.")
    if _small_order(raw):
        raise UserError(f"Tệp {name}: khóa công khai không phải khóa thật (với khóa này ai cũng ký giả được) — không "
                        "thể đăng ký. Đề nghị phường/xã xuất lại tệp khóa.")
    _check_self_signature(doc, raw, name)
    if code is not None and file_code != code.strip():
        raise UserError(f"Tệp khóa {name} là của đơn vị mã {file_code} ({unit['name']}), không phải mã "
                        f"{code.strip()}: không thể đăng ký khóa của đơn vị này cho mã khác.")
    return doc


def same_fingerprint(typed: str, real: str) -> bool:
    """What the clerk typed from the phone call, read loosely: spaces, dashes and letter case do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum()) == real.replace(" ", "")


def registered(ledger: Ledger, code: str | None = None) -> list[dict[str, Any]]:
    """What the upper level registered: code, name, province, fingerprint, key and the day it was registered."""
    cols = ("id", "code", "name", "province", "fingerprint", "public_key", "created_at")
    sql = f"SELECT {', '.join(cols)} FROM wards WHERE deleted_at IS NULL"
    args: list[Any] = []
    if code is not None:
        sql, args = sql + " AND code = ?", [code.strip()]
    return [dict(zip(cols, r, strict=True)) for r in ledger.conn.execute(sql + " ORDER BY code", args)]
