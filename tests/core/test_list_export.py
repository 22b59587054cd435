"""Every list page exports to xlsx what the clerk sees: same rows, same order, real numbers, a totals row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from db.connection import Ledger
from desktop.core.ledger import lists


def test_contributions_export_matches_the_list(demo_ledger: Ledger, tmp_path: Path) -> None:
    q = lists.Query(search="", filters={"kind": "land"}, sort="value_vnd", descending=True)
    result = lists.run(demo_ledger, lists.CONTRIBUTIONS, q)
    n = lists.export_xlsx(demo_ledger, lists.CONTRIBUTIONS, q, str(tmp_path / "dg.xlsx"), "Đóng góp")
    assert n == len(result.ids) > 0
    ws = load_workbook(tmp_path / "dg.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    headers = [c.header for c in lists.CONTRIBUTIONS.columns]
    header_at = next(i for i, r in enumerate(rows) if list(r[: len(headers)]) == headers)
    body = rows[header_at + 1: header_at + 1 + n]
    value_col = [c.key for c in lists.CONTRIBUTIONS.columns].index("value_vnd")
    values = [r[value_col] for r in body]
    assert values == sorted(values, reverse=True) and all(isinstance(v, int) for v in values)
    date_col = [c.key for c in lists.CONTRIBUTIONS.columns].index("date")
    assert isinstance(body[0][date_col], dt.datetime)
    total_row = rows[header_at + 1 + n]
    assert total_row[0] == "Tổng cộng" and total_row[value_col] == result.totals["value_vnd"]
    assert ws.freeze_panes is not None
