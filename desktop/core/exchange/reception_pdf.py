"""The reception board printed on A4 (the pdf engine of Nghị định 30/2020, as the ward's round board): the upper
level's heading, the period and its deadline, one row per ward, the counts, and who made the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.exchange import reception
from desktop.core.ledger import demo_mark, setup
from desktop.core.pdf.model import AdminDocument, Column, Para, Signature, Table
from desktop.core.text.vnformat import format_date

_PLAN = ("phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống "
         "lãng phí”")


def counts_line(data: dict[str, Any]) -> str:
    c = data["counts"]
    late = f" ({c['late']} đơn vị gửi muộn)" if c["late"] else ""
    overdue = f", trong đó {c['overdue']} đơn vị đã quá hạn" if c["overdue"] else ""
    again = f" {data['superseded']} tệp đã được thay bằng bản mới hơn." if data["superseded"] else ""
    return (f"Đến ngày {format_date(data['today'])}: {data['sent']}/{len(data['wards'])} đơn vị đã gửi tệp{late}; "
            f"{c['missing'] + c['overdue']} đơn vị chưa gửi{overdue}.{again}")


def document(ledger: Ledger, data: dict[str, Any], date: dt.date | None = None) -> AdminDocument:
    from desktop.core.pdf import heading

    unit = setup.get_unit(ledger)
    date = date or dt.date.fromisoformat(data["today"])
    rows = [[str(i), f"{r['name']}\n({r['code']})", "\n".join(x for x in (r["contact_name"], r["contact_phone"]) if x),
             reception.state_text(r), format_date(r["first_received"]),
             "\n".join(x for x in (f"BC {r['report']}" if r["report"] else "",
                                   f"thay {r['superseded']} lần" if r["superseded"] else "") if x)]
            for i, r in enumerate(data["wards"], 1)]
    columns = [Column("STT", 1.0, "center"), Column("Đơn vị", 4.4), Column("Người liên hệ", 3.4),
               Column("Tình trạng", 3.0), Column("Ngày nhận", 2.2, "center"), Column("Ghi chú", 2.4)]
    intro = f"{reception.deadline_line(data)[0].upper()}{reception.deadline_line(data)[1:]}."
    body: list[Any] = [Para(intro)]
    body.append(Table(columns=columns, rows=rows, font_size=10) if rows
                else Para("Chưa có phường, xã nào trong danh sách báo cáo kỳ này.", indent=False, align="center"))
    if rows:
        body.append(Para(counts_line(data)))
    return AdminDocument(
        issuer=heading.issuer_lines(unit), number="", place_date=heading.place_date(unit, date),
        kind_title="BẢNG THEO DÕI", subject=f"Tình hình các phường, xã gửi tệp số liệu {_PLAN}, {data['label']}",
        blocks=body, signature=Signature(["NGƯỜI LẬP"], unit.get("user_name") or ledger.user or ""),
        title_meta=f"Tình hình nhận tệp {data['label']}", author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


def render(ledger: Ledger, data: dict[str, Any]) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    return nd30.render(document(ledger, data))
