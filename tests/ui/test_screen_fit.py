"""Every window fits a ward office's screen: 1366×768 (the most common) and 1280×720, each with a 40 px taskbar.

The offscreen platform's one screen is 800×800 and cannot be resized once the application runs, so the screen's
geometry and free area are set here the way Windows reports them; the windows are then opened through the real
actions (dialog.exec shows the dialog and records where it is instead of blocking) and each window's frame, title
bar and borders included, must lie inside the free area."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle

TASKBAR = 40  # Windows 10/11 at 100 %


@pytest.fixture(params=[(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def screen_area(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> QRect:
    width, height = request.param
    area = QRect(0, 0, width, height - TASKBAR)
    monkeypatch.setattr(QScreen, "geometry", lambda _self: QRect(0, 0, width, height))
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(area))
    return area


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[list[tuple[str, QRect]]]:
    """Every dialog an action opens with exec(): shown, its frame recorded, closed, answered "Hủy"."""
    seen: list[tuple[str, QRect]] = []

    def exec_(self: QDialog) -> int:
        self.show()
        qtbot.wait(20)
        seen.append((self.windowTitle() or type(self).__name__, QRect(self.frameGeometry())))
        self.close()
        return 0

    monkeypatch.setattr(QDialog, "exec", exec_)
    yield seen


def _check(what: str, frame: QRect, area: QRect) -> None:
    assert area.contains(frame), (f"{what}: khung {frame.getRect()} ra ngoài vùng màn hình {area.getRect()} "
                                  f"(thừa {frame.right() - area.right()} px bên phải, "
                                  f"{frame.bottom() - area.bottom()} px bên dưới)")


def _window_fits(win: QWidget, what: str, area: QRect, qtbot: QtBot) -> None:
    win.show()
    qtbot.wait(20)
    _check(what, win.frameGeometry(), area)


def test_main_window_fits_with_its_status_bar_on_every_page(
        screen_area: QRect, window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    settle(qtbot, window)
    for i, (key, _title) in enumerate(window.page_list):
        window.nav.setCurrentRow(i)
        settle(qtbot, window)
        _check(f"cửa sổ chính, trang {key}", window.frameGeometry(), screen_area)
        bar = window.statusBar()
        assert bar.isVisible()
        bottom_left = bar.mapToGlobal(bar.rect().bottomLeft())
        assert screen_area.contains(bottom_left), f"thanh trạng thái khuất dưới màn hình (trang {key})"


def _register_dialogs(window: MainWindow) -> list[Callable[[], Any]]:
    from desktop.ui.pages.registers import ContributionsPage, GroupsPage, RatesPage

    actions: list[Callable[[], Any]] = []
    for key in ("groups", "contributors", "works", "contributions"):
        page: Any = window.page(key)
        actions.append(page.add_record)
    groups = window.page("groups")
    assert isinstance(groups, GroupsPage)

    def merge() -> None:
        groups.table.selectRow(0)
        groups.merge_selected()

    actions.append(merge)
    rates = RatesPage(window.ctx)
    actions.append(rates.add_record)
    contributions = window.page("contributions")
    assert isinstance(contributions, ContributionsPage)

    def new_person() -> None:  # "Thêm người đóng góp" over the contribution being entered
        dialog = contributions._open_dialog(None, contributions.new_values())
        dialog.show()
        contributions.new_contributor(dialog, dialog.widgets["contributor_id"])  # type: ignore[arg-type]
        dialog.close()

    actions.append(new_person)
    return actions


def _other_dialogs(window: MainWindow) -> list[Callable[[], Any]]:
    from desktop.ui.pages.awards.members_dialog import MemberForm
    from desktop.ui.pages.awards.outcomes import NumberDialog, ReasonDialog
    from desktop.ui.pages.report.dialogs import ChangesDialog, UnlockDialog
    from desktop.ui.pages.upper.wards_tab import WardDialog
    from desktop.ui.setup_dialog import SetupDialog

    settings: Any = window.page("settings")
    awards: Any = window.page("awards")
    report: Any = window.page("report")
    return [
        settings.edit_unit, settings.edit_catalogue, awards.add_proposal, awards.edit_members, awards.record_meeting,
        lambda: report.edit_target(new=True), report.issue,
        lambda: MemberForm(window, 2026).exec(),
        lambda: ReasonDialog(window, "Lý do không trình", []).exec(),
        lambda: NumberDialog(window, "Số quyết định", "quyết định", []).exec(),
        lambda: UnlockDialog(window, "05/BC-UBND").exec(),
        lambda: ChangesDialog(window, [("Tổng giá trị", "1.000.000", "2.000.000")]).exec(),
        lambda: SetupDialog(None, lambda *_a: None).exec(),
        lambda: WardDialog(window).exec(),
    ]


def test_every_dialog_fits(screen_area: QRect, window: MainWindow, qtbot: QtBot,
                           shown: list[tuple[str, QRect]]) -> None:
    window.show()
    for key in ("awards", "report", "settings", "groups"):  # loaded: a row to merge, a period's state to issue
        window.navigate(key, {})
        settle(qtbot, window)
    actions = _register_dialogs(window) + _other_dialogs(window)
    for action in actions:
        action()
        settle(qtbot, window)
    # Every action above opened its dialog (a dialog refused for want of data would hide a misfit).
    assert len(shown) >= len(actions), [title for title, _f in shown]
    titles = [title for title, _f in shown]
    assert "Thêm người đóng góp" in titles and "Thêm khoản đóng góp" in titles
    for title, frame in shown:
        _check(title, frame, screen_area)


def test_report_preview_help_and_about_fit(screen_area: QRect, window: MainWindow, qtbot: QtBot) -> None:
    from desktop.core.ledger import periods
    from desktop.core.report import report
    from desktop.ui import help_dialog, pdf_view

    data = report.render(window.ctx.reader, periods.parse(periods.current_half()))
    preview = pdf_view.PdfPreview(window, "Xem trước báo cáo", data, "bao-cao.pdf")
    qtbot.addWidget(preview)
    _window_fits(preview, "xem trước báo cáo", screen_area, qtbot)
    # Still shows a whole page width: the preview got smaller, not useless.
    assert preview.height() >= screen_area.height() - 80
    guide = help_dialog.show_guide(window)
    qtbot.wait(50)
    assert guide.isVisible()
    _check("hướng dẫn sử dụng", guide.frameGeometry(), screen_area)
    qtbot.wait(200)  # the pictures are fitted to the reading column
    assert guide.browser.horizontalScrollBar().maximum() == 0, "hướng dẫn rộng hơn cột đọc: phải kéo ngang"
    about = help_dialog.show_about(window, window.ctx.reader.path, window.backup_folder())
    qtbot.wait(20)
    _check("giới thiệu", about.frameGeometry(), screen_area)
