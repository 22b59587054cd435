"""`thidua round …` (desktop.cli.round): the register, deadlines, the board and the reminder list, a report typed
from paper; exit 1 with a Vietnamese message for a refused value, 2 for a usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.connection import Ledger
from desktop.cli import round as round_cli
from desktop.cli.common import Parser, run
from desktop.core.ledger import groups
from desktop.core.round import reports


def _run(db: Path, *argv: str) -> int:
    parser = Parser(prog="thidua")
    parser.add_argument("--db")
    round_cli.add_parsers(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    return run(round_cli.cmd_round, parser.parse_args(["--db", str(db), *argv]))


@pytest.fixture
def db(ledger: Ledger, ledger_path: Path) -> Path:
    groups.add(ledger, {"name": "Tổ dân phố 1"})
    groups.add(ledger, {"name": "Tổ dân phố 2"})
    return ledger_path


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_units_add_edit_deactivate(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "round", "units", "--format", "json") == 0
    listed = _json(capsys)
    assert {"Tổ dân phố 1", "Tổ dân phố 2", "Hội Nông dân phường"} <= {u["name"] for u in listed}
    assert _run(db, "round", "unit", "add", "--kind", "doan_the", "--name", "Hội Người cao tuổi phường",
                "--contact", "Lê Văn Tám", "--phone", "0935 111 222") == 0
    new_id = int(capsys.readouterr().out.split("số ")[1].split(":")[0])
    assert _run(db, "round", "unit", "edit", str(new_id), "--contact", "Phạm Thị Lan", "--active", "no") == 0
    capsys.readouterr()
    assert _run(db, "round", "units", "--format", "json") == 0
    assert new_id not in {u["id"] for u in _json(capsys)}
    assert _run(db, "round", "units", "--all", "--format", "json") == 0
    again = next(u for u in _json(capsys) if u["id"] == new_id)
    assert (again["contact_name"], again["active"]) == ("Phạm Thị Lan", 0)
    assert _run(db, "round", "unit", "add", "--kind", "doan_the", "--name", "hội người cao tuổi phường") == 1
    assert "đã có" in capsys.readouterr().err


def test_deadline_board_missing_and_enter(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "round", "deadline", "2026-H1", "--phuong", "16/06/2026", "--cap-tren", "15/06/2026") == 1
    assert "sau hạn của cấp trên" in capsys.readouterr().err
    assert _run(db, "round", "deadline", "2026-H1", "--phuong", "10/06/2026", "--cap-tren", "15/06/2026") == 0
    assert "10/06/2026" in capsys.readouterr().out
    _run(db, "round", "units", "--format", "json")
    ids = {u["name"]: u["id"] for u in _json(capsys)}
    finance = ids["Công chức Tài chính – Kế toán"]
    assert _run(db, "round", "enter", "2026-H1", "--unit", str(finance), "--received", "12/06/2026",
                "--figures-json", '{"dtc_ke_hoach_vnd": "4,5 tỷ", "tiet_kiem_chi_tx_vnd": 185000000}',
                "--text", "Kết quả thực hiện=Giải ngân 58% kế hoạch.", "--text", "de_xuat=Bổ sung vốn.") == 0
    assert "Đã ghi báo cáo" in capsys.readouterr().out
    assert _run(db, "round", "board", "2026-H1", "--ngay", "20/06/2026", "--format", "json") == 0
    b = _json(capsys)
    row = next(r for r in b["units"] if r["unit_id"] == finance)
    assert (row["state"], row["days_late"]) == ("late", 2)
    assert b["counts"]["overdue"] == len(b["units"]) - 1
    xlsx, pdf = tmp_path / "nhac.xlsx", tmp_path / "nhac.pdf"
    assert _run(db, "round", "missing", "2026-H1", "--ngay", "20/06/2026", "--xlsx", str(xlsx)) == 0
    assert _run(db, "round", "missing", "2026-H1", "--pdf", str(pdf)) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    names = [r[1] for r in load_workbook(xlsx).active.iter_rows(min_row=3, values_only=True)]
    assert "Tổ dân phố 2" in names and "Công chức Tài chính – Kế toán" not in names


def test_enter_stores_what_was_typed(db: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str]) -> None:
    _run(db, "round", "units", "--format", "json")
    tdp = next(u["id"] for u in _json(capsys) if u["name"] == "Tổ dân phố 1")
    assert _run(db, "round", "enter", "2026-H2", "--unit", str(tdp), "--figures-json", '{"hop_dan_tdp": 3}',
                "--text", "ket_qua=Họp dân 3 lần.") == 0
    (report,) = reports.current_reports(ledger, "2026-H2")
    assert report["figures"] == {"hop_dan_tdp": 3} and report["texts"] == {"ket_qua": "Họp dân 3 lần."}
    assert report["source"] == "screen"


def test_enter_refusals(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(db, "round", "units", "--format", "json")
    tdp = next(u["id"] for u in _json(capsys) if u["name"] == "Tổ dân phố 1")
    assert _run(db, "round", "enter", "2026-H1", "--unit", str(tdp), "--figures-json", '{"dtc_ke_hoach_vnd": 1}') == 1
    assert "không thuộc phần báo cáo của Tổ dân phố 1" in capsys.readouterr().err
    assert _run(db, "round", "enter", "2026-H1", "--unit", str(tdp), "--figures-json", "{oops") == 1
    assert "không đúng JSON" in capsys.readouterr().err
    assert _run(db, "round", "enter", "2026-H1", "--unit", str(tdp), "--text", "không dấu bằng") == 1
    with pytest.raises(SystemExit) as stop:
        _run(db, "round", "enter", "2026-H1")
    assert stop.value.code == 2
