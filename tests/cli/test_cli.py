"""The command line: exit codes 0/1/2, Vietnamese messages, and the figures JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.cli import main
from desktop.core.figures.figures import TOTAL_KEYS

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_then_summary_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.sqlite")
    code, out, _ = run(capsys, "--db", db, "init", "--unit-name", "Xã Cẩm Hà", "--unit-code", "20530",
                       "--kind", "xa", "--province", "Quảng Nam")
    assert code == 0 and "Đã khởi tạo sổ cho Xã Cẩm Hà" in out
    code, out, _ = run(capsys, "--db", db, "summary", "--period", "2026-H1")
    assert code == 0 and "6 tháng đầu năm 2026" in out and "Tổng giá trị đóng góp" in out


def test_init_twice_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.sqlite")
    run(capsys, "--db", db, "init", "--unit-name", "Phường A", "--unit-code", "1001")
    code, _, err = run(capsys, "--db", db, "init", "--unit-name", "Phường B", "--unit-code", "1002")
    assert code == 1 and "đã được khởi tạo" in err


def test_bad_period_is_exit_1_with_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.sqlite")
    run(capsys, "--db", db, "init", "--unit-name", "Phường A", "--unit-code", "1001")
    code, out, err = run(capsys, "--db", db, "summary", "--period", "2026-H7")
    assert code == 1 and out == "" and "Kỳ báo cáo \"2026-H7\" không hợp lệ" in err


def test_missing_ledger_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite"), "summary", "--period", "2026")
    assert code == 1 and "Không tìm thấy tệp sổ" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_usage_errors_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "summary")[0] == 2  # --period missing
    assert run(capsys, "frobnicate")[0] == 2
    code, _, err = run(capsys, "--db", str(tmp_path / "a"), "demo", "--size", "huge")
    assert code == 2 and "lỗi cú pháp" in err


def test_newer_ledger_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.sqlite"
    led = open_ledger(path)
    led.conn.execute("PRAGMA user_version=999")
    led.close()
    code, _, err = run(capsys, "--db", str(path), "check")
    assert code == 1 and "mới hơn" in err


def test_demo_summary_json_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "d.sqlite")
    code, out, _ = run(capsys, "--db", db, "demo", "--size", "small", "--seed", "3")
    assert code == 0 and "  khoản đóng góp: " in out and "contributions" not in out  # counted in words
    code, _, err = run(capsys, "--db", db, "demo")
    assert code == 1 and "dữ liệu" in err  # refuses a ledger that already has data
    code, out, _ = run(capsys, "--db", db, "summary", "--period", "2025", "--format", "json")
    data = json.loads(out)
    assert code == 0 and tuple(data["totals"]) == TOTAL_KEYS and data["totals"]["total_value_vnd"] > 0
    assert run(capsys, "--db", db, "check")[0] == 0


def test_thidua_db_environment_variable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("THIDUA_DB", str(path))
    assert run(capsys, "init", "--unit-name", "Phường A", "--unit-code", "1001")[0] == 0
    assert path.exists()


@pytest.mark.slow
def test_large_demo_json_equals_independent_sum(tmp_path: Path) -> None:
    """Done-when of the foundation: `thidua demo --size large` then `summary --format json`,
    through the real console entry, equal to sums computed here straight from the file."""
    db = tmp_path / "large.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "desktop.cli", "--db", str(db)]
    subprocess.run([*cmd, "demo", "--size", "large"], check=True, env=env, capture_output=True)
    out = subprocess.run([*cmd, "summary", "--period", "2026-H1", "--format", "json"], check=True, env=env,
                         capture_output=True, text=True).stdout
    data = json.loads(out)
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.kind, c.quantity, c.value_vnd, c.contributor_id, p.kind, g.name FROM contributions c "
        "JOIN contributors p ON p.id = c.contributor_id JOIN groups g ON g.id = c.group_id "
        "WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN '2026-01-01' AND '2026-06-30'"
    ).fetchall()
    t = data["totals"]
    assert t["total_value_vnd"] == sum(r[2] for r in rows)
    assert t["money_vnd"] == sum(r[2] for r in rows if r[0] == "money")
    assert t["land_m2"] == pytest.approx(round(sum(r[1] for r in rows if r[0] == "land"), 1))
    assert t["labour_days"] == pytest.approx(round(sum(r[1] for r in rows if r[0] == "labour"), 1))
    assert t["contributors"] == len({r[3] for r in rows})
    assert t["households_land"] == len({r[3] for r in rows if r[0] == "land" and r[4] == "ho"})
    by_group = {g["group"]: g["total_value_vnd"] for g in data["by_group"]}
    for name in {r[5] for r in rows}:
        assert by_group[name] == sum(r[2] for r in rows if r[5] == name)
    works = conn.execute(
        "SELECT count(*) FROM works WHERE deleted_at IS NULL AND status = 'hoan_thanh' "
        "AND completed_date BETWEEN '2026-01-01' AND '2026-06-30'").fetchone()[0]
    assert t["works_completed"] == works
    assert len(data["by_group"]) >= 128 and t["total_value_vnd"] > 10**9
