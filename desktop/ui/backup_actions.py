"""Sao lưu and khôi phục from the GUI: back up now, back up to a USB folder, restore with a preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME
from desktop.core.ledger import safety
from desktop.core.ledger.records import TABLE_NOUNS
from desktop.core.text.vnformat import format_int
from desktop.ui import file_dialogs
from desktop.ui.messages import show_error


class MainWindow(Protocol):
    """What these actions need of the main window (a Protocol: this module never imports the window)."""

    ctx: Any

    def backup_folder(self) -> Path: ...

    def reopen_after(self, change: Callable[[Path, str], Any], done: str = ...) -> None: ...


def backup_now(window: MainWindow, parent: QWidget, to_folder: bool = False) -> None:
    dest: Path | None = None
    if to_folder:
        dest = file_dialogs.pick_folder(parent, "backup", "Chọn thư mục (ví dụ ổ USB) để chép bản sao lưu")
        if dest is None:
            return  # the copy gets a name not yet in the folder (safety.backup_now): nothing is written over

    def done(path: Path) -> None:
        where = "Có thể rút USB." if to_folder else ""
        QMessageBox.information(parent, APP_NAME, f"Đã sao lưu và kiểm tra xong bản sao:\n{path}\n{where}")

    window.ctx.worker.submit(safety.backup_now, dest, success=done, failure=lambda e: show_error(parent, e))


def _preview_text(info: dict[str, Any]) -> str:
    counts = info.get("counts", {})
    lines = [
        f"Đơn vị: {info.get('unit_name') or '(chưa khai báo)'}",
        f"Lập lúc: {info.get('file_time') or ''}",
        f"Thay đổi cuối cùng: {info.get('last_change') or ''}",
        "Số liệu: " + ", ".join(f"{format_int(v)} {TABLE_NOUNS.get(k, k)}" for k, v in counts.items()),
    ]
    return "\n".join(lines)


def restore(window: MainWindow, parent: QWidget) -> None:
    backup = file_dialogs.open_file(parent, "restore", "Chọn bản sao lưu để khôi phục",
                                    "Sổ Thi đua (*.sqlite);;Mọi tệp (*)", default=window.backup_folder())
    if backup is None:
        return
    try:
        info = safety.preview(backup)
    except Exception as exc:  # a damaged or foreign file: explained, nothing changed
        show_error(parent, exc)
        return
    answer = QMessageBox.question(
        parent, "Khôi phục từ bản sao lưu",
        f"{_preview_text(info)}\n\nKhôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu này. "
        "Dữ liệu hiện tại được sao lưu trước, không mất. Tiếp tục?")
    if answer != QMessageBox.StandardButton.Yes:
        return
    other_unit = _other_unit(window.ctx.unit or {}, info)
    if other_unit is not None and not _confirm_other_unit(parent, other_unit):
        return
    window.reopen_after(lambda path, user: safety.restore_from(path, backup, user, other_unit=other_unit is not None))


def _other_unit(unit: dict[str, Any], info: dict[str, Any]) -> tuple[str, str] | None:
    """(this unit, the backup's unit) when the backup is another unit's ledger (the province's over a ward's)."""
    here = (unit.get("name") or "", unit.get("code") or "")
    there = (info.get("unit_name") or "", info.get("unit_code") or "")
    if not any(here) or not any(there):
        return None
    same = here[1] == there[1] if here[1] and there[1] else here[0] == there[0]
    if same:
        return None
    return _named(*here), _named(*there)


def _named(name: str, code: str) -> str:
    return f"{name} (mã {code})" if code else name


def _confirm_other_unit(parent: QWidget, units: tuple[str, str]) -> bool:
    """A second question, default Không: restoring another unit's ledger replaces this unit's data."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Bản sao lưu của đơn vị khác",
                      f"Bản sao lưu này là sổ của {units[1]}, không phải của {units[0]} đang dùng.\n\n"
                      f"Khôi phục sẽ thay toàn bộ sổ của {units[0]} bằng sổ của {units[1]}. Vẫn khôi phục?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.exec()
    return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
