"""data.xlsx of a handoff file: the same records for a person with only Excel (handoff.build writes it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.ledger.periods import Period


def workbook(data: dict[str, list[dict[str, Any]]], unit: dict[str, Any], period: Period) -> bytes:
    """The same records for a person with only Excel: one sheet per table, names and Vietnamese words instead
    of UUIDs and codes, real dates and numbers."""
    from desktop.core.files import xlsx_plain
    from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, WORK_KINDS, WORK_STATUSES

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
        (f"Đóng góp {period.code}", ["Ngày", "Tổ dân phố", "Người đóng góp", "Công trình", "Hình thức", "Số lượng",
                                     "Đơn vị tính", "Giá trị quy đổi (đồng)", "Trạng thái"], contributions),
        ("Tổ dân phố", ["Tên", "Số hộ", "Nhân khẩu"],
         ([g["name"], g["households"], g["population"]] for g in data["groups"])),
        ("Công trình", ["Tên", "Loại", "Trạng thái", "Chiều dài (m)", "Ngày hoàn thành"],
         ([w["name"], WORK_KINDS.get(w["kind"], w["kind"]), WORK_STATUSES.get(w["status"], w["status"]),
           w["length_m"], day(w["completed_date"])] for w in data["works"])),
    ])
