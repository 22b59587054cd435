"""The Thu – chi công trình page (issue 20): a work's received / spent / balance as the core says, a row added
through the dialog, deleted and brought back by the undo bar, and the overspent balance said in red."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.report import spending
from desktop.core.text.vnformat import format_int
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.spending_page import SpendingPage
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


def _open(qtbot: QtBot, window: MainWindow) -> SpendingPage:
    window.navigate("spending", {})
    page = window.page("spending")
    assert isinstance(page, SpendingPage)
    settle(qtbot, window)
    return page


def test_the_page_shows_the_balance_and_edits_rows(qtbot: QtBot, window: MainWindow,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    page = _open(qtbot, window)
    assert page.work_id is not None
    b = spending.work_balance(window.ctx.reader, page.work_id)
    assert page.table.rowCount() == len(b["spending"]) > 0
    assert format_int(b["received_vnd"]) in page.totals.text() and format_int(b["spent_vnd"]) in page.totals.text()
    assert page.group_table.rowCount() == len(b["groups"])

    def fill(dialog: RecordDialog) -> int:
        dialog.set_values({"item": "Làm thêm hố ga", "amount_vnd": b["balance_vnd"] + 1_000_000,
                           "spent_on": b["spending"][-1]["spent_on"], "document": "HĐ 88"})
        dialog.submit()
        settle(qtbot, window)
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill)
    page.add_row()
    settle(qtbot, window)
    assert page.table.rowCount() == len(b["spending"]) + 1
    assert "Chi vượt số thu: 1.000.000 đồng" in page.totals.text()

    page.table.selectRow(page.table.rowCount() - 1)
    page.delete_selected()
    settle(qtbot, window)
    assert page.table.rowCount() == len(b["spending"]) and page.undo_bar.isVisibleTo(page)
    page.undo_delete()
    settle(qtbot, window)
    assert page.table.rowCount() == len(b["spending"]) + 1


def test_the_notice_menu_offers_the_work_and_each_group(qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui import pdf_view

    page = _open(qtbot, window)
    assert page.balance is not None
    titles = [a.text() for a in page.notice_menu.actions() if a.text()]
    assert titles == ["Cả công trình…", *(f"Phần của {g['group']}…" for g in page.balance["groups"])]
    shown: list[Any] = []
    monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: shown.append(self.data))
    page.show_notice(page.balance["groups"][0]["group_id"])
    settle(qtbot, window)
    assert shown and shown[0].startswith(b"%PDF")
