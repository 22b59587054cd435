"""The figures of a workbook row, read exactly or refused by name: money as people write it (desktop.core.text.money),
quantities with the unit typed in the cell ("120,5 m2", "2 sào", "0,5 ha"), and the ceilings of limits.py above
which a figure is refused as implausible instead of counted (a land gift of 10⁹ m² valued at 10¹⁵ đồng).

Called by the row checks (checks.py), which name the sheet, row and column around each message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from desktop.core.intake.limits import WHERE
from desktop.core.intake.spec import CONTRIBUTION_KIND_WORDS, FIXED_UNIT_WORDS, header_key, lookup
from desktop.core.intake.values import (
    AREA_M2,
    CONG_UNITS,
    SAO_UNITS,
    area_factor,
    cell_text,
    figure,
    multiplier_unit,
    parse_amount,
    parse_money_cell,
    shown,
    times,
)
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, DEFAULT_UNITS

Bad = Callable[[str, str], None]  # bad(field, message): a problem in the row being checked

MAX_QUANTITY = 10**13  # the service's own bounds (contributions.validate)
MAX_VALUE_VND = 10**14
_MONEY_UNITS = frozenset(header_key(u) for u in FIXED_UNIT_WORDS["money"])
LAND_UNIT_KEYS = frozenset((*AREA_M2, *SAO_UNITS, *CONG_UNITS))
# The works' and groups' number columns: the units a cell may carry, to the stored unit.
LENGTH_UNITS = {"m": 1, "met": 1, "km": 1_000}
COUNT_UNITS = {"households": {"ho": 1, "ho gia dinh": 1}, "population": {"nguoi": 1, "khau": 1, "nhan khau": 1}}


@lru_cache(maxsize=256)
def kind_of(text: str | None) -> str | None:
    return lookup(CONTRIBUTION_KIND_WORDS, text) if text else None


class Amounts:
    """The figures of the rows of one plan, against the ward's settings (limits.get_limits)."""

    def __init__(self, limits: dict[str, Any]):
        self.limits = limits

    def contribution(self, v: dict[str, Any], bad: Bad) -> tuple[float | None, str | None, int | None]:
        """Số lượng (with a unit perhaps typed after it) and Giá trị quy đổi: (quantity, typed unit, value).
        Money is read as money in both columns ("2 triệu", "500k"); a land area is converted to m²."""
        kind = kind_of(cell_text(v.get("kind")))
        quantity: float | None = None
        typed_unit = None
        value = None
        raw = v.get("quantity")
        if raw is not None and kind == "money":
            amount, err = parse_money_cell(raw)
            if err:
                bad("quantity", err)
            elif amount is not None and amount <= 0:
                bad("quantity", f"\"{shown(raw)}\" phải lớn hơn 0.")
            else:
                quantity = float(amount) if amount is not None else None
        elif raw is not None:
            quantity, typed_unit, err = parse_amount(raw)
            if err:
                bad("quantity", err)
            elif quantity is not None and quantity <= 0:
                bad("quantity", f"\"{shown(raw)}\" phải lớn hơn 0.")
                quantity = None
            elif quantity is not None:
                quantity, typed_unit = self._with_unit(v, kind, quantity, typed_unit, bad)
            if quantity is not None and quantity > MAX_QUANTITY:
                bad("quantity", f"\"{shown(raw)}\" lớn quá mức cho phép.")
                quantity = None
        if v.get("value_vnd") is not None:
            amount, err = parse_money_cell(v["value_vnd"])
            if err:
                bad("value_vnd", err)
            elif amount is not None and amount <= 0:
                bad("value_vnd", f"\"{shown(v['value_vnd'])}\" phải lớn hơn 0.")
            elif amount is not None and amount > MAX_VALUE_VND:
                bad("value_vnd", f"\"{shown(v['value_vnd'])}\" lớn quá mức cho phép.")
            else:
                value = amount
        self._ceilings(v, kind, quantity, value, bad)
        return quantity, typed_unit, value

    def _with_unit(self, v: dict[str, Any], kind: str | None, quantity: float, typed_unit: str | None,
                   bad: Bad) -> tuple[float | None, str | None]:
        """A quantity with the unit typed in its cell (or in Đơn vị tính, for land): words of money refused
        outside money, an area converted to m² (a sào by the ward's setting)."""
        raw = v["quantity"]
        label = CONTRIBUTION_KINDS.get(kind or "", "")
        if typed_unit and multiplier_unit(typed_unit):
            bad("quantity", f"\"{shown(raw)}\": chữ \"{typed_unit}\" chỉ dùng cho số tiền; ở Số lượng hãy ghi số "
                            "đầy đủ (ví dụ 2.000).")
            return None, None
        if typed_unit and kind and header_key(typed_unit) in _MONEY_UNITS:
            bad("quantity", f"\"{shown(raw)}\" là số tiền: hãy ghi vào cột Giá trị quy đổi (đồng); Số lượng của "
                            f"\"{label}\" ghi theo {DEFAULT_UNITS[kind] or 'đơn vị tính'}.")
            return None, None
        if kind != "land":
            return quantity, typed_unit
        unit_text = typed_unit or cell_text(v.get("unit"))
        if not unit_text:
            return quantity, typed_unit
        fld, cell = ("quantity", raw) if typed_unit else ("unit", v.get("unit"))
        factor, err = area_factor(header_key(unit_text), self.limits.get("intake_sao_m2"), WHERE)
        if err:
            bad(fld, f"\"{label}\" {err}" if fld == "unit" else f"\"{shown(cell)}\": \"{label}\" {err}")
            return None, None
        if factor is None or factor == 1:
            return quantity, typed_unit  # m² as typed, or a unit _unit refuses by name
        return times(quantity, factor), "m²"

    def _ceilings(self, v: dict[str, Any], kind: str | None, quantity: float | None, value: int | None,
                  bad: Bad) -> None:
        """The ward's ceilings (limits.py): an implausible figure is refused with the ceiling and where to change
        it, never counted."""
        lim = self.limits
        if kind == "money":
            fld = "value_vnd" if value is not None else "quantity"
            amount = value if value is not None else quantity
            if amount is None:
                return
            if amount > lim["intake_max_money_vnd"]:
                bad(fld, f"\"{shown(v[fld])}\" = {figure(amount, 'đồng')}, lớn hơn mức tối đa "
                         f"{figure(lim['intake_max_money_vnd'], 'đồng')} một dòng: có phải ghi thừa chữ số hoặc "
                         f"nhầm chữ (nghìn, triệu, tỷ)? Nếu đúng, hãy nâng mức ở {WHERE}.")
            elif amount < lim["intake_min_money_vnd"]:
                bad(fld, f"\"{shown(v[fld])}\" = {figure(amount, 'đồng')}, nhỏ hơn mức tối thiểu "
                         f"{figure(lim['intake_min_money_vnd'], 'đồng')}: có phải ghi thiếu \"nghìn\" hoặc "
                         f"\"triệu\" (500 nghìn, 2 triệu)? Nếu đúng, hãy hạ mức ở {WHERE}.")
        elif kind in ("land", "labour") and quantity is not None:
            key, unit = (("intake_max_land_m2", "m²") if kind == "land" else ("intake_max_labour_days", "ngày công"))
            if quantity > lim[key]:
                bad("quantity", f"\"{shown(v['quantity'])}\" = {figure(quantity, unit)}, lớn hơn mức tối đa "
                                f"{figure(lim[key], unit)} một dòng: có phải ghi nhầm đơn vị? Nếu đúng, hãy nâng "
                                f"mức ở {WHERE}.")


def work_number(fld: str, raw: Any) -> tuple[float | int | None, str | None]:
    """A work's number column: Kinh phí ngân sách as money ("1,2 tỷ"), the lengths in metres ("1,2 km")."""
    if fld.endswith("_vnd"):
        return parse_money_cell(raw)
    number, unit, err = parse_amount(raw)
    if err or number is None or not unit:
        return number, err
    factor = LENGTH_UNITS.get(header_key(unit))
    if factor is None:
        return None, f"\"{shown(raw)}\": đơn vị \"{unit}\" không dùng được ở cột này; hãy ghi số mét."
    return times(number, factor), None


def group_number(fld: str, raw: Any) -> tuple[float | None, str | None]:
    """Số hộ, Số nhân khẩu: a number, perhaps followed by "hộ" or "người"; any other word is refused."""
    number, unit, err = parse_amount(raw)
    if err or number is None or not unit:
        return number, err
    if header_key(unit) not in COUNT_UNITS.get(fld, {}):
        return None, f"\"{shown(raw)}\": \"{unit}\" không dùng được ở cột này; hãy ghi một số."
    return number, None
