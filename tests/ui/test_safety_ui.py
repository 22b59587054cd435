"""One window per ledger, and backup/restore as a clerk does it from Cài đặt."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import groups
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def test_second_start_brings_the_first_window_forward(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    from desktop import app as app_module

    with qtbot.waitSignal(window.instance.activate_requested, timeout=3000):
        with pytest.raises(app_module.AlreadyOpen):
            app_module.run(str(demo_path))


def test_a_file_double_clicked_while_open_is_handed_to_the_running_window(
        qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import app as app_module

    opened: list[tuple[MainWindow, Path]] = []
    monkeypatch.setattr(app_module, "open_package", lambda win, path: opened.append((win, path)))
    package = tmp_path / "Ổ USB" / "21580_2026-H1.thidua"  # a Vietnamese folder name travels intact
    package.parent.mkdir()
    package.write_bytes(b"x")
    with qtbot.waitSignal(window.instance.open_requested, timeout=3000):
        with pytest.raises(app_module.AlreadyOpen):
            app_module.run(str(demo_path), package=package)
    assert opened == [(window, package.resolve())]


def test_backup_now_then_restore(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    from desktop.ui import backup_actions

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a, **_k: asked.append(text) or QMessageBox.StandardButton.Yes)
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    backup_actions.backup_now(window, window, to_folder=True)
    settle(qtbot, window)
    copies = list(usb.iterdir())
    assert len(copies) == 1 and "Đã sao lưu" in shown[-1]

    # A change after the backup, then the restore brings the ledger back to the backup.
    writer = open_ledger(window.ctx.reader.path, user="test")
    groups.add(writer, {"name": "Tổ dân phố Sau Sao Lưu"})
    writer.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(copies[0]), ""))
    backup_actions.restore(window, window)
    settle(qtbot, window)
    assert "Đã khôi phục" in shown[-1]
    # The preview names what the backup holds in words: "6 tổ dân phố, 539 người đóng góp, …".
    assert " tổ dân phố, " in asked[-1] and " khoản đóng góp" in asked[-1] and "contributions" not in asked[-1]
    names = [r[0] for r in window.ctx.reader.conn.execute("SELECT name FROM groups")]
    assert "Tổ dân phố Sau Sao Lưu" not in names
    window.navigate("groups", {})
    settle(qtbot, window)
    assert window.pages["groups"].model.rowCount() == len(names)  # type: ignore[attr-defined]


def test_damaged_ledger_found_at_start_and_replaced_by_newest_good_backup(
        qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import app as app_module
    from desktop.core.ledger import safety

    led = open_ledger(demo_path)
    groups_before = led.conn.execute("SELECT count(*) FROM groups").fetchone()[0]
    safety.backup_now(led)
    led.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    led.close()
    data = bytearray(demo_path.read_bytes())
    page = 4096
    for start in range(page * 3, len(data) - page, page * 7):  # scribble over many pages, not the header
        data[start + 100:start + 400] = b"\xde\xad" * 150
    demo_path.write_bytes(bytes(data))

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    monkeypatch.setattr(QMessageBox, "critical", lambda *_a, **_k: pytest.fail("no backup offered"))
    _app, win = app_module.run(str(demo_path))
    assert win is not None
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "bị hỏng" in asked[0]
    assert len(asked[0]) < 700 and asked[0].count("\n") < 8  # the box fits on a screen, buttons included
    qtbot.waitUntil(lambda: any(".hong-" in p.name for p in demo_path.parent.iterdir()), timeout=5000)
    assert win.ctx.reader.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert win.ctx.reader.conn.execute("SELECT count(*) FROM groups").fetchone()[0] == groups_before
    win.ctx.worker.close()
    win.ctx.reader.close()


def test_ledger_on_usb_copied_to_this_computer(qtbot: QtBot, demo_path: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import app as app_module
    from desktop import paths

    monkeypatch.setattr(paths, "is_removable_or_network", lambda p: p == demo_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    before = demo_path.read_bytes()
    _app, win = app_module.run(str(demo_path))
    assert win is not None
    qtbot.addWidget(win)
    local = win.ctx.reader.path
    assert local.parent == paths.data_dir() and local.name == demo_path.name
    assert win.ctx.reader.conn.execute("SELECT count(*) FROM contributions").fetchone()[0] > 0
    assert demo_path.read_bytes() == before  # the stick's file is left as it was
    win.ctx.worker.close()
    win.ctx.reader.close()
