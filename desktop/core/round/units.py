"""The register of reporting units (seed 000 §VI: "cán bộ, công chức chuyên môn UBND phường; Mặt trận, các Hội
đoàn thể phường; các Tổ dân phố báo cáo ... về UBND phường"): who must report in the round, with a contact person.

Every write goes through `desktop.core.ledger.records` (one transaction with its audit row), so the register has
its history in Lịch sử thay đổi. A unit is deactivated, never deleted: its past reports keep their sender.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.figures import indicator_catalogue
from desktop.core.ledger import records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.text.vntext import fold

TABLE = "reporting_units"
COLUMNS = ("id", "kind", "name", "field", "group_id", "contact_name", "contact_phone", "active", "sort_order",
           "note")
# Where a kind stands in the register when no sort order is typed: the order of seed 000 §VI.
KIND_ORDER = {"cong_chuc": 100, "mat_tran": 200, "doan_the": 300, "to_dan_pho": 400}


def kind_label(kind: str) -> str:
    return indicator_catalogue.load().unit_kinds.get(kind, kind)


def field_label(field: str | None) -> str:
    return indicator_catalogue.load().fields.get(field or "", field or "")


def validate(ledger: Ledger, values: dict[str, Any], unit_id: int | None = None) -> dict[str, Any]:
    """Clean values for a unit; every problem at once, next to its field (ValidationError)."""
    cat = indicator_catalogue.load()
    before = records.get(ledger, TABLE, unit_id) if unit_id else {}
    form = Form(values)
    form.choice("kind", "Loại đơn vị", cat.unit_kinds, required=unit_id is None or "kind" in values)
    name = form.text("name", "Tên đơn vị", required=unit_id is None or "name" in values, max_len=160)
    form.text("contact_name", "Người liên hệ", max_len=120)
    form.text("contact_phone", "Điện thoại", max_len=40)
    form.text("note", "Ghi chú")
    if form.integer("sort_order", "Thứ tự", maximum=100_000) is None:
        form.clean.pop("sort_order", None)  # left blank: the unit keeps its place (a new one goes last of its kind)
    kind = form.clean.get("kind") or before.get("kind")
    if "field" in values or (kind == "cong_chuc" and not before.get("field")):
        if kind == "cong_chuc":
            form.choice("field", "Lĩnh vực", cat.fields)
        elif values.get("field"):
            form.error("field", "Lĩnh vực: chỉ công chức chuyên môn có lĩnh vực.")
        else:
            form.set("field", None)
    _check_group(ledger, form, values, kind, before)
    if name and _name_taken(ledger, name, unit_id):
        form.error("name", f"Tên đơn vị: đã có \"{name}\" trong danh sách đơn vị báo cáo.")
    return form.done()


def _check_group(ledger: Ledger, form: Form, values: dict[str, Any], kind: str | None,
                 before: dict[str, Any]) -> None:
    """A tổ dân phố's unit points at its register row (one unit per tổ); other kinds have none."""
    if "group_id" not in values:
        if kind == "to_dan_pho" and not before.get("group_id"):
            form.error("group_id", "Tổ dân phố: chưa chọn tổ trong danh sách tổ dân phố.")
        return
    group_id = values.get("group_id")
    if kind != "to_dan_pho":
        if group_id:
            form.error("group_id", "Tổ dân phố: chỉ đơn vị loại tổ dân phố gắn với một tổ.")
        form.set("group_id", None)
        return
    row = ledger.conn.execute("SELECT id FROM groups WHERE id = ? AND deleted_at IS NULL",
                              [group_id]).fetchone() if group_id else None
    if row is None:
        form.error("group_id", "Tổ dân phố: không có trong danh sách tổ dân phố (Danh mục → Tổ dân phố).")
        return
    other = ledger.conn.execute(
        "SELECT name FROM reporting_units WHERE group_id = ? AND deleted_at IS NULL AND id IS NOT ?",
        [group_id, before.get("id")]).fetchone()
    if other:
        form.error("group_id", f"Tổ dân phố: đã có đơn vị báo cáo \"{other[0]}\" cho tổ này.")
    form.set("group_id", int(group_id))


def _name_taken(ledger: Ledger, name: str, unit_id: int | None) -> bool:
    target = fold(name)
    return any(rid != unit_id and fold(other) == target for rid, other in ledger.conn.execute(
        "SELECT id, name FROM reporting_units WHERE deleted_at IS NULL"))


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    with ledger.transaction():  # decided inside the write lock: two clerks cannot add the same name twice
        clean = validate(ledger, values)
        clean.setdefault("active", 1)
        if clean.get("sort_order") is None:
            clean["sort_order"] = _next_order(ledger, clean["kind"])
        return records.create(ledger, TABLE, clean, clean["name"])


def edit(ledger: Ledger, unit_id: int, values: dict[str, Any]) -> Changes:
    with ledger.transaction():
        clean = validate(ledger, values, unit_id)
        before = records.get(ledger, TABLE, unit_id)
        records.update(ledger, TABLE, unit_id, clean, clean.get("name") or before["name"])
    return Changes().add(TABLE, unit_id)


def set_active(ledger: Ledger, unit_id: int, active: bool) -> Changes:
    """Deactivate (it no longer has to report; its past reports stay) or bring a unit back."""
    with ledger.transaction():
        before = records.get(ledger, TABLE, unit_id)
        if before.get("deleted_at"):
            raise UserError(f"Đơn vị báo cáo số {unit_id} đã bị xóa.")
        verb = "Đang báo cáo" if active else "Thôi báo cáo"
        records.update(ledger, TABLE, unit_id, {"active": 1 if active else 0}, f"{before['name']} — {verb}")
    return Changes().add(TABLE, unit_id)


def _next_order(ledger: Ledger, kind: str) -> int:
    base = KIND_ORDER.get(kind, 900)
    top = ledger.conn.execute(
        "SELECT max(sort_order) FROM reporting_units WHERE kind = ? AND deleted_at IS NULL", [kind]).fetchone()[0]
    return max(base, int(top or 0)) + 1


def get(ledger: Ledger, unit_id: int) -> dict[str, Any]:
    row = records.get(ledger, TABLE, unit_id)
    if row.get("deleted_at"):
        raise UserError(f"Không tìm thấy đơn vị báo cáo số {unit_id}.")
    return row


def list_units(ledger: Ledger, *, active_only: bool = False) -> list[dict[str, Any]]:
    """The register in its order (công chức, Mặt trận, đoàn thể, tổ dân phố), with labels to show."""
    sql = (f"SELECT {', '.join('u.' + c for c in COLUMNS)}, g.name FROM reporting_units u "
           "LEFT JOIN groups g ON g.id = u.group_id WHERE u.deleted_at IS NULL")
    if active_only:
        sql += " AND u.active = 1"
    out = []
    for row in ledger.conn.execute(sql + " ORDER BY u.sort_order, u.id"):
        item = dict(zip((*COLUMNS, "group_name"), row, strict=True))
        item["kind_label"] = kind_label(item["kind"])
        item["field_label"] = field_label(item["field"])
        out.append(item)
    return out


def ensure_units(ledger: Ledger) -> Changes:
    """Make sure every active tổ dân phố of the register has its unit, and offer the catalogue's default units
    (công chức by field, MTTQ, đoàn thể) when the register has none of them yet (its first use). Decided
    inside the write transaction, so two windows opening the round at once add each unit once; idempotent."""
    changes = Changes()
    with ledger.transaction():
        conn = ledger.conn
        missing = conn.execute(
            "SELECT g.id, g.name FROM groups g WHERE g.deleted_at IS NULL AND coalesce(g.active, 1) = 1 "
            "AND NOT EXISTS (SELECT 1 FROM reporting_units u WHERE u.group_id = g.id AND u.deleted_at IS NULL) "
            "ORDER BY g.sort_key, g.id").fetchall()
        for group_id, name in missing:
            values = {"kind": "to_dan_pho", "name": name, "group_id": group_id, "active": 1,
                      "sort_order": _next_order(ledger, "to_dan_pho")}
            changes.add(TABLE, records.create(ledger, TABLE, values, name))
        others = conn.execute("SELECT count(*) FROM reporting_units WHERE kind <> 'to_dan_pho'").fetchone()[0]
        if not others:  # counted with deleted rows too: a clerk who removed them all is not offered them again
            for item in indicator_catalogue.load().default_units:
                values = {"kind": item["kind"], "name": item["name"], "field": item.get("field"), "active": 1,
                          "sort_order": _next_order(ledger, item["kind"])}
                changes.add(TABLE, records.create(ledger, TABLE, values, item["name"]))
    return changes
