"""`SoThiDua --self-test` (what `make installer` runs on the built bundle) and its failure path."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import selftest

ROOT = Path(__file__).resolve().parent.parent


def test_gui_self_test_runs_every_step_and_leaves_the_user_data_alone(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THIDUA_DB": str(tmp_path / "user.sqlite"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "desktop", "--self-test"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for _name, label in selftest.STEPS:
        assert any(line.startswith(f"[OK] {label} (") for line in lines), (label, done.stdout)
    assert "Báo cáo số 01/BC-UBND" in done.stdout and "chữ ký hợp lệ" in done.stdout
    assert "nền offscreen" in done.stdout  # the main window really was built
    assert lines[-1].startswith("Tự kiểm tra xong, mọi bước đạt / self-test passed")
    assert not (tmp_path / "user.sqlite").exists() and not (tmp_path / "data").exists()


def test_console_self_test_skips_only_the_window() -> None:
    out = io.StringIO()
    assert selftest.run(out, window=False) == 0
    text = out.getvalue()
    assert text.count("[OK] ") == len(selftest.STEPS) - 1 and "[BỎ QUA] Cửa sổ chính" in text


def test_a_missing_font_fails_with_a_message_and_stops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("desktop.paths.resource_path", lambda *parts: tmp_path.joinpath("nowhere", *parts))
    out = io.StringIO()
    assert selftest.run(out, window=False) == 1
    text = out.getvalue()
    assert "[LỖI] Phông chữ, giao diện / fonts, styles" in text
    assert "thiếu phông chữ LiberationSerif-Regular.ttf" in text
    assert "[OK]" not in text and text.rstrip().endswith("self-test FAILED")


def test_the_last_full_half_year() -> None:
    import datetime as dt

    assert selftest._last_full_half(dt.date(2026, 3, 1)) == "2025-H2"
    assert selftest._last_full_half(dt.date(2026, 11, 23)) == "2026-H1"


def test_the_self_test_leaves_no_key_file_in_the_users_key_folder(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 19 fault 9: the key lives outside the ledger; the self-test's throw-away ledger must not leave one
    # behind in the clerk's key folder (THIDUA_KEY_DIR stands for it here).
    users = tmp_path / "khoa-cua-nguoi-dung"
    monkeypatch.setenv("THIDUA_KEY_DIR", str(users))
    assert selftest.run(out=io.StringIO(), window=False) == 0
    assert not users.exists() or not any(users.iterdir())
    assert os.environ["THIDUA_KEY_DIR"] == str(users)
