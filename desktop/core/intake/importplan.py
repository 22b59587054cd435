"""What `planning.plan` found, before anything is written: the ImportPlan and its rows.

The plan holds the planned tổ dân phố, công trình and khoản đóng góp, the new people to create,
the problems (named by sheet, row and column) and the notes. Rows whose contributor is ambiguous
(two "Nguyễn Văn An" in Tổ 3) carry a `choice` the caller fills with `ImportPlan.resolve`; every
choice runs `finalize` again, which decides each row's status (ok, possible duplicate, waiting for a
choice) — so the duplicate rule lives here, next to the choices that change its answer.

The other questions the caller must answer before `applying.apply` writes anything: what the rows
without a Trạng thái are recorded as (`set_default_status`), whether a workbook made for another
unit may be imported (`other_unit_allowed`), and what each name typed without accents is
(`resolve_name`). The row dataclasses are in planrows.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.intake.names import typed_without_accents
from desktop.core.intake.planrows import (
    AS_TYPED,
    NAME_CHOICES,
    NEW_CONTRIBUTOR,
    RETYPED,
    USE_REGISTER,
    Ambiguous,
    Candidate,
    Duplicate,
    NameCheck,
    NewContributor,
    PlannedContribution,
    PlannedGroup,
    PlannedWork,
    Problem,
    RateUsed,
    Ref,
    RowKey,
    SheetCounts,
    land_line,
)
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES
from desktop.core.text.vnformat import format_date, format_decimal, format_int, format_vnd
from desktop.core.text.vntext import fold

__all__ = ["AS_TYPED", "NEW_CONTRIBUTOR", "RETYPED", "USE_REGISTER", "Ambiguous", "Candidate", "Duplicate",
           "ImportPlan", "NameCheck", "NewContributor", "PlannedContribution", "PlannedGroup", "PlannedWork",
           "Problem", "RateUsed", "Ref", "RowKey", "SheetCounts", "finalize", "ledger_stamp", "qty_key"]

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
    # What the rows without Trạng thái are recorded as: the caller must choose (a refusal beats a guess).
    default_status: str | None = None
    status_column: bool = True  # every Đóng góp sheet has a Trạng thái column
    unit: tuple[str, str] = ("", "")  # the ledger's unit: (code, name)
    book_unit: tuple[str, str] | None = None  # the unit the workbook was made for; None: a hand-made workbook
    other_unit_allowed: bool = False  # the clerk said a workbook of another unit may be imported

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

    # ----------------------------------------------------------------- Trạng thái, unit, names

    @property
    def without_status(self) -> list[PlannedContribution]:
        """Rows to import whose Trạng thái is not in the file: they take `default_status`."""
        return [c for c in self.contributions if c.status_given is None and c.status != "duplicate"]

    @property
    def needs_status(self) -> bool:
        """True while some rows have no Trạng thái and the caller has not said what they are."""
        return self.default_status is None and bool(self.without_status)

    def set_default_status(self, status: str | None) -> None:
        if status is not None and status not in CONTRIBUTION_STATUSES:
            raise UserError(f"Trạng thái \"{status}\" không hợp lệ (chọn một trong: "
                            f"{', '.join(CONTRIBUTION_STATUSES.values())}).")
        self.default_status = status

    def status_text(self) -> str | None:
        """What the rows without Trạng thái will be recorded as, in one sentence (None: every row has one)."""
        rows = self.without_status
        if not rows:
            return None
        what = (f"\"{CONTRIBUTION_STATUSES[self.default_status]}\"" if self.default_status else
                "… (chưa chọn: hãy chọn Đăng ký hoặc Đã nhận)")
        if self.default_status == "pledged":
            what += " — chưa nhận, không tính vào số liệu báo cáo"
        if not self.status_column:
            return f"Tệp không có cột Trạng thái: các khoản sẽ được ghi là {what}."
        return f"{format_int(len(rows))} dòng để trống cột Trạng thái: các khoản đó sẽ được ghi là {what}."

    @property
    def other_unit(self) -> bool:
        """The workbook was made from another unit's template."""
        return bool(self.book_unit and self.unit[0] and self.book_unit[0] != self.unit[0])

    def unit_text(self) -> str:
        code, name = self.unit
        if self.book_unit is None:
            return (f"Tệp không mang mã đơn vị (không phải mẫu do chương trình tạo, hoặc đã xóa trang Hướng dẫn): "
                    f"hãy chắc chắn đây là số liệu của {name}.")
        if self.other_unit:
            return (f"Tệp này làm từ mẫu của {self.book_unit[1] or 'đơn vị khác'} (mã {self.book_unit[0]}), không "
                    f"phải của {name} (mã {code}) đang mở.")
        return f"Tệp của {name}" + (f" (mã {code})." if code else ".")

    @property
    def name_checks(self) -> list[NameCheck]:
        """Names typed without accents that hold rows back, or that the clerk has answered."""
        out: dict[int, NameCheck] = {}
        for c in self.contributions:
            nc = c.name_check
            if nc is not None and (c.status == "unaccented" or (nc.choice is not None and c.status != "duplicate")):
                out.setdefault(id(nc), nc)
        return list(out.values())

    @property
    def unresolved_names(self) -> list[NameCheck]:
        return [nc for nc in self.name_checks if nc.choice is None]

    def resolve_name(self, row_key: RowKey, choice: str, name: str | None = None) -> None:
        """Answer a NameCheck: USE_REGISTER (its proposal), AS_TYPED, or RETYPED with `name`, the same
        name typed with its accents."""
        nc = self._name_check(row_key)
        if choice not in NAME_CHOICES:
            raise UserError(f"Cách xử lý tên \"{choice}\" không hợp lệ.")
        if choice == USE_REGISTER and nc.proposal is None:
            raise UserError(f"{nc.sheet}, dòng {nc.rows[0]}: trong sổ không có người nào tên \"{nc.name}\" ở "
                            f"{nc.group} để dùng.")
        if choice == RETYPED:
            name = " ".join((name or "").split())
            if not name or typed_without_accents(name):
                raise UserError(f"Hãy gõ tên có dấu cho \"{nc.name}\" (ví dụ Phạm Văn Đức).")
            if fold(name) != fold(nc.name):
                raise UserError(f"\"{name}\" không phải \"{nc.name}\" có dấu; tên khác thì hãy sửa trong tệp rồi "
                                "nhập lại.")
        nc.choice, nc.retyped = choice, name if choice == RETYPED else None
        self._rename(nc)

    def unresolve_name(self, row_key: RowKey) -> None:
        nc = self._name_check(row_key)
        nc.choice = nc.retyped = None
        self._rename(nc)

    def _name_check(self, row_key: RowKey) -> NameCheck:
        for c in self.contributions:
            nc = c.name_check
            if nc is not None and nc.sheet == row_key[0] and row_key[1] in nc.rows:
                return nc
        raise UserError(f"Không có dòng {row_key[1]} của trang \"{row_key[0]}\" trong danh sách tên gõ không dấu.")

    def _rename(self, nc: NameCheck) -> None:
        person = self.new_contributors.get(nc.new_key)
        if person is not None:
            person.name = nc.retyped or nc.name
        finalize(self)

    def land_lines(self) -> list[str]:
        """Each land row to import with its land type and the đơn giá used — never silent about "Đất khác"."""
        return [land_line(c) for c in self.contributions if c.values["kind"] == "land" and c.status != "duplicate"]

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
            elif c.status == "unaccented":
                sc.unaccented += 1
            elif c.status == "locked":
                sc.problems += 1
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
        unaccented = sum(c.unaccented for c in counts.values())
        lines = [f"Tệp: {self.path.name}", self.unit_text()]
        head = f"Đọc {format_int(total)} dòng: {format_int(valid)} hợp lệ, {format_int(problems)} có lỗi, " \
               f"{format_int(dups)} có thể trùng"
        if amb:
            head += f", {format_int(amb)} chưa rõ người đóng góp"
        if unaccented:
            head += f", {format_int(unaccented)} tên gõ không dấu"
        lines.append(head + ".")
        if self.status_text():
            lines.append(self.status_text() or "")
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
            if sc.unaccented:
                details.append(f"{format_int(sc.unaccented)} tên không dấu")
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
                    ("Tên gõ không dấu (chưa nhập):", [str(n) for n in self.unresolved_names]),
                    ("Hiến đất — loại đất và đơn giá dùng:", self.land_lines()),
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


@lru_cache(maxsize=65536)  # round(x, 3) goes through a decimal string; a workbook repeats its quantities
def qty_key(quantity: float | None) -> float:
    return round(float(quantity or 0), 3)


def finalize(plan: ImportPlan) -> None:
    """Decide each contribution row's status from the current choices: ambiguous until chosen,
    duplicate when the same (contributor, date, kind, quantity) is in the ledger or earlier in the file,
    unaccented while its name typed without accents waits for an answer, locked when its date is in an
    issued period and it is not already in the ledger (planning drops those as problems first)."""
    seen: dict[tuple, PlannedContribution] = {}
    for c in plan.contributions:
        c.duplicate = None
        nc = c.name_check
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
        elif nc is not None:
            keep = nc.proposal is not None and nc.choice in (None, USE_REGISTER)
            c.contributor = ("id", nc.proposal.id) if keep and nc.proposal else ("new", c.new_key)
        assert c.contributor is not None
        key = (c.contributor, c.values["date"], c.values["kind"], qty_key(c.values["quantity"]))
        # Looked up once each (the key holds nested tuples, hashed anew on every lookup); both maps hold no None.
        found = plan.existing_keys.get(key)
        first = seen.get(key) if found is None else None
        if found is not None or first is not None:
            described = (f"{c.name}, {CONTRIBUTION_KINDS[c.values['kind']]} "
                         f"{format_decimal(c.values['quantity'], 1, trim=True)} {c.values['unit'] or ''}".rstrip()
                         + f", ngày {format_date(c.values['date'])}")
        if found is not None:
            c.status = "duplicate"
            c.duplicate = Duplicate(c.sheet, c.row, f"đã có trong sổ ({described}; mã khoản {found}).",
                                    existing_id=found)
        elif first is not None:
            c.status = "duplicate"
            c.duplicate = Duplicate(c.sheet, c.row, f"giống dòng {first.row} của trang \"{first.sheet}\" "
                                    f"({described}).", first_row=first.row)
        else:
            seen[key] = c
            c.status = "locked" if c.lock else "unaccented" if _waits_for_name(c) else "ok"


def _waits_for_name(c: PlannedContribution) -> bool:
    """The row's person is the one its unanswered NameCheck asks about (not a candidate chosen instead)."""
    nc = c.name_check
    if nc is None or nc.choice is not None or c.contributor is None:
        return False
    return c.contributor[0] == "new" or (nc.proposal is not None and c.contributor == ("id", nc.proposal.id))
