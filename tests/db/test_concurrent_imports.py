"""Two imports started together on one ledger count nothing twice (issue 19, faults 1 and 2).

The attack that found it: two `thidua` processes (a clerk's window and a scheduled command, or two clerks)
importing at the same moment. Each run here starts two child processes that load the program, wait for one
common instant, then run the command line; the parent then reads the ledger. CONCURRENT_RUNS sets the number
of runs per test (default 6); on the code before the fix nearly every run counted twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.exchange import handoff, keys, upper
from desktop.core.files import safe_files
from desktop.core.ledger import contributions, integrity, setup
from desktop.core.report import narrative
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("CONCURRENT_RUNS", "6"))
PERIOD = "2026-H1"

# Loads everything an import needs first, so that the two processes reach the race at the same time.
CHILD = r"""
import sys, time
from desktop.cli.app import main
from desktop.core.exchange import upper
from desktop.core.intake import applying, planning
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))
sys.exit(main(sys.argv[2:]))
"""


def _together(tmp_path: Path, *commands: list[str]) -> list[tuple[int, str, str]]:
    """Run each `thidua` command line in its own process, all released at the same instant."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    start = time.time() + 2.0  # time enough for both to import the program
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(start), *argv], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=str(tmp_path)) for argv in commands]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        out.append((proc.returncode, stdout, stderr))
    return out


# --------------------------------------------------------------------------- fault 1: handoff files


@pytest.fixture
def upper_files(demo_ledger: Ledger, tmp_path: Path) -> dict[str, Path]:
    """An upper-level ledger with the demo ward registered (closed, to be copied for each run), and two
    versions of the ward's file: old (export number 1) and new (number 2, one amount changed)."""
    ward = demo_ledger
    up_path = tmp_path / "tinh-mau.sqlite"
    up = open_ledger(up_path, user="Lê Văn Tỉnh")
    setup.initialize(up, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"},
                     sample_rates=False)
    unit = setup.get_unit(ward)
    upper.add_ward(up, code=unit["code"], name=unit["name"], key_file=keys.export_public_key(ward, tmp_path / "k.json"))
    up.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    up.close()
    period = narrative.parse_period(ward, PERIOD)
    old_blob, _ = handoff.build(ward, period)
    cid = ward.conn.execute("SELECT id FROM contributions WHERE kind = 'money' AND status = 'received' AND "
                            "deleted_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30' LIMIT 1").fetchone()[0]
    contributions.edit(ward, cid, {"quantity": 99_000_000})
    new_blob, _ = handoff.build(ward, period)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    return {"upper": up_path,
            "old": safe_files.write_file(tmp_path / "old" / f"{unit['code']}_{PERIOD}.thidua", old_blob),
            "new": safe_files.write_file(tmp_path / "new" / f"{unit['code']}_{PERIOD}.thidua", new_blob)}


def _packages(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    led = open_ledger(path)
    try:
        rows = led.conn.execute("SELECT status, file_sha256 FROM packages ORDER BY id").fetchall()
        return [(r[0], r[1]) for r in rows], integrity.full_check(led)
    finally:
        led.close()


def _sha(path: Path) -> str:
    return handoff.read(path).sha256


def test_two_imports_of_one_file_at_once_keep_one_package(upper_files: dict[str, Path], tmp_path: Path) -> None:
    outcomes = []
    for run in range(RUNS):
        db = tmp_path / f"tinh-{run}.sqlite"
        shutil.copyfile(upper_files["upper"], db)
        cmd = ["--db", str(db), "package", "import", str(upper_files["old"])]
        results = _together(tmp_path, cmd, cmd)
        said = sorted("[NHẬN MỚI]" in out for _, out, _ in results)
        outcomes.append(said)
        assert [code for code, _, _ in results] == [0, 0], results
        assert said == [False, True], f"run {run}: {results}"  # one takes it, the other finds it there
        rows, problems = _packages(db)
        assert rows == [("current", _sha(upper_files["old"]))], f"run {run}: {rows}"
        assert problems == []
    print(f"\nfault 1, same file: {RUNS} runs of two processes, all kept one package: {outcomes}")


def test_old_and_new_file_at_once_keep_the_new_one(upper_files: dict[str, Path], tmp_path: Path) -> None:
    new_sha = _sha(upper_files["new"])
    for run in range(RUNS):
        db = tmp_path / f"tinh-{run}.sqlite"
        shutil.copyfile(upper_files["upper"], db)
        old, new = _together(tmp_path, ["--db", str(db), "package", "import", str(upper_files["old"])],
                             ["--db", str(db), "package", "import", str(upper_files["new"])])
        rows, problems = _packages(db)
        assert [r for r in rows if r[0] == "current"] == [("current", new_sha)], f"run {run}: {rows} {old} {new}"
        assert problems == []
        if len(rows) == 2:  # the old one came first and was replaced
            assert old[0] == 0 and "[NHẬN MỚI]" in old[1] and "[THAY BẢN CŨ]" in new[1]
        else:  # the new one came first: the old one is refused as older, by export number
            assert old[0] == 1 and "lần lập thứ 1, bản đã nhận lần lập thứ 2" in old[2], old


# --------------------------------------------------------------------------- fault 2: Excel workbooks


def _workbook(tmp_path: Path, rows: int) -> Path:
    return build_workbook(tmp_path / "to3.xlsx", {"Đóng góp": [CONTRIBUTION_HEADERS, *(
        contribution_row(stt=i + 1, date="05/03/2026", group="Tổ 3", name=f"Lê Thị Mới {i + 1}",
                         contributor_kind="Hộ gia đình", kind="Tiền", quantity=f"{i + 1}.000.000")
        for i in range(rows))]})


def _counts(path: Path) -> tuple[int, int]:
    led = open_ledger(path)
    try:
        return (led.conn.execute("SELECT count(*) FROM contributions WHERE deleted_at IS NULL").fetchone()[0],
                led.conn.execute("SELECT count(*) FROM contributors WHERE deleted_at IS NULL").fetchone()[0])
    finally:
        led.close()


def test_two_imports_of_one_workbook_at_once_add_the_rows_once(_small_demo_template: Path, tmp_path: Path) -> None:
    rows = 15
    book = _workbook(tmp_path, rows)
    refused = 0
    for run in range(RUNS):
        db = tmp_path / f"phuong-{run}.sqlite"
        shutil.copyfile(_small_demo_template, db)
        before = _counts(db)
        cmd = ["--db", str(db), "import", str(book), "--only-valid"]
        results = _together(tmp_path, cmd, cmd)
        assert _counts(db) == (before[0] + rows, before[1] + rows), f"run {run}: {results}"
        added = [r for r in results if r[0] == 0 and "Đã nhập" in r[1]]
        assert len(added) == 1, results
        [other] = [r for r in results if r is not added[0]]
        # The second one either planned after the first committed (nothing new), or planned before and was
        # stopped under the write lock.
        if other[0] == 1:
            refused += 1
            assert "Sổ đã thay đổi sau khi kiểm tra tệp" in other[2] and "chưa nhập gì" in other[2], other
        else:
            assert "Không có gì mới" in other[1] or f"{rows} có thể trùng" in other[1], other
    print(f"\nfault 2: {RUNS} runs of two processes, rows added once in each; {refused} stopped under the lock")
