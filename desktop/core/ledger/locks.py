"""Period locks: contributions dated inside an issued period stay locked until the clerk unlocks with a reason
(the report register, `report.register`, makes the locks when it issues).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import audit, records
from desktop.core.ledger.records import Changes

# --------------------------------------------------------------------------- period locks


def active_locks(ledger: Ledger) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT l.id, l.start, l.end, l.document_id, d.symbol, d.doc_date FROM period_locks l "
        "LEFT JOIN documents d ON d.id = l.document_id "
        "WHERE l.unlocked_at IS NULL AND l.deleted_at IS NULL ORDER BY l.start"
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def lock_covering(ledger: Ledger, date: str | None) -> dict[str, Any] | None:
    if not date:
        return None
    for lock in active_locks(ledger):
        if lock["start"] <= date <= lock["end"]:
            return lock
    return None


def check_unlocked(ledger: Ledger, *dates: str | None) -> None:
    """Refuse a change to a contribution dated inside an issued period (old or new date)."""
    for date in dates:
        lock = lock_covering(ledger, date)
        if lock:
            raise UserError(
                f"Ngày {dmy(date)} thuộc kỳ đã ban hành báo cáo số {lock['symbol']} "
                f"({dmy(lock['start'])}–{dmy(lock['end'])}): số liệu của kỳ này đã khóa. "
                "Muốn sửa, hãy mở khóa kỳ ở trang Báo cáo (ghi rõ lý do), rồi ban hành bản thay thế."
            )


def unlock(ledger: Ledger, lock_id: int, reason: str) -> Changes:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise UserError("Hãy ghi lý do mở khóa (ít nhất 5 ký tự), ví dụ: \"Bổ sung 2 hộ hiến đất tổ 5 nộp biên "
                        "bản muộn\".")
    with ledger.transaction() as db:
        lock = records.get(ledger, "period_locks", lock_id)
        if lock["unlocked_at"]:
            raise UserError("Kỳ này đã được mở khóa trước đó.")
        now = audit.now_iso()
        changed = {"unlocked_at": now, "unlocked_by": ledger.user, "unlock_reason": reason}
        db["period_locks"].update(lock_id, {**changed, "updated_at": now})
        sym = ledger.conn.execute("SELECT symbol FROM documents WHERE id = ?", [lock["document_id"]]).fetchone()
        audit.record(ledger, "unlock", "period_locks",
                     f"Mở khóa số liệu {dmy(lock['start'])}–{dmy(lock['end'])} (báo cáo số "
                     f"{sym[0] if sym else '?'}). Lý do: {reason}",
                     record_id=lock_id, record_uuid=lock["uuid"], before={"unlocked_at": None}, after=changed)
    return Changes().add("period_locks", lock_id)


def dmy(iso: str | None) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d:%d/%m/%Y}"
