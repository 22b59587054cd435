"""The ward's Ed25519 signing key (made at setup, kept in the ledger) and the public-key file the
upper level registers once.

The signature proves that a handoff file comes from the ward whose key the upper level registered,
and that nothing in it changed on the way (the manifest it signs holds the SHA-256 of every member).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.ledger import setup
from desktop.core.ledger.signing_key import ensure_ward_key, fingerprint

KEY_FILE_FORMAT = "thidua-public-key"


def sign(ledger: Ledger, data: bytes) -> tuple[str, str]:
    """(signature in base64, fingerprint of the key that made it)."""
    key = ensure_ward_key(ledger)
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(key["private_key"]))
    return base64.b64encode(private.sign(data)).decode("ascii"), key["fingerprint"]


def verify(public_hex: str, signature_b64: str, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(base64.b64decode(signature_b64), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def export_public_key(ledger: Ledger, path: str | Path) -> Path:
    """The file the ward gives the upper level once (by USB, e-mail or in person)."""
    key = ensure_ward_key(ledger)
    unit = setup.get_unit(ledger)
    doc = {"format": KEY_FILE_FORMAT, "version": 1,
           "unit": {"name": unit["name"], "code": unit["code"], "province": unit.get("province")},
           "public_key": key["public_key"], "fingerprint": key["fingerprint"], "created_at": key["created_at"]}
    return safe_files.write_file(path, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))


def read_public_key(path: str | Path) -> dict[str, Any]:
    """A public-key file, checked: right format, a 32-byte key, and the fingerprint it claims."""
    path = Path(path)
    try:
        if path.stat().st_size > 64 * 1024:
            raise UserError(f"Tệp {path.name} quá lớn để là tệp khóa công khai.")
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"Không đọc được tệp khóa công khai {path.name}: tệp hỏng hoặc không phải tệp khóa do "
                        "Sổ Thi đua xuất ra.") from exc
    if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
        raise UserError(f"Tệp {path.name} không phải tệp khóa công khai của Sổ Thi đua.")
    try:
        raw = bytes.fromhex(str(doc.get("public_key")))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise UserError(f"Tệp {path.name}: khóa công khai không hợp lệ.")
    if doc.get("fingerprint") != fingerprint(raw):
        raise UserError(f"Tệp {path.name}: dấu vân tay không khớp với khóa — tệp đã bị sửa.")
    return doc
