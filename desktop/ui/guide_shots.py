"""The screenshots of the user guide (resources/guide/images), taken from the real app, offscreen.

Longer than 400 lines on purpose: a list of screenshot recipes, one short function each, registered in the
order of this file (the order of `IMAGES`); split over modules, that order would hang on the import order.

    QT_QPA_PLATFORM=offscreen python -m desktop.ui.guide_shots --out resources/guide/images

A demo ledger is built in a temporary folder (never the clerk's own), prepared through the services
(targets, award proposals and a council meeting, an issued report), then the real window and the real
dialogs are opened and grabbed one by one. `IMAGES` lists every file this writes, in order; a test
checks that it is exactly the set of images the guide shows, so this one command regenerates all of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from desktop.ui.screenshots import settle

WINDOW_SIZE = (1280, 720)  # the window as it opens on a 1366×768 screen (less the taskbar)

# Tables coloured by state in pale tints (on time, overdue) that a 256-colour palette turns white: kept in full colour.
FULL_COLOUR = {"cap-tren-tinh-hinh.png", "cap-tren-nhieu-ky.png"}

Shot = Callable[["Session"], "QWidget | None"]
_SHOTS: list[tuple[str, Shot]] = []
IMAGES: list[str] = []  # every file written, in the order taken


def shot(name: str) -> Callable[[Shot], Shot]:
    """Register a screenshot: the function returns the widget to grab, or None when it saved the image itself
    (a message box grabbed while it was open)."""

    def register(fn: Shot) -> Shot:
        _SHOTS.append((name, fn))
        IMAGES.append(name)
        return fn

    return register


@dataclass
class Session:
    out: Path
    tmp: Path
    ledger: Path = field(init=False)
    window: Any = None  # the ward's MainWindow
    upper_window: Any = None  # the upper level's window: the province's, then the 100-commune demo's
    upper_demo: Any = None
    undo_page: Any = None  # the page whose deletion is undone after its screenshot
    current: str = ""  # this half-year's period code ("2026-H2")
    previous: str = ""  # the half before it: a report is issued for it
    awards: str = ""  # the period of the award proposals: this half, or the previous one early in a half
    package: Path | None = None
    backup: Path | None = None
    upper_demo_path: Path = field(init=False)
    unexpected: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ledger = self.tmp / "SoThiDua" / "so-thi-dua.sqlite"
        self.upper_demo_path = self.tmp / "SoNoiVu" / "so-mau-cap-tren.sqlite"

    # --- waiting and saving
    def idle(self, window: Any = None) -> None:
        """Let every queued database job run and deliver its answer, then let the screen repaint."""
        win = window or self.window
        for _ in range(3):
            if win is not None:
                win.ctx.worker.wait_idle()
            QCoreApplication.processEvents()
            settle(40)

    def save(self, widget: QWidget, name: str) -> None:
        widget.repaint()
        QCoreApplication.processEvents()
        image = widget.grab().toImage()
        if name not in FULL_COLOUR:
            # 256 colours: a quarter of the bytes, text stays crisp (no dithering on flat UI colours).
            flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
            image = image.convertToFormat(QImage.Format.Format_Indexed8, flags)
        if not image.save(str(self.out / name)):
            raise OSError(f"Không ghi được {self.out / name}")

    def page(self, key: str, window: Any = None) -> Any:
        win = window or self.window
        win.navigate(key, {})
        self.idle(win)
        return win.page(key)

    def grab_box(self, name: str, answer: Any = QMessageBox.StandardButton.No) -> Callable[..., Any]:
        """A stand-in for QMessageBox.question/information: shows the real box with the app's text, grabs it,
        closes it and answers `answer`."""

        def box(parent: QWidget | None, title: str, text: str, *_a: Any, **_k: Any) -> Any:
            icon = QMessageBox.Icon.Question if answer in (QMessageBox.StandardButton.Yes,
                                                          QMessageBox.StandardButton.No) else \
                QMessageBox.Icon.Information
            buttons = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                       if icon == QMessageBox.Icon.Question else QMessageBox.StandardButton.Ok)
            shown = QMessageBox(icon, title, text, buttons, parent)
            shown.show()
            settle(120)
            self.save(shown, name)
            shown.close()
            shown.deleteLater()
            return answer

        return box


@contextmanager
def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    old = owner.__dict__.get(name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if old is None:
            delattr(owner, name)
        else:
            setattr(owner, name, old)


def grab_exec(s: Session, cls: type, name: str, prepare: Callable[[Any], None] | None = None,
              result: Any = 0) -> tuple[AbstractContextManager[None], dict[str, Any]]:
    """Replace `cls.exec` while a page opens its dialog: show it, let `prepare` fill it, grab it, return `result`
    (0: as if the clerk pressed Hủy)."""
    seen: dict[str, Any] = {}

    def fake_exec(dialog: QDialog) -> Any:
        dialog.show()
        s.idle()
        if prepare is not None:
            prepare(dialog)
            s.idle()
        s.save(dialog, name)
        seen["dialog"] = dialog
        dialog.hide()
        return result

    return patched(cls, "exec", fake_exec), seen


def _previous_half(code: str) -> str:
    year, half = code.split("-")
    return f"{year}-H1" if half == "H2" else f"{int(year) - 1}-H2"


def _choose_period(page: Any, code: str) -> None:
    combo = page.period
    combo.setCurrentIndex([combo.itemData(i).code for i in range(combo.count())].index(code))


# --------------------------------------------------------------------------- preparing the demo ledger


def prepare(s: Session, size: str) -> None:
    """The demo ward, with what a clerk would have done by now: targets, award proposals with a council meeting
    and its minutes, the previous half-year's report issued (the period locked); and a province ledger that has
    registered the ward's key."""
    from db.connection import open_ledger
    from desktop.core.awards import council, dossier, members, proposals, screening
    from desktop.core.demo import builder
    from desktop.core.exchange import keys
    from desktop.core.figures import targets
    from desktop.core.ledger import periods, setup
    from desktop.core.report import narrative, report

    s.current = periods.current_half()
    s.previous = _previous_half(s.current)
    s.ledger.parent.mkdir(parents=True)
    led = open_ledger(s.ledger)
    try:
        builder.build_demo(led, size=size, seed=7)
        led.user = setup.get_unit(led).get("user_name") or ""
        targets.add_examples(led, int(s.current[:4]))
        # Early in a half-year the demo has few contributions yet: the proposals are then the previous half's.
        enough = len(screening.suggestions(led, proposals.parse_period(led, s.current))) >= 12
        s.awards = s.current if enough else s.previous
        period = proposals.parse_period(led, s.awards)
        picks = screening.suggestions(led, period)[:6]
        screening.add_from_suggestions(led, period, [(r["contributor_id"], r["kind_id"]) for r in picks])
        ids = [r["id"] for r in proposals.list_proposals(led, s.awards)]
        meeting_day = min(dt.date.today(), dt.date.fromisoformat(period.end)).isoformat()
        roster = members.list_members(led, int(meeting_day[:4]))  # the demo's council of that year, if any
        chair, secretary = ((roster[0]["name"], roster[-1]["name"]) if roster
                            else (setup.get_unit(led)["signer_name"], led.user))
        council.record_meeting(led, s.awards, {
            "date": meeting_day, "start_time": "14 giờ 00", "end_time": "16 giờ 00",
            "place": "Hội trường Ủy ban nhân dân phường", "chair": chair, "secretary": secretary,
            "members_total": 9, "members_present": 8,
        }, {pid: (3 if i == 3 else 7) for i, pid in enumerate(ids[:4])},
            attendance={m["id"]: "present" for m in roster} | {roster[1]["id"]: "absent"} if roster else None)
        meeting = council.meetings(led, s.awards)[0]
        dossier.issue_bb(led, meeting["id"])
        previous = narrative.parse_period(led, s.previous)
        # A half-year report is usually signed around the 15th of its last month.
        narrative.save_draft(led, previous, report_date=previous.end[:8] + "15")
        report.issue(led, previous)
        keys.export_public_key(led, s.tmp / "khoa-cong-khai-phuong.json")
        led.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        led.close()

    # A copy to damage later (the "sổ bị hỏng" message at start), with its own good backup.
    damaged = s.tmp / "may-khac" / "so-thi-dua.sqlite"
    damaged.parent.mkdir()
    shutil.copyfile(s.ledger, damaged)
    from desktop.core.ledger import safety

    copy = open_ledger(damaged)
    try:
        safety.backup_now(copy)
    finally:
        copy.close()

    _prepare_upper(s)


def _prepare_upper(s: Session) -> None:
    """The province's ledger that registered the demo ward's key, and the 100-commune demo of the upper level."""
    from db.connection import open_ledger
    from desktop.core.demo import upper as upper_demo
    from desktop.core.exchange import upper
    from desktop.core.ledger import setup

    province = s.tmp / "TinhQuangNgai" / "so-tong-hop.sqlite"
    province.parent.mkdir()
    up = open_ledger(province)
    try:
        setup.initialize(up, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper",
                              "province": "Quảng Ngãi", "user_name": "Lê Thị Phương Thảo"})
        up.user = "Lê Thị Phương Thảo"
        ward = open_ledger(s.ledger, read_only=True)
        try:
            unit = setup.get_unit(ward)
        finally:
            ward.close()
        upper.add_ward(up, code=unit["code"], name=unit["name"], key_file=s.tmp / "khoa-cong-khai-phuong.json")
    finally:
        up.close()

    s.upper_demo_path.parent.mkdir()
    demo = open_ledger(s.upper_demo_path)  # `thidua demo --upper`: 100 communes, two periods received (~30 s)
    try:
        upper_demo.build_upper_demo(demo)
    finally:
        demo.close()


# --------------------------------------------------------------------------- first start, the main pages


@shot("khai-bao-lan-dau.png")
def _setup_dialog(s: Session) -> QWidget:
    from desktop.ui import ledger_switch
    from desktop.ui.setup_dialog import SetupDialog

    dialog = SetupDialog(None, lambda _v, _ok, _failed: None)
    ledger_switch.add_role_choice(dialog)  # the Loại sổ box, as the first start shows it
    dialog.show()
    s.idle()
    return dialog


@shot("tao-so-moi-cap-tren.png")
def _new_upper_ledger(s: Session) -> QWidget:
    """Tệp → Tạo sổ mới…, the upper level ticked: the name reads Tên cơ quan, the kind Tỉnh."""
    from desktop.ui import ledger_switch
    from desktop.ui.setup_dialog import SetupDialog

    dialog = SetupDialog(None, lambda _v, _ok, _failed: None, first_start=False)
    ledger_switch.add_role_choice(dialog).upper.setChecked(True)
    for key, value in {"name": "Sở Nội vụ tỉnh Quảng Ngãi", "code": "51", "province": "Quảng Ngãi",
                       "user_name": "Lê Thị Phương Thảo"}.items():
        dialog.widgets[key].setText(value)
    dialog.show()
    s.idle()
    return dialog


@shot("tong-quan.png")
def _overview(s: Session) -> QWidget:
    s.page("overview")
    return s.window


def _with_menus(s: Session, name: str, menus: list[Any]) -> None:
    """The window with its open menus painted where they pop up (a grab of the window leaves popups out)."""
    from PySide6.QtGui import QPainter

    image = s.window.grab().toImage()
    painter = QPainter(image)
    for menu in menus:
        painter.drawPixmap(s.window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    if not image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(s.out / name)):
        raise OSError(f"Không ghi được {s.out / name}")


def _file_menu(s: Session) -> Any:
    bar = s.window.menuBar()
    first = bar.actions()[0]
    menu = first.menu()
    menu.popup(bar.mapToGlobal(bar.actionGeometry(first).bottomLeft()))
    s.idle()
    return menu


@shot("tep-menu.png")
def _menu_file(s: Session) -> None:
    """Tệp: the ledger's own commands, then Mở sổ khác…, Sổ gần đây, Tạo sổ mới…"""
    from desktop.ui import ledger_switch

    s.page("overview")
    # Sổ gần đây on a PC that also keeps the upper level's ledger and a ledger whose file is gone (a USB pulled).
    ledger_switch.remember(s.tmp / "USB-cu" / "so-phuong-cu.sqlite", {"name": "Phường Nghĩa Chánh (cũ)"})
    ledger_switch.remember(s.tmp / "TinhQuangNgai" / "so-tong-hop.sqlite",
                           {"name": "Tỉnh Quảng Ngãi", "role": "upper"})
    ledger_switch.remember(s.ledger, s.window.ctx.unit)
    menu = _file_menu(s)
    _with_menus(s, "tep-menu.png", [menu])
    menu.hide()
    return None


@shot("so-gan-day.png")
def _menu_recent(s: Session) -> None:
    menu = _file_menu(s)
    recent = s.window.findChild(type(menu), "recentLedgers")
    action = next(a for a in menu.actions() if a.menu() is recent)
    recent.aboutToShow.emit()
    recent.popup(menu.mapToGlobal(menu.actionGeometry(action).topRight()))
    s.idle()
    _with_menus(s, "so-gan-day.png", [menu, recent])
    recent.hide()
    menu.hide()
    return None


@shot("so-sanh-to-dan-pho.png")
def _comparison(s: Session) -> QWidget:
    page = s.page("overview")
    page.tabs.setCurrentIndex(page.tabs.count() - 1)  # the comparison tab, built when opened
    s.idle()
    page.comparison.table.selectRow(0)
    s.idle()
    return s.window


@shot("to-dan-pho.png")
def _groups(s: Session) -> QWidget:
    page = s.page("overview")
    page.tabs.setCurrentIndex(0)
    page = s.page("groups")
    page.table.selectRow(2)
    s.idle()
    return s.window


@shot("nguoi-dong-gop-tim-kiem.png")
def _contributors(s: Session) -> QWidget:
    page = s.page("contributors")
    page.search.setText("nguyen van")
    settle(250)  # the search waits for a pause in typing
    s.idle()
    page.table.selectRow(0)
    s.idle()
    return s.window


@shot("cong-trinh.png")
def _works(s: Session) -> QWidget:
    s.page("works")
    return s.window


@shot("thu-chi-cong-trinh.png")
def _spending(s: Session) -> QWidget:
    s.page("spending")
    return s.window


@shot("dong-gop.png")
def _contributions(s: Session) -> QWidget:
    page = s.page("contributions")
    page.set_filter("kind", "land")
    s.idle()
    page.table.selectRow(0)
    s.idle()
    return s.window


@shot("them-dong-gop-loi.png")
def _add_with_errors(s: Session) -> None:
    from desktop.ui.record_dialog import RecordDialog

    page = s.page("contributions")
    page.set_filter("kind", None)
    s.idle()

    def fill(dialog: Any) -> None:
        dialog.widgets["date"].setText(f"31/02/{dt.date.today().year}")
        dialog.widgets["quantity"].setText("mười hai")
        dialog.submit()  # checked on the database worker: each problem comes back under its field

    ctx, _seen = grab_exec(s, RecordDialog, "them-dong-gop-loi.png", fill)
    with ctx:
        page.add_record()
    return None


@shot("dong-gop-da-khoa.png")
def _locked_contribution(s: Session) -> None:
    """A contribution of the half-year whose report was issued (prepare issues it): opened read-only."""
    from desktop.core.report import narrative

    page = s.page("contributions")
    reader = s.window.ctx.reader
    previous = narrative.parse_period(reader, s.previous)
    rid = reader.conn.execute("SELECT id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ? "
                              "ORDER BY date DESC, id LIMIT 1", [previous.start, previous.end]).fetchone()[0]
    dialog = page._open_dialog(rid, page.load_values(reader, rid))
    dialog.show()
    s.idle()
    s.save(dialog, "dong-gop-da-khoa.png")
    dialog.close()
    return None


@shot("xoa-hoan-tac.png")
def _delete_and_undo(s: Session) -> QWidget:
    page = s.page("contributions")
    page.table.selectRow(1)
    s.idle()
    page.delete_selected()
    s.idle()
    s.undo_page = page
    return s.window


@shot("nhap-excel-kiem-tra.png")
def _import_preview(s: Session) -> QWidget:
    from openpyxl import Workbook

    from desktop.ui.import_dialog import ImportDialog

    s.undo_page.undo_delete()
    s.idle()
    reader = s.window.ctx.reader
    group = reader.conn.execute("SELECT name FROM groups WHERE active = 1 AND deleted_at IS NULL "
                                "ORDER BY sort_key LIMIT 1 OFFSET 2").fetchone()[0]
    today = dt.date.today()
    day = today.strftime("%d/%m/%Y")
    headers = ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Đối tượng", "Địa chỉ", "Công trình", "Hình thức",
               "Số lượng", "Đơn vị tính", "Giá trị quy đổi (đồng)", "Tờ bản đồ", "Thửa đất", "Số biên bản",
               "Ghi chú"]
    rows = [
        [1, day, group, "Lê Thị Mới", "Hộ gia đình", "Số 7 hẻm 12", None, "Tiền", "1.500.000"],
        [2, f"31/02/{today.year}", group, "Phan Văn Tư", "Hộ gia đình", "Số 9 hẻm 12", None, "Tiền", "500.000"],
        [3, day, group, "Trần Thị Hoa", "Hộ gia đình", "Số 3 hẻm 14", None, "Hiến nhà", "12"],
        [4, day, "Tổ 99", "Võ Văn Năm", "Hộ gia đình", "Số 1 hẻm 2", None, "Ngày công", "3"],
        [5, day, group, "Ngô Thị Sáu", "Hộ gia đình", "Số 5 hẻm 12", None, "Vật tư", "mười", "bao"],
        [6, day, group, "Lê Thị Mới", "Hộ gia đình", "Số 7 hẻm 12", None, "Tiền", "1.500.000"],
        [7, day, group, "Đặng Văn Bảy", "Hộ gia đình", "Số 11 hẻm 12", None, "Ngày công", "2"],
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Đóng góp"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    path = s.tmp / f"Mau-nhap-lieu-{group.replace(' ', '-')}.xlsx"
    wb.save(path)
    dialog = ImportDialog(s.window, s.window.ctx, path)
    dialog.show()
    s.idle()
    return dialog


# --------------------------------------------------------------------------- Báo cáo của đơn vị, Chỉ tiêu phong trào


@shot("bao-cao-don-vi-theo-doi.png")
def _round_board(s: Session) -> QWidget:
    """The previous half-year's round, over: sent on time, late, and the ones still missing past the deadline."""
    page = s.page("round")
    _choose_period(page, s.previous)
    s.idle()
    page.tabs.setCurrentIndex(0)
    s.idle()
    return s.window


@shot("bao-cao-don-vi-go.png")
def _round_enter(s: Session) -> None:
    """Gõ báo cáo… for a unit whose report has not come (the previous half: the demo's units have all sent this
    half's by December)."""
    from desktop.ui.record_dialog import RecordDialog

    page = s.page("round")
    _choose_period(page, s.previous)
    s.idle()
    rows = page.board.rows if page.board else []
    waiting = [i for i, r in enumerate(rows) if not r["received_on"]]
    page.board_table.selectRow(waiting[0] if waiting else 0)
    s.idle()
    ctx, _seen = grab_exec(s, RecordDialog, "bao-cao-don-vi-go.png")
    with ctx:
        page.enter_report()
        s.idle()
    return None


@shot("bao-cao-don-vi-danh-sach.png")
def _round_units(s: Session) -> QWidget:
    page = s.page("round")
    page.tabs.setCurrentIndex(1)
    s.idle()
    return s.window


@shot("bao-cao-don-vi-noi-dung.png")
def _round_view(s: Session) -> QWidget:
    page = s.page("round")
    _choose_period(page, s.previous)
    s.idle()
    page.tabs.setCurrentIndex(0)
    sent = [i for i, r in enumerate(page.board.rows) if r["received_on"]] if page.board else []
    page.board_table.selectRow(sent[1] if len(sent) > 1 else 0)  # the Tài chính – Kế toán's report
    page.show_report()
    s.idle()
    return s.window


@shot("mau-bao-cao-don-vi.png")
def _round_forms(s: Session) -> QWidget:
    from desktop.ui.pages.round_forms import FormsDialog

    page = s.page("round")
    _choose_period(page, s.current)
    s.idle()
    ids = [r["unit_id"] for r in page.board.rows] if page.board else []
    dialog = FormsDialog(s.window, s.window.ctx, s.current, ids)
    dialog.rows[1][2].setCurrentIndex(1)  # one unit that writes in Word
    dialog.show()
    s.idle()
    return dialog


@shot("nhan-bao-cao-don-vi.png")
def _round_import(s: Session) -> QWidget:
    """Three files sent back: one right, one with numbers the program will not guess, one of another period."""
    import openpyxl

    from desktop.core.round import forms_xlsx
    from desktop.ui.pages.round_forms import ReportImportDialog

    reader = s.window.ctx.reader
    ids = [r[0] for r in reader.conn.execute("SELECT id FROM reporting_units WHERE deleted_at IS NULL AND active = 1 "
                                             "AND kind IN ('cong_chuc', 'doan_the') ORDER BY kind, id LIMIT 2")]
    def filled(unit_id: int, period: str, name: str, figures: dict[str, str], texts: dict[str, str]) -> Path:
        path = forms_xlsx.write_form(reader, unit_id, period, s.tmp / name)
        wb = openpyxl.load_workbook(path)
        for cell, value in figures.items():
            wb["Số liệu"][cell] = value
        for cell, value in texts.items():
            wb["Nội dung"][cell] = value
        wb.save(path)
        return path

    # The first unit is Địa chính – Xây dựng (counts), the second Tài chính – Kế toán (money).
    good = filled(ids[0], s.current, "Bao-cao-Dia-chinh.xlsx", {"D5": "3"},
                  {"C6": "Khởi công 3 tuyến đường bê tông.\nHoàn thành hồ sơ hiến đất của 12 hộ."})
    bad = filled(ids[1], s.current, "Bao-cao-Tai-chinh.xlsx", {"D5": "1,500 triệu", "D6": "hai tỷ"},
                 {"C5": "Giải ngân vốn đầu tư công theo tiến độ."})
    other = filled(ids[1], s.previous, "Bao-cao-Tai-chinh-ky-truoc.xlsx", {"D5": "12.500.000.000"}, {})
    dialog = ReportImportDialog(s.window, s.window.ctx, s.current, [good, bad, other])
    dialog.show()
    s.idle()
    return dialog


@shot("chi-tieu-phong-trao.png")
def _indicators(s: Session) -> QWidget:
    page = s.page("indicators")
    _choose_period(page, s.current)
    s.idle()
    page.table.selectRow(0)
    s.idle()
    return s.window


# --------------------------------------------------------------------------- Báo cáo


@shot("bao-cao-so-lieu.png")
def _report_figures(s: Session) -> QWidget:
    page = s.page("report")
    _choose_period(page, s.current)
    s.idle()
    page.tabs.setCurrentIndex(0)
    s.idle()
    return s.window


@shot("bao-cao-noi-dung.png")
def _report_text(s: Session) -> QWidget:
    page = s.page("report")
    page.tabs.setCurrentIndex(1)
    page.section_list.setCurrentRow(2)  # II.3: the units' texts under the editor (the Mặt trận's, the Tài chính's)
    s.idle()
    return s.window


@shot("bao-cao-chi-tieu.png")
def _report_targets(s: Session) -> QWidget:
    page = s.page("report")
    page.tabs.setCurrentIndex(2)
    s.idle()
    return s.window


@shot("bao-cao-xem-truoc.png")
def _report_preview(s: Session) -> None:
    from desktop.ui import pdf_view

    page = s.page("report")
    page.tabs.setCurrentIndex(0)

    def smaller(dialog: Any) -> None:
        dialog.resize(820, 760)
        dialog.show_page()

    ctx, seen = grab_exec(s, pdf_view.PdfPreview, "bao-cao-xem-truoc.png", smaller)
    with ctx:
        page.preview_button.click()
        s.idle()
    seen["dialog"].pdf.close()  # the preview keeps its PDF open until garbage collection
    return None


@shot("ban-hanh-bao-cao.png")
def _issue_dialog(s: Session) -> None:
    from desktop.ui.pages import report

    page = s.page("report")
    ctx, _seen = grab_exec(s, report.IssueDialog, "ban-hanh-bao-cao.png")
    with ctx:
        page.issue_button.click()
        s.idle()
    return None


@shot("bao-cao-da-ban-hanh.png")
def _report_issued(s: Session) -> QWidget:
    page = s.page("report")
    _choose_period(page, s.previous)
    page.tabs.setCurrentIndex(3)
    s.idle()
    return s.window


@shot("mo-khoa-ky.png")
def _unlock(s: Session) -> None:
    from desktop.ui.pages import report

    page = s.page("report")

    def reason(dialog: Any) -> None:
        dialog.reason.setPlainText("Bổ sung 2 hộ hiến đất tổ dân phố 3 nộp biên bản muộn")

    ctx, _seen = grab_exec(s, report.UnlockDialog, "mo-khoa-ky.png", reason, result=QDialog.DialogCode.Accepted)
    with ctx:
        page.unlock_button.click()
        s.idle()
    return None


@shot("bao-cao-thay-the.png")
def _report_changed(s: Session) -> QWidget:
    from desktop.core.ledger import contributions, periods
    from desktop.core.ledger.records import Changes

    period = periods.parse(s.previous)
    reader = s.window.ctx.reader
    person, group = reader.conn.execute(
        "SELECT id, group_id FROM contributors WHERE kind = 'ho' AND deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET 5"
    ).fetchone()

    def late_record(led: Any) -> Changes:  # the land donation whose minutes came in late
        cid = contributions.add(led, {"contributor_id": person, "group_id": group, "date": period.end,
                                      "kind": "land", "quantity": "35,5", "land_type": "ODT", "status": "received",
                                      "evidence_no": "12/BB-TDP3"})
        return Changes().add("contributions", cid)

    s.window.ctx.worker.submit(late_record)
    s.idle()
    page = s.page("report")
    page.tabs.setCurrentIndex(0)
    s.idle()
    return s.window


# --------------------------------------------------------------------------- Khen thưởng


@shot("khen-thuong-goi-y.png")
def _awards_suggestions(s: Session) -> QWidget:
    page = s.page("awards")
    _choose_period(page, s.awards)
    page.tabs.setCurrentIndex(1)
    s.idle()
    for i in range(min(3, page.suggest_table.rowCount())):
        page.suggest_table.item(i, 0).setCheckState(Qt.CheckState.Checked)
    return s.window


@shot("khen-thuong-de-nghi.png")
def _awards_proposals(s: Session) -> QWidget:
    page = s.page("awards")
    page.tabs.setCurrentIndex(0)
    s.idle()
    page.table.selectRow(0)
    s.idle()
    return s.window


@shot("hop-hoi-dong.png")
def _meeting(s: Session) -> None:
    from desktop.ui.pages import awards

    page = s.page("awards")
    page.tabs.setCurrentIndex(2)
    s.idle()

    def smaller(dialog: Any) -> None:
        dialog.resize(1040, 700)  # the presence column of each member in view

    ctx, _seen = grab_exec(s, awards.MeetingDialog, "hop-hoi-dong.png", smaller)
    with ctx:
        page.meeting_button.click()
        s.idle()
    return None


@shot("khen-thuong-van-ban.png")
def _awards_documents(s: Session) -> QWidget:
    page = s.page("awards")
    page.tabs.setCurrentIndex(3)
    s.idle()
    return s.window


@shot("danh-muc-khen-thuong.png")
def _catalogue(s: Session) -> QWidget:
    from desktop.ui.pages.awards.catalogue import CatalogueDialog

    page = s.page("settings")
    dialog = CatalogueDialog(page, s.window.ctx)
    dialog.resize(1100, 560)
    dialog.show()
    s.idle()
    return dialog


# --------------------------------------------------------------------------- Trao đổi dữ liệu, cấp trên


@shot("trao-doi-du-lieu.png")
def _exchange(s: Session) -> QWidget:
    page = s.page("exchange")
    _choose_period(page, s.previous)
    s.idle()
    usb = s.tmp / "USB"
    usb.mkdir(exist_ok=True)
    page.export_to(usb)
    s.idle()
    s.package = next(usb.glob("*.thidua"))
    return s.window


@shot("khoa-ky-sao-luu.png")
def _key_backup(s: Session) -> QWidget:
    from desktop.ui import key_dialogs

    dialog = key_dialogs.PassphraseDialog(s.window, "Đặt mật khẩu cho tệp sao lưu khóa", key_dialogs.BACKUP_HINT,
                                          twice=True)
    dialog.first.setText("So thi dua phuong 2026")
    if dialog.second is not None:
        dialog.second.setText("So thi dua phuong 2026")
    dialog.show()
    s.idle()
    return dialog


@shot("cap-tren-nhan-tep.png")
def _upper_receive(s: Session) -> QWidget:
    from desktop.app import run

    _app, up = run(str(s.tmp / "TinhQuangNgai" / "so-tong-hop.sqlite"))
    assert up is not None
    up.resize(*WINDOW_SIZE)
    s.upper_window = up
    page = s.page("exchange", up)
    page.tabs.setCurrentIndex(1)
    assert s.package is not None
    # A second copy that was cut short (the stick pulled out while copying): refused, with the reason.
    cut = s.package.with_name(s.package.stem + " (2).thidua")
    cut.write_bytes(s.package.read_bytes()[: s.package.stat().st_size // 2])
    page.plan([s.package, cut])
    s.idle(up)
    return up


@shot("cap-tren-de-nghi-khen-thuong.png")
def _upper_proposals(s: Session) -> QWidget:
    """The ward's year file carries its proposals for the province's Bằng khen: imported, then listed."""
    from desktop.core.exchange import handoff
    from desktop.core.report import narrative

    year = s.window.ctx.reader.conn.execute(
        "SELECT max(period_code) FROM proposals WHERE length(period_code) = 4 AND deleted_at IS NULL").fetchone()[0]
    usb = s.tmp / "USB-ca-nam"
    usb.mkdir(exist_ok=True)
    path = s.window.ctx.worker.submit(
        lambda led: handoff.export(led, narrative.parse_period(led, year), usb)["path"]).result()
    s.idle()
    up = s.upper_window
    page = s.page("exchange", up)
    page.tabs.setCurrentIndex(1)
    page.plan([Path(path)])
    s.idle(up)
    page.do_import()
    s.idle(up)
    page.tabs.setCurrentIndex(page.proposals_tab)
    s.idle(up)
    tab = page.tabs.widget(page.proposals_tab)
    if tab.table.rowCount():
        tab.table.selectRow(0)
        s.idle(up)
    return up


# --------------------------------------------------------------------------- the upper level's demo (100 communes)

UPPER_DEMO_PERIOD = "2026-H1"  # the demo's second period: files on time, late, missing, superseded


def _upper_demo(s: Session) -> Any:
    """The window of `thidua demo --upper` (Sở Nội vụ tỉnh Mẫu, 100 communes), opened in place of the province's."""
    from desktop.app import run

    if s.upper_demo is None:
        _close_window(s.upper_window)
        _app, win = run(str(s.upper_demo_path))
        assert win is not None
        win.resize(*WINDOW_SIZE)
        s.upper_window = s.upper_demo = win
        s.idle(win)
    return s.upper_demo


@shot("cap-tren-don-vi.png")
def _upper_wards(s: Session) -> QWidget:
    from desktop.ui import upper_shots

    return upper_shots.wards(_upper_demo(s))


@shot("cap-tren-nhap-danh-sach.png")
def _upper_list(s: Session) -> QWidget:
    from desktop.ui import upper_shots

    return upper_shots.list_import(_upper_demo(s), s.tmp)


@shot("cap-tren-dang-ky-khoa.png")
def _upper_key(s: Session) -> QWidget:
    from desktop.ui import upper_shots

    return upper_shots.key_dialog(_upper_demo(s), s.tmp)


@shot("cap-tren-tinh-hinh.png")
def _upper_board(s: Session) -> QWidget:
    from desktop.ui import upper_shots

    return upper_shots.reception_board(_upper_demo(s), UPPER_DEMO_PERIOD)


@shot("cap-tren-nhieu-ky.png")
def _upper_many(s: Session) -> QWidget:
    from desktop.ui import upper_shots

    return upper_shots.reception_matrix(_upper_demo(s))


@shot("cap-tren-tong-hop.png")
def _upper_sum(s: Session) -> QWidget:
    from desktop.ui import upper_shots

    return upper_shots.consolidation(_upper_demo(s), UPPER_DEMO_PERIOD)


def _sum_inner(s: Session, index: int) -> Any:
    up = _upper_demo(s)
    page = s.page("exchange", up)
    page.tabs.setCurrentIndex(page.sum_tab)
    page.sum_page.inner.setCurrentIndex(index)
    s.idle(up)
    return page.sum_page


@shot("cap-tren-tong-hop-chi-tieu.png")
def _upper_sum_indicators(s: Session) -> QWidget:
    _sum_inner(s, 1)  # Chỉ tiêu khác
    return s.upper_window


@shot("cap-tren-tong-hop-noi-dung.png")
def _upper_sum_draft(s: Session) -> QWidget:
    tab = _sum_inner(s, 3)  # Nội dung báo cáo
    tab.section_list.setCurrentRow(1)  # II.1 Kết quả …
    s.idle(s.upper_window)
    return s.upper_window


# --------------------------------------------------------------------------- history, settings, safety


@shot("lich-su-thay-doi.png")
def _history(s: Session) -> QWidget:
    _close_window(s.upper_window)
    s.upper_window = None
    s.page("history")
    return s.window


@shot("cai-dat.png")
def _settings(s: Session) -> QWidget:
    s.page("settings")
    return s.window


@shot("sao-luu-xong.png")
def _backup_now(s: Session) -> None:
    from db.copies import backup_dir
    from desktop.ui import backup_actions

    page = s.page("settings")
    with patched(QMessageBox, "information", s.grab_box("sao-luu-xong.png", QMessageBox.StandardButton.Ok)):
        backup_actions.backup_now(s.window, page)
        s.idle()
    s.backup = sorted(backup_dir(s.ledger).glob("*thu-cong*.sqlite"))[-1]
    return None


@shot("khoi-phuc.png")
def _restore_preview(s: Session) -> None:
    from desktop.ui import backup_actions

    page = s.page("settings")
    chosen = staticmethod(lambda *_a, **_k: (str(s.backup), ""))
    with patched(QFileDialog, "getOpenFileName", chosen), \
            patched(QMessageBox, "question", s.grab_box("khoi-phuc.png")):
        backup_actions.restore(s.window, page)  # answered No: the preview only
        s.idle()
    return None


@shot("gioi-thieu.png")
def _about(s: Session) -> QWidget:
    from desktop.ui.help_dialog import AboutDialog

    s.page("overview")
    s.window.about()
    s.idle()
    return s.window.findChild(AboutDialog)


@shot("huong-dan.png")
def _guide(s: Session) -> QWidget:
    from desktop.ui.help_dialog import show_guide

    dialog = show_guide(s.window)
    dialog.resize(1100, 720)
    s.idle()
    dialog._fit_images()
    dialog.go_to_heading(dialog.headings[1] if len(dialog.headings) > 1 else "")
    s.idle()
    return dialog


@shot("so-bi-hong.png")
def _damaged(s: Session) -> None:
    """A ledger whose first page was overwritten (a power cut while writing), opened with a good backup
    beside it: the app's own question, before any window."""
    from desktop.app import run

    damaged = s.tmp / "may-khac" / "so-thi-dua.sqlite"
    data = bytearray(damaged.read_bytes())
    data[:100] = b"\xde\xad" * 50  # the file header: SQLite no longer recognises the file
    damaged.write_bytes(bytes(data))
    asked: list[str] = []
    grab = s.grab_box("so-bi-hong.png")

    def question(*args: Any, **kwargs: Any) -> Any:
        asked.append(args[2])
        return grab(*args, **kwargs)

    with patched(QMessageBox, "question", staticmethod(question)), \
            patched(QMessageBox, "critical", staticmethod(lambda _p, _t, text: s.unexpected.append(text))):
        _app, win = run(str(damaged))
        deadline = time.monotonic() + 20
        while not asked and time.monotonic() < deadline:
            settle(100)
        if win is not None:
            win.ctx.worker.wait_idle()
            _close_window(win)
    if not asked:
        raise RuntimeError("Chương trình không báo sổ bị hỏng")
    return None


def _close_window(win: Any) -> None:
    if win is None:
        return
    win.close()
    win.ctx.worker.wait_idle()
    win.ctx.worker.close()
    win.ctx.reader.close()
    if win.instance is not None:
        win.instance.release()


# --------------------------------------------------------------------------- running


def _unexpected_box(s: Session) -> Callable[[QMessageBox], int]:
    """A message box nobody planned would block the offscreen run forever: note its text and go on."""

    def refuse(box: QMessageBox) -> int:
        s.unexpected.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    return refuse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chụp các màn hình cho Hướng dẫn sử dụng (sổ mẫu, thư mục tạm)")
    parser.add_argument("--out", default="resources/guide/images", help="thư mục ghi ảnh PNG")
    parser.add_argument("--size", default="small", choices=("small", "medium"), help="cỡ sổ dữ liệu mẫu")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and QApplication.instance() is None:
        from desktop.ui import screen_fit

        # A clerk's 1366×768 screen: Qt's own offscreen screen (800×800) would shrink the dialogs in the pictures.
        os.environ["QT_QPA_PLATFORM"] = screen_fit.offscreen_platform(1366, 768)
    QApplication.instance() or QApplication(sys.argv)

    with tempfile.TemporaryDirectory(prefix="sothidua-huong-dan-") as folder:
        s = Session(out=out, tmp=Path(folder))
        from desktop.core.ledger import key_store

        # The demo's signing keys in the temporary folder too: never among the keys of whoever runs this.
        os.environ[key_store.KEY_DIR_ENV] = str(s.tmp / "khoa")
        prepare(s, args.size)
        from desktop import paths
        from desktop.app import run

        # The data folder shown in Giới thiệu: the demo's, not that of whoever runs this script.
        with patched(QMessageBox, "exec", _unexpected_box(s)), \
                patched(paths, "data_dir", lambda: s.ledger.parent):
            _app, window = run(str(s.ledger))
            if window is None:
                print("Không mở được sổ mẫu.", file=sys.stderr)
                return 1
            window.resize(*WINDOW_SIZE)
            s.window = window
            s.idle()
            try:
                for name, fn in _SHOTS:
                    widget = fn(s)
                    if widget is not None:
                        s.idle()
                        s.save(widget, name)
                        if widget not in (s.window, s.upper_window):
                            widget.close()  # a dialog: the next screen starts from the main window
                    if not (out / name).exists():
                        raise RuntimeError(f"Chưa chụp được {name}")
                    print(f"  {name}")
            finally:
                for dialog in window.findChildren(QDialog):
                    dialog.close()
                _close_window(s.upper_window)
                _close_window(window)
    extra = sorted(p.name for p in out.glob("*.png") if p.name not in IMAGES)
    if extra:
        print("Ảnh không còn dùng trong hướng dẫn (hãy xóa): " + ", ".join(extra), file=sys.stderr)
    if s.unexpected:
        print("Hộp thông báo ngoài dự kiến:\n  " + "\n  ".join(s.unexpected), file=sys.stderr)
        return 1
    print(f"Đã chụp {len(IMAGES)} ảnh vào {out} trong {time.perf_counter() - t0:.0f} giây.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
