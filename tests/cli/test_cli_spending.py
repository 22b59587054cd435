"""`thidua spending list|add|import|notice` (desktop.cli.spending, registered in desktop.cli.app): the figures of
`list --format json` are the ledger's, a row typed wrong is a Vietnamese error with exit 1, the notice is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.connection import open_ledger
from desktop.cli.app import main
from desktop.core.report import spending


def _work(demo_path: Path) -> tuple[int, str]:
    led = open_ledger(demo_path)
    try:
        return led.conn.execute("SELECT w.id, w.name FROM works w WHERE w.status = 'dang_thi_cong' AND EXISTS "
                                "(SELECT 1 FROM work_spending s WHERE s.work_id = w.id)").fetchone()
    finally:
        led.close()


def test_list_add_and_notice(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wid, name = _work(demo_path)
    assert main(["--db", str(demo_path), "spending", "list", name.upper(), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    led = open_ledger(demo_path)
    b = spending.work_balance(led, wid)
    led.close()
    assert (data["work_id"], data["received_vnd"], data["spent_vnd"], data["balance_vnd"]) == \
        (wid, b["received_vnd"], b["spent_vnd"], b["balance_vnd"])
    assert len(data["spending"]) == len(b["spending"])

    assert main(["--db", str(demo_path), "spending", "add", str(wid), "--item", "Sơn vạch kẻ đường",
                 "--amount", "1,2 triệu", "--date", "01/01/2026", "--document", "HĐ 77"]) == 0
    assert "1.200.000 đồng" in capsys.readouterr().out
    assert main(["--db", str(demo_path), "spending", "add", str(wid), "--item", "Sơn vạch kẻ đường",
                 "--amount", "1.200.000", "--date", "01/01/2026", "--document", "HĐ 77"]) == 1
    assert "đã có trong sổ" in capsys.readouterr().err
    assert main(["--db", str(demo_path), "spending", "add", str(wid), "--item", "x", "--amount", "0",
                 "--date", "01/01/2026"]) == 1
    assert "Số tiền: phải lớn hơn 0" in capsys.readouterr().err

    out = tmp_path / "tb.pdf"
    assert main(["--db", str(demo_path), "spending", "notice", str(wid), "--to", "Tổ 3", "--pdf", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(demo_path), "spending", "list", "không có công trình này"]) == 1
    assert "Không tìm thấy công trình" in capsys.readouterr().err


def test_import_dry_run_then_only_valid(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wid, _name = _work(demo_path)
    wb = Workbook()
    ws = wb.active
    ws.append(["Nội dung chi", "Số tiền", "Ngày", "Chứng từ"])
    ws.append(["Đá 1x2", "12.500.000", "05/01/2026", "HĐ 31"])
    ws.append(["Nhân công", "mười triệu", "06/01/2026", "BB 32"])
    wb.save(tmp_path / "qt.xlsx")
    args = ["--db", str(demo_path), "spending", "import", str(wid), str(tmp_path / "qt.xlsx")]
    assert main([*args, "--dry-run"]) == 1
    captured = capsys.readouterr()
    assert "1 khoản chi đúng" in captured.out and "dòng 3, cột \"Số tiền\" (ô ghi \"mười triệu\")" in captured.err
    assert main(args) == 1  # errors left: nothing written
    assert main([*args, "--only-valid"]) == 0
    assert "Đã nhập 1 khoản chi" in capsys.readouterr().out
