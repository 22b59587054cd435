"""`thidua notice --period P --group NAME --out FILE.pdf`, through desktop.cli.notice (wired into desktop.cli.app
by the lead): the group found as a clerk writes it, the PDF written whole, a Vietnamese error otherwise."""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import open_ledger
from desktop.cli import notice
from desktop.core.errors import UserError
from desktop.core.figures import figures
from desktop.core.ledger import periods


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="thidua")
    parser.add_argument("--db")
    sub = parser.add_subparsers(dest="command", required=True)
    notice.add_parsers(sub)
    return parser.parse_args(list(argv))


def _text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return " ".join(" ".join(unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()).split())
                    for i in range(len(pdf)))


def test_notice_for_to_3(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cong-khai.pdf"
    code = notice.cmd_notice(_args("--db", str(demo_path), "notice", "--period", "2026-H2", "--group", "Tổ 3",
                                   "--out", str(out)))
    assert code == 0
    assert f"Đã ghi {out}" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    text = _text(out)
    assert "BẢNG CÔNG KHAI" in text and "Tổ dân phố 3" in text and "6 tháng cuối năm 2026" in text
    led = open_ledger(demo_path, read_only=True)
    try:
        row = next(r for r in figures.by_group(led, periods.parse("2026-H2")) if r["group"] == "Tổ dân phố 3")
    finally:
        led.close()
    assert row["total_value_vnd"] > 0
    assert figures.format_value("total_value_vnd", row["total_value_vnd"]) in text
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file of the safe write is gone


def test_unknown_group_is_a_vietnamese_user_error(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(UserError, match="Không tìm thấy tổ dân phố \"Tổ 99\""):
        notice.cmd_notice(_args("--db", str(demo_path), "notice", "--period", "2026-H1", "--group", "Tổ 99",
                                "--out", str(out)))
    assert not out.exists()


def test_bad_period_and_missing_arguments(demo_path: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Kỳ báo cáo"):
        notice.cmd_notice(_args("--db", str(demo_path), "notice", "--period", "2026-H3", "--group", "Tổ 1",
                                "--out", str(tmp_path / "x.pdf")))
    with pytest.raises(SystemExit):
        _args("notice", "--period", "2026-H1", "--out", "x.pdf")  # --group is required
