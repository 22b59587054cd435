"""The ward's Ed25519 signing key: made at setup, its public half and fingerprint registered in the ledger
(`signing_keys`), its private half in a key file outside the ledger (`key_store`), so no backup of the ledger
carries it. A ledger made before that kept the private key in `signing_keys.private_key`: it is moved out on
first use (key file written and checked, then the column blanked, one transaction with its audit row). Backups
made before the move still hold the key — nothing here rewrites them.

A key file that is missing or cannot be read is said as such, with the two ways out (restore the passphrase
backup of the key, or make a new key and send its public file upward): a new key is never made silently once
one is registered. Signing and the public-key file are `exchange.keys`; the passphrase backup is `key_backup`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import audit, key_store, records

_COLS = ("id", "uuid", "public_key", "fingerprint", "created_at")


def fingerprint(public_raw: bytes) -> str:
    """What a clerk compares by eye or reads over the phone: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_raw).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def _unit(ledger: Ledger) -> tuple[str, str]:
    row = ledger.conn.execute("SELECT code, name FROM unit WHERE id = 1").fetchone()
    return (row[0] or "", row[1] or "") if row else ("", "")


def _current(ledger: Ledger) -> tuple[dict[str, Any], str] | None:
    row = ledger.conn.execute(f"SELECT {', '.join(_COLS)}, private_key FROM signing_keys WHERE deleted_at IS NULL "
                              "ORDER BY id DESC LIMIT 1").fetchone()
    return (dict(zip(_COLS, row[:-1], strict=True)), row[-1] or "") if row else None


def ensure_ward_key(ledger: Ledger) -> dict[str, Any]:
    """The ward's registered key (id, uuid, public_key, fingerprint, created_at — never the private half), made
    when there is none yet; a private key still in the ledger is moved out to the key file first."""
    found = _current(ledger)
    if found is None:
        return _create(ledger)
    key, private_hex = found
    if private_hex and not ledger.read_only:
        _move_out(ledger, key, private_hex)
    return key


def _new_row(ledger: Ledger, private: Ed25519PrivateKey) -> tuple[dict[str, Any], str]:
    """Insert the signing_keys row of `private` (inside the caller's transaction): its key file is written first."""
    public = private.public_key().public_bytes_raw()
    now, uuid = audit.now_iso(), records.new_uuid()
    values = {"private_key": "", "public_key": public.hex(), "fingerprint": fingerprint(public)}
    key_id = ledger.db["signing_keys"].insert({**values, "uuid": uuid, "created_at": now, "updated_at": now}).last_pk
    return {"id": int(key_id), "uuid": uuid, "public_key": values["public_key"],
            "fingerprint": values["fingerprint"], "created_at": now}, values["fingerprint"]


def _create(ledger: Ledger) -> dict[str, Any]:
    private = Ed25519PrivateKey.generate()
    code, _name = _unit(ledger)
    fp = fingerprint(private.public_key().public_bytes_raw())
    path = key_store.save(code, fp, private)
    with ledger.transaction():
        first = _current(ledger) is None  # decided under the write lock: two windows at once make one key
        if first:
            key, fp = _new_row(ledger, private)
            audit.record(ledger, "create", "signing_keys", f"Tạo khóa ký tệp gửi cấp trên (dấu vân tay {fp}); "
                         f"khóa riêng lưu ở tệp {path.name} trên máy này, không nằm trong sổ", record_id=key["id"],
                         record_uuid=key["uuid"], after={"fingerprint": fp})
    if not first:  # another window or command made the key first: theirs is the key
        key_store.remove(path)
        return ensure_ward_key(ledger)
    return key


def _move_out(ledger: Ledger, key: dict[str, Any], private_hex: str) -> None:
    """A ledger of before: write the key file, check it, then blank the column (secure_delete overwrites the old
    bytes in the file's pages, the checkpoint clears the WAL) with one audit row."""
    try:
        private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    except ValueError as exc:
        raise UserError("Khóa ký lưu trong sổ bị hỏng, không dùng được. Khôi phục từ bản sao lưu khóa (thidua key "
                        "restore) hoặc tạo khóa mới (thidua key new --ly-do …).") from exc
    if private.public_key().public_bytes_raw().hex() != key["public_key"]:
        raise UserError("Khóa ký lưu trong sổ không khớp với khóa công khai đã đăng ký: sổ đã bị sửa. Khôi phục "
                        "từ bản sao lưu khóa hoặc tạo khóa mới (thidua key new --ly-do …).")
    code, _name = _unit(ledger)
    path = key_store.save(code, key["fingerprint"], private)
    secure = ledger.conn.execute("PRAGMA secure_delete").fetchone()[0]
    ledger.conn.execute("PRAGMA secure_delete = ON")
    try:
        with ledger.transaction():
            done = ledger.conn.execute("UPDATE signing_keys SET private_key = '', updated_at = ? WHERE id = ? "
                                       "AND private_key <> ''", [audit.now_iso(), key["id"]]).rowcount
            if done:
                audit.record(ledger, "update", "signing_keys",
                             f"Chuyển khóa ký riêng ra khỏi sổ, sang tệp {path.name} trên máy này (dấu vân tay "
                             f"{key['fingerprint']}). Các bản sao lưu sổ lập trước hôm nay vẫn chứa khóa: hãy giữ "
                             "chúng cẩn thận hoặc hủy khi không cần", record_id=key["id"],
                             record_uuid=key["uuid"], after={"fingerprint": key["fingerprint"]})
        if not ledger.conn.in_transaction:
            ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ledger.conn.execute(f"PRAGMA secure_delete = {int(secure)}")


def missing_message(ledger: Ledger, key: dict[str, Any], err: key_store.KeyFileError) -> str:
    """What happened to the key file, and the two ways out, in Vietnamese."""
    what = {"missing": "không có trên máy này", "unreadable": "không đọc được",
            "mismatch": "chứa một khóa khác"}.get(err.state, "không dùng được")
    _code, name = _unit(ledger)
    return (f"Khóa ký của {name} (dấu vân tay {key['fingerprint']}) {what}: {err}\n"
            "Khóa ký riêng không nằm trong sổ và các bản sao lưu sổ, nên không đi theo khi chép sổ sang máy khác, "
            "cài lại máy hoặc đổi tài khoản Windows. Cách khắc phục:\n"
            "1. Khôi phục từ bản sao lưu khóa ký (có mật khẩu): Trao đổi dữ liệu → Khôi phục khóa ký… (dòng lệnh: "
            "thidua key restore TỆP).\n"
            "2. Nếu không có bản sao lưu khóa: tạo khóa mới (dòng lệnh: thidua key new --ly-do \"…\" --out "
            "TỆP.json), gửi tệp khóa công khai mới cho cấp trên kèm lý do để cấp trên đăng ký lại.\n"
            "Chưa ký, chưa ghi tệp nào.")


def private_key(ledger: Ledger) -> Ed25519PrivateKey:
    """The ward's private key from its key file; a UserError naming what happened and what to do otherwise."""
    key = ensure_ward_key(ledger)
    code, _name = _unit(ledger)
    try:
        return key_store.load_file(key_store.find(code, key["fingerprint"]), key["public_key"])
    except key_store.KeyFileError as exc:
        raise key_store.KeyFileError(missing_message(ledger, key, exc), exc.state, exc.path) from exc


def status(ledger: Ledger) -> dict[str, Any]:
    """For the exchange page: the registered key and whether its key file is usable here."""
    key = ensure_ward_key(ledger)
    try:
        private_key(ledger)
    except key_store.KeyFileError as exc:
        return {**key, "state": exc.state, "message": str(exc), "path": exc.path}
    code, _name = _unit(ledger)
    return {**key, "state": "ok", "message": "", "path": key_store.find(code, key["fingerprint"])}


def replace_key(ledger: Ledger, reason: str, private: Ed25519PrivateKey | None = None) -> dict[str, Any]:
    """A new key for the ward (lost, or in other hands): the old public key stays in signing_keys marked
    deleted, the reason in the history. `private`: a key restored from its backup instead of a new one."""
    why = " ".join((reason or "").split())
    if not why:
        raise UserError("Muốn thay khóa ký thì phải ghi lý do (ví dụ: \"máy cũ hỏng ổ cứng, không có bản sao lưu "
                        "khóa\"); lý do được ghi vào lịch sử và gửi kèm cho cấp trên. Chưa thay đổi gì.")
    private = private or Ed25519PrivateKey.generate()
    code, _name = _unit(ledger)
    public_hex = private.public_key().public_bytes_raw().hex()
    if ledger.conn.execute("SELECT 1 FROM signing_keys WHERE public_key = ?", [public_hex]).fetchone():
        raise UserError("Khóa này đã là khóa ký của sổ (hiện tại hoặc đã thay trước đây): không thay bằng chính nó.")
    path = key_store.save(code, fingerprint(bytes.fromhex(public_hex)), private)
    with ledger.transaction() as db:
        old = _current(ledger)
        now = audit.now_iso()
        if old is not None:
            db["signing_keys"].update(old[0]["id"], {"deleted_at": now, "updated_at": now, "private_key": ""})
        key, fp = _new_row(ledger, private)
        old_fp = old[0]["fingerprint"] if old else "—"
        audit.record(ledger, "update", "signing_keys", f"Thay khóa ký: khóa cũ {old_fp} → khóa mới {fp} (tệp "
                     f"{path.name}); lý do: {why}", record_id=key["id"], record_uuid=key["uuid"],
                     before={"fingerprint": old_fp}, after={"fingerprint": fp, "reason": why})
    if old is not None:
        key_store.remove(key_store.find(code, old[0]["fingerprint"]))  # a replaced key must sign nothing more
    return {**key, "old_fingerprint": old[0]["fingerprint"] if old else None, "reason": why}
