"""Issue 19, fault 9 in the GUI: the ward's Trao đổi dữ liệu page says where the signing key lives, backs it up with
a passphrase typed twice ("Sao lưu khóa ký…") and restores it ("Khôi phục khóa ký…"); a missing key file is said
with the ways out, and a wrong passphrase writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.ledger import key_store, signing_key
from desktop.ui import key_dialogs
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle

PASS = "mật khẩu của phường 2026"


@pytest.fixture
def page(window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The exchange page, with the demo's key file copied to a folder of this test (the session's stays intact)."""
    key = signing_key.ensure_ward_key(window.ctx.reader)
    here = key_store.find(window.ctx.unit["code"], key["fingerprint"])
    monkeypatch.setenv(key_store.KEY_DIR_ENV, str(tmp_path / "khoa"))
    (tmp_path / "khoa").mkdir(mode=0o700)
    shutil.copy2(here, tmp_path / "khoa" / here.name)
    window.resize(1366, 768)
    window.navigate("exchange", {})
    settle(qtbot, window)
    return window.page("exchange")


def test_backup_then_restore_on_a_pc_without_the_key(page, window: MainWindow, qtbot: QtBot, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(key_dialogs, "show_error", lambda parent, exc: errors.append(str(exc)))
    assert "✔ Khóa ký riêng lưu trên máy này" in page.key_state.text() and page.backup_key_button.isEnabled()
    Path("/tmp/ff/A").mkdir(parents=True, exist_ok=True)
    window.grab().save("/tmp/ff/A/exchange-key-ok.png")
    backup = tmp_path / "sao-luu-khoa.json"
    key_dialogs.run_backup(page, window.ctx, backup, PASS, page._key_done)
    settle(qtbot, window)
    assert backup.exists() and "Đã sao lưu khóa ký" in page.result.text() and errors == []
    # A new PC: no key file. The page says so, with the ways out; a backup of nothing is not offered.
    for f in (tmp_path / "khoa").iterdir():
        f.unlink()
    page.refresh()
    settle(qtbot, window)
    assert "không có trên máy này" in page.key_state.text() and "Khôi phục" in page.key_state.text()
    assert not page.backup_key_button.isEnabled()
    window.grab().save("/tmp/ff/A/exchange-key-missing.png")
    key_dialogs.run_restore(page, window.ctx, backup, "sai mật khẩu", page._key_done)
    settle(qtbot, window)
    assert errors and "Sai mật khẩu" in errors[-1] and list((tmp_path / "khoa").iterdir()) == []
    key_dialogs.run_restore(page, window.ctx, backup, PASS, page._key_done)
    settle(qtbot, window)
    assert "Đã khôi phục khóa ký" in page.result.text() and "✔ Khóa ký riêng" in page.key_state.text()


def test_the_passphrase_dialog_wants_the_same_passphrase_twice(qtbot: QtBot) -> None:
    dialog = key_dialogs.PassphraseDialog(None, "Đặt mật khẩu", key_dialogs.BACKUP_HINT, twice=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("ngan")
    dialog._check()
    assert "ít nhất 8 ký tự" in dialog.error.text() and not dialog.result()
    dialog.first.setText(PASS)
    dialog.second.setText(PASS + "!")
    dialog._check()
    assert "không giống nhau" in dialog.error.text() and not dialog.result()
    dialog.second.setText(PASS)
    dialog._check()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.passphrase() == PASS
    dialog.show()
    dialog.grab().save("/tmp/ff/A/passphrase-dialog.png")


def test_a_new_key_replaces_a_lost_one(page, window: MainWindow, qtbot: QtBot, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(key_dialogs, "show_error", lambda parent, exc: errors.append(str(exc)))
    old = signing_key.ensure_ward_key(window.ctx.reader)["fingerprint"]
    for f in (tmp_path / "khoa").iterdir():
        f.unlink()
    key_dialogs.run_new_key(page, window.ctx, "Máy cũ hỏng ổ cứng", tmp_path / "khoa-moi.json", page._key_done)
    settle(qtbot, window)
    new = signing_key.ensure_ward_key(window.ctx.reader)["fingerprint"]
    assert errors == [] and new != old and new in page.result.text() and (tmp_path / "khoa-moi.json").exists()
    assert "✔ Khóa ký riêng" in page.key_state.text()
    reasons = [r[0] for r in window.ctx.reader.conn.execute("SELECT summary FROM audit WHERE table_name = "
                                                             "'signing_keys' AND summary LIKE 'Thay khóa ký%'")]
    assert reasons and old in reasons[-1] and "Máy cũ hỏng ổ cứng" in reasons[-1]
