"""The movement's other criteria in the report (issue 20): section II.3 from the indicators ("…" when missing) and
the units' texts, which units reported, the indicators' table, the funding split of the works, a target that
refers to an indicator, and `summary --format json`."""

from __future__ import annotations

import io
import json

import pypdf
import pytest

from db.connection import Ledger
from desktop.core.figures import indicators, targets
from desktop.core.ledger import groups, records, works
from desktop.core.report import movement, narrative, report


def _unit(ledger: Ledger, name: str, kind: str, field: str = "") -> int:
    return records.create(ledger, "reporting_units", {"kind": kind, "name": name, "field": field, "active": 1}, name)


def _report(ledger: Ledger, unit_id: int, period: str, figures: dict, texts: dict) -> None:
    records.create(ledger, "unit_reports", {
        "unit_id": unit_id, "period_code": period, "received_on": "2026-06-10", "source": "xlsx",
        "figures": json.dumps(figures), "texts": json.dumps(texts, ensure_ascii=False), "status": "current"}, "bc")


@pytest.fixture
def ward(ledger: Ledger) -> Ledger:
    tc = _unit(ledger, "Công chức Tài chính – Kế toán", "cong_chuc", "tai_chinh_ke_toan")
    mt = _unit(ledger, "Ủy ban MTTQ Việt Nam phường", "mat_tran")
    _unit(ledger, "Hội Nông dân phường", "doan_the")
    _report(ledger, tc, "2026-H1", {"dtc_ke_hoach_vnd": 4_000_000_000, "dtc_giai_ngan_vnd": 1_000_000_000},
            {"tiet_kiem": "Rà soát, cắt giảm 12% chi hội nghị."})
    _report(ledger, mt, "2026-H1", {"cuoc_giam_sat": 2},
            {"lanh_dao": "Mặt trận tổ chức 5 hội nghị tuyên truyền.", "tiet_kiem": ""})
    return ledger


def _period(ledger: Ledger, code: str = "2026-H1") -> narrative.Period:
    return narrative.parse_period(ledger, code)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_section_3_is_drafted_from_the_indicators_with_a_gap_for_each_missing_one(ward: Ledger) -> None:
    text = narrative.texts(ward, _period(ward))["tiet_kiem"][0]
    assert "kế hoạch vốn được giao 4.000.000.000 đồng, đã giải ngân 1.000.000.000 đồng, đạt 25% kế hoạch" in text
    assert "tổ chức 2 cuộc giám sát" in text
    assert "Tiết kiệm chi thường xuyên: … đồng" in text  # nobody reported it yet
    assert "Rà soát, cắt giảm 12% chi hội nghị." in text  # the unit's own text for the section
    assert "hiến đất" not in text  # no longer the land value
    indicators.set_value(ward, "2026-H1", "tiet_kiem_chi_tx_vnd", 95_000_000, "")
    assert "Tiết kiệm chi thường xuyên: 95.000.000 đồng" in narrative.texts(ward, _period(ward))["tiet_kiem"][0]


def test_the_units_texts_and_who_reported(ward: Ledger) -> None:
    ctx = narrative.context(ward, _period(ward))
    said = movement.section_texts(ctx.reports, "lanh_dao")
    assert said == [{"unit": "Ủy ban MTTQ Việt Nam phường", "period_code": "2026-H1",
                     "text": "Mặt trận tổ chức 5 hội nghị tuyên truyền."}]
    assert movement.section_texts(ctx.reports, "tiet_kiem")[0]["unit"] == "Công chức Tài chính – Kế toán"
    line = movement.sources_line(ctx.reports, ctx.missing)
    assert line == ("Báo cáo được tổng hợp từ báo cáo của 2/3 đơn vị: Công chức Tài chính – Kế toán và Ủy ban MTTQ "
                    "Việt Nam phường; chưa nhận được báo cáo của: Hội Nông dân phường.")
    assert movement.sources_line([], []) == ""  # a ward keeping no list of reporting units says nothing


def test_the_groups_are_counted_and_only_a_few_missing_ones_named(ward: Ledger) -> None:
    for i in range(1, 14):
        uid = _unit(ward, f"Tổ dân phố {i}", "to_dan_pho")
        if i <= 2:
            _report(ward, uid, "2026-H1", {"hop_dan_tdp": 1}, {})
    ctx = narrative.context(ward, _period(ward))
    line = movement.sources_line(ctx.reports, ctx.missing)
    assert "báo cáo của 4/16 đơn vị: Công chức Tài chính – Kế toán, Ủy ban MTTQ Việt Nam phường và 2/13 tổ dân phố;" \
        in line
    assert line.endswith("chưa nhận được báo cáo của: Hội Nông dân phường và 11 tổ dân phố.")
    few = [m for m in ctx.missing if m["name"] in ("Tổ dân phố 3", "Tổ dân phố 4")]
    assert movement.sources_line(ctx.reports, few).endswith("báo cáo của: Tổ dân phố 3 và Tổ dân phố 4.")


def test_a_year_takes_the_units_half_year_texts(ward: Ledger) -> None:
    ctx = narrative.context(ward, _period(ward, "2026"))
    assert {r["period_code"] for r in ctx.reports} == {"2026-H1"}
    assert ctx.missing == [{"name": "Hội Nông dân phường", "kind": "doan_the"}]


def test_the_pdf_has_the_indicators_the_funding_split_and_who_reported(ward: Ledger) -> None:
    gid = groups.add(ward, {"name": "Tổ dân phố 1", "households": 100})
    works.add(ward, {"name": "Hẻm 12 đường Lê Lợi", "kind": "hem", "status": "hoan_thanh", "group_ids": [gid],
                     "start_date": "2026-02-01", "completed_date": "2026-05-01", "budget_state_vnd": 310_000_000,
                     "budget_social_vnd": 45_000_000, "budget_people_vnd": 120_000_000})
    text = _pdf_text(report.render(ward, _period(ward)))
    assert "Nguồn vốn các công trình (đồng)" in text
    assert "Hẻm 12 đường Lê Lợi 310.000.000 45.000.000 120.000.000" in text
    assert "Các chỉ tiêu khác của phong trào" in text
    assert "Tỷ lệ giải ngân kế hoạch vốn đầu tư công % 25 Tính từ sổ" in text
    assert "chưa nhận được báo cáo của: Hội Nông dân phường" in text


def test_a_target_can_refer_to_an_indicator(ward: Ledger) -> None:
    targets.add(ward, {"name": "Giải ngân 100% kế hoạch vốn đầu tư công", "year": 2026, "unit_label": "%",
                       "target_value": 100, "source": "ind:dtc_giai_ngan_pct"})
    row = targets.with_results(ward, _period(ward))[0]
    assert (row["result"], row["percent"]) == (25.0, 25.0)
    assert targets.SOURCE_LABELS["ind:dtc_giai_ngan_pct"].startswith("Chỉ tiêu phong trào: Tỷ lệ giải ngân")


def test_summary_json_has_the_indicators_and_keeps_its_keys(ward: Ledger, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    path = str(ward.path)
    ward.close()
    assert main(["--db", path, "summary", "--period", "2026-H1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:5] == ["unit", "period", "totals", "by_group", "awards"] and "indicators" in data
    rows = {r["code"]: r for r in data["indicators"]}
    assert rows["dtc_giai_ngan_vnd"]["value"] == 1_000_000_000
    assert rows["dtc_giai_ngan_vnd"]["source"] == "Công chức Tài chính – Kế toán"
    assert main(["--db", path, "indicators", "--period", "2026-H1", "--set", "cuoc_giam_sat=2,5"]) == 1
    assert "phải là số nguyên" in capsys.readouterr().err
