"""Bảng công khai: the public notice of one tổ dân phố's contributions in a period, for its notice board.

Who gave what to which work, with the totals, signed by the tổ trưởng and the ward (Luật Thực hiện dân
chủ ở cơ sở 2022: the people decide their contributions and see them made public). A4 portrait.

Personal data (Nghị định 13/2023): a notice board is public, so the query below never selects a
contributor's CCCD or phone number — they cannot be printed by mistake.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.figures import figures
from desktop.core.ledger import demo_mark, records, setup
from desktop.core.ledger.periods import Period
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, DEFAULT_UNITS
from desktop.core.pdf.model import AdminDocument, Column, Para, Signature, Table
from desktop.core.report import narrative
from desktop.core.text.vnformat import format_decimal, format_int
from desktop.core.text.vntext import fold

# How long the notice stays on the board by default; the clerk can pass other dates.
POSTING_DAYS = 30

# The figures' counting rule (figures._CONTRIB_SQL) for one group; name, address, work and what was given only.
_ROWS_SQL = """
SELECT p.name, p.address, w.name, c.kind, c.quantity, c.unit, c.value_vnd
FROM contributions c JOIN contributors p ON p.id = c.contributor_id LEFT JOIN works w ON w.id = c.work_id
WHERE c.group_id = ? AND c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ?
ORDER BY p.sort_key, p.id, c.date, c.id
"""


_KINDS_SQL = """
SELECT p.kind, count(DISTINCT p.id)
FROM contributions c JOIN contributors p ON p.id = c.contributor_id
WHERE c.group_id = ? AND c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ?
GROUP BY p.kind
"""


def contributor_counts(ledger: Ledger, period: Period, group_id: int) -> dict[str, int]:
    """Who gave, by kind (hộ gia đình, cá nhân, tập thể, doanh nghiệp): the people of the notice's list."""
    return dict(ledger.conn.execute(_KINDS_SQL, [group_id, period.start, period.end]).fetchall())


def summary_sentence(fig: dict[str, Any], counts: dict[str, int]) -> str:
    """"Có 4 người (3 hộ gia đình, 1 cá nhân) đóng góp; tổng giá trị quy đổi …; trong đó …": each count says what
    it counts, as in the report, and only the kinds given are named (no "0,0 m² đất")."""
    parts = [text for key, text in (
        ("land_m2", f"hiến {figures.format_value('land_m2', fig['land_m2'])} m² đất"),
        ("money_vnd", f"tiền mặt {figures.format_value('money_vnd', fig['money_vnd'])} đồng"),
        ("labour_days", f"{figures.format_value('labour_days', fig['labour_days'])} ngày công"),
    ) if fig.get(key)]
    among = f"; trong đó {', '.join(parts)}" if parts else ""
    return (f"Có {narrative.who(counts)} đóng góp; tổng giá trị quy đổi "
            f"{figures.format_value('total_value_vnd', fig['total_value_vnd'])} đồng{among}.")


def contributions(ledger: Ledger, period: Period, group_id: int) -> list[dict[str, Any]]:
    """The contributions the notice lists, one per row, by contributor then date."""
    keys = ("name", "address", "work", "kind", "quantity", "unit", "value_vnd")
    return [dict(zip(keys, r, strict=True))
            for r in ledger.conn.execute(_ROWS_SQL, [group_id, period.start, period.end])]


def _quantity(row: dict[str, Any]) -> str:
    if row["kind"] == "money":
        return ""  # an amount of money is its own value: printing it twice only makes the row wrap
    unit = row["unit"] or DEFAULT_UNITS.get(row["kind"], "")
    return f"{format_decimal(float(row['quantity']), 1, trim=True)} {unit}".strip()


def _leader_title(unit: dict[str, Any]) -> str:
    # A thôn is led by a trưởng thôn, a tổ dân phố by a tổ trưởng.
    return "TRƯỞNG THÔN" if fold(unit.get("group_label") or "").strip() == "thon" else "TỔ TRƯỞNG"


def document(ledger: Ledger, period: Period, group_id: int, date: dt.date | None = None,
             posted_from: dt.date | None = None, posted_to: dt.date | None = None) -> AdminDocument:
    """The notice of one group for one period. Its total is figures.by_group's total_value_vnd of the group."""
    from desktop.core.pdf import heading

    unit = setup.get_unit(ledger)
    group = records.get(ledger, "groups", group_id)
    date = date or dt.date.today()
    posted_from = posted_from or date
    posted_to = posted_to or posted_from + dt.timedelta(days=POSTING_DAYS)
    items = contributions(ledger, period, group_id)
    fig = next((r for r in figures.by_group(ledger, period) if r["group"] == group["name"]), figures.empty_totals())
    unit_short = (unit.get("name") or "")[:1].lower() + (unit.get("name") or "")[1:]

    body: list[Any] = [Para(
        f"Thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022 (Điều 15: Nhân dân bàn và quyết định chủ trương, mức "
        "đóng góp xây dựng cơ sở hạ tầng, công trình công cộng; việc thu, chi, quản lý các khoản đóng góp được "
        f"công khai), Ủy ban nhân dân {unit_short} và {group['name']} công khai danh sách hộ gia đình, cá nhân, "
        f"tập thể đóng góp xây dựng kết cấu hạ tầng {period.label} ({period.bounds_text}) như sau:")]
    if items:
        rows = [[str(i), r["name"], r["address"] or "", r["work"] or "Chưa gắn công trình",
                 CONTRIBUTION_KINDS.get(r["kind"], r["kind"]), _quantity(r), format_int(r["value_vnd"])]
                for i, r in enumerate(items, start=1)]
        body.append(Table(
            columns=[Column("STT", 1.1, "center"), Column("Họ và tên", 3.5), Column("Địa chỉ", 3.0),
                     Column("Công trình", 4.6), Column("Hình thức", 2.3), Column("Số lượng", 2.4, "right"),
                     Column("Giá trị quy đổi (đồng)", 2.7, "right")],
            rows=rows, font_size=10,
            total=["", "Tổng cộng", "", "", "", "",
                   figures.format_value("total_value_vnd", fig["total_value_vnd"])],
        ))
        body.append(Para(summary_sentence(fig, contributor_counts(ledger, period, group_id))))
    else:
        body.append(Para(f"Trong {period.label}, {group['name']} chưa có khoản đóng góp nào được ghi nhận.",
                         indent=False, align="center"))
    body.append(Para(
        f"Niêm yết tại nhà văn hóa {group['name']} từ ngày {posted_from:%d/%m/%Y} đến ngày {posted_to:%d/%m/%Y}. "
        "Mọi ý kiến, thắc mắc xin phản ánh với Tổ trưởng hoặc Ủy ban nhân dân "
        f"{unit_short} trong thời gian niêm yết."))

    return AdminDocument(
        issuer=heading.issuer_lines(unit), number="", place_date=heading.place_date(unit, date),
        kind_title="BẢNG CÔNG KHAI",
        subject=f"Danh sách hộ gia đình, cá nhân đóng góp xây dựng kết cấu hạ tầng, {period.label}, {group['name']}",
        blocks=body,
        # Two lines on each side, so both names print on the same line.
        left_signature=Signature([group["name"].upper(), _leader_title(unit)], group["leader"] or ""),
        signature=heading.signature(unit),
        title_meta=f"Bảng công khai {group['name']} {period.label}", author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


def render(ledger: Ledger, period: Period, group_id: int) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    return nd30.render(document(ledger, period, group_id))


def file_name(group_name: str, period: Period) -> str:
    """"Cong-khai_To-dan-pho-3_2026-H1.pdf": no accents or spaces, safe on any USB stick."""
    return f"Cong-khai_{'-'.join(fold(group_name).split()).title()}_{period.code}.pdf".replace("..", "_")
