"""Every table model passes Qt's model tester, and stays lazy on a big list."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db.connection import Ledger
from desktop.core.ledger import lists
from desktop.core.ledger.lists import Query
from desktop.ui.table_model import PAGE, LazyTableModel


@pytest.mark.parametrize("spec", [lists.GROUPS, lists.CONTRIBUTORS, lists.WORKS, lists.CONTRIBUTIONS, lists.RATES,
                                  lists.AUDIT], ids=lambda s: s.table)
def test_model_passes_qtmodeltester(qtmodeltester, demo_ledger: Ledger, spec: lists.ListSpec) -> None:
    model = LazyTableModel(spec, demo_ledger)
    model.set_ids(lists.run(demo_ledger, spec, Query()).ids)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_model_fetches_only_the_pages_it_shows(demo_ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = lists.run(demo_ledger, lists.CONTRIBUTIONS, Query()).ids
    assert len(ids) > PAGE
    asked: list[int] = []
    real = lists.fetch_raw
    monkeypatch.setattr(lists, "fetch_raw", lambda led, spec, page: asked.append(len(page)) or real(led, spec, page))
    model = LazyTableModel(lists.CONTRIBUTIONS, demo_ledger)
    model.set_ids(ids)
    assert asked == []  # nothing read until a cell is painted
    model.data(model.index(len(ids) - 1, 1))
    model.data(model.index(len(ids) - 2, 1))
    assert len(asked) == 1 and asked[0] <= PAGE


def test_sort_request_names_the_column(qtbot: QtBot, demo_ledger: Ledger) -> None:
    model = LazyTableModel(lists.CONTRIBUTIONS, demo_ledger)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(6, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["value_vnd", True]


def test_full_list_after_its_first_page_keeps_selection_and_scroll(qtbot: QtBot, demo_ledger: Ledger) -> None:
    from PySide6.QtWidgets import QTableView

    ids = lists.run(demo_ledger, lists.CONTRIBUTIONS, Query()).ids
    model = LazyTableModel(lists.CONTRIBUTIONS, demo_ledger)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 300)
    view.show()
    model.set_ids(ids[:PAGE])
    view.selectRow(120)
    view.scrollTo(model.index(120, 0))
    top = view.verticalScrollBar().value()
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.extend_ids(ids)
    assert model.rowCount() == len(ids) and inserted == [(PAGE, len(ids) - 1)]
    assert view.selectionModel().selectedRows()[0].row() == 120
    assert view.verticalScrollBar().value() == top
    # a list that does not start with what is shown is a new list
    model.extend_ids(list(reversed(ids)))
    assert model.row_id(0) == ids[-1] and view.selectionModel().selectedRows() == []
