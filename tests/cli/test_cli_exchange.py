"""Two ledgers on one machine, a ward and its upper level, exchanging files the way clerks would."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import run


def test_ward_to_upper_level_by_command_line(demo_path: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    ward, up, usb = str(demo_path), str(tmp_path / "tinh.sqlite"), tmp_path / "usb"
    usb.mkdir()
    code, out, err = run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(usb))
    assert code == 0 and "Có thể rút USB" in out and "chưa có báo cáo đã ban hành" in err
    package = usb / "21580_2026-H1.thidua"
    code, out, _ = run(capsys, "--db", ward, "key", "export", "--out", str(usb / "khoa.json"))
    assert code == 0 and "dấu vân tay" in out

    code, _, _ = run(capsys, "--db", up, "init", "--unit-name", "Tỉnh Quảng Ngãi", "--unit-code", "51", "--upper")
    assert code == 0
    code, out, _ = run(capsys, "--db", up, "package", "verify", str(package))
    assert code == 0 and "nguyên vẹn" in out and "chưa được đăng ký" in out
    code, _, err = run(capsys, "--db", up, "package", "import", str(package))
    assert code == 1 and "chưa được đăng ký" in err

    code, out, _ = run(capsys, "--db", up, "ward", "add", "--code", "21580", "--name", "Phường Nguyễn Nghiêm",
                       "--key", str(usb / "khoa.json"))
    assert code == 0
    code, out, _ = run(capsys, "--db", up, "package", "import", "--dry-run", str(package))
    assert code == 0 and "[NHẬN MỚI]" in out and "Chạy thử" in out
    code, out, _ = run(capsys, "--db", up, "package", "import", str(package))
    assert code == 0 and "[NHẬN MỚI]" in out
    code, out, _ = run(capsys, "--db", up, "package", "import", str(package))
    assert code == 0 and "[ĐÃ CÓ]" in out

    code, out, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--format", "json")
    consolidated = json.loads(out)
    code, out, _ = run(capsys, "--db", ward, "summary", "--period", "2026-H1", "--format", "json")
    summary = json.loads(out)
    assert consolidated["totals"] == summary["totals"]
    assert consolidated["by_unit"] == [{"unit": summary["unit"], "totals": summary["totals"]}]
    assert set(consolidated) == {"period", "totals", "by_unit"}

    code, _, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--out", str(tmp_path / "th.pdf"))
    text = pdfium.PdfDocument(str(tmp_path / "th.pdf"))[0].get_textpage().get_text_range()
    assert code == 0 and "Phường Nguyễn Nghiêm" in " ".join(text.split())
    code, _, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--out", str(tmp_path / "th.xlsx"))
    ws = load_workbook(tmp_path / "th.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert code == 0 and "Phường Nguyễn Nghiêm" in values and summary["totals"]["total_value_vnd"] in values


def test_corrupt_file_exit_1_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.thidua"
    bad.write_bytes(b"PK\x03\x04 broken")
    code, _, err = run(capsys, "package", "verify", str(bad))
    assert code == 1 and "x.thidua" in err and "bị từ chối" in err
