"""Trợ giúp: the user guide (resources/guide/huong-dan-su-dung.md) in a window beside the work, and Giới thiệu.

The guide is one Markdown file with its screenshots next to it; it is found only through
`desktop.paths.resource_path("guide", ...)`, so it also opens from a frozen (PyInstaller) build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__, paths
from desktop.ui import screen_fit

GUIDE_FILE = "huong-dan-su-dung.md"


def guide_path() -> Path:
    return paths.resource_path("guide", GUIDE_FILE)


def guide_headings(markdown: str) -> list[str]:
    """The `## ` headings (the sections of the contents list), skipping fenced code blocks."""
    out: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            out.append(line[3:].strip())
    return out


def guide_images(markdown: str) -> list[str]:
    """The relative paths of the images the guide shows (`![…](images/x.png)`), in order."""
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", markdown)


def _fold_char(ch: str) -> str:
    """One character without its accents, lower case ("Ư" → "u", "đ" → "d"): the same length in and out,
    so a match in the folded text is a match at the same place in the document."""
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else ch.lower()[:1] or ch


def fold_text(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


class HelpDialog(QDialog):
    """Non-modal: the clerk reads a step and does it in the main window at the same time."""

    IMAGE_MAX_WIDTH = 900  # screenshots are wider than the reading column: shown scaled down, kept sharp enough

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Hướng dẫn sử dụng — {APP_NAME}")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its pictures are freed when the guide is closed
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.folder = guide_path().parent

        layout = QVBoxLayout(self)
        find_row = QHBoxLayout()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Tìm trong hướng dẫn (gõ không dấu cũng được) — Ctrl+F, Enter: tìm tiếp")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.textEdited.connect(lambda _t: self.find_next(from_start=True))
        self.find_status = QLabel()
        self.find_status.setObjectName("hint")
        find_next = QPushButton("Tìm tiếp")
        find_next.clicked.connect(lambda: self.find_next())
        find_row.addWidget(self.find_box, 1)
        find_row.addWidget(find_next)
        find_row.addWidget(self.find_status)
        layout.addLayout(find_row)

        split = QSplitter()
        self.toc = QListWidget()
        self.toc.setWordWrap(True)
        self.toc.setMinimumWidth(200)
        self.toc.setMaximumWidth(300)
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc.currentRowChanged.connect(self.go_to_section)
        self.toc.itemClicked.connect(lambda item: self.go_to_section(self.toc.row(item)))
        split.addWidget(self.toc)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # a link must not replace the guide; outside links open in the browser
        self.browser.anchorClicked.connect(self._link)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 860])
        layout.addWidget(split, 1)

        buttons = QDialogButtonBox()
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)

        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_find)
        QShortcut(QKeySequence("F3"), self, activated=lambda: self.find_next())
        self._fit_timer = QTimer(self, singleShot=True, interval=150)
        self._fit_timer.timeout.connect(self._fit_images)
        self._images: dict[tuple[str, int], QImage] = {}
        screen_fit.fit_size(self, 1120, 780)  # smaller on a 1366×768 or 1280×720 screen
        self.load()

    # --- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            text = guide_path().read_text(encoding="utf-8")
        except OSError:
            text = (f"# Hướng dẫn sử dụng\n\nKhông tìm thấy tệp hướng dẫn `{guide_path()}`. "
                    "Hãy cài lại chương trình.\n")
        self.markdown = text
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(self.folder) + "/"))
        self.browser.setMarkdown(text)
        self.headings = guide_headings(text)
        self._heading_blocks = [b for b in self._blocks() if b.blockFormat().headingLevel() == 2]
        self.toc.clear()
        self.toc.addItems(self.headings)
        self._mark_quotes()
        self._fit_images()

    def _mark_quotes(self) -> None:
        """Quoted text (the program's own messages, in the section on errors) on a tinted band, so a clerk sees
        at a glance which words are on the screen and which are the explanation."""
        cursor = QTextCursor(self.browser.document())
        band = QTextBlockFormat()
        band.setBackground(QColor("#fff8e1"))
        band.setTopMargin(6)
        wrap = QTextBlockFormat()
        wrap.setNonBreakableLines(False)
        for block in self._blocks():
            if block.blockFormat().intProperty(QTextFormat.Property.BlockQuoteLevel) > 0:
                cursor.setPosition(block.position())
                cursor.mergeBlockFormat(band)
            elif block.blockFormat().nonBreakableLines():  # a long command line wraps on a 1366 px screen
                cursor.setPosition(block.position())
                cursor.mergeBlockFormat(wrap)

    def _blocks(self) -> Iterator[QTextBlock]:
        block = self.browser.document().begin()
        while block.isValid():
            yield block
            block = block.next()

    def _fit_images(self) -> None:
        """Scale every screenshot down to the reading width (Markdown has no width attribute). Scaled here, smoothly,
        and handed to the document as its resource: the text browser's own scaling drops pixels and blurs the text."""
        # Before the first showing the pane has no size yet: estimate it from the dialog's (the contents list ~ 300).
        pane = self.browser.viewport().width() if self.browser.isVisible() else self.width() - 300
        width = max(320, min(self.IMAGE_MAX_WIDTH, pane - 40))
        doc = self.browser.document()
        # Resizing the pictures moves the text: keep the paragraph the reader is at where it is.
        bar = self.browser.verticalScrollBar()
        layout = doc.documentLayout()
        at = doc.findBlock(layout.hitTest(QPointF(0, bar.value()), Qt.HitTestAccuracy.FuzzyHit))
        offset = bar.value() - layout.blockBoundingRect(at).top()
        cursor = QTextCursor(doc)
        for block in self._blocks():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                it += 1
                fmt = fragment.charFormat()
                if not fmt.isImageFormat():
                    continue
                image = fmt.toImageFormat()
                shown = self._scaled(image.name(), width)
                if shown is None:
                    continue  # a missing picture: the browser shows its empty frame
                doc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(image.name()), shown)
                image.setWidth(shown.width())
                image.setHeight(shown.height())
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(image)
        if at.isValid() and bar.value() > 0:
            bar.setValue(int(layout.blockBoundingRect(at).top() + offset))

    def _scaled(self, name: str, width: int) -> QImage | None:
        key = (name, width)
        if key not in self._images:
            original = QImage(str(self.folder / name))
            if original.isNull():
                return None
            if original.width() > width:
                original = original.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            # Three bytes a pixel: some thirty screenshots stay a few tens of MB while the guide is open.
            self._images = {k: v for k, v in self._images.items() if k[0] != name}
            self._images[key] = original.convertToFormat(QImage.Format.Format_RGB888)
        return self._images[key]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_timer.start()

    # --- contents and links ----------------------------------------------------------------------
    def go_to_section(self, row: int) -> None:
        """Scroll so the section's heading is at the top of the reading pane."""
        if not 0 <= row < len(self._heading_blocks):
            return
        block = self._heading_blocks[row]
        layout = self.browser.document().documentLayout()
        # Qt lays a long document out a piece at a time: laying out its last block first makes the scroll range whole,
        # so a section near the end is reached, not stopped short.
        layout.blockBoundingRect(self.browser.document().lastBlock())
        top = layout.blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(int(top))

    def go_to_heading(self, heading: str) -> bool:
        if heading in self.headings:
            self.toc.setCurrentRow(self.headings.index(heading))
            return True
        return False

    def _link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    # --- find ----------------------------------------------------------------------------------
    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self, from_start: bool = False) -> bool:
        """Select the next place the text occurs, ignoring accents and case (as the app's search does)."""
        wanted = fold_text(self.find_box.text().strip())
        if not wanted:
            self.find_status.setText("")
            return False
        doc = self.browser.document()
        haystack = fold_text(doc.toRawText())  # one character per document position
        cursor = self.browser.textCursor()
        start = 0 if from_start else cursor.selectionEnd()
        found = haystack.find(wanted, start)
        if found < 0 and start > 0:
            found = haystack.find(wanted)  # wrap around to the top
        if found < 0:
            self.find_status.setText("Không thấy.")
            return False
        cursor = QTextCursor(doc)
        cursor.setPosition(found)
        cursor.setPosition(found + len(wanted), QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        self.find_status.setText(f"{haystack.count(wanted)} chỗ")
        return True


def show_guide(parent: QWidget, heading: str | None = None) -> HelpDialog:
    """Open the guide beside the main window (or bring the open one forward)."""
    dialog = parent.findChild(HelpDialog)
    if dialog is None:
        dialog = HelpDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if heading:
        dialog.go_to_heading(heading)
    return dialog


# --------------------------------------------------------------------------- Giới thiệu


class AboutDialog(QDialog):
    """Version and where everything is: the ledger, its backups, the data folder (log, settings)."""

    def __init__(self, parent: QWidget | None, ledger_path: Path, backup_folder: Path):
        super().__init__(parent)
        self.setWindowTitle("Giới thiệu")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ledger_path = Path(ledger_path)
        v = QVBoxLayout(self)
        head = QLabel(f"<b style='font-size:13pt'>{APP_NAME}</b> &nbsp; phiên bản {__version__}")
        v.addWidget(head)
        text = QLabel("Sổ theo dõi phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực "
                      "hành tiết kiệm, chống lãng phí” và đóng góp của Nhân dân. Chạy không cần Internet; dữ liệu "
                      "nằm trên máy này.")
        text.setWordWrap(True)
        v.addWidget(text)
        form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        for key, label, path in (("ledger", "Tệp sổ dữ liệu:", self.ledger_path),
                                 ("backups", "Thư mục sao lưu:", Path(backup_folder)),
                                 ("data", "Thư mục dữ liệu, nhật ký:", paths.data_dir())):
            value = QLabel(str(path))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows[key] = value
            form.addRow(label, value)
        v.addLayout(form)
        hint = QLabel("Muốn chép sổ sang máy khác hay cất giữ, hãy dùng Cài đặt → Sao lưu ra USB… (không chép tệp "
                      "sổ khi chương trình đang mở).")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        v.addWidget(hint)
        buttons = QDialogButtonBox()
        self.open_folder = buttons.addButton("Mở thư mục chứa sổ", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.clicked.connect(self._open_folder)
        self.open_backups = buttons.addButton("Mở thư mục sao lưu", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_backups.clicked.connect(lambda: self._open(Path(backup_folder)))
        self.open_backups.setEnabled(Path(backup_folder).is_dir())  # none yet before the first backup
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        v.addWidget(buttons)
        self.setMinimumWidth(620)

    def text(self) -> str:
        """Everything the dialog says (for tests and screen readers)."""
        return "\n".join(w.text() for w in self.findChildren(QLabel))

    def _open_folder(self) -> None:
        self._open(self.ledger_path.parent)

    @staticmethod
    def _open(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_about(parent: QWidget, ledger_path: Path, backup_folder: Path) -> AboutDialog:
    """Window-modal but not blocking (open(), not exec()): the caller and tests carry on."""
    dialog = AboutDialog(parent, ledger_path, backup_folder)
    dialog.open()
    return dialog
