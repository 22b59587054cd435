"""Unit rates (đơn giá quy đổi): how a m² of land, a day of labour or a tonne of material is
valued in đồng, each with the legal basis and the date from which it applies."""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.ledger import records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, LAND_TYPES
from desktop.core.text.vnformat import format_vnd
from desktop.core.text.vntext import fold


def validate(ledger: Ledger, values: dict[str, Any], record_id: int | None = None) -> dict[str, Any]:
    creating = record_id is None
    form = Form(values)
    kind = form.choice("kind", "Hình thức", CONTRIBUTION_KINDS, required=creating or "kind" in values)
    if kind == "money":
        form.error("kind", "Hình thức: đóng góp bằng tiền không cần đơn giá (giá trị chính là số tiền).")
    form.text("unit", "Đơn vị tính", required=creating or "unit" in values, max_len=30)
    form.choice("land_type", "Loại đất", LAND_TYPES, required=False)
    form.text("name", "Tên đơn giá", max_len=200)
    form.integer("price_vnd", "Đơn giá (đồng)", required=creating or "price_vnd" in values, positive=True,
                 maximum=10**12)
    form.date("effective_date", "Áp dụng từ ngày", required=creating or "effective_date" in values)
    form.text("legal_basis", "Căn cứ", max_len=300)
    form.text("note", "Ghi chú")
    return form.done()


def _title(v: dict[str, Any]) -> str:
    name = v.get("name") or CONTRIBUTION_KINDS.get(v.get("kind") or "", "")
    return f"{name} {format_vnd(v.get('price_vnd') or 0)} đ/{v.get('unit')}"


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = validate(ledger, values)
    return records.create(ledger, "rates", clean, _title(clean))


def edit(ledger: Ledger, rate_id: int, values: dict[str, Any]) -> Changes:
    clean = validate(ledger, values, rate_id)
    before = records.get(ledger, "rates", rate_id)
    records.update(ledger, "rates", rate_id, clean, _title({**before, **clean}))
    return Changes().add("rates", rate_id)


def delete(ledger: Ledger, rate_id: int) -> Changes:
    row = records.get(ledger, "rates", rate_id)
    records.soft_delete(ledger, "rates", rate_id, _title(row))
    return Changes().add("rates", rate_id)


def restore(ledger: Ledger, rate_id: int) -> Changes:
    row = records.get(ledger, "rates", rate_id)
    records.restore(ledger, "rates", rate_id, _title(row))
    return Changes().add("rates", rate_id)


def rate_for(ledger: Ledger, kind: str, unit: str | None, land_type: str | None, date: str) -> dict[str, Any] | None:
    """The rate in force on `date` for this kind and unit: a rate for the exact land type wins over
    a general one; among those, the latest effective date not after `date`."""
    rows = ledger.conn.execute(
        "SELECT id, unit, land_type, price_vnd, effective_date FROM rates "
        "WHERE kind = ? AND deleted_at IS NULL AND effective_date <= ? ORDER BY effective_date DESC, id DESC",
        [kind, date],
    ).fetchall()
    unit_f = fold(unit or "")
    candidates = [r for r in rows if not unit_f or fold(r[1]) == unit_f]
    for want_specific in (True, False):
        for r in candidates:
            if want_specific and land_type and r[2] == land_type:
                return {"id": r[0], "price_vnd": r[3]}
            if not want_specific and r[2] is None:
                return {"id": r[0], "price_vnd": r[3]}
    return None
