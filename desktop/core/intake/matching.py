"""Matching what a workbook names to the ledger: tổ dân phố, công trình, đơn giá, người đóng góp.

A `Matcher` is made once per plan and loads what it needs from the ledger once: the works by
accent-folded name, the groups as `groups.find_by_name` finds them (memoised: the same few names
repeat on every row), the rates in force, the contributors of the groups involved, and the keys of
the contributions already in the ledger over the file's dates (for the duplicate rule,
importplan.finalize). It also keeps the tổ dân phố and công trình this workbook defines itself
(`new_groups`, `new_works`) and those whose row has errors (`bad_groups`, `bad_works`), which the
row checks (checks.py) fill in, so that a row naming one of them gets the right answer or message.
"""

from __future__ import annotations

import bisect
from typing import Any

from db.connection import Ledger
from desktop.core.intake import reader
from desktop.core.intake.importplan import (
    Ambiguous,
    Candidate,
    ImportPlan,
    NewContributor,
    PlannedContribution,
    PlannedGroup,
    PlannedWork,
    Problem,
    RateUsed,
    Ref,
    qty_key,
)
from desktop.core.intake.names import typed_without_accents
from desktop.core.intake.planrows import NameCheck
from desktop.core.intake.spec import CONTRIBUTIONS, GROUPS, WORKS
from desktop.core.ledger import groups, rates
from desktop.core.ledger.vocab import CONTRIBUTOR_KINDS
from desktop.core.text.vntext import fold

Person = tuple[int, str, str, str | None]  # a contributor of the ledger: id, name, kind, address


class Matcher:
    """What the names of one workbook mean in one ledger (see the module docstring)."""

    def __init__(self, ledger: Ledger, plan: ImportPlan, sheets: dict[str, reader.SheetData]):
        self.ledger = ledger
        self.plan = plan
        self.sheets = sheets
        self._group_cache: dict[str, int | None] = {}
        self.new_groups: dict[str, PlannedGroup] = {}  # folded name → planned new group
        self.bad_groups: dict[str, int] = {}  # folded name → row of the Tổ dân phố sheet that has errors
        self.works_by_name: dict[str, int] = {
            fold(name): wid for wid, name in ledger.conn.execute("SELECT id, name FROM works WHERE deleted_at IS NULL")}
        self.new_works: dict[str, PlannedWork] = {}
        self.bad_works: dict[str, int] = {}
        self._rates: dict[tuple, tuple[int, int | None] | None] = {}
        self._rate_dates: dict[str, list[str] | None] = {}  # kind → its rates' effective dates, sorted
        self._rate_rows: dict[int, RateUsed] = {}
        self._register_names: dict[int, str] = {}  # contributor id → name in the register, of the rows matched
        self._ref_cache: dict[Any, tuple[Ref | None, str | None]] = {}
        self._folded: dict[str, str] = {}

    # ------------------------------------------------------------- groups, works, rates

    def ledger_group(self, text: str) -> int | None:
        """The ledger's group for a name as written ("Tổ 3", "TDP số 3"…), by groups.find_by_name."""
        key = fold(text)
        if key not in self._group_cache:
            self._group_cache[key] = groups.find_by_name(self.ledger, text)
        return self._group_cache[key]

    def group_ref(self, text: str) -> tuple[Ref | None, str | None]:
        """A group as written in a row: in the ledger, or defined on this workbook's Tổ dân phố sheet.
        Memoised per text: the same few names repeat on every row."""
        hit = self._ref_cache.get(text)
        if hit is None:
            hit = self._ref_cache[text] = self._group_ref(text)
        return hit

    def _group_ref(self, text: str) -> tuple[Ref | None, str | None]:
        gid = self.ledger_group(text)
        if gid:
            ref: Ref = ("id", gid)
            self.plan.names.setdefault(ref, text)
            return ref, None
        key = fold(text)
        hit = _by_name_or_number(key, self.new_groups)
        if hit is not None:
            ref = ("new", hit)
            self.plan.names.setdefault(ref, self.new_groups[hit].values["name"])
            return ref, None
        bad = _by_name_or_number(key, self.bad_groups)
        if bad is not None:
            return None, (f"\"{text}\" khai ở trang \"{GROUPS.title}\" dòng {self.bad_groups[bad]} nhưng dòng đó "
                          "có lỗi; hãy sửa dòng đó trước.")
        return None, f"\"{text}\" không có trong sổ và không có ở trang \"{GROUPS.title}\" của tệp."

    def work_ref(self, text: str) -> tuple[Ref | None, str | None]:
        hit = self._ref_cache.get(("work", text))
        if hit is None:
            hit = self._ref_cache[("work", text)] = self._work_ref(text)
        return hit

    def _work_ref(self, text: str) -> tuple[Ref | None, str | None]:
        key = fold(text)
        if key in self.works_by_name:
            ref: Ref = ("id", self.works_by_name[key])
        elif key in self.new_works:
            ref = ("new", key)
        elif key in self.bad_works:
            return None, (f"\"{text}\" khai ở trang \"{WORKS.title}\" dòng {self.bad_works[key]} nhưng dòng đó "
                          "có lỗi; hãy sửa dòng đó trước.")
        else:
            return None, f"\"{text}\" không có trong sổ và không có ở trang \"{WORKS.title}\" của tệp."
        self.plan.names.setdefault(ref, text)
        return ref, None

    def rate(self, kind: str, unit: str | None, land_type: str | None, date: str) -> tuple[int, int | None] | None:
        """(price, rate id) in force — the same lookup as contributions.computed_value, cached."""
        key = (kind, unit, land_type, self._rate_epoch(kind, date))
        if key not in self._rates:
            found = rates.rate_for(self.ledger, kind, unit, land_type, date)
            self._rates[key] = (found["price_vnd"], found["id"]) if found else None
        return self._rates[key]

    def _rate_epoch(self, kind: str, date: str) -> str | None:
        """The latest effective date of the kind's rates on or before `date`: rates.rate_for chooses among the
        rates with effective_date <= date, so every date of one epoch gets the same answer — one query per
        epoch instead of one per day named in the file. Dates other than text (never written by the app)
        fall back to one query per day, as SQLite orders them differently."""
        if kind not in self._rate_dates:
            rows = self.ledger.conn.execute(
                "SELECT DISTINCT effective_date, typeof(effective_date) FROM rates "
                "WHERE kind = ? AND deleted_at IS NULL AND effective_date IS NOT NULL", [kind]).fetchall()
            texts = all(t == "text" for _, t in rows)
            self._rate_dates[kind] = sorted(d for d, _ in rows) if texts else None
        dates = self._rate_dates[kind]
        if dates is None:
            return date
        i = bisect.bisect_right(dates, date)
        return dates[i - 1] if i else None

    def rate_used(self, rate_id: int) -> RateUsed:
        """The rate a row was valued with, by id, for the preview (name, price, land type); cached."""
        hit = self._rate_rows.get(rate_id)
        if hit is None:
            name, price, land_type = self.ledger.conn.execute(
                "SELECT name, price_vnd, land_type FROM rates WHERE id = ?", [rate_id]).fetchone()
            hit = self._rate_rows[rate_id] = RateUsed(rate_id, name or f"mã {rate_id}", price, land_type)
        return hit

    # ------------------------------------------------------------- who gave it

    def match_contributors(self) -> None:
        """Match each row's contributor by accent-folded name within its group (and Đối tượng, and
        the address when there is a choice). Loads only the contributors of the groups involved."""
        rows = self.plan.contributions
        people = self._ledger_people(rows)
        # New people of this file, keyed (group, name, kind, address); rows without an address join the
        # only addressed person of that name if there is exactly one.
        addressed: dict[tuple, set[str]] = {}
        for c in rows:
            if c.address:
                addressed.setdefault(self._person_base(c), set()).add(self._fold(c.address))
        unclear: list[PlannedContribution] = []
        for c in rows:
            known = addressed.get(self._person_base(c), set())
            self._plan_new_person(c, known)
            found = people.get((c.group[1], self._fold(c.name)), []) if c.group[0] == "id" else []
            if c.kind_given:
                found = [p for p in found if p[2] == c.kind_given]
            if found:
                self._match_in_ledger(c, found)
            elif not c.address and len(known) > 1:
                unclear.append(c)  # two new people of that name in the file: which one is this?
            else:
                c.contributor = ("new", c.new_key)
        self._refuse_unclear(unclear)

    def _fold(self, text: str | None) -> str:
        if not text:
            return ""
        if text not in self._folded:
            self._folded[text] = fold(text)
        return self._folded[text]

    def _person_base(self, c: PlannedContribution) -> tuple:
        return (c.group, self._fold(c.name), c.kind_given or "ho")

    def _ledger_people(self, rows: list[PlannedContribution]) -> dict[tuple[int, str], list[Person]]:
        """The ledger's contributors of the groups the rows name, by (group id, folded name)."""
        group_ids = sorted({c.group[1] for c in rows if c.group[0] == "id"})
        people: dict[tuple[int, str], list[Person]] = {}
        for start in range(0, len(group_ids), 500):
            chunk = group_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for cid, name, kind, gid, address in self.ledger.conn.execute(
                f"SELECT id, name, kind, group_id, address FROM contributors "  # noqa: S608 - placeholders only
                f"WHERE deleted_at IS NULL AND group_id IN ({marks}) ORDER BY id", chunk,
            ):
                people.setdefault((gid, fold(name)), []).append((cid, name, kind, address))
        return people

    def _plan_new_person(self, c: PlannedContribution, known: set[str]) -> None:
        """The new person this row would create (`c.new_key`), should it be one: rows of the same
        name, group and Đối tượng share one; a row without an address joins the only addressed one."""
        base = self._person_base(c)
        if c.address:
            c.new_key = (*base, self._fold(c.address))
        else:
            c.new_key = (*base, next(iter(known)) if len(known) == 1 else "")
        new = self.plan.new_contributors
        if c.new_key not in new:
            new[c.new_key] = NewContributor(c.name, c.kind_given or "ho", c.group, c.address)
        else:
            if c.address and not new[c.new_key].address:
                new[c.new_key].address = c.address
            if typed_without_accents(new[c.new_key].name) and not typed_without_accents(c.name):
                new[c.new_key].name = c.name  # another row of the file gives the name with its accents

    def _match_in_ledger(self, c: PlannedContribution, found: list[Person]) -> None:
        """The row's name is in the ledger: the one person the address (or the lack of a choice) points
        to, or a question (`c.ambiguous`) listing the candidates."""
        address = c.address
        self._register_names.update((p[0], p[1]) for p in found)
        if address:
            same = [p for p in found if self._fold(p[3]) == self._fold(address)]
            if len(same) == 1:
                c.contributor = ("id", same[0][0])
                return
            if not same and len(found) == 1 and not found[0][3]:
                c.contributor = ("id", found[0][0])  # the ledger has no address to compare with
                return
            candidates = same or found
        else:
            if len(found) == 1:
                c.contributor = ("id", found[0][0])
                return
            candidates = found
        c.ambiguous = Ambiguous(
            sheet=c.sheet, row=c.row, name=c.name, group=self.plan.names.get(c.group, ""),
            address=address or "",
            candidates=[Candidate(p[0], p[1], p[3] or "", CONTRIBUTOR_KINDS.get(p[2], p[2])) for p in candidates],
        )

    def _refuse_unclear(self, unclear: list[PlannedContribution]) -> None:
        """Rows without an address whose name belongs to several new people of the file: problems,
        and out of the plan."""
        for c in unclear:
            sheet = self.sheets[c.sheet]
            column = sheet.headers.get("address") or sheet.headers.get("name") or CONTRIBUTIONS.header("name")
            self.plan.problems.append(Problem(
                c.sheet, c.row, column,
                f"trong tệp có nhiều người tên \"{c.name}\" ở {self.plan.names.get(c.group, '')} với địa chỉ khác "
                "nhau; hãy ghi Địa chỉ cho dòng này để biết là người nào."))
            self.plan.problem_rows.add((c.sheet, c.row))
        if unclear:
            dropped = {id(c) for c in unclear}
            self.plan.contributions = [c for c in self.plan.contributions if id(c) not in dropped]

    def check_names(self) -> None:
        """A NameCheck for each person whose name was typed without accents ("pham van duc") and would go
        into the register so, or stands for a register name written otherwise: one per person, all its rows."""
        checks: dict[tuple, NameCheck] = {}
        for c in self.plan.contributions:
            if not typed_without_accents(c.name):
                continue
            proposal = None
            if c.ambiguous is None and c.contributor is not None and c.contributor[0] == "id":
                cid = c.contributor[1]
                register = self._register_names.get(cid, "")
                if register == c.name:
                    continue  # the register already writes it so: nothing new enters it
                proposal = Candidate(cid, register, *self._person_info(cid))
            elif not typed_without_accents(self.plan.new_contributors[c.new_key].name):
                continue  # another row of the file gives this person's name with its accents
            key = (c.sheet, proposal.id if proposal else None, c.new_key)
            nc = checks.get(key)
            if nc is None:
                nc = checks[key] = NameCheck(c.sheet, [], c.name, self.plan.names.get(c.group, ""), c.new_key,
                                             proposal)
            nc.rows.append(c.row)
            c.name_check = nc

    def _person_info(self, cid: int) -> tuple[str, str]:
        address, kind = self.ledger.conn.execute("SELECT address, kind FROM contributors WHERE id = ?",
                                                 [cid]).fetchone()
        return address or "", CONTRIBUTOR_KINDS.get(kind, kind)

    def load_existing_keys(self) -> None:
        """Contributions already in the ledger, by (contributor, date, kind, quantity), over the
        file's date range only."""
        dates = [c.values["date"] for c in self.plan.contributions]
        if not dates:
            return
        for cid, date, kind, quantity, rid in self.ledger.conn.execute(
            "SELECT contributor_id, date, kind, quantity, id FROM contributions "
            "WHERE deleted_at IS NULL AND date BETWEEN ? AND ?", [min(dates), max(dates)],
        ):
            self.plan.existing_keys.setdefault((("id", cid), date, kind, qty_key(quantity)), rid)


def _by_name_or_number(key: str, named: dict[str, Any]) -> str | None:
    """The key of `named` (folded group names) that `key` means: the same name, or the only one with
    the same number ("tổ 3" for a new "Tổ dân phố 3" of this workbook) — as groups.find_by_name does."""
    if key in named:
        return key
    number = groups._number_of(key)
    if number is None:
        return None
    same = [k for k in named if groups._number_of(k) == number]
    return same[0] if len(same) == 1 else None

