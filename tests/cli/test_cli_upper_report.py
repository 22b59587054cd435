"""`thidua consolidate PERIOD …`: the consolidation with its funding split and indicators as JSON, the draft's
sections edited from the command line, and the consolidated report issued with --so / --ngay."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop.core.ledger import setup
from tests.cli.test_cli import run
from tests.core.exchange_helpers import new_upper
from tests.core.upper_helpers import many_wards


@pytest.fixture
def db(tmp_path: Path) -> str:
    led = new_upper(tmp_path / "tinh.sqlite")
    setup.update_unit(led, {"signer_name": "Nguyễn Văn Tỉnh"})
    many_wards(led, 5)
    led.close()
    return str(tmp_path / "tinh.sqlite")


def test_json_has_the_funding_split_and_the_indicators(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "consolidate", "2026-H1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["funding"]["budget_state_vnd"] == sum(u["funding"]["budget_state_vnd"] for u in data["by_unit"])
    assert data["indicators"] and all(u["indicators"] for u in data["by_unit"])
    assert {r["method"] for r in data["indicators"]} >= {"sum", "range"}
    assert data["report"]["issued"] is None and set(data["report"]["sections"]) >= {"lanh_dao", "de_xuat"}


def test_edit_a_section_then_issue_with_number_and_date(db: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "consolidate", "2026-H1", "--draft-section",
                       "de_xuat=Đề nghị Bộ Nội vụ hướng dẫn.\\nĐề nghị bổ sung kinh phí.", "--sections")
    assert code == 0 and "Đã lưu dự thảo" in out and "[de_xuat] V. Đề xuất, kiến nghị (đã sửa)" in out
    assert "Đề nghị Bộ Nội vụ hướng dẫn.\nĐề nghị bổ sung kinh phí." in out
    pdf = tmp_path / "bc.pdf"
    code, out, _ = run(capsys, "--db", db, "consolidate", "2026-H1", "--issue", "--so", "7", "--ngay", "10/07/2026",
                       "--out", str(pdf))
    assert code == 0 and "Đã ban hành Báo cáo tổng hợp số 07/BC-UBND ngày 10/07/2026" in out
    code, out, _ = run(capsys, "--db", db, "consolidate", "2026-H1", "--format", "json")
    issued = json.loads(out)["report"]["issued"]
    assert issued["symbol"] == "07/BC-UBND" and issued["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    code, _, err = run(capsys, "--db", db, "consolidate", "2026-H1", "--issue")
    assert code == 1 and "đã ban hành theo đúng các tệp đang có" in err
    code, out, _ = run(capsys, "--db", db, "consolidate", "2026-H1", "--reset-section", "de_xuat", "--sections")
    assert code == 0 and "(đã sửa)" not in out


@pytest.mark.parametrize(("argv", "words"), [
    (["consolidate"], "Thiếu kỳ báo cáo"),
    (["consolidate", "2026-H1", "--draft-section", "khong_co=x"], "MỤC=NỘI_DUNG"),
    (["consolidate", "2026-H1", "--reset-section", "khong_co"], "không có mục này"),
    (["consolidate", "2026-H1", "--so", "3"], "chỉ dùng cùng --issue"),
    (["consolidate", "2026-H1", "--issue", "--ngay", "31/02/2026"], "--ngay"),
])
def test_mistakes_are_told_in_vietnamese(db: str, capsys: pytest.CaptureFixture[str], argv: list[str],
                                         words: str) -> None:
    code, _, err = run(capsys, "--db", db, *argv)
    assert code == 1 and words in err, err
