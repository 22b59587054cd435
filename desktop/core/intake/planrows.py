"""The rows of an ImportPlan (importplan.py): planned tổ dân phố, công trình and khoản đóng góp, the new
people to create, problems, duplicates, and the questions the clerk answers before anything is written
(who an ambiguous name is; what a name typed without accents should be).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.ledger.vocab import LAND_TYPES
from desktop.core.text.vnformat import format_date, format_decimal, format_vnd

NEW_CONTRIBUTOR = 0  # `plan.resolve(key, NEW_CONTRIBUTOR)`: the row is a different person, create one

RowKey = tuple[str, int]  # (sheet name, 1-based Excel row)
Ref = tuple[str, Any]  # ("id", 12) for a record in the ledger, ("new", key) for one this import creates


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột \"{self.column}\""
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    address: str
    kind: str  # Vietnamese label


@dataclass
class Ambiguous:
    sheet: str
    row: int
    name: str
    group: str
    address: str
    candidates: list[Candidate]
    choice: int | None = None  # a candidate's id, or NEW_CONTRIBUTOR; None: not decided (row not imported)

    @property
    def key(self) -> RowKey:
        return (self.sheet, self.row)

    def __str__(self) -> str:
        people = "; ".join(f"mã {c.id}: {c.name}" + (f", {c.address}" if c.address else "") for c in self.candidates)
        return (f"{self.sheet}, dòng {self.row}: \"{self.name}\" ({self.group}) — trong sổ có "
                f"{len(self.candidates)} người có thể là người này ({people}); cần chọn đúng người.")


@dataclass(frozen=True)
class Duplicate:
    sheet: str
    row: int
    message: str
    existing_id: int | None = None  # the contribution already in the ledger
    first_row: int | None = None  # the earlier row of the same sheet it repeats

    def __str__(self) -> str:
        return f"{self.sheet}, dòng {self.row}: {self.message}"


@dataclass
class PlannedGroup:
    sheet: str
    row: int
    values: dict[str, Any]
    status: str  # new | exists | duplicate
    group_id: int | None = None


@dataclass
class PlannedWork:
    sheet: str
    row: int
    values: dict[str, Any]
    group_refs: list[Ref]
    status: str  # new | exists | duplicate
    work_id: int | None = None


@dataclass
class NewContributor:
    name: str
    kind: str
    group: Ref
    address: str | None


@dataclass
class PlannedContribution:
    sheet: str
    row: int
    group: Ref
    work: Ref | None
    contributor: Ref | None  # None while ambiguous
    new_key: tuple  # the new contributor this row would create when it is one
    values: dict[str, Any]  # date, kind, quantity, unit, value_vnd, value_entered, rate_id, land…, note
    name: str
    kind_given: str | None = None  # Đối tượng as typed (None: not given)
    address: str | None = None
    ambiguous: Ambiguous | None = None
    status: str = "ok"  # ok | duplicate | ambiguous | unaccented (waits for a NameCheck) | locked
    duplicate: Duplicate | None = None
    status_given: str | None = None  # Trạng thái as typed (None: no such column, or the cell left blank)
    rate: RateUsed | None = None  # the đơn giá that valued the row (None: the value was written in the file)
    lock: dict[str, Any] | None = None  # the issued report whose locked period holds the row's date
    name_check: NameCheck | None = None  # the name was typed without accents ("pham van duc")


@dataclass
class SheetCounts:
    read: int = 0  # data rows (not empty, not the example, not below the totals row)
    new: int = 0
    exists: int = 0
    problems: int = 0
    duplicates: int = 0
    ambiguous: int = 0
    unaccented: int = 0
    examples: int = 0


@dataclass(frozen=True)
class RateUsed:
    """The đơn giá a row was valued with, as the preview shows it."""
    id: int
    name: str
    price_vnd: int
    land_type: str | None  # the rate's own land type; None: the general rate (Đất khác)


# How a NameCheck is answered (`ImportPlan.resolve_name`).
USE_REGISTER = "register"  # the person already in the register (the proposal)
AS_TYPED = "as_typed"  # a new person, the name kept exactly as typed
RETYPED = "retyped"  # a new person, the name as the clerk typed it again with its accents
NAME_CHOICES = (USE_REGISTER, AS_TYPED, RETYPED)


@dataclass
class NameCheck:
    """A name typed without accents: the rows of that person are not imported until the clerk says
    whether it is the person already in the register (`proposal`, same folded name in the same tổ dân
    phố), the name as typed, or the name typed again properly."""
    sheet: str
    rows: list[int]  # the rows of that sheet giving this person
    name: str  # as typed
    group: str
    new_key: tuple  # the new person the rows create when it is not the register's
    proposal: Candidate | None = None
    choice: str | None = None  # one of NAME_CHOICES; None: not decided (rows not imported)
    retyped: str | None = None

    @property
    def key(self) -> RowKey:
        return (self.sheet, self.rows[0])

    def __str__(self) -> str:
        rows = ", ".join(str(r) for r in self.rows[:10]) + ("…" if len(self.rows) > 10 else "")
        where = f"{self.sheet}, dòng {rows}: \"{self.name}\" ({self.group}) gõ không dấu"
        if self.proposal:
            return (f"{where} — trong sổ có {self.proposal.name} (mã {self.proposal.id}"
                    + (f", {self.proposal.address}" if self.proposal.address else "") + "): có phải người này?")
        return f"{where} — hãy gõ lại tên có dấu, hoặc xác nhận giữ tên như đã gõ."


def land_line(c: PlannedContribution) -> str:
    """"Đóng góp, dòng 5: Trần Văn Hùng — 45,5 m², Đất ở tại đô thị (ODT): đơn giá "…" 5.000.000 đ/m² →
    227.500.000 đồng." The rate is named whenever the file's land type did not choose it."""
    v = c.values
    head = f"{c.sheet}, dòng {c.row}: {c.name} — {format_decimal(v['quantity'], 1, trim=True)} m²"
    given = v.get("land_type")
    typed = f"{LAND_TYPES[given]} ({given})" if given else "không ghi loại đất"
    rate = c.rate
    if rate is None:
        return f"{head}, {typed}: giá trị ghi trong tệp {format_vnd(v['value_vnd'])} đồng (không tính theo đơn giá)."
    used = f"đơn giá \"{rate.name}\" {format_vnd(rate.price_vnd)} đ/m² → {format_vnd(v['value_vnd'])} đồng"
    if rate.land_type is None and given:
        return f"{head}, {typed}: chưa có đơn giá riêng cho loại đất này, dùng {used}."
    if rate.land_type is None:
        return f"{head}, {typed}: dùng {used} (loại \"{LAND_TYPES['KHAC']}\")."
    return f"{head}, {typed}: {used}."


def locked_message(date: str, lock: dict[str, Any]) -> str:
    """Why a row dated in an issued report's locked period is not imported, and how to unlock it."""
    return (f"ngày {format_date(date)} thuộc kỳ đã ban hành báo cáo số {lock['symbol']} "
            f"({format_date(lock['start'])}–{format_date(lock['end'])}); số liệu kỳ này đã khóa. "
            "Muốn bổ sung, hãy mở khóa kỳ ở trang Báo cáo (ghi rõ lý do).")
