"""The upper level's reception board: for a period, every registered ward that reports for it (from the period it
joined, wards.joined_period — not from 2025 for a commune formed in the 2025 reorganisation), whether its file has
come, measured against the deadline the upper level sets for its wards.

The deadline is the upper ledger's own_deadline for the period (table round_deadlines, as the ward's round stores
its own: desktop.core.round.deadlines); a period without one makes nobody late, as on the ward's board. The states
are the round's (round.board.state_of), by the day the first file of the period arrived (a corrected version sent
after the deadline does not make an on-time ward late): on_time, late, missing, overdue. Superseded versions are
counted and listed (`history`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import upper, ward_register
from desktop.core.files import xlsx_export
from desktop.core.ledger import periods
from desktop.core.round import board as round_board
from desktop.core.round import deadlines, reports
from desktop.core.text.vnformat import format_date

STATES = round_board.STATES  # the ward's board and this one say the same words
SENT = round_board.SENT
_PKG_COLS = ("id", "ward_id", "status", "created_at", "created_src", "report_symbol", "file_name", "sequence",
             "file_sha256", "superseded_by_id")


def joined(ward: dict[str, Any], period: periods.Period) -> bool:
    """Whether the ward reports for this period: from the start of the period it joined (no joined period: all)."""
    first = ward.get("joined_period")
    if not first:
        return True
    try:
        return period.end >= periods.parse(first).start
    except UserError:
        return True  # an unreadable stored code hides nobody


def deadline(ledger: Ledger, period_code: str) -> str | None:
    """The deadline the upper level set for its wards' files of the period (ISO), or None."""
    return deadlines.own_deadline(ledger, period_code)


def set_deadline(ledger: Ledger, period_code: str, date: str | None) -> int:
    """Set (or clear with None / "") the period's deadline for the wards, dd/mm/yyyy or ISO, with its audit row;
    the deadline the level above set for this ledger, if any, is kept."""
    current = deadlines.get(ledger, period_code)
    kept = current["upper_deadline"] if current["stored"] else None
    return deadlines.set_deadlines(ledger, period_code, own=date or None, upper=kept)


def _packages(ledger: Ledger, period_code: str) -> dict[int, list[dict[str, Any]]]:
    cur = ledger.conn.execute(f"SELECT {', '.join(_PKG_COLS)} FROM packages WHERE period_code = ? "
                              "AND deleted_at IS NULL ORDER BY created_at, id", [period_code])
    out: dict[int, list[dict[str, Any]]] = {}
    for r in cur:
        row = dict(zip(_PKG_COLS, r, strict=True))
        out.setdefault(row["ward_id"], []).append(row)
    return out


def _row(ward: dict[str, Any], files: list[dict[str, Any]], due: str | None, today: str) -> dict[str, Any]:
    current = next((f for f in files if f["status"] == "current"), None)
    first = files[0]["created_at"][:10] if files else None
    state = round_board.state_of(first, due, today)
    return {
        "code": ward["code"], "name": ward["name"], "kind": ward.get("kind") or "",
        "kind_label": ward_register.kind_label(ward.get("kind")), "contact_name": ward.get("contact_name") or "",
        "contact_phone": ward.get("contact_phone") or "", "has_key": bool(ward.get("fingerprint")),
        "joined_period": ward.get("joined_period") or "", "state": state, "state_label": STATES[state],
        "days_late": round_board._days_late(first, due, today) if state in ("late", "overdue") else 0,
        "first_received": first, "received_at": current["created_at"] if current else None,
        "created_src": current["created_src"] if current else None,
        "report": current["report_symbol"] if current else None,
        "file_name": current["file_name"] if current else "", "package_id": current["id"] if current else None,
        "superseded": sum(1 for f in files if f["status"] == "superseded"),
    }


def board(ledger: Ledger, period_code: str, today: dt.date | None = None) -> dict[str, Any]:
    """`thidua reception PERIOD --format json`: the period, its deadline, counts by state, one row per ward that
    reports for it, and the wards listed that join later (not_joined)."""
    period = reports.period_of(ledger, period_code)
    due, day = deadline(ledger, period.code), (today or dt.date.today()).isoformat()
    files = _packages(ledger, period.code)
    rows, later = [], []
    for w in upper.wards(ledger):
        if joined(w, period):
            rows.append(_row(w, files.get(w["id"], []), due, day))
        else:
            later.append({"code": w["code"], "name": w["name"], "joined_period": w["joined_period"]})
    counts = dict.fromkeys(STATES, 0)
    for r in rows:
        counts[r["state"]] += 1
    return {"period": period.code, "label": period.label, "start": period.start, "end": period.end,
            "deadline": due, "today": day, "counts": counts, "sent": counts["on_time"] + counts["late"],
            "superseded": sum(r["superseded"] for r in rows), "wards": rows, "not_joined": later}


def matrix(ledger: Ledger, codes: list[str], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Wards × periods: each cell the board's state, or "not_joined" before the ward's first period."""
    boards = {c: board(ledger, c, today) for c in codes}
    by_code = {c: {r["code"]: r for r in b["wards"]} for c, b in boards.items()}
    return [{"ward": w, "cells": {c: by_code[c].get(w["code"], {"state": "not_joined"}) for c in codes}}
            for w in upper.wards(ledger)]


def history(ledger: Ledger, ward_code: str, period_code: str) -> list[dict[str, Any]]:
    """Every file received from a ward for a period, oldest first: the current one and those it superseded."""
    row = ledger.conn.execute("SELECT id FROM wards WHERE code = ? AND deleted_at IS NULL", [ward_code]).fetchone()
    if row is None:
        raise UserError(f"Chưa có đơn vị mã {ward_code} trong danh sách phường/xã (xem: thidua ward list).")
    return _packages(ledger, reports.period_of(ledger, period_code).code).get(row[0], [])


def state_text(row: dict[str, Any]) -> str:
    """"Đã gửi, muộn 3 ngày" / "Chưa gửi, quá hạn 5 ngày" (as the ward's board says it)."""
    return round_board.state_text(row)


def deadline_line(data: dict[str, Any]) -> str:
    return (f"hạn gửi tệp của các phường, xã: ngày {format_date(data['deadline'])}" if data["deadline"]
            else "cấp trên chưa đặt hạn gửi tệp kỳ này")


HEADERS = ["STT", "Mã ĐVHC", "Đơn vị", "Loại", "Người liên hệ", "Điện thoại", "Tình trạng", "Ngày nhận tệp đầu",
           "Số báo cáo", "Số bản đã thay"]


def table_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [[i, r["code"], r["name"], r["kind_label"], r["contact_name"], r["contact_phone"], state_text(r),
             r["first_received"] or "", r["report"] or "", r["superseded"]] for i, r in enumerate(data["wards"], 1)]


def export_xlsx(data: dict[str, Any], path: str | Path) -> Path:
    title = f"Tình hình nhận tệp {data['label']} ({deadline_line(data)})"
    return xlsx_export.export_table(path, title, HEADERS, table_rows(data),
                                    ["int", "text", "text", "text", "text", "text", "text", "date", "text", "int"])


def file_name(period_code: str, ext: str) -> str:
    return f"Tinh-hinh-nhan-tep_{period_code}.{ext}"
