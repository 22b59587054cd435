"""Works (công trình): roads, alleys, drainage, lighting, cultural houses, with their funding."""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import locks, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.ledger.vocab import WORK_KINDS, WORK_STATUSES
from desktop.core.text.vntext import fold, sort_key


def validate(ledger: Ledger, values: dict[str, Any], record_id: int | None = None) -> dict[str, Any]:
    creating = record_id is None
    form = Form(values)
    form.text("name", "Tên công trình", required=creating or "name" in values, max_len=300)
    form.choice("kind", "Loại công trình", WORK_KINDS, required=creating or "kind" in values)
    form.choice("status", "Trạng thái", WORK_STATUSES, required=creating or "status" in values)
    form.number("length_m", "Chiều dài (m)", maximum=200_000)
    wb = form.number("width_before_m", "Chiều rộng trước (m)", maximum=200)
    wa = form.number("width_after_m", "Chiều rộng sau (m)", maximum=200)
    if wb and wa and wa < wb:
        form.error("width_after_m", "Chiều rộng sau: nhỏ hơn chiều rộng trước — kiểm tra lại.")
    for key, label in (("budget_state_vnd", "Kinh phí ngân sách (đồng)"),
                       ("budget_social_vnd", "Kinh phí xã hội hóa (đồng)"),
                       ("budget_people_vnd", "Kinh phí Nhân dân đóng góp (đồng)")):
        form.integer(key, label, maximum=10**14)
        if form.clean.get(key) is None and key in form.clean:
            form.clean[key] = 0
    start = form.date("start_date", "Ngày khởi công")
    done = form.date("completed_date", "Ngày hoàn thành")
    status = form.clean.get("status")
    if status == "hoan_thanh" and "completed_date" in values and not done:
        form.error("completed_date", "Ngày hoàn thành: bắt buộc khi công trình đã hoàn thành.")
    if done and status not in (None, "hoan_thanh"):
        form.error("status", "Trạng thái: công trình có ngày hoàn thành thì phải là \"Hoàn thành\".")
    if start and done and done < start:
        form.error("completed_date", "Ngày hoàn thành: trước ngày khởi công.")
    form.text("meeting_ref", "Biên bản họp cộng đồng dân cư", max_len=200)
    form.date("meeting_date", "Ngày họp cộng đồng dân cư")
    form.text("note", "Ghi chú")
    if "group_ids" in values:
        ids = [int(g) for g in values.get("group_ids") or []]
        known = {r[0] for r in ledger.conn.execute("SELECT id FROM groups WHERE deleted_at IS NULL")}
        if any(g not in known for g in ids):
            form.error("group_ids", "Tổ dân phố: có tổ không còn trong sổ.")
        form.set("group_ids", ids)
    return form.done()


def _derived(clean: dict[str, Any], before: dict[str, Any] | None = None) -> dict[str, Any]:
    merged = {**(before or {}), **clean}
    out = {k: v for k, v in clean.items() if k != "group_ids"}
    out["sort_key"] = sort_key(merged["name"])
    out["search"] = fold(merged["name"])
    return out


_FIGURE_FIELDS = ("status", "completed_date", "length_m", "kind")


def _set_groups(ledger: Ledger, work_id: int, group_ids: list[int]) -> None:
    ledger.conn.execute("DELETE FROM work_groups WHERE work_id = ?", [work_id])
    ledger.db["work_groups"].insert_all([{"work_id": work_id, "group_id": g} for g in group_ids])


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = validate(ledger, values)
    with ledger.transaction():
        wid = records.create(ledger, "works", _derived(clean), clean["name"])
        _set_groups(ledger, wid, clean.get("group_ids", []))
    return wid


def edit(ledger: Ledger, work_id: int, values: dict[str, Any]) -> Changes:
    clean = validate(ledger, values, work_id)
    with ledger.transaction():
        before = records.get(ledger, "works", work_id)
        # A completed work counts in the figures of the period it was completed in (works_completed, road
        # length): once that period's report is issued, those fields are locked like its contributions.
        changed = any(k in clean and clean[k] != before.get(k) for k in _FIGURE_FIELDS)
        if changed and before["status"] == "hoan_thanh":
            locks.check_unlocked(ledger, before.get("completed_date"))
        if changed and clean.get("status", before["status"]) == "hoan_thanh":
            locks.check_unlocked(ledger, clean.get("completed_date", before.get("completed_date")))
        records.update(ledger, "works", work_id, _derived(clean, before), clean.get("name") or before["name"])
        if "group_ids" in clean:
            _set_groups(ledger, work_id, clean["group_ids"])
    return Changes().add("works", work_id).add("contributions")


def group_ids(ledger: Ledger, work_id: int) -> list[int]:
    return [r[0] for r in ledger.conn.execute("SELECT group_id FROM work_groups WHERE work_id = ?", [work_id])]


def delete(ledger: Ledger, work_id: int) -> Changes:
    row = records.get(ledger, "works", work_id)
    used = ledger.conn.execute(
        "SELECT count(*) FROM contributions WHERE work_id = ? AND deleted_at IS NULL", [work_id]
    ).fetchone()[0]
    if used:
        raise UserError(f"Không xóa được \"{row['name']}\": còn {used} khoản đóng góp cho công trình này.")
    records.soft_delete(ledger, "works", work_id, row["name"])
    return Changes().add("works", work_id)


def restore(ledger: Ledger, work_id: int) -> Changes:
    row = records.get(ledger, "works", work_id)
    records.restore(ledger, "works", work_id, row["name"])
    return Changes().add("works", work_id)
