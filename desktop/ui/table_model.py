"""A table model over a `desktop.core.ledger.lists` list: it holds ids and fetches rows a page at a time.

The ids come from the database worker; the cells of the rows in view are read on demand through
the GUI thread's read-only connection, one bounded page (PAGE rows) per query.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from db.connection import Ledger
from desktop.core.ledger import lists
from desktop.core.ledger.lists import ListSpec

PAGE = 200
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


class LazyTableModel(QAbstractTableModel):
    IdRole = Qt.ItemDataRole.UserRole + 1
    # The view asked for another order: (column key, descending). The page reruns the query.
    sort_requested = Signal(str, bool)

    def __init__(self, spec: ListSpec, reader: Ledger, parent: Any = None):
        super().__init__(parent)
        self.spec = spec
        self.reader = reader
        self.ids: list[int] = []
        self._align = [_RIGHT if c.numeric else _LEFT for c in spec.columns]
        self._raw: dict[int, tuple[Any, ...]] = {}  # stored values of the pages read
        self._rows: dict[int, tuple[str, ...]] = {}  # their formatted cells, once painted
        self._pos: dict[int, int] = {}

    # --- data --------------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._pos = {rid: i for i, rid in enumerate(ids)}
        self._raw.clear()
        self._rows.clear()
        self.endResetModel()

    def extend_ids(self, ids: list[int]) -> None:
        """The full list after its first page: rows are appended, so the view, the scroll position
        and the selection stay as they are. Anything else is a new list."""
        n = len(self.ids)
        if len(ids) < n or ids[:n] != self.ids:
            self.set_ids(ids)
            return
        if len(ids) > n:
            self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
            self.ids = ids
            self._pos.update((rid, i) for i, rid in enumerate(ids[n:], start=n))
            self.endInsertRows()

    def invalidate(self, ids: set[int] | None = None) -> None:
        """Forget cached cells (of some rows, or all) so they are read again when painted."""
        if ids is None:
            self._raw.clear()
            self._rows.clear()
            if self.ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, self.columnCount() - 1))
            return
        for rid in ids:
            self._raw.pop(rid, None)
            self._rows.pop(rid, None)
            row = self._pos.get(rid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, record_id: int) -> int | None:
        return self._pos.get(record_id)

    def _cells(self, row: int) -> tuple[str, ...] | None:
        rid = self.ids[row]
        cells = self._rows.get(rid)
        if cells is None:
            values = self._raw.get(rid)
            if values is None:
                start = (row // PAGE) * PAGE
                page = self.ids[start:start + PAGE]
                try:
                    fetched = lists.fetch_raw(self.reader, self.spec, page)
                except Exception:  # never raise inside data(); the row shows empty and is retried
                    return None
                if len(self._raw) > 20 * PAGE:  # keep memory flat while scrolling a huge list
                    self._raw.clear()
                    self._rows.clear()
                self._raw.update(fetched)
                values = self._raw.get(rid)
                if values is None:
                    return None
            # Formatted when first painted: a page is read at once, but only ~30 rows are on screen.
            cells = self._rows[rid] = lists.format_row(self.spec, values)
        return cells

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell on every paint: plain int comparisons,
        # alignments computed once (Qt enum arithmetic in here cost more than the SQL).
        if role == _DISPLAY or role == _TOOLTIP:
            row = index.row()
            if not index.isValid() or not 0 <= row < len(self.ids):
                return None
            cells = self._cells(row)
            return cells[index.column()] if cells else ""
        if role == _ALIGN:
            return self._align[index.column()] if index.isValid() else None
        if role == self.IdRole and index.isValid() and 0 <= index.row() < len(self.ids):
            return self.ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            if role == _DISPLAY:
                return self.spec.columns[section].header
            if role == _ALIGN:
                return self._align[section]
        elif role == _DISPLAY and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.spec.columns):
            self.sort_requested.emit(self.spec.columns[column].key, order == Qt.SortOrder.DescendingOrder)


def setup_view(view: QTableView, model: LazyTableModel) -> None:
    """A register's table: whole-row selection, read-only cells, sortable headers, and row
    heights never measured (100,000 rows would be)."""
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    header.setStretchLastSection(True)
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(26)
    for i, col in enumerate(model.spec.columns):
        view.setColumnWidth(i, col.width)
