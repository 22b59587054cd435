"""The list says which field matched the search: the cell is highlighted, the tooltip names the
field, a field without its own column is named in the cell that shows it, and the footer counts."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.connection import Ledger, open_ledger
from desktop.core.ledger import contributions, contributors, groups, lists
from desktop.core.ledger.lists import Query
from desktop.ui.table_model import MATCH_COLOUR, LazyTableModel
from tests.ui.conftest import settle

_BG = 8  # Qt.ItemDataRole.BackgroundRole
_TIP = 3  # Qt.ItemDataRole.ToolTipRole


def _seed(ledger: Ledger) -> dict[str, int]:
    g = groups.add(ledger, {"name": "Tổ dân phố Thử"})
    ids = {name: contributors.add(ledger, {"name": name, "kind": "ho", "group_id": g, "address": address})
           for name, address in [("Trần Thị Ánh Xuân", "hẻm 9 Quờn Quỹ Khương"), ("Quờn Quỹ Bảo", "")]}
    for who in ids.values():
        contributions.add(ledger, {"contributor_id": who, "date": "01/02/2026", "kind": "money",
                                   "quantity": "100.000"})
    return ids


def test_the_matched_cell_is_highlighted_and_named(qtbot: QtBot, ledger: Ledger) -> None:
    ids = _seed(ledger)
    model = LazyTableModel(lists.CONTRIBUTORS, ledger)
    model.set_search("quon quy")
    model.set_ids(lists.run(ledger, lists.CONTRIBUTORS, Query(search="quon quy")).ids)
    assert [model.row_id(r) for r in range(model.rowCount())] == [ids["Quờn Quỹ Bảo"], ids["Trần Thị Ánh Xuân"]]
    name, address = 0, 3
    assert model.data(model.index(0, name), _BG) == MATCH_COLOUR and model.data(model.index(0, address), _BG) is None
    assert model.data(model.index(1, address), _BG) == MATCH_COLOUR and model.data(model.index(1, name), _BG) is None
    assert "Khớp tìm kiếm: địa chỉ" in model.data(model.index(1, name), _TIP)
    assert "Khớp tìm kiếm: họ tên" in model.data(model.index(0, 2), _TIP)
    model.set_search("")
    model.set_ids(lists.run(ledger, lists.CONTRIBUTORS, Query()).ids)
    assert all(model.data(model.index(r, c), _BG) is None for r in range(model.rowCount()) for c in (name, address))


def test_a_field_without_a_column_is_named_in_the_cell_that_shows_it(ledger: Ledger) -> None:
    _seed(ledger)
    model = LazyTableModel(lists.CONTRIBUTIONS, ledger)
    model.set_search("quon quy")
    model.set_ids(lists.run(ledger, lists.CONTRIBUTIONS, Query(search="quon quy")).ids)
    people = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert people == ["Quờn Quỹ Bảo", "Trần Thị Ánh Xuân — khớp địa chỉ"]
    assert model.data(model.index(1, 1), _BG) == MATCH_COLOUR


def test_typing_in_the_search_box_shows_the_matched_field(qtbot: QtBot, demo_path: Path) -> None:
    from desktop.app import run

    led = open_ledger(demo_path)
    _seed(led)
    led.close()
    _app, win = run(str(demo_path))
    assert win is not None
    qtbot.addWidget(win)
    try:
        win.navigate("contributors", {})
        page = win.pages["contributors"]
        settle(qtbot, win)
        page.search.setText("Quờn Quỹ")
        qtbot.waitUntil(lambda: page.model.rowCount() == 2 and "khớp" in page.footer.text(), timeout=5000)
        assert "1 khớp họ tên, 1 khớp địa chỉ" in page.footer.text()
        assert page.model.data(page.model.index(1, 3), _BG) == MATCH_COLOUR
        page.table.viewport().repaint()
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()
