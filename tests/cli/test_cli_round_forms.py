"""`thidua round-form` and `thidua round-import`: a form written, filled, imported; errors and refusals exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.ledger import setup
from tests.cli.test_cli import run
from tests.conftest import UNIT
from tests.core.round_forms_helpers import PERIOD, fill_docx, fill_xlsx, make_units


@pytest.fixture
def ward(tmp_path: Path) -> tuple[str, dict[str, int]]:
    path = tmp_path / "so.sqlite"
    led = open_ledger(path, user="Trần Thị Thu Hà")
    setup.initialize(led, UNIT)
    ids = make_units(led)
    led.close()
    return str(path), ids


def _reports(db: str) -> int:
    led = open_ledger(Path(db))
    try:
        return led.conn.execute("SELECT count(*) FROM unit_reports").fetchone()[0]
    finally:
        led.close()


def test_form_then_import(ward, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = ward
    code, out, _ = run(capsys, "--db", db, "round-form", PERIOD, "--unit", str(ids["doan_the"]),
                       "--xlsx", str(tmp_path / "ccb.xlsx"))
    assert code == 0 and "ccb.xlsx" in out
    code, _, _ = run(capsys, "--db", db, "round-form", PERIOD, "--unit", str(ids["mat_tran"]),
                     "--docx", str(tmp_path / "mttq.docx"))
    assert code == 0
    xlsx = fill_xlsx(tmp_path / "ccb.xlsx", tmp_path / "ccb-gui.xlsx", {"cuoc_van_dong": "5"}, {"ket_qua": "Tốt."})
    word = fill_docx(tmp_path / "mttq.docx", tmp_path / "mttq-gui.docx", {"cuoc_giam_sat": "2"},
                     {"lanh_dao": ["Một.", "Hai."]})
    code, out, _ = run(capsys, "--db", db, "round-import", PERIOD, str(xlsx), str(word), "--dry-run")
    assert code == 0 and "chưa ghi gì" in out and _reports(db) == 0
    code, out, _ = run(capsys, "--db", db, "round-import", PERIOD, str(xlsx), str(word), "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data["saved"]) == 2 and _reports(db) == 2
    assert data["files"][1]["texts"] == {"lanh_dao": "Một.\nHai."}
    code, out, _ = run(capsys, "--db", db, "round-import", PERIOD, str(xlsx))
    assert code == 0 and "đã nhận ngày" in out and _reports(db) == 2


def test_errors_need_chi_dong_hop_le_and_a_wrong_period_is_refused(ward, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = ward
    run(capsys, "--db", db, "round-form", PERIOD, "--unit", str(ids["doan_the"]), "--xlsx", str(tmp_path / "a.xlsx"))
    bad = fill_xlsx(tmp_path / "a.xlsx", tmp_path / "b.xlsx", {"cuoc_van_dong": "5", "cuoc_giam_sat": "1,500"}, {})
    code, _, err = run(capsys, "--db", db, "round-import", PERIOD, str(bad))
    assert code == 1 and "1,500" in err and "dòng" in err and _reports(db) == 0
    code, _, err = run(capsys, "--db", db, "round-import", "2026-H2", str(bad))
    assert code == 1 and "2026-H1" in err and "2026-H2" in err
    code, _, _ = run(capsys, "--db", db, "round-import", PERIOD, str(bad), "--chi-dong-hop-le")
    assert code == 0 and _reports(db) == 1


def test_form_of_an_unknown_unit_is_a_user_error(ward, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _ids = ward
    code, _, err = run(capsys, "--db", db, "round-form", PERIOD, "--unit", "999", "--xlsx", str(tmp_path / "x.xlsx"))
    assert code == 1 and "999" in err and not (tmp_path / "x.xlsx").exists()
