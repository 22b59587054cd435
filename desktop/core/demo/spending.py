"""Demo: the thu – chi (receipts and spending) of two works, so the Thu – chi công trình page and its public notice
are filled — a completed work whose cash is spent to the last đồng (balance 0), and a work under construction with
a small surplus. Written through the service (`ledger.work_spending.add`: checks and audit row each), from the
works' own cash receipts, so the figures always agree with the demo's contributions."""

from __future__ import annotations

import datetime as dt

from db.connection import Ledger
from desktop.core.ledger import work_spending

# (item, share of the cash spent, document prefix): a typical settlement of a small concrete road or alley.
_ITEMS = (
    ("Mua xi măng PCB40, cát, đá 1x2 (vật liệu)", 0.46, "HĐ"),
    ("Thép, cốp pha, ống cống thoát nước (vật liệu)", 0.12, "HĐ"),
    ("Nhân công đổ bê tông, hoàn thiện mặt đường", 0.22, "BB"),
    ("Thuê máy trộn, máy đầm, xe vận chuyển (máy thi công)", 0.11, "HĐ"),
    ("Tháo dỡ, hoàn trả cổng, tường rào cho các hộ hiến đất", 0.05, "BB"),
)
_LAST_ITEM = "Biển công trình, lễ khánh thành, chi phí khác"

_CASH_SQL = """
SELECT w.id, w.status, w.start_date, w.completed_date, sum(c.value_vnd), max(c.date)
FROM works w JOIN contributions c ON c.work_id = w.id
WHERE w.deleted_at IS NULL AND c.deleted_at IS NULL AND c.status = 'received' AND c.kind = 'money'
GROUP BY w.id HAVING sum(c.value_vnd) >= 5000000 ORDER BY sum(c.value_vnd) DESC
"""


def _pick(ledger: Ledger, status: str, today: dt.date) -> tuple[int, int, dt.date, dt.date] | None:
    for wid, st, start, done, cash, last in ledger.conn.execute(_CASH_SQL):
        if st == status:
            first = dt.date.fromisoformat(start) if start else dt.date.fromisoformat(last) - dt.timedelta(days=60)
            end = min(today, dt.date.fromisoformat(done or last) + dt.timedelta(days=20))
            return wid, int(cash), first, max(first, end)
    return None


def _rows(work_id: int, cash: int, first: dt.date, end: dt.date, keep: int) -> list[dict]:
    """Rows that spend `cash - keep` đồng, rounded to thousands, dated across the works' days in order."""
    to_spend = cash - keep
    days = max((end - first).days, 1)
    rows, spent = [], 0
    for i, (item, share, prefix) in enumerate(_ITEMS):
        amount = int(to_spend * share) // 1000 * 1000
        spent += amount
        day = first + dt.timedelta(days=days * (i + 1) // (len(_ITEMS) + 1))
        rows.append({"work_id": work_id, "item": item, "amount_vnd": amount, "spent_on": day.isoformat(),
                     "document": f"{prefix} {i + 1:02d}/{day.year}"})
    rows.append({"work_id": work_id, "item": _LAST_ITEM, "amount_vnd": to_spend - spent, "spent_on": end.isoformat(),
                 "document": f"PC {len(_ITEMS) + 1:02d}/{end.year}", "note": "Khoản cuối, khớp số quyết toán"})
    return rows


def build_spending(ledger: Ledger, today: dt.date) -> dict[str, int]:
    """Spending rows of the completed work with the most cash (balance 0) and of a work under construction (a
    small surplus, about 2% kept for the finishing works)."""
    count = 0
    for status, keep_share in (("hoan_thanh", 0.0), ("dang_thi_cong", 0.02)):
        picked = _pick(ledger, status, today)
        if picked is None:
            continue
        wid, cash, first, end = picked
        for row in _rows(wid, cash, first, end, int(cash * keep_share) // 10_000 * 10_000):
            work_spending.add(ledger, row, today)
            count += 1
    return {"work_spending": count}
