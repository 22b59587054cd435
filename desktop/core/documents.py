"""Issued documents: the year's register of numbers, frozen content, and the period locks.

Nghị định 30/2020 Điều 15: numbers restart at 01 on 1 January and never repeat within the year.
The ward's real register may also hold documents made outside this program, so the clerk may
type a higher number than the one proposed; a number already used is refused.

An issued report never changes: it keeps its figures, content and PDF with the SHA-256. When the
ledger changes afterwards, a new version supersedes it (new number, history kept), and the
contributions dated inside an issued period stay locked until the clerk unlocks with a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from db.connection import Ledger
from desktop.core import audit, records
from desktop.core.errors import UserError
from desktop.core.records import Changes

KIND_NAMES = {"BC": "Báo cáo", "TTr": "Tờ trình", "QĐ": "Quyết định", "BB": "Biên bản"}


def symbol(number: int, kind: str, issuer_abbr: str) -> str:
    """"05/BC-UBND": a leading zero below 10 (ND 30, Phụ lục I)."""
    return f"{number:02d}/{kind}-{issuer_abbr or 'UBND'}"


def next_number(ledger: Ledger, kind: str, year: int) -> int:
    row = ledger.conn.execute("SELECT max(number) FROM documents WHERE kind = ? AND year = ?", [kind, year]).fetchone()
    return int(row[0] or 0) + 1


def get(ledger: Ledger, document_id: int) -> dict[str, Any]:
    return records.get(ledger, "documents", document_id)


def for_period(ledger: Ledger, kind: str, period_code: str) -> list[dict[str, Any]]:
    """Every document of a kind for a period, newest version first (without the PDF bytes)."""
    cur = ledger.conn.execute(
        "SELECT id, kind, year, number, symbol, doc_date, period_code, version, supersedes_id, status, sha256, "
        "signer_name, issued_by, created_at FROM documents WHERE kind = ? AND period_code = ? AND deleted_at IS NULL "
        "ORDER BY version DESC, id DESC",
        [kind, period_code],
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def current(ledger: Ledger, kind: str, period_code: str) -> dict[str, Any] | None:
    """The issued (not superseded) document of a period, with everything but the PDF bytes."""
    for doc in for_period(ledger, kind, period_code):
        if doc["status"] == "issued":
            full = get(ledger, doc["id"])
            full.pop("pdf", None)
            full["figures"] = json.loads(full["figures"] or "{}")
            full["content"] = json.loads(full["content"] or "{}")
            return full
    return None


def pdf_bytes(ledger: Ledger, document_id: int) -> bytes:
    row = ledger.conn.execute("SELECT pdf, sha256 FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None or row[0] is None:
        raise UserError("Không tìm thấy tệp PDF của văn bản đã ban hành.")
    data = bytes(row[0])
    if hashlib.sha256(data).hexdigest() != row[1]:
        raise UserError("Tệp PDF lưu trong sổ không khớp mã kiểm tra SHA-256: có thể sổ đã bị hỏng. "
                        "Hãy bấm Cài đặt → Kiểm tra sổ, hoặc khôi phục bản sao lưu (Cài đặt → Khôi phục…).")
    return data


def issue(
    ledger: Ledger,
    *,
    kind: str,
    doc_date: str,
    number: int | None,
    issuer_abbr: str,
    title: str,
    period: dict[str, str] | None,
    figures: dict[str, Any],
    content: dict[str, Any],
    signer_name: str,
    render: Any,
    lock_period: bool = False,
) -> int:
    """Take the next number (or the one given), render the PDF with it, store everything frozen.

    `render(number_symbol) -> bytes` builds the PDF carrying its number. One transaction: the
    number, the document, the superseded flag of the previous version, the lock and the audit rows.
    """
    year = dt.date.fromisoformat(doc_date).year
    with ledger.transaction() as db:
        proposed = next_number(ledger, kind, year)
        if number is None:
            number = proposed
        if number < 1:
            raise UserError("Số văn bản phải từ 01 trở lên.")
        taken = ledger.conn.execute(
            "SELECT symbol, doc_date FROM documents WHERE kind = ? AND year = ? AND number = ?", [kind, year, number]
        ).fetchone()
        if taken:
            raise UserError(f"Số {taken[0]} đã dùng cho văn bản ngày {_dmy(taken[1])}: số văn bản không được trùng "
                            f"trong năm {year}. Số tiếp theo còn trống: {proposed:02d}.")
        sym = symbol(number, kind, issuer_abbr)
        pdf = render(sym)
        previous = current(ledger, kind, period["code"]) if period else None
        now = audit.now_iso()
        row = {
            "uuid": records.new_uuid(), "kind": kind, "year": year, "number": number, "symbol": sym,
            "doc_date": doc_date, "period_code": period["code"] if period else None,
            "period_start": period["start"] if period else None, "period_end": period["end"] if period else None,
            "title": title, "version": (previous["version"] + 1) if previous else 1,
            "supersedes_id": previous["id"] if previous else None, "status": "issued",
            "figures": json.dumps(figures, ensure_ascii=False, sort_keys=True),
            "content": json.dumps(content, ensure_ascii=False, sort_keys=True),
            "signer_name": signer_name, "pdf": pdf, "sha256": hashlib.sha256(pdf).hexdigest(),
            "issued_by": ledger.user, "created_at": now, "updated_at": now,
        }
        doc_id = int(db["documents"].insert(row).last_pk)
        what = f"{KIND_NAMES.get(kind, kind)} số {sym} ngày {_dmy(doc_date)}"
        if previous:
            db["documents"].update(previous["id"], {"status": "superseded", "updated_at": now})
            what += f", thay thế văn bản số {previous['symbol']}"
        audit.record(ledger, "issue", "documents", f"Ban hành {what}", record_id=doc_id, record_uuid=row["uuid"],
                     after={k: v for k, v in row.items() if k not in ("pdf", "figures", "content")})
        if lock_period and period:
            lock_uuid = records.new_uuid()
            lock_id = db["period_locks"].insert({
                "uuid": lock_uuid, "start": period["start"], "end": period["end"], "document_id": doc_id,
                "created_at": now, "updated_at": now,
            }).last_pk
            audit.record(ledger, "lock", "period_locks",
                         f"Khóa số liệu {_dmy(period['start'])}–{_dmy(period['end'])} theo {what}",
                         record_id=int(lock_id), record_uuid=lock_uuid)
    return doc_id


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
                f"Ngày {_dmy(date)} thuộc kỳ đã ban hành báo cáo số {lock['symbol']} "
                f"({_dmy(lock['start'])}–{_dmy(lock['end'])}): số liệu của kỳ này đã khóa. "
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
                     f"Mở khóa số liệu {_dmy(lock['start'])}–{_dmy(lock['end'])} (báo cáo số "
                     f"{sym[0] if sym else '?'}). Lý do: {reason}",
                     record_id=lock_id, record_uuid=lock["uuid"], before={"unlocked_at": None}, after=changed)
    return Changes().add("period_locks", lock_id)


def _dmy(iso: str | None) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d:%d/%m/%Y}"
