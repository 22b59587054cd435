"""A table model over a `desktop.core.ledger.lists` list: it holds ids and fetches rows a page at a time.

The ids come from the database worker; the cells of the rows in view are read on demand through
the GUI thread's read-only connection, one bounded chunk (FETCH rows) per query. While the list is
searched, the cell of the field that matched is highlighted and every cell's tooltip names that
field; a field without a column of its own ("địa chỉ" in the Đóng góp list) is named in the cell that
shows it ("Bùi Văn Long — khớp địa chỉ người đóng góp").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from db.connection import Ledger
from desktop.core.ledger import lists
from desktop.core.ledger.lists import ListSpec

PAGE = 200  # ids of a freshly opened or searched list, before the full list arrives
FETCH = 50  # rows whose cells are read at once: a screenful or two (~26 rows on screen)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
MATCH_COLOUR = QColor("#fff3b0")  # a highlighter's yellow: where the text searched for was found
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
        self.search = ""  # the text the ids were searched with
        self._matched: dict[int, int] = {}  # row id → index in spec.search of the field that matched
        keys = [c.key for c in spec.columns]
        # The column that shows each searched field (-1: none).
        self._match_col = [keys.index(f.column or f.key) if (f.column or f.key) in keys else -1 for f in spec.search]
        # Contributions dated inside an issued (locked) period carry a padlock beside their date.
        self._lock_col = next((i for i, c in enumerate(spec.columns) if c.key == "date"), -1) \
            if spec.table == "contributions" else -1
        self._locks: list[dict[str, Any]] = []
        self._read_locks()

    # --- data --------------------------------------------------------------------------------
    def _read_locks(self) -> None:
        """The periods locked by an issued report (a handful of rows), read again whenever the list is."""
        if self._lock_col < 0:
            return
        from desktop.core.ledger import locks

        try:
            self._locks = locks.active_locks(self.reader)
        except Exception:  # a list without padlocks is better than no list
            self._locks = []

    def lock_of(self, row: int) -> dict[str, Any] | None:
        """The lock (report symbol, date, bounds) covering the row's date, or None."""
        if self._lock_col < 0 or not self._locks or not 0 <= row < len(self.ids):
            return None
        values = self._raw.get(self.ids[row])
        if values is None:
            self._cells(row)
            values = self._raw.get(self.ids[row])
        date = values[self._lock_col] if values else None
        if not date:
            return None
        return next((lk for lk in self._locks if lk["start"] <= date[:10] <= lk["end"]), None)

    def set_search(self, text: str) -> None:
        """The search text of the ids set next: which field matched is read with each page."""
        if text != self.search:
            self.search = text
            self._matched.clear()
            self._rows.clear()

    def set_ids(self, ids: list[int]) -> None:
        self._read_locks()
        self.beginResetModel()
        self.ids = ids
        self._pos = {rid: i for i, rid in enumerate(ids)}
        self._raw.clear()
        self._rows.clear()
        self._matched.clear()
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
            self._read_locks()
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
                start = (row // FETCH) * FETCH
                page = self.ids[start:start + FETCH]
                try:
                    fetched = lists.fetch_raw(self.reader, self.spec, page)
                    matched = lists.matched_fields(self.reader, self.spec, self.search, page) if self.search else {}
                except Exception:  # never raise inside data(); the row shows empty and is retried
                    return None
                if len(self._raw) > 80 * FETCH:  # keep memory flat while scrolling a huge list
                    self._raw.clear()
                    self._rows.clear()
                    self._matched.clear()
                self._raw.update(fetched)
                self._matched.update(matched)
                values = self._raw.get(rid)
                if values is None:
                    return None
            # Formatted when first painted: a page is read at once, but only ~30 rows are on screen.
            cells = lists.format_row(self.spec, values)
            field = self._matched.get(rid)
            if field is not None and self.spec.search[field].column and self._match_col[field] >= 0:
                col = self._match_col[field]  # a field shown in another's column says so
                cells = (*cells[:col], f"{cells[col]} — khớp {self.spec.search[field].label}", *cells[col + 1:])
            self._rows[rid] = cells
        return cells

    def matched_field(self, row: int) -> tuple[int, str] | None:
        """The column highlighted in `row` (-1 if none) and the name of the field that matched."""
        rid = self.row_id(row)
        if rid is None or not self.search:
            return None
        if rid not in self._rows:
            self._cells(row)  # the page (and which field matched in it) is read with the cells
        field = self._matched.get(rid)
        if field is None:
            return None
        return self._match_col[field], self.spec.search[field].label

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
            if role == _TOOLTIP and index.column() == self._lock_col and self._locks:
                lock = self.lock_of(row)
                if lock:
                    return lock_text(lock)
            text = cells[index.column()] if cells else ""
            match = self.matched_field(row) if role == _TOOLTIP else None
            if match:  # why this row is listed, wherever the pointer rests
                return f"{text}\n(Khớp tìm kiếm: {match[1]})" if text else f"Khớp tìm kiếm: {match[1]}"
            return text
        if role == _BACKGROUND:
            if not self.search:  # asked for every cell on every paint: no search, no highlight
                return None
            match = self.matched_field(index.row()) if index.isValid() else None
            return MATCH_COLOUR if match and match[0] == index.column() else None
        if role == _ALIGN:
            return self._align[index.column()] if index.isValid() else None
        if role == _DECORATION and index.column() == self._lock_col and self._locks:
            return lock_icon() if self.lock_of(index.row()) else None
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


class RowNumbers(QHeaderView):
    """The row numbers, as wide as the last (the widest) number. QHeaderView measures its first and last
    100 sections, four headerData calls each, into Python, every time the rows change (set_ids, the full
    list appended): ~3,500 calls, a sixth of opening a register, for a width one section gives."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self._width: tuple[int, int] = (-1, 0)  # (rows, width): the view asks again at every layout

    def sizeHint(self) -> QSize:  # noqa: N802
        n = self.count()
        if n == 0 or self.isSectionHidden(n - 1):
            return super().sizeHint()
        if self._width[0] != n:
            self._width = (n, self.sectionSizeFromContents(n - 1).width())
        return QSize(self._width[1], self.defaultSectionSize())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._width = (-1, 0)  # measured again in the new font
        super().changeEvent(event)


def setup_view(view: QTableView, model: LazyTableModel) -> None:
    """A register's table: whole-row selection, read-only cells, sortable headers, and row
    heights never measured (100,000 rows would be)."""
    view.setVerticalHeader(RowNumbers(view))
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
        view.setColumnWidth(i, col.width + (20 if i == model._lock_col else 0))  # room for the padlock


_LOCK_ICON: QIcon | None = None


def lock_icon() -> QIcon:
    """A small padlock, drawn once (no image file to ship, and it looks the same on every Windows)."""
    global _LOCK_ICON
    if _LOCK_ICON is None:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#7a5a00"), 1.6))
        p.drawArc(3, 1, 8, 9, 0, 180 * 16)  # the shackle
        p.drawLine(3, 5, 3, 7)
        p.drawLine(11, 5, 11, 7)
        p.setBrush(QColor("#c9a227"))
        p.drawRoundedRect(QRectF(1.5, 6.5, 11, 7), 1.5, 1.5)  # the body
        p.end()
        _LOCK_ICON = QIcon(pixmap)
    return _LOCK_ICON


def lock_text(lock: dict[str, Any]) -> str:
    """What the padlock means, for its tooltip and the read-only banner."""
    from desktop.core.ledger.locks import dmy

    issued = f" ngày {dmy(lock['doc_date'])}" if lock.get("doc_date") else ""
    return (f"Đã khóa: kỳ {dmy(lock['start'])}–{dmy(lock['end'])} đã ban hành báo cáo số "
            f"{lock.get('symbol') or '?'}{issued}.")
