"""Opening a register does not ask Python for the row numbers' headers hundreds of times (issue 22): the
row-number column is sized from its last (widest) number, as wide as Qt's own measurement."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from db.connection import Ledger
from desktop.core.ledger import lists
from desktop.core.ledger.lists import Query
from desktop.ui.table_model import PAGE, LazyTableModel, setup_view


def _shown(qtbot: QtBot, view: QTableView) -> None:
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    QApplication.processEvents()
    view.viewport().repaint()


def test_row_numbers_are_not_measured_one_by_one(qtbot: QtBot, demo_ledger: Ledger) -> None:
    ids = lists.run(demo_ledger, lists.CONTRIBUTIONS, Query()).ids
    asked: list[int] = []

    class Counting(LazyTableModel):
        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
            if orientation == Qt.Orientation.Vertical:
                asked.append(section)
            return super().headerData(section, orientation, role)

    model = Counting(lists.CONTRIBUTIONS, demo_ledger)
    model.set_ids(ids[:PAGE])
    view = QTableView()
    setup_view(view, model)
    _shown(qtbot, view)
    model.extend_ids(ids)
    QApplication.processEvents()
    # The ~26 rows painted (twice, 7 roles: ~370) and one measurement of the last number; Qt's own sizing asked
    # for the first and last 100 sections, four roles each, at every change of the rows (~3,500 calls).
    assert len(asked) < 1000, len(asked)


def test_row_numbers_as_wide_as_qt_measures_them(qtbot: QtBot, demo_ledger: Ledger) -> None:
    ids = lists.run(demo_ledger, lists.CONTRIBUTIONS, Query()).ids
    widths = []
    for ours in (True, False):
        model = LazyTableModel(lists.CONTRIBUTIONS, demo_ledger)
        model.set_ids(ids[:PAGE])
        view = QTableView()
        if ours:
            setup_view(view, model)
        else:
            view.setModel(model)
            view.verticalHeader().setDefaultSectionSize(26)
        _shown(qtbot, view)
        first = view.verticalHeader().width()
        model.extend_ids(ids * 30)  # five-digit row numbers: the column widens as Qt's would
        QApplication.processEvents()
        widths.append((first, view.verticalHeader().width()))
    assert widths[0] == widths[1] and widths[0][1] > widths[0][0], widths
