"""Chỉ tiêu of the movement for a year, and their results: typed, or computed from the figures.

A computed result always comes from the figures of §5.3 for the report's period, so the report's
target table and its figure tables cannot disagree.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.figures import figures, indicator_catalogue, indicators
from desktop.core.ledger import records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes

# Results the ledger can compute: figure key → (label, unit).
SOURCES: dict[str, tuple[str, str]] = {
    "households_land": ("Số hộ gia đình hiến đất", "hộ"),
    "land_m2": ("Diện tích đất hiến", "m²"),
    "contributors": ("Số hộ, cá nhân, tập thể đóng góp", "lượt"),
    "money_vnd": ("Tiền mặt Nhân dân đóng góp", "đồng"),
    "labour_days": ("Ngày công lao động", "ngày công"),
    "total_value_vnd": ("Tổng giá trị Nhân dân đóng góp", "đồng"),
    "works_completed": ("Số công trình hoàn thành", "công trình"),
    "road_length_completed_m": ("Chiều dài đường, hẻm hoàn thành", "m"),
}
# A target can refer to one of the movement's other criteria (issue 20): "ind:<code>" of the indicator catalogue,
# its result the indicator's value of the period (indicators.period_values: typed, reported or computed).
INDICATOR_PREFIX = "ind:"
SOURCES.update({f"{INDICATOR_PREFIX}{i.code}": (i.name, i.unit) for i in indicator_catalogue.load().indicators})
SOURCE_LABELS = {"": "Nhập tay", **{k: (f"Chỉ tiêu phong trào: {v[0]}" if k.startswith(INDICATOR_PREFIX)
                                        else f"Tính từ sổ: {v[0]}") for k, v in SOURCES.items()}}

# A new ward starts from the movement's usual targets (seed 002): values are examples to replace.
EXAMPLES: list[dict[str, Any]] = [
    {"name": "Số hộ gia đình hiến đất mở rộng đường, hẻm", "unit_label": "hộ", "target_value": 50,
     "source": "households_land"},
    {"name": "Diện tích đất Nhân dân hiến", "unit_label": "m²", "target_value": 1500, "source": "land_m2"},
    {"name": "Chiều dài đường, hẻm được mở rộng, bê tông hóa", "unit_label": "m", "target_value": 2000,
     "source": "road_length_completed_m"},
    {"name": "Tổng giá trị Nhân dân đóng góp", "unit_label": "đồng", "target_value": 5_000_000_000,
     "source": "total_value_vnd"},
    {"name": "Tổ dân phố có đăng ký, ký cam kết thi đua", "unit_label": "%", "target_value": 100, "source": None},
]


def validate(values: dict[str, Any], creating: bool) -> dict[str, Any]:
    form = Form(values)
    form.text("name", "Tên chỉ tiêu", required=creating or "name" in values, max_len=300)
    form.integer("year", "Năm", required=creating or "year" in values, minimum=2000, maximum=2100)
    form.text("unit_label", "Đơn vị tính", max_len=30)
    form.number("target_value", "Chỉ tiêu", required=creating or "target_value" in values, maximum=10**15)
    form.choice("source", "Kết quả lấy từ", {k: v for k, v in SOURCE_LABELS.items() if k}, required=False)
    form.number("result_value", "Kết quả (nhập tay)", maximum=10**15)
    form.integer("sort_order", "Thứ tự", minimum=0, maximum=999)
    form.text("note", "Ghi chú")
    return form.done()


def add(ledger: Ledger, values: dict[str, Any]) -> int:
    clean = validate(values, creating=True)
    if clean.get("movement_id") is None:
        row = ledger.conn.execute("SELECT min(id) FROM movements WHERE deleted_at IS NULL").fetchone()
        clean["movement_id"] = row[0]
    if clean.get("sort_order") is None:
        row = ledger.conn.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM targets WHERE year = ?",
                                  [clean["year"]]).fetchone()
        clean["sort_order"] = row[0]
    return records.create(ledger, "targets", clean, f"{clean['name']} ({clean['year']})")


def edit(ledger: Ledger, target_id: int, values: dict[str, Any]) -> Changes:
    clean = validate(values, creating=False)
    before = records.get(ledger, "targets", target_id)
    records.update(ledger, "targets", target_id, clean, f"{clean.get('name') or before['name']} ({before['year']})")
    return Changes().add("targets", target_id)


def delete(ledger: Ledger, target_id: int) -> Changes:
    row = records.get(ledger, "targets", target_id)
    records.soft_delete(ledger, "targets", target_id, f"{row['name']} ({row['year']})")
    return Changes().add("targets", target_id)


def add_examples(ledger: Ledger, year: int) -> int:
    """The usual targets of the movement for a year, to edit; returns how many were added."""
    with ledger.transaction():
        for i, ex in enumerate(EXAMPLES, start=1):
            add(ledger, {**ex, "year": year, "sort_order": i})
    return len(EXAMPLES)


def for_year(ledger: Ledger, year: int) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT * FROM targets WHERE year = ? AND deleted_at IS NULL ORDER BY sort_order, id", [year])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def with_results(ledger: Ledger, period: Period, totals: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The targets of the period's (last) year with `result` and `percent` (None when unknown)."""
    totals = totals if totals is not None else figures.totals(ledger, period)
    rows = []
    found: dict[str, Any] | None = None  # the indicators' values, read once and only when a target refers to one
    for t in for_year(ledger, int(period.end[:4])):
        source = t["source"] or ""
        if source.startswith(INDICATOR_PREFIX):
            if found is None:
                found = {r["code"]: r["value"] for r in indicators.period_values(ledger, period)}
            result = found.get(source[len(INDICATOR_PREFIX):])
        else:
            result = totals.get(source) if source else t["result_value"]
        percent = None
        if result is not None and t["target_value"]:
            percent = round(100.0 * float(result) / float(t["target_value"]), 1)
        rows.append({**t, "result": result, "percent": percent})
    return rows
