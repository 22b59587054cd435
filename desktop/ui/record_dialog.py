"""One dialog for adding and editing any record, built from a list of fields.

The dialog only collects what the clerk typed; the service in desktop.core validates it, and
each problem it finds is shown in red under its field. Enter saves, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.ui import screen_fit
from desktop.ui.messages import show_error
from desktop.ui.record_fields import Choices, Field, Picker, display, example_placeholder, looks_corrected
from desktop.ui.table_model import lock_icon

__all__ = ["Choices", "Field", "Picker", "RecordDialog"]  # the fields are declared with the dialog's names


def _section_box(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A box of fields. A long title's explanation in brackets ("Thông tin cá nhân (Nghị định 13/2023 …)") goes
    under the title as a wrapping line: a group box title never wraps and would widen the form past the screen."""
    head, note = title, ""
    if len(title) > 48 and title.endswith(")") and " (" in title:
        head, note = title[:-1].split(" (", 1)
    box = QGroupBox(head)
    form = QFormLayout(box)
    if note:
        label = QLabel(note[0].upper() + note[1:] + ".")
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        form.addRow(label)
    return box, form


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
        self._watch_corrections()
        self.read_only = False
        self._focused_once = False
        # Wide enough for its widest row; no taller than the free area of the screen (1366×768 has 728 px
        # above the taskbar): the fields scroll.
        screen_fit.fit_size(self, max(640, self.sizeHint().width()), min(720, 140 + 58 * len(fields)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._focused_once:  # Ctrl+N then typing fills the first field, not nothing
            self._focused_once = True
            self.focus_first_field()

    def first_field(self) -> QWidget | None:
        """The first field the clerk can type in: enabled, not in a hidden section, not read-only."""
        for f in self.fields:
            w = self.widgets[f.key]
            if w.isEnabled() and not w.isHidden() and (not self.isVisible() or w.isVisibleTo(self)):
                if not (isinstance(w, QLineEdit | QPlainTextEdit) and w.isReadOnly()):
                    return w
        return None

    def focus_first_field(self) -> None:
        w = self.first_field()
        if w is not None:
            w.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.read_only:
            self.close_button.setFocus()

    # --- building ---------------------------------------------------------------------------
    def _build_banner(self, outer: QVBoxLayout) -> None:
        """The red line on top saying why the record was not saved, hidden until then."""
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b00020; font-weight: bold;")
        self.banner.hide()
        outer.addWidget(self.banner)
        self._unplaced: list[str] = []
        # Why the record is read-only (set by set_read_only): a padlock and the text, in a yellow box.
        self.lock_box = QFrame()
        self.lock_box.setObjectName("lockBanner")
        self.lock_box.setStyleSheet("#lockBanner { background: #fff4ce; border: 1px solid #e0c060; }")
        row = QHBoxLayout(self.lock_box)
        row.setContentsMargins(8, 6, 8, 6)
        icon = QLabel()
        icon.setPixmap(lock_icon().pixmap(16, 16))
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.lock_banner = QLabel()
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.lock_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.lock_banner, 1)
        self.lock_box.hide()
        outer.addWidget(self.lock_box)

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
                    box, forms[f.section] = _section_box(f.section)
                    self.sections[f.section] = box
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
        # The fields are never cut at the right edge: the dialog is as wide as the widest row needs (the screen
        # permitting), since the horizontal scroll bar is off.
        scroll.setMinimumWidth(min(body.minimumSizeHint().width() + 24, screen_fit.largest_size(self)[0] - 24))
        outer.addWidget(scroll)

    def _build_buttons(self, outer: QVBoxLayout) -> None:
        """Save and cancel, with the note on the required fields and the keys."""
        self.note = note = QLabel("Ô có dấu * là bắt buộc. Enter: lưu · Esc: hủy.")
        note.setStyleSheet("color: #555;")
        outer.addWidget(note)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.close_button = self.buttons.buttons()[-1]
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
            w.setPlaceholderText(f.placeholder or example_placeholder(f.kind, f.label))
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
                w.setText(display(f.kind, value))

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

    # --- corrections and read-only -----------------------------------------------------------
    def _watch_corrections(self) -> None:
        """A red message goes away as soon as its field holds a value that could be right."""
        for f in self.fields:
            w = self.widgets[f.key]
            recheck = lambda *_a, f=f: self._recheck(f)  # noqa: E731
            if isinstance(w, QComboBox):
                w.currentIndexChanged.connect(recheck)
            elif isinstance(w, QListWidget):
                w.itemChanged.connect(recheck)
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(recheck)
            elif isinstance(w, QLineEdit):
                w.textChanged.connect(recheck)
                if isinstance(w, Picker):  # a person is chosen after the text is set: check again then
                    w.completer().activated.connect(recheck)

    def _recheck(self, f: Field) -> None:
        label = self.error_labels[f.key]
        if label.isHidden() or not looks_corrected(f, self.values().get(f.key)):
            return
        label.hide()
        if all(e.isHidden() for e in self.error_labels.values()) and not self._unplaced:
            self.banner.hide()

    def set_read_only(self, message: str) -> None:
        """Show the record without letting it change (a contribution of a locked period): every field can be read
        and copied but not edited, Lưu is gone, and `message` says why and how to unlock."""
        self.read_only = True
        for w in self.widgets.values():
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.setReadOnly(True)
                w.setPlaceholderText("")
            else:
                w.setEnabled(False)
        for button in self.findChildren(QPushButton):
            if button.parent() is not self.buttons:  # e.g. "Thêm người mới…" beside a field
                button.setEnabled(False)
        self.save_button.hide()
        self.save_button.setEnabled(False)  # Enter and Ctrl+S do nothing
        for button in self.buttons.buttons():
            if self.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                button.setText("Đóng")
                button.setDefault(True)
                self.close_button = button
        # Read-only fields look it (grey), yet their text can still be selected and copied.
        self.setStyleSheet("QLineEdit:read-only, QPlainTextEdit[readOnly=\"true\"] { background: #f0f0f0; }")
        self.lock_banner.setText(message)
        self.lock_box.show()
        self.note.setText("Chỉ xem: bản ghi này không sửa được. Esc: đóng.")
        self.setWindowTitle(self.windowTitle().replace("Sửa ", "Xem ", 1) + " (đã khóa)")

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
        unplaced = self._unplaced = [msg for key, msg in errors.items() if key not in self.error_labels]
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
