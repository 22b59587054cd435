"""Sổ Thi đua — the desktop application (GUI in desktop.ui, services in desktop.core)."""

__version__ = "0.1.0"
APP_NAME = "Sổ Thi đua"
