"""What was spent of the money mobilised from residents for a work (table `work_spending`), for its public notice
of receipts and spending (Luật Thực hiện dân chủ ở cơ sở 2022, Điều 11: the commune publishes the contributions it
mobilises from the people and their use; Điều 15: the people decide them and their thu, chi, quản lý).

A row is an item of the work's settlement (quyết toán): what (vật liệu, nhân công, máy thi công…), how much in
whole đồng, on which day, from which document (chứng từ). Add / edit / soft delete / restore go through the one
write path (`records`, with its audit row). It lives in `ledger` (not `report`) so the intake importer of a
settlement workbook can write through the same checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.errors import ValidationError
from desktop.core.ledger import records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_date, format_int
from desktop.core.text.vntext import fold

TABLE = "work_spending"
INPUT_FIELDS = ("work_id", "item", "amount_vnd", "spent_on", "document", "note")
MAX_AMOUNT_VND = 10**13  # the same ceiling as a contribution's amount (contributions.validate)

_LIVE_SQL = f"SELECT * FROM {TABLE} WHERE work_id = ? AND deleted_at IS NULL ORDER BY spent_on, id"


def validate(ledger: Ledger, values: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """A whole row (new, or an existing one merged with the edits): every problem at once, by field."""
    form = Form(values)
    wid = values.get("work_id")
    if not wid or not ledger.conn.execute("SELECT 1 FROM works WHERE id = ? AND deleted_at IS NULL",
                                          [wid]).fetchone():
        form.error("work_id", "Công trình: chưa chọn hoặc không có trong sổ.")
    form.set("work_id", wid)
    form.text("item", "Nội dung chi", required=True, max_len=300)
    # Whole đồng, more than 0: "2 triệu", "1.500.000", "500k" read as meant (text.money).
    form.money("amount_vnd", "Số tiền", required=True, positive=True, maximum=MAX_AMOUNT_VND)
    # Money spent is a fact of the past: a date after today is a typing slip (the year, most often).
    day = form.date("spent_on", "Ngày chi", required=True)
    today = today or dt.date.today()
    if day and day > today.isoformat():
        form.error("spent_on", f"Ngày chi: {format_date(day)} còn ở phía trước (hôm nay là {today:%d/%m/%Y}) — "
                               "khoản đã chi phải có ngày đã qua; kiểm tra lại năm.")
    form.text("document", "Chứng từ", max_len=200)
    form.text("note", "Ghi chú", max_len=500)
    return form.done()


def row_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two rows the same entry: the item, amount, day and document, accents and case aside."""
    return (fold(row.get("item") or ""), int(row.get("amount_vnd") or 0), row.get("spent_on") or "",
            fold(row.get("document") or ""))


def duplicate_of(ledger: Ledger, clean: dict[str, Any], record_id: int | None = None) -> dict[str, Any] | None:
    """The live row of the same work that `clean` repeats, if any (an entry typed or imported twice)."""
    key = row_key(clean)
    for row in rows(ledger, int(clean["work_id"])):
        if row["id"] != record_id and row_key(row) == key:
            return row
    return None


def duplicate_message(row: dict[str, Any]) -> str:
    return (f"Khoản chi này đã có trong sổ: \"{row['item']}\", {format_int(row['amount_vnd'])} đồng, ngày "
            f"{format_date(row['spent_on'])}" + (f", chứng từ {row['document']}" if row.get("document") else "")
            + ". Nếu đúng là hai khoản khác nhau, hãy ghi rõ số chứng từ.")


def title(row: dict[str, Any]) -> str:
    return f"{row['item']} — {format_int(row['amount_vnd'])} đồng, ngày {format_date(row['spent_on'])}"


def add(ledger: Ledger, values: dict[str, Any], today: dt.date | None = None) -> int:
    clean = validate(ledger, {k: values.get(k) for k in INPUT_FIELDS}, today)
    with ledger.transaction():  # decided inside the write: a row added meanwhile counts
        same = duplicate_of(ledger, clean)
        if same is not None:
            raise ValidationError({"item": duplicate_message(same)})
        return records.create(ledger, TABLE, clean, title(clean))


def edit(ledger: Ledger, record_id: int, values: dict[str, Any], today: dt.date | None = None) -> Changes:
    with ledger.transaction():
        before = records.get(ledger, TABLE, record_id)
        merged = {k: values.get(k, before.get(k)) for k in INPUT_FIELDS}
        merged["work_id"] = before["work_id"]  # a row stays with its work
        clean = validate(ledger, merged, today)
        same = duplicate_of(ledger, clean, record_id)
        if same is not None:
            raise ValidationError({"item": duplicate_message(same)})
        records.update(ledger, TABLE, record_id, clean, title(clean))
    return Changes().add(TABLE, record_id)


def delete(ledger: Ledger, record_id: int) -> Changes:
    row = records.get(ledger, TABLE, record_id)
    records.soft_delete(ledger, TABLE, record_id, title(row))
    return Changes().add(TABLE, record_id)


def restore(ledger: Ledger, record_id: int) -> Changes:
    row = records.get(ledger, TABLE, record_id)
    records.restore(ledger, TABLE, record_id, title(row))
    return Changes().add(TABLE, record_id)


def rows(ledger: Ledger, work_id: int, until: str | None = None) -> list[dict[str, Any]]:
    """The live rows of a work by date (those spent on or before `until`, an ISO date, when given)."""
    cur = ledger.conn.execute(_LIVE_SQL, [work_id])
    cols = [d[0] for d in cur.description]
    out = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return [r for r in out if until is None or r["spent_on"] <= until]
