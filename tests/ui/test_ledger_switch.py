"""Two ledgers on one PC (issue 21): Tệp → Tạo sổ mới… makes an upper level's ledger from the GUI, Sổ gần đây
goes back to the ward's, Mở sổ khác… refuses what is not a ledger, and the single-instance rule holds per ledger."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.ledger import setup
from desktop.ui import ledger_switch
from desktop.ui.main_window import MainWindow
from desktop.ui.setup_dialog import SetupDialog

WARD = {"name": "Phường Trần Phú", "code": "21550", "kind": "phuong", "province": "Quảng Ngãi",
        "user_name": "Võ Thị Lan"}
UPPER = {"name": "Sở Nội vụ tỉnh Quảng Ngãi", "code": "51", "province": "Quảng Ngãi", "user_name": "Lê Văn Hùng"}


def _ward_ledger(path: Path) -> Path:
    ledger = open_ledger(path)
    try:
        setup.initialize(ledger, WARD)
    finally:
        ledger.close()
    return path


@pytest.fixture
def windows() -> Iterator[list[MainWindow]]:
    """Every window a test opened, closed at the end (worker, reader, lock) unless a switch already let it go
    (and deleted it): not handed to qtbot, which would close a deleted window."""
    import shiboken6

    opened: list[MainWindow] = []
    yield opened
    for win in opened:
        if shiboken6.isValid(win) and win.instance is not None:
            win.shutdown()
            win.ctx.reader.close()
            win.close()
            win.deleteLater()


def _start(qtbot: QtBot, path: Path, windows: list[MainWindow]) -> MainWindow:
    from desktop.app import run

    _app, win = run(str(path))
    assert win is not None
    windows.append(win)
    return win


def _switched(win: MainWindow) -> list[Any]:
    """Where the windows that `win.switch_to` opens will be listed."""
    seen: list[Any] = []
    original = win.switch_to
    assert original is not None

    def spy(path: Path) -> Any:
        new = original(path)
        seen.append(new)
        return new

    win.switch_to = spy
    return seen


def _declare_upper(self: SetupDialog) -> int:
    """The clerk ticks the upper level and fills the form (the dialog as the real one, driven from code)."""
    choice = self.role_choice
    assert choice.ward.isChecked() and "nhận và tổng hợp tệp của các phường, xã" in choice.upper.text()
    choice.upper.setChecked(True)
    assert self.widgets["kind"].currentData() == "tinh"  # an upper level is the province's
    for key, value in UPPER.items():
        self.widgets[key].setText(value)
    self.submit()
    return int(self.result() == QDialog.DialogCode.Accepted)


def test_an_upper_ledger_made_from_the_gui_then_back_to_the_ward_through_recent(
        qtbot: QtBot, tmp_path: Path, windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    ward_path = _ward_ledger(tmp_path / "phuong.sqlite")
    ward = _start(qtbot, ward_path, windows)
    assert "sổ phuong.sqlite" in ward.windowTitle() and "Phường Trần Phú" in ward.user_label.text()

    upper_path = tmp_path / "cap-tren" / "tong-hop.sqlite"
    upper_path.parent.mkdir()
    monkeypatch.setattr(SetupDialog, "exec", _declare_upper)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(upper_path.with_suffix("")), ""))
    seen = _switched(ward)
    ward.new_ledger()
    upper = seen[-1]
    assert isinstance(upper, MainWindow)
    windows.append(upper)
    assert upper.ctx.reader.path == upper_path  # ".sqlite" added to the name typed
    assert upper.ctx.unit["role"] == "upper" and upper.ctx.unit["kind"] == "tinh"
    assert [k for k, _t in upper.page_list][0] == "exchange"  # the upper level's pages
    assert "cấp trên: Sở Nội vụ tỉnh Quảng Ngãi" in upper.windowTitle() and "tong-hop.sqlite" in upper.windowTitle()
    assert "(cấp trên)" in upper.user_label.text() and upper_path.name in upper.user_label.text()
    assert str(upper_path) in upper.user_label.toolTip()  # the whole path, however long (the label may shorten it)
    assert ward.instance is None  # the ward's window let its ledger go: its closing backup made …
    from db import backup

    assert [b.reason for b in backup.list_backups(ward_path)] == ["khi-dong"]
    from desktop.ui.single_instance import SingleInstance

    lock = SingleInstance(ward_path)
    assert lock.acquire()  # … so its lock is free
    lock.release()

    # Sổ gần đây: the upper ledger ticked as open, the ward's first below it; choosing it opens the ward again.
    menu = upper.findChild(type(upper.menuBar().actions()[0].menu()), "recentLedgers")
    menu.aboutToShow.emit()
    actions = [a for a in menu.actions() if a.text()]
    assert actions[0].text().startswith("Sở Nội vụ tỉnh Quảng Ngãi (cấp trên)") and actions[0].isChecked()
    assert actions[1].text() == "Phường Trần Phú — phuong.sqlite" and actions[1].isEnabled()
    seen = _switched(upper)
    actions[1].trigger()
    back = seen[-1]
    windows.append(back)
    assert back.ctx.reader.path == ward_path and back.ctx.unit["name"] == "Phường Trần Phú"
    assert [k for k, _t in back.page_list][0] == "overview"
    assert ledger_switch.last_opened() == ward_path.resolve()


def test_the_same_ledger_twice_is_refused_two_ledgers_are_fine(
        qtbot: QtBot, tmp_path: Path, windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui.single_instance import SingleInstance

    first = _start(qtbot, _ward_ledger(tmp_path / "a.sqlite"), windows)
    second_path = _ward_ledger(tmp_path / "b.sqlite")
    second = _start(qtbot, second_path, windows)  # another ledger: a second window is fine
    assert first.instance is not None and second.instance is not None
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: said.append(text))
    # From the first window, open the ledger the second window holds: refused, the first stays as it was.
    assert ledger_switch.open_other(first, second_path) is None
    assert "đang được mở bởi một cửa sổ Sổ Thi đua khác" in said[-1]
    assert first.instance is not None and first.ctx.reader.path == tmp_path / "a.sqlite"
    # A second start on the same ledger (another process) is refused too.
    other = SingleInstance(second_path)
    assert not other.acquire()


def test_a_foreign_or_damaged_file_is_refused_with_its_message(
        qtbot: QtBot, tmp_path: Path, windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    win = _start(qtbot, _ward_ledger(tmp_path / "so.sqlite"), windows)
    foreign = tmp_path / "khac.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE khach_hang (id INTEGER)")
    conn.commit()
    conn.close()
    damaged = tmp_path / "hong.sqlite"
    damaged.write_bytes(b"not a database at all " * 400)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: said.append(text))
    for path in (foreign, damaged):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, p=path, **_k: (str(p), ""))
        assert ledger_switch.open_other(win) is None
    assert "cơ sở dữ liệu của chương trình khác" in said[0]
    assert "hong.sqlite" in said[1]
    assert win.instance is not None and win.ctx.reader.path == tmp_path / "so.sqlite"  # still open on its ledger
    assert foreign.read_bytes()[:16] == b"SQLite format 3\x00"  # untouched


def test_a_recent_ledger_whose_file_is_gone_is_greyed_and_can_be_dropped(
        qtbot: QtBot, tmp_path: Path, windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    gone = _ward_ledger(tmp_path / "cu.sqlite")
    ledger_switch.remember(gone, {"name": "Phường Cũ", "role": "ward"})
    gone.unlink()
    win = _start(qtbot, _ward_ledger(tmp_path / "moi.sqlite"), windows)
    menu = win.findChild(type(win.menuBar().actions()[0].menu()), "recentLedgers")
    menu.aboutToShow.emit()
    old = [a for a in menu.actions() if a.text().startswith("Phường Cũ")]
    assert old and not old[0].isEnabled() and "không còn tệp" in old[0].text()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: said.append(text))
    [drop] = [a for a in menu.actions() if a.text().startswith("Bỏ 1 sổ")]
    drop.trigger()
    assert str(gone.resolve()) in said[-1]
    assert [e["name"] for e in ledger_switch.recent()] == ["Phường Trần Phú"]


def test_the_first_start_asks_which_kind_ward_by_default(qtbot: QtBot, tmp_path: Path,
                                                         windows: list[MainWindow],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SetupDialog, "exec", _declare_upper)
    win = _start(qtbot, tmp_path / "lan-dau.sqlite", windows)
    assert win.ctx.unit["role"] == "upper" and win.page_list[0][0] == "exchange"
    QApplication.processEvents()


def test_the_upper_level_end_to_end_from_a_new_ledger_and_back(
        qtbot: QtBot, tmp_path: Path, demo_path: Path, windows: list[MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 21's "done when" as far as today's functions go: the upper ledger made from the GUI (Tạo sổ mới…, with
    its signer), two wards registered from an xlsx list and their key files, their handoff files imported, the
    consolidated report issued, then back to the ward through Sổ gần đây."""
    from desktop.core.exchange import consolidated, handoff, keys, upper
    from desktop.core.report import narrative, register
    from tests.ui.conftest import settle

    ward_path = _ward_ledger(tmp_path / "phuong.sqlite")
    usb = tmp_path / "usb"
    usb.mkdir()
    sent: list[tuple[dict[str, Any], Path, Path]] = []
    for i, path in enumerate((demo_path, ward_path)):
        led = open_ledger(path, user="Cán bộ")
        try:
            key = keys.export_public_key(led, tmp_path / f"khoa-{i}.json")
            file = handoff.export(led, narrative.parse_period(led, "2026-H1"), usb)["path"]
            sent.append((setup.get_unit(led), key, Path(file)))
        finally:
            led.close()

    ward = _start(qtbot, ward_path, windows)
    signer = {**UPPER, "signer_name": "Nguyễn Văn Tỉnh"}

    def declare(self: SetupDialog) -> int:
        self.role_choice.upper.setChecked(True)
        for key, value in signer.items():
            self.widgets[key].setText(value)
        self.submit()
        return int(self.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SetupDialog, "exec", declare)
    upper_path = tmp_path / "tong-hop.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(upper_path), ""))
    seen = _switched(ward)
    ward.new_ledger()
    [up] = seen
    windows.append(up)
    assert up.ctx.unit["role"] == "upper" and up.ctx.unit["signer_name"] == "Nguyễn Văn Tỉnh"

    # The wards from the province's xlsx list (no keys yet), then each key file registered, read back by its print.
    from openpyxl import Workbook

    from desktop.core.exchange import ward_keys, ward_register
    from desktop.core.intake import ward_list

    book = Workbook()
    book.active.append(["STT", "Mã ĐVHC", "Tên đơn vị"])
    for n, (unit, _k, _f) in enumerate(sent, start=1):
        book.active.append([n, unit["code"], unit["name"]])
    book.save(tmp_path / "danh-sach.xlsx")
    rows = [(r.sheet, r.row, r.cells) for r in ward_list.read(tmp_path / "danh-sach.xlsx").rows]
    done: list[Any] = []
    up.ctx.worker.submit(lambda led: ward_register.apply(led, rows, source="danh-sach.xlsx"), success=done.append)
    for unit, key, _file in sent:
        up.ctx.worker.submit(lambda led, u=unit, k=key: ward_keys.register_key(led, u["code"], k), success=done.append)
    up.ctx.worker.submit(lambda led: upper.import_files(led, [f for _u, _k, f in sent]), success=done.append)
    up.ctx.worker.submit(lambda led: consolidated.issue(led, "2026-H1"), success=done.append)
    settle(qtbot, up)
    assert len(done) == 5 and [item.action for item in done[3]] == ["new", "new"]
    doc = register.current(up.ctx.reader, consolidated.KIND, "2026-H1")
    assert doc is not None and doc["signer_name"] == "Nguyễn Văn Tỉnh"
    assert {w["code"] for w in upper.wards(up.ctx.reader)} == {u["code"] for u, _k, _f in sent}

    menu = up.findChild(type(up.menuBar().actions()[0].menu()), "recentLedgers")
    menu.aboutToShow.emit()
    [back_action] = [a for a in menu.actions() if a.text() == "Phường Trần Phú — phuong.sqlite"]
    seen = _switched(up)
    back_action.trigger()
    [back] = seen
    windows.append(back)
    assert back.ctx.reader.path == ward_path and back.ctx.unit["role"] == "ward"


def test_a_draft_typed_just_before_switching_is_saved(qtbot: QtBot, tmp_path: Path, demo_path: Path,
                                                       windows: list[MainWindow]) -> None:
    """The report's trích yếu typed a moment ago (its save timer not yet run) is written before the window closes."""
    from desktop.core.report import narrative
    from tests.ui.conftest import settle

    win = _start(qtbot, demo_path, windows)
    win.navigate("report", {})
    page = win.page("report")
    combo = page.period  # type: ignore[attr-defined]
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index("2026-H1"))
    settle(qtbot, win)
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    own = "Sơ kết 6 tháng đầu năm 2026 Phong trào thi đua của phường (gõ rồi chuyển sổ ngay)"
    page.subject_edit.setPlainText(own)  # type: ignore[attr-defined]
    assert page._save_timer.isActive()  # type: ignore[attr-defined]  # not saved yet
    seen = _switched(win)
    win.switch_to(_ward_ledger(tmp_path / "khac.sqlite"))  # type: ignore[misc]
    windows.extend(seen)
    led = open_ledger(demo_path, read_only=True)
    try:
        assert narrative.load_draft(led, narrative.parse_period(led, "2026-H1"))["subject"] == own
    finally:
        led.close()
