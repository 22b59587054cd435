"""The window's side of issue 19, faults 3–5: at start-up a full disk, a read-only or a locked ledger is said so
and never offered for replacement from a backup; a SQLite error reaching a message box names file and cause;
restoring another unit's ledger asks a second question whose default is No."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db import connection
from db.connection import open_ledger
from desktop.core.ledger import safety, setup
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _FailingConnection:
    """A connection whose writes meet the fault: SQLite's own error at the first write of the open."""

    def __init__(self, conn: sqlite3.Connection, error: sqlite3.Error) -> None:
        self._conn = conn
        self._error = error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("PRAGMA journal_mode"):
            raise self._error
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(("sqlite_says", "clerk_reads"), [
    ("database or disk is full", "đã đầy"),
    ("attempt to write a readonly database", "không cho phép ghi"),
    ("database is locked", "chương trình khác giữ"),
])
def test_a_ledger_that_cannot_be_written_is_never_replaced_at_start(
        demo_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_says: str, clerk_reads: str) -> None:
    from desktop import app as app_module

    led = open_ledger(demo_path)
    safety.backup_now(led)  # a good backup exists: the old code offered it, and on Yes set the ledger aside
    led.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    led.close()
    before = _sha(demo_path)
    real_connect = connection._connect

    def connect(path: Path, read_only: bool) -> Any:
        conn = real_connect(path, read_only)
        return conn if read_only else _FailingConnection(conn, sqlite3.OperationalError(sqlite_says))

    monkeypatch.setattr(connection, "_connect", connect)
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a, **_k: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *_a, **_k: told.append(text))
    _app, win = app_module.run(str(demo_path))
    assert win is None
    assert asked == []  # no offer to replace the ledger
    assert len(told) == 1 and clerk_reads in told[0] and str(demo_path) in told[0] and "hỏng" not in told[0]
    assert _sha(demo_path) == before
    assert not [p for p in demo_path.parent.iterdir() if ".hong-" in p.name]


def test_a_sqlite_error_in_a_message_box_names_the_file_and_the_cause(tmp_path: Path) -> None:
    from desktop.ui import messages

    path = tmp_path / "so-thi-dua.sqlite"
    messages.set_ledger_path(path)
    text = messages.error_text(sqlite3.OperationalError("database is locked"))
    assert "chương trình khác giữ" in text and str(path) in text and "OperationalError" not in text
    text = messages.error_text(sqlite3.OperationalError("database or disk is full"))
    assert "đã đầy" in text and str(path) in text


def test_restoring_another_units_ledger_asks_and_defaults_to_no(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui import backup_actions, file_dialogs

    province = open_ledger(tmp_path / "tinh.sqlite")
    setup.initialize(province, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"})
    other = safety.backup_now(province, tmp_path / "tinh-sao-luu.sqlite")
    province.close()
    unit_before = window.ctx.reader.conn.execute("SELECT name FROM unit").fetchone()[0]
    monkeypatch.setattr(file_dialogs, "open_file", lambda *_a, **_k: other)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    seen: list[str] = []

    def press_enter(box: QMessageBox) -> int:  # the clerk presses Enter: the default button
        seen.append(box.text())
        box.defaultButton().click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_enter)
    backup_actions.restore(window, window)
    settle(qtbot, window)
    assert len(seen) == 1 and "Tỉnh Quảng Ngãi" in seen[0] and unit_before in seen[0]
    assert window.ctx.reader.conn.execute("SELECT name FROM unit").fetchone()[0] == unit_before
