"""A table model over a `desktop.core.lists` list: it holds ids and fetches rows a page at a time.

The ids come from the database worker; the cells of the rows in view are read on demand through
the GUI thread's read-only connection, one bounded page (PAGE rows) per query.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from db.connection import Ledger
from desktop.core import lists
from desktop.core.lists import ListSpec

PAGE = 200
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
        self._rows: dict[int, tuple[str, ...]] = {}
        self._pos: dict[int, int] = {}

    # --- data --------------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._pos = {rid: i for i, rid in enumerate(ids)}
        self._rows.clear()
        self.endResetModel()

    def invalidate(self, ids: set[int] | None = None) -> None:
        """Forget cached cells (of some rows, or all) so they are read again when painted."""
        if ids is None:
            self._rows.clear()
            if self.ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, self.columnCount() - 1))
            return
        for rid in ids:
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
            start = (row // PAGE) * PAGE
            page = self.ids[start:start + PAGE]
            try:
                self._rows.update(lists.fetch(self.reader, self.spec, page))
            except Exception:  # never raise inside data(); the row shows empty and is retried
                return None
            if len(self._rows) > 20 * PAGE:  # keep memory flat while scrolling a huge list
                keep = set(page)
                self._rows = {k: v for k, v in self._rows.items() if k in keep}
            cells = self._rows.get(rid)
        return cells

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        col = self.spec.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cells = self._cells(index.row())
            return cells[index.column()] if cells else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if col.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return self.ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.spec.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                col = self.spec.columns[section]
                return int((Qt.AlignmentFlag.AlignRight if col.numeric else Qt.AlignmentFlag.AlignLeft)
                           | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.spec.columns):
            self.sort_requested.emit(self.spec.columns[column].key, order == Qt.SortOrder.DescendingOrder)
