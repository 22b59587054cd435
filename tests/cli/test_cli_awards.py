"""`thidua awards --period P --out DIR [--issue]` through desktop.cli.awards (desktop.cli.app wires it in)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import open_ledger
from desktop.cli import awards
from desktop.core.awards import catalogue, council, papers, proposals
from desktop.core.errors import UserError
from tests.core.test_awards import MEETING, make_ward, propose


def _args(db: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="thidua")
    parser.add_argument("--db")
    awards.add_parsers(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["--db", str(db), "awards", *argv])


@pytest.fixture
def ward_path(tmp_path: Path) -> Path:
    """A ward with three proposals of 2026-H1, voted on by the council (one of them upward)."""
    from desktop.core.ledger import setup
    from tests.conftest import UNIT

    path = tmp_path / "so.sqlite"
    led = open_ledger(path, user=UNIT["user_name"])
    try:
        setup.initialize(led, UNIT)
        ids = make_ward(led)
        votes = {propose(led, ids["hoa"], ids["gk_ho"]): 8, propose(led, ids["toan"], ids["gk_ho"]): 8,
                 propose(led, ids["small"], ids["bk_ho"]): 8}
        council.record_meeting(led, "2026-H1", MEETING, votes)
        catalogue.save_settings(led, {"drafting_head_name": "Đỗ Thị Mai"})  # a Tờ trình is issued signed only
    finally:
        led.close()
    return path


def test_drafts_by_default_nothing_issued(ward_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "hoso"
    out.mkdir()
    assert awards.cmd_awards(_args(ward_path, "--period", "2026-H1", "--out", str(out))) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["Bao-cao-thanh-tich-2026-H1.pdf", "Bao-cao-tom-tat-thanh-tich-2026-H1.pdf",
                     "Bien-ban-hop-HDTDKT-2026-06-15-du-thao.pdf",
                     "Danh-sach-de-nghi-khen-thuong-2026-H1.xlsx", "Quyet-dinh-khen-thuong-2026-H1-du-thao.pdf",
                     "To-trinh-cap-phuong-2026-H1-du-thao.pdf", "To-trinh-cap-tren-2026-H1-du-thao.pdf"]
    qd = pdfium.PdfDocument(str(out / "Quyet-dinh-khen-thuong-2026-H1-du-thao.pdf"))
    assert "DỰ THẢO" in qd[0].get_textpage().get_text_range()
    printed = capsys.readouterr().out
    assert "Đã ghi" in printed and "thêm --issue" in printed
    led = open_ledger(ward_path)
    try:
        assert led.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    finally:
        led.close()


def test_issue_numbers_the_documents_and_records_the_outcome(ward_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "hoso"
    out.mkdir()
    args = _args(ward_path, "--period", "2026-H1", "--out", str(out), "--issue", "--date", "18/06/2026")
    assert awards.cmd_awards(args) == 0
    names = {p.name for p in out.iterdir()}
    assert {"To-trinh-cap-phuong-2026-H1-so-01.pdf", "Bien-ban-hop-HDTDKT-2026-06-15-2026-H1-so-01.pdf",
            "Quyet-dinh-khen-thuong-2026-H1-so-01.pdf", "To-trinh-cap-tren-2026-H1-so-02.pdf",
            "Giay-khen-2026-H1.pdf"} <= names
    led = open_ledger(ward_path)
    try:
        states = {r["nominee_name"]: (r["status"], r["decision_no"] or r["submission_no"])
                  for r in proposals.list_proposals(led, "2026-H1")}
        assert states == {"Phan Ngọc Hòa": ("quyet_dinh", "01/QĐ-UBND"), "Lê Tiến Toàn": ("quyet_dinh", "01/QĐ-UBND"),
                          "Võ Văn Nhỏ": ("trinh_cap_tren", "02/TTr-UBND")}
        issued = papers.issued(led, "2026-H1")
        assert sorted(d["symbol"] for d in issued) == ["01/BB-HĐTĐKT", "01/QĐ-UBND", "01/TTr-VHXH", "02/TTr-UBND"]
    finally:
        led.close()
    cert = pdfium.PdfDocument(str(out / "Giay-khen-2026-H1.pdf"))
    assert len(cert) == 2 and cert[0].get_width() > cert[0].get_height()

    # Run again: nothing new is issued; the issued copies are written again as they were.
    again = tmp_path / "lan2"
    again.mkdir()
    assert awards.cmd_awards(_args(ward_path, "--period", "2026-H1", "--out", str(again), "--issue")) == 0
    assert (again / "Quyet-dinh-khen-thuong-2026-H1-so-01.pdf").read_bytes() == \
        (out / "Quyet-dinh-khen-thuong-2026-H1-so-01.pdf").read_bytes()
    led = open_ledger(ward_path)
    try:
        assert led.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    finally:
        led.close()


def test_user_errors_are_clear(ward_path: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Không có thư mục"):
        awards.cmd_awards(_args(ward_path, "--period", "2026-H1", "--out", str(tmp_path / "khong-co")))
    with pytest.raises(UserError, match="chưa có đề nghị khen thưởng nào"):
        awards.cmd_awards(_args(ward_path, "--period", "2025", "--out", str(tmp_path)))
    with pytest.raises(UserError, match="Kỳ báo cáo \"2026-H3\" không hợp lệ"):
        awards.cmd_awards(_args(ward_path, "--period", "2026-H3", "--out", str(tmp_path)))
    with pytest.raises(UserError, match="--date"):
        awards.cmd_awards(_args(ward_path, "--period", "2026-H1", "--out", str(tmp_path), "--date", "31/02/2026"))
    with pytest.raises(UserError, match="Không tìm thấy tệp sổ"):
        awards.cmd_awards(_args(tmp_path / "none.sqlite", "--period", "2026-H1", "--out", str(tmp_path)))


def test_the_lead_can_wire_it_into_the_real_parser() -> None:
    from desktop.cli import app

    parser = app.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "awards" not in sub.choices:  # not wired yet: wire it the way the lead will
        awards.add_parsers(sub)
    args = parser.parse_args(["awards", "--period", "2026-H1", "--out", "."])
    assert (args.command, args.period, args.issue) == ("awards", "2026-H1", False)


def test_a_meeting_without_its_quorum_gets_no_biên_bản_and_passes_nobody(
        ward_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    led = open_ledger(ward_path)
    try:
        with led.transaction():  # a meeting recorded before the quorum rule: 2 of 9 present
            led.conn.execute("UPDATE council_meetings SET members_present = 2")
    finally:
        led.close()
    out = tmp_path / "hoso"
    out.mkdir()
    assert awards.cmd_awards(_args(ward_path, "--period", "2026-H1", "--out", str(out), "--issue",
                                   "--date", "18/06/2026")) == 0
    names = {p.name for p in out.iterdir()}
    assert not any(n.startswith(("Bien-ban", "Quyet-dinh", "To-trinh-cap-tren")) for n in names)
    printed = capsys.readouterr().err
    assert "chỉ 2 người dự họp: chưa đủ 2/3 (ít nhất 6)" in printed
    led = open_ledger(ward_path)
    try:
        roles = [d["role"] for d in papers.issued(led, "2026-H1")]
        assert roles == []  # nothing issued: a Tờ trình dated after the meeting carries no rejected nominee
        labels = {r["status_label"] for r in proposals.list_proposals(led, "2026-H1")}
        assert labels == {"Không được thông qua"}
    finally:
        led.close()
