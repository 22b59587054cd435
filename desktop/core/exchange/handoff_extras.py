"""The handoff file beyond contributions (issue 20): the period's indicators of the movement and the funding split of
each work, from the ward's ledger into the file, checked at the upper level, and added up across wards.

Ward side: `indicator_rows` puts the period's indicators (figures.indicators.period_values) into data.json's
"indicators" table (format version 3). The works' funding split (ngân sách / xã hội hóa / Nhân dân) already travels
in the works table (budget_*_vnd).

Upper side: `check_indicators` refuses a value that is not what the catalogue says (an unknown code, money that is
not whole đồng, a percent outside 0–100), naming the record and field; `funding` and `indicators` read the stored
records of the current packages; `combine` adds the wards up: money and counts are summed; a percent is never
summed — recomputed from the summed parts where the catalogue says "a / b", otherwise shown as the lowest, highest
and average of the wards that reported it, with their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from db.connection import Ledger
from desktop.core.exchange.handoff_schema import MONEY_MAX, SchemaError
from desktop.core.figures import indicator_catalogue
from desktop.core.ledger.periods import Period

FUNDING_KEYS = ("budget_state_vnd", "budget_social_vnd", "budget_people_vnd")
# The labels of the works form (desktop/core/ledger/works.py) and of the report's table of works.
FUNDING_LABELS = {"budget_state_vnd": "Ngân sách nhà nước", "budget_social_vnd": "Xã hội hóa",
                  "budget_people_vnd": "Nhân dân đóng góp"}
COUNT_MAX = 10**9  # a count of the period (campaigns, articles, ngày công of members): far above any ward's
SOURCE_KINDS = ("typed", "unit_report", "computed")  # figures.indicators: TYPED, REPORTED, COMPUTED
SOURCE_MAX = 2000  # the units who reported a value, by name: a ward of 130 tổ dân phố names many


# --------------------------------------------------------------------------- the ward: into the file


def indicator_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """The period's indicators that have a value, as data.json records (keys sorted: data.json is canonical)."""
    from desktop.core.figures import indicators  # typed, reported by the round's units, or computed

    out = []
    for item in indicators.period_values(ledger, period):
        value = item.get("value")
        if value is None:
            continue
        if item.get("kind") == "money":
            value = int(round(value))
        source = item.get("source") or None
        row = {"code": item["code"], "kind": item.get("kind"), "name": item.get("name"),
               "source": source[:SOURCE_MAX - 1] + "…" if source and len(source) > SOURCE_MAX else source,
               "source_kind": item.get("source_kind") or None, "unit": item.get("unit"), "value": value}
        out.append(dict(sorted(row.items())))
    return out


# --------------------------------------------------------------------------- the upper level: the check


def _value(ind: indicator_catalogue.Indicator, value: int | float) -> None:
    where = f"trường “value” (Giá trị) của chỉ tiêu {ind.code} ({ind.name})"
    if ind.kind == "money":
        if value != int(value):
            raise SchemaError("", f"{where}: phải là số nguyên đồng, không phải {value}.")
        if value > MONEY_MAX:
            raise SchemaError("", f"{where}: lớn quá mức cho phép ({MONEY_MAX:,} đồng).".replace(",", "."))
    elif ind.kind == "percent":
        if not 0 <= value <= 100:
            raise SchemaError("", f"{where}: tỷ lệ phải từ 0 đến 100 (%), không phải {value}.")
    elif value > COUNT_MAX:
        raise SchemaError("", f"{where}: lớn bất thường ({value}).")


def check_indicators(rows: list[dict[str, Any]]) -> Iterable[tuple[int, dict[str, Any], SchemaError]]:
    """Each record's failure against the catalogue (its number, the record, the error); handoff_checks names it.
    The shape (types, value ≥ 0) is handoff_schema's; here what only the catalogue knows."""
    catalogue = indicator_catalogue.load()
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        code = row["code"]
        ind = catalogue.indicator(code)
        try:
            if ind is None:
                raise SchemaError("", f"trường “code” (Mã chỉ tiêu): “{code[:60]}” không có trong danh mục chỉ tiêu "
                                      "của Phong trào (resources/rules/chi-tieu-phong-trao.json) — phường, xã và cấp "
                                      "trên cần dùng cùng phiên bản danh mục.")
            if code in seen:
                raise SchemaError("", f"trường “code” (Mã chỉ tiêu): chỉ tiêu {code} có hai lần trong tệp.")
            seen.add(code)
            if row.get("kind") is not None and row["kind"] != ind.kind:
                raise SchemaError("", f"trường “kind” (Loại): “{row['kind']}”, nhưng chỉ tiêu {code} là loại "
                                      f"“{ind.kind}” theo danh mục.")
            _value(ind, row["value"])
        except SchemaError as exc:
            yield i, row, exc
            return


# --------------------------------------------------------------------------- the upper level: adding up


def _ids(package_ids: Iterable[int]) -> tuple[str, list[int]]:
    ids = list(package_ids)
    return ",".join("?" * len(ids)) or "NULL", ids


def funding(ledger: Ledger, package_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Each package's funding split: the sums over the works its file holds (those with contributions in the period
    or completed in it — the works of the ward's report). A file from before the split travelled gives zeros."""
    marks, ids = _ids(package_ids)
    out = {i: dict.fromkeys(FUNDING_KEYS, 0) for i in ids}
    for row in ledger.conn.execute(
            f"SELECT package_id, {', '.join(f'coalesce(sum({k}), 0)' for k in FUNDING_KEYS)} FROM recv_works "
            f"WHERE package_id IN ({marks}) GROUP BY package_id", ids):
        out[row[0]] = {k: int(v) for k, v in zip(FUNDING_KEYS, row[1:], strict=True)}
    return out


def indicators(ledger: Ledger, package_ids: Iterable[int]) -> dict[int, dict[str, float | int]]:
    """Each package's indicators {code: value} (codes the catalogue knows; money as whole đồng)."""
    marks, ids = _ids(package_ids)
    catalogue = indicator_catalogue.load()
    out: dict[int, dict[str, float | int]] = {i: {} for i in ids}
    for package_id, code, value in ledger.conn.execute(
            f"SELECT package_id, code, value FROM recv_indicators WHERE package_id IN ({marks}) ORDER BY rowid", ids):
        ind = catalogue.indicator(code)
        if ind is not None and value is not None:
            out[package_id][code] = int(value) if ind.kind == "money" or float(value).is_integer() else value
    return out


def _ratio(ind: indicator_catalogue.Indicator, parts: list[dict[str, Any]]) -> tuple[float | None, int]:
    """A computed percent from the summed parts "a / b" of the wards that reported both (b > 0)."""
    a, b = (s.strip() for s in ind.computed.split("/"))
    both = [p for p in parts if a in p and b in p and p[b] > 0]
    den = sum(p[b] for p in both)
    return (round(100 * sum(p[a] for p in both) / den, 1) if den else None), len(both)


def combine(by_unit: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicators across wards, in catalogue order, each with how it was consolidated:
    method "sum" (money, count), "ratio" (a percent recomputed from its summed parts), "range" (a percent the
    wards typed: lowest, highest, average), and `wards`, the number of wards whose value it is made from."""
    parts = [u["indicators"] for u in by_unit]
    out = []
    for ind in indicator_catalogue.load().indicators:
        values = [p[ind.code] for p in parts if ind.code in p]
        row: dict[str, Any] = {"code": ind.code, "name": ind.name, "unit": ind.unit, "kind": ind.kind,
                               "wards": len(values), "value": None, "min": None, "max": None, "average": None}
        value, n = _ratio(ind, parts) if ind.kind == "percent" and ind.computed else (None, 0)
        if ind.kind != "percent":
            row.update(method="sum", value=sum(values) if values else None)
        elif n:
            row.update(method="ratio", value=value, wards=n)
        else:  # typed by the wards, or computed where no ward sent both parts: never summed
            row["method"] = "range"
            if values:
                row.update(min=min(values), max=max(values), average=round(sum(values) / len(values), 1))
        if row["wards"]:
            out.append(row)
    return out


def add_up(ledger: Ledger, by_unit: list[dict[str, Any]], package_ids: list[int]) -> dict[str, Any]:
    """Each ward's row (by_unit, in the order of its package) given its "funding" and "indicators"; returns the
    consolidation's "funding" (the sums) and "indicators" (`combine`)."""
    money, values = funding(ledger, package_ids), indicators(ledger, package_ids)
    for u, package_id in zip(by_unit, package_ids, strict=True):
        u["funding"], u["indicators"] = money[package_id], values[package_id]
    return {"funding": {k: sum(u["funding"][k] for u in by_unit) for k in FUNDING_KEYS},
            "indicators": combine(by_unit)}


def describe(row: dict[str, Any], fmt: Any) -> str:
    """A consolidated indicator as printed: "1.234 công trình (12 đơn vị)", "96,5% (tính lại từ số liệu của 8 đơn
    vị)", "thấp nhất 90%, cao nhất 99%, bình quân 95,2% (8 đơn vị báo cáo)". `fmt(number) -> text`."""
    n = f"{row['wards']} đơn vị"
    if row["method"] == "range":
        return (f"thấp nhất {fmt(row['min'])}%, cao nhất {fmt(row['max'])}%, bình quân {fmt(row['average'])}% "
                f"({n} báo cáo; tỷ lệ không cộng được giữa các đơn vị)")
    if row["method"] == "ratio":
        return f"{fmt(row['value'])}% (tính lại từ số liệu cộng của {n})"
    return f"{fmt(row['value'])} {row['unit']} ({n} báo cáo)"
