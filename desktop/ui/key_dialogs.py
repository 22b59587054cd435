"""The ward's signing key in the GUI (issue 19, fault 9): the passphrase dialog, and the two actions of the key box
on the Trao đổi dữ liệu page — "Sao lưu khóa ký…" (to a file protected by a passphrase typed twice) and "Khôi phục
khóa ký…" (from that file, on a new PC). The work is `desktop.core.ledger.key_backup`, on the database thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.errors import UserError
from desktop.core.ledger import key_backup
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error

BACKUP_HINT = ("Khóa ký riêng không nằm trong sổ và các bản sao lưu sổ. Muốn dùng sổ trên máy khác (hoặc sau khi cài "
               "lại máy), cần tệp sao lưu khóa này và mật khẩu. Cất tệp (ví dụ trên một USB riêng) và mật khẩu ở hai "
               "nơi khác nhau; ai có cả hai thì ký được thay đơn vị.")


class PassphraseDialog(QDialog):
    """One passphrase (restore) or the same one twice (backup), hidden as typed."""

    def __init__(self, parent: QWidget | None, title: str, text: str, *, twice: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        v = QVBoxLayout(self)
        info = QLabel(text)
        info.setWordWrap(True)
        v.addWidget(info)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Mật khẩu:", self.first)
        self.second: QLineEdit | None = None
        if twice:
            self.second = QLineEdit()
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow("Nhập lại mật khẩu:", self.second)
        v.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        v.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đồng ý")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        try:
            if self.second is not None:
                key_backup.check_passphrase(self.first.text())
                if self.second.text() != self.first.text():
                    raise UserError("Hai lần nhập mật khẩu không giống nhau.")
            elif not self.first.text():
                raise UserError("Hãy nhập mật khẩu đã đặt khi sao lưu khóa.")
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.accept()


def _ask(parent: QWidget, title: str, text: str, *, twice: bool) -> str | None:
    dialog = PassphraseDialog(parent, title, text, twice=twice)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


def backup_key(parent: QWidget, ctx: AppContext, report: Callable[[str], None]) -> None:
    """Choose the file, ask the passphrase twice, write and check the backup."""
    name = f"sao-luu-khoa-ky-{ctx.unit.get('code') or 'don-vi'}.json"
    path = file_dialogs.save_file(parent, "key-backup", "Lưu tệp sao lưu khóa ký", name, "Tệp sao lưu khóa (*.json)")
    if not path:
        return
    passphrase = _ask(parent, "Đặt mật khẩu cho tệp sao lưu khóa", BACKUP_HINT, twice=True)
    if passphrase is not None:
        run_backup(parent, ctx, Path(path), passphrase, report)


def run_backup(parent: QWidget, ctx: AppContext, path: Path, passphrase: str, report: Callable[[str], None]) -> None:
    ctx.worker.submit(key_backup.write_backup, path, passphrase,
                      success=lambda p: report(f"✔ Đã sao lưu khóa ký ra <b>{p}</b> (có mật khẩu). Cất tệp và mật "
                                               "khẩu ở hai nơi khác nhau."),
                      failure=lambda exc: show_error(parent, exc))


def restore_key(parent: QWidget, ctx: AppContext, report: Callable[[str], None]) -> None:
    """Choose the backup file, ask its passphrase, put the key back in this PC's key file."""
    path = file_dialogs.open_file(parent, "key-backup", "Chọn tệp sao lưu khóa ký", "Tệp sao lưu khóa (*.json)")
    if not path:
        return
    try:
        doc = key_backup.describe(path)
    except UserError as exc:
        show_error(parent, exc)
        return
    unit = doc["unit"]
    text = (f"Tệp {Path(path).name}: khóa ký của {unit.get('name')} ({unit.get('code')}), dấu vân tay "
            f"{doc.get('fingerprint')}. Nhập mật khẩu đã đặt khi sao lưu.")
    passphrase = _ask(parent, "Khôi phục khóa ký", text, twice=False)
    if passphrase is not None:
        run_restore(parent, ctx, Path(path), passphrase, report)


def run_restore(parent: QWidget, ctx: AppContext, path: Path, passphrase: str, report: Callable[[str], None]) -> None:
    def done(out: dict[str, Any]) -> None:
        report(f"✔ Đã khôi phục khóa ký (dấu vân tay <b>{out['fingerprint']}</b>) vào máy này.")

    ctx.worker.submit(key_backup.restore, path, passphrase, success=done, failure=lambda exc: show_error(parent, exc))


NEW_KEY_WARNING = ("Chỉ tạo khóa mới khi đã mất khóa ký mà không có tệp sao lưu khóa, hoặc khi khóa có thể đã lọt ra "
                   "ngoài. Sau khi tạo, phải gửi tệp khóa công khai mới cho cấp trên (kèm công văn nêu lý do) để cấp "
                   "trên đăng ký lại; trước đó cấp trên chưa nhận được tệp số liệu mới của phường/xã. Tệp đã lập bằng "
                   "khóa cũ sẽ bị cấp trên ghi là “ký bằng khóa cũ”.")


def new_key(parent: QWidget, ctx: AppContext, report: Callable[[str], None]) -> None:
    """A new key for a lost one: warn, ask the reason, where to save the new public-key file, then make it."""
    from PySide6.QtWidgets import QInputDialog

    from desktop.ui.messages import confirm

    if not confirm(parent, "Tạo khóa ký mới", NEW_KEY_WARNING, yes="Tạo khóa mới"):
        return
    reason, ok = QInputDialog.getText(parent, "Lý do tạo khóa mới",
                                      "Lý do (ghi vào lịch sử, gửi kèm cấp trên), ví dụ “máy cũ hỏng ổ cứng, không có "
                                      "bản sao lưu khóa”:")
    if not ok or not reason.strip():
        return
    name = f"khoa-cong-khai-moi-{ctx.unit.get('code') or 'don-vi'}.json"
    path = file_dialogs.save_file(parent, "handoff", "Lưu tệp khóa công khai mới", name, "Tệp khóa (*.json)")
    if path:
        run_new_key(parent, ctx, reason, Path(path), report)


def run_new_key(parent: QWidget, ctx: AppContext, reason: str, path: Path, report: Callable[[str], None]) -> None:
    from desktop.core.exchange import keys
    from desktop.core.ledger import signing_key

    def job(led: Any) -> tuple[dict[str, Any], Path]:
        return signing_key.replace_key(led, reason), keys.export_public_key(led, path)

    def done(out: tuple[dict[str, Any], Path]) -> None:
        key, written = out
        report(f"✔ Đã tạo khóa ký mới — dấu vân tay <b>{key['fingerprint']}</b>. Gửi tệp <b>{written}</b> cho cấp "
               "trên kèm lý do, rồi gọi điện đọc dấu vân tay để cấp trên đối chiếu. Nên sao lưu ngay khóa mới.")

    ctx.worker.submit(job, success=done, failure=lambda exc: show_error(parent, exc))
