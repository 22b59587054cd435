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
from desktop.core.errors import UserError
from desktop.core.ledger import audit, records
from desktop.core.ledger.locks import dmy

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
            raise UserError(f"Số {taken[0]} đã dùng cho văn bản ngày {dmy(taken[1])}: số văn bản không được trùng "
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
        what = f"{KIND_NAMES.get(kind, kind)} số {sym} ngày {dmy(doc_date)}"
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
                         f"Khóa số liệu {dmy(period['start'])}–{dmy(period['end'])} theo {what}",
                         record_id=int(lock_id), record_uuid=lock_uuid)
    return doc_id
