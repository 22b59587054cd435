"""The reception board (issue 21): each ward from the period it joined, on time / late / missing / overdue against
the deadline the upper level sets, superseded versions counted, printed and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from db.connection import open_ledger
from desktop.core.exchange import handoff, reception, reception_pdf, upper, ward_register
from desktop.core.ledger import setup
from desktop.core.report import narrative
from tests.core.exchange_helpers import new_upper, register


def test_board_states_against_the_deadline_and_superseded_versions(demo_path: Path, tmp_path: Path) -> None:
    ward = open_ledger(demo_path)
    up = new_upper(tmp_path / "tinh.sqlite")
    try:
        unit = register(ward, up, tmp_path / "khoa.json")
        ward_register.apply(up, [("DS", 2, {"code": "21256", "name": "Phường Khác"}),
                                 ("DS", 3, {"code": "21257", "name": "Xã Sau"})], source="ds.xlsx",
                            joined_period="2025-H2")
        ward_register.edit_ward(up, {w["code"]: w for w in upper.wards(up)}["21257"]["id"],
                                {"name": "Xã Sau", "joined_period": "2026-H2"})
        period = narrative.parse_period(ward, "2026-H1")
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        first = handoff.export(ward, period, tmp_path / "a")["path"]
        upper.import_files(up, [first])
        second = handoff.export(ward, period, tmp_path / "b")["path"]
        assert upper.import_files(up, [second])[0].action == "supersede"
        today = dt.date.today()
        # No deadline set: nobody is late.
        data = reception.board(up, "2026-H1", today=today + dt.timedelta(days=400))
        rows = {r["code"]: r for r in data["wards"]}
        assert set(rows) == {unit["code"], "21256"} and data["not_joined"][0]["code"] == "21257"
        assert rows[unit["code"]]["state"] == "on_time" and rows[unit["code"]]["superseded"] == 1
        assert rows["21256"]["state"] == "missing" and not rows["21256"]["has_key"]
        # A deadline before the day the file came: late; after it, the one not sent is overdue.
        reception.set_deadline(up, "2026-H1", (today - dt.timedelta(days=3)).strftime("%d/%m/%Y"))
        data = reception.board(up, "2026-H1", today=today)
        rows = {r["code"]: r for r in data["wards"]}
        assert rows[unit["code"]]["state"] == "late" and rows[unit["code"]]["days_late"] == 3
        assert rows["21256"]["state"] == "overdue" and data["sent"] == 1
        assert [p["status"] for p in reception.history(up, unit["code"], "2026-H1")] == ["superseded", "current"]
        grid = reception.matrix(up, ["2025-H2", "2026-H1"], today=today)
        cells = {g["ward"]["code"]: g["cells"] for g in grid}
        assert cells["21257"]["2026-H1"]["state"] == "not_joined" and cells["21256"]["2025-H2"]["state"] == "missing"
        pdf = reception_pdf.render(up, data)
        assert pdf.startswith(b"%PDF")
        out = reception.export_xlsx(data, tmp_path / "bang.xlsx")
        assert out.exists()
        assert setup.get_unit(up)["role"] == "upper"
    finally:
        ward.close()
        up.close()
