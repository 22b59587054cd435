"""Start the GUI: open (and migrate) the ledger, first-start setup, the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

T0 = time.perf_counter()

from PySide6.QtCore import QLockFile, QTimer  # noqa: E402 - T0 must be taken before the heavy imports
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from db.connection import open_ledger  # noqa: E402
from db.errors import DamagedLedgerError, LedgerError  # noqa: E402
from desktop import APP_NAME  # noqa: E402
from desktop.core.ledger import setup  # noqa: E402
from desktop.paths import data_dir, default_ledger_path, resource_path  # noqa: E402
from desktop.ui import removable, screen_fit  # noqa: E402
from desktop.ui.context import AppContext  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.single_instance import SingleInstance  # noqa: E402
from desktop.ui.worker import DbWorker  # noqa: E402

log = logging.getLogger("thidua")


def _setup_logging() -> None:
    try:
        log_dir = data_dir()
        log_dir.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=log_dir / "thidua.log", level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    except OSError:
        logging.basicConfig(level=logging.INFO)


def _style(app: QApplication) -> None:
    qss = resource_path("styles", "app.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    _icon(app)


def _icon(app: QApplication) -> None:
    """The red book with the gold star (installer/make_icon.py) on every window and the taskbar. On Windows the
    .ico carries the small sizes Windows picks from (16 px title bar, 24–32 px taskbar); elsewhere the PNGs."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    names = ("so-thi-dua.ico",) if sys.platform == "win32" else ("so-thi-dua-48.png", "so-thi-dua-256.png")
    for name in names:
        file = resource_path("icons", name)
        if file.exists():
            icon.addFile(str(file))
    if not icon.isNull():
        app.setWindowIcon(icon)


def _first_start(path: Path) -> bool:
    """Ask for the ward — or the upper level — or build the demo; False if the clerk closed the dialog."""
    from desktop.ui import ledger_switch  # only on the first start

    ledger = open_ledger(path)
    try:
        dialog = ledger_switch.declare(None, ledger, first_start=True)
        if dialog is None:
            return False
        if dialog.choice == "demo":
            from desktop.core.demo import builder  # only on this path: keeps start-up light

            builder.build_demo(ledger, size="small")
        return True
    finally:
        ledger.close()


class AlreadyOpen(Exception):
    """The ledger is open in another window, which was asked to come forward."""


BACKUP_EVERY_MS = 30 * 60 * 1000


def _short(problem: str, limit: int = 240) -> str:
    """The first finding of SQLite's check, not all of them: a badly damaged file reports hundreds of
    lines, and a box that tall pushed its own buttons off the screen."""
    lines = [line for line in problem.splitlines() if line.strip()]
    first = (lines[0] if lines else problem).strip()
    if len(first) > limit:
        first = first[:limit].rstrip() + "…"
    more = len(lines) - 1
    return first + (f" (và {more} lỗi khác)" if more > 0 else "")


def _ask_for_backup(parent: QWidget | None, path: Path, problem: str) -> Path | None:
    """A damaged ledger: the newest good backup the clerk agreed to restore, or None."""
    from desktop.core.ledger import safety

    screen_fit.install()  # each dialog shown before the main window fitted too (safe to call again)
    problem = _short(problem)

    backup = safety.newest_good_backup(path)
    if backup is None:
        QMessageBox.critical(parent, APP_NAME, f"Sổ dữ liệu {path} bị hỏng và chưa có bản sao lưu nào dùng được.\n\n"
                             f"Chi tiết: {problem}\n\nHãy ngừng nhập liệu và liên hệ cán bộ tin học; "
                             "tệp sổ không bị xóa.")
        return None
    answer = QMessageBox.question(
        parent, APP_NAME,
        f"Sổ dữ liệu bị hỏng ({problem}).\n\nDùng bản sao lưu tốt gần nhất: {backup.name}?\n"
        "Tệp hỏng được giữ lại bên cạnh (đổi tên), không bị xóa.")
    return backup if answer == QMessageBox.StandardButton.Yes else None


def _recover_damaged(path: Path, problem: str) -> bool:
    """Before any window: False when there is nothing to recover or the clerk declined. The damaged ledger is set
    aside (never deleted) only once SQLite proved it damaged and the disk holds the restore (safety checks both)."""
    from desktop.core.ledger import safety

    backup = _ask_for_backup(None, path, problem)
    if backup is None:
        return False
    safety.restore_damaged(path, backup, "")
    return True


def _open_checked(path: Path) -> bool:
    """Open the ledger (migrating, with a backup first); recover at once if SQLite cannot read it.
    The page-by-page quick_check runs on the database worker after the window shows."""
    try:
        open_ledger(path).close()  # migrate now, before any window: refuses newer files
    except DamagedLedgerError as exc:
        # Only SQLite's own word for damage leads here: a full disk, a read-only folder, a locked or a
        # foreign file is a LedgerError of its own, explained by run() and never replaced.
        if path.exists() and path.stat().st_size:
            return _recover_damaged(path, str(exc))
        raise
    return True


def _check_in_background(window: MainWindow) -> None:
    """quick_check at every start, first in the worker's queue (so no write runs before it),
    without holding up the window on a large ledger."""
    from desktop.core.ledger import integrity, safety

    def full_result(problems: list[str] | None) -> None:
        if problems:
            result(problems)

    def result(problems: list[str]) -> None:
        if not problems:
            window.ctx.worker.submit(safety.full_check_if_due, success=full_result)
            return
        backup = _ask_for_backup(window, window.ctx.reader.path, "; ".join(problems[:3]))
        if backup is not None:
            window.reopen_after(lambda p, user: safety.restore_damaged(p, backup, user))

    window.ctx.worker.submit(integrity.quick_check, success=result)


def _ledger_path(db: str | None) -> Path:
    """--db, else THIDUA_DB, else the ledger opened last on this PC (Sổ gần đây), else the data folder's."""
    if db or os.environ.get("THIDUA_DB"):
        return default_ledger_path(db)
    from desktop.ui import ledger_switch

    return ledger_switch.last_opened() or default_ledger_path()


def _refused(parent: QWidget | None, instance: SingleInstance, path: Path) -> None:
    """The lock of `path` is held: by another window (said so), or it could not be made (a full disk or a
    read-only folder, said so — not mistaken for another window)."""
    from db.errors import write_problem

    screen_fit.install()
    problem = write_problem(path) if instance.lock.error() != QLockFile.LockError.LockFailedError else None
    QMessageBox.warning(parent, APP_NAME, str(problem) if problem else (
        f"Sổ {path} đang được mở bởi một cửa sổ Sổ Thi đua khác trên máy này.\n"
        "Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại."))


def run(db: str | None = None, *, show: bool = True, package: Path | None = None,
        remember: bool = True) -> tuple[QApplication, MainWindow | None]:
    """The GUI on ledger `db`; `remember`: put it in Sổ gần đây (not the self-test's temporary ledger)."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    if not app.property("thidua_vi"):  # once per application (tests call run() many times)
        from desktop.ui import qt_vi

        qt_vi.install(app)
        app.setProperty("thidua_vi", True)
    _style(app)
    path = removable.local_copy_if_removable(_ledger_path(db))
    path.parent.mkdir(parents=True, exist_ok=True)
    instance = SingleInstance(path)
    if not instance.acquire():
        if instance.ask_first_to_show(package):
            raise AlreadyOpen(str(path))
        _refused(None, instance, path)
        return app, None
    return app, _open_window(app, path, instance, show=show, remember=remember)


def _open_window(app: QApplication, path: Path, instance: SingleInstance, *, show: bool = True,
                 remember: bool = True) -> MainWindow | None:
    """With the ledger's lock held: open (migrate, recover, first start) and show its window; None, with the
    lock released, when it cannot be opened or the clerk cancelled."""
    from desktop.ui import ledger_switch, messages

    messages.set_ledger_path(path)
    try:
        if not _open_checked(path):
            instance.release()
            return None
        reader = open_ledger(path, read_only=True)
        if not setup.is_initialized(reader):
            reader.close()
            if not _first_start(path):
                instance.release()
                return None
            reader = open_ledger(path, read_only=True)
        unit = setup.get_unit(reader)
    except LedgerError as exc:
        screen_fit.install()
        QMessageBox.critical(None, APP_NAME, str(exc))
        instance.release()
        return None
    worker = DbWorker(path, user=unit.get("user_name") or "")
    window = MainWindow(AppContext(worker=worker, reader=reader, unit=unit))
    window.instance = instance
    window.switch_to = lambda other: switch_ledger(window, other)
    instance.activate_requested.connect(window.bring_forward)
    instance.open_requested.connect(lambda file: open_package(window, Path(file)))
    _check_in_background(window)
    _schedule_backups(app, window)
    if remember:
        ledger_switch.remember(path, unit)
    if show:
        window.show()
    # Every later window kept inside the screen; installed after the first paint, as an app-wide filter's first
    # events cost ~40 ms of start-up (issue 22), and no dialog can open sooner.
    QTimer.singleShot(0, screen_fit.install)
    return window


def switch_ledger(window: MainWindow, path: Path) -> MainWindow | None:
    """Tệp → Mở sổ khác… / Sổ gần đây / Tạo sổ mới…: the new ledger's window in place of `window`. The new
    ledger's lock is taken first (the single-instance rule holds per ledger: open in another window, it is
    refused and that window comes forward); then this window closes cleanly (drafts saved, every write
    committed, the closing backup, its lock released) and the new one opens. If the new one cannot be opened,
    the ledger of `window` is opened again."""
    from desktop.ui import ledger_switch

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = window.ctx.reader.path
    instance = SingleInstance(path)
    if not instance.acquire():
        instance.ask_first_to_show()
        _refused(window, instance, path)
        return None
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # between the two windows none is open
    try:
        if not window.close():
            instance.release()
            return None
        window.shutdown()
        window.ctx.reader.close()
        window.deleteLater()
        new = _open_window(app, path, instance)
        if new is None:
            if not path.exists():
                ledger_switch.forget(path)
            back = SingleInstance(old)
            new = _open_window(app, old, back) if back.acquire() else None
        if new is None:
            app.quit()  # no window is left to close
        return new
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


def _schedule_backups(app: QApplication, window: MainWindow) -> None:
    """Every 30 minutes when something changed, and on close (Anki's rhythm). The worker is read
    at call time: a restore replaces it."""
    from db import backup

    timer = QTimer(window)
    timer.setInterval(BACKUP_EVERY_MS)
    timer.timeout.connect(
        lambda: window.ctx.worker.submit(backup.auto_backup, "dinh-ky", failure=_log_backup_failure))
    timer.start()

    def on_quit() -> None:
        """Once: when the program quits, or when this window gives way to another ledger's."""
        if window.instance is None:
            return
        app.aboutToQuit.disconnect(on_quit)
        timer.stop()
        worker = window.ctx.worker
        worker.submit(backup.auto_backup, "khi-dong", failure=_log_backup_failure)
        worker.close()  # runs the backup job first: every queued job finishes before closing
        window.instance.release()
        window.instance = None

    window.shutdown = on_quit
    app.aboutToQuit.connect(on_quit)


def _log_backup_failure(exc: BaseException) -> None:
    log.error("automatic backup failed: %s", exc)


PACKAGE_SUFFIX = ".thidua"


def open_package(window: MainWindow, path: Path) -> None:
    """A .thidua file the clerk double-clicked: show it on the exchange page (the upper level's import
    preview, or on a ward ledger what the file is and whether it checks out)."""
    window.navigate("exchange", {})
    window.page("exchange").open_package(path)  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="thidua-gui", description=f"{APP_NAME} — giao diện")
    parser.add_argument("package", nargs="?", metavar="TỆP.thidua",
                        help="tệp dữ liệu gửi cấp trên để mở (Windows truyền tệp khi bấm đúp vào tệp .thidua)")
    parser.add_argument("--db", metavar="FILE", help="tệp sổ dữ liệu")
    parser.add_argument("--startup-report", action="store_true",
                        help="in thời gian khởi động đến khi cửa sổ dùng được, rồi thoát (đo hiệu năng)")
    parser.add_argument("--self-test", action="store_true",
                        help="tự kiểm tra chương trình trên một sổ tạm (không đụng tới sổ thật), rồi thoát")
    args = parser.parse_args(argv)
    if args.self_test:
        from desktop import selftest

        return selftest.main(start=run)
    package = Path(args.package).expanduser() if args.package else None
    if package is not None and package.suffix.lower() != PACKAGE_SUFFIX:
        parser.error(f"chỉ mở được tệp {PACKAGE_SUFFIX}; sổ dữ liệu thì dùng --db {args.package}")
    _setup_logging()
    try:
        app, window = run(args.db, package=package)
    except AlreadyOpen:
        return 0  # the window already open came forward (and opens the file it was handed)
    if window is None:
        return 1
    if package is not None:
        # After the first turn of the event loop: the window is on screen when the page opens.
        QTimer.singleShot(0, lambda: open_package(window, package))
    if args.startup_report:
        # First turn of the event loop after show(): the window is painted and usable.
        def report() -> None:
            print(f"startup_s={time.perf_counter() - T0:.4f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
