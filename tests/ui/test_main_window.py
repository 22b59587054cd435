"""The GUI end to end, offscreen: every page opens, a clerk adds, edits, searches, deletes and
undoes, and bad input is shown next to its field with nothing saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import lists, setup
from desktop.ui.list_page import ListPage
from desktop.ui.main_window import PAGES, MainWindow
from desktop.ui.pages.figures_pages import OverviewPage
from tests.ui.conftest import settle


def _page(win: MainWindow, key: str) -> ListPage:
    win.navigate(key, {})
    page = win.pages[key]
    assert isinstance(page, ListPage)
    return page


def test_every_page_opens_and_lists_fill(qtbot: QtBot, window: MainWindow) -> None:
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [t for _k, t in PAGES]
    for i, (key, _title) in enumerate(PAGES):
        window.nav.setCurrentRow(i)
        settle(qtbot, window)
        page = window.pages[key]
        assert window.stack.currentWidget() is page
        if isinstance(page, ListPage):
            assert page.model.rowCount() > 0, key
            assert page.footer.text().startswith("Đang hiển thị"), key
    overview = window.pages["overview"]
    assert isinstance(overview, OverviewPage)
    assert overview.cards["total_value_vnd"].text() not in ("", "…")
    assert "Trần Thị Thu Hà" in window.user_label.text()


def test_add_group_through_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window, "groups")
    settle(qtbot, window)
    before = page.model.rowCount()
    dialog = page._open_dialog(None, {})
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.widgets["name"]
    households = dialog.widgets["households"]
    assert isinstance(name, QLineEdit) and isinstance(households, QLineEdit)
    # Bad input first: the message stands under the field, nothing is saved.
    households.setText("ba trăm")
    dialog.submit()
    settle(qtbot, window)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_labels["name"].isVisibleTo(dialog)
    assert "không được để trống" in dialog.error_labels["name"].text()
    assert "không đọc được số" in dialog.error_labels["households"].text()
    name.setText("Tổ dân phố Mới")
    households.setText("1.234")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves
    settle(qtbot, window)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert page.model.rowCount() == before + 1
    page.search.setText("to dan pho moi")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.data(page.model.index(0, 0)) == "Tổ dân phố Mới"
    assert page.model.data(page.model.index(0, 5)) == "1.234"


def test_search_as_you_type_accent_free(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window, "contributors")
    settle(qtbot, window)
    total = page.model.rowCount()
    first = page.model.data(page.model.index(0, 0))
    from desktop.core.text.vntext import fold

    page.search.setText(fold(first))
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < total, timeout=3000)
    assert all(fold(first) in fold(page.model.data(page.model.index(r, 0)) + " " +
                                   page.model.data(page.model.index(r, 3)))
               for r in range(page.model.rowCount()))


def test_delete_then_undo(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window, "contributions")
    settle(qtbot, window)
    before = page.model.rowCount()
    victim = page.model.row_id(0)
    page.table.selectRow(0)
    page.delete_selected()
    settle(qtbot, window)
    assert page.model.rowCount() == before - 1 and page.undo_bar.isVisibleTo(page)
    assert victim not in page.model.ids
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert page.model.rowCount() == before and victim in page.model.ids
    kinds = [r[0] for r in window.ctx.reader.conn.execute(
        "SELECT action FROM audit WHERE table_name = 'contributions' ORDER BY id DESC LIMIT 2")]
    assert kinds == ["restore", "delete"]


def test_add_contribution_value_from_rate(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window, "contributions")
    settle(qtbot, window)
    dialog = page._open_dialog(None, page.new_values())
    qtbot.addWidget(dialog)
    pid, label = window.ctx.reader.conn.execute(
        "SELECT p.id, p.name FROM contributors p WHERE p.deleted_at IS NULL LIMIT 1").fetchone()
    picker = dialog.widgets["contributor_id"]
    picker.set_value(pid, label)  # type: ignore[attr-defined]
    kind = dialog.widgets["kind"]
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("labour"))
    assert not dialog.widgets["unit"].isEnabled()  # ngày công is fixed for labour
    assert not dialog.sections["Đất hiến (chỉ với hình thức Hiến đất)"].isVisibleTo(dialog)
    qty = dialog.widgets["quantity"]
    assert isinstance(qty, QLineEdit)
    qty.setText("3")
    dialog.submit()
    settle(qtbot, window)
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = window.ctx.reader.conn.execute(
        "SELECT kind, quantity, unit, value_vnd, value_entered FROM contributions ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "labour" and row[1] == 3 and row[2] == "ngày công" and row[4] == 0
    rate = window.ctx.reader.conn.execute(
        "SELECT price_vnd FROM rates WHERE kind='labour' AND deleted_at IS NULL "
        "ORDER BY effective_date DESC").fetchone()
    assert row[3] == 3 * rate[0]


def test_navigate_to_one_persons_contributions(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(window, "contributors")
    settle(qtbot, window)
    page.table.selectRow(0)
    pid = page.model.row_id(0)
    page.show_contributions()  # type: ignore[attr-defined]
    settle(qtbot, window)
    target = window.pages["contributions"]
    assert isinstance(target, ListPage) and window.stack.currentWidget() is target
    expected = window.ctx.reader.conn.execute(
        "SELECT count(*) FROM contributions WHERE contributor_id = ? AND deleted_at IS NULL", [pid]).fetchone()[0]
    assert target.model.rowCount() == expected and target.chip.isVisibleTo(target)
    target.clear_hidden_filters()
    settle(qtbot, window)
    assert target.model.rowCount() > expected and not target.chip.isVisibleTo(target)


def test_first_start_setup_creates_the_unit(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:
    from desktop import app as app_module
    from desktop.ui.setup_dialog import SetupDialog

    def fake_exec(self: SetupDialog) -> int:
        values = {"name": "Phường Tân Mỹ", "code": "27000", "province": "Thành phố Hồ Chí Minh",
                  "user_name": "Lê Thị Mai"}
        for key, value in values.items():
            w = self.widgets[key]
            assert isinstance(w, QLineEdit)
            w.setText(value)
        self.submit()
        return int(self.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SetupDialog, "exec", fake_exec)
    path = tmp_path / "new.sqlite"
    _app, win = app_module.run(str(path))
    assert win is not None
    qtbot.addWidget(win)
    unit = setup.get_unit(win.ctx.reader)
    assert unit["name"] == "Phường Tân Mỹ" and unit["receiving_office"] == "Sở Nội vụ Thành phố Hồ Chí Minh"
    assert unit["place_name"] == "Tân Mỹ"
    assert "Lê Thị Mai" in win.user_label.text()
    win.ctx.worker.close()
    win.ctx.reader.close()


def test_first_start_demo_choice(qtbot: QtBot, tmp_path: Path, monkeypatch) -> None:
    from desktop import app as app_module
    from desktop.ui.setup_dialog import SetupDialog

    def fake_exec(self: SetupDialog) -> int:
        self._demo()
        return 1

    monkeypatch.setattr(SetupDialog, "exec", fake_exec)
    _app, win = app_module.run(str(tmp_path / "demo.sqlite"))
    assert win is not None
    qtbot.addWidget(win)
    led = open_ledger(tmp_path / "demo.sqlite", read_only=True)
    assert lists.run(led, lists.CONTRIBUTIONS, lists.Query()).ids
    led.close()
    win.ctx.worker.close()
    win.ctx.reader.close()


def test_setup_dialog_shows_errors_in_vietnamese(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.ui.setup_dialog import SetupDialog

    led = open_ledger(tmp_path / "x.sqlite")

    def save(values, ok, failed):  # type: ignore[no-untyped-def]
        try:
            setup.initialize(led, values)
        except Exception as exc:
            failed(exc)
            return
        ok(None)

    dialog = SetupDialog(None, save)
    qtbot.addWidget(dialog)
    code = dialog.widgets["code"]
    assert isinstance(code, QLineEdit)
    code.setText("21-580")
    dialog.submit()
    assert "không được để trống" in dialog.error_labels["name"].text()
    assert "chỉ gồm chữ số" in dialog.error_labels["code"].text()
    assert not setup.is_initialized(led)
    assert isinstance(dialog.banner, QLabel) and dialog.banner.isVisibleTo(dialog)
    led.close()


def test_ctrl_n_opens_the_add_dialog_of_the_visible_page(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    from desktop.ui.record_dialog import RecordDialog

    opened: list[str] = []
    monkeypatch.setattr(RecordDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    with qtbot.waitExposed(window):
        window.show()
    for key, title in (("works", "Thêm công trình"), ("contributions", "Thêm khoản đóng góp")):
        page = _page(window, key)
        settle(qtbot, window)
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert opened[-1:] == [title]
    page = _page(window, "contributors")
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()


def test_settings_check_ledger_says_it_is_sound(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append("LỖI " + text))
    window.navigate("settings", {})
    page = window.page("settings")
    page.check_ledger()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said == ["Sổ nguyên vẹn: không phát hiện lỗi nào."]
    from desktop.core.ledger import integrity

    monkeypatch.setattr(integrity, "full_check", lambda _led: ["integrity_check: Page 7 is never used"])
    page.check_ledger()
    qtbot.waitUntil(lambda: len(said) == 2, timeout=5000)
    assert said[1].startswith("LỖI Phát hiện 1 lỗi trong sổ:\n• integrity_check: Page 7") and "Khôi phục" in said[1]


def test_new_ledger_after_the_demo_keeps_the_demo_in_the_backups(qtbot: QtBot, window: MainWindow,
                                                                 monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from db import backup
    from desktop.ui.setup_dialog import SetupDialog

    demo_count = window.ctx.reader.conn.execute(
        "SELECT count(*) FROM contributions WHERE deleted_at IS NULL").fetchone()[0]
    assert demo_count > 0
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))

    def declare(self: SetupDialog) -> int:
        assert "tạo sổ mới" in self.windowTitle() and "Mở sổ dữ liệu mẫu" not in [
            b.text() for b in self.buttons.buttons()]
        for key, value in {"name": "Phường Trần Phú", "code": "21550", "province": "Quảng Ngãi",
                           "user_name": "Võ Thị Lan"}.items():
            self.widgets[key].setText(value)
        self.submit()
        return int(self.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SetupDialog, "exec", declare)
    path = window.ctx.reader.path
    window.new_ledger()
    assert setup.get_unit(window.ctx.reader)["name"] == "Phường Trần Phú"
    assert window.ctx.reader.conn.execute("SELECT count(*) FROM contributions").fetchone()[0] == 0
    assert window.ctx.reader.path == path and "Phường Trần Phú" in window.windowTitle()
    assert "Đã tạo sổ mới" in said[-1]
    kept = [b for b in backup.list_backups(path) if b.reason == "truoc-so-moi"]
    assert len(kept) == 1
    assert backup.describe_backup(kept[0].path)["counts"]["contributions"] == demo_count


def test_new_ledger_cancelled_changes_nothing(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.setup_dialog import SetupDialog

    before = setup.get_unit(window.ctx.reader)["name"]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(SetupDialog, "exec", lambda self: 0)
    window.new_ledger()
    assert setup.get_unit(window.ctx.reader)["name"] == before
    assert window.ctx.reader.conn.execute("SELECT count(*) FROM contributions").fetchone()[0] > 0


def test_a_new_person_is_declared_from_the_contribution_dialog(qtbot: QtBot, window: MainWindow,
                                                               monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from desktop.ui.record_dialog import RecordDialog

    page = _page(window, "contributions")
    settle(qtbot, window)
    dialog = page._open_dialog(None, page.new_values())
    qtbot.addWidget(dialog)
    picker = dialog.widgets["contributor_id"]
    picker.setText("Đinh Thị Mới")  # typed, not found among the people
    seen: dict[str, str] = {}

    def declare(self: RecordDialog) -> int:
        seen["title"], seen["name"] = self.windowTitle(), self.widgets["name"].text()
        self.submit()
        qtbot.waitUntil(lambda: self.result() == QDialog.DialogCode.Accepted, timeout=5000)
        return 1

    monkeypatch.setattr(RecordDialog, "exec", declare)
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Thêm người mới…")
    button.click()
    assert seen == {"title": "Thêm người đóng góp", "name": "Đinh Thị Mới"}  # what was typed is carried over
    pid = window.ctx.reader.conn.execute("SELECT id FROM contributors WHERE name = 'Đinh Thị Mới'").fetchone()[0]
    assert picker.value == pid and picker.text().startswith("Đinh Thị Mới — ")  # chosen in the entry at once
    qty = dialog.widgets["quantity"]
    qty.setText("2")
    dialog.widgets["kind"].setCurrentIndex(dialog.widgets["kind"].findData("labour"))
    dialog.submit()
    settle(qtbot, window)
    assert window.ctx.reader.conn.execute(
        "SELECT count(*) FROM contributions WHERE contributor_id = ?", [pid]).fetchone()[0] == 1
