"""Start-up loads what the first screen needs and no more (issue 22: start-up ≤ 2× a bare PySide6 window).

The list pages, the record dialog and the lazy table model are loaded the first time a list is opened; the
screen-fitting filter, called from Qt for every event of the application, is installed once the main window is
on screen (its first calls cost ~40 ms), and still before any dialog can open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]
LATE = ("desktop.ui.list_page", "desktop.ui.record_dialog", "desktop.ui.table_model", "desktop.core.ledger.lists")


def test_importing_the_app_does_not_load_the_list_pages() -> None:
    code = ("import sys, desktop.app\n"
            f"print(','.join(m for m in {LATE!r} if m in sys.modules))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    assert out.stdout.strip() == "", f"loaded at start-up: {out.stdout.strip()}"


def test_the_first_list_page_loads_them(qtbot: QtBot, demo_path: Path) -> None:
    from desktop.app import run

    _app, win = run(str(demo_path))
    assert win is not None
    qtbot.addWidget(win)
    try:
        win.navigate("contributions", {})
        page = win.page("contributions")
        from desktop.ui.list_page import ListPage

        assert isinstance(page, ListPage)
        win.navigate("contributors", {"group_id": 1})  # filters on a list page: navigate's ListPage branch
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()


def test_the_screen_filter_is_installed_after_the_window_shows(qtbot: QtBot, demo_path: Path) -> None:
    import desktop.app as app_module
    from desktop.ui import screen_fit

    calls: list[bool] = []
    original = screen_fit.install

    def spy() -> None:
        calls.append(bool(win is not None and win.isVisible()))
        original()

    screen_fit.install = spy
    win = None
    try:
        _app, win = app_module.run(str(demo_path))
        assert win is not None
        qtbot.addWidget(win)
        assert calls == []  # not during start-up
        qtbot.waitUntil(lambda: bool(calls))  # the first turn of the event loop
        assert calls == [True]
        assert QApplication.instance().property("thidua_screen_fit")
    finally:
        screen_fit.install = original
        if win is not None:
            win.ctx.worker.wait_idle()
            win.ctx.worker.close()
            win.ctx.reader.close()
