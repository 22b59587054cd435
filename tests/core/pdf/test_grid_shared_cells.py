"""A table's repeated texts share one cell per column (issue 22: wrapped once, half the objects of a long table);
what is drawn must be byte for byte what one cell per text draws — wrapped texts and page cuts included."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from desktop.core.pdf import grid, typeset
from desktop.core.pdf.model import Column, Table

LONG = "Đường bê tông tổ dân phố 3 nối tổ dân phố 4 qua khu dân cư mới phía đông chợ"


def _table() -> Table:
    rows = [[str(i), f"Nguyễn Văn {i}", "Hộ gia đình", LONG if i % 3 else "Tổ 2", "Tổ dân phố 1",
             "30.786.200.000.000" if i % 2 else "12,5"] for i in range(1, 121)]
    return Table(columns=[Column("STT", 1.2, "center"), Column("Họ và tên", 4), Column("Đối tượng", 2.4),
                          Column("Công trình", 4), Column("Tổ", 2.4), Column("Giá trị (đồng)", 1.2, "right")],
                 rows=rows, total=["", "Tổng cộng", "", "", "", "1.000"], font_size=10.5)


def _pages(g: grid._Grid, w: float, h: float) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=landscape(A4), invariant=1, pageCompression=0)
    rest = [g]
    while rest:
        parts = rest[0].split(w, h)
        page, rest = parts[0], parts[1:]
        page.wrap(w, h)
        page.drawOn(c, 20, 20)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_repeated_texts_share_a_cell_and_draw_the_same_bytes() -> None:
    typeset.register_fonts()
    w, h = 780.0, 300.0
    table = _table()
    shared = grid.table_flowables(table, w, h, [])[0]
    assert isinstance(shared, grid._Grid)
    assert shared.rows[0][2] is shared.rows[1][2] and shared.rows[0][1] is not shared.rows[1][1]

    size, aligns = table.font_size, [c.align for c in table.columns]
    own = grid._Grid([grid._Cell(c.title, typeset.FONT_BOLD, size, "center") for c in table.columns],
                     [[grid._Cell(t, font, size, a) for t, a in zip(row, aligns, strict=True)]
                      for row, font in [*((r, typeset.FONT) for r in table.rows), (table.total, typeset.FONT_BOLD)]],
                     shared.col_widths, h)
    pdf = _pages(shared, w, h)
    assert pdf == _pages(own, w, h)
    assert pdf.count(b"/Type /Page\n") > 3 and any(len(c.lines) > 1 for row in shared.rows for c in row)
