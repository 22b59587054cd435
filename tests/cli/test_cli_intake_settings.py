"""`thidua intake settings`: the sào and the ceilings of reading a workbook, shown with their reasons, changed by
option; then `thidua import` reads "2 sào" and refuses the row above the ceiling, naming where to change it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row


def test_settings_then_import(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    code, out, _ = run(capsys, "--db", db, "intake", "settings")
    assert code == 0 and "Một sào bằng (m²): chưa ghi" in out and "Bắc Bộ 360 m²" in out
    book = build_workbook(tmp_path / "dg.xlsx", {"Đóng góp": [CONTRIBUTION_HEADERS, *[
        contribution_row(stt=i, date="02/03/2026", group="Tổ dân phố 1", name="Phạm Văn Hải", kind=kind,
                         quantity=quantity, land_map_sheet="12" if kind == "Hiến đất" else None)
        for i, (kind, quantity) in enumerate([("Hiến đất", "2 sào"), ("Tiền", "2 triệu")], start=1)]]})
    code, _, err = run(capsys, "--db", db, "import", str(book), "--dry-run")
    assert code == 1 and "\"2 sào\"" in err and "thidua intake settings" in err

    code, out, _ = run(capsys, "--db", db, "intake", "settings", "--sao-m2", "360", "--tran-tien", "1 triệu")
    assert code == 0 and "360 m²" in out and "1.000.000 đồng" in out and "Đã lưu." in out
    code, _, err = run(capsys, "--db", db, "import", str(book), "--dry-run")
    assert code == 1 and "\"2 sào\"" not in err
    assert "\"2 triệu\" = 2.000.000 đồng, lớn hơn mức tối đa 1.000.000 đồng" in err and "Cài đặt" in err

    code, _, err = run(capsys, "--db", db, "intake", "settings", "--sao-m2", "5")
    assert code == 1 and "Một sào bằng (m²)" in err
