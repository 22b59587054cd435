"""`thidua template` and `thidua import`: only a fully valid file is imported unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.connection import open_ledger
from tests.cli.test_cli import run
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row


def _contributions(db: Path) -> int:
    led = open_ledger(db)
    try:
        return led.conn.execute("SELECT count(*) FROM contributions").fetchone()[0]
    finally:
        led.close()


def test_template_then_import_exit_codes(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    code, out, _ = run(capsys, "--db", db, "template", "--out", str(tmp_path / "mau.xlsx"), "--group", "Tổ 3")
    assert code == 0
    wb = load_workbook(tmp_path / "mau.xlsx")
    assert {"Tổ dân phố", "Công trình", "Đóng góp"} <= set(wb.sheetnames)
    code, _, err = run(capsys, "--db", db, "template", "--out", str(tmp_path / "x.xlsx"), "--group", "Tổ 99")
    assert code == 1 and "Tổ 99" in err

    bad = build_workbook(tmp_path / "to3.xlsx", {"Đóng góp": [
        CONTRIBUTION_HEADERS,
        contribution_row(stt=1, date="05/03/2026", group="Tổ 3", name="Lê Thị Mới", contributor_kind="Hộ gia đình",
                         kind="Tiền", quantity="1.500.000 đ"),
        contribution_row(stt=2, date="31/02/2026", group="Tổ 3", name="Lê Thị Mới", contributor_kind="Hộ gia đình",
                         kind="Tiền", quantity="200.000"),
    ]})
    before = _contributions(demo_path)
    code, _, err = run(capsys, "--db", db, "import", str(bad))
    assert code == 1 and "Đóng góp, dòng 3, cột \"Ngày\"" in err and "Chưa nhập gì" in err
    assert _contributions(demo_path) == before
    code, out, _ = run(capsys, "--db", db, "import", str(bad), "--dry-run", "--only-valid")
    assert "Chạy thử" in out and _contributions(demo_path) == before
    code, out, _ = run(capsys, "--db", db, "import", str(bad), "--only-valid")
    assert code == 0 and "Đã nhập" in out and _contributions(demo_path) == before + 1
    code, out, _ = run(capsys, "--db", db, "import", str(bad), "--only-valid")
    assert code == 0 and "Không có gì mới" in out and _contributions(demo_path) == before + 1


def test_hostile_file_is_refused_with_its_name(demo_path: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "so-lieu.xlsx"
    fake.write_text("Ngày,Tổ,Họ tên\n01/01/2026,Tổ 1,A\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(demo_path), "import", str(fake))
    assert code == 1 and "so-lieu.xlsx" in err and "CSV" in err
