"""The file dialogs of the program: each remembers the last folder for its purpose, and nothing is written over an
existing file without asking.

A clerk carries the tổ trưởng's workbooks in one folder, the handoff file on a USB stick, backups on another stick:
the dialog for each opens where the last one of its purpose was chosen (`PURPOSES`), or in Tài liệu (Documents) the
first time and when that folder is gone (a stick pulled out). The folders are kept per computer, not in the ledger
(a backup or a handoff file must not carry one PC's folders to another), in `giao-dien.ini` in the program's data
folder (desktop.paths.data_dir).

Writing over a file: the save dialog asks itself for the name the clerk typed; it cannot know the name the program
makes of it ("bao-cao" saved as "bao-cao.pdf"), nor the fixed names written into a chosen folder (the handoff file
`<mã>_<kỳ>.thidua` on the stick, the dossier's files): `save_file` and `confirm_overwrite_in` ask then, default
Không (No).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop import APP_NAME, paths

SETTINGS_FILE = "giao-dien.ini"
PURPOSES = {
    "intake": "tệp Excel nhập liệu, mẫu nhập liệu, danh sách lỗi gửi tổ trưởng",
    "handoff": "tệp dữ liệu gửi cấp trên (.thidua), khóa công khai — thường là ổ USB",
    "export": "bảng Excel xuất từ danh sách, so sánh, tổng hợp, danh sách đề nghị",
    "pdf": "văn bản PDF và bản Word",
    "dossier": "thư mục bộ hồ sơ khen thưởng",
    "backup": "thư mục chép bản sao lưu (ổ USB)",
    "restore": "bản sao lưu để khôi phục",
}
MAX_NAMES_SHOWN = 5
_PATTERN = re.compile(r"\*\.([A-Za-z0-9]+)")


def _settings() -> QSettings:
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def _key(purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown file dialog purpose {purpose!r}")
    return f"thu-muc-gan-nhat/{purpose}"


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def last_folder(purpose: str, default: str | Path | None = None) -> str:
    """The folder last chosen for `purpose` while it still exists, else `default`, else Tài liệu."""
    value = _settings().value(_key(purpose))
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return str(default) if default else documents_folder()


def remember(purpose: str, folder: str | Path) -> None:
    settings = _settings()
    settings.setValue(_key(purpose), str(Path(folder)))
    settings.sync()


def open_file(parent: QWidget | None, purpose: str, caption: str, file_filter: str,
              default: str | Path | None = None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, last_folder(purpose, default), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    remember(purpose, path.parent)
    return path


def open_files(parent: QWidget | None, purpose: str, caption: str, file_filter: str,
               default: str | Path | None = None) -> list[Path]:
    chosen, _ = QFileDialog.getOpenFileNames(parent, caption, last_folder(purpose, default), file_filter)
    out = [Path(p) for p in chosen if p]
    if out:
        remember(purpose, out[0].parent)
    return out


def pick_folder(parent: QWidget | None, purpose: str, caption: str, default: str | Path | None = None) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, caption, last_folder(purpose, default))
    if not chosen:
        return None
    folder = Path(chosen)
    remember(purpose, folder)
    return folder


def suffixes(file_filter: str) -> list[str]:
    """"Excel (*.xlsx);;PDF (*.pdf)" → ["xlsx", "pdf"]; a filter of "*" alone gives none."""
    return [s.lower() for s in _PATTERN.findall(file_filter)]


def save_file(parent: QWidget | None, purpose: str, caption: str, suggested_name: str, file_filter: str,
              default: str | Path | None = None) -> Path | None:
    """Ask where to save, starting in the purpose's last folder with `suggested_name`. The name gets the suffix of
    the chosen filter when the clerk typed none — and then, since the dialog only asked about the name as typed, an
    existing file of that name is not written over without asking. None: cancelled."""
    start = str(Path(last_folder(purpose, default)) / suggested_name)
    chosen, selected = QFileDialog.getSaveFileName(parent, caption, start, file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    wanted = suffixes(selected) or suffixes(file_filter.split(";;")[0])
    if wanted and path.suffix.lower().lstrip(".") not in suffixes(file_filter):  # "loi.pdf" stays .pdf
        path = path.with_name(f"{path.name}.{wanted[0]}")
        if path.exists() and not confirm_overwrite(parent, path):
            return None
    remember(purpose, path.parent)
    return path


def confirm_overwrite(parent: QWidget | None, path: Path) -> bool:
    """"Tệp … đã có. Ghi đè?" — Không (No) unless the clerk says Có."""
    answer = QMessageBox.question(
        parent, APP_NAME, f"Tệp {path.name} đã có trong thư mục {path.parent}. Ghi đè?\n\n"
        "Bấm Không để giữ tệp cũ (rồi chọn tên hoặc thư mục khác).",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def confirm_overwrite_in(parent: QWidget | None, folder: Path, names: list[str] | None = None,
                         kinds: tuple[str, ...] = ()) -> bool:
    """Before the program writes fixed names into a chosen folder: True when none of `names` (or, when the names
    are not known in advance, no file ending in one of `kinds`) is there yet, or the clerk agrees to write over."""
    if names is not None:
        existing = sorted(n for n in names if (folder / n).exists())
    else:
        existing = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in kinds)
    if not existing:
        return True
    if names is not None and len(existing) == 1:
        return confirm_overwrite(parent, folder / existing[0])
    shown = ", ".join(existing[:MAX_NAMES_SHOWN]) + ("…" if len(existing) > MAX_NAMES_SHOWN else "")
    what = "các tệp này" if names is not None else "tệp nào trùng tên với tệp sắp ghi"
    answer = QMessageBox.question(
        parent, APP_NAME, f"Thư mục {folder} đã có {len(existing)} tệp ({shown}). Ghi vào thư mục này thì {what} "
        "sẽ bị ghi đè. Ghi đè?\n\nBấm Không để giữ các tệp cũ (rồi chọn thư mục khác, ví dụ một thư mục mới).",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
