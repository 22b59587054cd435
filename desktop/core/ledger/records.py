"""Create, update, soft-delete and restore one record, each in one transaction with its audit row.

The per-table modules (groups, contributors, works, contributions, rates) validate and then
call these, so the transaction-plus-audit rule lives in exactly one place.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

from db.connection import Ledger
from desktop.core.errors import NotFoundError
from desktop.core.ledger import audit

# What a clerk calls each table, for audit summaries and messages.
TABLE_NOUNS: dict[str, str] = {
    "groups": "tổ dân phố",
    "contributors": "người đóng góp",
    "works": "công trình",
    "contributions": "khoản đóng góp",
    "rates": "đơn giá quy đổi",
    "unit": "thông tin đơn vị",
    "targets": "chỉ tiêu",
    "report_drafts": "dự thảo báo cáo",
    "documents": "văn bản",
    "period_locks": "khóa kỳ báo cáo",
    "signing_keys": "khóa ký",
    "wards": "đơn vị cấp dưới",
    "packages": "tệp dữ liệu đã nhận",
    "award_kinds": "hình thức khen thưởng",
    "proposals": "đề nghị khen thưởng",
    "council_meetings": "cuộc họp Hội đồng Thi đua - Khen thưởng",
    "settings": "thiết lập khen thưởng",
    "council_members": "thành viên Hội đồng Thi đua - Khen thưởng",
    "group_events": "lần thành lập, sáp nhập tổ dân phố",
    "work_groups": "liên kết công trình – tổ dân phố",
    "reporting_units": "đơn vị báo cáo",
    "round_deadlines": "hạn nộp báo cáo",
    "unit_reports": "báo cáo của đơn vị",
    "indicator_values": "số nhập tay chỉ tiêu phong trào",
    "work_spending": "khoản chi công trình",
    "ward_keys": "khóa của đơn vị cấp dưới",
}


@dataclass
class Changes:
    """What a write touched, so views refresh only what changed (Anki's OpChanges)."""

    tables: set[str] = field(default_factory=set)
    ids: dict[str, set[int]] = field(default_factory=dict)

    def add(self, table: str, record_id: int | None = None) -> Changes:
        self.tables.add(table)
        if record_id is not None:
            self.ids.setdefault(table, set()).add(record_id)
        return self

    def merge(self, other: Changes) -> Changes:
        for t in other.tables:
            self.tables.add(t)
        for t, ids in other.ids.items():
            self.ids.setdefault(t, set()).update(ids)
        return self


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def get(ledger: Ledger, table: str, record_id: int) -> dict[str, Any]:
    row = ledger.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Không tìm thấy {TABLE_NOUNS.get(table, table)} số {record_id}.")
    cols = [d[0] for d in ledger.conn.execute(f"SELECT * FROM [{table}] LIMIT 0").description]
    return dict(zip(cols, row, strict=True))


def create(ledger: Ledger, table: str, values: dict[str, Any], title: str) -> int:
    """Insert a record (uuid and timestamps added) with its audit row; returns the new id."""
    now = audit.now_iso()
    row = {"uuid": values.get("uuid") or new_uuid(), "created_at": now, "updated_at": now, **values}
    with ledger.transaction() as db:
        record_id = db[table].insert(row).last_pk
        audit.record(
            ledger,
            "create",
            table,
            f"Thêm {TABLE_NOUNS.get(table, table)}: {title}",
            record_id=record_id,
            record_uuid=row["uuid"],
            after=values,
        )
    return int(record_id)


def update(ledger: Ledger, table: str, record_id: int, values: dict[str, Any], title: str) -> dict[str, Any]:
    """Update fields of a record with its audit row; returns the row as it was before."""
    with ledger.transaction() as db:
        before = get(ledger, table, record_id)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if changed:
            db[table].update(record_id, {**changed, "updated_at": audit.now_iso()})
            audit.record(
                ledger,
                "update",
                table,
                f"Sửa {TABLE_NOUNS.get(table, table)}: {title}",
                record_id=record_id,
                record_uuid=before["uuid"],
                before=before,
                after={**before, **changed},
            )
    return before


def soft_delete(ledger: Ledger, table: str, record_id: int, title: str) -> None:
    """Mark a record deleted; it stays in the file and `restore` brings it back (undo)."""
    with ledger.transaction() as db:
        before = get(ledger, table, record_id)
        if before.get("deleted_at"):
            return
        now = audit.now_iso()
        db[table].update(record_id, {"deleted_at": now, "updated_at": now})
        audit.record(
            ledger,
            "delete",
            table,
            f"Xóa {TABLE_NOUNS.get(table, table)}: {title}",
            record_id=record_id,
            record_uuid=before["uuid"],
            before={"deleted_at": None},
            after={"deleted_at": now},
        )


def restore(ledger: Ledger, table: str, record_id: int, title: str) -> None:
    with ledger.transaction() as db:
        before = get(ledger, table, record_id)
        if not before.get("deleted_at"):
            return
        db[table].update(record_id, {"deleted_at": None, "updated_at": audit.now_iso()})
        audit.record(
            ledger,
            "restore",
            table,
            f"Khôi phục {TABLE_NOUNS.get(table, table)}: {title}",
            record_id=record_id,
            record_uuid=before["uuid"],
            before={"deleted_at": before["deleted_at"]},
            after={"deleted_at": None},
        )
