"""The contribution ledger: land, money, materials, labour, assets — pledged and received."""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.ledger import locks, rates, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.ledger.vocab import (
    CONTRIBUTION_KINDS,
    CONTRIBUTION_STATUSES,
    DEFAULT_UNITS,
    LAND_HANDOVER,
    LAND_TYPES,
)
from desktop.core.text.vnformat import format_decimal, format_vnd

LAND_FIELDS = ("land_map_sheet", "land_parcel", "land_type", "land_structures", "land_handover")
INPUT_FIELDS = (
    "contributor_id", "group_id", "work_id", "date", "kind", "quantity", "unit", "value_vnd", "status",
    "description", "evidence_no", "evidence_date", "note", *LAND_FIELDS,
)


def validate(ledger: Ledger, values: dict[str, Any]) -> dict[str, Any]:
    """Validate a whole contribution (new, or an existing one merged with the edits)."""
    form = Form(values)
    cid = values.get("contributor_id")
    contributor = ledger.conn.execute(
        "SELECT group_id FROM contributors WHERE id = ? AND deleted_at IS NULL", [cid]
    ).fetchone() if cid else None
    if contributor is None:
        form.error("contributor_id", "Người đóng góp: chưa chọn hoặc không có trong sổ.")
    form.set("contributor_id", cid)
    gid = values.get("group_id") or (contributor[0] if contributor else None)
    group_ok = gid and ledger.conn.execute("SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL", [gid]).fetchone()
    # Without a contributor one message is enough: the group follows the contributor once chosen.
    if not group_ok and (contributor is not None or gid):
        form.error("group_id", "Tổ dân phố: chưa chọn hoặc không có trong sổ.")
    form.set("group_id", gid)
    wid = values.get("work_id") or None
    if wid and not ledger.conn.execute("SELECT 1 FROM works WHERE id = ? AND deleted_at IS NULL", [wid]).fetchone():
        form.error("work_id", "Công trình: không có trong sổ.")
    form.set("work_id", wid)

    date = form.date("date", "Ngày", required=True)
    kind = form.choice("kind", "Hình thức", CONTRIBUTION_KINDS, required=True)
    if kind == "money":  # "2 triệu", "500k" read as meant, never as 2 or 500 đồng
        quantity = form.money("quantity", "Số tiền", required=True, positive=True, maximum=10**13)
    else:
        quantity = form.number("quantity", "Số lượng", required=True, positive=True, maximum=10**13)
    unit = form.text("unit", "Đơn vị tính", max_len=30)
    if kind in ("money", "land", "labour"):
        # The figures add these up (đồng, m², ngày công), so their unit is fixed.
        unit = DEFAULT_UNITS[kind]
    elif kind and not unit:
        unit = DEFAULT_UNITS[kind] or None
    form.set("unit", unit)
    status = form.choice("status", "Trạng thái", CONTRIBUTION_STATUSES, required=False) or "received"
    form.set("status", status)
    for key, label in (("description", "Nội dung"), ("evidence_no", "Số biên bản"), ("note", "Ghi chú")):
        form.text(key, label, max_len=500)
    form.date("evidence_date", "Ngày biên bản")

    if kind == "land":
        form.text("land_map_sheet", "Tờ bản đồ", max_len=20)
        form.text("land_parcel", "Thửa đất", max_len=20)
        form.choice("land_type", "Loại đất", LAND_TYPES, required=False)
        form.text("land_structures", "Vật kiến trúc, cây cối tháo dỡ", max_len=500)
        form.set("land_handover", form.choice("land_handover", "Tình trạng bàn giao", LAND_HANDOVER,
                                               required=False) or "pledged")
    else:
        for key in LAND_FIELDS:
            form.set(key, None)

    raw_value = values.get("value_vnd")
    entered = raw_value is not None and str(raw_value).strip() != ""
    if entered:
        value = form.integer("value_vnd", "Giá trị quy đổi (đồng)", maximum=10**14)
        form.set("value_entered", 1)
        form.set("rate_id", None)
    else:
        form.set("value_entered", 0)
        value = None
        if kind == "money" and quantity is not None and quantity != int(quantity):
            form.error("quantity", "Số tiền: phải là số nguyên đồng.")
        elif kind and quantity is not None and date:
            value, rate_id = computed_value(ledger, kind, quantity, unit, form.clean.get("land_type"), date)
            form.set("rate_id", rate_id)
            if value is None:
                form.error(
                    "value_vnd",
                    f"Giá trị quy đổi: chưa có đơn giá cho \"{CONTRIBUTION_KINDS[kind]}\" ({unit or 'không đơn vị'}) "
                    f"áp dụng tại ngày {date[8:10]}/{date[5:7]}/{date[:4]} — nhập giá trị, "
                    "hoặc thêm đơn giá trong Cài đặt.",
                )
        form.set("value_vnd", value)
    return form.done()


def computed_value(
    ledger: Ledger, kind: str, quantity: float, unit: str | None, land_type: str | None, date: str
) -> tuple[int | None, int | None]:
    """The value in đồng of a contribution from the rates (money: the amount itself), and the
    rate used; (None, None) when no rate applies."""
    if kind == "money":
        return int(quantity), None
    rate = rates.rate_for(ledger, kind, unit, land_type, date)
    if rate is None:
        return None, None
    return int(round(quantity * rate["price_vnd"])), rate["id"]


def _title(ledger: Ledger, v: dict[str, Any]) -> str:
    name = ledger.conn.execute("SELECT name FROM contributors WHERE id = ?", [v["contributor_id"]]).fetchone()
    qty = format_decimal(v["quantity"], 1, trim=True)
    return (f"{name[0] if name else '?'} — {CONTRIBUTION_KINDS.get(v['kind'], v['kind'])} {qty} {v.get('unit') or ''}"
            f" ({format_vnd(v['value_vnd'])} đ)")


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = validate(ledger, values)
    with ledger.transaction():
        locks.check_unlocked(ledger, clean["date"])
        return records.create(ledger, "contributions", clean, _title(ledger, clean))


def edit(ledger: Ledger, contribution_id: int, values: dict[str, Any]) -> Changes:
    with ledger.transaction():
        before = records.get(ledger, "contributions", contribution_id)
        merged = {k: before.get(k) for k in INPUT_FIELDS}
        if not before["value_entered"]:
            merged["value_vnd"] = None  # a computed value follows quantity, kind and date
        merged.update(values)
        clean = validate(ledger, merged)
        locks.check_unlocked(ledger, before["date"], clean["date"])
        records.update(ledger, "contributions", contribution_id, clean, _title(ledger, clean))
    return Changes().add("contributions", contribution_id)


def delete(ledger: Ledger, contribution_id: int) -> Changes:
    row = records.get(ledger, "contributions", contribution_id)
    locks.check_unlocked(ledger, row["date"])
    records.soft_delete(ledger, "contributions", contribution_id, _title(ledger, row))
    return Changes().add("contributions", contribution_id)


def restore(ledger: Ledger, contribution_id: int) -> Changes:
    row = records.get(ledger, "contributions", contribution_id)
    locks.check_unlocked(ledger, row["date"])
    records.restore(ledger, "contributions", contribution_id, _title(ledger, row))
    return Changes().add("contributions", contribution_id)
