"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts): horizontal bars, month columns and
a list of progress bars against targets.

Each chart shows a list of `dashboard.Bar` (label, value, filters, note) computed on the database worker;
painting is only arithmetic on that list, so a chart never waits on the database. A bar whose `filters`
are set is clickable: `bar_clicked(index)` tells the page which one, the page opens the filtered list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.core.figures.dashboard import Bar
from desktop.core.text.vnformat import format_decimal, format_int

BAR = QColor("#1976d2")
BAR_HOVER = QColor("#0d47a1")
DONE = QColor("#2e7d32")  # a target reached
TRACK = QColor("#e3e8ee")
HOVER_ROW = QColor("#e3f2fd")
TEXT = QColor("#263238")
MUTED = QColor("#607d8b")
AXIS = QColor("#b0bec5")


def vnd(value: float) -> str:
    return format_int(round(value))


def millions(value: float) -> str:
    """A column label: 1.234.567.890 đồng → "1.234,6" (triệu đồng)."""
    return format_decimal(value / 1_000_000, 1)


class _Chart(QWidget):
    """What the charts share: the bars, the bar under the mouse, clicks and tooltips."""

    bar_clicked = Signal(int)

    def __init__(self, empty_text: str = "Chưa có số liệu trong kỳ.", parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.hover: int | None = None
        self.empty_text = empty_text
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.hover = None
        self.updateGeometry()  # the height follows the number of rows
        self.update()

    def index_at(self, pos: QPoint) -> int | None:
        raise NotImplementedError

    def tooltip(self, index: int) -> str:
        bar = self.bars[index]
        text = f"{bar.label}: {vnd(bar.value)} đồng"
        if bar.note:
            text += f" ({bar.note})"
        if bar.filters:
            text += "\nBấm để xem danh sách đóng góp."
        return text

    def clickable(self, index: int | None) -> bool:
        return index is not None and bool(self.bars[index].filters)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.index_at(event.position().toPoint())
        if index != self.hover:
            self.hover = index
            self.update()
        self.setCursor(Qt.CursorShape.PointingHandCursor if self.clickable(index) else Qt.CursorShape.ArrowCursor)
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip(index), self)

    def leaveEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.hover = None
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.index_at(event.position().toPoint())
            if index is not None and self.clickable(index):
                self.bar_clicked.emit(index)

    def _paint_empty(self, p: QPainter) -> None:
        p.setPen(MUTED)
        p.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   self.empty_text)


class HBarChart(_Chart):
    """One horizontal bar per row: label on the left, bar scaled to the largest value, value on the right.
    Rows have a fixed height, so 130 tổ dân phố make a tall widget to put in a QScrollArea."""

    ROW = 26
    PAD = 6
    MAX_LABEL = 220

    def __init__(self, value_text: Callable[[Bar], str] | None = None, empty_text: str = "Chưa có số liệu trong kỳ.",
                 parent: QWidget | None = None):
        super().__init__(empty_text, parent)
        self.value_text = value_text or (lambda bar: vnd(bar.value))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, max(60, 2 * self.PAD + self.ROW * len(self.bars)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, self.sizeHint().height())

    def index_at(self, pos: QPoint) -> int | None:
        i = (pos.y() - self.PAD) // self.ROW
        return i if 0 <= i < len(self.bars) and pos.y() >= self.PAD else None

    def _columns(self) -> tuple[int, int]:
        """Widths of the label and value columns, measured on the texts shown."""
        fm = self.fontMetrics()
        label_w = min(self.MAX_LABEL, max((fm.horizontalAdvance(b.label) for b in self.bars), default=0) + 12)
        value_w = max((fm.horizontalAdvance(self.value_text(b)) for b in self.bars), default=0) + 14
        return label_w, value_w

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._paint_empty(p)
            return
        label_w, value_w = self._columns()
        left = self.PAD + label_w
        span = max(10, self.width() - left - value_w - self.PAD)
        top_value = max((b.value for b in self.bars), default=0) or 1
        fm = self.fontMetrics()
        first = max(0, (event.rect().top() - self.PAD) // self.ROW)  # only the rows inside the exposed area
        last = min(len(self.bars), (event.rect().bottom() - self.PAD) // self.ROW + 1)
        for i in range(first, last):
            bar = self.bars[i]
            y = self.PAD + i * self.ROW
            if i == self.hover:
                p.fillRect(QRect(0, y, self.width(), self.ROW), HOVER_ROW)
            p.setPen(TEXT)
            text_rect = QRect(self.PAD, y, label_w - 8, self.ROW)
            p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 8))
            width = round(span * max(0.0, bar.value) / top_value)
            if bar.value > 0:
                width = max(width, 2)  # a small contribution still shows
            p.fillRect(QRect(left, y + 5, width, self.ROW - 10), BAR_HOVER if i == self.hover else BAR)
            p.setPen(TEXT)
            p.drawText(QRect(left + width + 6, y, value_w + span - width, self.ROW),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.value_text(bar))
        p.end()


class MonthChart(_Chart):
    """One column per month, in triệu đồng; labels thin out when the period has many months."""

    TOP = 34
    BOTTOM = 26
    PAD = 10

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, 240)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, 160)

    def _slot(self) -> float:
        return (self.width() - 2 * self.PAD) / max(1, len(self.bars))

    def index_at(self, pos: QPoint) -> int | None:
        if not self.bars or pos.y() > self.height() - self.BOTTOM + 4:
            return None
        i = int((pos.x() - self.PAD) // self._slot())
        return i if 0 <= i < len(self.bars) and pos.x() >= self.PAD else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._paint_empty(p)
            return
        fm = self.fontMetrics()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        p.setPen(MUTED)
        p.setFont(small)
        p.drawText(QRect(self.PAD, 0, self.width(), 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   "Đơn vị: triệu đồng")
        p.setFont(self.font())
        slot = self._slot()
        base = self.height() - self.BOTTOM
        height = max(10, base - self.TOP)
        top_value = max((b.value for b in self.bars), default=0) or 1
        # Show one label in `step` so neighbouring texts never overlap.
        widest = max(fm.horizontalAdvance(b.label) for b in self.bars) + 8
        step = max(1, int(-(-widest // slot)))
        values_fit = max(fm.horizontalAdvance(millions(b.value)) for b in self.bars) + 4 <= slot
        p.setPen(AXIS)
        p.drawLine(self.PAD, base, self.width() - self.PAD, base)
        for i, bar in enumerate(self.bars):
            x = self.PAD + i * slot
            if i == self.hover:
                p.fillRect(QRect(round(x), self.TOP - 20, round(slot), base - self.TOP + 20 + self.BOTTOM), HOVER_ROW)
            col_w = max(2, min(64, round(slot * 0.62)))  # six months on a wide screen stay columns, not walls
            col_h = round(height * max(0.0, bar.value) / top_value)
            if bar.value > 0:
                col_h = max(col_h, 2)
            col_x = round(x + (slot - col_w) / 2)
            p.fillRect(QRect(col_x, base - col_h, col_w, col_h), BAR_HOVER if i == self.hover else BAR)
            p.setPen(TEXT)
            if values_fit or i == self.hover:
                p.drawText(QRect(round(x) - 20, base - col_h - 18, round(slot) + 40, 16),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, millions(bar.value))
            if i % step == 0:
                p.drawText(QRect(round(x) - 20, base + 4, round(slot) + 40, self.BOTTOM - 4),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, bar.label)
        p.end()


class ProgressList(_Chart):
    """Targets: the name and its note ("result / target unit — percent") on one line, a progress bar under it.
    The bar stops at 100 %; a target reached turns green."""

    ROW = 46
    PAD = 6

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, max(60, 2 * self.PAD + self.ROW * len(self.bars)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, self.sizeHint().height())

    def index_at(self, pos: QPoint) -> int | None:
        i = (pos.y() - self.PAD) // self.ROW
        return i if 0 <= i < len(self.bars) and pos.y() >= self.PAD else None

    def tooltip(self, index: int) -> str:
        bar = self.bars[index]
        text = f"{bar.label}: {bar.note}"
        if bar.filters:
            text += "\nBấm để xem danh sách đóng góp."
        return text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.bars:
            self._paint_empty(p)
            return
        fm = self.fontMetrics()
        inner = self.width() - 2 * self.PAD - 8
        for i, bar in enumerate(self.bars):
            y = self.PAD + i * self.ROW
            if i == self.hover:
                p.fillRect(QRect(0, y, self.width(), self.ROW), HOVER_ROW)
            right = bar.note
            right_w = fm.horizontalAdvance(right) + 8
            p.setPen(TEXT)
            p.drawText(QRect(self.PAD + 4, y + 2, inner - right_w, 20),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, inner - right_w))
            p.drawText(QRect(self.PAD + 4, y + 2, inner, 20),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
            track = QRect(self.PAD + 4, y + 26, inner, 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(TRACK)
            p.drawRoundedRect(track, 4, 4)
            done = min(1.0, max(0.0, bar.value / 100.0))
            if done > 0:
                p.setBrush(DONE if bar.value >= 100 else (BAR_HOVER if i == self.hover else BAR))
                p.drawRoundedRect(QRect(track.left(), track.top(), max(6, round(inner * done)), 10), 4, 4)
        p.end()
