"""The explicit, passphrase-protected backup of the ward's private signing key (issue 19, fault 9).

The key is not in the ledger's backups any more; this file is the one way to carry it to a new PC. It holds the
private key as PKCS#8 encrypted with the passphrase (cryptography's BestAvailableEncryption: PBES2, PBKDF2-SHA256
and AES-256-CBC), and beside it, in clear, the unit and the fingerprint — so a clerk can see whose key a file is
without the passphrase. A restore takes only the key the ledger has registered (or, asked explicitly with a
reason, makes the restored key the ledger's key: `signing_key.replace_key`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.files import safe_files
from desktop.core.ledger import audit, key_store, signing_key

BACKUP_FORMAT = "thidua-signing-key-backup"
MIN_PASSPHRASE = 8
MAX_BACKUP_BYTES = 64 * 1024


def check_passphrase(passphrase: str) -> str:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise UserError(f"Mật khẩu bảo vệ khóa phải có ít nhất {MIN_PASSPHRASE} ký tự (nên dùng một câu dễ nhớ, "
                        "ví dụ \"So thi dua phuong An Phu 2026\"). Chưa ghi tệp nào.")
    return passphrase


def write_backup(ledger: Ledger, path: str | Path, passphrase: str) -> Path:
    """Write the key's backup (safely: temporary name, fsync, rename), then read it back with the passphrase
    and check it is the ward's key. One audit row says when and to which file."""
    check_passphrase(passphrase)
    key = signing_key.ensure_ward_key(ledger)
    private = signing_key.private_key(ledger)
    code, name = ledger.conn.execute("SELECT code, name FROM unit WHERE id = 1").fetchone()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    doc = {"format": BACKUP_FORMAT, "version": 1, "unit": {"code": code, "name": name},
           "fingerprint": key["fingerprint"], "public_key": key["public_key"], "key_created_at": key["created_at"],
           "backed_up_at": audit.now_iso(), "encrypted_private_key": pem.decode("ascii")}
    path = safe_files.write_file(path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    try:
        _doc, again = read_backup(path, passphrase)
    except UserError:
        path.unlink(missing_ok=True)
        raise
    if again.private_bytes_raw() != private.private_bytes_raw():
        path.unlink(missing_ok=True)
        raise UserError(f"Tệp {path.name} đọc lại không khớp khóa (ổ đĩa lỗi?): đã xóa, hãy thử lại hoặc chọn ổ khác.")
    with ledger.transaction():
        audit.record(ledger, "export", "signing_keys", f"Sao lưu khóa ký (dấu vân tay {key['fingerprint']}) ra tệp "
                     f"{path.name}, có mật khẩu", record_id=key["id"], record_uuid=key["uuid"])
    return path


def describe(path: str | Path) -> dict[str, Any]:
    """The clear part of a key backup (unit, fingerprint), checked to be one; no passphrase needed."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise UserError(f"Tệp {path.name} quá lớn để là tệp sao lưu khóa ký.")
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UserError(f"Không đọc được tệp {path.name}: không phải tệp sao lưu khóa ký của Sổ Thi đua.") from exc
    if (not isinstance(doc, dict) or doc.get("format") != BACKUP_FORMAT or doc.get("version") != 1
            or not isinstance(doc.get("encrypted_private_key"), str) or not isinstance(doc.get("unit"), dict)):
        raise UserError(f"Tệp {path.name} không phải tệp sao lưu khóa ký của Sổ Thi đua (hoặc đã bị sửa).")
    return doc


def read_backup(path: str | Path, passphrase: str) -> tuple[dict[str, Any], Ed25519PrivateKey]:
    """The backup's clear part and its private key. A wrong passphrase is a UserError that says so."""
    path = Path(path)
    doc = describe(path)
    try:
        private = serialization.load_pem_private_key(doc["encrypted_private_key"].encode("ascii"),
                                                     (passphrase or "").encode("utf-8"))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise UserError(f"Sai mật khẩu của tệp sao lưu khóa {path.name} (hoặc tệp đã bị sửa): chưa ghi gì. Hãy nhập "
                        "lại đúng mật khẩu đã đặt khi sao lưu khóa — chữ hoa, chữ thường và dấu tiếng Việt đều "
                        "phải giống.") from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise UserError(f"Tệp {path.name} không chứa khóa ký Ed25519 của Sổ Thi đua.")
    public_hex = private.public_key().public_bytes_raw().hex()
    if public_hex != doc.get("public_key"):
        raise UserError(f"Tệp {path.name}: khóa công khai ghi trong tệp không khớp khóa bên trong — tệp đã bị sửa.")
    return doc, private


def restore(ledger: Ledger, path: str | Path, passphrase: str, *, replace_reason: str | None = None
            ) -> dict[str, Any]:
    """Put the backed-up key back in this PC's key file. Only the key the ledger registered, unless
    `replace_reason` is given: then the restored key becomes the ledger's key (its old one replaced, as
    `signing_key.replace_key`) — for a ledger set up again whose upper level still holds the restored key.
    Returns {"action": "restored" | "replaced", "fingerprint", "path"}; a refusal writes nothing."""
    path = Path(path)
    doc, private = read_backup(path, passphrase)
    key = signing_key.ensure_ward_key(ledger)
    public_hex = private.public_key().public_bytes_raw().hex()
    fp = signing_key.fingerprint(bytes.fromhex(public_hex))
    code, name = ledger.conn.execute("SELECT code, name FROM unit WHERE id = 1").fetchone()
    if public_hex == key["public_key"]:
        saved = key_store.save(code, fp, private)
        with ledger.transaction():
            audit.record(ledger, "update", "signing_keys", f"Khôi phục khóa ký (dấu vân tay {fp}) từ tệp sao lưu "
                         f"{path.name} vào tệp {saved.name} trên máy này", record_id=key["id"], record_uuid=key["uuid"])
        return {"action": "restored", "fingerprint": fp, "path": saved}
    unit = doc["unit"]
    if str(unit.get("code")) != str(code):
        raise UserError(f"Tệp {path.name} là khóa ký của {unit.get('name')} (mã {unit.get('code')}), không phải của "
                        f"{name} (mã {code}): không khôi phục. Chưa ghi gì.")
    if not replace_reason:
        raise UserError(f"Tệp {path.name} chứa khóa dấu vân tay {fp}, không phải khóa đã đăng ký của sổ này "
                        f"({key['fingerprint']}): không khôi phục, chưa ghi gì. Nếu sổ này được lập lại và cấp trên "
                        f"vẫn giữ khóa {fp}, có thể dùng khóa trong tệp thay cho khóa hiện tại của sổ (dòng lệnh: "
                        "thêm --thay-khoa-hien-tai --ly-do \"…\").")
    new = signing_key.replace_key(ledger, replace_reason, private)
    return {"action": "replaced", "fingerprint": new["fingerprint"], "path": key_store.find(code, fp),
            "old_fingerprint": new["old_fingerprint"]}
