"""`thidua awards <action>`: the award workflow on the command line, through the real parser (desktop.cli.app.main):
suggestions, propose, list, withdraw, decide, issue, documents, settings; and `demo` then a scripted flow."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from db.connection import open_ledger
from desktop.cli import main
from desktop.core.awards import catalogue, council, papers, proposals
from desktop.core.ledger import setup
from tests.core.test_awards import MEETING, make_ward, propose


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A ward with contributions of 2026-H1 and no proposal yet."""
    from tests.conftest import UNIT

    path = tmp_path / "so.sqlite"
    led = open_ledger(path, user=UNIT["user_name"])
    try:
        setup.initialize(led, UNIT)
        ids = make_ward(led)
        catalogue.save_settings(led, {"drafting_head_name": "Đỗ Thị Mai"})
    finally:
        led.close()
    return path, ids


@pytest.fixture
def voted(fresh: tuple[Path, dict[str, Any]]) -> tuple[Path, dict[str, int]]:
    """The council voted: two households passed (Giấy khen), one upward, one individual not passed (3/9)."""
    path, ids = fresh
    led = open_ledger(path)
    try:
        pids = {"hoa": propose(led, ids["hoa"], ids["gk_ho"]), "toan": propose(led, ids["toan"], ids["gk_ho"]),
                "small": propose(led, ids["small"], ids["bk_ho"]), "an": propose(led, ids["an"], ids["gk_cn"])}
        council.record_meeting(led, "2026-H1", MEETING, {pids["hoa"]: 8, pids["toan"]: 8, pids["small"]: 8,
                                                          pids["an"]: 3})
    finally:
        led.close()
    return path, pids


def run(db: Path, *argv: str) -> int:
    return main(["--db", str(db), "awards", *argv])


def out_json(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> Any:
    capsys.readouterr()
    assert run(db, *argv, "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def statuses(db: Path, period: str = "2026-H1") -> dict[str, str]:
    led = open_ledger(db)
    try:
        return {r["nominee_name"]: r["status"] for r in proposals.list_proposals(led, period)}
    finally:
        led.close()


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path.read_bytes())
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_suggestions_list_the_nominees_with_form_and_reason(fresh: tuple[Path, dict[str, Any]],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = fresh
    items = out_json(capsys, db, "suggestions", "--period", "2026-H1")
    by_id = {s["contributor_id"]: s for s in items}
    assert set(by_id) == {ids["hoa"], ids["toan"], ids["small"], ids["an"]}  # the pledge of An is not counted
    assert by_id[ids["hoa"]]["kind_id"] == ids["gk_ho"] and by_id[ids["hoa"]]["land_m2"] == 120.5
    assert by_id[ids["an"]]["value_vnd"] == 50_000_000 and "50.000.000 đồng" in by_id[ids["an"]]["reason"]
    assert [s["contributor_id"] for s in items][0] == ids["hoa"]  # by value, the largest first

    assert run(db, "propose", "--period", "2026-H1", "--from-suggestions", "--contributor", str(ids["hoa"])) == 0
    left = {s["contributor_id"] for s in out_json(capsys, db, "suggestions", "--period", "2026-H1")}
    assert ids["hoa"] not in left and ids["toan"] in left


def test_propose_then_list_shows_a_draft_and_a_dry_run_writes_nothing(
        fresh: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = fresh
    capsys.readouterr()
    assert run(db, "propose", "--period", "2026-H1", "--contributor", str(ids["toan"]), "--kind", "Giấy khen",
               "--dry-run") == 0
    assert "Chạy thử" in capsys.readouterr().out and statuses(db) == {}
    assert run(db, "propose", "--period", "2026-H1", "--contributor", str(ids["toan"]), "--kind", "giay khen",
               "--achievement", "Hiến 30 m² đất mở rộng hẻm") == 0
    assert run(db, "propose", "--period", "2026-H1", "--group", str(ids["g5"]), "--kind", "Tổ dân phố văn hóa") == 0
    rows = out_json(capsys, db, "list", "--period", "2026-H1")
    by_name = {r["nominee_name"]: r for r in rows}
    assert set(by_name) == {"Lê Tiến Toàn", "Tổ dân phố 5"}
    toan = by_name["Lê Tiến Toàn"]
    assert (toan["status"], toan["status_label"], toan["subject"]) == ("du_thao", "Dự thảo", "ho")
    assert toan["award_kind_id"] == ids["gk_ho"] and toan["achievement"] == "Hiến 30 m² đất mở rộng hẻm"
    assert by_name["Tổ dân phố 5"]["subject"] == "to_dan_pho"

    # A kind that is not for the subject, or ambiguous, is refused with the kinds there are; nothing written.
    capsys.readouterr()
    assert run(db, "propose", "--period", "2026-H1", "--contributor", str(ids["hoa"]), "--kind", "Tổ dân phố") == 1
    err = capsys.readouterr().err
    assert "--kind “Tổ dân phố”" in err and "Giấy khen của Chủ tịch" in err
    assert run(db, "propose", "--period", "2026-H1", "--contributor", str(ids["hoa"]), "--kind", "Bằng khen") == 1
    assert "nhiều hình thức khớp" in capsys.readouterr().err
    assert len(statuses(db)) == 2


def test_withdraw_a_draft_and_refuse_one_past_draft(voted: tuple[Path, dict[str, int]], fresh: Any,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db, pids = voted
    _, ids = fresh
    assert run(db, "propose", "--period", "2026-H1", "--name", "Công ty TNHH Minh Phát", "--subject", "tap_the",
               "--kind", str(ids["gk_tt"])) == 0
    draft = next(r["id"] for r in out_json(capsys, db, "list", "--period", "2026-H1", "--status", "du_thao"))
    assert run(db, "withdraw", "--id", str(draft)) == 0
    assert "Công ty TNHH Minh Phát" not in statuses(db)
    assert run(db, "withdraw", "--id", str(draft), "--restore") == 0
    assert statuses(db)["Công ty TNHH Minh Phát"] == "du_thao"

    capsys.readouterr()
    assert run(db, "withdraw", "--id", str(draft), "--id", str(pids["hoa"])) == 1  # all or none
    err = capsys.readouterr().err
    assert "đã qua bước dự thảo" in err and f"thidua awards decide --id {pids['hoa']} --action refuse" in err
    assert statuses(db)["Công ty TNHH Minh Phát"] == "du_thao" and statuses(db)["Phan Ngọc Hòa"] == "da_xet"


def test_decide_is_refused_for_a_nominee_the_council_did_not_pass(voted: tuple[Path, dict[str, int]],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db, pids = voted
    rejected = out_json(capsys, db, "list", "--period", "2026-H1", "--status", "khong_thong_qua")
    assert [r["nominee_name"] for r in rejected] == ["Nguyễn Văn An"] and rejected[0]["status_label"] == \
        "Không được thông qua"
    before = statuses(db)
    assert run(db, "decide", "--id", str(pids["hoa"]), "--id", str(pids["an"]), "--action", "decide",
               "--number", "07/QĐ-UBND", "--date", "20/06/2026") == 1
    err = capsys.readouterr().err
    assert "“Nguyễn Văn An” chưa được Hội đồng Thi đua - Khen thưởng thông qua (3/9" in err
    assert "--action refuse" in err
    assert statuses(db) == before  # Phan Ngọc Hòa, who passed, is not decided either: all or none

    assert run(db, "decide", "--id", str(pids["an"]), "--action", "refuse") == 1
    assert "lý do" in capsys.readouterr().err
    assert run(db, "decide", "--id", str(pids["an"]), "--action", "refuse", "--reason", "Hội đồng không thông qua") == 0
    assert statuses(db)["Nguyễn Văn An"] == "khong_duoc_khen"
    assert run(db, "decide", "--id", str(pids["small"]), "--action", "submit", "--number", "03/TTr-UBND",
               "--date", "31/02/2026") == 1
    assert "--date" in capsys.readouterr().err


def test_issue_qd_writes_a_pdf_without_the_rejected_nominee(voted: tuple[Path, dict[str, int]], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    db, _pids = voted
    out = tmp_path / "qd.pdf"
    capsys.readouterr()
    assert run(db, "issue", "qd", "--period", "2026-H1", "--date", "10/06/2026", "--out", str(out)) == 1
    assert "không thể đề ngày trước cuộc họp" in capsys.readouterr().err and not out.exists()
    assert run(db, "issue", "qd", "--period", "2026-H1", "--date", "18/06/2026", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "số 01/QĐ-UBND ngày 18/06/2026" in printed
    text = pdf_text(out)
    assert "01/QĐ-UBND" in text and "Phan Ngọc Hòa" in text and "Lê Tiến Toàn" in text
    assert "Nguyễn Văn An" not in text and "Võ Văn Nhỏ" not in text
    now = statuses(db)
    assert now["Phan Ngọc Hòa"] == now["Lê Tiến Toàn"] == "quyet_dinh" and now["Nguyễn Văn An"] == "da_xet"

    docs = out_json(capsys, db, "documents", "--period", "2026-H1")
    assert [(d["symbol"], d["role"]) for d in docs] == [("01/QĐ-UBND", "qd")]
    again = tmp_path / "lai.pdf"
    assert run(db, "documents", "--id", str(docs[0]["id"]), "--out", str(again)) == 0
    assert again.read_bytes() == out.read_bytes()  # the frozen copy of the register


def test_issue_without_a_signer_names_the_option(voted: tuple[Path, dict[str, int]], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db, _pids = voted
    assert main(["--db", str(db), "unit", "--signer-name", ""]) == 0
    capsys.readouterr()
    out = tmp_path / "qd.pdf"
    assert run(db, "issue", "qd", "--period", "2026-H1", "--date", "18/06/2026", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "thidua unit --signer-name" in err and "Cài đặt" not in err
    assert not out.exists()
    led = open_ledger(db)
    try:
        assert papers.issued(led, "2026-H1") == []
    finally:
        led.close()


def test_the_ward_tờ_trình_needs_its_signer_set_from_the_command_line(
        voted: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]) -> None:
    db, _pids = voted
    assert run(db, "settings", "--drafting-head-name", "") == 0
    capsys.readouterr()
    assert run(db, "issue", "ttr", "--period", "2026-H1", "--date", "10/06/2026") == 1
    assert "thidua awards settings --drafting-head-name" in capsys.readouterr().err
    assert out_json(capsys, db, "settings", "--drafting-head-name", "Đỗ Thị Mai")["drafting_head_name"] == \
        "Đỗ Thị Mai"
    issued = out_json(capsys, db, "issue", "ttr", "--period", "2026-H1", "--date", "10/06/2026")
    assert issued["symbol"] == "01/TTr-VHXH" and issued["role"] == "ttr_ward"


@pytest.mark.parametrize("argv", [
    ["decide", "--id", "1"],  # no --action
    ["decide", "--id", "1", "--action", "approve"],
    ["issue", "giay-khen", "--period", "2026-H1"],
    ["list"],  # no --period
    ["propose", "--period", "2026-H1", "--group", "1", "--name", "X"],  # one nominee only
    ["withdraw"],
])
def test_usage_errors_exit_2(voted: tuple[Path, dict[str, int]], argv: list[str],
                             capsys: pytest.CaptureFixture[str]) -> None:
    db, _pids = voted
    with pytest.raises(SystemExit) as exit_:
        run(db, *argv)
    assert exit_.value.code == 2 and "lỗi cú pháp" in capsys.readouterr().err


def test_demo_then_a_scripted_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.core.demo.awards import award_year
    from desktop.core.demo.builder import FIRST_DAY

    db, folder = tmp_path / "so.sqlite", tmp_path / "hoso"
    folder.mkdir()
    assert main(["--db", str(db), "demo"]) == 0
    period = str(award_year(dt.date.today(), FIRST_DAY))

    first = out_json(capsys, db, "suggestions", "--period", period)[0]
    assert run(db, "propose", "--period", period, "--from-suggestions", "--contributor",
               str(first["contributor_id"])) == 0
    rows = out_json(capsys, db, "list", "--period", period)
    new = next(r for r in rows if r["contributor_id"] == first["contributor_id"])
    assert new["status_label"] == "Dự thảo"
    assert run(db, "withdraw", "--id", str(new["id"])) == 0

    waiting = [r for r in rows if r["status"] == "da_xet" and r["passed"] and r["level"] == "ward"]
    rejected = [r["nominee_name"] for r in rows if r["status_label"] == "Không được thông qua"]
    assert waiting and rejected
    docs = out_json(capsys, db, "documents", "--period", period)
    day = max([r["meeting_date"] for r in waiting] + [d["doc_date"] for d in docs])
    qd = tmp_path / "qd.pdf"
    issued = out_json(capsys, db, "issue", "qd", "--period", period, "--date",
                      dt.date.fromisoformat(day).strftime("%d/%m/%Y"), "--out", str(qd))
    text = pdf_text(qd)
    assert issued["symbol"] in text and all(r["nominee_name"] in text for r in waiting)
    assert not any(name in text for name in rejected)
    assert run(db, "decide", *[x for r in waiting for x in ("--id", str(r["id"]))], "--action", "grant") == 0
    after = {r["id"]: r["status"] for r in out_json(capsys, db, "list", "--period", period)}
    assert all(after[r["id"]] == "duoc_khen" for r in waiting) and new["id"] not in after
    symbols = [d["symbol"] for d in out_json(capsys, db, "documents", "--period", period)]
    assert issued["symbol"] in symbols and len(symbols) == len(docs) + 1

    assert run(db, "--period", period, "--out", str(folder)) == 0  # the dossier, with the new decision in it
    assert any(issued["symbol"].split("/")[0] in p.name and p.name.startswith("Quyet-dinh")
               for p in folder.iterdir())


def test_issue_qd_of_one_decision_group(fresh: tuple[Path, dict[str, Any]], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("desktop.core.awards.decisions")  # the core sorts decisions by group
    from tests.core.test_awards import kind_id

    db, ids = fresh
    led = open_ledger(db)
    try:
        culture = kind_id(led, "Gia đình văn hóa", "ho")
        votes = {propose(led, ids["hoa"], ids["gk_ho"]): 8, propose(led, ids["toan"], culture): 8}
        council.record_meeting(led, "2026-H1", MEETING, votes)
    finally:
        led.close()
    capsys.readouterr()
    assert run(db, "issue", "qd", "--period", "2026-H1", "--date", "18/06/2026") == 1
    assert "thidua awards issue qd --group" in capsys.readouterr().err
    groups = {r["nominee_name"]: r["decision_group"] for r in out_json(capsys, db, "list", "--period", "2026-H1")}
    out = tmp_path / "vh.pdf"
    assert run(db, "issue", "qd", "--period", "2026-H1", "--date", "18/06/2026", "--group", groups["Lê Tiến Toàn"],
               "--out", str(out)) == 0
    assert "Gia đình văn hóa" in capsys.readouterr().out
    text = pdf_text(out)
    assert "Lê Tiến Toàn" in text and "Phan Ngọc Hòa" not in text
    assert statuses(db) == {"Phan Ngọc Hòa": "da_xet", "Lê Tiến Toàn": "quyet_dinh"}
