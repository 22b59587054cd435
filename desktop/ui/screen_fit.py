"""Every window fits the screen it opens on: the 1366×768 laptop of a ward office (728 px above the taskbar) and
the 1280×720 projector, not only the developer's large screen.

Two parts: `fit_size` gives a window its preferred size, shrunk to the free area of the screen; `install` puts
an application-wide filter that, when any top-level window is shown (our dialogs, message boxes, file dialogs),
shrinks it to the free area if it is larger and moves it back inside, title bar included.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

# Before the window system has framed a window its frame is unknown: assume a Windows 10/11 title bar and borders
# at 100 % scaling, so a window sized before it is shown still fits once framed.
DEFAULT_FRAME = QMargins(8, 31, 8, 8)
_FITTED_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog)
_SHOWN = (QEvent.Type.Show, QEvent.Type.ShowToParent)


def available_area(widget: QWidget | None = None) -> QRect:
    """The free area (without the taskbar) of the screen the widget (or its parent window) is on."""
    screen = None
    if widget is not None:
        anchor = widget.parentWidget().window() if widget.parentWidget() is not None else widget
        screen = anchor.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget) -> QMargins:
    """The title bar and borders around the window: measured once it is framed, otherwise `DEFAULT_FRAME`."""
    frame, inner = window.frameGeometry(), window.geometry()
    measured = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                        frame.right() - inner.right(), frame.bottom() - inner.bottom())
    return QMargins(max(measured.left(), DEFAULT_FRAME.left()), max(measured.top(), DEFAULT_FRAME.top()),
                    max(measured.right(), DEFAULT_FRAME.right()), max(measured.bottom(), DEFAULT_FRAME.bottom()))


def largest_size(window: QWidget) -> tuple[int, int]:
    """The largest inner size (width, height) whose frame still fits the free area of the screen."""
    area, m = available_area(window), frame_margins(window)
    return area.width() - m.left() - m.right(), area.height() - m.top() - m.bottom()


def fit_size(window: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, or to the free area of the screen when that is smaller."""
    max_w, max_h = largest_size(window)
    window.resize(max(200, min(width, max_w)), max(150, min(height, max_h)))


def keep_on_screen(window: QWidget, *, move: bool = True) -> None:
    """Shrink the window to the free area if it is larger, then (with `move`) move it so its frame lies inside."""
    area, m = available_area(window), frame_margins(window)
    max_w, max_h = largest_size(window)
    if window.width() > max_w or window.height() > max_h:
        window.resize(min(window.width(), max_w), min(window.height(), max_h))
    if not move:
        return
    outer_w = window.width() + m.left() + m.right()
    outer_h = window.height() + m.top() + m.bottom()
    x, y = window.frameGeometry().x(), window.frameGeometry().y()
    x = max(area.left(), min(x, area.left() + area.width() - outer_w))
    y = max(area.top(), min(y, area.top() + area.height() - outer_h))
    if (x, y) != (window.frameGeometry().x(), window.frameGeometry().y()):
        window.move(x, y)  # move() places the frame's top-left corner


def center_on_screen(window: QWidget) -> None:
    """Put the window (frame included) in the middle of the free area."""
    area, m = available_area(window), frame_margins(window)
    outer_w = window.width() + m.left() + m.right()
    outer_h = window.height() + m.top() + m.bottom()
    window.move(area.left() + max(0, (area.width() - outer_w) // 2),
                area.top() + max(0, (area.height() - outer_h) // 2))


class _ShowFilter(QObject):
    """Keeps every top-level window, whoever built it, on the screen when it is shown."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Show: before the window is mapped (shrink it then, no jump); ShowToParent: after a dialog was centred
        # over its parent, which may have put it partly off the screen.
        if event.type() in _SHOWN and isinstance(obj, QWidget) and obj.isWindow():
            if obj.windowType() in _FITTED_TYPES and not obj.isMaximized() and not obj.isFullScreen():
                # A move before the dialog is centred would stop Qt centring it: only shrink at Show.
                keep_on_screen(obj, move=event.type() == QEvent.Type.ShowToParent)
        return False


def offscreen_platform(width: int = 1366, height: int = 768) -> str:
    """The QT_QPA_PLATFORM value of an offscreen run on a virtual screen of this size (screenshots of the guide as a
    clerk's 1366×768 screen shows them; Qt's offscreen screen is 800×800 otherwise). Set it before the application
    is made."""
    import json
    import tempfile
    from pathlib import Path

    config = {"screens": [{"name": f"{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    path = Path(tempfile.gettempdir()) / f"thidua-screen-{width}x{height}.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"


def install(app: QApplication | None = None) -> None:
    """Once per application: keep every window it shows inside the screen (safe to call again)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or app.property("thidua_screen_fit"):
        return
    app.setProperty("thidua_screen_fit", True)
    fitter = _ShowFilter(app)
    app.installEventFilter(fitter)
