"""The ward's Ed25519 signing key: made at setup and kept in the ledger (`signing_keys`), one transaction
with its audit row. Signing and the public-key file are `exchange.keys`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.connection import Ledger
from desktop.core.ledger import audit, records


def fingerprint(public_raw: bytes) -> str:
    """What a clerk compares by eye or reads over the phone: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_raw).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def ensure_ward_key(ledger: Ledger) -> dict[str, Any]:
    """The ward's key, created (in one transaction with its audit row) when there is none yet."""
    row = ledger.conn.execute(
        "SELECT id, private_key, public_key, fingerprint, created_at FROM signing_keys "
        "WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    if row is not None:
        return dict(zip(("id", "private_key", "public_key", "fingerprint", "created_at"), row, strict=True))
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    values = {"private_key": key.private_bytes_raw().hex(), "public_key": public.hex(),
              "fingerprint": fingerprint(public)}
    with ledger.transaction() as db:
        now = audit.now_iso()
        uuid = records.new_uuid()
        key_id = db["signing_keys"].insert({**values, "uuid": uuid, "created_at": now, "updated_at": now}).last_pk
        audit.record(ledger, "create", "signing_keys",
                     f"Tạo khóa ký tệp gửi cấp trên (dấu vân tay {values['fingerprint']})",
                     record_id=int(key_id), record_uuid=uuid, after={"fingerprint": values["fingerprint"]})
    return ensure_ward_key(ledger)
