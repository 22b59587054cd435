"""The movement's other criteria of a period (issue 20): one value per catalogue indicator, with where it came from.

Which value counts, in this order (`period_values`):
1. typed — the clerk's value for the period (table indicator_values, source_kind "typed"): it overrides the rest;
2. unit_report — the sum of the figures the reporting units sent for the period (table unit_reports, status
   "current", JSON `figures` {code: number}); several units reporting one code are added (each reports its own
   part: the Mặt trận's and each đoàn thể's tin bài, cuộc vận động…). A percent is not added: it counts only
   when the units that report it agree;
3. computed — a percent with `computed: "a / b"` in the catalogue from the two values of the period, and the
   cultural titles from the ledger (`_van_hoa`).

A year covers its two halves. For each unit, its report of the year wins; a unit without one counts its two
half-year reports: a flow (money, a count) is the sum of H1 and H2; a level — a percent, or the year's plan of
public investment (`LEVELS`) — is never added: the second half's value (the state at the year's end), else the
first half's. When no unit reported the code for the year itself, and the clerk typed nothing for the year, the
year is the same combination of its two halves as they stand (typed or reported), so the year always agrees
with the two halves the clerk sees. Other periods (a phase, custom dates) take what was typed or reported for
that exact period code.

unit_reports is written by the reporting round (desktop/core/round/reports.py); it is read here by SQL because
figures sits below round in the package order (tests/test_layering.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.figures import indicator_catalogue
from desktop.core.figures.indicator_catalogue import Indicator
from desktop.core.ledger import locks, periods, records
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.ledger.setup import get_unit
from desktop.core.text.money import parse_money
from desktop.core.text.vnformat import format_decimal, format_int, parse_number
from desktop.core.text.vntext import fold

TABLE = "indicator_values"
TYPED, REPORTED, COMPUTED = "typed", "unit_report", "computed"
SOURCE_KINDS = {TYPED: "Nhập tay", REPORTED: "Đơn vị báo cáo", COMPUTED: "Tính từ sổ"}
# Levels, not flows: the year takes the later half's value, never the sum (the year's plan of public investment
# is given once for the year — Luật Đầu tư công 2019, Điều 59 — and each half-year report repeats it).
LEVELS = frozenset({"dtc_ke_hoach_vnd"})
VALUE_MAX = 10**15  # as targets.validate: above any ward's money


@dataclass
class _Found:
    value: float | None = None
    kind: str = ""
    sources: list[str] = field(default_factory=list)
    note: str = ""
    here: bool = False  # typed for this very period (not its halves'): the one clear_value takes away


def _period(ledger: Ledger, period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    return periods.parse(period, get_unit(ledger).get("period_start") or "01-01")


def _halves(code: str) -> tuple[str, str] | None:
    return (f"{code}-H1", f"{code}-H2") if re.fullmatch(r"\d{4}", code) else None


def _is_level(ind: Indicator) -> bool:
    return ind.kind == "percent" or ind.code in LEVELS


# --------------------------------------------------------------------------- what the units reported


def unit_reports(ledger: Ledger, period_codes: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """The current reports of these period codes: unit (id, name, kind, field), period_code, received_on, source,
    figures {code: number} and texts {section key: text}, in the units' order."""
    if not period_codes:
        return []
    marks = ",".join("?" * len(period_codes))
    cur = ledger.conn.execute(
        f"SELECT r.id, r.unit_id, u.name, u.kind, u.field, r.period_code, r.received_on, r.source, r.figures, "
        f"r.texts FROM unit_reports r JOIN reporting_units u ON u.id = r.unit_id "
        f"WHERE r.status = 'current' AND r.deleted_at IS NULL AND r.period_code IN ({marks}) "
        f"ORDER BY u.sort_order, u.id, r.period_code", list(period_codes))
    out = []
    for rid, uid, name, kind, fld, code, received, source, figs, texts in cur:
        out.append({"id": rid, "unit_id": uid, "unit": name, "unit_kind": kind, "field": fld or "",
                    "period_code": code, "received_on": received, "source": source,
                    "figures": _json(figs), "texts": _json(texts)})
    return out


def _json(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _from_reports(ind: Indicator, code: str, reports: list[dict[str, Any]]) -> _Found:
    """The units' figures for `code` (a year: each unit's year report, else its halves combined)."""
    halves = _halves(code)
    by_unit: dict[int, dict[str, dict[str, Any]]] = {}
    for r in reports:
        by_unit.setdefault(r["unit_id"], {})[r["period_code"]] = r
    parts: list[tuple[str, float]] = []
    for rows in by_unit.values():
        if code in rows:
            value = _number(rows[code]["figures"].get(ind.code))
        elif halves:
            value = _combine(ind, *(_number(rows[h]["figures"].get(ind.code)) if h in rows else None
                                    for h in halves))
        else:
            value = None
        if value is not None:
            parts.append((next(iter(rows.values()))["unit"], value))
    if not parts:
        return _Found()
    names = [n for n, _ in parts]
    if ind.kind == "percent":
        values = {v for _, v in parts}
        if len(values) > 1:
            said = "; ".join(f"{n}: {_fmt(ind, v)}" for n, v in parts)
            return _Found(None, REPORTED, names, f"Các đơn vị báo cáo khác nhau ({said}): hãy nhập số đúng.")
        return _Found(parts[0][1], REPORTED, names)
    return _Found(sum(v for _, v in parts), REPORTED, names)


def _combine(ind: Indicator, h1: float | None, h2: float | None) -> float | None:
    if _is_level(ind):
        return h2 if h2 is not None else h1
    if h1 is None and h2 is None:
        return None
    return (h1 or 0.0) + (h2 or 0.0)


# --------------------------------------------------------------------------- typed and computed


def _typed(ledger: Ledger, period_code: str) -> dict[str, dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT id, code, value, note FROM indicator_values WHERE period_code = ? AND source_kind = ? "
        "AND deleted_at IS NULL", [period_code, TYPED])
    return {code: {"id": i, "value": value, "note": note or ""} for i, code, value, note in cur}


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or not b:
        return None
    return round(100.0 * a / b, 1)


def _van_hoa(ledger: Ledger, period: Period, code: str) -> _Found:
    """The share of households / tổ dân phố recognised "văn hóa" by the ward's decisions of the period (Nghị định
    86/2023/NĐ-CP): proposals decided (quyet_dinh, duoc_khen) of a danh hiệu whose name says "gia đình văn hóa" or
    "tổ dân phố văn hóa" / "thôn văn hóa", over the households (or the number) of the active groups. Read by SQL
    as `figures.awards` reads the proposals. Nothing decided in the period: not computed (typed or reported)."""
    households = code == "gia_dinh_van_hoa_pct"
    rows = ledger.conn.execute(
        "SELECT k.name, count(*) FROM proposals p JOIN award_kinds k ON k.id = p.award_kind_id "
        "WHERE p.deleted_at IS NULL AND k.form = 'danh_hieu' AND p.status IN ('quyet_dinh', 'duoc_khen') "
        "AND p.period_start >= ? AND p.period_end <= ? GROUP BY k.name", [period.start, period.end]).fetchall()
    words = ("gia dinh van hoa",) if households else ("to dan pho van hoa", "thon van hoa")
    granted = sum(n for name, n in rows if any(w in fold(name) for w in words))
    if not granted:
        return _Found()
    what = "SUM(coalesce(households, 0))" if households else "count(*)"
    total = ledger.conn.execute(f"SELECT {what} FROM groups WHERE deleted_at IS NULL AND active = 1").fetchone()[0]
    value = _ratio(granted, total)
    if value is None:
        return _Found()
    noun = "hộ" if households else "tổ"
    return _Found(value, COMPUTED, [], f"{format_int(granted)}/{format_int(total)} {noun} được công nhận")


# --------------------------------------------------------------------------- the values of a period


def period_values(ledger: Ledger, period: Period | str) -> list[dict[str, Any]]:
    """One row per catalogue indicator: code, name, unit, kind, value (None: not known), source_kind (typed |
    unit_report | computed | ""), source (who: "Nhập tay", the units' names, "Tính từ sổ"), note, about (the
    catalogue's note), typed_here (typed for this period itself, not summed from its halves)."""
    period = _period(ledger, period)
    cat = indicator_catalogue.load()
    halves = _halves(period.code)
    codes = [period.code, *(halves or ())]
    reports = unit_reports(ledger, codes)
    typed = {c: _typed(ledger, c) for c in codes}
    found: dict[str, _Found] = {}
    for ind in cat.indicators:
        found[ind.code] = _resolve(ind, period.code, typed, reports)
    for ind in cat.indicators:  # computed last: they read the others' values of the period
        if found[ind.code].value is None and not found[ind.code].note:
            found[ind.code] = _compute(ledger, period, ind, found)
    return [_row(ind, found[ind.code]) for ind in cat.indicators]


def _resolve(ind: Indicator, code: str, typed: dict[str, dict[str, dict[str, Any]]],
             reports: list[dict[str, Any]]) -> _Found:
    if ind.code in typed.get(code, {}):
        t = typed[code][ind.code]
        return _Found(t["value"], TYPED, [SOURCE_KINDS[TYPED]], t["note"], here=True)
    halves = _halves(code)
    own = [r for r in reports if r["period_code"] == code]
    if not halves or any(ind.code in r["figures"] for r in own):
        return _from_reports(ind, code, reports if halves else own)
    # A year nobody reported or typed for: its two halves as they stand (each typed, else reported).
    h1, h2 = (_resolve(ind, h, typed, [r for r in reports if r["period_code"] == h]) for h in halves)
    value = _combine(ind, h1.value, h2.value)
    if value is None:
        return _Found()
    kinds = {f.kind for f in (h1, h2) if f.value is not None}
    sources = list(dict.fromkeys(h1.sources + h2.sources))
    how = "Số của 6 tháng cuối năm" if _is_level(ind) and h2.value is not None else (
        "Số của 6 tháng đầu năm" if _is_level(ind) else "Cộng 6 tháng đầu năm và 6 tháng cuối năm")
    return _Found(value, TYPED if TYPED in kinds else REPORTED, sources, how)


def _compute(ledger: Ledger, period: Period, ind: Indicator, found: dict[str, _Found]) -> _Found:
    if ind.computed:
        a, _, b = (x.strip() for x in ind.computed.partition("/"))
        fa, fb = found.get(a, _Found()), found.get(b, _Found())
        value = _ratio(fa.value, fb.value)
        if value is None:
            return _Found()
        return _Found(value, COMPUTED, [SOURCE_KINDS[COMPUTED]], f"Tính: {_name(a)} / {_name(b)}")
    if ind.code in ("gia_dinh_van_hoa_pct", "tdp_van_hoa_pct"):
        f = _van_hoa(ledger, period, ind.code)
        if f.value is not None:
            f.sources = [SOURCE_KINDS[COMPUTED]]
        return f
    return _Found()


def _name(code: str) -> str:
    ind = indicator_catalogue.load().indicator(code)
    return ind.name.lower() if ind else code


def _row(ind: Indicator, f: _Found) -> dict[str, Any]:
    value: float | int | None = f.value
    if value is not None and ind.kind != "percent":
        value = int(round(value))
    return {"code": ind.code, "name": ind.name, "unit": ind.unit, "kind": ind.kind, "value": value,
            "source_kind": f.kind if value is not None else (f.kind if f.note else ""),
            "source": ", ".join(f.sources), "note": f.note, "about": ind.note, "typed_here": f.here}


def _fmt(ind: Indicator, value: float) -> str:
    return format_value(ind.kind, value)


def format_value(kind: str, value: float | int | None, missing: str = "…") -> str:
    """"1.234.567" for money and counts, "95,5" for a percent; `missing` when unknown."""
    if value is None:
        return missing
    if kind == "percent":
        return format_decimal(float(value), 1, trim=True)
    return format_int(int(round(value)))


def as_dict(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in rows}


# --------------------------------------------------------------------------- the clerk's values


def validate(ind: Indicator, value: Any) -> float:
    """The typed value checked for its kind: a percent 0–100, money whole đồng ≥ 0, a count a whole number ≥ 0.
    The GUI and CLI parse what people type (text.money.parse_money, vnformat.parse_number) before this."""
    number = _number(value)
    if number is None:
        raise ValidationError({"value": f"{ind.name}: cần một con số."})
    if number < 0:
        raise ValidationError({"value": f"{ind.name}: không được âm."})
    if ind.kind == "percent" and number > 100:
        raise ValidationError({"value": f"{ind.name}: tỷ lệ phần trăm từ 0 đến 100."})
    if ind.kind != "percent" and number != int(number):
        what = "số tiền phải là số nguyên đồng" if ind.kind == "money" else "phải là số nguyên"
        raise ValidationError({"value": f"{ind.name}: {what}."})
    if number > VALUE_MAX:
        raise ValidationError({"value": f"{ind.name}: số quá lớn."})
    return round(number, 2) if ind.kind == "percent" else float(int(number))


def parse_typed(code: str, text: str) -> float:
    """What a person typed for an indicator, read as they meant it: money as text.money reads it ("1,2 tỷ",
    "1.200.000.000 đ"), anything else as a Vietnamese number ("95,5", "95,5%")."""
    ind = _indicator(code)
    try:
        if ind.kind == "money":
            return float(parse_money(text))
        return parse_number(str(text).strip().removesuffix("%"))
    except ValueError as exc:
        raise ValidationError({"value": f"{ind.name}: {exc}"}) from exc


def _indicator(code: str) -> Indicator:
    ind = indicator_catalogue.load().indicator(code)
    if ind is None:
        raise UserError(f"Không có chỉ tiêu “{code}” trong danh mục chỉ tiêu phong trào "
                        "(resources/rules/chi-tieu-phong-trao.json).")
    return ind


def _check_open(ledger: Ledger, period: Period) -> None:
    lock = locks.lock_covering(ledger, period.end)
    if lock:
        raise UserError(f"Số liệu {period.label} đã khóa khi ban hành báo cáo số {lock['symbol']}: muốn sửa chỉ "
                        "tiêu, hãy mở khóa kỳ ở trang Báo cáo (ghi rõ lý do), rồi ban hành bản thay thế.")


def _live_row(ledger: Ledger, period_code: str, code: str) -> dict[str, Any] | None:
    row = ledger.conn.execute("SELECT id FROM indicator_values WHERE period_code = ? AND code = ? "
                              "AND deleted_at IS NULL", [period_code, code]).fetchone()
    return records.get(ledger, TABLE, row[0]) if row else None


def set_value(ledger: Ledger, period_code: str, code: str, value: Any, note: str = "") -> Changes:
    """Type the value of an indicator for a period (it overrides what units reported and what is computed)."""
    ind = _indicator(code)
    number = validate(ind, value)
    note = " ".join((note or "").split())[:500]
    with ledger.transaction():
        period = _period(ledger, period_code)
        _check_open(ledger, period)
        title = f"{ind.name} ({period.label}): {format_value(ind.kind, number)} {ind.unit}"
        row = _live_row(ledger, period.code, code)
        values = {"value": number, "note": note, "source_kind": TYPED, "source_unit_id": None}
        if row is None:
            rid = records.create(ledger, TABLE, {"period_code": period.code, "code": code, **values}, title)
        else:
            rid = row["id"]
            records.update(ledger, TABLE, rid, values, title)
    return Changes().add(TABLE, rid)


def clear_value(ledger: Ledger, period_code: str, code: str) -> Changes:
    """Take away the typed value: the indicator goes back to what units reported, or what is computed."""
    ind = _indicator(code)
    with ledger.transaction():
        period = _period(ledger, period_code)
        _check_open(ledger, period)
        row = _live_row(ledger, period.code, code)
        if row is None or row["source_kind"] != TYPED:
            raise UserError(f"{ind.name} ({period.label}) không có số nhập tay để bỏ.")
        records.soft_delete(ledger, TABLE, row["id"], f"{ind.name} ({period.label})")
    return Changes().add(TABLE, row["id"])

