"""One dialog for adding and editing any record, built from a list of fields.

The dialog only collects what the clerk typed; the service in desktop.core validates it, and
each problem it finds is shown in red under its field. Enter saves, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.ui.messages import show_error

Choices = list[tuple[Any, str]]


@dataclass
class Field:
    key: str
    label: str
    kind: str = "text"  # text | multiline | int | number | money | date | choice | picker | checklist
    required: bool = False
    choices: Choices | Callable[[], Choices] | None = None
    placeholder: str = ""
    hint: str = ""
    section: str = ""  # fields with the same section are grouped in a box
    search: Callable[[str], Choices] | None = None  # for "picker": (id, label) matching the text
    extra: dict[str, Any] = field(default_factory=dict)


def _display(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "date":
        return format_date(value)
    if kind in ("int", "money"):
        return format_int(int(value))
    if kind == "number":
        return format_decimal(float(value), 2, trim=True)
    return str(value)


class Picker(QLineEdit):
    """Type part of a name (accents optional) and pick from the matches the database returns."""

    def __init__(self, search: Callable[[str], Choices], parent: QWidget | None = None):
        super().__init__(parent)
        self._search = search
        self._ids: dict[str, Any] = {}
        self.value: Any = None
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._refresh)
        self.textEdited.connect(lambda _t: (setattr(self, "value", None), self._timer.start()))
        self.on_change: Callable[[Any], None] | None = None

    def _refresh(self) -> None:
        results = self._search(self.text())
        self._ids = {label: rid for rid, label in results}
        self._model.setStringList([label for _rid, label in results])
        if results:
            self.completer().complete()

    def _chosen(self, label: str) -> None:
        self.value = self._ids.get(label)
        if self.on_change:
            self.on_change(self.value)

    def set_value(self, value: Any, label: str) -> None:
        self.value = value
        self.setText(label)


class RecordDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: list[Field],
        values: dict[str, Any] | None,
        save: Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None],
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.fields = fields
        self._save = save
        self.widgets: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.result_value: Any = None

        outer = QVBoxLayout(self)
        self._build_banner(outer)
        self._build_scroll(outer, self._build_fields(fields))
        self._build_buttons(outer)

        if values:
            self.set_values(values)
        self.resize(640, min(720, 140 + 58 * len(fields)))

    # --- building ---------------------------------------------------------------------------
    def _build_banner(self, outer: QVBoxLayout) -> None:
        """The red line on top saying why the record was not saved, hidden until then."""
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b00020; font-weight: bold;")
        self.banner.hide()
        outer.addWidget(self.banner)

    def _build_fields(self, fields: list[Field]) -> QWidget:
        """The fields, in their sections (a box each) or loose, in order."""
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        forms: dict[str, QFormLayout] = {}
        self.sections: dict[str, QGroupBox] = {}
        for f in fields:
            if f.section not in forms:
                if f.section:
                    box = QGroupBox(f.section)
                    self.sections[f.section] = box
                    forms[f.section] = QFormLayout(box)
                    body_layout.addWidget(box)
                else:
                    holder = QWidget()
                    forms[""] = QFormLayout(holder)
                    forms[""].setContentsMargins(0, 0, 0, 0)
                    body_layout.addWidget(holder)
            self._build_row(forms[f.section], f)
        body_layout.addStretch(1)
        return body

    def _build_row(self, form: QFormLayout, f: Field) -> None:
        """One field: its label, its widget, the red message under it, and its hint."""
        widget = self._make_widget(f)
        self.widgets[f.key] = widget
        cell = QWidget()
        v = QVBoxLayout(cell)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(widget)
        err = QLabel()
        err.setStyleSheet("color: #b00020;")
        err.setWordWrap(True)
        err.hide()
        self.error_labels[f.key] = err
        v.addWidget(err)
        if f.hint:
            hint = QLabel(f.hint)
            hint.setStyleSheet("color: #555;")
            hint.setWordWrap(True)
            v.addWidget(hint)
        label = QLabel(f.label + (" *" if f.required else ""))
        label.setBuddy(widget)
        form.addRow(label, cell)

    def _build_scroll(self, outer: QVBoxLayout, body: QWidget) -> None:
        """The fields scroll when the form is taller than the screen."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Long messages wrap under their field instead of widening the form sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    def _build_buttons(self, outer: QVBoxLayout) -> None:
        """Save and cancel, with the note on the required fields and the keys."""
        note = QLabel("Ô có dấu * là bắt buộc. Enter: lưu · Esc: hủy.")
        note.setStyleSheet("color: #555;")
        outer.addWidget(note)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)

    # --- widgets -----------------------------------------------------------------------------
    def _make_widget(self, f: Field) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setFixedHeight(64)
            return w
        if f.kind == "choice":
            combo = QComboBox()
            choices = f.choices() if callable(f.choices) else (f.choices or [])
            if not f.required:
                combo.addItem("", None)
            for value, text in choices:
                combo.addItem(text, value)
            return combo
        if f.kind == "picker":
            assert f.search is not None
            w = Picker(f.search)
            w.setPlaceholderText(f.placeholder or "Gõ vài chữ của tên (không cần dấu) rồi chọn")
            return w
        if f.kind == "checklist":
            lw = QListWidget()
            choices = f.choices() if callable(f.choices) else (f.choices or [])
            for value, text in choices:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                lw.addItem(item)
            lw.setFixedHeight(110)
            return lw
        w = QLineEdit()
        if f.kind == "date":
            w.setPlaceholderText(f.placeholder or "ngày/tháng/năm")
            w.setMaximumWidth(140)
        elif f.kind in ("int", "number", "money"):
            w.setPlaceholderText(f.placeholder)
            w.setAlignment(Qt.AlignmentFlag.AlignRight)
            w.setMaximumWidth(220)
        else:
            w.setPlaceholderText(f.placeholder)
        return w

    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            if f.key not in values:
                continue
            w, value = self.widgets[f.key], values[f.key]
            if isinstance(w, QComboBox):
                i = w.findData(value)
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, Picker):
                w.set_value(value, values.get(f"{f.key}__label", ""))
            elif isinstance(w, QListWidget):
                chosen = set(value or [])
                for i in range(w.count()):
                    item = w.item(i)
                    checked = item.data(Qt.ItemDataRole.UserRole) in chosen
                    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText("" if value is None else str(value))
            elif isinstance(w, QLineEdit):
                w.setText(_display(f.kind, value))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if not w.isEnabled() and f.extra.get("skip_disabled"):
                continue
            if isinstance(w, QComboBox):
                out[f.key] = w.currentData()
            elif isinstance(w, Picker):
                out[f.key] = w.value
            elif isinstance(w, QListWidget):
                out[f.key] = [
                    w.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(w.count())
                    if w.item(i).checkState() == Qt.CheckState.Checked
                ]
            elif isinstance(w, QPlainTextEdit):
                out[f.key] = w.toPlainText()
            elif isinstance(w, QLineEdit):
                out[f.key] = w.text()
        return out

    # --- saving ------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, label in self.error_labels.items():
            if key in errors:
                label.setText(errors[key])
                label.show()
                first = first or self.widgets[key]
            else:
                label.hide()
        unplaced = [msg for key, msg in errors.items() if key not in self.error_labels]
        self.banner.setText("Chưa lưu được — hãy sửa các ô báo đỏ." + ("\n" + "\n".join(unplaced) if unplaced else ""))
        self.banner.show()
        if first is not None:
            first.setFocus()

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.save_button.setEnabled(False)

        def ok(result: Any) -> None:
            self.result_value = result
            self.save_button.setEnabled(True)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError):
                self.show_errors(exc.errors)
            else:
                show_error(self, exc)

        self._save(self.values(), ok, failed)
