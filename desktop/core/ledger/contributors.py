"""People, households, collectives and businesses who contribute."""

from __future__ import annotations

import re
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.ledger.vocab import CONTRIBUTOR_KINDS
from desktop.core.text.vntext import fold, person_sort_key, sort_key

PEOPLE = {"ho", "ca_nhan"}


def _keys(name: str, kind: str) -> str:
    # People are listed by given name then family name (Vietnamese practice); organisations by name.
    return person_sort_key(name) if kind in PEOPLE else sort_key(name)


def validate(ledger: Ledger, values: dict[str, Any], record_id: int | None = None) -> dict[str, Any]:
    creating = record_id is None
    form = Form(values)
    form.text("name", "Họ và tên", required=creating or "name" in values, max_len=200)
    form.choice("kind", "Đối tượng", CONTRIBUTOR_KINDS, required=creating or "kind" in values)
    if creating or "group_id" in values:
        gid = values.get("group_id")
        if not gid or not ledger.conn.execute(
            "SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL", [gid]
        ).fetchone():
            form.error("group_id", "Tổ dân phố: chưa chọn hoặc không có trong sổ.")
        form.set("group_id", gid)
    form.text("address", "Địa chỉ", max_len=300)
    form.integer("birth_year", "Năm sinh", minimum=1900, maximum=2030)
    phone = form.text("phone", "Điện thoại", max_len=20)
    if phone and not re.fullmatch(r"[0-9 .+()-]{8,20}", phone):
        form.error("phone", "Điện thoại: chỉ gồm chữ số (ví dụ 0912 345 678).")
    cccd = form.text("cccd", "Số CCCD", max_len=12)
    if cccd and not re.fullmatch(r"\d{12}", cccd):
        form.error("cccd", "Số CCCD: phải gồm đúng 12 chữ số.")
    form.text("note", "Ghi chú")
    return form.done()


def _derived(clean: dict[str, Any], before: dict[str, Any] | None = None) -> dict[str, Any]:
    merged = {**(before or {}), **clean}
    out = dict(clean)
    out["sort_key"] = _keys(merged["name"], merged["kind"])
    out["search"] = fold(f"{merged['name']} {merged.get('address') or ''}")
    return out


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = validate(ledger, values)
    return records.create(ledger, "contributors", _derived(clean), clean["name"])


def edit(ledger: Ledger, contributor_id: int, values: dict[str, Any]) -> Changes:
    clean = validate(ledger, values, contributor_id)
    with ledger.transaction():
        before = records.get(ledger, "contributors", contributor_id)
        records.update(ledger, "contributors", contributor_id, _derived(clean, before),
                       clean.get("name") or before["name"])
    return Changes().add("contributors", contributor_id).add("contributions")


def delete(ledger: Ledger, contributor_id: int) -> Changes:
    row = records.get(ledger, "contributors", contributor_id)
    used = ledger.conn.execute(
        "SELECT count(*) FROM contributions WHERE contributor_id = ? AND deleted_at IS NULL", [contributor_id]
    ).fetchone()[0]
    if used:
        raise UserError(f"Không xóa được \"{row['name']}\": còn {used} khoản đóng góp của người này. "
                        "Hãy xóa các khoản đóng góp trước.")
    records.soft_delete(ledger, "contributors", contributor_id, row["name"])
    return Changes().add("contributors", contributor_id)


def restore(ledger: Ledger, contributor_id: int) -> Changes:
    row = records.get(ledger, "contributors", contributor_id)
    records.restore(ledger, "contributors", contributor_id, row["name"])
    return Changes().add("contributors", contributor_id)
