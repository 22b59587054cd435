"""`SoThiDua --self-test`: prove that an installed (or freshly built) program works, without touching the
user's ledger. Every step runs on a temporary ledger in a temporary folder: create and migrate, small demo,
issue the report PDF, build the handoff file and verify it, Excel template, and — when Qt is there — the main
window with every page, offscreen. One line per step with its time; exit 0, or 1 at the first failure.

No Qt import at module level: the console program (thidua --self-test in the bundle) has no Qt.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

FONT_FILES = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
              "LiberationSerif-BoldItalic.ttf")
# The program icon (installer/make_icon.py): the window and taskbar show the PNG, Windows the .ico.
ICON_FILES = ("so-thi-dua.ico", "so-thi-dua-256.png", "so-thi-dua-48.png")


class SelfTestError(Exception):
    """A step found something wrong (the message says what, in Vietnamese)."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


def _last_full_half(today: dt.date) -> str:
    """The last half-year that has ended: the demo ledger has a full half of data there."""
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


class _Run:
    def __init__(self, folder: Path, start: Callable[..., Any] | None = None):
        self.folder = folder
        self.start = start
        self.ledger_path = folder / "tu-kiem-tra.sqlite"
        self.ledger: Any = None
        self.period: Any = None
        self.pdf = b""

    # ---------------------------------------------------------------- steps (each returns its detail line)
    def resources(self) -> str:
        from desktop.paths import resource_path

        missing = [f for f in FONT_FILES if not resource_path("fonts", f).is_file()]
        _check(not missing, f"thiếu phông chữ {', '.join(missing)} trong {resource_path('fonts')}")
        _check(resource_path("styles", "app.qss").is_file(), f"thiếu {resource_path('styles', 'app.qss')}")
        missing = [f for f in ICON_FILES if not resource_path("icons", f).is_file()]
        _check(not missing, f"thiếu biểu tượng {', '.join(missing)} trong {resource_path('icons')}")
        return str(resource_path())

    def ledger_setup(self) -> str:
        from db.connection import open_ledger, schema_version

        self.ledger = open_ledger(self.ledger_path)  # creates the file and runs every migration
        version = self.ledger.conn.execute("PRAGMA user_version").fetchone()[0]
        _check(version == schema_version(), f"phiên bản cấu trúc sổ {version}, cần {schema_version()}")
        return f"cấu trúc phiên bản {version}"

    def demo(self) -> str:
        from desktop.core.demo import builder
        from desktop.core.ledger import setup

        counts = builder.build_demo(self.ledger, size="small")
        self.ledger.user = setup.get_unit(self.ledger).get("user_name") or ""
        _check(counts["contributions"] > 0, "dữ liệu mẫu không có khoản đóng góp nào")
        return f"{counts['groups']} tổ, {counts['contributors']} người, {counts['contributions']} khoản đóng góp"

    def report(self) -> str:
        import pypdfium2 as pdfium

        from desktop.core.files import safe_files
        from desktop.core.report import narrative, register, report

        self.period = narrative.parse_period(self.ledger, _last_full_half(dt.date.today()))
        doc_id = report.issue(self.ledger, self.period)  # number, frozen figures, PDF, period lock
        self.pdf = register.pdf_bytes(self.ledger, doc_id)
        _check(self.pdf.startswith(b"%PDF-"), "tệp báo cáo không phải PDF")
        _check(b"LiberationSerif" in self.pdf, "phông Liberation Serif không được nhúng vào PDF")
        out = safe_files.write_file(self.folder / "bao-cao.pdf", self.pdf)
        pages = len(pdfium.PdfDocument(out.read_bytes()))  # what the preview and printing use
        _check(pages >= 2, f"báo cáo chỉ có {pages} trang")
        symbol = register.get(self.ledger, doc_id)["symbol"]
        size = f"{len(self.pdf):,}".replace(",", ".")
        return f"Báo cáo số {symbol}, {self.period.code}: {pages} trang, {size} byte"

    def word(self) -> str:
        """The Word copy of the report: python-docx and lxml must be in the bundle (bundle_info keeps lxml)."""
        import docx

        from desktop.core.files import safe_files
        from desktop.core.pdf import word
        from desktop.core.report import report

        out = safe_files.write_file(self.folder / "bao-cao.docx", word.docx_bytes(report.build(self.ledger,
                                                                                          self.period)))
        paragraphs = len(docx.Document(str(out)).paragraphs)
        _check(paragraphs > 10, f"bản Word của báo cáo chỉ có {paragraphs} đoạn")
        size = f"{out.stat().st_size:,}".replace(",", ".")
        return f"bao-cao.docx: {paragraphs} đoạn, {size} byte"

    def handoff(self) -> str:
        from desktop.core.exchange import handoff
        from desktop.core.ledger import signing_key

        usb = self.folder / "usb"
        usb.mkdir()
        result = handoff.export(self.ledger, self.period, usb)  # writes, reads back and verifies itself
        key = signing_key.ensure_ward_key(self.ledger)
        pkg = handoff.read(result["path"], trusted_keys={key["fingerprint"]: key["public_key"]})
        _check(pkg.signed_by == key["fingerprint"], "chữ ký số của tệp không kiểm tra được")
        _check(pkg.manifest["report"] is not None and pkg.manifest["members"].get("report.pdf") is not None,
               "tệp không kèm báo cáo đã ban hành")
        _check(len(pkg.data["contributions"]) == pkg.manifest["counts"]["contributions"] > 0,
               "số khoản đóng góp trong tệp không khớp manifest")
        return f"{result['path'].name}: chữ ký hợp lệ, {len(pkg.data['contributions'])} khoản"

    def excel(self) -> str:
        from desktop.core.intake import planning, template

        path = self.folder / "mau-nhap-lieu.xlsx"
        template.write_template(self.ledger, path)
        plan = planning.plan(self.ledger, path)  # reads it back as a clerk's file would be read
        _check(not plan.problems, f"mẫu Excel đọc lại có lỗi: {plan.problems[:1]}")
        return path.name

    def integrity(self) -> str:
        from desktop.core.ledger import integrity

        problems = integrity.full_check(self.ledger)
        _check(not problems, "; ".join(problems[:3]))
        self.ledger.close()
        self.ledger = None
        return "integrity_check ok"

    def window(self) -> str:
        """The real start path (desktop.app.run) on the demo ledger, then every page shown once."""
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a visible window, works without a display
        from PySide6.QtWidgets import QMessageBox

        # A page whose job fails shows a modal message box: offscreen nobody could close it. Record its text
        # instead, and fail the step with it.
        messages: list[str] = []

        def record(box: QMessageBox) -> int:
            messages.append(box.text())
            return int(QMessageBox.StandardButton.Ok.value)

        original = QMessageBox.exec
        QMessageBox.exec = record  # type: ignore[method-assign]
        try:
            assert self.start is not None  # run() skips this step without a start function
            return self._every_page(self.start, messages)
        finally:
            QMessageBox.exec = original  # type: ignore[method-assign]

    def _every_page(self, run: Callable[..., Any], messages: list[str]) -> str:
        from PySide6.QtWidgets import QApplication

        app, window = run(str(self.ledger_path), show=False, remember=False)  # not in the clerk's Sổ gần đây
        _check(window is not None, "không mở được cửa sổ chính")
        assert window is not None
        try:
            window.show()
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)  # builds the page (its module is imported now) and refreshes it
                for _ in range(3):
                    window.ctx.worker.wait_idle()
                    QApplication.processEvents()
            shown = window.nav.count()
            _check(not app.windowIcon().isNull(), "cửa sổ không có biểu tượng chương trình")
            window.hide()
            _check(not messages, f"một trang báo lỗi: {messages[0] if messages else ''}")
        finally:
            window.ctx.worker.wait_idle()
            window.ctx.worker.close()
            window.ctx.reader.close()
            window.instance.release()
            window.deleteLater()
            QApplication.processEvents()
        return f"{shown} trang, nền {app.platformName()}"


STEPS: list[tuple[str, str]] = [
    ("resources", "Phông chữ, giao diện / fonts, styles"),
    ("ledger_setup", "Tạo sổ, nâng cấp cấu trúc / ledger, migrations"),
    ("demo", "Dữ liệu mẫu / demo data"),
    ("report", "Ban hành báo cáo PDF / report PDF"),
    ("word", "Bản Word để chỉnh sửa / Word copy"),
    ("handoff", "Tệp gửi cấp trên .thidua / handoff file"),
    ("excel", "Mẫu nhập liệu Excel / Excel template"),
    ("integrity", "Kiểm tra toàn vẹn sổ / integrity"),
    ("window", "Cửa sổ chính, mọi trang / main window, every page"),
]


def _console() -> TextIO | None:
    """stdout; in a windowed Windows program (no stdout) the console of the cmd that started it."""
    if sys.stdout is not None:
        return sys.stdout
    if sys.platform == "win32":
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # type: ignore[attr-defined]  # ATTACH_PARENT_PROCESS
            return open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - lives until exit
    return None


def run(out: TextIO | None = None, *, window: bool = True, start: Callable[..., Any] | None = None) -> int:
    """Every step in order; 0 when all passed, 1 at the first failure (the rest are not run). The window step
    needs `start`, the GUI's real start path (desktop.app.run), handed in so this module never imports the GUI."""
    from desktop import APP_NAME, __version__

    out = out if out is not None else _console()

    def say(line: str) -> None:
        if out is not None:
            print(line, file=out, flush=True)

    say(f"{APP_NAME} {__version__} — tự kiểm tra / self-test (Python {sys.version.split()[0]}, "
        f"{'bản đóng gói' if getattr(sys, 'frozen', False) else 'mã nguồn'})")
    t_all = time.perf_counter()
    from desktop.core.ledger import key_store

    folder = Path(tempfile.mkdtemp(prefix="thidua-selftest-"))
    state = _Run(folder, start)
    # The temporary ledger's signing key goes to the temporary folder, not to the user's key folder.
    keys_here = ExitStack()
    keys_here.enter_context(key_store.keys_kept_in(folder / key_store.KEY_FOLDER))
    try:
        for name, label in STEPS:
            if name == "window" and not (window and start is not None):
                say(f"[BỎ QUA] {label}: chương trình dòng lệnh không có Qt / no Qt in the console program")
                continue
            step: Callable[[], str] = getattr(state, name)
            t0 = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:  # reported, then stop: later steps need this one
                say(f"[LỖI] {label} ({time.perf_counter() - t0:.2f} s): {exc}")
                if out is not None and not isinstance(exc, SelfTestError):
                    traceback.print_exc(file=out)
                say("Tự kiểm tra THẤT BẠI / self-test FAILED")
                return 1
            say(f"[OK] {label} ({time.perf_counter() - t0:.2f} s): {detail}")
    finally:
        if state.ledger is not None:
            state.ledger.close()
        keys_here.close()
        shutil.rmtree(folder, ignore_errors=True)  # a file Windows still holds open stays in %TEMP%
    say(f"Tự kiểm tra xong, mọi bước đạt / self-test passed ({time.perf_counter() - t_all:.1f} s)")
    return 0


def main(*, start: Callable[..., Any] | None = None) -> int:
    """`start`: desktop.app.run from the windowed program; the console program has none (no Qt)."""
    return run(window=start is not None, start=start)
