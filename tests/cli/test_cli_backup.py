"""thidua backup / restore / check: what they print and their exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import backup
from db.connection import open_ledger
from desktop.cli import main
from desktop.core.ledger import groups


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _group_names(path: Path) -> list[str]:
    led = open_ledger(path, read_only=True)
    try:
        return [r[0] for r in led.conn.execute("SELECT name FROM groups ORDER BY id")]
    finally:
        led.close()


def test_backup_default_folder_file_and_usb_folder(demo_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    code, out, _ = run(capsys, "--db", db, "backup")
    assert code == 0 and "Đã sao lưu" in out
    made = backup.list_backups(demo_path)
    assert len(made) == 1 and str(made[0].path) in out and made[0].reason == "thu-cong"
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = run(capsys, "--db", db, "backup", "--out", str(usb))
    copies = list(usb.iterdir())
    assert code == 0 and len(copies) == 1 and str(copies[0]) in out and copies[0].name.endswith("-thu-cong.sqlite")
    code, out, _ = run(capsys, "--db", db, "backup", "--out", str(tmp_path / "chon-ten.sqlite"))
    assert code == 0 and (tmp_path / "chon-ten.sqlite").is_file()
    assert backup.describe_backup(tmp_path / "chon-ten.sqlite")["unit_name"]


def test_backup_without_a_ledger_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "khong-co.sqlite"), "backup")
    assert code == 1 and "Không tìm thấy tệp sổ" in err


def test_restore_prints_the_preview_and_the_safety_backup(demo_path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    saved = tmp_path / "saved.sqlite"
    assert run(capsys, "--db", db, "backup", "--out", str(saved))[0] == 0
    before = _group_names(demo_path)
    led = open_ledger(demo_path, user="test")
    groups.add(led, {"name": "Tổ dân phố Sau Sao Lưu"})
    led.close()
    code, out, err = run(capsys, "--db", db, "restore", str(saved))
    assert code == 0, err
    assert "Đơn vị: Phường" in out and "Lập lúc:" in out and "khoản đóng góp:" in out
    assert "Đã khôi phục" in out and "truoc-khoi-phuc" in out
    assert _group_names(demo_path) == before
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 0 and "Bản sao lưu mới nhất:" in out and "truoc-khoi-phuc" in out


@pytest.mark.parametrize("kind", ["damaged", "foreign", "newer", "missing"])
def test_restore_refuses_a_bad_file_and_leaves_the_ledger(demo_path: Path, tmp_path: Path, kind: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    bad = tmp_path / f"{kind}.sqlite"
    if kind == "damaged":
        run(capsys, "--db", db, "backup", "--out", str(bad))
        data = bad.read_bytes()
        bad.write_bytes(data[: len(data) // 3])
    elif kind == "foreign":
        conn = sqlite3.connect(str(bad))
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    elif kind == "newer":
        run(capsys, "--db", db, "backup", "--out", str(bad))
        conn = sqlite3.connect(str(bad))
        conn.execute("PRAGMA user_version=99")
        conn.commit()
        conn.close()
    before = demo_path.read_bytes()
    n_backups = len(backup.list_backups(demo_path))
    code, out, err = run(capsys, "--db", db, "restore", str(bad))
    assert code == 1 and err.startswith("Lỗi: ") and "Đã khôi phục" not in out
    assert {"damaged": "hỏng", "foreign": "không phải", "newer": "mới hơn", "missing": "Không tìm thấy"}[kind] in err
    assert demo_path.read_bytes() == before
    assert len(backup.list_backups(demo_path)) == n_backups


def test_restore_needs_a_file_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "restore")[0] == 2


def test_check_says_when_there_is_no_backup(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_path), "check")
    assert code == 0 and "Chưa có bản sao lưu nào" in out
