"""The register of tổ dân phố / thôn: add, edit, rename, merge, delete with undo."""

from __future__ import annotations

import re
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import audit, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.text.vntext import fold, sort_key

TEXT_FIELDS = {
    "leader": "Tổ trưởng",
    "deputy": "Tổ phó",
    "party_secretary": "Bí thư chi bộ",
    "front_head": "Trưởng ban công tác Mặt trận",
    "phone": "Điện thoại",
    "note": "Ghi chú",
}


def _search_text(v: dict[str, Any]) -> str:
    return fold(" ".join(str(v.get(k) or "") for k in ("name", "leader", "deputy", "party_secretary", "front_head")))


def validate(ledger: Ledger, values: dict[str, Any], record_id: int | None = None) -> dict[str, Any]:
    form = Form(values)
    name = form.text("name", "Tên tổ dân phố", required=record_id is None or "name" in values, max_len=120)
    for key, label in TEXT_FIELDS.items():
        form.text(key, label)
    form.integer("households", "Số hộ", maximum=100_000)
    form.integer("population", "Số nhân khẩu", maximum=500_000)
    if name:
        clash = _name_taken(ledger, name, record_id)
        if clash:
            form.error("name", f"Tên tổ dân phố: đã có \"{name}\" trong sổ.")
    return form.done()


def _name_taken(ledger: Ledger, name: str, record_id: int | None) -> bool:
    target = fold(name)
    for rid, other in ledger.conn.execute("SELECT id, name FROM groups WHERE deleted_at IS NULL"):
        if rid != record_id and fold(other) == target:
            return True
    return False


def _derived(clean: dict[str, Any], before: dict[str, Any] | None = None) -> dict[str, Any]:
    merged = {**(before or {}), **clean}
    out = dict(clean)
    if "name" in clean:
        out["sort_key"] = sort_key(clean["name"])
    out["search"] = _search_text(merged)
    return out


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = validate(ledger, values)
    clean.setdefault("active", 1)
    with ledger.transaction():
        gid = records.create(ledger, "groups", _derived(clean), clean["name"])
        ledger.db["group_events"].insert(
            {"group_id": gid, "date": audit.now_iso()[:10], "kind": "create", "detail": clean["name"],
             "created_at": audit.now_iso()}
        )
    return gid


def edit(ledger: Ledger, group_id: int, values: dict[str, Any]) -> Changes:
    clean = validate(ledger, values, group_id)
    with ledger.transaction():
        before = records.get(ledger, "groups", group_id)
        records.update(ledger, "groups", group_id, _derived(clean, before), clean.get("name") or before["name"])
        if clean.get("name") and clean["name"] != before["name"]:
            ledger.db["group_events"].insert(
                {"group_id": group_id, "date": audit.now_iso()[:10], "kind": "rename",
                 "detail": f"{before['name']} → {clean['name']}", "created_at": audit.now_iso()}
            )
    return Changes().add("groups", group_id)


def merge(ledger: Ledger, group_id: int, into_id: int, date: str) -> Changes:
    """Merge one group into another: the old one becomes inactive and points at its successor.
    Contributions keep the group they were made in, so past reports stay as they were."""
    if group_id == into_id:
        raise UserError("Không thể sáp nhập tổ dân phố vào chính nó.")
    with ledger.transaction():
        old = records.get(ledger, "groups", group_id)
        new = records.get(ledger, "groups", into_id)
        records.update(ledger, "groups", group_id, {"active": 0, "merged_into_id": into_id},
                       f"{old['name']} sáp nhập vào {new['name']}")
        ledger.db["group_events"].insert(
            {"group_id": group_id, "date": date, "kind": "merge",
             "detail": f"Sáp nhập vào {new['name']}", "created_at": audit.now_iso()}
        )
    return Changes().add("groups", group_id).add("groups", into_id)


def delete(ledger: Ledger, group_id: int) -> Changes:
    row = records.get(ledger, "groups", group_id)
    used = ledger.conn.execute(
        "SELECT count(*) FROM contributions WHERE group_id = ? AND deleted_at IS NULL", [group_id]
    ).fetchone()[0]
    if used:
        raise UserError(
            f"Không xóa được \"{row['name']}\": còn {used} khoản đóng góp thuộc tổ này. "
            "Nếu tổ đã sáp nhập, hãy dùng chức năng Sáp nhập."
        )
    records.soft_delete(ledger, "groups", group_id, row["name"])
    return Changes().add("groups", group_id)


def restore(ledger: Ledger, group_id: int) -> Changes:
    row = records.get(ledger, "groups", group_id)
    records.restore(ledger, "groups", group_id, row["name"])
    return Changes().add("groups", group_id)


def find_by_name(ledger: Ledger, name: str) -> int | None:
    """Match a group by name as a clerk writes it: accents/case ignored, and by number
    ("Tổ 3", "TDP số 3", "3" → "Tổ dân phố 3")."""
    target = fold(name)
    rows = ledger.conn.execute("SELECT id, name FROM groups WHERE deleted_at IS NULL").fetchall()
    for rid, other in rows:
        if fold(other) == target:
            return rid
    number = _number_of(target)
    if number is not None:
        hits = [rid for rid, other in rows if _number_of(fold(other)) == number]
        if len(hits) == 1:
            return hits[0]
    return None


def _number_of(folded: str) -> str | None:
    m = re.fullmatch(r"(?:(?:to dan pho|to|tdp|thon|khu pho|kp)\s*(?:so)?\s*)?0*(\d+)", folded.strip())
    return m.group(1) if m else None
