"""Issue 16, fault 4: sơ kết along the way, tổng kết at the end of the movement (2030); the clerk's own trích yếu
is kept in the draft, printed in the PDF and written in the register; an issued report keeps its title."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import contributions, contributors, groups, setup
from desktop.core.report import narrative, register, report

MOVEMENT = ("thực hiện Phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết "
            "kiệm, chống lãng phí”")


@pytest.fixture
def ward(ledger: Ledger) -> Ledger:
    setup.update_unit(ledger, {"signer_name": "Nguyễn Văn Bình"})
    gid = groups.add(ledger, {"name": "Tổ dân phố 1", "households": 120})
    pid = contributors.add(ledger, {"name": "Lê Thị Hoa", "kind": "ho", "group_id": gid})
    contributions.add(ledger, {"contributor_id": pid, "group_id": gid, "date": "2024-03-02", "kind": "money",
                               "quantity": 1_500_000})
    return ledger


@pytest.mark.parametrize(("code", "expected"), [
    ("2026-H1", "Sơ kết 6 tháng đầu năm 2026"),
    ("2026-H2", "Sơ kết 6 tháng cuối năm 2026"),
    ("2026", "Sơ kết năm 2026"),
    ("2022-2025", "Sơ kết giai đoạn 2022 - 2025"),
    ("2023-2025", "Sơ kết giai đoạn 2023 - 2025"),
    ("2026-2030", "Tổng kết giai đoạn 2026 - 2030"),
    ("2022-2030", "Tổng kết giai đoạn 2022 - 2030"),
    ("2026-01-01..2026-03-31", "Kết quả từ ngày 01/01/2026 đến ngày 31/03/2026"),
])
def test_the_default_follows_the_phase_of_the_movement(ward: Ledger, code: str, expected: str) -> None:
    period = narrative.parse_period(ward, code)
    assert narrative.title(ward, period) == f"{expected} {MOVEMENT}"


def test_the_end_of_the_movement_is_the_ledgers(ward: Ledger) -> None:
    ward.conn.execute("UPDATE movements SET end_year = 2035")
    assert narrative.title(ward, narrative.parse_period(ward, "2026-2030")).startswith("Sơ kết giai đoạn 2026 - 2030")


def _page_text(pdf: bytes, i: int = 0) -> str:
    return " ".join(pdfium.PdfDocument(pdf)[i].get_textpage().get_text_range().split())


def test_the_2022_2025_report_is_titled_so_ket(ward: Ledger) -> None:
    first = _page_text(report.render(ward, narrative.parse_period(ward, "2022-2025")))
    assert "BÁO CÁO Sơ kết giai đoạn 2022 - 2025 thực hiện Phong trào" in first
    assert "Tổng kết" not in first


def test_the_clerks_trich_yeu_is_kept_printed_and_registered_and_the_issued_one_stays(ward: Ledger) -> None:
    period = narrative.parse_period(ward, "2022-2025")
    own = "Sơ kết giai đoạn 2022 - 2025 và   định hướng\n giai đoạn 2026 - 2030 " + MOVEMENT
    narrative.save_draft(ward, period, subject=own, report_date="2026-01-10")
    clean = " ".join(own.split())
    draft = narrative.load_draft(ward, period)
    assert draft["subject"] == clean and narrative.SUBJECT_KEY not in draft["sections"]
    assert set(narrative.texts(ward, period)) == set(narrative.SECTIONS)
    narrative.save_draft(ward, period, sections={"de_xuat": "Không có."})  # other edits keep it
    assert narrative.title(ward, period) == clean

    pdf = report.render(ward, period)
    words = " ".join(" ".join(pdfium.PdfDocument(pdf)[i].get_textpage().get_text_range().split())
                     for i in range(len(pdfium.PdfDocument(pdf))))
    assert "và định hướng giai đoạn 2026 - 2030" in words
    assert "Trên đây là báo cáo sơ kết giai đoạn 2022 - 2025 và định hướng giai đoạn 2026 - 2030" in words

    doc = register.get(ward, report.issue(ward, period))
    assert doc["title"] == clean
    assert register.current(ward, "BC", "2022-2025")["content"]["subject"] == clean

    narrative.save_draft(ward, period, subject="")  # back to the default
    assert narrative.load_draft(ward, period)["subject"] is None
    assert narrative.title(ward, period).startswith("Sơ kết giai đoạn 2022 - 2025 thực hiện")
    frozen = register.get(ward, doc["id"])
    assert frozen["title"] == clean and frozen["sha256"] == doc["sha256"]
    assert "và định hướng" in _page_text(bytes(frozen["pdf"]))


def test_a_trich_yeu_too_long_is_refused(ward: Ledger) -> None:
    period = narrative.parse_period(ward, "2026-H1")
    with pytest.raises(UserError, match="Trích yếu dài quá"):
        narrative.save_draft(ward, period, subject="x" * (narrative.SUBJECT_MAX + 1))
