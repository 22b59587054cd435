"""Screenshots of every page, from the real app (offscreen): for review and for the user guide.

    QT_QPA_PLATFORM=offscreen python -m desktop.ui.screenshots --db LEDGER --out DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chụp màn hình từng trang của Sổ Thi đua")
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", default="1280x780")
    args = parser.parse_args(argv)
    from desktop.app import run

    app, window = run(args.db)
    if window is None:
        return 1
    w, h = (int(x) for x in args.size.split("x"))
    window.resize(w, h)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for i, (key, _title) in enumerate(window.page_list):
        window.nav.setCurrentRow(i)
        settle()
        window.ctx.worker.wait_idle()
        QCoreApplication.processEvents()
        settle(200)
        window.grab().save(str(out / f"{i + 1:02d}-{key}.png"))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
