"""The indicator values of a period: typed over reported over computed; a year from its halves; validation."""

from __future__ import annotations

import json

import pytest

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.figures import indicators
from desktop.core.ledger import records


def unit(ledger: Ledger, name: str, kind: str = "cong_chuc", field: str = "tai_chinh_ke_toan") -> int:
    return records.create(ledger, "reporting_units", {"kind": kind, "name": name, "field": field}, name)


def report(ledger: Ledger, unit_id: int, period: str, figures: dict, texts: dict | None = None,
           status: str = "current") -> int:
    return records.create(ledger, "unit_reports", {
        "unit_id": unit_id, "period_code": period, "received_on": "2026-06-10", "source": "screen",
        "figures": json.dumps(figures), "texts": json.dumps(texts or {}), "status": status}, "báo cáo")


def values(ledger: Ledger, period: str) -> dict[str, dict]:
    return indicators.as_dict(indicators.period_values(ledger, period))


def test_every_catalogue_indicator_has_a_row_and_nothing_is_known_in_an_empty_ledger(ledger: Ledger) -> None:
    from desktop.core.figures import indicator_catalogue

    rows = indicators.period_values(ledger, "2026-H1")
    assert [r["code"] for r in rows] == [i.code for i in indicator_catalogue.load().indicators]
    assert all(r["value"] is None and r["source_kind"] == "" for r in rows)


def test_reported_figures_are_summed_across_units_and_typed_wins(ledger: Ledger) -> None:
    tc, mt = unit(ledger, "Công chức Tài chính – Kế toán"), unit(ledger, "Ủy ban MTTQ phường", "mat_tran", "")
    report(ledger, tc, "2026-H1", {"cong_trinh_tiet_kiem": 2, "tiet_kiem_chi_tx_vnd": 150_000_000})
    report(ledger, mt, "2026-H1", {"cong_trinh_tiet_kiem": 1})
    report(ledger, mt, "2026-H1", {"cong_trinh_tiet_kiem": 40}, status="superseded")
    v = values(ledger, "2026-H1")
    assert v["cong_trinh_tiet_kiem"]["value"] == 3
    assert v["cong_trinh_tiet_kiem"]["source_kind"] == "unit_report"
    assert "Ủy ban MTTQ phường" in v["cong_trinh_tiet_kiem"]["source"]
    indicators.set_value(ledger, "2026-H1", "tiet_kiem_chi_tx_vnd", 120_000_000, "theo quyết toán")
    v = values(ledger, "2026-H1")
    assert (v["tiet_kiem_chi_tx_vnd"]["value"], v["tiet_kiem_chi_tx_vnd"]["source_kind"]) == (120_000_000, "typed")
    assert v["tiet_kiem_chi_tx_vnd"]["note"] == "theo quyết toán"
    indicators.clear_value(ledger, "2026-H1", "tiet_kiem_chi_tx_vnd")
    assert values(ledger, "2026-H1")["tiet_kiem_chi_tx_vnd"]["value"] == 150_000_000
    actions = [r[0] for r in ledger.conn.execute(
        "SELECT action FROM audit WHERE table_name = 'indicator_values' ORDER BY id")]
    assert actions == ["create", "delete"]


def test_percent_is_computed_from_its_two_values_unless_typed(ledger: Ledger) -> None:
    tc = unit(ledger, "Công chức Tài chính – Kế toán")
    report(ledger, tc, "2026-H1", {"dtc_ke_hoach_vnd": 8_000_000_000, "dtc_giai_ngan_vnd": 3_000_000_000})
    v = values(ledger, "2026-H1")["dtc_giai_ngan_pct"]
    assert (v["value"], v["source_kind"]) == (37.5, "computed")
    indicators.set_value(ledger, "2026-H1", "dtc_giai_ngan_pct", 40, "")
    assert values(ledger, "2026-H1")["dtc_giai_ngan_pct"]["value"] == 40


def test_a_year_sums_flows_of_its_halves_keeps_levels_and_a_year_report_wins(ledger: Ledger) -> None:
    tc = unit(ledger, "Công chức Tài chính – Kế toán")
    vh = unit(ledger, "Công chức Văn hóa – Xã hội", field="van_hoa_xa_hoi")
    report(ledger, tc, "2026-H1", {"dtc_ke_hoach_vnd": 8e9, "dtc_giai_ngan_vnd": 3e9})
    report(ledger, tc, "2026-H2", {"dtc_ke_hoach_vnd": 8e9, "dtc_giai_ngan_vnd": 5e9})
    report(ledger, vh, "2026-H1", {"tin_bai_tuyen_truyen": 4, "gia_dinh_van_hoa_pct": 90})
    report(ledger, vh, "2026-H2", {"tin_bai_tuyen_truyen": 6, "gia_dinh_van_hoa_pct": 95})
    v = values(ledger, "2026")
    assert v["dtc_giai_ngan_vnd"]["value"] == 8_000_000_000  # H1 + H2
    assert v["dtc_ke_hoach_vnd"]["value"] == 8_000_000_000  # the year's plan: not doubled
    assert v["dtc_giai_ngan_pct"]["value"] == 100.0
    assert v["tin_bai_tuyen_truyen"]["value"] == 10
    assert v["gia_dinh_van_hoa_pct"]["value"] == 95  # a percent is never added
    report(ledger, vh, "2026", {"tin_bai_tuyen_truyen": 12})
    assert values(ledger, "2026")["tin_bai_tuyen_truyen"]["value"] == 12
    indicators.set_value(ledger, "2026-H1", "tiet_kiem_chi_tx_vnd", 100, "")
    indicators.set_value(ledger, "2026-H2", "tiet_kiem_chi_tx_vnd", 50, "")
    t = values(ledger, "2026")["tiet_kiem_chi_tx_vnd"]
    assert (t["value"], t["source_kind"]) == (150, "typed")


def test_units_disagreeing_on_a_percent_leave_it_to_the_clerk(ledger: Ledger) -> None:
    a, b = unit(ledger, "A", field="van_hoa_xa_hoi"), unit(ledger, "B", field="van_hoa_xa_hoi")
    report(ledger, a, "2026-H1", {"gia_dinh_van_hoa_pct": 90})
    report(ledger, b, "2026-H1", {"gia_dinh_van_hoa_pct": 80})
    v = values(ledger, "2026-H1")["gia_dinh_van_hoa_pct"]
    assert v["value"] is None and "khác nhau" in v["note"]


@pytest.mark.parametrize(("code", "value"), [
    ("dtc_giai_ngan_pct", 101), ("dtc_ke_hoach_vnd", -1), ("dtc_ke_hoach_vnd", 1.5), ("cuoc_giam_sat", 2.5),
    ("cuoc_giam_sat", "3"),
])
def test_bad_values_are_refused_and_nothing_is_written(ledger: Ledger, code: str, value: object) -> None:
    with pytest.raises(ValidationError):
        indicators.set_value(ledger, "2026-H1", code, value, "")
    assert ledger.conn.execute("SELECT count(*) FROM indicator_values").fetchone()[0] == 0


def test_unknown_code_and_clearing_nothing_are_refused(ledger: Ledger) -> None:
    with pytest.raises(UserError, match="Không có chỉ tiêu"):
        indicators.set_value(ledger, "2026-H1", "khong_co", 1, "")
    with pytest.raises(UserError, match="không có số nhập tay"):
        indicators.clear_value(ledger, "2026-H1", "cuoc_giam_sat")


def test_cultural_titles_are_computed_from_the_wards_decisions_of_the_period(ledger: Ledger) -> None:
    from desktop.core.ledger import groups

    groups.add(ledger, {"name": "Tổ dân phố 1", "households": 30})
    groups.add(ledger, {"name": "Tổ dân phố 2", "households": 10})
    kind = {n: i for i, n in ledger.conn.execute("SELECT id, name FROM award_kinds")}

    def proposal(title: str, status: str, subject: str = "ho") -> None:
        records.create(ledger, "proposals", {
            "period_code": "2026", "period_start": "2026-01-01", "period_end": "2026-12-31", "subject": subject,
            "award_kind_id": kind[title], "nominee_name": "Hộ Nguyễn Văn An", "status": status}, "đề nghị")

    assert values(ledger, "2026")["gia_dinh_van_hoa_pct"]["value"] is None  # nothing decided: not computed
    for status in ("quyet_dinh", "quyet_dinh", "duoc_khen", "da_xet"):  # the one only considered does not count
        proposal("Gia đình văn hóa", status)
    proposal("Tổ dân phố văn hóa", "quyet_dinh", "to_dan_pho")
    v = values(ledger, "2026")
    assert (v["gia_dinh_van_hoa_pct"]["value"], v["gia_dinh_van_hoa_pct"]["source_kind"]) == (7.5, "computed")
    assert v["gia_dinh_van_hoa_pct"]["note"] == "3/40 hộ được công nhận"
    assert v["tdp_van_hoa_pct"]["value"] == 50.0
    assert values(ledger, "2026-H1")["gia_dinh_van_hoa_pct"]["value"] is None  # a year's decision is not H1's
    indicators.set_value(ledger, "2026", "gia_dinh_van_hoa_pct", 96, "Báo cáo của công chức Văn hóa – Xã hội")
    assert values(ledger, "2026")["gia_dinh_van_hoa_pct"]["source_kind"] == "typed"
