"""A refusal the clerk reads (a locked period, a bad value) is not logged as a fault with a traceback; a real fault
still is."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.errors import UserError
from desktop.ui import worker as worker_module
from desktop.ui.worker import DbWorker


def _run(qtbot: QtBot, ledger_path: Path, exc: BaseException) -> None:
    w = DbWorker(ledger_path)
    try:
        def job(_ledger: object) -> None:
            raise exc

        w.submit(job)
        w.wait_idle()
        qtbot.waitUntil(lambda: not w._pending, timeout=3000)
    finally:
        w.close()


def test_refusal_is_logged_without_traceback(qtbot: QtBot, ledger: object, ledger_path: Path,
                                             caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[BaseException] = []
    monkeypatch.setattr("desktop.ui.messages.show_error", lambda parent, exc: seen.append(exc))
    with caplog.at_level(logging.INFO, logger=worker_module.log.name):
        _run(qtbot, ledger_path, UserError("Kỳ 6 tháng đầu năm 2026 đã khóa."))
    assert [type(e) for e in seen] == [UserError]  # the clerk still reads it
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert any("đã khóa" in r.getMessage() for r in caplog.records)


def test_fault_is_logged_with_traceback(qtbot: QtBot, ledger: object, ledger_path: Path,
                                        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desktop.ui.messages.show_error", lambda parent, exc: None)
    with caplog.at_level(logging.INFO, logger=worker_module.log.name):
        _run(qtbot, ledger_path, RuntimeError("disk I/O error"))
    assert [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
