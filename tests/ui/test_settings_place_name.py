"""Cài đặt shows the date line's place name as the documents print it (ND 30/2020, Phụ lục I: a unit named after a
person in full, "Phường Nguyễn Nghiêm, ngày …") and lets the clerk correct it; the award catalogue keeps the
province's regulation on thi đua, khen thưởng, printed as a căn cứ."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.awards import catalogue
from desktop.core.ledger import setup
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import settings
from desktop.ui.record_dialog import RecordDialog
from tests.ui.conftest import settle


@pytest.fixture
def person_named(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """The demo ledger renamed after a person, its place name the bare name older versions stored by themselves (the
    demo's own unit is invented, "Phường Mẫu", which the rule prints bare)."""
    from desktop.app import run

    led = open_ledger(demo_path)
    setup.update_unit(led, {"name": "Phường Nguyễn Nghiêm", "place_name": "Nguyễn Nghiêm"})
    led.close()
    _app, win = run(str(demo_path))
    assert win is not None
    qtbot.addWidget(win)
    yield win
    win.ctx.worker.wait_idle()
    win.ctx.worker.close()
    win.ctx.reader.close()


def test_the_unit_form_previews_the_place_name_and_saves_the_clerks_own(
        qtbot: QtBot, person_named: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = person_named
    page = window.page("settings")
    assert "Phường Nguyễn Nghiêm, ngày … tháng … năm …" in page.info.text()
    seen: dict[str, str] = {}

    def fill(self: RecordDialog) -> int:
        place = self.widgets["place_name"]
        # The bare name the demo stored at start is not what prints: the field shows empty, the preview the rule.
        seen["field"], seen["default"] = place.text(), page.place_preview.text()
        place.setText("Nghĩa Chánh")
        seen["typed"] = page.place_preview.text()
        self.submit()
        qtbot.waitUntil(lambda: self.result_value is not None)
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill)
    page.edit_unit()
    settle(qtbot, window)
    assert seen == {"field": "", "default": "Sẽ in: Phường Nguyễn Nghiêm, ngày … tháng … năm …",
                    "typed": "Sẽ in: Nghĩa Chánh, ngày … tháng … năm …"}
    assert setup.get_unit(window.ctx.reader)["place_name"] == "Nghĩa Chánh"
    assert "Nghĩa Chánh, ngày … tháng … năm …" in page.info.text()


def test_the_catalogue_keeps_the_province_regulation(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings.CatalogueDialog, "exec", lambda self: 0)
    page = window.page("settings")
    page.catalogue_button.click()
    dialog = page.catalogue_dialog
    settle(qtbot, window)
    assert dialog.province_regulation.toPlainText() == ""
    text = ("Quyết định số 12/2025/QĐ-UBND ngày 20 tháng 10 năm 2025 của Ủy ban nhân dân tỉnh Quảng Ngãi ban hành "
            "Quy định về công tác thi đua, khen thưởng")
    dialog.province_regulation.setPlainText(text + ";")
    dialog.save_general()
    settle(qtbot, window)
    assert catalogue.get_settings(window.ctx.reader)["province_regulation"] == text
    assert catalogue.get_settings(window.ctx.reader)["legal_bases"] is None
    assert dialog.province_regulation.toPlainText() == text
