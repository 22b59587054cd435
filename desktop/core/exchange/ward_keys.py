"""The upper level's register of the wards' public keys: the first key of a ward listed without one, and a
replacement key when a ward lost (or gave away) its private key and made a new one.

Every key a ward has had stays in `ward_keys` (m0008): the current one with replaced_at NULL, the old ones with
the day they were replaced and the reason. `wards.public_key/fingerprint` is the current key ('' while a listed
ward has sent none). A file signed by an old key is still recognised — it names the ward — but the import names
it "ký bằng khóa cũ (thay ngày …)" and takes it only by the explicit accept-anyway path (`--nhan-du-cu-hon
--ly-do`), with the reason in the history: whoever holds the lost key could have signed it, and the date inside
the file is written by that same holder, so no date in it can prove it was signed before the loss.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import keys
from desktop.core.ledger import audit, records
from desktop.core.text.vnformat import format_date

_WARD_COLS = ("id", "uuid", "code", "name", "province", "public_key", "fingerprint", "created_at")
_KEY_COLS = ("id", "ward_id", "public_key", "fingerprint", "registered_at", "replaced_at", "reason")


def _ward(ledger: Ledger, code: str) -> dict[str, Any]:
    row = ledger.conn.execute(f"SELECT {', '.join(_WARD_COLS)} FROM wards WHERE code = ? AND deleted_at IS NULL",
                              [code]).fetchone()
    if row is None:
        raise UserError(f"Chưa có đơn vị mã {code} trong danh sách phường/xã của sổ: thêm đơn vị trước (thidua ward "
                        "add, hoặc nhập danh sách phường/xã), rồi đăng ký khóa.")
    return dict(zip(_WARD_COLS, row, strict=True))


def history(ledger: Ledger, ward_id: int) -> list[dict[str, Any]]:
    """Every key of a ward, oldest first (the current one has replaced_at None)."""
    cur = ledger.conn.execute(f"SELECT {', '.join(_KEY_COLS)} FROM ward_keys WHERE ward_id = ? AND deleted_at IS NULL "
                              "ORDER BY registered_at, id", [ward_id])
    return [dict(zip(_KEY_COLS, r, strict=True)) for r in cur]


def _holder(ledger: Ledger, public_key: str) -> tuple[str, str, str | None] | None:
    """(code, name, replaced_at) of a ward that has or had this key."""
    row = ledger.conn.execute(
        "SELECT w.code, w.name, NULL FROM wards w WHERE w.public_key = ? AND w.deleted_at IS NULL "
        "UNION ALL SELECT w.code, w.name, k.replaced_at FROM ward_keys k JOIN wards w ON w.id = k.ward_id "
        "WHERE k.public_key = ? AND k.deleted_at IS NULL AND w.deleted_at IS NULL ORDER BY 3 LIMIT 1",
        [public_key, public_key]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def _refuse_known_key(ledger: Ledger, ward: dict[str, Any], public_key: str, name: str) -> None:
    held = _holder(ledger, public_key)
    if held is None:
        return
    code, ward_name, replaced_at = held
    if code != ward["code"]:
        raise UserError(f"Khóa trong tệp {name} đã đăng ký cho {ward_name} ({code}): một khóa chỉ thuộc một đơn vị. "
                        "Không đăng ký — xin lại tệp khóa trực tiếp từ phường/xã.")
    if replaced_at:
        raise UserError(f"Khóa trong tệp {name} là khóa cũ của {ward_name}, đã được thay ngày "
                        f"{format_date(replaced_at[:10])}: không đăng ký lại khóa đã thay. Đề nghị phường/xã gửi "
                        "tệp khóa công khai hiện tại (Trao đổi dữ liệu → Xuất khóa công khai).")


def register_key(ledger: Ledger, code: str, key_file: str | Path, *, reason: str | None = None,
                 fingerprint: str | None = None) -> dict[str, Any]:
    """Register the key of ward `code` from its public-key file (checked: format, own signature, and that it is
    this ward's code). The first key of a ward listed without one needs no reason; a different key for a ward that
    has one is a replacement and needs `reason`. `fingerprint`: what the ward's clerk read over the phone — the
    key is registered only when it matches. Returns {"action": "first" | "replaced" | "same", "code", "name",
    "fingerprint", "old_fingerprint", "reason"}; "same" (the key already registered) writes nothing."""
    code = (code or "").strip()
    path = Path(key_file)
    doc = keys.read_public_key(path, code=code)
    if fingerprint is not None and not keys.same_fingerprint(fingerprint, doc["fingerprint"]):
        raise UserError(f"Dấu vân tay không khớp: tệp {path.name} có {doc['fingerprint']}, cán bộ phường/xã đọc "
                        f"{fingerprint}. Không đăng ký — tệp có thể không phải của đơn vị này.")
    why = " ".join((reason or "").split())
    with ledger.transaction() as db:  # decided under the write lock: two registrations at once queue
        ward = _ward(ledger, code)
        out = {"code": code, "name": ward["name"], "fingerprint": doc["fingerprint"],
               "old_fingerprint": ward["fingerprint"] or None, "reason": why or None}
        if ward["public_key"] == doc["public_key"]:
            return {**out, "action": "same"}
        _refuse_known_key(ledger, ward, doc["public_key"], path.name)
        if ward["public_key"] and not why:
            raise UserError(f"{ward['name']} ({code}) đã có khóa (dấu vân tay {ward['fingerprint']}). Muốn thay "
                            "bằng khóa mới thì phải ghi lý do (ví dụ: \"phường mất khóa do hỏng máy, công văn số "
                            "…\"; dòng lệnh: --ly-do \"…\"). Chưa thay đổi gì.")
        now = audit.now_iso()
        action = "replaced" if ward["public_key"] else "first"
        if action == "replaced":
            _close_current(ledger, ward, now, why)
        key_uuid = records.new_uuid()
        db["ward_keys"].insert({"uuid": key_uuid, "ward_id": ward["id"], "public_key": doc["public_key"],
                                "fingerprint": doc["fingerprint"], "registered_at": now, "reason": why or None,
                                "created_at": now, "updated_at": now})
        db["wards"].update(ward["id"], {"public_key": doc["public_key"], "fingerprint": doc["fingerprint"],
                                        "updated_at": now})
        summary = (f"Thay khóa của {ward['name']} ({code}): khóa cũ {ward['fingerprint']} → khóa mới "
                   f"{doc['fingerprint']}; lý do: {why}" if action == "replaced"
                   else f"Đăng ký khóa của {ward['name']} ({code}): dấu vân tay {doc['fingerprint']}")
        audit.record(ledger, "update", "wards", summary, record_id=ward["id"], record_uuid=ward["uuid"],
                     before={"fingerprint": ward["fingerprint"]},
                     after={"fingerprint": doc["fingerprint"], **({"reason": why} if why else {})})
    return {**out, "action": action}


def _close_current(ledger: Ledger, ward: dict[str, Any], now: str, reason: str) -> None:
    """Mark the ward's current key replaced. A ward added before the key history (or by `upper.add_ward`, which
    writes no history row) gets its current key's row now, so the old key stays known."""
    updated = ledger.conn.execute(
        "UPDATE ward_keys SET replaced_at = ?, reason = ?, updated_at = ? WHERE ward_id = ? AND public_key = ? "
        "AND replaced_at IS NULL AND deleted_at IS NULL", [now, reason, now, ward["id"], ward["public_key"]]).rowcount
    if not updated:
        ledger.db["ward_keys"].insert({
            "uuid": records.new_uuid(), "ward_id": ward["id"], "public_key": ward["public_key"],
            "fingerprint": ward["fingerprint"], "registered_at": ward["created_at"] or now, "replaced_at": now,
            "reason": reason, "created_at": now, "updated_at": now})


def old_keys(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """{fingerprint: {"public_key", "ward_id", "replaced_at"}} of the keys the wards had before their current one."""
    cur = ledger.conn.execute(
        "SELECT k.fingerprint, k.public_key, k.ward_id, k.replaced_at FROM ward_keys k "
        "JOIN wards w ON w.id = k.ward_id "
        "WHERE k.replaced_at IS NOT NULL AND k.deleted_at IS NULL AND w.deleted_at IS NULL AND k.public_key <> '' "
        "AND k.public_key <> w.public_key ORDER BY k.replaced_at")
    return {fp: {"public_key": pk, "ward_id": wid, "replaced_at": at} for fp, pk, wid, at in cur}


def old_key_note(replaced_at: str) -> str:
    """How a file signed by a replaced key is named in the import result and the history."""
    return f"ký bằng khóa cũ (thay ngày {format_date(replaced_at[:10])})"


def signer(ledger: Ledger, fingerprint: str | None, wards: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The ward (of `wards`) whose key signed a file, and "" — or how the file is named when that key was
    replaced. Only for a fingerprint `handoff.read` accepted from `upper.trusted_keys`."""
    ward = next((w for w in wards if w["public_key"] and w["fingerprint"] == fingerprint), None)
    if ward is not None:
        return ward, ""
    old = old_keys(ledger)[str(fingerprint)]
    return next(w for w in wards if w["id"] == old["ward_id"]), old_key_note(old["replaced_at"])


def refusal(file_name: str, who: str, note: str) -> str:
    return (f"Tệp {file_name} bị từ chối: {who} — {note}. Nếu chắc chắn tệp được lập trước khi phường/xã mất khóa "
            "(hỏi lại phường/xã), hãy bấm “Nhận dù cũ hơn…” và ghi rõ lý do (dòng lệnh: thêm --nhan-du-cu-hon "
            "--ly-do \"…\").")


def taken_anyway(item: Any, reason: str, what: str, after: dict[str, Any]) -> str:
    """Name a file signed by a replaced key and taken on request (`upper.Item` with old_key and an action
    new | supersede) in its import result, and in the history text `what` and `after`; returns `what`."""
    if not item.old_key or item.action not in ("new", "supersede"):
        return what
    if reason not in item.message:
        item.message += f" Tệp {item.old_key}; nhận theo yêu cầu, lý do: {reason}."
    else:
        item.message += f" Tệp {item.old_key}."
    after.update(reason=reason, old_key=item.old_key)
    return what + f" — {item.old_key}, nhận theo yêu cầu, lý do: {reason}"
