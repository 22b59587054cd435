"""What the Windows bundle (installer/thidua.spec) leaves out, in one place the tests can read.

The spec excludes these modules so the bundle stays small; tests/test_bundle_imports.py checks that the
program never imports them — an excluded module the program needs would only fail on the clerk's PC.
No Qt import here: the spec and the tests read this module without starting Qt.
"""

from __future__ import annotations

import importlib.util
import pkgutil

# The Qt modules the program imports (grep "PySide6.Qt" in desktop/): widgets, printing (QtPrintSupport),
# and QtNetwork for the one-window-per-ledger local socket. PDF preview uses pypdfium2, not QtPdf.
QT_USED = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPrintSupport")

# Every other module of PySide6-Essentials and -Addons we know of (Addons are not installed, but a
# developer's machine may have the full PySide6 wheel). qt_excludes() adds any newer module it finds.
_QT_KNOWN_UNUSED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning",
    "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg",
    "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Python packages that may sit in a developer's virtualenv but the program never needs. lxml is NOT here:
# python-docx (the Word copy of a document) is built on it, and openpyxl then uses it too. PIL is NOT here:
# reportlab imports it at start.
PY_EXCLUDES = (
    "tkinter", "_tkinter", "numpy", "matplotlib", "IPython",
    "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf",
)


def _installed_qt_modules() -> set[str]:
    """The Qt* modules of the installed PySide6, found without importing it (nothing of Qt is loaded)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return set()
    return {m.name for m in pkgutil.iter_modules(list(spec.submodule_search_locations)) if m.name.startswith("Qt")}


def qt_excludes() -> list[str]:
    """Dotted names ("PySide6.QtQml", …) of every Qt module the bundle leaves out."""
    names = (set(_QT_KNOWN_UNUSED) | _installed_qt_modules()) - set(QT_USED)
    return sorted(f"PySide6.{n}" for n in names)


def excludes() -> list[str]:
    """Everything the spec passes to PyInstaller's `excludes`."""
    return qt_excludes() + list(PY_EXCLUDES)
