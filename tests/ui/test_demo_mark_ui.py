"""The demo says so where a person looks (issue 18): the title bar, the status bar, and before anything is issued
from it — a real ledger's window and dialogs say nothing of the kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import setup
from desktop.ui import issue_dialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.awards import documents_tab
from tests.conftest import UNIT


@pytest.fixture
def real_window(qtbot: QtBot, ledger_path: Path) -> Iterator[MainWindow]:
    from desktop.app import run

    led = open_ledger(ledger_path, user=UNIT["user_name"])
    setup.initialize(led, UNIT)
    led.close()
    _app, win = run(str(ledger_path))
    assert win is not None
    qtbot.addWidget(win)
    yield win
    win.ctx.worker.wait_idle()
    win.ctx.worker.close()
    win.ctx.reader.close()


def test_the_demo_window_says_so_in_its_title_and_status_bar(window: MainWindow) -> None:
    assert window.ctx.unit["name"] in window.windowTitle() and "SỔ MẪU" in window.windowTitle()
    assert not window.demo_label.isHidden() and window.demo_label.text().startswith("SỔ MẪU")
    assert "Tạo sổ mới" in window.demo_label.text()


def test_a_real_ledgers_window_does_not(real_window: MainWindow) -> None:
    assert real_window.windowTitle().endswith(UNIT["name"]) and "MẪU" not in real_window.windowTitle()
    assert real_window.demo_label.isHidden() and real_window.demo_label.text() == ""


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def warning(_parent: QWidget, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return asked


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_issuing_from_the_demo_asks_first(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                          answer: QMessageBox.StandardButton) -> None:
    asked = _answer(monkeypatch, answer)
    dialog = documents_tab.IssueDialog(window, "Quyết định khen thưởng", "QĐ", "UBND", window.ctx.reader)
    qtbot.addWidget(dialog)
    note = dialog.findChild(QWidget, "demo_note")
    assert note is not None and "sổ mẫu" in note.text() and "SỔ MẪU" in note.text()
    dialog.accept()
    assert len(asked) == 1 and "Đây là sổ mẫu" in asked[0] and "giả định" in asked[0]
    expected = QDialog.DialogCode.Accepted if answer == QMessageBox.StandardButton.Yes else QDialog.DialogCode.Rejected
    assert dialog.result() == expected

    base = issue_dialog.IssueDialogBase(window, title="Ban hành báo cáo", subject="Báo cáo", kind="BC",
                                        unit=window.ctx.unit, reader=window.ctx.reader, date=QDate(2026, 7, 1),
                                        missing_signer="")
    qtbot.addWidget(base)
    assert base.findChild(QWidget, "demo_note") is not None
    base.accept()
    assert len(asked) == 2 and base.result() == expected


def test_issuing_from_a_real_ledger_asks_nothing(qtbot: QtBot, real_window: MainWindow,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog = documents_tab.IssueDialog(real_window, "Quyết định khen thưởng", "QĐ", "UBND", real_window.ctx.reader)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QWidget, "demo_note") is None
    dialog.accept()
    assert asked == [] and dialog.result() == QDialog.DialogCode.Accepted


def test_after_tao_so_moi_the_real_ledger_loses_the_mark(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Tệp → Tạo sổ mới… swaps a new ledger in (reopen_after): the title and status bar follow the new file."""
    from desktop.core.ledger import safety

    fresh = tmp_path / "moi.sqlite"
    led = open_ledger(fresh, user=UNIT["user_name"])
    setup.initialize(led, UNIT)
    led.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    led.close()
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: QMessageBox.StandardButton.Ok)
    assert "SỔ MẪU" in window.windowTitle()
    window.reopen_after(lambda path, user: safety.start_new_ledger(path, fresh, user))
    assert window.ctx.unit["name"] == UNIT["name"]
    assert "MẪU" not in window.windowTitle() and window.demo_label.isHidden()
