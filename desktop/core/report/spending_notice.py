"""THÔNG BÁO công khai thu, chi các khoản đóng góp của Nhân dân for one work — of the whole work, or of one tổ
dân phố (its share of the receipts, and the work's spending) — to post on the notice board.

Legal sources: Luật Thực hiện dân chủ ở cơ sở 2022 (Luật số 10/2022/QH15) Điều 11 (what the commune publishes: the
people's contributions and their management and use), Điều 12–13 (forms and timing: niêm yết at the People's
Committee and at the community's house, sent to the Tổ trưởng to tell the residents), Điều 15 (the people decide
the contributions and their thu, chi); Nghị định 30/2020/NĐ-CP Phụ lục I (the layout: quốc hiệu, issuing body,
số/ký hiệu — left blank for a notice posted by the ward, địa danh and date, THÔNG BÁO with its trích yếu, body,
signer, Nơi nhận). A4 portrait, through the ND 30 engine (pdf.nd30), like the Bảng công khai (report.notice).

Personal data (Nghị định 13/2023): the list of givers is by name, address and tổ only (report.spending.givers
never selects a CCCD or a phone number).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import demo_mark, records, setup
from desktop.core.pdf.model import AdminDocument, Column, Heading, Para, Signature, Table
from desktop.core.report import notice, spending
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import fold

# How long the notice stays posted, by default. Luật Tiếp cận thông tin 2016, Điều 21 khoản 2: information
# published by posting, where no law sets the place and time, is posted at the office or the community's meeting
# place for at least 30 days (the same default as the Bảng công khai, report.notice.POSTING_DAYS).
POSTING_DAYS = notice.POSTING_DAYS


def _unit_short(unit: dict[str, Any]) -> str:
    name = unit.get("name") or ""
    return name[:1].lower() + name[1:]


def _leader(unit: dict[str, Any]) -> str:
    # The tổ's head signs on the left as on the Bảng công khai: a thôn has a trưởng thôn.
    return {"thon": "TRƯỞNG THÔN"}.get(fold(unit.get("group_label") or ""), "TỔ TRƯỞNG")


def _givers_table(rows: list[dict[str, Any]], total: int, with_group: bool) -> Table:
    cols = [Column("STT", 1.1, "center"), Column("Họ và tên", 4.2), Column("Địa chỉ", 4.2)]
    if with_group:
        cols.append(Column("Tổ dân phố", 2.8))
    cols.append(Column("Số tiền (đồng)", 2.8, "right"))
    body = [[str(i), r["name"], r["address"] or "", *([r["group"]] if with_group else []), format_int(r["amount_vnd"])]
            for i, r in enumerate(rows, start=1)]
    return Table(columns=cols, rows=body, font_size=10,
                 total=["", "Tổng cộng", "", *([""] if with_group else []), format_int(total)])


def _groups_table(balance: dict[str, Any]) -> Table:
    total = balance["received_vnd"]
    paying = [g for g in balance["groups"] if g["received_vnd"]]
    rows = [[str(i), g["group"], format_int(g["givers"]), format_int(g["received_vnd"]),
             _share(g["received_vnd"], total)] for i, g in enumerate(paying, start=1)]
    return Table(columns=[Column("STT", 1.1, "center"), Column("Tổ dân phố", 5.0),
                          Column("Số người đóng góp tiền", 3.0, "right"), Column("Số tiền (đồng)", 3.2, "right"),
                          Column("Tỷ lệ (%)", 2.0, "right")],
                 rows=rows, font_size=10, total=["", "Tổng cộng", "", format_int(total), "100" if total else ""])


def _share(part: int, total: int) -> str:
    return format_decimal(100 * part / total, 1, trim=True) if total else ""


def _spending_table(balance: dict[str, Any]) -> Table:
    rows = [[str(i), r["item"], format_date(r["spent_on"]), r["document"] or "", format_int(r["amount_vnd"])]
            for i, r in enumerate(balance["spending"], start=1)]
    return Table(columns=[Column("STT", 1.1, "center"), Column("Nội dung chi", 6.0), Column("Ngày chi", 2.2, "center"),
                          Column("Chứng từ", 3.0), Column("Số tiền (đồng)", 2.8, "right")],
                 rows=rows, font_size=10, total=["", "Tổng cộng", "", "", format_int(balance["spent_vnd"])])


def _receipts(ledger: Ledger, work_id: int, balance: dict[str, Any], until: str,
              group: dict[str, Any] | None) -> list[Any]:
    out: list[Any] = [Heading("I. CÁC KHOẢN ĐÃ THU")]
    if group is None:
        out.append(Para(f"Tổng số tiền Nhân dân đã đóng góp cho công trình đến ngày {format_date(until)}: "
                        f"{format_int(balance['received_vnd'])} đồng, theo từng tổ dân phố như sau:"))
        if balance["received_vnd"]:
            out.append(_groups_table(balance))
        rows = spending.givers(ledger, work_id, until)
        total = balance["received_vnd"]
    else:
        share = next((g for g in balance["groups"] if g["group_id"] == group["id"]), None)
        mine = share["received_vnd"] if share else 0
        out.append(Para(f"{group['name']} đã đóng góp {format_int(mine)} đồng tiền mặt cho công trình đến ngày "
                        f"{format_date(until)}, trên tổng số {format_int(balance['received_vnd'])} đồng Nhân dân các "
                        f"tổ dân phố đã đóng góp" + (f" ({_share(mine, balance['received_vnd'])}%)." if mine else ".")))
        rows = spending.givers(ledger, work_id, until, group["id"])
        total = mine
    if rows:
        out.append(Para("Danh sách hộ gia đình, cá nhân, tập thể đóng góp bằng tiền:", indent=True))
        out.append(_givers_table(rows, total, with_group=group is None))
    in_kind = balance["in_kind"] if group is None else {}
    kind_value = balance["in_kind_vnd"] if group is None else (share or {}).get("in_kind_vnd", 0)
    if kind_value:
        detail = f" ({spending.in_kind_words(in_kind)})" if in_kind else ""
        out.append(Para(f"Ngoài tiền mặt, Nhân dân còn đóng góp hiện vật, ngày công, đất… quy đổi thành "
                        f"{format_int(kind_value)} đồng{detail}. Giá trị này không phải tiền mặt nên không tính vào "
                        "số thu, chi dưới đây.", italic=True))
    return out


def _spending_blocks(balance: dict[str, Any], until: str, whole_work: bool) -> list[Any]:
    out: list[Any] = [Heading("II. CÁC KHOẢN ĐÃ CHI")]
    if balance["spending"]:
        out.append(_spending_table(balance))
    else:
        out.append(Para(f"Đến ngày {format_date(until)}, công trình chưa có khoản chi nào.", indent=True))
    out.append(Heading("III. CÂN ĐỐI THU, CHI"))
    verdict = spending.balance_words(balance)
    lead = "" if whole_work else "Toàn công trình (mọi tổ dân phố): "
    out.append(Para(f"{lead}Tổng thu (tiền mặt): {format_int(balance['received_vnd'])} đồng; tổng chi: "
                    f"{format_int(balance['spent_vnd'])} đồng; {verdict}.", bold=balance["overspent"]))
    if balance["overspent"]:
        out.append(Para("Số chi vượt được bù từ nguồn kinh phí khác của công trình (ngân sách, xã hội hóa) hoặc "
                        "Nhân dân bàn, quyết định đóng góp thêm; Ủy ban nhân dân phường báo cáo rõ tại cuộc họp của "
                        "cộng đồng dân cư."))
    return out


def document(ledger: Ledger, work_id: int, group_id: int | None = None, date: dt.date | None = None,
             posted_from: dt.date | None = None, posted_to: dt.date | None = None, number: str = ""
             ) -> AdminDocument:
    """The notice of one work (or of one tổ dân phố's share of it), its figures up to `date` (today by default):
    received = report.spending.work_balance's received_vnd, spent = its spending rows."""
    from desktop.core.pdf import heading

    unit = setup.get_unit(ledger)
    work = records.get(ledger, "works", work_id)
    group = records.get(ledger, "groups", group_id) if group_id else None
    date = date or dt.date.today()
    posted_from = posted_from or date
    posted_to = posted_to or posted_from + dt.timedelta(days=POSTING_DAYS)
    until = date.isoformat()
    balance = spending.work_balance(ledger, work_id, until)
    who = _unit_short(unit)
    meeting = (f" theo {work['meeting_ref']}" if work.get("meeting_ref") else "") + (
        f" ngày {format_date(work['meeting_date'])}" if work.get("meeting_date") else "")
    body: list[Any] = [Para(
        "Thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022 (Điều 11: công khai các khoản đóng góp của Nhân dân và "
        "việc quản lý, sử dụng; Điều 15: Nhân dân bàn và quyết định mức đóng góp xây dựng công trình công cộng"
        f"{meeting}), Ủy ban nhân dân {who} thông báo công khai thu, chi các khoản Nhân dân đóng góp xây dựng công "
        f"trình {work['name']}" + (f" của {group['name']}" if group else "")
        + f" đến ngày {format_date(until)} như sau:")]
    body += _receipts(ledger, work_id, balance, until, group)
    body += _spending_blocks(balance, until, group is None)
    place = f"nhà văn hóa {group['name']}" if group else "trụ sở Ủy ban nhân dân phường và nhà văn hóa các tổ dân phố"
    body.append(Para(
        f"Thông báo này được niêm yết tại {place} từ ngày {posted_from:%d/%m/%Y} đến ngày {posted_to:%d/%m/%Y}. Mọi "
        f"ý kiến, thắc mắc xin phản ánh với Tổ trưởng tổ dân phố, Ban Thanh tra nhân dân hoặc Ủy ban nhân dân {who} "
        "trong thời gian niêm yết."))
    subject = f"Công khai thu, chi các khoản đóng góp của Nhân dân xây dựng công trình {work['name']}"
    return AdminDocument(
        issuer=heading.issuer_lines(unit), number=number, place_date=heading.place_date(unit, date),
        kind_title="THÔNG BÁO", subject=subject + (f", {group['name']}" if group else ""), blocks=body,
        cc=[] if group else ["Ban Thanh tra nhân dân phường", "Ban Giám sát đầu tư của cộng đồng",
                             "Các tổ dân phố có công trình (niêm yết)", "Lưu: VT"],
        left_signature=(Signature([group["name"].upper(), _leader(unit)], group["leader"] or "") if group else None),
        signature=heading.signature(unit), date=date,
        title_meta=f"Công khai thu chi {work['name']}" + (f" {group['name']}" if group else ""),
        author_meta=unit.get("name") or "", watermark=demo_mark.mark_for(ledger),
    )


def render(ledger: Ledger, work_id: int, group_id: int | None = None, date: dt.date | None = None) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    return nd30.render(document(ledger, work_id, group_id, date))


def file_name(work_name: str, group_name: str | None = None) -> str:
    """"Cong-khai-thu-chi_Duong-To-3.pdf": no accents or spaces, safe on any USB stick."""
    parts = [work_name] + ([group_name] if group_name else [])
    slug = "_".join("-".join(fold(p).split()).title() for p in parts)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in slug)[:120]
    return f"Cong-khai-thu-chi_{safe}.pdf"
