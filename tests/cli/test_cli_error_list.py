"""`thidua import FILE --errors-out loi.xlsx --ghi-loi loi.pdf`: the error list for the tổ trưởng, written whenever the
file has problems (dry run or not), never when it has none; a wrong file name is refused before anything is read."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import run
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, contribution_row
from tests.core.test_demo_mark import marked


def _row(stt: int, date: str, quantity: object) -> list[object]:
    return contribution_row(stt=stt, date=date, group="Tổ 3", name="Lê Thị Mới", contributor_kind="Hộ gia đình",
                            kind="Tiền", quantity=quantity)


def test_error_list_written_on_problems(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = build_workbook(tmp_path / "to3.xlsx", {"Đóng góp": [
        CONTRIBUTION_HEADERS, _row(1, "05/03/2026", "1.500.000"), _row(2, "31/02/2026", "200.000")]})
    xlsx, pdf = tmp_path / "loi.xlsx", tmp_path / "loi.pdf"
    code, out, _ = run(capsys, "--db", str(demo_path), "import", str(bad), "--dry-run", "--errors-out", str(xlsx),
                       "--ghi-loi", str(pdf))
    assert code == 1  # the file still has problems: the dry run says so
    assert f"Đã ghi danh sách lỗi {xlsx}" in out and f"Đã ghi danh sách lỗi {pdf}" in out
    rows = list(load_workbook(xlsx)["Đóng góp"].iter_rows(values_only=True))
    header = list(rows[2])
    assert header[-2:] == ["Lỗi", "Dòng trong tệp gốc"]
    assert len(rows) == 4 and rows[3][header.index("Ngày")] == "31/02/2026" and rows[3][-1] == 3
    assert "Cột \"Ngày\"" in rows[3][header.index("Lỗi")]
    text = pdfium.PdfDocument(pdf.read_bytes())[0].get_textpage().get_text_range()
    assert "31/02/2026" in text and "DANH SÁCH LỖI" in text
    assert marked(pdf.read_bytes()) == [True]  # printed from the demo: SỔ MẪU under the page


def test_no_list_without_problems_and_a_wrong_name_is_refused(demo_path: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    good = build_workbook(tmp_path / "ok.xlsx", {"Đóng góp": [CONTRIBUTION_HEADERS,
                                                             _row(1, "05/03/2026", "1.500.000")]})
    out_file = tmp_path / "loi.xlsx"
    code, out, _ = run(capsys, "--db", str(demo_path), "import", str(good), "--dry-run", "--errors-out", str(out_file))
    assert code == 0 and "không ghi danh sách lỗi" in out and not out_file.exists()

    code, out, err = run(capsys, "--db", str(demo_path), "import", str(good), "--errors-out", str(tmp_path / "loi.csv"))
    assert code == 1 and ".xlsx" in err and "Đã nhập" not in out  # refused before the import
    code, _, err = run(capsys, "--db", str(demo_path), "import", str(good), "--errors-out",
                       str(tmp_path / "khong-co" / "loi.xlsx"))
    assert code == 1 and "Không có thư mục" in err
