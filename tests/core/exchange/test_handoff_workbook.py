"""data.xlsx written by handoff_xlsx's row-at-a-time contributions sheet (issue 22) is xlsx_plain's workbook of
the same rows, member for member and byte for byte (the way it was written before)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from db.connection import Ledger
from desktop.core.exchange import handoff, handoff_xlsx
from desktop.core.files import xlsx_plain
from desktop.core.ledger import periods, setup
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, WORK_KINDS, WORK_STATUSES


def _as_before(data: dict[str, list[dict[str, Any]]], period: periods.Period) -> bytes:
    """handoff_xlsx.workbook as it was: every sheet through xlsx_plain.workbook."""
    groups = {g["uuid"]: g["name"] for g in data["groups"]}
    works = {w["uuid"]: w["name"] for w in data["works"]}
    people = {p["uuid"]: p["name"] for p in data["contributors"]}

    def day(iso: str | None) -> dt.date | None:
        return dt.date.fromisoformat(iso) if iso else None

    contributions = (
        [day(c["date"]), groups.get(c["group_uuid"]), people.get(c["contributor_uuid"]), works.get(c["work_uuid"]),
         CONTRIBUTION_KINDS.get(c["kind"], c["kind"]), float(c["quantity"]), c["unit"], int(c["value_vnd"]),
         CONTRIBUTION_STATUSES.get(c["status"], c["status"])]
        for c in data["contributions"])
    return xlsx_plain.workbook([
        (f"Đóng góp {period.code}", handoff_xlsx.CONTRIBUTION_HEADER, contributions),
        ("Tổ dân phố", ["Tên", "Số hộ", "Nhân khẩu"],
         ([g["name"], g["households"], g["population"]] for g in data["groups"])),
        ("Công trình", ["Tên", "Loại", "Trạng thái", "Chiều dài (m)", "Ngày hoàn thành"],
         ([w["name"], WORK_KINDS.get(w["kind"], w["kind"]), WORK_STATUSES.get(w["status"], w["status"]),
           w["length_m"], day(w["completed_date"])] for w in data["works"])),
    ])


def _members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_the_workbook_is_xlsx_plains_byte_for_byte(demo_ledger: Ledger) -> None:
    period = periods.parse("2025")
    data = handoff.collect(demo_ledger, period)
    # Hostile text, an unknown code, a missing work and a whole-number quantity: each cell as xlsx_plain writes it.
    c = data["contributions"]
    c[0] = {**c[0], "unit": "=1+1 <b>&", "work_uuid": None, "quantity": 7, "kind": "la", "status": "??"}
    c[1] = {**c[1], "unit": None, "group_uuid": "not-a-group", "quantity": 0.1 + 0.2}
    data["contributors"][0] = {**data["contributors"][0], "name": " Nguyễn Văn \x01A "}
    unit = setup.get_unit(demo_ledger)
    assert len(c) > 100
    assert _members(handoff_xlsx.workbook(data, unit, period)) == _members(_as_before(data, period))


def test_an_empty_period_too(demo_ledger: Ledger) -> None:
    period = periods.parse("2025")
    data = {**handoff.collect(demo_ledger, period), "contributions": []}
    unit = setup.get_unit(demo_ledger)
    assert _members(handoff_xlsx.workbook(data, unit, period)) == _members(_as_before(data, period))
