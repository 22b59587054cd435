from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    from desktop.app import run

    _app, win = run(str(demo_path))
    assert win is not None
    qtbot.addWidget(win)
    yield win
    win.ctx.worker.wait_idle()
    win.ctx.worker.close()
    win.ctx.reader.close()


def settle(qtbot: QtBot, win: MainWindow) -> None:
    """Let every queued database job run and deliver its answer."""
    for _ in range(3):
        win.ctx.worker.wait_idle()
        qtbot.wait(30)


@pytest.fixture(autouse=True)
def _no_modal_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody expected would block an offscreen test forever: fail fast instead,
    with its text. Tests that expect one patch QMessageBox's static helpers themselves."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(self: QMessageBox) -> int:
        raise AssertionError(f"unexpected message box: {self.text()}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
