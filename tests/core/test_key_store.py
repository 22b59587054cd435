"""Issue 19, fault 9: the ward's private signing key was in the ledger (`signing_keys.private_key`, hex), so every
backup of the ledger carried it and whoever had the backup stick could sign as the ward. The attack: make a backup
of the ledger and look in it (and in the ledger file and its WAL) for the key's hex text and raw bytes. Now the key
lives in a key file outside the ledger (0600 in a 0700 folder; DPAPI on Windows); an old ledger is moved out on
first use; a missing key file is said as such and no new key is made silently."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from db import backup
from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.exchange import handoff, keys
from desktop.core.ledger import key_store, periods, setup, signing_key

UNIT = {"name": "Phường An Phú", "code": "A0101", "kind": "phuong"}


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "du-lieu" / "khoa"
    monkeypatch.setenv(key_store.KEY_DIR_ENV, str(folder))
    return folder


def _ward(path: Path) -> Ledger:
    led = open_ledger(path, user="Trần Thị Hà")
    if not setup.is_initialized(led):
        setup.initialize(led, dict(UNIT), sample_rates=False)
    return led


def _secrets(private_raw: bytes) -> list[bytes]:
    """The forms the key took in the ledger: the hex text (either case) and the raw 32 bytes."""
    return [private_raw.hex().encode(), private_raw.hex().upper().encode(), private_raw]


def _leaks(path: Path, private_raw: bytes) -> list[str]:
    found = []
    for f in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        if f.exists():
            blob = f.read_bytes()
            found += [f"{f.name}: {s[:6]!r}…" for s in _secrets(private_raw) if s in blob]
    return found


def _private_raw(led: Ledger) -> bytes:
    return signing_key.private_key(led).private_bytes_raw()


def test_a_backup_of_the_ledger_does_not_carry_the_private_key(tmp_path: Path, key_dir: Path) -> None:
    led = _ward(tmp_path / "so.sqlite")
    raw = _private_raw(led)
    assert led.conn.execute("SELECT private_key FROM signing_keys").fetchall() == [("",)]
    copy = backup.auto_backup(led, "thu-cong")
    assert copy is not None and _leaks(copy, raw) == [] and _leaks(led.path, raw) == []
    # The key file: the owner's only, in a folder that is the owner's only, named by unit code and fingerprint.
    fp = signing_key.ensure_ward_key(led)["fingerprint"]
    path = key_dir / f"A0101-{fp.replace(' ', '')}.key"
    assert path.exists() and [p.name for p in key_dir.iterdir()] == [path.name]
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(key_dir.stat().st_mode) == 0o700
    # It signs: a handoff file made from it verifies with the registered public key.
    data = b"noi dung"
    sig, signed_fp = keys.sign(led, data)
    assert signed_fp == fp and keys.verify(signing_key.ensure_ward_key(led)["public_key"], sig, data)
    led.close()


def _old_style(path: Path, key_dir: Path) -> bytes:
    """A ledger of before the fix: the private key in signing_keys.private_key (hex), no key file."""
    led = _ward(path)
    raw = _private_raw(led)
    led.conn.execute("UPDATE signing_keys SET private_key = ?", [raw.hex()])
    led.close()
    for f in key_dir.iterdir():
        f.unlink()
    return raw


def test_an_old_ledger_is_moved_out_on_first_use(tmp_path: Path, key_dir: Path) -> None:
    raw = _old_style(tmp_path / "so-cu.sqlite", key_dir)
    old_copy = tmp_path / "ban-sao-cu.sqlite"
    led = open_ledger(tmp_path / "so-cu.sqlite")
    from db import copies
    copies.write_backup(led.conn, old_copy)
    assert _leaks(old_copy, raw)  # the attack, on the old layout: the backup carries the key
    assert _private_raw(led) == raw  # first use: moved out, the same key
    assert led.conn.execute("SELECT private_key FROM signing_keys").fetchall() == [("",)]
    [summary] = [r[0] for r in led.conn.execute("SELECT summary FROM audit WHERE summary LIKE 'Chuyển khóa ký%'")]
    assert "sao lưu" in summary and raw.hex() not in summary
    assert len(list(key_dir.glob("A0101-*.key"))) == 1
    new_copy = backup.auto_backup(led, "thu-cong")
    assert new_copy is not None and _leaks(new_copy, raw) == []
    led.close()
    assert _leaks(tmp_path / "so-cu.sqlite", raw) == []  # secure_delete: not even in the ledger's free space


def test_a_missing_key_file_is_said_and_no_new_key_is_made(tmp_path: Path, key_dir: Path) -> None:
    led = _ward(tmp_path / "so.sqlite")
    before = signing_key.ensure_ward_key(led)
    for f in key_dir.iterdir():
        f.unlink()
    with pytest.raises(UserError) as info:
        keys.sign(led, b"x")
    text = str(info.value)
    assert "không có trên máy này" in text and "thidua key restore" in text and "thidua key new" in text
    with pytest.raises(UserError, match="Khôi phục"):
        handoff.export(led, periods.parse("2026-H1"), tmp_path)
    assert list(tmp_path.glob("*.thidua")) == []
    assert signing_key.ensure_ward_key(led) == before  # the registered key stays: nothing made silently
    assert led.conn.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 1
    assert list(key_dir.iterdir()) == []
    assert signing_key.status(led)["state"] == "missing"
    led.close()


def test_a_damaged_or_foreign_key_file_is_said_as_such(tmp_path: Path, key_dir: Path) -> None:
    led = _ward(tmp_path / "so.sqlite")
    [path] = key_dir.iterdir()
    path.write_bytes(b"{hong")
    with pytest.raises(UserError, match="không đọc được"):
        keys.sign(led, b"x")
    other = _ward(tmp_path / "khac.sqlite")  # same unit code, another key: its file copied over ours
    [theirs] = [p for p in key_dir.iterdir() if p != path]
    path.write_bytes(theirs.read_bytes())
    with pytest.raises(UserError, match="chứa một khóa khác"):
        keys.sign(led, b"x")
    other.close()
    led.close()


def test_on_windows_the_file_holds_the_dpapi_blob(tmp_path: Path, key_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """DPAPI is stubbed (this runs anywhere): the key file must hold what CryptProtectData gave, not the key."""
    calls: list[bool] = []

    def fake(data: bytes, *, protect: bool) -> bytes:
        calls.append(protect)
        return bytes(b ^ 0x5A for b in data)  # reversible, and never the key itself

    monkeypatch.setattr(key_store, "_use_dpapi", lambda: True)
    monkeypatch.setattr(key_store, "_dpapi", fake)
    led = _ward(tmp_path / "so.sqlite")
    raw = _private_raw(led)
    [path] = key_dir.iterdir()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["protection"] == "dpapi" and base64.b64decode(doc["private_key"]) != raw
    assert raw not in path.read_bytes() and raw.hex().encode() not in path.read_bytes()
    assert True in calls and False in calls
    led.close()


@pytest.mark.skipif(sys.platform != "win32", reason="DPAPI is Windows only")
def test_dpapi_round_trip() -> None:
    sealed = key_store._dpapi(b"k" * 32, protect=True)
    assert sealed != b"k" * 32 and key_store._dpapi(sealed, protect=False) == b"k" * 32


def test_two_windows_making_the_first_key_at_once_make_one(tmp_path: Path, key_dir: Path) -> None:
    led = _ward(tmp_path / "so.sqlite")
    led.conn.execute("DELETE FROM signing_keys")
    for f in key_dir.iterdir():
        f.unlink()
    led.close()
    found: list[str] = []

    def one() -> None:
        mine = open_ledger(tmp_path / "so.sqlite")
        found.append(signing_key.ensure_ward_key(mine)["fingerprint"])
        mine.close()

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    led = open_ledger(tmp_path / "so.sqlite")
    assert len(set(found)) == 1 and led.conn.execute("SELECT count(*) FROM signing_keys").fetchone()[0] == 1
    assert len(list(key_dir.iterdir())) == 1 and _private_raw(led)
    led.close()
