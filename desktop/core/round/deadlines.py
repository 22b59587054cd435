"""The deadlines of a period's round: the one the ward sets for its units, and the upper level's, shown beside it.

Stored only when the clerk sets them (table round_deadlines, one row per period); until then `suggested` gives
dates to start from, each with its source:
- upward, the year's report (and the second half, which ends with it) before 15/12: KH 26/KH-UBND tỉnh Đắk Lắk
  2023, mục 8 (seed 001: "Định kỳ vào tháng 12 hàng năm (trước ngày 15/12) ... báo cáo ... về Sở Nội vụ") and
  KH 2599/KH-BQL Hải Phòng 2023 (seed 004: "trước ngày 15 tháng 12 hàng năm");
- the ward's units, a few days before that: 10/12 for the year and the second half, 10/6 for the first half
  (seed 000 §VI: "Định kỳ 6 tháng, hàng năm ... các Tổ dân phố báo cáo ... về UBND phường"; the days are the
  ward's choice, not a rule). The seeds set no upward date for the first half: none is suggested.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.periods import Period
from desktop.core.round.reports import period_of
from desktop.core.text.vnformat import format_date

TABLE = "round_deadlines"
SOURCE_UPPER = "KH 26/KH-UBND tỉnh Đắk Lắk 2023 (mục 8), KH 2599/KH-BQL Hải Phòng 2023: trước ngày 15/12"
SOURCE_OWN = "Kế hoạch của phường (mục VI): các đơn vị báo cáo 6 tháng, hàng năm về UBND phường"


def suggested(period: Period) -> dict[str, str | None]:
    """Dates to offer for a period that has none stored (see the module's sources); ISO strings or None."""
    code = period.code
    if re.fullmatch(r"\d{4}-H1", code):
        return {"own_deadline": dt.date(int(code[:4]), 6, 10).isoformat(), "upper_deadline": None}
    year = int(code[:4]) if re.fullmatch(r"\d{4}(-H2)?", code) else int(code[5:]) if re.fullmatch(
        r"\d{4}-\d{4}", code) else None
    if year is None:  # custom bounds: no plan says when
        return {"own_deadline": None, "upper_deadline": None}
    return {"own_deadline": dt.date(year, 12, 10).isoformat(), "upper_deadline": dt.date(year, 12, 15).isoformat()}


def get(ledger: Ledger, period_code: str) -> dict[str, Any]:
    """The period's deadlines: stored ones (stored=True), else the suggestion (stored=False, nothing in the ledger
    yet); own_deadline/upper_deadline are ISO dates or None."""
    period = period_of(ledger, period_code)
    row = ledger.conn.execute("SELECT id, own_deadline, upper_deadline, note FROM round_deadlines "
                              "WHERE period_code = ? AND deleted_at IS NULL", [period.code]).fetchone()
    if row:
        return {"period_code": period.code, "id": row[0], "own_deadline": row[1], "upper_deadline": row[2],
                "note": row[3], "stored": True}
    return {"period_code": period.code, "id": None, **suggested(period), "note": None, "stored": False}


def own_deadline(ledger: Ledger, period_code: str) -> str | None:
    """The deadline the board measures against: the stored one only (a suggestion makes nobody late)."""
    found = get(ledger, period_code)
    return found["own_deadline"] if found["stored"] else None


def _validate(period: Period, values: dict[str, Any]) -> dict[str, Any]:
    form = Form(values)
    earliest = dt.date.fromisoformat(period.start)
    own = form.date("own_deadline", "Hạn của phường", earliest=earliest)
    upper = form.date("upper_deadline", "Hạn của cấp trên", earliest=earliest)
    form.text("note", "Ghi chú")
    if own and upper and own > upper:
        form.error("own_deadline",
                   f"Hạn của phường ({format_date(own)}) sau hạn của cấp trên ({format_date(upper)}): phường "
                   "cần các đơn vị gửi trước để kịp tổng hợp — chọn ngày sớm hơn, hoặc sửa hạn của cấp trên.")
    return form.done()


def set_deadlines(ledger: Ledger, period_code: str, *, own: str | None, upper: str | None,
                  note: str | None = None) -> int:
    """Store the period's deadlines (dates typed as dd/mm/yyyy or ISO; None or "" clears one); returns the row id.
    Refused with a ValidationError when the ward's own deadline falls after the upper level's."""
    period = period_of(ledger, period_code)
    values = {"own_deadline": own, "upper_deadline": upper}
    if note is not None:
        values["note"] = note
    with ledger.transaction():  # the one row of a period is found (or made) under the write lock
        clean = _validate(period, values)
        row = ledger.conn.execute("SELECT id FROM round_deadlines WHERE period_code = ? AND deleted_at IS NULL",
                                  [period.code]).fetchone()
        title = (f"{period.label}: phường {format_date(clean['own_deadline']) or '—'}, "
                 f"cấp trên {format_date(clean['upper_deadline']) or '—'}")
        if row:
            records.update(ledger, TABLE, row[0], clean, title)
            return int(row[0])
        return records.create(ledger, TABLE, {"period_code": period.code, **clean}, title)
