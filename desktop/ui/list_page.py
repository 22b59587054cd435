"""A register page: search, filters, a lazy sortable table, totals of the visible rows, and
add / edit / delete-with-undo through the record dialog. Each register subclasses it.

Longer than 400 lines on purpose: the one base class of every register, whose hooks the subclasses override;
its parts (building steps, loading, actions) are short methods, in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.ledger import lists, periods, search_words
from desktop.core.ledger.lists import ListResult, ListSpec, Query
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_int
from desktop.ui.context import AppContext  # noqa: F401 - re-exported: the pages import it from here
from desktop.ui.record_dialog import Field, RecordDialog
from desktop.ui.stale import RefreshOnChange
from desktop.ui.table_model import PAGE, LazyTableModel, setup_view


class ListPage(RefreshOnChange, QWidget):
    title = ""
    spec: ListSpec
    noun = "bản ghi"  # "tổ dân phố", used in buttons and messages
    depends: set[str] = set()  # tables whose changes make this list stale
    editable = True
    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = Query()
        self._stale = True
        self._generation = 0
        self._partial = 0  # the generation whose first page alone is on screen
        self._shown_query: Any = None
        self._undo: tuple[str, list[int]] | None = None

        layout = QVBoxLayout(self)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self._build_bar(layout)
        self._build_chip(layout)
        self._build_table(layout)
        self._build_undo_bar(layout)
        self._build_footer(layout)
        self._connect_keys()
        self._update_buttons()

    def _build_bar(self, layout: QVBoxLayout) -> None:
        """Search, the filter choices, and the buttons (add, edit, delete, the page's own)."""
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm kiếm (gõ không dấu cũng được) — Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Gõ chữ đầu các tiếng theo đúng thứ tự: “nguyen van” hoặc “ng v” tìm Nguyễn Văn…\n"
                               "Dòng khớp tên được xếp trước; ô khớp được tô vàng (ví dụ khớp địa chỉ).")
        self.search.setMinimumWidth(200)
        bar.addWidget(self.search, 2)
        self._build_filters(layout)
        self.buttons: dict[str, QPushButton] = {}
        if self.editable:
            self._add_button("add", "Thêm", self.add_record, "Ctrl+N")
            self.buttons["add"].setToolTip(f"Thêm {self.noun} (Ctrl+N)")
            self._add_button("edit", "Sửa", self.edit_selected, None)
            self._add_button("delete", "Xóa", self.delete_selected, None)
            self.buttons["edit"].setToolTip("Sửa dòng đang chọn (Enter hoặc bấm đúp)")
            self.buttons["delete"].setToolTip("Xóa các dòng đang chọn (Delete) — có thể hoàn tác")
        for key, text, slot in self.extra_actions():
            self._add_button(key, text, slot, None)
        for b in self.buttons.values():
            bar.addWidget(b)
        layout.insertLayout(layout.count() - (1 if self.filter_widgets else 0), bar)

    def _build_filters(self, layout: QVBoxLayout) -> None:
        """The filter choices, on their own row under the search: each shows its whole label ("Tổ dân phố: tất
        cả", not "Tổ dân phố: tất") and the row still fits a 1280 px screen beside the buttons above."""
        self.filter_widgets: dict[str, QComboBox] = {}
        choices = self.filter_choices()
        if not choices:
            return
        row = QHBoxLayout()
        for key, label, items in choices:
            combo = QComboBox()
            combo.setToolTip(label)
            # As wide as its label with "tất cả"; long names of tổ or kỳ show whole in the list that drops down,
            # and do not push the window wider than the screen.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(max(12, len(label) + 9))
            combo.addItem(f"{label}: tất cả", None)
            for value, text in items:
                combo.addItem(text, value)
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
            combo.currentIndexChanged.connect(self._filters_changed)
            self.filter_widgets[key] = combo
            row.addWidget(combo)
        row.addStretch(1)
        layout.addLayout(row)

    def _build_chip(self, layout: QVBoxLayout) -> None:
        """Filters set from another page (e.g. "the contributions of this person") have no combo:
        they are shown here, with a button to drop them."""
        self.chip = QWidget()
        chip_layout = QHBoxLayout(self.chip)
        chip_layout.setContentsMargins(0, 0, 0, 0)
        self.chip_label = QLabel()
        chip_clear = QPushButton("Bỏ lọc")
        chip_clear.clicked.connect(self.clear_hidden_filters)
        chip_layout.addWidget(self.chip_label, 1)
        chip_layout.addWidget(chip_clear)
        self.chip.setStyleSheet("background: #e3f2fd;")
        self.chip.hide()
        layout.addWidget(self.chip)

    def _build_table(self, layout: QVBoxLayout) -> None:
        """The lazy table of the register."""
        self.model = LazyTableModel(self.spec, self.ctx.reader, self)
        self.table = QTableView()
        setup_view(self.table, self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)

    def _build_undo_bar(self, layout: QVBoxLayout) -> None:
        """The bar offering to undo the last deletion, hidden until one."""
        self.undo_bar = QWidget()
        ub = QHBoxLayout(self.undo_bar)
        ub.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel()
        undo_btn = QPushButton("Hoàn tác (Ctrl+Z)")
        undo_btn.clicked.connect(self.undo_delete)
        ub.addWidget(self.undo_label, 1)
        ub.addWidget(undo_btn)
        self.undo_bar.setStyleSheet("background: #fff4ce; padding: 2px;")
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)

    def _build_footer(self, layout: QVBoxLayout) -> None:
        """The totals of the visible rows and the Excel export."""
        foot = QHBoxLayout()
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        foot.addWidget(self.footer, 1)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Ghi danh sách đang hiển thị (theo tìm kiếm, lọc, sắp xếp) ra tệp .xlsx")
        self.export_button.clicked.connect(self.export_xlsx)
        foot.addWidget(self.export_button)
        layout.addLayout(foot)

    def _connect_keys(self) -> None:
        """The search as one types, the keyboard shortcuts, and the answers of the worker."""
        # Short: the first page of a search answers in a few ms, and a query a newer keystroke replaces
        # is abandoned, so waiting longer would only add to the time from keystroke to rows.
        self._search_timer = QTimer(self, singleShot=True, interval=40)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+Z"), self, activated=self.undo_delete)
        if self.editable:
            QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.delete_selected)
            QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.edit_selected)
            QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, activated=self.edit_selected)
        self.ctx.worker.changed.connect(self.on_changes)
        # Connected last: enabling sorting above asks for a sort before the page is built.
        self.model.sort_requested.connect(self._sort)

    # --- what subclasses provide -------------------------------------------------------------
    def filter_choices(self) -> list[tuple[str, str, list[tuple[Any, str]]]]:
        return []

    def extra_actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        return []

    def fields(self, record_id: int | None) -> list[Field]:
        return []

    def service(self) -> Any:
        """The desktop.core module with add/edit/delete/restore for this register."""
        raise NotImplementedError

    def load_values(self, ledger: Ledger, record_id: int) -> dict[str, Any]:
        from desktop.core.ledger import records

        return records.get(ledger, self.spec.table, record_id)

    def prepare_dialog(self, dialog: RecordDialog) -> None:
        """Hook to wire live behaviour between fields (e.g. show land fields for land)."""

    # --- helpers -----------------------------------------------------------------------------
    def _add_button(self, key: str, text: str, slot: Callable[[], None], shortcut: str | None) -> None:
        b = QPushButton(text + (f" ({shortcut})" if shortcut else ""))
        b.clicked.connect(slot)
        if shortcut:
            QShortcut(QKeySequence(shortcut), self, activated=slot)
        self.buttons[key] = b

    def _update_buttons(self) -> None:
        n = len(self.selected_ids())
        for key in ("edit",):
            if key in self.buttons:
                self.buttons[key].setEnabled(n == 1)
        if "delete" in self.buttons:
            self.buttons["delete"].setEnabled(n >= 1)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [rid for r in rows if (rid := self.model.row_id(r)) is not None]

    def set_filter(self, key: str, value: Any) -> None:
        combo = self.filter_widgets.get(key)
        if combo is None:
            self.query.filters[key] = value
            return
        i = combo.findData(value)
        if i < 0 and value is not None:
            combo.addItem(str(value), value)
            i = combo.count() - 1
        combo.setCurrentIndex(max(i, 0))

    def hidden_filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.query.filters.items() if k not in self.filter_widgets and v not in (None, "")}

    def describe_hidden_filter(self, key: str, value: Any) -> str:
        return f"{key} = {value}"

    def clear_hidden_filters(self) -> None:
        for key in list(self.hidden_filters()):
            self.query.filters.pop(key)
        self.refresh()

    def _filters_changed(self) -> None:
        self.refresh()

    def _sort(self, key: str, descending: bool) -> None:
        self.query.sort, self.query.descending = key, descending
        self.refresh()

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask the worker for the ids and totals; the newest answer wins.

        A new search, filter or order first paints its first page (one LIMIT query, a few ms on
        100,000 rows), then the full list and totals fill in behind it without moving the view.
        A refresh after an edit swaps in the full answer directly, so the rows stay where they were."""
        self.query.search = self.search.text()
        for key, combo in self.filter_widgets.items():
            self.query.filters[key] = combo.currentData()
        self._generation += 1
        generation = self._generation
        query = Query(self.query.search, dict(self.query.filters), self.query.sort, self.query.descending)
        shown = (query.search, sorted(query.filters.items(), key=lambda kv: kv[0]), query.sort, query.descending)
        fresh = shown != self._shown_query
        self._shown_query = shown
        self.footer.setText("Đang tải…")
        hidden = self.hidden_filters()
        self.chip.setVisible(bool(hidden))
        self.chip_label.setText("Đang lọc: " + "; ".join(self.describe_hidden_filter(k, v) for k, v in hidden.items()))

        def outdated() -> bool:  # read on the worker thread: a newer keystroke replaced this query
            return generation != self._generation

        if fresh:
            self.ctx.worker.submit(lists.unless_outdated(lists.first_page, outdated), self.spec, query, PAGE,
                                   success=lambda ids: self._first_page(generation, ids))
        self.ctx.worker.submit(lists.unless_outdated(lists.run, outdated), self.spec, query,
                               success=lambda r: self._loaded(generation, r))
        self._stale = False

    def _first_page(self, generation: int, ids: list[int] | None) -> None:
        if ids is None or generation != self._generation:
            return
        self.model.set_search(self.query.search)  # the newest query's: which field matched, per row
        self.model.set_ids(ids)
        self._partial = generation

    def _loaded(self, generation: int, result: ListResult | None) -> None:
        if result is None or generation != self._generation:
            return  # an older search answered after a newer one was sent
        if self._partial == generation:
            self.model.extend_ids(result.ids)  # the first page is on screen: keep view and selection
        else:
            keep = self.selected_ids()
            self.model.set_search(self.query.search)
            self.model.set_ids(result.ids)
            if keep:
                row = self.model.row_of(keep[0])
                if row is not None:
                    self.table.selectRow(row)
        self._partial = 0
        parts = [f"{format_int(len(result.ids))} {self.noun}"]
        if result.matched:  # "(57 khớp họ tên, 22 khớp địa chỉ)": name matches are listed first
            parts[0] += f" ({search_words.describe(self.spec.search, result.matched)})"
        for key, value in result.totals.items():
            col = self.spec.column(key)
            parts.append(f"{col.header}: {lists.format_total(col, value)}")
        self.footer.setText("Đang hiển thị " + " · ".join(parts))
        self._update_buttons()
        self.refreshed.emit()

    def watched_tables(self) -> set[str]:
        return self.depends | {self.spec.table}

    # --- actions -----------------------------------------------------------------------------
    def _open_dialog(self, record_id: int | None, values: dict[str, Any] | None) -> RecordDialog:
        title = f"Thêm {self.noun}" if record_id is None else f"Sửa {self.noun}"
        svc = self.service()

        def save(vals: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            if record_id is None:
                job = lambda ledger, v: Changes().add(self.spec.table, svc.add(ledger, v))  # noqa: E731
                self.ctx.worker.submit(job, vals, success=ok, failure=failed)
            else:
                self.ctx.worker.submit(svc.edit, record_id, vals, success=ok, failure=failed)

        dialog = RecordDialog(self, title, self.fields(record_id), values, save)
        self.prepare_dialog(dialog)
        return dialog

    def add_record(self) -> None:
        dialog = self._open_dialog(None, self.new_values())
        if dialog.exec() and isinstance(dialog.result_value, Changes):
            new_ids = dialog.result_value.ids.get(self.spec.table, set())
            self._select_after_refresh(next(iter(new_ids), None))

    def new_values(self) -> dict[str, Any]:
        return {}

    def _select_after_refresh(self, record_id: int | None) -> None:
        if record_id is None:
            return

        def select() -> None:
            self.refreshed.disconnect(select)
            row = self.model.row_of(record_id)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

        self.refreshed.connect(select)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1 or not self.editable:
            return
        record_id = ids[0]
        self.ctx.worker.submit(
            self.load_values, record_id, success=lambda values: self._open_dialog(record_id, values).exec()
        )

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or not self.editable:
            return
        svc = self.service()

        def job(ledger: Ledger) -> Changes:
            changes = Changes()
            with ledger.transaction():  # several rows: all deleted or none
                for rid in ids:
                    changes.merge(svc.delete(ledger, rid))
            return changes

        def done(_c: Changes) -> None:
            what = f"{len(ids)} {self.noun}" if len(ids) > 1 else f"1 {self.noun}"
            self._undo = ("delete", ids)
            self.undo_label.setText(f"Đã xóa {what}. Dữ liệu vẫn được giữ trong sổ và có thể hoàn tác.")
            self.undo_bar.show()

        self.ctx.worker.submit(job, success=done)

    def export_xlsx(self) -> None:
        from desktop.ui import file_dialogs

        path = file_dialogs.save_file(self, "export", "Xuất Excel", f"{self.title}.xlsx", "Excel (*.xlsx)")
        if path:
            self.export_to(str(path))

    def export_to(self, path: str) -> None:
        query = replace(self.query, filters=dict(self.query.filters))
        self.ctx.worker.submit(lists.export_xlsx, self.spec, query, path, self.title,
                               success=lambda n: self.footer.setText(f"Đã xuất {format_int(n)} dòng ra {path}"))

    def undo_delete(self) -> None:
        if not self._undo:
            return
        _kind, ids = self._undo
        svc = self.service()

        def job(ledger: Ledger) -> Changes:
            changes = Changes()
            with ledger.transaction():
                for rid in ids:
                    changes.merge(svc.restore(ledger, rid))
            return changes

        self._undo = None
        self.undo_bar.hide()
        self.ctx.worker.submit(job, success=lambda _c: self._select_after_refresh(ids[0]))


def period_choices(unit: dict[str, Any]) -> list[tuple[Any, str]]:
    start = unit.get("period_start") or "01-01"
    return [((p.start, p.end), p.label[0].upper() + p.label[1:]) for p in periods.choices(period_start=start)]
