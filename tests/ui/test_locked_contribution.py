"""A contribution of an issued (locked) period, as the clerk meets it: a padlock beside its date in the list, and
its dialog read-only with a banner naming the report that locked it and how to unlock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import periods, setup
from desktop.core.report import report
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.registers import ContributionsPage
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


@pytest.fixture
def locked(demo_path: Path, tmp_path: Path) -> dict[str, Any]:
    """The demo ledger with the report of the half-year holding most contributions issued (its period locked)."""
    led = open_ledger(demo_path)
    led.user = setup.get_unit(led).get("user_name") or "Cán bộ"
    (date,) = led.conn.execute("SELECT max(date) FROM contributions WHERE deleted_at IS NULL").fetchone()
    day = dt.date.fromisoformat(date)
    period = periods.parse(f"{day.year}-H{1 if day.month <= 6 else 2}")
    doc_id = report.issue(led, period)
    symbol, doc_date = led.conn.execute("SELECT symbol, doc_date FROM documents WHERE id = ?", [doc_id]).fetchone()
    inside = [r[0] for r in led.conn.execute(
        "SELECT id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ?", [period.start, period.end])]
    outside = [r[0] for r in led.conn.execute(
        "SELECT id FROM contributions WHERE deleted_at IS NULL AND date NOT BETWEEN ? AND ?",
        [period.start, period.end])]
    led.close()
    assert inside and outside
    return {"symbol": symbol, "doc_date": doc_date, "inside": inside, "outside": outside}


@pytest.fixture
def page(window: MainWindow, qtbot: QtBot, locked: dict[str, Any]) -> Iterator[ContributionsPage]:
    window.show()
    window.navigate("contributions", {})
    settle(qtbot, window)
    p = window.pages["contributions"]
    assert isinstance(p, ContributionsPage)
    yield p


def _row(page: ContributionsPage, record_id: int) -> int:
    row = page.model.row_of(record_id)
    assert row is not None
    return row


def test_the_list_shows_a_padlock_on_rows_of_a_locked_period(page: ContributionsPage, locked: dict[str, Any]) -> None:
    model, date_col = page.model, 0
    assert page.spec.columns[date_col].key == "date"
    inside = model.index(_row(page, locked["inside"][0]), date_col)
    outside = model.index(_row(page, locked["outside"][0]), date_col)
    assert model.data(inside, Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(outside, Qt.ItemDataRole.DecorationRole) is None
    tip = model.data(inside, Qt.ItemDataRole.ToolTipRole)
    assert locked["symbol"] in tip and "Đã khóa" in tip
    # Other columns keep their own text and no padlock.
    assert model.data(model.index(inside.row(), 1), Qt.ItemDataRole.DecorationRole) is None


def test_a_locked_contribution_opens_read_only_with_the_report_and_how_to_unlock(
        page: ContributionsPage, locked: dict[str, Any], qtbot: QtBot, window: MainWindow,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[RecordDialog] = []

    def exec_(self: RecordDialog) -> int:
        qtbot.addWidget(self)
        self.show()
        opened.append(self)
        return 0

    monkeypatch.setattr(RecordDialog, "exec", exec_)
    page.table.selectRow(_row(page, locked["inside"][0]))
    page.edit_selected()
    settle(qtbot, window)
    (dialog,) = opened
    assert dialog.read_only and dialog.lock_banner.isVisibleTo(dialog)
    banner = dialog.lock_banner.text()
    day = dt.date.fromisoformat(locked["doc_date"])
    assert locked["symbol"] in banner and f"{day:%d/%m/%Y}" in banner
    assert "Mở khóa kỳ…" in banner and "trang Báo cáo" in banner
    assert not dialog.save_button.isVisibleTo(dialog)
    for widget in dialog.widgets.values():
        assert (widget.isReadOnly() if isinstance(widget, QLineEdit | QPlainTextEdit) else not widget.isEnabled())
    # Enter or Ctrl+S does not reach the service.
    submitted: list[Any] = []
    monkeypatch.setattr(window.ctx.worker, "submit", lambda *a, **k: submitted.append(a))
    dialog.submit()
    assert submitted == []
    assert "(đã khóa)" in dialog.windowTitle()


def test_a_contribution_outside_the_locked_period_still_opens_for_editing(
        page: ContributionsPage, locked: dict[str, Any], qtbot: QtBot, window: MainWindow,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[RecordDialog] = []
    monkeypatch.setattr(RecordDialog, "exec", lambda self: opened.append(self) or 0)
    page.table.selectRow(_row(page, locked["outside"][0]))
    page.edit_selected()
    settle(qtbot, window)
    (dialog,) = opened
    assert not dialog.read_only and dialog.lock_box.isHidden() and dialog.save_button.isEnabled()


def test_deleting_a_locked_contribution_is_refused_at_once_and_not_logged(
        page: ContributionsPage, locked: dict[str, Any], qtbot: QtBot, window: MainWindow,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from desktop.ui.pages import contribution_locks

    said: list[str] = []
    monkeypatch.setattr(contribution_locks, "show_error", lambda _parent, exc: said.append(str(exc)))
    target = locked["inside"][0]
    page.table.selectRow(_row(page, target))
    with caplog.at_level("ERROR"):
        page.delete_selected()
        settle(qtbot, window)
    assert len(said) == 1 and locked["symbol"] in said[0] and "Mở khóa kỳ…" in said[0]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert window.ctx.reader.conn.execute(
        "SELECT deleted_at FROM contributions WHERE id = ?", [target]).fetchone()[0] is None
    assert page.undo_bar.isHidden()
