"""Two ledgers on one machine, a ward and its upper level, exchanging files the way clerks would."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import run


def _unit(db: str) -> tuple[str, str]:
    """The demo ward's code and name, read from its ledger (the demo's unit is invented)."""
    from db.connection import open_ledger
    from desktop.core.ledger import setup

    led = open_ledger(db)
    try:
        unit = setup.get_unit(led)
        return unit["code"], unit["name"]
    finally:
        led.close()


def test_ward_to_upper_level_by_command_line(demo_path: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    ward, up, usb = str(demo_path), str(tmp_path / "tinh.sqlite"), tmp_path / "usb"
    usb.mkdir()
    ward_code, ward_name = _unit(ward)
    code, out, err = run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(usb))
    assert code == 0 and "Có thể rút USB" in out and "chưa có báo cáo đã ban hành" in err
    package = usb / f"{ward_code}_2026-H1.thidua"
    code, out, _ = run(capsys, "--db", ward, "key", "export", "--out", str(usb / "khoa.json"))
    assert code == 0 and "dấu vân tay" in out

    code, _, _ = run(capsys, "--db", up, "init", "--unit-name", "Tỉnh Quảng Ngãi", "--unit-code", "51", "--upper")
    assert code == 0
    code, out, _ = run(capsys, "--db", up, "package", "verify", str(package))
    assert code == 0 and "nguyên vẹn" in out and "chưa được đăng ký" in out
    code, _, err = run(capsys, "--db", up, "package", "import", str(package))
    assert code == 1 and "chưa được đăng ký" in err

    code, out, _ = run(capsys, "--db", up, "ward", "add", "--code", ward_code, "--name", ward_name,
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
    assert [{k: u[k] for k in ("unit", "totals")} for u in consolidated["by_unit"]] == [
        {"unit": summary["unit"], "totals": summary["totals"]}]
    assert set(consolidated) == {"period", "totals", "by_unit", "funding", "indicators", "report"}

    code, _, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--out", str(tmp_path / "th.pdf"))
    # The table by ward stands in the landscape Phụ lục (page 2 on), not on page 1 (issue 16, fault 6).
    text = _pdf_text(tmp_path / "th.pdf")
    assert code == 0 and ward_name in text
    code, _, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--out", str(tmp_path / "th.xlsx"))
    ws = load_workbook(tmp_path / "th.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert code == 0 and ward_name in values and summary["totals"]["total_value_vnd"] in values


def _pdf_text(path: Path | bytes) -> str:
    doc = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    return " ".join(" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc)))


def test_consolidated_report_issued_by_command_line(demo_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`consolidate --issue`: refused without a signer; then numbered, signed and frozen, `--out` gets the issued
    PDF (its SHA-256 the register's); again with nothing new from the wards: refused, no number taken."""
    import hashlib

    from db.connection import open_ledger
    from desktop.core.ledger import setup
    from desktop.core.report import register

    ward, up, usb = str(demo_path), str(tmp_path / "tinh.sqlite"), tmp_path / "usb"
    usb.mkdir()
    ward_code, ward_name = _unit(ward)
    run(capsys, "--db", ward, "package", "export", "--period", "2026-H1", "--out", str(usb))
    run(capsys, "--db", ward, "key", "export", "--out", str(usb / "khoa.json"))
    run(capsys, "--db", up, "init", "--unit-name", "Tỉnh Quảng Ngãi", "--unit-code", "51", "--upper")
    run(capsys, "--db", up, "ward", "add", "--code", ward_code, "--name", ward_name,
        "--key", str(usb / "khoa.json"))
    code, _, _ = run(capsys, "--db", up, "package", "import", str(usb / f"{ward_code}_2026-H1.thidua"))
    assert code == 0

    out = tmp_path / "bc.pdf"
    code, _, err = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--issue", "--out", str(out))
    assert code == 1 and "Chưa có tên người ký" in err and not out.exists()
    code, _, err = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--number", "3")
    assert code == 1 and "--number chỉ dùng cùng --issue" in err

    led = open_ledger(up)
    try:
        setup.update_unit(led, {"signer_name": "Nguyễn Văn Tỉnh"})
    finally:
        led.close()
    code, stdout, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--issue", "--number", "7",
                          "--date", "10/07/2026", "--out", str(out))
    assert code == 0 and "Đã ban hành Báo cáo tổng hợp số 07/BC-UBND ngày 10/07/2026" in stdout
    text = _pdf_text(out)
    assert "Số: 07/BC-UBND" in text and "Nguyễn Văn Tỉnh" in text and "DỰ THẢO" not in text
    assert "Vật tư" in text and "- Sở Nội vụ" in text
    led = open_ledger(up, read_only=True)
    try:
        doc = register.current(led, "BC", "2026-H1")
        assert doc["symbol"] == "07/BC-UBND" and doc["doc_date"] == "2026-07-10"
        assert doc["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    finally:
        led.close()
    code, _, err = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--issue")
    assert code == 1 and "đã ban hành theo đúng các tệp đang có" in err
    code, _, err = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--out", str(tmp_path / "d.pdf"))
    assert code == 0 and "đã ban hành Báo cáo tổng hợp số 07/BC-UBND" in err and "DỰ THẢO" in _pdf_text(
        tmp_path / "d.pdf")
    # The Word copy of the consolidated report, for editing; the issued record stays the PDF.
    import docx

    code, _, _ = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--out", str(tmp_path / "d.docx"))
    copy = docx.Document(str(tmp_path / "d.docx"))
    cells = [c.text for t in copy.tables for r in t.rows for c in r.cells]
    words = "\n".join([p.text for p in copy.paragraphs] + cells)
    assert code == 0 and "BÁO CÁO" in words and "Nguyễn Văn Tỉnh" in words
    code, _, err = run(capsys, "--db", up, "consolidate", "--period", "2026-H1", "--issue", "--out",
                       str(tmp_path / "x.docx"))
    assert code == 1 and "dùng --out TỆP.pdf" in err and not (tmp_path / "x.docx").exists()
    # The upper ledger issues its consolidated report, never a ward's report that would supersede it.
    code, _, err = run(capsys, "--db", up, "report", "--period", "2026-H1", "--issue", "--allow-gaps")
    assert code == 1 and "Sổ cấp trên không ban hành báo cáo của phường, xã" in err
    led = open_ledger(up, read_only=True)
    try:
        assert register.current(led, "BC", "2026-H1")["symbol"] == "07/BC-UBND"
    finally:
        led.close()


def test_corrupt_file_exit_1_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.thidua"
    bad.write_bytes(b"PK\x03\x04 broken")
    code, _, err = run(capsys, "package", "verify", str(bad))
    assert code == 1 and "x.thidua" in err and "bị từ chối" in err
