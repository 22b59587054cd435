"""Looking at and printing a PDF the program made: page images from pdfium, drawn by Qt; saving it, and saving an
editable Word copy of the same document (desktop.core.pdf.word) beside it.

Qt's own PDF module is not in PySide6-Essentials; pypdfium2 renders a page in milliseconds and
is the same engine Chrome uses, so the preview shows exactly what will print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,  # noqa: F401 - opened by file_dialogs; tests patch its static methods through this module
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.files import safe_files
from desktop.core.pdf.model import AdminDocument
from desktop.ui import file_dialogs, screen_fit
from desktop.ui.messages import show_error

WORD_TIP = ("Bản Word (.docx) của văn bản này để văn thư, người ký sửa câu chữ trước khi ký. Văn bản đã ban hành "
            "vẫn là tệp PDF và mã kiểm tra SHA-256 của nó.")
WORD_DRAFTS_ONLY = ("Chỉ lập được bản Word cho dự thảo: văn bản đã ban hành được lưu cố định dưới dạng tệp PDF "
                    "(và mã SHA-256 của nó). Muốn sửa câu chữ, hãy mở dự thảo (nút Xem trước) rồi bấm Lưu Word…")


def page_image(pdf: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    page = pdf[index]
    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)  # RGB(A) order, as QImage expects
    pil_free = bitmap.buffer
    fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    image = QImage(pil_free, bitmap.width, bitmap.height, bitmap.stride, fmt)
    return image.copy()  # own the pixels: the bitmap's buffer is freed with it


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Draw every page on the printer at its resolution (max 300 dpi); returns the pages printed."""
    pdf = pdfium.PdfDocument(data)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Không mở được máy in.")
    try:
        dpi = min(printer.resolution(), 300)
        for i in range(len(pdf)):
            if i:
                printer.newPage()
            image = page_image(pdf, i, dpi)
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            # Landscape appendix pages print rotated onto the portrait sheet.
            if image.width() > image.height() and target.width() < target.height():
                painter.save()
                painter.translate(target.width(), 0)
                painter.rotate(90)
                painter.drawImage(QRectF(0, 0, target.height(), target.width()), image)
                painter.restore()
            else:
                painter.drawImage(target, image)
        return len(pdf)
    finally:
        painter.end()


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)  # the PDF already has the ND 30 margins
    return printer


class PdfPreview(QDialog):
    """One page at a time (fast whatever the length), fit to width, with print and save."""

    def __init__(self, parent: QWidget | None, title: str, data: bytes, file_name: str,
                 document: AdminDocument | None = None, worker: Any = None, word_note: str | None = None):
        """`document`: the AdminDocument the PDF was made from, for the "Lưu Word…" copy (None: no Word copy,
        `word_note` says why in the tooltip); `worker`: the database worker that builds and writes the .docx."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.data = data
        self.file_name = file_name
        self.document = document
        self.worker = worker
        self.pdf = pdfium.PdfDocument(data)
        self.zoom = 1.0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button = QPushButton("◀ Trang trước")
        self.next_button = QPushButton("Trang sau ▶")
        self.page_box = QSpinBox()
        self.page_box.setRange(1, len(self.pdf))
        self.count_label = QLabel(f"/ {len(self.pdf)} trang")
        zoom_out = QPushButton("Thu nhỏ")
        zoom_in = QPushButton("Phóng to")
        self.print_button = QPushButton("In…")
        self.save_button = QPushButton("Lưu PDF…")
        self.word_button = QPushButton("Lưu Word…")
        self.word_button.setEnabled(document is not None)
        self.word_button.setToolTip(WORD_TIP if document is not None else (word_note or WORD_DRAFTS_ONLY))
        self.status = QLabel()
        self.status.setObjectName("hint")
        close = QPushButton("Đóng")
        for w in (self.prev_button, self.page_box, self.count_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.status)
        for w in (zoom_out, zoom_in, self.print_button, self.save_button, self.word_button, close):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.image)
        self.scroll.setStyleSheet("QScrollArea { background: #808080; } QLabel { background: #808080; }")
        layout.addWidget(self.scroll, 1)
        self.prev_button.clicked.connect(lambda: self.page_box.setValue(self.page_box.value() - 1))
        self.next_button.clicked.connect(lambda: self.page_box.setValue(self.page_box.value() + 1))
        self.page_box.valueChanged.connect(lambda _v: self.show_page())
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.word_button.clicked.connect(self.save_word)
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, activated=self.next_button.click)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, activated=self.prev_button.click)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_document)
        # A page as tall as the screen lets it be: 980 px would not fit above a 1366×768 screen's taskbar.
        screen_fit.fit_size(self, 900, 980)
        self.show_page()

    @property
    def page_index(self) -> int:
        return self.page_box.value() - 1

    def _zoom(self, factor: float) -> None:
        self.zoom = max(0.4, min(3.0, self.zoom * factor))
        self.show_page()

    def show_page(self) -> None:
        page = self.pdf[self.page_index]
        width_pt = page.get_width()
        avail = max(300, self.scroll.viewport().width() - 24)
        dpi = 72.0 * avail / width_pt * self.zoom
        ratio = self.devicePixelRatioF()
        image = page_image(self.pdf, self.page_index, dpi * ratio)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.image.setPixmap(pixmap)
        self.prev_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index < len(self.pdf) - 1)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(event)
        self.show_page()

    def print_document(self) -> None:
        printer = new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("In văn bản")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_pdf(self.data, printer)
        except Exception as exc:  # explained to the clerk; nothing is lost by a failed print
            show_error(self, exc)

    def save_as(self) -> None:
        save_pdf(self, self.data, self.file_name)

    def save_word(self) -> None:
        if self.document is None:
            return
        document = self.document
        self.status.setText("Đang lập bản Word…")
        save_word(self, lambda: document, self.file_name, self.worker,
                  done=lambda path: self.status.setText(f"Đã lưu {path.name}" if path else ""))


def save_pdf(parent: QWidget | None, data: bytes, file_name: str) -> Path | None:
    """Ask where, then write safely (temporary name, fsync, rename, read back)."""
    path = file_dialogs.save_file(parent, "pdf", "Lưu tệp PDF", file_name, "Tệp PDF (*.pdf)")
    if not path:
        return None
    try:
        return safe_files.write_file(path, data)
    except Exception as exc:
        show_error(parent, exc)
        return None


def word_name(file_name: str) -> str:
    """"Bao-cao-2026-H1-05.pdf" → "Bao-cao-2026-H1-05.docx"."""
    stem = file_name[:-4] if file_name.lower().endswith(".pdf") else file_name
    return f"{stem}.docx"


def ask_word_path(parent: QWidget | None, file_name: str) -> Path | None:
    return file_dialogs.save_file(parent, "pdf", "Lưu bản Word để chỉnh sửa", word_name(file_name),
                                  "Tài liệu Word (*.docx)")


def write_word(path: Path, make: Callable[[], AdminDocument]) -> Path:
    """Build the .docx of the document `make` gives and write it safely (temporary name, fsync, rename, read back).
    Runs on the database worker: `make` may read the ledger; the Word file of a long report takes a second."""
    from desktop.core.pdf import word

    return safe_files.write_file(path, word.docx_bytes(make()))


def save_word(parent: QWidget | None, make: Callable[..., AdminDocument], file_name: str, worker: Any = None,
              done: Callable[[Path | None], None] | None = None, needs_ledger: bool = False) -> None:
    """Ask where, then build and write the Word copy: on `worker` when given (`make(ledger)` if `needs_ledger`,
    else `make()`), else here. `done(path)` gets the file written, or None when the clerk cancelled or it failed."""
    path = ask_word_path(parent, file_name)
    finish = done or (lambda _p: None)
    if path is None:
        finish(None)
        return
    if worker is None:
        try:
            finish(write_word(path, make))
        except Exception as exc:
            show_error(parent, exc)
            finish(None)
        return

    def failed(exc: BaseException) -> None:
        show_error(parent, exc)
        finish(None)

    if needs_ledger:
        worker.submit(lambda led: write_word(path, lambda: make(led)), success=finish, failure=failed)
    else:
        worker.submit(lambda _led: write_word(path, make), success=finish, failure=failed)
