"""Two ledgers on one PC (issue 21): Tệp → Mở sổ khác…, Sổ gần đây, Tạo sổ mới… for a ward's or the upper
level's ledger, and the list of recent ledgers.

The recent list is kept per computer in the user data folder (`so-gan-day.json` beside the ledger folder's
`giao-dien.ini`), never inside a ledger: a backup or a handoff file must not carry one PC's file paths to another.
It is a convenience: a list that cannot be read or written is treated as empty, never as an error.

Switching itself (close this window cleanly, take the new ledger's lock, open its window) is desktop.app's
`switch_ledger`; this module only decides which file and refuses one that is not a ledger.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QGroupBox, QLabel, QMenu, QMessageBox, QRadioButton, QVBoxLayout, QWidget

from desktop import APP_NAME, paths

log = logging.getLogger(__name__)

RECENT_FILE = "so-gan-day.json"
RECENT_MAX = 8
LEDGER_FILTER = "Sổ dữ liệu Sổ Thi đua (*.sqlite);;Mọi tệp (*)"
ROLE_WARD = "Phường, xã, đặc khu: sổ thi đua của đơn vị mình"
ROLE_UPPER = "Cấp trên (Sở Nội vụ, huyện cũ): nhận và tổng hợp tệp của các phường, xã"
UPPER_KINDS = ("tinh", "thanh_pho")  # vocab.UNIT_KINDS of an upper level (a legacy district signs as the province)


# ------------------------------------------------------------------------------------------------ recent list
def recent_file() -> Path:
    return paths.data_dir() / RECENT_FILE


def _same(a: str | Path, b: str | Path) -> bool:
    """Windows paths differ only in case: C:\\Sổ and c:\\sổ are one file."""
    return os.path.normcase(str(Path(a).resolve())) == os.path.normcase(str(Path(b).resolve()))


def recent() -> list[dict[str, Any]]:
    """[{path, name, role}], the last opened first. Each entry says whether its file is still there (`exists`)."""
    try:
        data = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = [e for e in data if isinstance(e, dict) and isinstance(e.get("path"), str)] if isinstance(
        data, list) else []
    return [{**e, "exists": Path(e["path"]).is_file()} for e in entries[:RECENT_MAX]]


def _write(entries: list[dict[str, Any]]) -> None:
    keep = [{k: e.get(k) for k in ("path", "name", "role")} for e in entries[:RECENT_MAX]]
    target = recent_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(keep, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)  # whole or not at all: a half-written list would lose every entry
    except OSError as exc:
        log.warning("recent ledgers not saved: %s", exc)


def remember(path: Path, unit: dict[str, Any]) -> None:
    """`path` opened with `unit`: first in the list."""
    rest = [e for e in recent() if not _same(e["path"], path)]
    _write([{"path": str(Path(path).resolve()), "name": unit.get("name") or "", "role": unit.get("role") or "ward"},
            *rest])


def forget(path: str | Path) -> None:
    _write([e for e in recent() if not _same(e["path"], path)])


def last_opened() -> Path | None:
    """The ledger opened last on this PC, while its file is still there (the start without --db opens it)."""
    for entry in recent():
        if entry["exists"]:
            return Path(entry["path"])
    return None


def label(entry: dict[str, Any]) -> str:
    """"Phường Mẫu — so-thi-dua.sqlite (cấp trên)" as the menu shows it."""
    role = " (cấp trên)" if entry.get("role") == "upper" else ""
    gone = " — không còn tệp" if not entry.get("exists", True) else ""
    return f"{entry.get('name') or '(chưa khai báo)'}{role} — {Path(entry['path']).name}{gone}"


# ------------------------------------------------------------------------------------------------ checking a file
def problem(path: Path) -> str | None:
    """Why `path` cannot be opened as a ledger (the Vietnamese message of db.errors), or None.

    Read-only and without migrating: a foreign database or a damaged file is refused untouched, before this
    window is closed. An empty file is fine (the first-start dialog declares it)."""
    import sqlite3

    from db.connection import open_ledger
    from db.errors import DamagedLedgerError, LedgerError, classify

    if not path.is_file():
        return f"Không tìm thấy tệp sổ: {path}"
    try:
        ledger = open_ledger(path, read_only=True, migrate=False)
    except LedgerError as exc:
        return str(exc)
    try:
        # The page-by-page quick_check runs after the window opens (desktop.app), as at every start.
        ledger.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        err = classify(exc, path)
        return str(err or DamagedLedgerError(f"Tệp {path.name} không phải là sổ dữ liệu của Sổ Thi đua hoặc đã hỏng."))
    finally:
        ledger.close()
    return None


def _start_folder() -> str:
    """The folder of the ledger opened last, else the data folder (where the first ledger is)."""
    last = last_opened()
    return str(last.parent if last is not None else paths.data_dir())


def choose_existing(parent: QWidget) -> Path | None:
    """Tệp → Mở sổ khác…: the file dialog."""
    chosen, _ = QFileDialog.getOpenFileName(parent, "Mở sổ khác", _start_folder(), LEDGER_FILTER)
    return Path(chosen) if chosen else None


def choose_new(parent: QWidget, suggested: str) -> Path | None:
    """Where the new ledger goes: a name that is not taken (a ledger is never written over), ending in .sqlite."""
    while True:
        chosen, _ = QFileDialog.getSaveFileName(parent, "Lưu sổ mới", str(Path(_start_folder()) / suggested),
                                                LEDGER_FILTER, options=QFileDialog.Option.DontConfirmOverwrite)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".sqlite":
            path = path.with_name(path.name + ".sqlite")
        if not path.exists():
            return path
        QMessageBox.warning(parent, APP_NAME, f"Tệp {path.name} đã có trong thư mục {path.parent}: sổ mới không "
                            "ghi đè lên tệp nào. Hãy chọn tên khác.")


# ------------------------------------------------------------------------------------------------ ward or upper
class RoleChoice(QGroupBox):
    """Which kind of ledger: the ward's own (the default) or the upper level's, with one line on what that is."""

    def __init__(self, dialog: Any):
        super().__init__("Loại sổ")
        self.setObjectName("roleChoice")
        self.dialog = dialog
        self.ward = QRadioButton(ROLE_WARD)
        self.upper = QRadioButton(ROLE_UPPER)
        self.ward.setChecked(True)
        box = QVBoxLayout(self)
        box.addWidget(self.ward)
        box.addWidget(self.upper)
        self.upper.toggled.connect(self._follow)

    @property
    def role(self) -> str:
        return "upper" if self.upper.isChecked() else "ward"

    def _follow(self, upper: bool) -> None:
        """The upper level is a province's body: its kind and an example name follow the choice."""
        kind = self.dialog.widgets["kind"]
        name = self.dialog.widgets["name"]
        if upper and kind.currentData() not in UPPER_KINDS:
            kind.setCurrentIndex(max(kind.findData("tinh"), 0))
        elif not upper and kind.currentData() in UPPER_KINDS:
            kind.setCurrentIndex(max(kind.findData("phuong"), 0))
        name.setPlaceholderText("Ví dụ: Sở Nội vụ tỉnh Quảng Ngãi" if upper else "Ví dụ: Phường Nguyễn Nghiêm")
        for caption in self.dialog.findChildren(QLabel):
            if caption.buddy() is name:
                caption.setText("Tên cơ quan *" if upper else "Tên phường/xã *")
        intro = self.dialog.layout().itemAt(0).widget()  # SetupDialog's introduction, first in the dialog
        if isinstance(intro, QLabel):
            ward_words, upper_words = "phường/xã của anh/chị", "cơ quan cấp trên của anh/chị"
            intro.setText(intro.text().replace(*((ward_words, upper_words) if upper else (upper_words, ward_words))))
        for box in self.dialog.findChildren(QGroupBox):
            if box.title() == "Cấp trên nhận báo cáo":  # unit_form's section: the upper level is the one receiving
                box.setVisible(not upper)
        demo = getattr(self.dialog, "demo_button", None)
        if demo is not None:
            demo.setEnabled(not upper)  # the demo ledger is a ward's


def add_role_choice(dialog: Any) -> RoleChoice:
    """Put the choice under the dialog's introduction (SetupDialog: intro first, then the fields)."""
    from PySide6.QtWidgets import QDialogButtonBox

    for button in dialog.buttons.buttons():
        if dialog.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.ActionRole:
            dialog.demo_button = button
    choice = RoleChoice(dialog)
    dialog.layout().insertWidget(1, choice)
    dialog.role_choice = choice
    return choice


def declare(parent: QWidget | None, ledger: Any, *, first_start: bool) -> Any | None:
    """The setup dialog with the ward/upper choice, saving into `ledger`; the dialog when accepted, else None."""
    from desktop.core.ledger import setup
    from desktop.ui.setup_dialog import SetupDialog

    holder: dict[str, RoleChoice] = {}

    def save(values: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        try:
            setup.initialize(ledger, {**values, "role": holder["choice"].role})
        except Exception as exc:  # shown next to the fields; nothing was written
            failed(exc)
            return
        ok(setup.get_unit(ledger))

    dialog = SetupDialog(parent, save, first_start=first_start)
    holder["choice"] = add_role_choice(dialog)
    return dialog if dialog.exec() else None


def _suggested_name(unit: dict[str, Any]) -> str:
    from desktop.core.text.vntext import fold

    slug = "-".join(fold(unit.get("name") or "").split()) or "so-moi"
    return f"so-{''.join(ch for ch in slug if ch.isalnum() or ch == '-')}.sqlite"


def create_new(parent: QWidget) -> Path | None:
    """Tệp → Tạo sổ mới… (a separate file): declare the unit, then choose where the new ledger goes. Built in a
    temporary folder and moved into place only when both were answered; never over an existing file."""
    from db.connection import open_ledger
    from desktop.core.ledger import setup

    folder = Path(tempfile.mkdtemp(prefix="thidua-so-moi-"))
    fresh = folder / "so-moi.sqlite"
    try:
        ledger = open_ledger(fresh)
        try:
            if declare(parent, ledger, first_start=False) is None:
                return None
            unit = setup.get_unit(ledger)
        finally:
            ledger.close()
        target = choose_new(parent, _suggested_name(unit))
        if target is None:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(fresh), str(target))
        return target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------------------------ the Tệp menu
def add_ledger_menu(window: Any, menu: QMenu) -> QMenu:
    """Mở sổ khác…, Sổ gần đây ▸, Tạo sổ mới… in the Tệp menu of `window` (a MainWindow)."""
    open_action = QAction("Mở sổ khác…", window)
    open_action.setShortcut(QKeySequence("Ctrl+O"))
    open_action.triggered.connect(lambda: open_other(window))
    menu.addAction(open_action)
    recent_menu = menu.addMenu("Sổ gần đây")
    recent_menu.setObjectName("recentLedgers")
    recent_menu.aboutToShow.connect(lambda: fill_recent(window, recent_menu))
    fill_recent(window, recent_menu)
    new_action = QAction("Tạo sổ mới…", window)
    new_action.triggered.connect(window.new_ledger)
    menu.addAction(new_action)
    return recent_menu


def fill_recent(window: Any, menu: QMenu) -> None:
    """The recent ledgers, the last opened first: this window's ticked, a file that is gone greyed out."""
    menu.clear()
    entries = recent()
    current = window.ctx.reader.path
    for entry in entries:
        action = menu.addAction(label(entry))
        action.setData(entry["path"])
        if _same(entry["path"], current):
            action.setCheckable(True)
            action.setChecked(True)
            action.setEnabled(False)
            action.setText(label(entry) + " (đang mở)")
        elif not entry["exists"]:
            action.setEnabled(False)
            action.setToolTip(f"Không còn tệp {entry['path']} (đã xóa, đổi tên, hoặc USB đã rút).")
        else:
            action.setToolTip(entry["path"])
            action.triggered.connect(lambda _c=False, p=entry["path"]: open_other(window, Path(p)))
    gone = [e for e in entries if not e["exists"]]
    if gone:
        menu.addSeparator()
        clean = menu.addAction(f"Bỏ {len(gone)} sổ không còn tệp khỏi danh sách")
        clean.triggered.connect(lambda: forget_missing(window))
    if not entries:
        menu.addAction("(chưa có sổ nào)").setEnabled(False)


def forget_missing(parent: QWidget) -> list[str]:
    """Drop the entries whose file is gone, saying which."""
    gone = [e for e in recent() if not e["exists"]]
    _write([e for e in recent() if e["exists"]])
    if gone:
        QMessageBox.information(parent, APP_NAME, "Đã bỏ khỏi danh sách Sổ gần đây (tệp không còn):\n"
                                + "\n".join(f"• {e['path']}" for e in gone))
    return [e["path"] for e in gone]


def open_other(window: Any, path: Path | None = None) -> Any:
    """Open `path` (or the file the clerk picks) in place of `window`: refused with db.errors' message when it is
    not a ledger; a recent entry whose file has gone is dropped from the list, saying so."""
    if path is None:
        path = choose_existing(window)
        if path is None:
            return None
    if _same(path, window.ctx.reader.path):
        QMessageBox.information(window, APP_NAME, f"Sổ {path.name} đang mở trong cửa sổ này.")
        return None
    message = problem(path)
    if message is not None:
        if not path.exists():
            forget(path)
            message += "\n\nĐã bỏ sổ này khỏi danh sách Sổ gần đây."
        QMessageBox.warning(window, APP_NAME, message)
        return None
    return window.switch_to(path) if window.switch_to is not None else None
