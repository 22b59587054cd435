"""Where things live: the user's ledger (platformdirs, never next to the program) and resources/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "SoThiDua"
LEDGER_FILE = "so-thi-dua.sqlite"


def data_dir() -> Path:
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def default_ledger_path(cli_value: str | None = None) -> Path:
    """--db FILE wins, then the THIDUA_DB environment variable, then the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("THIDUA_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / LEDGER_FILE


def resource_path(*parts: str) -> Path:
    """A file under resources/, from the source tree or from a frozen (PyInstaller) build."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def is_removable_or_network(path: Path) -> bool:
    """True for a ledger on a USB stick or a network share, where a pulled stick or a dropped
    connection in the middle of a write can damage it."""
    resolved = path.resolve()
    if sys.platform == "win32":
        import ctypes

        drive = resolved.drive
        if drive.startswith("\\\\"):
            return True  # UNC path: a network share
        kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
        return kind in (2, 4)  # DRIVE_REMOVABLE, DRIVE_REMOTE
    text = str(resolved)
    return text.startswith(("/media/", "/run/media/", "/mnt/", "/Volumes/"))
