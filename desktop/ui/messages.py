"""Message boxes in Vietnamese: user errors explained, unexpected errors logged and reported."""

from __future__ import annotations

import logging
import sqlite3
import traceback
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from db.errors import LedgerError, classify
from desktop.core.errors import UserError

log = logging.getLogger(__name__)

# The ledger the window works on (set at start-up): a SQLite error met outside a transaction is about it.
_ledger_path: Path | None = None


def set_ledger_path(path: Path) -> None:
    global _ledger_path
    _ledger_path = Path(path)


def known_error(exc: BaseException) -> LedgerError | None:
    """A full disk, a read-only or locked file, damage: the Vietnamese LedgerError naming file and cause."""
    if isinstance(exc, LedgerError):
        return exc
    if isinstance(exc, (sqlite3.Error, OSError)):
        return classify(exc, _ledger_path or Path("so-thi-dua.sqlite"))
    return None


def error_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    known = known_error(exc)
    if known is not None:
        return str(known)
    return ("Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu trước đó không bị ảnh hưởng.\n\n"
            f"Chi tiết kỹ thuật: {type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if known_error(exc) is not None:
        log.warning("%s: %s", type(exc).__name__, exc)
    elif not isinstance(exc, UserError):
        log.error("unexpected error: %s", "".join(traceback.format_exception(exc)))
    box = QMessageBox(QMessageBox.Icon.Warning, "Sổ Thi đua", error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Đồng ý", no: str = "Hủy") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_btn = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_btn
