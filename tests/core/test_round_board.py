"""The round's board against dates (on time, late, missing before and after the deadline, a superseded report),
its deadlines (suggested, stored, refused) and its printouts (desktop.core.round.board, deadlines, board_pdf)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.connection import Ledger
from desktop.core.errors import ValidationError
from desktop.core.ledger import groups
from desktop.core.round import board, board_pdf, deadlines, reports, units


@pytest.fixture
def round_units(ledger: Ledger) -> dict[str, int]:
    groups.add(ledger, {"name": "Tổ dân phố 1"})
    units.ensure_units(ledger)
    by_name = {u["name"]: u["id"] for u in units.list_units(ledger)}
    return {"tdp": by_name["Tổ dân phố 1"], "ccb": by_name["Hội Cựu chiến binh phường"],
            "mttq": by_name["Ủy ban Mặt trận Tổ quốc Việt Nam phường"],
            "phu_nu": by_name["Hội Liên hiệp Phụ nữ phường"]}


def _send(ledger: Ledger, unit_id: int, day: str, **kw) -> int:
    return reports.save_report(ledger, unit_id=unit_id, period_code="2026-H1", figures=kw.get("figures", {}),
                               texts={"ket_qua": "Đã triển khai."}, source=kw.get("source", "screen"),
                               received_on=day, file_name=kw.get("file_name"))


def _states(b: board.Board) -> dict[int, str]:
    return {r["unit_id"]: r["state"] for r in b.rows}


def test_states_against_the_deadline(ledger: Ledger, round_units: dict[str, int]) -> None:
    deadlines.set_deadlines(ledger, "2026-H1", own="10/06/2026", upper="2026-06-15")
    _send(ledger, round_units["tdp"], "2026-06-10")  # on the day: on time
    _send(ledger, round_units["ccb"], "2026-06-13")  # three days after
    before = board.build(ledger, "2026-H1", today=dt.date(2026, 6, 10))
    assert _states(before)[round_units["tdp"]] == "on_time"
    assert _states(before)[round_units["mttq"]] == "missing"
    after = board.build(ledger, "2026-H1", today=dt.date(2026, 6, 15))
    states = _states(after)
    assert states[round_units["ccb"]] == "late"
    assert states[round_units["mttq"]] == "overdue"
    row = next(r for r in after.rows if r["unit_id"] == round_units["mttq"])
    assert board.state_text(row) == "Chưa gửi, quá hạn 5 ngày"
    late = next(r for r in after.rows if r["unit_id"] == round_units["ccb"])
    assert board.state_text(late) == "Đã gửi, muộn 3 ngày"
    assert after.counts()["on_time"] == 1 and after.counts()["late"] == 1
    assert after.counts()["overdue"] == len(after.rows) - 2
    assert all(r["state"] == "overdue" for r in after.missing())
    assert round_units["tdp"] not in {r["unit_id"] for r in after.missing()}


def test_a_superseding_report_carries_its_own_date(ledger: Ledger, round_units: dict[str, int]) -> None:
    deadlines.set_deadlines(ledger, "2026-H1", own="2026-06-10", upper=None)
    _send(ledger, round_units["phu_nu"], "2026-06-05")
    _send(ledger, round_units["phu_nu"], "2026-06-20", source="xlsx", file_name="phu-nu-bo-sung.xlsx")
    row = next(r for r in board.build(ledger, "2026-H1", today=dt.date(2026, 6, 25)).rows
               if r["unit_id"] == round_units["phu_nu"])
    assert (row["state"], row["received_on"], row["file_name"]) == ("late", "2026-06-20", "phu-nu-bo-sung.xlsx")


def test_no_stored_deadline_makes_nobody_late(ledger: Ledger, round_units: dict[str, int]) -> None:
    _send(ledger, round_units["ccb"], "2026-06-30")
    b = board.build(ledger, "2026-H1", today=dt.date(2026, 12, 1))
    assert b.own_deadline is None
    assert set(_states(b).values()) == {"on_time", "missing"}


def test_inactive_units_leave_the_board_unless_they_reported(ledger: Ledger, round_units: dict[str, int]) -> None:
    _send(ledger, round_units["ccb"], "2026-06-01")
    units.set_active(ledger, round_units["ccb"], False)
    units.set_active(ledger, round_units["mttq"], False)
    ids = {r["unit_id"] for r in board.build(ledger, "2026-H1").rows}
    assert round_units["ccb"] in ids and round_units["mttq"] not in ids


def test_deadlines_suggested_then_stored(ledger: Ledger) -> None:
    assert deadlines.get(ledger, "2026-H1") == {"period_code": "2026-H1", "id": None, "own_deadline": "2026-06-10",
                                                "upper_deadline": None, "note": None, "stored": False}
    year = deadlines.get(ledger, "2026")
    assert (year["own_deadline"], year["upper_deadline"]) == ("2026-12-10", "2026-12-15")
    assert deadlines.get(ledger, "2023-2025")["upper_deadline"] == "2025-12-15"
    assert ledger.conn.execute("SELECT count(*) FROM round_deadlines").fetchone()[0] == 0
    first = deadlines.set_deadlines(ledger, "2026-h2", own="08/12/2026", upper="15/12/2026")
    again = deadlines.set_deadlines(ledger, "2026-H2", own="09/12/2026", upper="15/12/2026")
    assert first == again
    stored = deadlines.get(ledger, "2026-H2")
    assert stored["stored"] and stored["own_deadline"] == "2026-12-09"
    assert ledger.conn.execute("SELECT count(*) FROM audit WHERE table_name = 'round_deadlines'").fetchone()[0] == 2


def test_own_deadline_after_the_upper_one_is_refused(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as err:
        deadlines.set_deadlines(ledger, "2026-H2", own="16/12/2026", upper="15/12/2026")
    assert "Hạn của phường (16/12/2026) sau hạn của cấp trên (15/12/2026)" in err.value.errors["own_deadline"]
    with pytest.raises(ValidationError, match="ngày không hợp lệ"):
        deadlines.set_deadlines(ledger, "2026-H2", own="31/11/2026", upper=None)
    with pytest.raises(ValidationError, match="ngoài khoảng"):
        deadlines.set_deadlines(ledger, "2026-H2", own="01/03/2026", upper=None)
    assert ledger.conn.execute("SELECT count(*) FROM round_deadlines").fetchone()[0] == 0


def test_exports_and_prints(ledger: Ledger, round_units: dict[str, int], tmp_path: Path) -> None:
    deadlines.set_deadlines(ledger, "2026-H1", own="2026-06-10", upper="2026-06-15")
    _send(ledger, round_units["tdp"], "2026-06-09")
    b = board.build(ledger, "2026-H1", today=dt.date(2026, 6, 20))
    board.export_missing(b, tmp_path / "m.xlsx")
    ws = load_workbook(tmp_path / "m.xlsx").active
    names = [row[1] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert "Tổ dân phố 1" not in names and "Hội Cựu chiến binh phường" in names
    board.export_board(b, tmp_path / "b.xlsx")
    ws = load_workbook(tmp_path / "b.xlsx").active
    assert ws.max_row == 2 + len(b.rows)
    pdf = board_pdf.render(ledger, b, missing_only=True)
    assert pdf.startswith(b"%PDF")
    doc = board_pdf.document(ledger, b, missing_only=True)
    table = next(x for x in doc.blocks if hasattr(x, "rows"))
    assert len(table.rows) == len(b.missing())
