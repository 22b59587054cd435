"""Issuing reports: the year's register of numbers, frozen content, period locks, superseding."""

from __future__ import annotations

import hashlib

import pytest

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.figures import figures, targets
from desktop.core.ledger import contributions, contributors, groups, locks, setup
from desktop.core.report import narrative, register, report


@pytest.fixture
def ward(ledger: Ledger) -> Ledger:
    setup.update_unit(ledger, {"signer_name": "Nguyễn Văn Bình"})
    gid = groups.add(ledger, {"name": "Tổ dân phố 1", "households": 120})
    pid = contributors.add(ledger, {"name": "Lê Thị Hoa", "kind": "ho", "group_id": gid})
    contributions.add(ledger, {"contributor_id": pid, "group_id": gid, "date": "2026-03-02", "kind": "land",
                               "quantity": 42.5, "land_type": "ODT"})
    contributions.add(ledger, {"contributor_id": pid, "group_id": gid, "date": "2026-04-10", "kind": "money",
                               "quantity": 1_500_000})
    return ledger


def _issue(ledger: Ledger, code: str, date: str, number: int | None = None) -> dict:
    period = narrative.parse_period(ledger, code)
    narrative.save_draft(ledger, period, report_date=date)
    return register.get(ledger, report.issue(ledger, period, number=number))


def test_numbers_run_through_the_year_and_restart_at_01(ward: Ledger) -> None:
    first = _issue(ward, "2026-H1", "2026-07-05")
    second = _issue(ward, "2026-H2", "2026-12-20")
    next_year = _issue(ward, "2026", "2027-01-08")
    assert (first["symbol"], second["symbol"], next_year["symbol"]) == ("01/BC-UBND", "02/BC-UBND", "01/BC-UBND")
    assert (first["year"], next_year["year"]) == (2026, 2027)


def test_a_number_is_never_used_twice_in_a_year(ward: Ledger) -> None:
    _issue(ward, "2026-H1", "2026-07-05", number=7)
    with pytest.raises(UserError, match="07/BC-UBND đã dùng"):
        _issue(ward, "2026-H2", "2026-12-20", number=7)
    assert register.next_number(ward, "BC", 2026) == 8
    assert _issue(ward, "2026-H2", "2026-12-20")["symbol"] == "08/BC-UBND"


def test_issue_freezes_figures_content_and_the_pdf_with_its_hash(ward: Ledger) -> None:
    period = narrative.parse_period(ward, "2026-H1")
    doc = _issue(ward, "2026-H1", "2026-07-05")
    assert hashlib.sha256(bytes(doc["pdf"])).hexdigest() == doc["sha256"]
    frozen = register.current(ward, "BC", "2026-H1")
    assert frozen["figures"]["totals"] == figures.totals(ward, period)
    assert set(frozen["content"]["sections"]) == set(narrative.SECTIONS)
    assert register.pdf_bytes(ward, doc["id"]) == bytes(doc["pdf"])


def test_a_tampered_pdf_is_refused(ward: Ledger) -> None:
    doc = _issue(ward, "2026-H1", "2026-07-05")
    with ward.transaction():
        ward.conn.execute("UPDATE documents SET pdf = ? WHERE id = ?", [b"%PDF-1.4 forged", doc["id"]])
    with pytest.raises(UserError, match="SHA-256"):
        register.pdf_bytes(ward, doc["id"])


def test_issue_needs_a_signer(ledger: Ledger) -> None:
    with pytest.raises(UserError, match="Họ tên người ký"):
        report.issue(ledger, narrative.parse_period(ledger, "2026-H1"))


def test_contributions_of_an_issued_period_are_locked_until_unlocked_with_a_reason(ward: Ledger) -> None:
    _issue(ward, "2026-H1", "2026-07-05")
    cid, gid, pid = ward.conn.execute("SELECT id, group_id, contributor_id FROM contributions LIMIT 1").fetchone()
    with pytest.raises(UserError, match="đã khóa"):
        contributions.edit(ward, cid, {"quantity": 50})
    with pytest.raises(UserError, match="đã khóa"):
        contributions.delete(ward, cid)
    with pytest.raises(UserError, match="đã khóa"):
        contributions.add(ward, {"contributor_id": pid, "group_id": gid, "date": "2026-05-01", "kind": "money",
                                 "quantity": 100_000})
    # Moving a contribution into the locked period is refused too; outside it, work goes on.
    later = contributions.add(ward, {"contributor_id": pid, "group_id": gid, "date": "2026-08-01",
                                     "kind": "money", "quantity": 100_000})
    with pytest.raises(UserError, match="đã khóa"):
        contributions.edit(ward, later, {"date": "2026-06-30"})

    lock = report.status(ward, narrative.parse_period(ward, "2026-H1"))["lock"]
    with pytest.raises(UserError, match="lý do"):
        locks.unlock(ward, lock["id"], "  ")
    locks.unlock(ward, lock["id"], "Bổ sung biên bản hiến đất nộp muộn")
    contributions.edit(ward, cid, {"quantity": 50})
    row = ward.conn.execute(
        "SELECT user, summary FROM audit WHERE action = 'unlock' ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "Trần Thị Thu Hà"
    assert "Bổ sung biên bản hiến đất nộp muộn" in row[1] and "01/BC-UBND" in row[1]


def test_changes_after_issue_are_shown_and_a_new_version_supersedes(ward: Ledger) -> None:
    period = narrative.parse_period(ward, "2026-H1")
    first = _issue(ward, "2026-H1", "2026-07-05")
    assert report.status(ward, period)["changes"] == []
    locks.unlock(ward, report.status(ward, period)["lock"]["id"], "Sửa diện tích theo đo đạc lại")
    cid = ward.conn.execute("SELECT id FROM contributions WHERE kind = 'land'").fetchone()[0]
    contributions.edit(ward, cid, {"quantity": 50})

    changes = report.status(ward, period)["changes"]
    assert ("Toàn đơn vị — Diện tích đất hiến (m²)", "42,5", "50,0") in changes
    assert any(what.startswith("Tổ dân phố 1 — Diện tích") for what, _, _ in changes)

    second = register.get(ward, report.issue(ward, period))
    assert (second["version"], second["supersedes_id"], second["symbol"]) == (2, first["id"], "02/BC-UBND")
    assert register.get(ward, first["id"])["status"] == "superseded"
    state = report.status(ward, period)
    assert state["issued"]["id"] == second["id"] and state["changes"] == []
    assert [d["version"] for d in state["history"]] == [2, 1]
    assert state["lock"]["unlocked_at"] is None  # the new version locks the period again
    with pytest.raises(UserError, match="02/BC-UBND"):
        contributions.edit(ward, cid, {"quantity": 51})


def test_draft_keeps_only_edited_sections(ward: Ledger) -> None:
    period = narrative.parse_period(ward, "2026-H1")
    texts = narrative.texts(ward, period)
    assert texts["ket_qua"][1] is False
    assert "42,5 m² đất" in texts["ket_qua"][0] and "1.500.000" in texts["ket_qua"][0]
    narrative.save_draft(ward, period, sections={"danh_gia": "1. Ưu điểm\nNhân dân đồng tình cao."})
    texts = narrative.texts(ward, period)
    assert texts["danh_gia"] == ("1. Ưu điểm\nNhân dân đồng tình cao.", True)
    # II.3 holds a "…" for each indicator of thực hành tiết kiệm the ward has not typed or received (issue 20).
    assert narrative.unfilled(texts) == [narrative.SECTIONS[k] for k in ("lanh_dao", "tiet_kiem", "de_xuat")]
    narrative.save_draft(ward, period, sections={"danh_gia": None})
    assert narrative.texts(ward, period)["danh_gia"][1] is False
    assert ward.conn.execute("SELECT count(*) FROM audit WHERE table_name = 'report_drafts'").fetchone()[0] == 2


def test_targets_results_typed_or_computed(ward: Ledger) -> None:
    period = narrative.parse_period(ward, "2026")
    targets.add(ward, {"name": "Số hộ hiến đất", "year": 2026, "unit_label": "hộ", "target_value": 4,
                       "source": "households_land"})
    targets.add(ward, {"name": "Tổ dân phố ký cam kết", "year": 2026, "unit_label": "%", "target_value": 100,
                       "result_value": "95"})
    targets.add(ward, {"name": "Chỉ tiêu năm khác", "year": 2025, "target_value": 1})
    rows = targets.with_results(ward, period)
    assert [(r["name"], r["result"], r["percent"]) for r in rows] == [
        ("Số hộ hiến đất", 1, 25.0), ("Tổ dân phố ký cam kết", 95.0, 95.0)]


def test_subject_and_next_term_follow_the_period(ward: Ledger) -> None:
    assert narrative.subject(narrative.parse_period(ward, "2026-H1")).startswith(
        "Sơ kết 6 tháng đầu năm 2026 thực hiện Phong trào thi đua “Đẩy mạnh")
    # Issue 16: a year is sơ kết ("sơ kết hằng năm"); tổng kết is the end of the movement (2030).
    assert narrative.subject(narrative.parse_period(ward, "2026")).startswith("Sơ kết năm 2026")
    assert narrative.next_term(narrative.parse_period(ward, "2026-H1")) == "6 tháng cuối năm 2026"
    assert narrative.next_term(narrative.parse_period(ward, "2026")) == "năm 2027"


def test_a_work_completed_in_an_issued_period_is_locked_too(ward: Ledger) -> None:
    from desktop.core.ledger import works

    gid = ward.conn.execute("SELECT id FROM groups LIMIT 1").fetchone()[0]
    wid = works.add(ward, {"name": "Hẻm 12 Lê Lợi", "kind": "hem", "status": "hoan_thanh", "length_m": 120,
                           "completed_date": "2026-05-20", "group_ids": [gid]})
    later = works.add(ward, {"name": "Hẻm 14", "kind": "hem", "status": "dang_thi_cong", "group_ids": [gid]})
    _issue(ward, "2026-H1", "2026-07-05")
    with pytest.raises(UserError, match="đã khóa"):
        works.edit(ward, wid, {"length_m": 150})
    with pytest.raises(UserError, match="đã khóa"):  # completing a work back inside the issued period
        works.edit(ward, later, {"status": "hoan_thanh", "completed_date": "2026-06-01"})
    works.edit(ward, wid, {"note": "Đã nghiệm thu"})  # fields that are not figures stay editable
    works.edit(ward, later, {"status": "hoan_thanh", "completed_date": "2026-08-01"})


def test_charts_appendix_prints_the_totals_by_group_and_month(demo_ledger: Ledger) -> None:
    import pypdfium2 as pdfium

    period = narrative.parse_period(demo_ledger, "2026-H1")
    pdf = pdfium.PdfDocument(report.render(demo_ledger, period))
    last = " ".join(pdf[len(pdf) - 1].get_textpage().get_text_range().split())
    # Issue 16: a small ward's table by group stands in the body only, so the charts are the second appendix.
    assert "Phụ lục II" in last and "Biểu đồ 1" in last and "Biểu đồ 3" in last
    for row in figures.by_group(demo_ledger, period):
        assert f"{row['group']} {figures.format_value('total_value_vnd', row['total_value_vnd'])}" in last
    assert "06/2026" in last and "07/2026" not in last  # every month of the period, none outside it
