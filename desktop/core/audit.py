"""The audit trail: one row per change, written inside the change's own transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from db.connection import Ledger


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict, dict]:
    """Keep only the fields that changed, so the history reads as 'what changed'."""
    before = before or {}
    after = after or {}
    skip = {"updated_at", "created_at", "search", "sort_key"}
    keys = [k for k in {**before, **after} if k not in skip]
    b = {k: before.get(k) for k in keys if before.get(k) != after.get(k)}
    a = {k: after.get(k) for k in keys if before.get(k) != after.get(k)}
    return b, a


def record(
    ledger: Ledger,
    action: str,
    table: str,
    summary: str,
    *,
    record_id: int | None = None,
    record_uuid: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit row. Must be called inside `ledger.transaction()`."""
    assert ledger.conn.in_transaction, "audit rows are written in the change's own transaction"
    b, a = _diff(before, after)
    ledger.db["audit"].insert(
        {
            "at": now_iso(),
            "user": ledger.user or "",
            "action": action,
            "table_name": table,
            "record_id": record_id,
            "record_uuid": record_uuid,
            "summary": summary,
            "before": json.dumps(b, ensure_ascii=False) if b else None,
            "after": json.dumps(a, ensure_ascii=False) if a else None,
        }
    )
