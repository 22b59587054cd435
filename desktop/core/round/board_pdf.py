"""The round's board and its reminder list printed on A4 (the pdf engine of Nghị định 30/2020, as the public
notice and the report are): the ward's heading, the period and its deadlines, the table, and who made the list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import demo_mark, setup
from desktop.core.pdf.model import AdminDocument, Column, Para, Signature, Table
from desktop.core.round.board import Board, state_text
from desktop.core.text.vnformat import format_date


def _contact(row: dict[str, Any]) -> str:
    return "\n".join(x for x in (row["contact_name"], row["contact_phone"]) if x)


def _counts_line(board: Board) -> str:
    c = board.counts()
    sent = c["on_time"] + c["late"]
    late = f" ({c['late']} đơn vị gửi muộn)" if c["late"] else ""
    overdue = f", trong đó {c['overdue']} đơn vị đã quá hạn" if c["overdue"] else ""
    return (f"Đến ngày {format_date(board.today)}: {sent}/{len(board.rows)} đơn vị đã gửi báo cáo{late}; "
            f"{c['missing'] + c['overdue']} đơn vị chưa gửi{overdue}.")


def _intro(board: Board, counts: bool) -> str:
    own = (f"Hạn gửi báo cáo về Ủy ban nhân dân phường: ngày {format_date(board.own_deadline)}"
           if board.own_deadline else "Ủy ban nhân dân phường chưa đặt hạn gửi báo cáo kỳ này")
    upper = (f"; hạn báo cáo cấp trên: ngày {format_date(board.upper_deadline)}" if board.upper_deadline else "")
    return f"{own}{upper}." + (f" {_counts_line(board)}" if counts else "")


def document(ledger: Ledger, board: Board, *, missing_only: bool = False,
             date: dt.date | None = None) -> AdminDocument:
    """The board (every unit) or, with missing_only, the reminder list of units that have not reported."""
    from desktop.core.pdf import heading

    unit = setup.get_unit(ledger)
    date = date or dt.date.fromisoformat(board.today)
    plan = ("Phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, "
            "chống lãng phí”")
    body: list[Any] = [Para(_intro(board, counts=missing_only))]
    if missing_only:
        rows = [[str(i), r["name"], r["kind_label"], _contact(r), state_text(r)]
                for i, r in enumerate(board.missing(), 1)]
        columns = [Column("STT", 1.0, "center"), Column("Đơn vị", 5.2), Column("Loại", 3.2),
                   Column("Người liên hệ", 3.6), Column("Tình trạng", 3.2)]
        subject = f"Danh sách đơn vị chưa gửi báo cáo {plan}, {board.period_label}"
        empty = "Tất cả các đơn vị đã gửi báo cáo."
        body_end = Para("Đề nghị các đơn vị có tên trên gửi báo cáo về Ủy ban nhân dân phường (qua công chức "
                        "Văn phòng – Thống kê) trong thời gian sớm nhất để kịp tổng hợp.")
    else:
        rows = [[str(i), r["name"], _contact(r), state_text(r), format_date(r["received_on"]),
                 "\n".join(x for x in (r["source_label"], r["file_name"]) if x)]
                for i, r in enumerate(board.rows, 1)]
        columns = [Column("STT", 1.0, "center"), Column("Đơn vị", 4.6), Column("Người liên hệ", 3.2),
                   Column("Tình trạng", 2.8), Column("Ngày nhận", 2.2, "center"), Column("Hình thức, tệp", 3.2)]
        subject = f"Tình hình gửi báo cáo {plan}, {board.period_label}"
        empty = "Chưa có đơn vị báo cáo nào trong danh sách."
        # After the table, so the table flows from page 1 (the engine keeps the last block with the signature).
        body_end = Para(_counts_line(board))
    body.append(Table(columns=columns, rows=rows, font_size=10) if rows
                else Para(empty, indent=False, align="center"))
    if body_end and rows:
        body.append(body_end)
    kind = "Danh sách nhắc nộp báo cáo" if missing_only else "Bảng theo dõi báo cáo"
    return AdminDocument(
        issuer=heading.issuer_lines(unit), number="", place_date=heading.place_date(unit, date),
        kind_title="DANH SÁCH" if missing_only else "BẢNG THEO DÕI", subject=subject, blocks=body,
        signature=Signature(["NGƯỜI LẬP"], unit.get("user_name") or ledger.user or ""),
        title_meta=f"{kind} {board.period_label}", author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


def render(ledger: Ledger, board: Board, *, missing_only: bool = False) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    return nd30.render(document(ledger, board, missing_only=missing_only))
