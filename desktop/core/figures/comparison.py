"""Comparison of the tổ dân phố of a period, and their ranking for the ward's yearly emulation review.

Per active group: households in the register, households that contributed, the participation rate,
value and land per household, and the total value. The totals (value, land) are the figures of §5.3
(`figures.by_group`); only "households that contributed" is counted here, with the same rule
(received, not deleted, dated inside the period, counted in the group the contribution was made in).

Ranking (rank 1 = best): participation rate first, then value per household, both as printed
(rate to 0.1 %, value to the đồng), so two groups that look equal on paper share a rank ("1, 1, 3").
A group without its number of households in the register cannot be rated and gets no rank.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.figures import figures
from desktop.core.ledger import demo_mark, setup
from desktop.core.ledger.periods import Period
from desktop.core.pdf.model import AdminDocument, Column, Para, Table
from desktop.core.text.vnformat import format_decimal, format_int

# Households (contributors of kind 'ho') with at least one contribution counted in the period, by group.
_HOUSEHOLDS_SQL = """
SELECT c.group_id, count(DISTINCT c.contributor_id)
FROM contributions c JOIN contributors p ON p.id = c.contributor_id
WHERE p.kind = 'ho' AND c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ?
GROUP BY c.group_id
"""

HEADERS = ["Xếp hạng", "Tổ dân phố", "Số hộ", "Hộ tham gia đóng góp", "Tỷ lệ tham gia (%)",
           "Giá trị bình quân/hộ (đồng)", "Đất hiến bình quân/hộ (m²)", "Tổng giá trị (đồng)"]


def rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """One row per active group, best first (unranked groups last, in register order)."""
    contributing = dict(ledger.conn.execute(_HOUSEHOLDS_SQL, [period.start, period.end]).fetchall())
    by_name = {r["group"]: r for r in figures.by_group(ledger, period)}
    out = []
    for gid, name, households, leader in ledger.conn.execute(
        "SELECT id, name, households, leader FROM groups WHERE deleted_at IS NULL AND active = 1 ORDER BY sort_key"
    ):
        fig = by_name.get(name) or {"total_value_vnd": 0, "land_m2": 0.0}
        households = int(households or 0)
        n = int(contributing.get(gid, 0))
        rated = households > 0
        out.append({
            "group_id": gid,
            "group": name,
            "leader": leader or "",
            "households": households,
            "contributing": n,
            "rate_pct": round(100.0 * n / households, 1) if rated else None,
            "value_per_household": round(fig["total_value_vnd"] / households) if rated else None,
            "land_per_household": round(fig["land_m2"] / households, 2) if rated else None,
            "total_value_vnd": fig["total_value_vnd"],
            "land_m2": fig["land_m2"],
        })
    return rank(out)


def rank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort best first and set "rank": competition ranking, equal keys share a rank (1, 1, 3)."""
    rated = [r for r in rows if r["rate_pct"] is not None]
    unrated = [r for r in rows if r["rate_pct"] is None]
    rated.sort(key=lambda r: (-r["rate_pct"], -r["value_per_household"]))  # stable: ties keep register order
    previous: tuple[float, int] | None = None
    for position, r in enumerate(rated, start=1):
        key = (r["rate_pct"], r["value_per_household"])
        if key != previous:
            r["rank"] = position
            previous = key
        else:
            r["rank"] = rated[position - 2]["rank"]
    for r in unrated:
        r["rank"] = None
    return rated + unrated


def _pct(value: float | None) -> str:
    return "" if value is None else format_decimal(value, 1)


def _m2(value: float | None) -> str:
    return "" if value is None else format_decimal(value, 2)


def _vnd(value: int | None) -> str:
    return "" if value is None else format_int(value)


def formatted(r: dict[str, Any]) -> list[str]:
    """A row as printed and shown: the texts of HEADERS."""
    return [str(r["rank"]) if r["rank"] is not None else "—", r["group"], format_int(r["households"]),
            format_int(r["contributing"]), _pct(r["rate_pct"]), _vnd(r["value_per_household"]),
            _m2(r["land_per_household"]), format_int(r["total_value_vnd"])]


TOTAL_LABEL = "Cộng các tổ đang hoạt động"


def ward_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The active groups together: households and contributing households summed, rates recomputed. Not the
    ward's figure when a merged group has contributions in the period (see `merged_value`)."""
    households = sum(r["households"] for r in rows)
    n = sum(r["contributing"] for r in rows)
    value = sum(r["total_value_vnd"] for r in rows)
    land = sum(r["land_m2"] for r in rows)
    return {"households": households, "contributing": n, "total_value_vnd": value, "land_m2": round(land, 1),
            "rate_pct": round(100.0 * n / households, 1) if households else None,
            "value_per_household": round(value / households) if households else None,
            "land_per_household": round(land / households, 2) if households else None}


def merged_value(ledger: Ledger, period: Period, rows: list[dict[str, Any]]) -> int:
    """Value given in the period in groups no longer active (merged): the ward's total minus the compared rows."""
    return figures.totals(ledger, period)["total_value_vnd"] - sum(r["total_value_vnd"] for r in rows)


def export_xlsx(ledger: Ledger, period: Period, path: str | Path) -> Path:
    """The comparison as a workbook: real numbers, the ward's row as the totals row."""
    from desktop.core.files import xlsx_export

    data = rows(ledger, period)
    label = setup.get_unit(ledger).get("group_label") or "Tổ dân phố"
    headers = [h.replace("Tổ dân phố", label) for h in HEADERS]
    kinds = ["int", "text", "int", "int", "decimal", "vnd", "decimal", "vnd"]
    body = [[r["rank"], r["group"], r["households"], r["contributing"], r["rate_pct"], r["value_per_household"],
             r["land_per_household"], r["total_value_vnd"]] for r in data]
    w = ward_row(data)
    total = ["", TOTAL_LABEL, w["households"], w["contributing"], w["rate_pct"], w["value_per_household"],
             w["land_per_household"], w["total_value_vnd"]]
    return xlsx_export.export_table(path, f"So sánh {label.lower()} {period.label}", headers, body, kinds, total)


def document(ledger: Ledger, period: Period, date: dt.date | None = None) -> AdminDocument:
    """The ranking, printable for the Hội đồng Thi đua – Khen thưởng (an unnumbered draft, portrait)."""
    from desktop.core.pdf import heading

    unit = setup.get_unit(ledger)
    data = rows(ledger, period)
    w = ward_row(data)
    label = unit.get("group_label") or "Tổ dân phố"
    word = label.lower()
    unit_short = (unit.get("name") or "")[:1].lower() + (unit.get("name") or "")[1:]
    ranked = [r for r in data if r["rank"] is not None]
    body: list[Any] = [
        Para(f"Căn cứ kết quả vận động Nhân dân đóng góp xây dựng kết cấu hạ tầng {period.label} "
             f"({period.bounds_text}) theo sổ theo dõi của Ủy ban nhân dân {unit_short}, các {word} được so sánh "
             "theo tỷ lệ hộ gia đình tham gia đóng góp (số hộ có đóng góp đã nhận trong kỳ trên tổng số hộ của "
             f"{word}), giá trị đóng góp và diện tích đất hiến bình quân mỗi hộ."),
        Para(f"Xếp hạng theo tỷ lệ hộ tham gia, nếu bằng nhau thì theo giá trị bình quân mỗi hộ; các {word} có "
             "cùng kết quả được xếp đồng hạng."),
        Table(
            columns=[Column("Xếp\nhạng", 1.5, "center"), Column(label, 3.6), Column("Số hộ", 1.8, "right"),
                     Column("Hộ tham gia", 2.0, "right"), Column("Tỷ lệ tham gia (%)", 2.2, "right"),
                     Column("Bình quân/hộ (đồng)", 3.0, "right"), Column("Đất hiến bình quân/hộ (m²)", 2.4, "right"),
                     Column("Tổng giá trị (đồng)", 3.4, "right")],
            rows=[formatted(r) for r in data],
            total=["", "Cộng", format_int(w["households"]),
                   format_int(w["contributing"]), _pct(w["rate_pct"]), _vnd(w["value_per_household"]),
                   _m2(w["land_per_household"]), format_int(w["total_value_vnd"])],
            caption=f"Kết quả so sánh, xếp hạng các {word} {period.label}", font_size=10.5,
            note="Tổng giá trị và diện tích đất hiến theo số liệu báo cáo của kỳ; chỉ tính hộ gia đình, không tính "
                 "cá nhân, tập thể, doanh nghiệp khi đếm hộ tham gia.",
        ),
    ]
    merged = merged_value(ledger, period, data)
    if merged:
        total = figures.totals(ledger, period)["total_value_vnd"]
        body.append(Para(f"Tổng giá trị đóng góp toàn {(unit.get('name') or 'phường').split(' ')[0].lower()} "
                         f"trong kỳ là {format_int(total)} đồng, gồm cả {format_int(merged)} đồng đóng góp tại các "
                         f"{word} đã sáp nhập (không so sánh, xếp hạng)."))
    unrated = [r["group"] for r in data if r["rank"] is None]
    if unrated:
        body.append(Para(f"Chưa xếp hạng (chưa có số hộ trong sổ): {', '.join(unrated)}."))
    if ranked:
        first = [r["group"] for r in ranked if r["rank"] == 1]
        body.append(Para(f"Dẫn đầu: {', '.join(first)} với tỷ lệ hộ tham gia {_pct(ranked[0]['rate_pct'])}%."))
    return AdminDocument(
        issuer=heading.issuer_lines(unit), number=f"Số:       /BC-{unit.get('issuer_abbr') or 'UBND'}",
        place_date=heading.place_date(unit, date or dt.date.today()), kind_title="BÁO CÁO",
        subject=f"Kết quả so sánh, xếp hạng các {word} trong Phong trào thi đua {period.label}",
        blocks=body, cc=["Hội đồng Thi đua - Khen thưởng", f"Lưu: VT, {unit.get('drafting_abbr') or 'VHXH'}"],
        signature=heading.signature(unit), draft=True,
        title_meta=f"So sánh {word} {period.label}", author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )
