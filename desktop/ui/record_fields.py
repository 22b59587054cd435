"""The fields of the record dialog: how each is declared (`Field`), shown, given an example, and the picker that
finds a person as the clerk types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.core.text.vnformat import format_date, format_decimal, format_int, parse_date, parse_number

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


# What a clerk would type, by kind of field: a sum of money is written with thousands points, never "120,5".
_EXAMPLES = {"money": "Ví dụ: 2.000.000", "int": "Ví dụ: 3", "number": "Ví dụ: 12,5"}
# Quantities whose unit the label names ("Diện tích (m²)"): the example shows the unit too.
_UNIT_EXAMPLES = {"m²": "Ví dụ: 120,5 (m²)", "m": "Ví dụ: 12,5 (m)", "đồng": "Ví dụ: 2.000.000",
                  "ngày công": "Ví dụ: 3 (ngày công)", "ngày": "Ví dụ: 3"}


def example_placeholder(kind: str, label: str = "", unit: str | None = None) -> str:
    """The grey example in an empty number field: by its unit (given, or the one in brackets at the end of the
    label, e.g. "(m²)"), else by its kind; "" for fields that are not numbers."""
    if unit is None and label.rstrip().endswith(")") and "(" in label:
        unit = label.rstrip()[:-1].rsplit("(", 1)[1].strip()
    if unit in _UNIT_EXAMPLES:
        return _UNIT_EXAMPLES[unit]
    if unit and kind == "number":
        return f"Ví dụ: 5 ({unit})"
    return _EXAMPLES.get(kind, "")


def display(kind: str, value: Any) -> str:
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

def looks_corrected(f: Field, value: Any) -> bool:
    """Whether a field whose value was refused now holds something that could be accepted: filled when required, a
    readable number or date. The service still checks everything when the clerk saves."""
    blank = value is None or value == [] or (isinstance(value, str) and not value.strip())
    if blank:
        return not f.required
    try:
        if f.kind in ("int", "number", "money"):
            parse_number(str(value))
        elif f.kind == "date":
            parse_date(str(value))
    except ValueError:
        return False
    return True
