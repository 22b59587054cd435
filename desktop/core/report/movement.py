"""The movement's other criteria in the ward's report (issue 20): what the reporting units sent, which of them
reported, section II.3 (thực hành tiết kiệm, chống lãng phí) drafted from the indicators and the units' texts,
the table of the indicators, and the funding split of the works.

The reports are those of the reporting round (table unit_reports, status "current"), read through
`figures.indicators.unit_reports`. A year takes each unit's report of the year, else its two half-year reports
(the rule of `figures.indicators`).
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.figures import indicators
from desktop.core.ledger.periods import Period
from desktop.core.pdf.model import Column, Table
from desktop.core.text.vnformat import format_int

PLACEHOLDER = "…"  # as narrative.PLACEHOLDER: a figure the clerk has to fill


# --------------------------------------------------------------------------- the units' reports


def reports_for(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """The current reports that cover the period: its own, and for a year a unit's two halves when the unit sent
    no report of the year."""
    halves = [f"{period.code}-H1", f"{period.code}-H2"] if period.code.isdigit() else []
    rows = indicators.unit_reports(ledger, [period.code, *halves])
    with_year = {r["unit_id"] for r in rows if r["period_code"] == period.code}
    return [r for r in rows if r["period_code"] == period.code or r["unit_id"] not in with_year]


def missing_units(ledger: Ledger, reports: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The active reporting units that sent nothing for the period (name, kind), in the register's order."""
    sent = {r["unit_id"] for r in reports}
    cur = ledger.conn.execute("SELECT id, name, kind FROM reporting_units WHERE active = 1 AND deleted_at IS NULL "
                              "ORDER BY sort_order, id")
    return [{"name": name, "kind": kind} for uid, name, kind in cur if uid not in sent]


# Missing tổ dân phố are named up to this many; more (a merged ward has 30–130, domain.md §4.4) are counted, and
# the round's board names them.
MISSING_GROUPS_NAMED = 10


def _who(units: list[tuple[str, str]], group_word: str, of: int | None = None, name_all: bool = False) -> str:
    """"Công chức …, Hội Nông dân phường và 6/6 tổ dân phố": the ward's own units by name, the groups counted."""
    own = [n for n, k in units if k != "to_dan_pho"]
    groups = [n for n, k in units if k == "to_dan_pho"]
    if groups and (name_all and len(groups) <= MISSING_GROUPS_NAMED):
        own += groups
    elif groups:
        own.append(f"{len(groups)}/{of} {group_word}" if of else f"{len(groups)} {group_word}")
    return ", ".join(own[:-1]) + " và " + own[-1] if len(own) > 1 else "".join(own)


def sources_line(reports: list[dict[str, Any]], missing: list[dict[str, str]], group_word: str = "tổ dân phố") -> str:
    """"Báo cáo được tổng hợp từ báo cáo của 7/9 đơn vị: …; chưa nhận được báo cáo của: …." — empty when the ward
    keeps no list of reporting units (seed 000 §VI: the units report to the ward through Văn phòng – Thống kê)."""
    sent = list(dict.fromkeys((r["unit"], r["unit_kind"]) for r in reports))
    lacking = [(m["name"], m["kind"]) for m in missing]
    total = len(sent) + len(lacking)
    if not total:
        return ""
    if not sent:
        return f"Chưa nhận được báo cáo của đơn vị nào ({total} đơn vị phải báo cáo)."
    groups = sum(1 for _, k in sent + lacking if k == "to_dan_pho")
    text = f"Báo cáo được tổng hợp từ báo cáo của {len(sent)}/{total} đơn vị: {_who(sent, group_word, groups)}"
    if lacking:
        text += f"; chưa nhận được báo cáo của: {_who(lacking, group_word, name_all=True)}"
    return text + "."


def section_texts(reports: list[dict[str, Any]], key: str) -> list[dict[str, str]]:
    """What each unit wrote for a report section: unit, period_code, text (empty texts left out)."""
    out = []
    for r in reports:
        text = str(r["texts"].get(key) or "").strip()
        if text:
            out.append({"unit": r["unit"], "period_code": r["period_code"], "text": text})
    return out


# --------------------------------------------------------------------------- section II.3


def _v(found: dict[str, dict[str, Any]], code: str) -> str:
    row = found.get(code)
    return indicators.format_value(row["kind"], row["value"], PLACEHOLDER) if row else PLACEHOLDER


def tiet_kiem(found: dict[str, dict[str, Any]], reports: list[dict[str, Any]], unit_short: str,
              unit_word: str) -> str:
    """Section II.3 from the indicators of the period ("…" where one is missing) and what the units wrote for it.
    The criteria are those of QĐ 1478/QĐ-TTg 2022 and the province's plan (seed 001): giải ngân vốn đầu tư công,
    tiết kiệm chi thường xuyên, chương trình thực hành tiết kiệm, chống lãng phí; the Mặt trận's giám sát (seed 000
    §IV.5: the Mặt trận "phát huy vai trò giám sát và phản biện xã hội")."""
    lines = [
        f"Ủy ban nhân dân {unit_short} quán triệt, thực hiện nghiêm các quy định về thực hành tiết kiệm, chống lãng "
        f"phí; trong kỳ ban hành {_v(found, 'chuong_trinh_thtk')} chương trình, kế hoạch thực hành tiết kiệm, chống "
        "lãng phí. Các công trình được triển khai theo phương châm “Nhà nước và Nhân dân cùng làm”, công khai, "
        "dân chủ, Nhân dân bàn và quyết định mức đóng góp theo Luật Thực hiện dân chủ ở cơ sở năm 2022.",
        f"- Giải ngân vốn đầu tư công: kế hoạch vốn được giao {_v(found, 'dtc_ke_hoach_vnd')} đồng, đã giải ngân "
        f"{_v(found, 'dtc_giai_ngan_vnd')} đồng, đạt {_v(found, 'dtc_giai_ngan_pct')}% kế hoạch;",
        f"- Tiết kiệm chi thường xuyên: {_v(found, 'tiet_kiem_chi_tx_vnd')} đồng;",
        f"- Huy động kinh phí xã hội hóa hợp pháp cho kết cấu hạ tầng: {_v(found, 'xhh_hop_phap_vnd')} đồng;",
        f"- Công trình có kết luận tiết kiệm hoặc phát hiện lãng phí: {_v(found, 'cong_trinh_tiet_kiem')} công trình;",
        f"- Ủy ban Mặt trận Tổ quốc Việt Nam {unit_word} và các đoàn thể tổ chức {_v(found, 'cuoc_giam_sat')} cuộc "
        "giám sát việc thực hành tiết kiệm, chống lãng phí.",
    ]
    lines += [t["text"] for t in section_texts(reports, "tiet_kiem")]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the tables


def indicators_table(rows: list[dict[str, Any]], number: int) -> Table | None:
    """The indicators with a value in the period (typed, reported or computed) and who gave each; None if none."""
    known = [r for r in rows if r["value"] is not None]
    if not known:
        return None
    body = [[str(i), r["name"], r["unit"], indicators.format_value(r["kind"], r["value"]), r["source"]]
            for i, r in enumerate(known, start=1)]
    return Table(
        columns=[Column("STT", 1.2, "center"), Column("Chỉ tiêu", 6.6), Column("Đơn vị tính", 2.2, "center"),
                 Column("Kết quả", 3, "right"), Column("Nguồn số liệu", 4.2)],
        rows=body, caption=f"Bảng {number}. Các chỉ tiêu khác của phong trào", font_size=11,
    )


def funding_table(ledger: Ledger, works: list[dict[str, Any]], number: int) -> Table | None:
    """The funding split of each work of the period (works.budget_state_vnd / budget_social_vnd /
    budget_people_vnd: ngân sách, xã hội hóa, Nhân dân as planned) beside what the people gave in the period
    (figures.by_work, so the last column adds up to Bảng 1). None when the period has no work."""
    if not works:
        return None
    ids = [w["work_id"] for w in works if w["work_id"] is not None]
    marks = ",".join("?" * len(ids))
    budgets = {r[0]: r[1:] for r in ledger.conn.execute(
        f"SELECT id, budget_state_vnd, budget_social_vnd, budget_people_vnd FROM works WHERE id IN ({marks})",
        ids)} if ids else {}
    rows, sums = [], [0, 0, 0, 0]
    for i, w in enumerate(works, start=1):
        values = [*(int(x or 0) for x in budgets.get(w["work_id"], (0, 0, 0))), int(w["people_value_vnd"] or 0)]
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append([str(i), w["name"], *(format_int(x) if x else "" for x in values)])
    return Table(
        columns=[Column("STT", 1.2, "center"), Column("Công trình", 5.2), Column("Ngân sách\nnhà nước", 2.6, "right"),
                 Column("Xã hội hóa", 2.6, "right"), Column("Nhân dân\n(kế hoạch)", 2.6, "right"),
                 Column("Nhân dân đã\nđóng góp trong kỳ", 2.9, "right")],
        rows=rows, total=["", "Tổng cộng", *(format_int(x) for x in sums)],
        caption=f"Bảng {number}. Nguồn vốn các công trình (đồng)", font_size=11,
        note="Ngân sách nhà nước, xã hội hóa và phần Nhân dân theo kế hoạch vốn của từng công trình; cột cuối là "
             "giá trị Nhân dân đã đóng góp trong kỳ (như Bảng 1).",
    )
