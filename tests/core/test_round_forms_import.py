"""Importing returned forms: preview first (nothing written), then the files taken; another ward, period or unit
refused with both named; the same file twice already received; a file with errors only with its valid rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.ledger import setup
from desktop.core.round import form_import, forms_docx, forms_xlsx, reports
from tests.conftest import UNIT
from tests.core.round_forms_helpers import PERIOD, fill_docx, fill_xlsx, make_units


def _count(ledger: Ledger) -> int:
    return ledger.conn.execute("SELECT count(*) FROM unit_reports").fetchone()[0]


@pytest.fixture
def filled(ledger: Ledger, tmp_path: Path) -> tuple[dict[str, int], Path, Path]:
    ids = make_units(ledger)
    blank = forms_xlsx.write_form(ledger, ids["cong_chuc"], PERIOD, tmp_path / "a.xlsx")
    xlsx = fill_xlsx(blank, tmp_path / "tckt.xlsx",
                     {"dtc_ke_hoach_vnd": "2 tỷ", "chuong_trinh_thtk": "3"}, {"ket_qua": "Dòng 1\nDòng 2"})
    word = fill_docx(forms_docx.write_form(ledger, ids["mat_tran"], PERIOD, tmp_path / "b.docx"),
                     tmp_path / "mttq.docx", {"cuoc_giam_sat": "4"}, {"lanh_dao": ["Một.", "Hai."]})
    return ids, xlsx, word


def test_preview_writes_nothing_then_import_saves_each_report(ledger: Ledger, filled) -> None:
    ids, xlsx, word = filled
    previews = form_import.preview(ledger, [xlsx, word], PERIOD)
    assert [p.status for p in previews] == ["ok", "ok"] and _count(ledger) == 0
    result = form_import.import_files(ledger, previews)
    assert len(result.saved) == 2 and result.skipped == []
    rows = {r["unit_id"]: r for r in reports.current_reports(ledger, PERIOD)}
    tckt = rows[ids["cong_chuc"]]
    figures = tckt["figures"] if isinstance(tckt["figures"], dict) else json.loads(tckt["figures"])
    texts = tckt["texts"] if isinstance(tckt["texts"], dict) else json.loads(tckt["texts"])
    assert figures == {"dtc_ke_hoach_vnd": 2_000_000_000, "chuong_trinh_thtk": 3}
    assert texts == {"ket_qua": "Dòng 1\nDòng 2"}
    assert tckt["source"] == "xlsx" and tckt["file_name"] == "tckt.xlsx"
    assert tckt["received_on"] == dt.date.today().isoformat() and len(tckt["file_sha256"]) == 64
    assert rows[ids["mat_tran"]]["source"] == "docx"


def test_the_same_file_twice_is_already_received(ledger: Ledger, filled, tmp_path: Path) -> None:
    _ids, xlsx, _word = filled
    form_import.import_files(ledger, form_import.preview(ledger, [xlsx], PERIOD))
    copy = tmp_path / "ban-sao.xlsx"
    copy.write_bytes(xlsx.read_bytes())
    [again] = form_import.preview(ledger, [copy], PERIOD)
    assert again.status == "already" and "đã nhận ngày" in again.message
    assert form_import.import_files(ledger, [again]).saved == [] and _count(ledger) == 1
    [one, two] = form_import.preview(ledger, [xlsx, xlsx], PERIOD)  # the same file chosen twice in one batch
    assert one.status == two.status == "already"


def test_another_period_ward_or_unit_is_refused_with_both_named(ledger: Ledger, filled, tmp_path: Path) -> None:
    ids, xlsx, word = filled
    [p] = form_import.preview(ledger, [xlsx], "2026-H2")
    assert p.status == "refused" and "2026-H1" in p.message and "2026-H2" in p.message
    [p] = form_import.preview(ledger, [word], PERIOD, expect_unit=ids["doan_the"])
    assert p.status == "refused" and "Ủy ban MTTQ" in p.message and "Hội Cựu chiến binh" in p.message
    other = open_ledger(tmp_path / "khac.sqlite", user="x")
    setup.initialize(other, {**UNIT, "name": "Phường Khác", "code": "99999"})
    make_units(other)
    [p] = form_import.preview(other, [xlsx], PERIOD)
    assert p.status == "refused" and "21580" in p.message and "99999" in p.message
    assert form_import.import_files(other, [p]).saved == [] and _count(other) == 0
    other.close()


def test_a_file_with_row_errors_is_imported_only_with_its_valid_rows(ledger: Ledger, filled, tmp_path: Path) -> None:
    ids, _xlsx, _word = filled
    bad = fill_xlsx(forms_xlsx.write_form(ledger, ids["doan_the"], PERIOD, tmp_path / "c.xlsx"), tmp_path / "ccb.xlsx",
                    {"cuoc_van_dong": "5", "cuoc_giam_sat": "hai"}, {})
    [p] = form_import.preview(ledger, [bad], PERIOD)
    assert p.status == "errors" and [x.typed for x in p.problems] == ["hai"]
    result = form_import.import_files(ledger, [p])
    assert result.saved == [] and "ô lỗi" in result.skipped[0][1] and _count(ledger) == 0
    result = form_import.import_files(ledger, [p], only_valid=True)
    [(_, report_id)] = result.saved
    saved = reports.get_report(ledger, report_id)
    figures = saved["figures"] if isinstance(saved["figures"], dict) else json.loads(saved["figures"])
    assert figures == {"cuoc_van_dong": 5}


def test_a_refused_file_among_good_ones_does_not_stop_them(ledger: Ledger, filled, tmp_path: Path) -> None:
    _ids, xlsx, word = filled
    junk = tmp_path / "rac.docx"
    junk.write_text("không phải Word", encoding="utf-8")
    previews = form_import.preview(ledger, [junk, xlsx, word], PERIOD)
    assert [p.status for p in previews] == ["refused", "ok", "ok"]
    assert "rac.docx" in previews[0].message
    assert len(form_import.import_files(ledger, previews).saved) == 2
