"""Công khai thu – chi: the balance of the money mobilised from residents for a work — what was received (from the
ledger's contributions), what was spent (the work's settlement rows, `ledger.work_spending`), and what is left.

Legal source: Luật Thực hiện dân chủ ở cơ sở 2022 (Luật số 10/2022/QH15), Điều 11 (the contents the commune must
publish, among them the contributions mobilised from the people and their management and use) and Điều 15 (the
people decide the contributions to public works and their thu, chi, quản lý). The notice itself is
`report.spending_notice`.

Counting rule: the figures' (figures._CONTRIB_SQL): a contribution counts once received (status 'received', not
deleted). "Received" in cash is what was given as money (kind 'money'); gifts in kind (land, materials, labour,
assets, other) have a converted value but are not cash that can be spent: they are shown apart, labelled, and
never added to the cash balance. A negative balance is shown as such ("chi vượt số thu"), never hidden.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import records, work_spending
from desktop.core.ledger.periods import Period
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.text.vnformat import format_date, format_int

_RECEIVED = "c.work_id = ? AND c.deleted_at IS NULL AND c.status = 'received' AND (? IS NULL OR c.date <= ?)"

_BY_KIND_SQL = f"""
SELECT c.kind, coalesce(sum(c.value_vnd), 0) FROM contributions c WHERE {_RECEIVED} GROUP BY c.kind
"""

_BY_GROUP_SQL = f"""
SELECT g.id, g.name, g.leader,
  coalesce(sum(CASE WHEN c.kind = 'money' THEN c.value_vnd END), 0),
  coalesce(sum(CASE WHEN c.kind <> 'money' THEN c.value_vnd END), 0),
  count(DISTINCT CASE WHEN c.kind = 'money' THEN c.contributor_id END)
FROM contributions c JOIN groups g ON g.id = c.group_id
WHERE {_RECEIVED}
GROUP BY g.id ORDER BY g.sort_key, g.id
"""

# Name and address only: a notice is posted in public, so no CCCD or phone number is ever selected (ND 13/2023).
_GIVERS_SQL = f"""
SELECT p.name, p.address, g.name, sum(c.value_vnd), count(*)
FROM contributions c JOIN contributors p ON p.id = c.contributor_id JOIN groups g ON g.id = c.group_id
WHERE {_RECEIVED} AND c.kind = 'money' AND (? IS NULL OR c.group_id = ?)
GROUP BY p.id ORDER BY g.sort_key, g.id, p.sort_key, p.id
"""


def _args(work_id: int, until: str | None) -> list[Any]:
    return [work_id, until, until]


def work_balance(ledger: Ledger, work_id: int, until: str | None = None) -> dict[str, Any]:
    """Received (cash), spent and the balance of one work up to `until` (an ISO date; None: everything), with the
    gifts in kind by kind (their converted value, apart) and each tổ dân phố's share of the receipts."""
    kinds = dict(ledger.conn.execute(_BY_KIND_SQL, _args(work_id, until)).fetchall())
    received = int(kinds.pop("money", 0))
    spent_rows = work_spending.rows(ledger, work_id, until)
    spent = sum(int(r["amount_vnd"]) for r in spent_rows)
    groups = [{"group_id": gid, "group": name, "leader": leader or "", "received_vnd": int(cash),
               "in_kind_vnd": int(kind_value), "givers": int(n)}
              for gid, name, leader, cash, kind_value, n in
              ledger.conn.execute(_BY_GROUP_SQL, _args(work_id, until)).fetchall()]
    in_kind = {k: int(v) for k, v in kinds.items() if v}
    return {
        "work_id": work_id, "until": until, "received_vnd": received, "spent_vnd": spent,
        "balance_vnd": received - spent, "overspent": spent > received,
        "in_kind_vnd": sum(in_kind.values()), "in_kind": in_kind, "groups": groups, "spending": spent_rows,
    }


def givers(ledger: Ledger, work_id: int, until: str | None = None, group_id: int | None = None
           ) -> list[dict[str, Any]]:
    """Who gave money to the work (one row per contributor: name, address, tổ, amount), by tổ then name."""
    args = [*_args(work_id, until), group_id, group_id]
    keys = ("name", "address", "group", "amount_vnd", "times")
    return [dict(zip(keys, r, strict=True)) for r in ledger.conn.execute(_GIVERS_SQL, args)]


def balance_words(balance: dict[str, Any]) -> str:
    """"còn lại 1.500.000 đồng", "chi vượt số thu 2.000.000 đồng", "đã chi hết (còn lại 0 đồng)"."""
    left = balance["balance_vnd"]
    if left < 0:
        return f"chi vượt số thu {format_int(-left)} đồng"
    if left == 0:
        return "đã chi hết (còn lại 0 đồng)"
    return f"còn lại {format_int(left)} đồng"


def in_kind_words(in_kind: dict[str, int]) -> str:
    """"hiến đất 120.000.000 đồng, ngày công 4.500.000 đồng" (the converted values, each labelled)."""
    return ", ".join(f"{CONTRIBUTION_KINDS.get(k, k).lower()} {format_int(v)} đồng" for k, v in in_kind.items())


_KEPT_WORKS_SQL = """
SELECT w.id, w.name, w.status FROM works w
WHERE w.deleted_at IS NULL AND EXISTS (
  SELECT 1 FROM work_spending s WHERE s.work_id = w.id AND s.deleted_at IS NULL AND s.spent_on <= ?)
ORDER BY w.sort_key, w.id
"""


def spending_summary(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """One row per work whose thu – chi the clerk keeps (it has spending rows by the period's end) and that is
    still open in the period (money came in or went out in it, or a balance was carried into it): the cash
    received, spent and the balance to the period's end (lũy kế — what the notice board shows), and the period's
    own receipts and spending."""
    out = []
    for work_id, name, status in ledger.conn.execute(_KEPT_WORKS_SQL, [period.end]).fetchall():
        to_end = work_balance(ledger, work_id, period.end)
        before = work_balance(ledger, work_id, _day_before(period.start))
        row = {
            "work_id": work_id, "work": name, "status": status,
            "received_vnd": to_end["received_vnd"], "spent_vnd": to_end["spent_vnd"],
            "balance_vnd": to_end["balance_vnd"], "overspent": to_end["overspent"],
            "in_kind_vnd": to_end["in_kind_vnd"],
            "received_in_period_vnd": to_end["received_vnd"] - before["received_vnd"],
            "spent_in_period_vnd": to_end["spent_vnd"] - before["spent_vnd"],
        }
        if row["received_in_period_vnd"] or row["spent_in_period_vnd"] or before["balance_vnd"]:
            out.append(row)
    return out


def _day_before(iso: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def spending_sentence(ledger: Ledger, period: Period) -> str:
    """One sentence for the report (section on the people's contributions), from `spending_summary`; "" when no
    work had cash receipts or spending in the period."""
    rows = spending_summary(ledger, period)
    if not rows:
        return ""
    received = sum(r["received_vnd"] for r in rows)
    spent = sum(r["spent_vnd"] for r in rows)
    over = [r for r in rows if r["overspent"]]
    text = (f"Thực hiện công khai thu, chi các khoản Nhân dân đóng góp theo Luật Thực hiện dân chủ ở cơ sở năm "
            f"2022: {len(rows)} công trình có thu, chi trong {period.label}; lũy kế đến ngày "
            f"{format_date(period.end)} đã thu {format_int(received)} đồng tiền mặt, đã chi {format_int(spent)} "
            f"đồng, {balance_words({'balance_vnd': received - spent})}")
    if over:
        names = ", ".join(f"{r['work']} ({format_int(r['spent_vnd'] - r['received_vnd'])} đồng)" for r in over)
        text += f"; chi vượt số thu ở {len(over)} công trình: {names}"
    return text + "."


def export_xlsx(ledger: Ledger, work_id: int, path: str | Path) -> Path:
    """The work's spending rows as a workbook (real numbers and dates), the total as its last row."""
    from desktop.core.files import xlsx_export

    work = records.get(ledger, "works", work_id)
    balance = work_balance(ledger, work_id)
    headers = ["STT", "Nội dung chi", "Ngày chi", "Chứng từ", "Số tiền (đồng)", "Ghi chú"]
    kinds = ["int", "text", "date", "text", "vnd", "text"]
    body = [[i, r["item"], r["spent_on"], r["document"] or "", r["amount_vnd"], r["note"] or ""]
            for i, r in enumerate(balance["spending"], start=1)]
    total = ["", "Tổng cộng", "", "", balance["spent_vnd"], balance_words(balance)]
    return xlsx_export.export_table(path, f"Thu chi {work['name']}", headers, body, kinds, total)
