"""Sổ Thi đua — the desktop application (GUI in desktop.ui, services in desktop.core)."""

__version__ = "0.1.0"
APP_NAME = "Sổ Thi đua"
# Set by the frozen program's entries (installer/entry_*.py) once multiprocessing.freeze_support() has run: only
# then may upper_pool start worker processes, which in a frozen program start the program's own executable again.
FREEZE_SUPPORT = False
