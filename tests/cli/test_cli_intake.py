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


def _filled_template(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, rows: list[dict]) -> Path:
    """The demo's own template, filled in by a tổ trưởng (by header text, so the column order does not matter)."""
    path = tmp_path / "mau.xlsx"
    assert run(capsys, "--db", db, "template", "--out", str(path))[0] == 0
    wb = load_workbook(path)
    ws = wb["Đóng góp"]
    headers = [c.value for c in ws[3]]
    for r, values in enumerate(rows, start=5):
        for c, header in enumerate(headers, start=1):
            ws.cell(r, c, values.get(header))
    wb.save(path)
    return path


def _group(db: Path) -> str:
    led = open_ledger(db)
    try:
        return led.conn.execute("SELECT name FROM groups WHERE active = 1 AND deleted_at IS NULL "
                                "ORDER BY sort_key LIMIT 1").fetchone()[0]
    finally:
        led.close()


def test_no_status_column_refused_until_the_option_says(demo_path: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    db, group = str(demo_path), _group(demo_path)
    path = build_workbook(tmp_path / "khong-trang-thai.xlsx", {"Đóng góp": [
        ["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Hình thức", "Số lượng"],
        [1, "05/03/2026", group, "Lê Thị Mới", "Tiền", "1.500.000"]]})
    before = _contributions(demo_path)
    for extra in ((), ("--dry-run",)):
        code, _, err = run(capsys, "--db", db, "import", str(path), *extra)
        assert code == 1 and "Tệp không có cột Trạng thái: các khoản sẽ được ghi là" in err
        assert "--trang-thai dang-ky" in err and "Tệp không mang mã đơn vị" in err
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--trang-thai", "dang-ky")
    assert code == 0 and "Đã nhập" in out and "sẽ được ghi là \"Đăng ký\"" in out
    assert _contributions(demo_path) == before + 1
    led = open_ledger(demo_path)
    try:
        assert led.conn.execute("SELECT status FROM contributions ORDER BY id DESC LIMIT 1").fetchone() == ("pledged",)
    finally:
        led.close()


def test_another_units_workbook_refused_naming_both(demo_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, group = str(demo_path), _group(demo_path)
    path = _filled_template(capsys, db, tmp_path, [{"STT": 1, "Ngày": "05/03/2026", "Tổ dân phố": group,
                                                    "Họ và tên": "Lê Thị Mới", "Hình thức": "Tiền",
                                                    "Số lượng": 200_000, "Trạng thái": "Đã nhận"}])
    wb = load_workbook(path)
    guide = wb["Hướng dẫn"]
    guide["D1"], guide["D2"] = "21601", "Xã Tịnh Khê"  # as if made from another unit's program
    wb.save(path)
    before = _contributions(demo_path)
    code, _, err = run(capsys, "--db", db, "import", str(path))
    assert code == 1 and "Xã Tịnh Khê (mã 21601)" in err and "--cho-phep-don-vi-khac" in err
    assert _contributions(demo_path) == before
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--cho-phep-don-vi-khac")
    assert code == 0 and _contributions(demo_path) == before + 1


def test_names_without_accents_and_land_rates_listed(demo_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db, group = str(demo_path), _group(demo_path)
    row = {"Ngày": "05/03/2026", "Tổ dân phố": group, "Trạng thái": "Đã nhận", "Hình thức": "Hiến đất",
           "Số lượng": 45.5}
    path = _filled_template(capsys, db, tmp_path, [
        {**row, "STT": 1, "Họ và tên": "pham van duc xyz", "Loại đất": "Đất ở tại đô thị"},
        {**row, "STT": 2, "Họ và tên": "Trần Thị Mười Một"},
    ])
    before = _contributions(demo_path)
    code, out, err = run(capsys, "--db", db, "import", str(path), "--dry-run")
    assert code == 1 and "\"pham van duc xyz\"" in err and "gõ không dấu" in err
    assert "Hiến đất — loại đất và đơn giá dùng:" in err and "không ghi loại đất: dùng đơn giá" in err
    code, _, err = run(capsys, "--db", db, "import", str(path))
    assert code == 1 and "--giu-ten-nhu-go" in err and _contributions(demo_path) == before
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--giu-ten-nhu-go")
    assert code == 0 and _contributions(demo_path) == before + 2
