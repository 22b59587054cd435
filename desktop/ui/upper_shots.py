"""Screenshots of the upper level's pages with 100 communes (the demo of `thidua demo --upper`), at 1366×768:
for the guide's chapter on the upper level, and to look at every page with a full register.

    QT_QPA_PLATFORM=offscreen python -m desktop.ui.upper_shots --out /tmp/anh [--db so-mau-cap-tren.sqlite]

`SHOTS` lists (file name, function); each function takes the open upper-level window and returns the widget to
grab (guide_shots can register them with its `shot` decorator and an upper-level window built on the same demo).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.ui.screenshots import settle

WINDOW_SIZE = (1366, 728)  # a 1366×768 screen less the taskbar


def idle(win: Any) -> None:
    for _ in range(3):
        win.ctx.worker.wait_idle()
        QCoreApplication.processEvents()
        settle(40)


def _page(win: Any, tab: int) -> Any:
    win.navigate("exchange", {})
    idle(win)
    page = win.page("exchange")
    page.tabs.setCurrentIndex(tab)
    idle(win)
    return page


def _choose(combo: Any, code: str) -> None:
    codes = [combo.itemData(i).code for i in range(combo.count())]
    if code in codes:
        combo.setCurrentIndex(codes.index(code))


def wards(win: Any) -> QWidget:
    page = _page(win, 0)
    page.wards_page.wards.selectRow(3)
    return win


def list_import(win: Any, folder: Path) -> QWidget:
    """The preview of a list with two new communes, one changed contact and a bad code."""
    from openpyxl import Workbook

    from desktop.ui.pages.upper.ward_dialogs import ListImportDialog

    page = _page(win, 0)
    first = page.wards_page.rows[0]
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH ĐƠN VỊ HÀNH CHÍNH CẤP XÃ TỈNH MẪU"])
    ws.append(["STT", "Mã ĐVHC", "Tên đơn vị", "Loại", "Người liên hệ", "Điện thoại"])
    ws.append([1, first["code"], first["name"], None, "Trần Thị Mới", "0905 000 111"])
    ws.append([2, "9920", "Xã Sai Mã", "Xã", None, None])
    ws.append([3, "99201", "Phường Mới Lập", None, "Đỗ Văn Tâm", "0255 123 456"])
    path = folder / "danh-sach-xa-phuong.xlsx"
    wb.save(path)
    dialog = ListImportDialog(win, win.ctx, path)
    dialog.show()
    idle(win)
    return dialog


def key_dialog(win: Any, folder: Path) -> QWidget:
    """Đăng ký khóa for the first commune, with a new key file of that commune (as after a lost key)."""
    from db.connection import open_ledger
    from desktop.core.exchange import keys
    from desktop.core.ledger import setup
    from desktop.ui.pages.upper.ward_dialogs import KeyDialog

    page = _page(win, 0)
    ward = page.wards_page.rows[0]
    led = open_ledger(folder / "phuong-khoa-moi.sqlite")
    try:
        setup.initialize(led, {"name": ward["name"], "code": ward["code"], "kind": ward["kind"] or "phuong",
                               "province": "Mẫu"}, sample_rates=False)
        key_file = keys.export_public_key(led, folder / f"khoa-cong-khai-{ward['code']}.json")
    finally:
        led.close()
    dialog = KeyDialog(win, ward)
    dialog.key_path.setText(str(key_file))
    dialog.read_key()
    dialog.reason.setText("Phường mất khóa do hỏng máy, công văn số 15/UBND ngày 02/12/2026")
    dialog.show()
    idle(win)
    return dialog


def reception_board(win: Any, period: str = "2026-H1") -> QWidget:
    page = _page(win, page_tab(win, "reception_tab"))
    _choose(page.reception_page.period, period)
    idle(win)
    page.reception_page.views.setCurrentIndex(0)
    return win


def reception_matrix(win: Any) -> QWidget:
    page = _page(win, page_tab(win, "reception_tab"))
    page.reception_page.views.setCurrentIndex(1)
    idle(win)
    return win


def consolidation(win: Any, period: str = "2026-H1") -> QWidget:
    page = _page(win, page_tab(win, "sum_tab"))
    period_combo = getattr(page.sum_page, "period", None)
    if period_combo is not None:
        _choose(period_combo, period)
        idle(win)
    return win


def proposals(win: Any) -> QWidget:
    _page(win, page_tab(win, "proposals_tab"))
    return win


def page_tab(win: Any, name: str) -> int:
    return int(getattr(win.page("exchange"), name))


SHOTS: list[tuple[str, Callable[..., QWidget]]] = [
    ("cap-tren-don-vi.png", wards),
    ("cap-tren-nhap-danh-sach.png", list_import),
    ("cap-tren-dang-ky-khoa.png", key_dialog),
    ("cap-tren-tinh-hinh.png", reception_board),
    ("cap-tren-nhieu-ky.png", reception_matrix),
    ("cap-tren-tong-hop.png", consolidation),
    ("cap-tren-de-nghi-khen-thuong.png", proposals),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chụp các trang cấp trên với sổ mẫu 100 phường, xã")
    parser.add_argument("--out", required=True)
    parser.add_argument("--db", default=None, help="sổ mẫu cấp trên có sẵn (mặc định: tạo mới trong thư mục tạm)")
    args = parser.parse_args(argv)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and QApplication.instance() is None:
        from desktop.ui import screen_fit

        os.environ["QT_QPA_PLATFORM"] = screen_fit.offscreen_platform(1366, 768)
    QApplication.instance() or QApplication(sys.argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sothidua-cap-tren-") as folder:
        tmp = Path(folder)
        db = Path(args.db) if args.db else tmp / "so-mau-cap-tren.sqlite"
        if not args.db:
            from db.connection import open_ledger
            from desktop.core.demo import upper as upper_demo

            t0 = time.perf_counter()
            led = open_ledger(db)
            upper_demo.build_upper_demo(led)
            led.close()
            print(f"Sổ mẫu cấp trên: {time.perf_counter() - t0:.0f} giây")
        from desktop.app import run

        _app, win = run(str(db))
        if win is None:
            return 1
        win.resize(*WINDOW_SIZE)
        idle(win)
        for name, fn in SHOTS:
            widget = fn(win, tmp) if fn in (list_import, key_dialog) else fn(win)
            idle(win)
            widget.grab().save(str(out / name))
            print(f"  {name}")
            if isinstance(widget, QDialog):
                widget.close()
        win.close()
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()
        if win.instance is not None:
            win.instance.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
