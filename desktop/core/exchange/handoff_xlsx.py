"""data.xlsx of a handoff file: the same records for a person with only Excel (handoff.build writes it).

The sheets are xlsx_plain's, cell for cell. The contributions sheet — all but a few hundred of the workbook's
cells — is written here a row at a time (issue 22): each distinct date, tổ, person, work, code and quantity of the
period is turned into its cell's XML once, and a row is one f-string of dictionary look-ups, where xlsx_plain
takes a list of values per row and a call per cell (a quarter of the large ward's export). The other sheets and
the package around them are xlsx_plain's own (sheet_xml, package); tests/core/exchange compares the two byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from desktop.core.ledger.periods import Period

CONTRIBUTION_HEADER = ["Ngày", "Tổ dân phố", "Người đóng góp", "Công trình", "Hình thức", "Số lượng", "Đơn vị tính",
                       "Giá trị quy đổi (đồng)", "Trạng thái"]


class _Memo(dict):  # type: ignore[type-arg]
    """key → its cell's XML, made on first use (dict subscripts stay in C for every later row)."""

    def __init__(self, make: Callable[[Any], str]):
        super().__init__()
        self.make = make

    def __missing__(self, key: Hashable) -> str:
        xml = self[key] = self.make(key)
        return xml


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


# A contribution as the workbook reads it (handoff_collect._SHEET; anything after its status is not shown).
Row = Sequence[Any]  # (date, group uuid, person's name, work uuid, kind, quantity, unit, value, status, …)


def _contribution_rows(rows: list[Row], groups: dict[str, str], works: dict[str, str]) -> str:
    """The <row> elements of the contributions sheet, from row 2, as xlsx_plain.sheet_xml writes them."""
    from desktop.core.files.xlsx_plain import cell_xml as _cell
    from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES

    def named(names: dict[str, str]) -> _Memo:
        return _Memo(lambda uuid: _cell(names.get(uuid)))

    group_cell, work_cell = named(groups), named(works)
    person_cell = _Memo(_cell)  # by name: the rows carry the person's name
    days = _Memo(lambda iso: _cell(_day(iso)))
    kinds = _Memo(lambda k: _cell(CONTRIBUTION_KINDS.get(k, k)))
    statuses = _Memo(lambda s: _cell(CONTRIBUTION_STATUSES.get(s, s)))
    amounts = _Memo(lambda q: _cell(float(q)))
    units = _Memo(_cell)
    return "".join([
        f'<row r="{n}">{days[day]}{group_cell[g]}{person_cell[p]}{work_cell[w]}{kinds[kind]}{amounts[qty]}'
        f'{units[unit]}<c s="2"><v>{int(value)}</v></c>{statuses[status]}</row>'
        for n, (day, g, p, w, kind, qty, unit, value, status, *_key) in enumerate(rows, start=2)])


def workbook(data: dict[str, list[dict[str, Any]]], unit: dict[str, Any], period: Period) -> bytes:
    """The same records for a person with only Excel: one sheet per table, names and Vietnamese words instead
    of UUIDs and codes, real dates and numbers (data: handoff.collect's)."""
    people = {p["uuid"]: p["name"] for p in data["contributors"]}
    rows = [(c["date"], c["group_uuid"], people.get(c["contributor_uuid"]), c["work_uuid"], c["kind"], c["quantity"],
             c["unit"], c["value_vnd"], c["status"]) for c in data["contributions"]]
    return of_rows(rows, data, period)


def of_rows(rows: list[Row], tables: dict[str, list[dict[str, Any]]], period: Period) -> bytes:
    """workbook() of the contributions as rows (the person as a name), the groups and works as dicts."""
    from desktop.core.files import xlsx_plain
    from desktop.core.ledger.vocab import WORK_KINDS, WORK_STATUSES

    groups, works = tables["groups"], tables["works"]
    sheets: list[tuple[str, list[str], Any]] = [
        (f"Đóng góp {period.code}", CONTRIBUTION_HEADER, None),
        ("Tổ dân phố", ["Tên", "Số hộ", "Nhân khẩu"], ([g["name"], g["households"], g["population"]] for g in groups)),
        ("Công trình", ["Tên", "Loại", "Trạng thái", "Chiều dài (m)", "Ngày hoàn thành"],
         ([w["name"], WORK_KINDS.get(w["kind"], w["kind"]), WORK_STATUSES.get(w["status"], w["status"]),
           w["length_m"], _day(w["completed_date"])] for w in works)),
    ]
    head = xlsx_plain.sheet_xml(CONTRIBUTION_HEADER, [])  # the sheet's XML with no rows: the rows go before its end
    cut = head.index("</sheetData>")
    body = _contribution_rows(rows, {g["uuid"]: g["name"] for g in groups}, {w["uuid"]: w["name"] for w in works})
    first = head[:cut] + body + head[cut:]
    return xlsx_plain.package([name for name, _h, _r in sheets],
                              [first, *(xlsx_plain.sheet_xml(h, r) for _n, h, r in sheets[1:])])
