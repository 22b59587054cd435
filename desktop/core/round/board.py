"""Who has reported: the board of a period's round, one row per unit, and the reminder list of those missing.

A unit's state is measured against the ward's own deadline for the period (deadlines.own_deadline; a suggested
date that was never set makes nobody late):
- sent on time: its current report was received on or before the deadline (or there is no deadline);
- sent late: received after it;
- not sent: nothing yet, and today is not past the deadline (or there is none);
- not sent, overdue: nothing yet and today is past the deadline.
The rows are every active unit, and an inactive one that reported for the period (its report still counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.files import xlsx_export
from desktop.core.round import deadlines, reports, units
from desktop.core.text.vnformat import format_date

STATES = {
    "on_time": "Đã gửi, đúng hạn",
    "late": "Đã gửi, muộn",
    "missing": "Chưa gửi",
    "overdue": "Chưa gửi, quá hạn",
}
SENT = ("on_time", "late")


@dataclass
class Board:
    period_code: str
    period_label: str
    own_deadline: str | None  # ISO; None when the ward has not set one
    upper_deadline: str | None
    today: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for row in self.rows:
            out[row["state"]] += 1
        return out

    def missing(self) -> list[dict[str, Any]]:
        """The reminder list: units with no report yet (overdue ones first, then in the register's order)."""
        return sorted((r for r in self.rows if r["state"] not in SENT), key=lambda r: r["state"] != "overdue")

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period_code, "label": self.period_label, "own_deadline": self.own_deadline,
                "upper_deadline": self.upper_deadline, "today": self.today, "counts": self.counts(),
                "units": self.rows}


def state_of(received_on: str | None, deadline: str | None, today: str) -> str:
    """One unit's state from its report's date, the ward's deadline and today (ISO strings)."""
    if received_on:
        return "late" if deadline and received_on > deadline else "on_time"
    return "overdue" if deadline and today > deadline else "missing"


def _days_late(received_on: str | None, deadline: str | None, today: str) -> int:
    if not deadline:
        return 0
    end = dt.date.fromisoformat(received_on or today)
    return max(0, (end - dt.date.fromisoformat(deadline)).days)


def build(ledger: Ledger, period_code: str, today: dt.date | None = None) -> Board:
    """The board of a period as of `today` (default: the computer's date)."""
    period = reports.period_of(ledger, period_code)
    limits = deadlines.get(ledger, period.code)
    own = limits["own_deadline"] if limits["stored"] else None
    upper = limits["upper_deadline"] if limits["stored"] else None
    day = (today or dt.date.today()).isoformat()
    current = {r["unit_id"]: r for r in reports.current_reports(ledger, period.code)}
    board = Board(period.code, period.label, own, upper, day)
    for unit in units.list_units(ledger):
        report = current.get(unit["id"])
        if not unit["active"] and report is None:
            continue
        received = report["received_on"] if report else None
        state = state_of(received, own, day)
        board.rows.append({
            "unit_id": unit["id"], "name": unit["name"], "kind": unit["kind"], "kind_label": unit["kind_label"],
            "field_label": unit["field_label"], "contact_name": unit["contact_name"] or "",
            "contact_phone": unit["contact_phone"] or "", "active": bool(unit["active"]),
            "state": state, "state_label": STATES[state], "received_on": received,
            "days_late": _days_late(received, own, day) if state in ("late", "overdue") else 0,
            "report_id": report["id"] if report else None,
            "source": report["source"] if report else None,
            "source_label": reports.SOURCES.get(report["source"], "") if report else "",
            "file_name": (report["file_name"] or "") if report else "",
        })
    return board


def state_text(row: dict[str, Any]) -> str:
    """"Đã gửi, muộn 3 ngày", "Chưa gửi, quá hạn 5 ngày": the state as the board and the printouts say it."""
    days = row.get("days_late") or 0
    if row["state"] == "late" and days:
        return f"Đã gửi, muộn {days} ngày"
    if row["state"] == "overdue" and days:
        return f"Chưa gửi, quá hạn {days} ngày"
    return row["state_label"]


BOARD_HEADERS = ["STT", "Đơn vị", "Loại", "Người liên hệ", "Điện thoại", "Tình trạng", "Ngày nhận", "Hình thức",
                 "Tệp nhận"]
MISSING_HEADERS = ["STT", "Đơn vị", "Loại", "Người liên hệ", "Điện thoại", "Tình trạng"]


def board_rows(board: Board) -> list[list[Any]]:
    return [[i, r["name"], r["kind_label"], r["contact_name"], r["contact_phone"], state_text(r),
             r["received_on"] or "", r["source_label"], r["file_name"]] for i, r in enumerate(board.rows, 1)]


def missing_rows(board: Board) -> list[list[Any]]:
    return [[i, r["name"], r["kind_label"], r["contact_name"], r["contact_phone"], state_text(r)]
            for i, r in enumerate(board.missing(), 1)]


def deadline_line(board: Board) -> str:
    own = f"hạn của phường {format_date(board.own_deadline)}" if board.own_deadline else "phường chưa đặt hạn"
    upper = f", hạn báo cáo cấp trên {format_date(board.upper_deadline)}" if board.upper_deadline else ""
    return f"{own}{upper}"


def export_board(board: Board, path: str | Path) -> Path:
    title = f"Tình hình gửi báo cáo {board.period_label} ({deadline_line(board)})"
    return xlsx_export.export_table(path, title, BOARD_HEADERS, board_rows(board),
                                    ["int", "text", "text", "text", "text", "text", "date", "text", "text"])


def export_missing(board: Board, path: str | Path) -> Path:
    title = f"Đơn vị chưa gửi báo cáo {board.period_label} ({deadline_line(board)})"
    return xlsx_export.export_table(path, title, MISSING_HEADERS, missing_rows(board),
                                    ["int", "text", "text", "text", "text", "text"])


def file_name(kind: str, period_code: str, ext: str) -> str:
    """"Theo-doi-bao-cao_2026-H1.pdf" / "Nhac-nop-bao-cao_2026-H1.xlsx": no accents or spaces."""
    stem = "Nhac-nop-bao-cao" if kind == "missing" else "Theo-doi-bao-cao"
    return f"{stem}_{period_code}.{ext}"
