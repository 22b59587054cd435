"""The Báo cáo tóm tắt thành tích of a nominee (reference/domain.md §2.7): who, what they gave (the table of
their contributions) and their earlier award decisions, under the heading of the ward or of their tổ dân phố.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.awards import figures_check, proposals
from desktop.core.awards.wording import (
    day_of,
    kind_phrase,
    sub_issuer,
    unit_kind_word,
    unit_short,
)
from desktop.core.ledger import demo_mark, setup
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.pdf import heading
from desktop.core.pdf.model import AdminDocument, Column, Heading, Para, Signature, Table
from desktop.core.text.vnformat import format_date, format_decimal, format_int


def prior_decisions(ledger: Ledger, row: dict[str, Any]) -> list[list[str]]:
    """Earlier awards of the same nominee (decided ones), for section III."""
    if row["contributor_id"]:
        where, args = " AND p.contributor_id = ?", [row["contributor_id"]]
    elif row["subject"] == "to_dan_pho" and row["group_id"]:
        where, args = " AND p.subject = 'to_dan_pho' AND p.group_id = ?", [row["group_id"]]
    else:
        return []
    out = []
    for r in proposals.rows_where(ledger, where + " AND p.id != ? AND p.status IN ('quyet_dinh', 'duoc_khen') "
                                          "AND p.decision_no IS NOT NULL ORDER BY p.decision_date", [*args, row["id"]]):
        out.append([(r["decision_date"] or "")[:4], r["kind_name"],
                    f"Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])} của {r['decided_by']}"])
    return out


def build_summary(ledger: Ledger, proposal_id: int, *, doc_date: str | None = None,
                  for_signature: bool = False) -> AdminDocument:
    """Báo cáo tóm tắt thành tích of one nominee (the simplified procedure's dossier, Luật Điều 85). Its figures
    are the linked contributions' today; a text written against other figures gets a note and the DỰ THẢO mark,
    and is refused `for_signature` (figures_check)."""
    unit = setup.get_unit(ledger)
    row = proposals.get(ledger, proposal_id)
    figures = figures_check.state(ledger, row)
    if for_signature:
        figures_check.refuse_for_signature(row, figures, "Báo cáo tóm tắt thành tích")
    date = day_of(doc_date)
    subject = row["subject"]
    leader = ""
    body: list[Any] = []
    if subject in ("tap_the", "to_dan_pho"):
        body.append(Heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", level=1))
        body.append(Para(f"- Tên tập thể: {row['nominee_name']}."))
        if subject == "to_dan_pho" and row["group_id"]:
            g = ledger.conn.execute("SELECT leader, households, population FROM groups WHERE id = ?",
                                    [row["group_id"]]).fetchone()
            if g:
                leader = g[0] or ""
                body.append(Para(f"- Tổ trưởng: {g[0] or '…'}; số hộ: {format_int(g[1] or 0)}; "
                                 f"số nhân khẩu: {format_int(g[2] or 0)}."))
        body.append(Para(f"- Địa chỉ: {row['address'] or unit_short(unit)}."))
    else:
        body.append(Heading("I. SƠ LƯỢC LÝ LỊCH", level=1))
        body.append(Para(f"- {'Họ và tên chủ hộ' if subject == 'ho' else 'Họ và tên'}: {row['nominee_name']}."))
        if row["contributor_id"]:
            born = ledger.conn.execute("SELECT birth_year FROM contributors WHERE id = ?",
                                       [row["contributor_id"]]).fetchone()
            if born and born[0]:
                body.append(Para(f"- Năm sinh: {born[0]}."))
        body.append(Para(f"- Địa chỉ: {row['address'] or '…'}"
                         + (f", {row['group_name']}" if row["group_name"] else "") + f", {unit_short(unit)}."))
    body.append(Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC", level=1))
    body.append(Para(figures.text or "…"))
    if figures.note:
        body.append(Para(figures.note, italic=True))
    if row["contribution_ids"]:
        body.append(contributions_table(ledger, row["contribution_ids"]))
    body.append(Heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", level=1))
    prior = prior_decisions(ledger, row)
    if prior:
        body.append(Table(columns=[Column("Năm", 1.4, "center"), Column("Hình thức khen thưởng", 5),
                                   Column("Số, ngày quyết định; cơ quan ban hành", 7)], rows=prior, font_size=11))
    else:
        body.append(Para("Chưa được khen thưởng trong Phong trào."))
    reporter, name = {"ho": ("CHỦ HỘ", row["nominee_name"]), "ca_nhan": ("NGƯỜI BÁO CÁO", row["nominee_name"]),
                      "to_dan_pho": ("TỔ TRƯỞNG", leader)}.get(subject, ("THỦ TRƯỞNG ĐƠN VỊ", ""))
    issuer = sub_issuer(unit, row["group_name"]) if row["group_name"] else heading.issuer_lines(unit)
    return AdminDocument(
        issuer=issuer, number="", place_date=heading.place_date(unit, date), kind_title="BÁO CÁO TÓM TẮT THÀNH TÍCH",
        subject=f"Đề nghị {kind_phrase(row)}",
        blocks=body, signature=Signature([reporter], name),
        # One authority line on each side, so the two names print level.
        left_signature=Signature([f"XÁC NHẬN CỦA UBND {unit_kind_word(unit).upper()}"], unit.get("signer_name") or ""),
        draft=figures.stale, title_meta=f"Báo cáo tóm tắt thành tích — {row['nominee_name']}",
        author_meta=unit.get("name") or "", watermark=demo_mark.mark_for(ledger),
    )


def contributions_table(ledger: Ledger, ids: list[int]) -> Table:
    marks = ",".join("?" * len(ids))
    cur = ledger.conn.execute(
        f"SELECT c.date, c.kind, c.quantity, c.unit, c.value_vnd, w.name FROM contributions c "
        f"LEFT JOIN works w ON w.id = c.work_id WHERE c.id IN ({marks}) AND c.deleted_at IS NULL "
        f"ORDER BY c.date, c.id", ids)
    rows, total = [], 0
    for i, (date, kind, qty, unit, value, work) in enumerate(cur, start=1):
        total += value or 0
        amount = f"{format_decimal(qty, 1, trim=True)} {unit or ''}".strip() if kind != "money" else ""
        rows.append([str(i), format_date(date), CONTRIBUTION_KINDS.get(kind, kind), work or "", amount,
                     format_int(value or 0)])
    return Table(columns=[Column("STT", 1.1, "center"), Column("Ngày", 2.2, "center"), Column("Hình thức", 2.2),
                          Column("Công trình", 6), Column("Số lượng", 2.4, "right"),
                          Column("Giá trị quy đổi (đồng)", 3.2, "right")],
                 rows=rows, total=["", "", "Tổng cộng", "", "", format_int(total)], font_size=11,
                 caption="Các khoản đóng góp")
