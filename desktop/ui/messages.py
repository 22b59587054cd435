"""Message boxes in Vietnamese: user errors explained, unexpected errors logged and reported."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from db.errors import LedgerError
from desktop.core.errors import UserError

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, (UserError, LedgerError)):
        return str(exc)
    return ("Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu trước đó không bị ảnh hưởng.\n\n"
            f"Chi tiết kỹ thuật: {type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, (UserError, LedgerError)):
        log.error("unexpected error: %s", "".join(traceback.format_exception(exc)))
    box = QMessageBox(QMessageBox.Icon.Warning, "Sổ Thi đua", error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Đồng ý", no: str = "Hủy") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_btn = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_btn
