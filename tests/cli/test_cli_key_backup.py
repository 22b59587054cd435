"""Issue 19, fault 9 at the command line: the passphrase backup of the signing key (`key backup|restore`), a lost
key replaced (`key new --ly-do`, `ward key CODE FILE --ly-do`), and a file signed by the replaced key named as such
at the upper level and taken only on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.ledger import key_store
from tests.cli.test_cli import run

PASS = "Sổ thi đua phường An Phú 2026"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    monkeypatch.setenv(key_store.KEY_DIR_ENV, str(tmp_path / "khoa"))
    e = {"ward": tmp_path / "phuong.sqlite", "up": tmp_path / "tinh.sqlite", "keys": tmp_path / "khoa",
         "usb": tmp_path / "usb", "pw": tmp_path / "mat-khau.txt", "tmp": tmp_path}
    e["usb"].mkdir()
    e["pw"].write_text(PASS + "\n", encoding="utf-8")
    assert run(capsys, "--db", str(e["ward"]), "init", "--unit-name", "Phường An Phú", "--unit-code", "A0101")[0] == 0
    assert run(capsys, "--db", str(e["up"]), "init", "--unit-name", "Tỉnh Quảng Ngãi", "--unit-code", "51",
               "--upper")[0] == 0
    return e


def _key_files(e: dict[str, Path]) -> list[str]:
    return sorted(p.name for p in e["keys"].iterdir()) if e["keys"].exists() else []


def test_backup_asks_twice_and_restore_needs_the_right_passphrase(
        env: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    ward, backup = str(env["ward"]), env["tmp"] / "sao-luu-khoa.json"
    answers = iter([PASS, PASS + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "--db", ward, "key", "backup", str(backup))
    assert code == 1 and "không giống nhau" in err and not backup.exists()
    answers = iter([PASS, PASS])
    code, out, _ = run(capsys, "--db", ward, "key", "backup", str(backup))
    assert code == 0 and backup.exists()
    raw = json.loads(backup.read_text(encoding="utf-8"))
    assert "ENCRYPTED PRIVATE KEY" in raw["encrypted_private_key"] and raw["unit"]["code"] == "A0101"
    # A new PC: the key file is not there; signing says so and how to get out.
    files = _key_files(env)
    for f in env["keys"].iterdir():
        f.unlink()
    code, _, err = run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(env["usb"]))
    assert code == 1 and "không có trên máy này" in err and "thidua key restore" in err
    bad = env["tmp"] / "sai.txt"
    bad.write_text("mat khau sai 123\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", ward, "key", "restore", str(backup), "--passphrase-file", str(bad))
    assert code == 1 and "Sai mật khẩu" in err and _key_files(env) == []
    code, out, _ = run(capsys, "--db", ward, "key", "restore", str(backup), "--passphrase-file", str(env["pw"]))
    assert code == 0 and "Đã khôi phục" in out and _key_files(env) == files
    code, out, _ = run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(env["usb"]))
    assert code == 0


def test_restore_refuses_another_key_unless_asked_to_replace(env: dict[str, Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    other = str(env["tmp"] / "lap-lai.sqlite")  # the ledger set up again: a new key made at setup
    assert run(capsys, "--db", other, "init", "--unit-name", "Phường An Phú", "--unit-code", "A0101")[0] == 0
    backup = env["tmp"] / "khoa-cu.json"
    assert run(capsys, "--db", str(env["ward"]), "key", "backup", str(backup), "--passphrase-file",
               str(env["pw"]))[0] == 0
    before = _key_files(env)
    code, _, err = run(capsys, "--db", other, "key", "restore", str(backup), "--passphrase-file", str(env["pw"]))
    assert code == 1 and "không phải khóa đã đăng ký" in err and _key_files(env) == before
    code, out, _ = run(capsys, "--db", other, "key", "restore", str(backup), "--passphrase-file", str(env["pw"]),
                       "--thay-khoa-hien-tai", "--ly-do", "Sổ lập lại, cấp trên vẫn giữ khóa cũ")
    assert code == 0 and "thay khóa" in out
    code, out, _ = run(capsys, "--db", other, "key", "status")
    assert code == 0 and json.loads(backup.read_text(encoding="utf-8"))["fingerprint"] in out


def test_a_lost_key_is_replaced_and_files_of_the_old_key_are_named(env: dict[str, Path],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    ward, up = str(env["ward"]), str(env["up"])
    assert run(capsys, "--db", ward, "key", "export", "--out", str(env["tmp"] / "k1.json"))[0] == 0
    assert run(capsys, "--db", up, "ward", "add", "--code", "A0101", "--name", "Phường An Phú", "--key",
               str(env["tmp"] / "k1.json"))[0] == 0
    assert run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(env["usb"]))[0] == 0
    old_file = env["tmp"] / "tep-khoa-cu.thidua"
    next(env["usb"].iterdir()).rename(old_file)
    # The ward lost its key: a new one, with the reason; the old key file is gone, the old public key kept.
    code, out, _ = run(capsys, "--db", ward, "key", "new", "--ly-do", "Máy hỏng ổ cứng", "--out",
                       str(env["tmp"] / "k2.json"))
    assert code == 0 and "khóa cũ" in out
    assert len(_key_files(env)) == 1
    # The upper level: a replacement needs its reason; then the old key's file is refused, named as such.
    code, _, err = run(capsys, "--db", up, "ward", "key", "A0101", str(env["tmp"] / "k2.json"))
    assert code == 1 and "lý do" in err
    code, out, _ = run(capsys, "--db", up, "ward", "key", "A0101", str(env["tmp"] / "k2.json"), "--ly-do",
                       "Công văn 15/UBND: phường mất khóa")
    assert code == 0 and "Đã thay khóa" in out
    code, out, _ = run(capsys, "--db", up, "ward", "key", "A0101")
    assert "Khóa cũ:" in out and "Công văn 15/UBND" in out
    code, _, err = run(capsys, "--db", up, "package", "import", str(old_file))
    assert code == 1 and "ký bằng khóa cũ (thay ngày" in err
    code, out, _ = run(capsys, "--db", up, "package", "import", str(old_file), "--nhan-du-cu-hon", "--ly-do",
                       "Phường xác nhận tệp lập trước khi mất khóa")
    assert code == 0 and "ký bằng khóa cũ" in out
    from db.connection import open_ledger

    led = open_ledger(env["up"])
    history = [r[0] for r in led.conn.execute("SELECT summary FROM audit WHERE table_name = 'packages'")]
    led.close()
    assert any("ký bằng khóa cũ" in s and "trước khi mất khóa" in s for s in history)
    # The ward's next file, signed by the new key, comes in as usual.
    assert run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(env["usb"]))[0] == 0
    code, out, _ = run(capsys, "--db", up, "package", "import", *map(str, env["usb"].iterdir()))
    assert code == 0 and "khóa cũ" not in out


def test_ward_list_says_which_wards_have_no_key(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    from db.connection import open_ledger
    from desktop.core.ledger import records

    led = open_ledger(env["up"])
    records.create(led, "wards", {"code": "B0202", "name": "Phường Bình Minh", "public_key": "", "fingerprint": ""},
                   "Phường Bình Minh")
    led.close()
    code, out, _ = run(capsys, "--db", str(env["up"]), "ward", "list")
    assert code == 0 and "(chưa có khóa)" in [x for x in out.splitlines() if x.startswith("B0202")][0]
    assert run(capsys, "--db", str(env["ward"]), "key", "export", "--out", str(env["tmp"] / "k.json"))[0] == 0
    code, _, err = run(capsys, "--db", str(env["up"]), "ward", "key", "B0202", str(env["tmp"] / "k.json"))
    assert code == 1 and "A0101" in err  # the file is A0101's: not registered under B0202
