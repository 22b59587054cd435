"""The reporting round's reports: one current per unit and period, superseded by a later one; figures and
texts checked against the catalogue (desktop.core.round.reports)."""

from __future__ import annotations

import json

import pytest

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import groups
from desktop.core.round import reports, units


def _finance(ledger: Ledger) -> int:
    return units.add(ledger, {"kind": "cong_chuc", "field": "tai_chinh_ke_toan", "name": "Công chức Tài chính"})


def _save(ledger: Ledger, unit_id: int, received_on: str = "2026-06-08", **kw) -> int:
    return reports.save_report(
        ledger, unit_id=unit_id, period_code=kw.pop("period_code", "2026-H1"),
        figures=kw.pop("figures", {"dtc_ke_hoach_vnd": 5_000_000_000, "dtc_giai_ngan_vnd": 3_100_000_000}),
        texts=kw.pop("texts", {"ket_qua": "Giải ngân 62% kế hoạch vốn."}), source=kw.pop("source", "screen"),
        received_on=received_on, **kw)


def test_a_later_report_supersedes_the_current_one(ledger: Ledger) -> None:
    unit = _finance(ledger)
    first = _save(ledger, unit, "2026-06-08")
    second = _save(ledger, unit, "2026-06-12", figures={"dtc_giai_ngan_vnd": 3_400_000_000}, source="xlsx",
                   file_name="tc.xlsx", file_sha256="ab" * 32)
    current = reports.current_reports(ledger, "2026-H1")
    assert [r["id"] for r in current] == [second]
    assert current[0]["figures"] == {"dtc_giai_ngan_vnd": 3_400_000_000}
    assert current[0]["unit_name"] == "Công chức Tài chính" and current[0]["file_name"] == "tc.xlsx"
    old = reports.get_report(ledger, first)
    assert old["status"] == "superseded" and old["superseded_by_id"] == second
    assert [r["id"] for r in reports.report_history(ledger, unit, "2026-H1")] == [second, first]
    audit = ledger.conn.execute("SELECT action, summary FROM audit WHERE table_name = 'unit_reports' "
                                "ORDER BY id").fetchall()
    assert [a for a, _ in audit] == ["create", "create", "update"]
    assert "Thay báo cáo của Công chức Tài chính" in audit[-1][1]


def test_other_periods_and_units_are_not_superseded(ledger: Ledger) -> None:
    unit = _finance(ledger)
    h1 = _save(ledger, unit)
    h2 = _save(ledger, unit, "2026-11-30", period_code="2026-h2")
    assert [r["id"] for r in reports.current_reports(ledger, "2026-H1")] == [h1]
    assert [(r["id"], r["period_code"]) for r in reports.current_reports(ledger, "2026-H2")] == [(h2, "2026-H2")]


def test_figures_must_be_the_units_indicators(ledger: Ledger) -> None:
    unit = _finance(ledger)
    with pytest.raises(ValidationError) as err:
        _save(ledger, unit, figures={"ha_tang_so_diem": 3, "khong_co": 1, "dtc_ke_hoach_vnd": -5,
                                     "cong_trinh_tiet_kiem": 1.5})
    assert set(err.value.errors) == {"ha_tang_so_diem", "khong_co", "dtc_ke_hoach_vnd", "cong_trinh_tiet_kiem"}
    assert "không thuộc phần báo cáo của Công chức Tài chính" in err.value.errors["ha_tang_so_diem"]
    assert "không có trong danh mục" in err.value.errors["khong_co"]
    assert "không được âm" in err.value.errors["dtc_ke_hoach_vnd"]
    assert "số nguyên" in err.value.errors["cong_trinh_tiet_kiem"]
    assert ledger.conn.execute("SELECT count(*) FROM unit_reports").fetchone()[0] == 0


def test_texts_must_be_report_sections_and_blank_ones_dropped(ledger: Ledger) -> None:
    unit = _finance(ledger)
    with pytest.raises(ValidationError) as err:
        _save(ledger, unit, texts={"phu_luc": "x"})
    assert "Mục “phu_luc” không có trong mẫu báo cáo" in str(err.value)
    rid = _save(ledger, unit, texts={"ket_qua": "  Đạt.  ", "de_xuat": "  "})
    assert json.loads(ledger.conn.execute("SELECT texts FROM unit_reports WHERE id = ?", [rid]).fetchone()[0]) \
        == {"ket_qua": "Đạt."}


def test_a_to_dan_pho_reports_its_own_indicators_only(ledger: Ledger) -> None:
    gid = groups.add(ledger, {"name": "Tổ dân phố 1"})
    units.ensure_units(ledger)
    tdp = next(u["id"] for u in units.list_units(ledger) if u["group_id"] == gid)
    assert _save(ledger, tdp, figures={"hop_dan_tdp": 3}) > 0
    with pytest.raises(ValidationError):
        _save(ledger, tdp, figures={"dtc_giai_ngan_vnd": 1})


def test_unknown_unit_source_and_dates_are_refused(ledger: Ledger) -> None:
    unit = _finance(ledger)
    with pytest.raises(UserError, match="Không có đơn vị báo cáo số 999"):
        _save(ledger, 999)
    with pytest.raises(ValidationError, match="Nguồn báo cáo"):
        _save(ledger, unit, source="fax")
    with pytest.raises(ValidationError, match="chưa tới"):
        _save(ledger, unit, "2999-01-01")
    with pytest.raises(ValidationError, match="không phải là ngày"):
        _save(ledger, unit, "08/06/2026")
    with pytest.raises(UserError, match="Kỳ báo cáo"):
        _save(ledger, unit, period_code="2026-Q3")
