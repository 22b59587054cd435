"""Issue 16, fault 5: works are counted by their state at the END of the period, from their dates — never by
today's status. The works below straddle the end of 2026-H1 (30/06/2026); "today" is 03/12/2026."""

from __future__ import annotations

import pytest

from db.connection import Ledger
from desktop.core.figures import figures
from desktop.core.ledger import contributions, contributors, groups, works
from desktop.core.report import narrative, report

TODAY = "2026-12-03"


@pytest.fixture
def ward(ledger: Ledger) -> Ledger:
    gid = groups.add(ledger, {"name": "Tổ dân phố 1", "households": 300})
    pid = contributors.add(ledger, {"name": "Lê Thị Hoa", "kind": "ho", "group_id": gid})

    def work(name: str, kind: str, status: str, start: str | None = None, done: str | None = None) -> int:
        return works.add(ledger, {"name": name, "kind": kind, "status": status, "length_m": 100,
                                  "start_date": start, "completed_date": done, "group_ids": [gid]})

    ids = {
        "done_in_h1": work("Hẻm 1", "hem", "hoan_thanh", "2026-03-01", "2026-05-10"),
        "done_on_the_last_day": work("Rãnh thoát nước tổ 1", "thoat_nuoc", "hoan_thanh", "2026-04-01", "2026-06-30"),
        # completed in August: on 30/06 it was under construction
        "done_after": work("Đường nội tổ 1", "duong", "hoan_thanh", "2026-05-01", "2026-08-10"),
        "started_on_the_last_day": work("Hẻm 2", "hem", "dang_thi_cong", "2026-06-30"),
        # under construction today, but started in August: not under construction in H1
        "started_after": work("Đường nội tổ 2", "duong", "dang_thi_cong", "2026-08-15"),
        "no_start_date": work("Hẻm 3", "hem", "dang_thi_cong"),
        "not_started": work("Hẻm 4", "hem", "chuan_bi"),
    }
    for key in ("done_after", "started_after"):  # contributions in H1 put these works in Bảng 3 of the H1 report
        contributions.add(ledger, {"contributor_id": pid, "group_id": gid, "work_id": ids[key], "date": "2026-04-10",
                                   "kind": "money", "quantity": 1_000_000})
    ledger.ids = ids  # type: ignore[attr-defined]
    return ledger


def _period(ledger: Ledger, code: str) -> narrative.Period:
    return narrative.parse_period(ledger, code)


def test_under_construction_is_the_state_on_the_last_day_of_the_period(ward: Ledger) -> None:
    h1, h2 = _period(ward, "2026-H1"), _period(ward, "2026-H2")
    # 30/06: "done_after" (started 01/05, completed 10/08) and "started_on_the_last_day"; not "started_after"
    # (15/08), not the work without a start date (the period is over), not the one still in preparation.
    assert figures.works_in_progress(ward, h1, today=TODAY) == 2
    # H2 is still running on 03/12: "started_on_the_last_day", "started_after" and the work without a start date.
    assert figures.works_in_progress(ward, h2, today=TODAY) == 3
    assert figures.works_in_progress(ward, _period(ward, "2025"), today=TODAY) == 0
    totals = figures.totals(ward, h1)
    assert (totals["works_completed"], totals["road_length_completed_m"]) == (2, 100.0)  # the hẻm; a rãnh is no road
    assert figures.totals(ward, h2)["works_completed"] == 1


def test_bang_3_shows_each_work_as_it_stood_at_the_end_of_the_period(ward: Ledger) -> None:
    rows = {r["work_id"]: r for r in figures.by_work(ward, _period(ward, "2026-H1"), today=TODAY)}
    done_after, started_after = rows[ward.ids["done_after"]], rows[ward.ids["started_after"]]
    assert (done_after["status"], done_after["completed_date"]) == ("dang_thi_cong", None)
    assert (started_after["status"], started_after["completed_date"]) == ("chuan_bi", None)
    assert rows[ward.ids["done_in_h1"]]["status"] == "hoan_thanh"
    h2 = {r["work_id"]: r for r in figures.by_work(ward, _period(ward, "2026-H2"), today=TODAY)}
    assert (h2[ward.ids["done_after"]]["status"], h2[ward.ids["done_after"]]["completed_date"]) == (
        "hoan_thanh", "2026-08-10")


def test_the_h1_report_tells_the_works_as_at_30_june(ward: Ledger) -> None:
    import pypdfium2 as pdfium

    period = _period(ward, "2026-H1")
    text = narrative.texts(ward, period)["ket_qua"][0]
    assert "Đến ngày 30/06/2026, có 2 công trình đang thi công." in text
    pdf = pdfium.PdfDocument(report.render(ward, period))
    body = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert "có 2 công trình đang thi công" in body and "Đôn đốc hoàn thành 2 công trình đang thi công" in body
    assert "Hoàn thành 10/08/2026" not in body  # Bảng 3 of an H1 report knows nothing of August


def test_no_zero_road_length_when_no_road_was_completed(ledger: Ledger) -> None:
    gid = groups.add(ledger, {"name": "Tổ dân phố 1", "households": 300})
    works.add(ledger, {"name": "Rãnh thoát nước tổ 1", "kind": "thoat_nuoc", "status": "hoan_thanh", "length_m": 200,
                       "start_date": "2026-02-01", "completed_date": "2026-03-01", "group_ids": [gid]})
    text = narrative.texts(ledger, _period(ledger, "2026-H1"))["ket_qua"][0]
    assert "có 1 công trình hoàn thành." in text
    assert "0,0 m" not in text and "chiều dài" not in text
