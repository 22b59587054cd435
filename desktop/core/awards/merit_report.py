"""The full Báo cáo thành tích of a nominee proposed upward (reference/domain.md §2.7): I. Sơ lược lý lịch (cá nhân,
hộ gia đình) or Sơ lược đặc điểm, tình hình (tập thể), II. Thành tích đạt được with the figures of the linked
contributions as they are when printed, III. Các hình thức đã được khen thưởng; the reporter's signature and the
confirmation of the level that proposes the award ("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", TM. ỦY BAN NHÂN DÂN /
CHỦ TỊCH of the ward).

Which proposals need it: Luật Thi đua, khen thưởng 2022 Điều 84 khoản 2 điểm b puts a Báo cáo thành tích in the
dossier of a hình thức khen thưởng; the dossier of the ward's own Giấy khen is the province's rule (ND 152/2025
Điều 6 khoản 2 điểm c) and the simplified procedure (Luật Điều 85) needs only the Báo cáo tóm tắt. So the full
report is made for the forms the ward proposes upward, Bằng khen of the Chủ tịch UBND tỉnh and above
(`award_kinds.level == 'upper'`); the ward's own forms keep the tóm tắt only.

The form: ND 152/2025's appendix has eleven achievement-report templates (domain.md §2.7: … "khen thưởng thi đua
theo chuyên đề" …), but no source read gives their numbers, so no "Mẫu số …" is printed: the heading is the
neutral "BÁO CÁO THÀNH TÍCH / Đề nghị tặng …". The place and date line names the province, as the templates'
"Tỉnh (thành phố), ngày … tháng … năm …" ([R] ND 91/2017 and ND 98/2023 templates; verify in ND 152).
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.awards import figures_check, proposals
from desktop.core.awards.summary import contributions_table, prior_decisions
from desktop.core.awards.wording import day_of, kind_phrase, movement_name, sub_issuer, unit_short
from desktop.core.errors import UserError
from desktop.core.ledger import demo_mark, setup
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.pdf import heading
from desktop.core.pdf.merge import merge_pdfs
from desktop.core.pdf.model import AdminDocument, Block, Column, Heading, Para, Signature, Table
from desktop.core.text.vnformat import date_words, format_decimal, format_int

SUBJECT_LINE = {"ho": "Hộ gia đình", "ca_nhan": "Cá nhân", "tap_the": "Tập thể", "to_dan_pho": "Tập thể"}
BLANK = "\u00a0"  # an empty authority line: both signature blocks get as many lines, so the names print level


def requires_merit_report(row: dict[str, Any]) -> bool:
    """The forms proposed upward (Bằng khen of the Chủ tịch UBND tỉnh and above) need the full report."""
    return row.get("level") == "upper"


def province_of(unit: dict[str, Any]) -> tuple[str, str]:
    """("Quảng Ngãi", "tỉnh Quảng Ngãi"); a "Thành phố …" keeps its word."""
    name = " ".join((unit.get("province") or "").split())
    low = name.lower()
    for word in ("tỉnh ", "thành phố "):
        if low.startswith(word):
            bare = name[len(word):]
            return bare, (word + bare if word == "tỉnh " else f"thành phố {bare}")
    return name, (f"tỉnh {name}" if name else "")


def _where(unit: dict[str, Any], row: dict[str, Any]) -> str:
    parts = [row["address"] or "…"] + ([row["group_name"]] if row["group_name"] else []) + [unit_short(unit)]
    province = province_of(unit)[1]
    return ", ".join(parts + ([province] if province else [])) + "."


def _profile(ledger: Ledger, unit: dict[str, Any], row: dict[str, Any]) -> tuple[list[Block], str]:
    """Section I and the name of the person who signs as the reporter."""
    subject = row["subject"]
    if subject == "to_dan_pho":
        g = ledger.conn.execute("SELECT leader, households, population FROM groups WHERE id = ?",
                                [row["group_id"]]).fetchone() or (None, 0, 0)
        return [Heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", level=1), Para(f"- Tên tập thể: {row['nominee_name']}."),
                Para(f"- Địa chỉ: {unit_short(unit)}, {province_of(unit)[1] or '…'}."),
                Para(f"- Tổ trưởng: {g[0] or '…'}; số hộ: {format_int(g[1] or 0)}; số nhân khẩu: "
                     f"{format_int(g[2] or 0)}."),
                Para("- Đặc điểm, tình hình, chức năng, nhiệm vụ: ……")], g[0] or ""
    if subject == "tap_the":
        return [Heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", level=1), Para(f"- Tên tập thể: {row['nominee_name']}."),
                Para(f"- Địa chỉ: {_where(unit, row)}"),
                Para("- Đặc điểm, tình hình; chức năng, nhiệm vụ; cơ cấu tổ chức: ……")], ""
    born = None
    if row["contributor_id"]:
        found = ledger.conn.execute("SELECT birth_year FROM contributors WHERE id = ?",
                                    [row["contributor_id"]]).fetchone()
        born = found[0] if found else None
    who = "chủ hộ" if subject == "ho" else ""
    blocks: list[Block] = [Heading("I. SƠ LƯỢC LÝ LỊCH", level=1),
                           Para(f"- Họ và tên{' chủ hộ' if who else ''}: {row['nominee_name']}."),
                           Para(f"- Năm sinh{' của chủ hộ' if who else ''}: {born or '……'}."),
                           Para(f"- {'Địa chỉ' if who else 'Nơi cư trú'}: {_where(unit, row)}")]
    return blocks, row["nominee_name"]


def _by_kind(ledger: Ledger, ids: list[int]) -> list[tuple[str, str, float, int]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return list(ledger.conn.execute(
        f"SELECT kind, coalesce(unit, ''), coalesce(sum(quantity), 0), coalesce(sum(value_vnd), 0) FROM contributions "
        f"WHERE id IN ({marks}) AND deleted_at IS NULL GROUP BY kind, coalesce(unit, '') ORDER BY kind", ids))


def _group_figures(ledger: Ledger, row: dict[str, Any]) -> Para:
    """A tổ dân phố: what its residents gave in the period (received contributions recorded in the tổ)."""
    n, m2, value = ledger.conn.execute(
        "SELECT count(DISTINCT contributor_id), coalesce(sum(CASE WHEN kind = 'land' THEN quantity END), 0), "
        "coalesce(sum(value_vnd), 0) FROM contributions WHERE group_id = ? AND deleted_at IS NULL AND "
        "status = 'received' AND date BETWEEN ? AND ?", [row["group_id"], row["period_start"], row["period_end"]]
    ).fetchone()
    return Para(f"- Trong kỳ, {format_int(n)} hộ, cá nhân trên địa bàn tổ đã đóng góp, trong đó hiến "
                f"{format_decimal(m2, 1, trim=True)} m² đất; tổng giá trị đóng góp: {format_int(value)} đồng.")


def _figures(ledger: Ledger, row: dict[str, Any]) -> list[Block]:
    """The figures, live: per kind of contribution, the works they went to and the total value."""
    ids = row["contribution_ids"]
    out: list[Block] = [Heading("2. Số liệu đóng góp", level=2)]
    rows = []
    for kind, unit, qty, value in _by_kind(ledger, ids):
        amount = "" if kind == "money" else f"{format_decimal(qty, 1, trim=True)} {unit or ''}".strip()
        rows.append([CONTRIBUTION_KINDS.get(kind, kind), amount, format_int(value)])
    if rows:
        out.append(Table(columns=[Column("Hình thức đóng góp", 5), Column("Số lượng", 3, "right"),
                                  Column("Giá trị quy đổi (đồng)", 4, "right")], rows=rows, font_size=11,
                         total=["Tổng cộng", "", format_int(row["value_vnd"])]))
    elif row["subject"] == "to_dan_pho" and row["group_id"]:
        out.append(_group_figures(ledger, row))
    elif row["value_vnd"] or row["land_m2"]:  # no contribution linked: the figures the clerk entered
        out.append(Para(f"- Diện tích đất hiến: {format_decimal(row['land_m2'], 1, trim=True)} m²; tổng giá trị "
                        f"đóng góp: {format_int(row['value_vnd'])} đồng."))
    works = proposals.works_of(ledger, [row["id"]])[row["id"]]
    if works:
        out.append(Para("- Công trình được đóng góp: " + "; ".join(works) + "."))
    if row["land_m2"] and rows:
        out.append(Para(f"- Tổng diện tích đất hiến: {format_decimal(row['land_m2'], 1, trim=True)} m²."))
    if ids:
        out.append(contributions_table(ledger, ids))
    return out


def build_merit_report(ledger: Ledger, proposal_id: int, *, doc_date: str | None = None,
                       for_signature: bool = False) -> AdminDocument:
    """The full Báo cáo thành tích đề nghị tặng <form> of one nominee."""
    unit = setup.get_unit(ledger)
    row = proposals.get(ledger, proposal_id)
    figures = figures_check.state(ledger, row)
    if for_signature:
        figures_check.refuse_for_signature(row, figures, "Báo cáo thành tích")
    date = day_of(doc_date)
    body, reporter_name = _profile(ledger, unit, row)
    body.insert(0, Para(f"{SUBJECT_LINE.get(row['subject'], 'Tập thể')}: {row['nominee_name']}", indent=False,
                        align="center", bold=True))
    period = proposals.parse_period(ledger, row["period_code"])
    body += [Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC", level=1),
             Heading(f"1. Thành tích trong Phong trào thi đua “{movement_name(ledger)}” ({period.label})", level=2),
             Para(figures.text or "…")]
    if figures.note:
        body.append(Para(figures.note, italic=True))
    body += _figures(ledger, row)
    body.append(Heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", level=1))
    # Always the table (a heading stays on the page of the table that follows it, not of a lone paragraph).
    prior = prior_decisions(ledger, row) or [["", "Chưa được khen thưởng", ""]]
    body.append(Table(columns=[Column("Năm", 1.4, "center"), Column("Hình thức khen thưởng", 5),
                               Column("Số, ngày quyết định; cơ quan ban hành", 7)], rows=prior, font_size=11))
    reporter = {"ho": "CHỦ HỘ", "ca_nhan": "NGƯỜI BÁO CÁO", "to_dan_pho": "TỔ TRƯỞNG"}.get(row["subject"],
                                                                                         "THỦ TRƯỞNG ĐƠN VỊ")
    # Broken by hand: half the width does not hold the whole line, and both blocks must count the same lines.
    confirm = ["XÁC NHẬN CỦA CẤP TRÌNH", "KHEN THƯỞNG", *heading.signature(unit).authority]
    bare, _full = province_of(unit)
    place = f"{bare}, {date_words(date)}" if bare else heading.place_date(unit, date)
    return AdminDocument(
        issuer=sub_issuer(unit, row["group_name"]) if row["group_name"] else heading.issuer_lines(unit),
        number="", place_date=place, kind_title="BÁO CÁO THÀNH TÍCH", subject=f"Đề nghị {kind_phrase(row)}",
        blocks=body, signature=Signature([reporter] + [BLANK] * (len(confirm) - 1), reporter_name),
        left_signature=Signature(confirm, unit.get("signer_name") or ""), draft=figures.stale, date=date,
        title_meta=f"Báo cáo thành tích — {row['nominee_name']}", author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


def render_merit_reports(ledger: Ledger, proposal_ids: list[int], *, doc_date: str | None = None,
                         for_signature: bool = False) -> bytes:
    """The full reports of the proposals that need one (`requires_merit_report`), as one PDF; each keeps its own
    page numbers. Refused when none of them needs it."""
    rows = [proposals.get(ledger, pid) for pid in proposal_ids]
    wanted = [r["id"] for r in rows if requires_merit_report(r)]
    if not wanted:
        raise UserError("Không có đề nghị nào cần báo cáo thành tích đầy đủ: chỉ hình thức đề nghị cấp trên (Bằng "
                        "khen của Chủ tịch UBND tỉnh trở lên) cần; hình thức của phường dùng báo cáo tóm tắt.")
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    parts = [nd30.render(build_merit_report(ledger, pid, doc_date=doc_date, for_signature=for_signature))
             for pid in wanted]
    return merge_pdfs(parts)
