"""The add/edit dialogs as a clerk uses them by keyboard: Ctrl+N then typing fills the first field, a red message
goes away once its field is corrected, and each number field's example is of its kind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[list[RecordDialog]]:
    """Record dialogs opened by an action: shown and left open (exec would block the test)."""
    dialogs: list[RecordDialog] = []

    def exec_(self: RecordDialog) -> int:
        qtbot.addWidget(self)
        self.show()
        self.activateWindow()
        qtbot.waitUntil(lambda: self.focusWidget() is not None, timeout=1000)
        dialogs.append(self)
        return 0

    monkeypatch.setattr(RecordDialog, "exec", exec_)
    yield dialogs
    for dialog in dialogs:  # a person search the typing started must not run after the ledger is closed
        for timer in dialog.findChildren(QTimer):
            timer.stop()
        dialog.close()


@pytest.mark.parametrize(("key", "first"), [("groups", "name"), ("contributors", "name"), ("works", "name"),
                                            ("contributions", "contributor_id")])
def test_ctrl_n_then_typing_fills_the_first_field(
        qtbot: QtBot, window: MainWindow, opened: list[RecordDialog], key: str, first: str) -> None:
    window.show()
    window.navigate(key, {})
    settle(qtbot, window)
    page: Any = window.pages[key]
    page.add_record()  # what Ctrl+N and the "Thêm (Ctrl+N)" button do
    (dialog,) = opened
    field = dialog.widgets[first]
    assert dialog.focusWidget() is field
    assert isinstance(field, QLineEdit)
    QTest.keyClicks(dialog.focusWidget(), "Tran Van Binh")
    assert field.text() == "Tran Van Binh"


def test_enter_after_typing_the_name_does_not_say_it_is_empty(
        qtbot: QtBot, window: MainWindow, opened: list[RecordDialog]) -> None:
    window.show()
    window.navigate("groups", {})
    settle(qtbot, window)
    window.pages["groups"].add_record()  # type: ignore[attr-defined]
    (dialog,) = opened
    QTest.keyClicks(dialog.focusWidget(), "To 99")  # QTest types ASCII only
    enter = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    QApplication.sendEvent(dialog.focusWidget(), enter)  # Enter in the field: the dialog's default button, Lưu
    settle(qtbot, window)
    assert not dialog.error_labels["name"].isVisibleTo(dialog)
    assert dialog.result_value is not None  # saved


def test_the_unit_form_and_a_target_start_in_their_first_field(
        qtbot: QtBot, window: MainWindow, opened: list[RecordDialog]) -> None:
    window.show()
    for key, action in (("settings", "edit_unit"), ("report", "edit_target")):
        window.navigate(key, {})
        settle(qtbot, window)
        getattr(window.pages[key], action)(**({"new": True} if action == "edit_target" else {}))
    unit_dialog, target_dialog = opened
    assert unit_dialog.focusWidget() is unit_dialog.widgets["name"]
    assert target_dialog.focusWidget() is target_dialog.first_field()
    assert target_dialog.first_field() is target_dialog.widgets[target_dialog.fields[0].key]


def test_a_red_message_goes_away_when_its_field_is_corrected(qtbot: QtBot, window: MainWindow) -> None:
    page: Any = window.page("groups")
    settle(qtbot, window)
    dialog = page._open_dialog(None, {})
    qtbot.addWidget(dialog)
    dialog.show()
    households, name = dialog.widgets["households"], dialog.widgets["name"]
    households.setText("ba trăm")
    dialog.submit()
    settle(qtbot, window)
    assert dialog.error_labels["households"].isVisibleTo(dialog)
    assert dialog.error_labels["name"].isVisibleTo(dialog)
    households.setText("ba")  # still not a number: the message stays
    assert dialog.error_labels["households"].isVisibleTo(dialog)
    households.setText("300")
    assert not dialog.error_labels["households"].isVisibleTo(dialog)
    assert dialog.banner.isVisibleTo(dialog)  # the name is still empty
    name.setText("Tổ dân phố 99")
    assert not dialog.error_labels["name"].isVisibleTo(dialog)
    assert not dialog.banner.isVisibleTo(dialog)


def test_each_number_field_shows_an_example_of_its_kind(qtbot: QtBot, window: MainWindow) -> None:
    page: Any = window.page("contributions")
    dialog = page._open_dialog(None, page.new_values())
    qtbot.addWidget(dialog)
    kind, quantity = dialog.widgets["kind"], dialog.widgets["quantity"]
    assert isinstance(kind, QComboBox) and isinstance(quantity, QLineEdit)
    shown = {}
    for code in ("land", "money", "labour"):
        kind.setCurrentIndex(kind.findData(code))
        shown[code] = quantity.placeholderText()
    assert shown == {"land": "Ví dụ: 120,5 (m²)", "money": "Ví dụ: 2.000.000", "labour": "Ví dụ: 3 (ngày công)"}
    works: Any = window.page("works")
    work_dialog = works._open_dialog(None, works.new_values())
    qtbot.addWidget(work_dialog)
    money = work_dialog.widgets["budget_state_vnd"]
    assert isinstance(money, QLineEdit) and money.placeholderText() == "Ví dụ: 2.000.000"


def test_choosing_the_person_clears_the_red_message_of_the_picker(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.ui.record_dialog import Picker

    page: Any = window.page("contributions")
    dialog = page._open_dialog(None, page.new_values())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.submit()
    settle(qtbot, window)
    label = dialog.error_labels["contributor_id"]
    assert label.isVisibleTo(dialog)
    picker = dialog.widgets["contributor_id"]
    assert isinstance(picker, Picker)
    picker.setText("nguyen")  # typed, not yet chosen: still wrong
    assert label.isVisibleTo(dialog)
    picker._refresh()  # the matches the database returns as the clerk types
    first = picker._model.stringList()[0]
    picker.completer().activated.emit(first)  # picked from the list
    assert picker.value is not None
    assert not label.isVisibleTo(dialog)
