"""Start the GUI: open (and migrate) the ledger, first-start setup, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

T0 = time.perf_counter()

from PySide6.QtCore import QTimer  # noqa: E402 - T0 must be taken before the heavy imports
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from db.connection import LedgerError, open_ledger  # noqa: E402
from desktop import APP_NAME  # noqa: E402
from desktop.core import setup  # noqa: E402
from desktop.paths import data_dir, default_ledger_path, resource_path  # noqa: E402
from desktop.ui.list_page import AppContext  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
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


def _first_start(path: Path) -> bool:
    """Ask for the ward or build the demo; False if the clerk closed the dialog."""
    from desktop.ui.setup_dialog import SetupDialog  # only on the first start

    ledger = open_ledger(path)
    try:
        def save(values: dict, ok, failed) -> None:  # type: ignore[no-untyped-def]
            try:
                setup.initialize(ledger, values)
            except Exception as exc:  # shown next to the fields; nothing was written
                failed(exc)
                return
            ok(setup.get_unit(ledger))

        dialog = SetupDialog(None, save)
        if not dialog.exec():
            return False
        if dialog.choice == "demo":
            from desktop.core import demo  # only on this path: keeps start-up light

            demo.build_demo(ledger, size="small")
        return True
    finally:
        ledger.close()


def run(db: str | None = None, *, show: bool = True) -> tuple[QApplication, MainWindow | None]:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    _style(app)
    path = default_ledger_path(db)
    try:
        probe = open_ledger(path)  # migrate now, before any window: refuses newer files
        initialized = setup.is_initialized(probe)
        probe.close()
        if not initialized and not _first_start(path):
            return app, None
        reader = open_ledger(path, read_only=True)
        unit = setup.get_unit(reader)
    except LedgerError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return app, None
    worker = DbWorker(path, user=unit.get("user_name") or "")
    window = MainWindow(AppContext(worker=worker, reader=reader, unit=unit))
    app.aboutToQuit.connect(worker.close)
    if show:
        window.show()
    return app, window


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="thidua-gui", description=f"{APP_NAME} — giao diện")
    parser.add_argument("--db", metavar="FILE", help="tệp sổ dữ liệu")
    parser.add_argument("--startup-report", action="store_true",
                        help="in thời gian khởi động đến khi cửa sổ dùng được, rồi thoát (đo hiệu năng)")
    args = parser.parse_args(argv)
    _setup_logging()
    app, window = run(args.db)
    if window is None:
        return 1
    if args.startup_report:
        # First turn of the event loop after show(): the window is painted and usable.
        def report() -> None:
            print(f"startup_s={time.perf_counter() - T0:.4f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
