"""What `planning.plan` found, before anything is written: the ImportPlan and its rows.

The plan holds the planned tổ dân phố, công trình and khoản đóng góp, the new people to create,
the problems (named by sheet, row and column) and the notes. Rows whose contributor is ambiguous
(two "Nguyễn Văn An" in Tổ 3) carry a `choice` the caller fills with `ImportPlan.resolve`; every
choice runs `finalize` again, which decides each row's status (ok, possible duplicate, waiting for a
choice) — so the duplicate rule lives here, next to the choices that change its answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.text.vnformat import format_date, format_decimal, format_int, format_vnd

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
    status: str = "ok"  # ok | duplicate | ambiguous
    duplicate: Duplicate | None = None


@dataclass
class SheetCounts:
    read: int = 0  # data rows (not empty, not the example, not below the totals row)
    new: int = 0
    exists: int = 0
    problems: int = 0
    duplicates: int = 0
    ambiguous: int = 0
    examples: int = 0


@dataclass
class ImportPlan:
    path: Path
    ledger_path: Path
    stamp: tuple
    groups: list[PlannedGroup] = field(default_factory=list)
    works: list[PlannedWork] = field(default_factory=list)
    contributions: list[PlannedContribution] = field(default_factory=list)
    new_contributors: dict[tuple, NewContributor] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet_kinds: dict[str, str] = field(default_factory=dict)  # sheet name → groups | works | contributions
    sheet_rows: dict[str, int] = field(default_factory=dict)  # data rows read per sheet
    sheet_examples: dict[str, int] = field(default_factory=dict)
    problem_rows: set[RowKey] = field(default_factory=set)
    existing_keys: dict[tuple, int] = field(default_factory=dict)  # duplicate key → contribution id in the ledger
    names: dict[Ref, str] = field(default_factory=dict)  # group/work refs → names, for messages

    # ----------------------------------------------------------------- what the caller reads

    @property
    def ok_rows(self) -> list[PlannedContribution]:
        """Contributions that apply() will add."""
        return [c for c in self.contributions if c.status == "ok"]

    @property
    def duplicates(self) -> list[Duplicate]:
        out = [Duplicate(g.sheet, g.row, f"tổ dân phố \"{g.values['name']}\" ghi hai lần trong trang.")
               for g in self.groups if g.status == "duplicate"]
        out += [Duplicate(w.sheet, w.row, f"công trình \"{w.values['name']}\" ghi hai lần trong trang.")
                for w in self.works if w.status == "duplicate"]
        out += [c.duplicate for c in self.contributions if c.status == "duplicate" and c.duplicate]
        return out

    @property
    def ambiguous(self) -> list[Ambiguous]:
        """Rows whose contributor needs a choice (decided or not); a row found to be already in the
        ledger for one of its candidates is a duplicate instead."""
        return [c.ambiguous for c in self.contributions
                if c.ambiguous is not None and (c.ambiguous.choice is not None or c.status == "ambiguous")]

    @property
    def unresolved(self) -> list[Ambiguous]:
        """Rows that will not be imported until `resolve` says who the contributor is."""
        return [c.ambiguous for c in self.contributions if c.status == "ambiguous" and c.ambiguous is not None]

    def resolve(self, row_key: RowKey, contributor_id: int) -> None:
        """Say who the contributor of an ambiguous row is: one of its candidates' ids, or
        NEW_CONTRIBUTOR for a different person with the same name."""
        for c in self.contributions:
            if c.ambiguous is not None and c.ambiguous.key == tuple(row_key):
                allowed = {x.id for x in c.ambiguous.candidates} | {NEW_CONTRIBUTOR}
                if contributor_id not in allowed:
                    raise UserError(f"{c.sheet}, dòng {c.row}: mã người đóng góp {contributor_id} không nằm trong "
                                    "danh sách người có thể là người này.")
                c.ambiguous.choice = contributor_id
                finalize(self)
                return
        raise UserError(f"Không có dòng {row_key[1]} của trang \"{row_key[0]}\" trong danh sách cần chọn "
                        "người đóng góp.")

    def unresolve(self, row_key: RowKey) -> None:
        """Take back a choice made with `resolve`: the row waits for a decision again (not imported)."""
        for c in self.contributions:
            if c.ambiguous is not None and c.ambiguous.key == tuple(row_key):
                c.ambiguous.choice = None
                finalize(self)
                return

    def counts(self) -> dict[str, SheetCounts]:
        """Per sheet: rows read, to add, already in the ledger, with problems, duplicates, ambiguous."""
        out = {name: SheetCounts(read=n, examples=self.sheet_examples.get(name, 0))
               for name, n in self.sheet_rows.items()}
        for key in self.problem_rows:
            out[key[0]].problems += 1
        for item in (*self.groups, *self.works):
            sc = out[item.sheet]
            if item.status == "new":
                sc.new += 1
            elif item.status == "exists":
                sc.exists += 1
            else:
                sc.duplicates += 1
        for c in self.contributions:
            sc = out[c.sheet]
            if c.status == "ok":
                sc.new += 1
            elif c.status == "duplicate":
                sc.duplicates += 1
            else:
                sc.ambiguous += 1
        return out

    def nothing_to_add(self) -> bool:
        return not (self.ok_rows or any(g.status == "new" for g in self.groups)
                    or any(w.status == "new" for w in self.works))

    def summary_text(self, limit: int = 200) -> str:
        """The plan in Vietnamese, for the command line and the GUI's details box."""
        counts = self.counts()
        total = sum(c.read for c in counts.values())
        valid = sum(c.new + c.exists for c in counts.values())
        problems = sum(c.problems for c in counts.values())
        dups = sum(c.duplicates for c in counts.values())
        amb = sum(c.ambiguous for c in counts.values())
        lines = [f"Tệp: {self.path.name}"]
        head = f"Đọc {format_int(total)} dòng: {format_int(valid)} hợp lệ, {format_int(problems)} có lỗi, " \
               f"{format_int(dups)} có thể trùng"
        if amb:
            head += f", {format_int(amb)} chưa rõ người đóng góp"
        lines.append(head + ".")
        for name, sc in counts.items():
            part = f"  Trang \"{name}\": {format_int(sc.read)} dòng"
            details = [f"{format_int(sc.new)} mới"]
            if sc.exists:
                details.append(f"{format_int(sc.exists)} đã có trong sổ")
            if sc.problems:
                details.append(f"{format_int(sc.problems)} có lỗi")
            if sc.duplicates:
                details.append(f"{format_int(sc.duplicates)} có thể trùng")
            if sc.ambiguous:
                details.append(f"{format_int(sc.ambiguous)} chưa rõ người")
            if sc.examples:
                details.append(f"bỏ qua {format_int(sc.examples)} dòng ví dụ")
            lines.append(f"{part} ({', '.join(details)}).")
        ok = self.ok_rows
        new_people = {c.new_key for c in ok if c.contributor and c.contributor[0] == "new"}
        value = sum(c.values["value_vnd"] for c in ok)
        if self.nothing_to_add():
            lines.append("Không có gì mới để nhập vào sổ.")
        else:
            lines.append(
                f"Sẽ thêm: {format_int(sum(g.status == 'new' for g in self.groups))} tổ dân phố, "
                f"{format_int(sum(w.status == 'new' for w in self.works))} công trình, "
                f"{format_int(len(new_people))} người đóng góp mới, {format_int(len(ok))} khoản đóng góp "
                f"(tổng giá trị {format_vnd(value)} đồng).")
        sections = (("Lỗi (các dòng này không được nhập):", [str(p) for p in self.problems]),
                    ("Có thể trùng (không nhập lại):", [str(d) for d in self.duplicates]),
                    ("Chưa rõ người đóng góp (chưa nhập):", [str(a) for a in self.unresolved]),
                    ("Ghi chú:", self.notes))
        for title, items in sections:
            if not items:
                continue
            lines.append(title)
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  … và {format_int(len(items) - limit)} dòng khác.")
        return "\n".join(lines)


def ledger_stamp(ledger: Ledger) -> tuple:
    """The ledger's state: every change writes an audit row, so the newest audit id moves."""
    return tuple(ledger.conn.execute("SELECT count(*), max(id) FROM audit").fetchone())


# --------------------------------------------------------------------------- the rows' status


def qty_key(quantity: float | None) -> float:
    return round(float(quantity or 0), 3)


def finalize(plan: ImportPlan) -> None:
    """Decide each contribution row's status from the current choices: ambiguous until chosen,
    duplicate when the same (contributor, date, kind, quantity) is in the ledger or earlier in the file."""
    seen: dict[tuple, PlannedContribution] = {}
    for c in plan.contributions:
        c.duplicate = None
        if c.ambiguous is not None:
            choice = c.ambiguous.choice
            if choice is None:
                c.contributor = None
                c.status = "ambiguous"
                # Already imported for one of the candidates (a re-import after the choice was made):
                # it is that contribution again, not a question.
                for cand in c.ambiguous.candidates:
                    key = (("id", cand.id), c.values["date"], c.values["kind"], qty_key(c.values["quantity"]))
                    if key in plan.existing_keys:
                        c.status = "duplicate"
                        found = plan.existing_keys[key]
                        c.duplicate = Duplicate(c.sheet, c.row, f"đã có trong sổ ({c.name}, mã người {cand.id}; mã "
                                                f"khoản {found}).", existing_id=found)
                        break
                continue
            c.contributor = ("new", c.new_key) if choice == NEW_CONTRIBUTOR else ("id", choice)
        assert c.contributor is not None
        key = (c.contributor, c.values["date"], c.values["kind"], qty_key(c.values["quantity"]))
        if key in plan.existing_keys or key in seen:
            described = (f"{c.name}, {CONTRIBUTION_KINDS[c.values['kind']]} "
                         f"{format_decimal(c.values['quantity'], 1, trim=True)} {c.values['unit'] or ''}".rstrip()
                         + f", ngày {format_date(c.values['date'])}")
        if key in plan.existing_keys:
            c.status = "duplicate"
            found = plan.existing_keys[key]
            c.duplicate = Duplicate(c.sheet, c.row, f"đã có trong sổ ({described}; mã khoản {found}).",
                                    existing_id=found)
        elif key in seen:
            first = seen[key]
            c.status = "duplicate"
            c.duplicate = Duplicate(c.sheet, c.row, f"giống dòng {first.row} của trang \"{first.sheet}\" "
                                    f"({described}).", first_row=first.row)
        else:
            seen[key] = c
            c.status = "ok"

