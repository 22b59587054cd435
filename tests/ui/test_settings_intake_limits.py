"""Cài đặt shows the settings of reading a workbook (the sào, the ceilings) with their reasons, and the clerk changes
them in a dialog whose money fields read "20 tỷ" as people write it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.intake import limits
from desktop.ui.main_window import MainWindow
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


def test_the_settings_page_shows_and_saves_the_intake_limits(qtbot: QtBot, window: MainWindow,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.page("settings")
    assert "Một sào bằng (m²): chưa ghi" in page.intake_info.text()
    assert "Bắc Bộ 360 m²" in page.intake_info.toolTip()
    seen: dict[str, str] = {}

    def fill(self: RecordDialog) -> int:
        seen["money"] = self.widgets["intake_max_money_vnd"].text()
        self.widgets["intake_sao_m2"].setText("360")
        self.widgets["intake_max_money_vnd"].setText("20 tỷ")
        self.submit()
        qtbot.waitUntil(lambda: self.result_value is not None)
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill)
    page.edit_intake_limits()
    settle(qtbot, window)
    assert seen["money"] == "10.000.000.000"
    got = limits.get_limits(window.ctx.reader)
    assert (got["intake_sao_m2"], got["intake_max_money_vnd"]) == (360, 20_000_000_000)
    assert "Một sào bằng (m²): 360 m²" in page.intake_info.text()
