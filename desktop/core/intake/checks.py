"""Each row of the three sheets checked, the way clerks type it, into a planned row or problems.

`RowChecks` holds what the checks share for one plan: the plan (which collects the planned rows and
the problems, named by sheet, row and column), the `Matcher` (matching.py) that says what a named
tổ dân phố, công trình or đơn giá is, the period locks, and the latest date allowed. A row with
any problem is left out of the plan; the others become PlannedGroup, PlannedWork or
PlannedContribution. The rules are the services' own: groups.validate and works.validate run on
each new group and work; a contribution row is checked here with the rules of
contributions.validate (see applying.py for why, and for the test that keeps them equal).

Longer than 400 lines on purpose: the three sheets' checks share one RowChecks (plan, matcher, locks), and a
contribution row's columns (who, kind, amounts, unit, land, Trạng thái) are checked in one place, in order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

from db.connection import Ledger
from desktop.core.errors import ValidationError
from desktop.core.intake import limits, reader
from desktop.core.intake.amounts import LAND_UNIT_KEYS, Amounts, group_number, work_number
from desktop.core.intake.importplan import ImportPlan, PlannedContribution, PlannedGroup, PlannedWork, Problem, Ref
from desktop.core.intake.matching import Matcher
from desktop.core.intake.planrows import locked_message
from desktop.core.intake.spec import (
    CONTRIBUTION_KIND_WORDS,
    CONTRIBUTION_STATUS_WORDS,
    CONTRIBUTOR_KIND_WORDS,
    FIXED_UNIT_WORDS,
    LAND_TYPE_WORDS,
    WORK_KIND_WORDS,
    WORK_STATUS_WORDS,
    WORKS,
    SheetSpec,
    header_key,
    lookup,
)
from desktop.core.intake.values import allowed, cell_text, parse_day, shown
from desktop.core.ledger import groups, locks, works
from desktop.core.ledger.contributions import LAND_FIELDS
from desktop.core.ledger.vocab import (
    CONTRIBUTION_KINDS,
    CONTRIBUTION_STATUSES,
    CONTRIBUTOR_KINDS,
    DEFAULT_UNITS,
    WORK_KINDS,
    WORK_STATUSES,
)
from desktop.core.text.vnformat import format_date, format_vnd
from desktop.core.text.vntext import fold

EARLIEST = dt.date(2000, 1, 1)
_NO_LAND = dict.fromkeys(LAND_FIELDS)  # a row that is no land gift: its land columns empty

Bad = Callable[[str, str], None]  # bad(field, message): a problem in the row being checked


class RowChecks:
    """The checks of one plan's rows (see the module docstring)."""

    def __init__(self, ledger: Ledger, plan: ImportPlan, match: Matcher):
        self.ledger = ledger
        self.plan = plan
        self.match = match
        self.today = dt.date.today()
        self.latest = self.today + dt.timedelta(days=365)
        self.locks = locks.active_locks(ledger)

    def problem(self, spec: SheetSpec, sheet: reader.SheetData, row: int | None, fld: str | None,
                message: str) -> None:
        column = (sheet.headers.get(fld) or spec.header(fld)) if fld else None
        self.plan.problems.append(Problem(sheet.name, row, column, message))
        if row:
            self.plan.problem_rows.add((sheet.name, row))

    # ------------------------------------------------------------- Tổ dân phố and Công trình

    def group_row(self, spec: SheetSpec, sheet: reader.SheetData, data: reader.DataRow) -> None:
        v = data.values
        before = len(self.plan.problems)
        name = cell_text(v.get("name"))
        if not name:
            self.problem(spec, sheet, data.row, "name", "không được để trống.")
            return
        values: dict[str, Any] = {"name": name, "leader": cell_text(v.get("leader"))}
        key = fold(name)
        gid = self.match.ledger_group(name)
        if gid:
            self.plan.groups.append(PlannedGroup(sheet.name, data.row, values, "exists", gid))
            return
        if key in self.match.new_groups:
            self.plan.groups.append(PlannedGroup(sheet.name, data.row, values, "duplicate"))
            return
        for fld in ("households", "population"):
            if v.get(fld) is not None:
                number, err = group_number(fld, v[fld])
                if err:
                    self.problem(spec, sheet, data.row, fld, err)
                elif number is not None and (number < 0 or not number.is_integer()):
                    self.problem(spec, sheet, data.row, fld, f"\"{shown(v[fld])}\" phải là số nguyên không âm.")
                else:
                    values[fld] = int(number) if number is not None else None
        try:
            groups.validate(self.ledger, {k: x for k, x in values.items() if x is not None})
        except ValidationError as err:
            for fld, message in err.errors.items():
                self.problem(spec, sheet, data.row, fld if fld in v else "name", _strip_label(message))
        if len(self.plan.problems) > before:
            self.match.bad_groups[key] = data.row
            return
        planned = PlannedGroup(sheet.name, data.row, values, "new")
        self.match.new_groups[key] = planned
        self.plan.groups.append(planned)

    def work_row(self, spec: SheetSpec, sheet: reader.SheetData, data: reader.DataRow) -> None:
        v = data.values
        before = len(self.plan.problems)
        row = data.row
        name = cell_text(v.get("name"))
        if not name:
            self.problem(spec, sheet, row, "name", "không được để trống.")
            return
        key = fold(name)
        if key in self.match.works_by_name:
            self.plan.works.append(PlannedWork(sheet.name, row, {"name": name}, [], "exists",
                                               self.match.works_by_name[key]))
            return
        if key in self.match.new_works:
            self.plan.works.append(PlannedWork(sheet.name, row, {"name": name}, [], "duplicate"))
            return
        values: dict[str, Any] = {"name": name}
        kind_text = cell_text(v.get("kind"))
        values["kind"] = lookup(WORK_KIND_WORDS, kind_text) if kind_text else "khac"
        if values["kind"] is None:
            self.problem(spec, sheet, row, "kind", f"\"{kind_text}\" không hợp lệ (chọn một trong: "
                                                   f"{allowed(WORK_KINDS)}).")
        for fld in ("length_m", "width_before_m", "width_after_m", "budget_state_vnd"):
            if v.get(fld) is None:
                continue
            number, err = work_number(fld, v[fld])
            if err:
                self.problem(spec, sheet, row, fld, err)
            elif number is not None and number < 0:
                self.problem(spec, sheet, row, fld, f"\"{shown(v[fld])}\" không được âm.")
            elif fld == "budget_state_vnd" and number is not None and not float(number).is_integer():
                self.problem(spec, sheet, row, fld, f"\"{shown(v[fld])}\" phải là số nguyên đồng.")
            else:
                values[fld] = int(number) if fld == "budget_state_vnd" and number is not None else number
        for fld in ("start_date", "completed_date"):
            if v.get(fld) is None:
                continue
            day, err = parse_day(v[fld])
            if err:
                self.problem(spec, sheet, row, fld, err)
            elif day is not None:
                values[fld] = day.isoformat()
        status_text = cell_text(v.get("status"))
        if status_text:
            values["status"] = lookup(WORK_STATUS_WORDS, status_text)
            if values["status"] is None:
                self.problem(spec, sheet, row, "status", f"\"{status_text}\" không hợp lệ (chọn một trong: "
                                                         f"{allowed(WORK_STATUSES)}).")
        else:
            # Left blank: what the dates say (a completion date means it is finished).
            values["status"] = ("hoan_thanh" if values.get("completed_date") else
                                "dang_thi_cong" if values.get("start_date") else "chuan_bi")
        refs: list[Ref] = []
        group_text = cell_text(v.get("group"))
        for part in re.split(r"[,;\n]+", group_text or ""):
            part = part.strip()
            if not part:
                continue
            ref, err = self.match.group_ref(part)
            if err:
                self.problem(spec, sheet, row, "group", err)
            elif ref and ref not in refs:
                refs.append(ref)
        # The service's own rules (widths, dates against the status…), for the fields not already reported.
        flagged = {p.column for p in self.plan.problems[before:]}
        try:
            works.validate(self.ledger, {k: x for k, x in values.items() if x is not None})
        except ValidationError as err:
            for fld, message in err.errors.items():
                column = "group" if fld == "group_ids" else fld if fld in spec_fields(WORKS) else "name"
                if (sheet.headers.get(column) or WORKS.header(column)) not in flagged:
                    self.problem(spec, sheet, row, column, _strip_label(message))
        if len(self.plan.problems) > before:
            self.match.bad_works[key] = row
            return
        planned = PlannedWork(sheet.name, row, values, refs, "new")
        self.match.new_works[key] = planned
        self.plan.works.append(planned)


    # ------------------------------------------------------------- Đóng góp

    def contribution_row(self, spec: SheetSpec, sheet: reader.SheetData, data: reader.DataRow) -> None:
        v = data.values
        row = data.row
        before = len(self.plan.problems)

        def bad(fld: str, message: str) -> None:
            self.problem(spec, sheet, row, fld, message)

        # One step per group of columns, in this order: a row's problems are listed as they are found.
        day = self._day(v, bad)
        date = day.isoformat() if day else None
        lock = next((x for x in self.locks if x["start"] <= date <= x["end"]), None) if date and self.locks else None
        group, name, ckind, address, work = self._who_and_where(v, bad)
        kind = self._kind(v, bad)
        quantity, typed_unit, value = self._amounts(v, bad)
        unit = self._unit(v, kind, typed_unit, bad)
        quantity = self._quantity_from_value(v, kind, quantity, value, bad)
        land_type, texts = self._land_and_texts(v, bad)
        status = self._status(v, bad)

        value_entered = value is not None
        rate_id = None
        if not value_entered and kind and quantity is not None and date and len(self.plan.problems) == before:
            value, rate_id = self._value_from_rate(kind, unit, land_type, quantity, date, bad)
        if len(self.plan.problems) > before:
            if lock and date:
                bad("date", locked_message(date, lock))  # said with the other problems: one trip to fix them
            return

        assert group is not None and kind is not None and quantity is not None and value is not None and name
        values: dict[str, Any] = {
            "date": date, "kind": kind, "quantity": float(quantity), "unit": unit, "status": status,
            "evidence_no": texts["evidence_no"], "note": texts["note"],
        }
        if kind == "land":
            values.update({"land_map_sheet": texts["land_map_sheet"], "land_parcel": texts["land_parcel"],
                           "land_type": land_type, "land_handover": "pledged"})
        else:
            values.update(_NO_LAND)
        values.update({"value_entered": 1 if value_entered else 0, "rate_id": rate_id, "value_vnd": value})
        self.plan.contributions.append(PlannedContribution(
            sheet=sheet.name, row=row, group=group, work=work, contributor=None, new_key=(), values=values,
            name=name, kind_given=ckind, address=address, status_given=status,
            rate=self.match.rate_used(rate_id) if rate_id else None, lock=lock,
        ))

    def _day(self, v: dict[str, Any], bad: Bad) -> dt.date | None:
        """Ngày: given, and a real date within the allowed years. A date in a locked period is decided
        after the duplicate rule (planning.py): a row already in the ledger is "đã có trong sổ", not an error."""
        day = None
        if v.get("date") is None:
            bad("date", "không được để trống.")
        else:
            day, err = parse_day(v["date"])
            if err:
                bad("date", err)
            elif day is not None and not EARLIEST <= day <= self.latest:
                bad("date", f"ngày {format_date(day)} nằm ngoài khoảng cho phép (từ {format_date(EARLIEST)} "
                            f"đến {format_date(self.latest)}).")
                day = None
        return day

    def _status(self, v: dict[str, Any], bad: Bad) -> str | None:
        """Trạng thái: Đăng ký or Đã nhận; None when not given (the plan's default_status, chosen by the clerk)."""
        text = cell_text(v.get("status"))
        status = lookup(CONTRIBUTION_STATUS_WORDS, text) if text else None
        if text and status is None:
            bad("status", f"\"{text}\" không hợp lệ (chọn một trong: {allowed(CONTRIBUTION_STATUSES)}).")
        return status

    def _who_and_where(self, v: dict[str, Any], bad: Bad
                       ) -> tuple[Ref | None, str | None, str | None, str | None, Ref | None]:
        """Tổ dân phố, Họ và tên, Đối tượng, Địa chỉ and Công trình: (group, name, kind, address, work)."""
        group_text = cell_text(v.get("group"))
        group: Ref | None = None
        if not group_text:
            bad("group", "không được để trống.")
        else:
            group, err = self.match.group_ref(group_text)
            if err:
                bad("group", err)

        name = cell_text(v.get("name"))
        if not name:
            bad("name", "không được để trống.")
        elif len(name) > 200:
            bad("name", "dài quá 200 ký tự.")

        ckind_text = cell_text(v.get("contributor_kind"))
        ckind = lookup(CONTRIBUTOR_KIND_WORDS, ckind_text) if ckind_text else None
        if ckind_text and ckind is None:
            bad("contributor_kind", f"\"{ckind_text}\" không hợp lệ (chọn một trong: {allowed(CONTRIBUTOR_KINDS)}).")
        address = cell_text(v.get("address"))
        if address and len(address) > 300:
            bad("address", "dài quá 300 ký tự.")

        work: Ref | None = None
        work_text = cell_text(v.get("work"))
        if work_text:
            work, err = self.match.work_ref(work_text)
            if err:
                bad("work", err)
        return group, name, ckind, address, work

    def _kind(self, v: dict[str, Any], bad: Bad) -> str | None:
        """Hình thức: one of the contribution kinds."""
        kind_text = cell_text(v.get("kind"))
        kind = lookup(CONTRIBUTION_KIND_WORDS, kind_text) if kind_text else None
        if not kind_text:
            bad("kind", "không được để trống.")
        elif kind is None:
            bad("kind", f"\"{kind_text}\" không hợp lệ (chọn một trong: {allowed(CONTRIBUTION_KINDS)}).")
        return kind

    @cached_property
    def amounts(self) -> Amounts:
        """The figures' reader with the ward's sào and ceilings (limits.py), read once per plan."""
        return Amounts(limits.get_limits(self.ledger))

    def _amounts(self, v: dict[str, Any], bad: Bad) -> tuple[float | None, str | None, int | None]:
        """Số lượng (with a unit perhaps typed after it) and Giá trị quy đổi: (quantity, typed unit, value);
        money read as people write it, land converted to m², the ward's ceilings (amounts.py)."""
        return self.amounts.contribution(v, bad)

    def _unit(self, v: dict[str, Any], kind: str | None, typed_unit: str | None, bad: Bad) -> str | None:
        """Đơn vị tính (or the unit typed after the quantity), checked against the kind's fixed units."""
        unit = cell_text(v.get("unit")) or typed_unit
        if unit and len(unit) > 30:
            bad("unit", "dài quá 30 ký tự.")
        if kind == "land" and unit and header_key(unit) in LAND_UNIT_KEYS:
            unit = None  # "sào", "ha": converted to m² (or refused) with the quantity, in _amounts
        if kind in FIXED_UNIT_WORDS and unit:
            allowed_units = {header_key(u) for u in FIXED_UNIT_WORDS[kind]}
            if header_key(unit) not in allowed_units:
                fld = "unit" if v.get("unit") is not None else "quantity"
                bad(fld, f"\"{CONTRIBUTION_KINDS[kind]}\" tính bằng {DEFAULT_UNITS[kind]}, không phải \"{unit}\"; "
                         f"hãy đổi ra {DEFAULT_UNITS[kind]}.")
        if kind in ("money", "land", "labour"):
            unit = DEFAULT_UNITS[kind]  # the figures add these up, so the unit is fixed (as the service does)
        elif kind and not unit:
            unit = DEFAULT_UNITS[kind] or None
        return unit

    def _quantity_from_value(self, v: dict[str, Any], kind: str | None, quantity: float | None, value: int | None,
                             bad: Bad) -> float | None:
        """The quantity when only the value is given (money, assets, other), and money's two columns agreeing."""
        qty_given = v.get("quantity") is not None
        if kind and quantity is None and not qty_given:
            if value is not None and kind == "money":
                quantity = float(value)  # money: the amount is both the quantity and the value
            elif value is not None and kind in ("assets", "other"):
                quantity = 1.0
            elif v.get("value_vnd") is None:
                bad("quantity", "cần ghi Số lượng hoặc Giá trị quy đổi (đồng).")
            else:
                bad("quantity", f"cần ghi Số lượng cho \"{CONTRIBUTION_KINDS[kind]}\" "
                                f"({DEFAULT_UNITS[kind] or 'đơn vị tính'}).")
        if kind == "money" and quantity is not None:
            if not float(quantity).is_integer():
                bad("quantity", f"số tiền \"{shown(v['quantity'])}\" phải là số nguyên đồng.")
            elif value is not None and int(quantity) != value and qty_given:
                bad("value_vnd", f"số tiền ở cột Số lượng ({format_vnd(int(quantity))}) khác Giá trị quy đổi "
                                 f"({format_vnd(value)}); hãy sửa cho khớp.")
        return quantity

    def _land_and_texts(self, v: dict[str, Any], bad: Bad) -> tuple[str | None, dict[str, str | None]]:
        """Loại đất, and the free texts with their lengths: Tờ bản đồ, Thửa đất, Số biên bản, Ghi chú."""
        land_type = None
        land_type_text = cell_text(v.get("land_type"))
        if land_type_text:
            land_type = lookup(LAND_TYPE_WORDS, land_type_text)
            if land_type is None:
                bad("land_type", f"\"{land_type_text}\" không hợp lệ (ghi mã như ODT, ONT, CLN hoặc tên loại đất).")
        texts = {}
        for fld, max_len in (("land_map_sheet", 20), ("land_parcel", 20), ("evidence_no", 500), ("note", 500)):
            texts[fld] = cell_text(v.get(fld))
            if texts[fld] and len(texts[fld]) > max_len:
                bad(fld, f"dài quá {max_len} ký tự.")
        return land_type, texts

    def _value_from_rate(self, kind: str, unit: str | None, land_type: str | None, quantity: float, date: str,
                         bad: Bad) -> tuple[int | None, int | None]:
        """Giá trị left blank: (value, rate id) from the đơn giá in force on the day (money is its own value)."""
        if kind == "money":
            return int(quantity), None
        found = self.match.rate(kind, unit, land_type if kind == "land" else None, date)
        if found is None:
            bad("value_vnd", f"để trống nhưng chưa có đơn giá cho \"{CONTRIBUTION_KINDS[kind]}\" "
                             f"({unit or 'không đơn vị'}) áp dụng tại ngày {format_date(date)} — hãy ghi giá "
                             "trị, hoặc thêm đơn giá trong Cài đặt rồi nhập lại.")
            return None, None
        return int(round(quantity * found[0])), found[1]


def spec_fields(spec: SheetSpec) -> set[str]:
    return {c.field for c in spec.columns}


def _strip_label(message: str) -> str:
    """The services write "Tên tổ dân phố: đã có …"; the column is already named in our message."""
    head, sep, rest = message.partition(": ")
    return rest if sep and len(head) < 60 else message
