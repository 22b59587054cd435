"""A ledger on a USB stick or a network share, at start-up: offer to work on a copy on this computer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from db.connection import open_ledger
from desktop import APP_NAME
from desktop.ui import screen_fit


def local_copy_if_removable(path: Path) -> Path:
    """A ledger on a USB stick or a network share: offer to copy it to this computer and work on
    the copy (a pulled stick or a dropped share in the middle of a write can damage the file)."""
    from desktop import paths

    if not path.exists() or not paths.is_removable_or_network(path):
        return path
    screen_fit.install()  # no window yet: this dialog kept inside the screen too
    answer = QMessageBox.question(
        None, APP_NAME,
        f"Sổ dữ liệu đang nằm trên USB hoặc ổ mạng:\n{path}\n\nRút USB hay mất mạng khi đang ghi có thể làm hỏng "
        "sổ. Chép sổ vào máy này và làm việc trên bản trong máy? (Tệp trên USB được giữ nguyên.)")
    if answer != QMessageBox.StandardButton.Yes:
        return path
    from db.copies import write_backup

    target = paths.data_dir() / path.name
    n = 2
    while target.exists():
        target = paths.data_dir() / f"{path.stem}-{n}{path.suffix}"
        n += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    source = open_ledger(path, read_only=True)
    try:
        write_backup(source.conn, target)  # backup API + check + fsync + rename
    finally:
        source.close()
    QMessageBox.information(None, APP_NAME, f"Đã chép sổ vào máy:\n{target}\n\nTừ nay mở sổ này để làm việc.")
    return target
