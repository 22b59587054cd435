"""A ward's upward proposals reach the upper level in its handoff file (issue 17): after `package import` they are
listed by ward, their consolidated list is written as Excel, the upper level records its own outcome (which survives
a newer file of the same ward and period), and the received dossier PDFs can be written out. Drafts and the ward's
own awards never travel."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.connection import open_ledger
from desktop.cli.app import main
from desktop.core.demo import builder
from desktop.core.exchange import handoff
from desktop.core.report import narrative
from tests.core.exchange_helpers import new_upper, register, sent_upward


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict:
    d = tmp_path_factory.mktemp("upward")
    ward = open_ledger(d / "w.sqlite", user="Trần Thị Thu Hà")
    builder.build_demo(ward, size="small", seed=7)
    up = new_upper(d / "u.sqlite", user="Sở Nội vụ")
    register(ward, up, d / "k.json")
    expected = sent_upward(ward)
    not_sent = {r[0] for r in ward.conn.execute(
        "SELECT p.nominee_name FROM proposals p JOIN award_kinds k ON k.id = p.award_kind_id "
        "WHERE (k.level = 'ward' OR p.status = 'du_thao') AND p.deleted_at IS NULL")} - expected
    period = narrative.parse_period(ward, "2026")
    file = handoff.export(ward, period, d)["path"]
    ward.close()
    up.close()
    assert main(["--db", str(d / "u.sqlite"), "package", "import", str(file)]) == 0
    return {"dir": d, "db": str(d / "u.sqlite"), "file": file, "expected": expected, "not_sent": not_sent}


def test_the_file_carries_the_dossier_pdfs(sent: dict) -> None:
    names = zipfile.ZipFile(sent["file"]).namelist()
    assert any(n.startswith("proposals/") and n.endswith(".pdf") for n in names)
    manifest = json.loads(zipfile.ZipFile(sent["file"]).read("manifest.json"))
    assert manifest["format_version"] == 3  # 2: the proposals and their PDFs; 3: the indicators as well


def test_the_upward_proposals_are_listed_and_nothing_else(sent: dict, capsys: pytest.CaptureFixture) -> None:
    assert sent["expected"]
    assert main(["--db", sent["db"], "package", "proposals", "--period", "2026", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["nominee_name"] for r in rows} == sent["expected"]
    assert not {r["nominee_name"] for r in rows} & sent["not_sent"]
    assert all(r["outcome"] == "dang_xet" for r in rows)


def test_the_consolidated_list_as_excel(sent: dict) -> None:
    out = sent["dir"] / "ds.xlsx"
    assert main(["--db", sent["db"], "package", "proposals", "--period", "2026", "--out", str(out)]) == 0
    ws = load_workbook(out).active
    names = {ws.cell(row=i, column=3).value for i in range(4, ws.max_row + 1)}
    assert names == sent["expected"]


def test_the_outcome_is_recorded_refused_without_reason_and_kept_after_a_new_file(
        sent: dict, capsys: pytest.CaptureFixture) -> None:
    main(["--db", sent["db"], "package", "proposals", "--period", "2026", "--format", "json"])
    uuid = json.loads(capsys.readouterr().out)[0]["uuid"]
    assert main(["--db", sent["db"], "package", "outcome", "--proposal", uuid, "--status", "tra_lai"]) == 1
    assert "lý do" in capsys.readouterr().err
    assert main(["--db", sent["db"], "package", "outcome", "--proposal", uuid, "--status", "duoc_khen",
                 "--number", "1234/QĐ-UBND", "--date", dt.date.today().strftime("%d/%m/%Y")]) == 0
    # the same ward sends its file again (a newer one supersedes): the upper level's outcome stays
    ward = open_ledger(sent["dir"] / "w.sqlite", user="Trần Thị Thu Hà")
    newer = sent["dir"] / "newer"
    newer.mkdir()
    file = handoff.export(ward, narrative.parse_period(ward, "2026"), newer)["path"]
    ward.close()
    assert main(["--db", sent["db"], "package", "import", str(file)]) == 0
    capsys.readouterr()
    main(["--db", sent["db"], "package", "proposals", "--period", "2026", "--format", "json"])
    rows = {r["uuid"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[uuid]["outcome"] == "duoc_khen" and rows[uuid]["decision_no"] == "1234/QĐ-UBND"
    assert len(rows) == len(sent["expected"])  # not counted twice


def test_the_received_pdfs_are_written_out(sent: dict, capsys: pytest.CaptureFixture) -> None:
    main(["--db", sent["db"], "package", "proposals", "--period", "2026", "--format", "json"])
    uuid = json.loads(capsys.readouterr().out)[0]["uuid"]
    out = sent["dir"] / "pdfs"
    assert main(["--db", sent["db"], "package", "proposal-files", "--proposal", uuid, "--out", str(out)]) == 0
    written = list(Path(out).glob("*.pdf"))
    assert written and all(p.read_bytes().startswith(b"%PDF") for p in written)
    # the tóm tắt and the full Báo cáo thành tích of a form the upper level grants
    assert any(p.name.startswith("Bao-cao-thanh-tich-") for p in written)
    assert any(p.name.startswith("Bao-cao-tom-tat-") for p in written)
    assert main(["--db", sent["db"], "package", "proposal-files", "--proposal", "khong-co", "--out", str(out)]) == 1
