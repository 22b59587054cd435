"""The command line says on stderr that a ledger is the demo when it writes or issues a document from it (issue 18):
warned, not refused, and stdout unchanged; a real ledger's commands say nothing of the kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import demo_note
from tests.cli.test_cli import run


def test_writing_and_issuing_from_the_demo_warn_on_stderr(demo_path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    code, out, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "a.pdf"))
    assert code == 0 and demo_note.WROTE in err and "SỔ MẪU" not in out
    code, out, err = run(capsys, "--db", db, "notice", "--period", "2026-H1", "--group", "Tổ dân phố 1",
                         "--out", str(tmp_path / "b.pdf"))
    assert code == 0 and demo_note.WROTE in err
    code, out, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--issue", "--allow-gaps")
    assert code == 0 and "Đã ban hành Báo cáo số" in out  # warned, not refused
    assert demo_note.ISSUED in err and "sổ mẫu" in err and "giả định" in err and "init" in err


def test_the_award_dossier_from_the_demo_warns(demo_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(demo_path), "awards", "--period", "2026", "--out", str(tmp_path))
    assert code == 0 and "Đã ghi" in out and demo_note.WROTE in err


def test_a_refused_issue_from_the_demo_starts_with_its_error(demo_path: Path, capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--issue")
    assert code == 1 and err.startswith("Lỗi:") and demo_note.ISSUED not in err


def test_a_real_ledger_is_not_warned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "so.sqlite")
    run(capsys, "--db", db, "init", "--unit-name", "Phường Nguyễn Nghiêm", "--unit-code", "21580",
        "--province", "Quảng Ngãi", "--user", "Trần Thị Thu Hà")
    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "a.pdf"))
    assert code == 0 and "sổ mẫu" not in err.lower() and "SỔ MẪU" not in err
