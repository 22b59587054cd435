"""The consolidated report as a full document (issue 21): sections drafted from the wards' figures, the clerk's edits
kept in the draft and printed, the funding split and the indicators in the body and the Phụ lục, and the issued
report frozen (texts, figures, PDF) while a later ward file changes only the live figures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import consolidated, handoff, upper, upper_narrative
from desktop.core.figures import indicators
from desktop.core.ledger import periods, setup
from desktop.core.report import narrative, register
from desktop.core.text.vnformat import format_int
from tests.core.exchange_helpers import new_upper
from tests.core.exchange_helpers import register as register_ward
from tests.core.upper_helpers import many_wards

PERIOD = "2026-H1"
DAY = dt.date(2026, 7, 10)


@pytest.fixture
def up(tmp_path: Path) -> Ledger:
    led = new_upper(tmp_path / "tinh.sqlite")
    setup.update_unit(led, {"signer_name": "Nguyễn Văn Tỉnh"})
    yield led
    led.close()


def _text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return " ".join(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).split())


def _send(ward: Ledger, up: Ledger, folder: Path) -> upper.Item:
    folder.mkdir(exist_ok=True)
    if not upper.wards(up):
        register_ward(ward, up, folder / "khoa.json")
    path = handoff.export(ward, narrative.parse_period(ward, PERIOD), folder)["path"]
    [item] = upper.import_files(up, [path])
    assert item.action in ("new", "supersede"), item.message
    return item


def test_sections_are_drafted_from_the_consolidated_figures(up: Ledger) -> None:
    many_wards(up, 12)
    data = upper.consolidate(up, PERIOD)
    period = periods.parse(PERIOD)
    texts = upper_narrative.texts(up, period)
    assert list(texts) == list(upper_narrative.SECTIONS) and not any(edited for _, edited in texts.values())
    assert "12/12 đơn vị cấp xã" in texts["lanh_dao"][0]
    assert format_int(data["totals"]["total_value_vnd"]) in texts["ket_qua"][0]
    assert format_int(data["totals"]["materials_value_vnd"]) in texts["ket_qua"][0]  # Vật tư too
    assert format_int(data["funding"]["budget_state_vnd"]) in texts["ket_qua"][0]
    typed = next(r for r in data["indicators"] if r["method"] == "range")
    assert typed["name"] in texts["chi_tieu"][0] and "không cộng" in texts["chi_tieu"][0]
    text = _text(consolidated.render(up, PERIOD, DAY))
    for heading in ("I. CÔNG TÁC CHỈ ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "2. Kết quả các chỉ tiêu khác",
                    "3. Thực hành tiết kiệm", "III. ĐÁNH GIÁ CHUNG", "V. ĐỀ XUẤT, KIẾN NGHỊ",
                    "Nguồn vốn các công trình trong kỳ", "Bảng 3. Nguồn vốn", "Bảng 4. Các chỉ tiêu khác"):
        assert heading in text, heading
    assert format_int(sum(data["funding"].values())) in text


def test_a_missing_ward_is_named(up: Ledger) -> None:
    many_wards(up, 3)
    up.conn.execute("INSERT INTO wards (uuid, code, name, public_key, fingerprint) VALUES "
                    "('x', '39999', 'Xã Chưa Gửi', '', '')")
    text = upper_narrative.texts(up, periods.parse(PERIOD))["lanh_dao"][0]
    assert "3/4" in text and "Xã Chưa Gửi" in text


def test_the_clerks_edit_is_kept_printed_and_can_go_back(up: Ledger) -> None:
    many_wards(up, 3)
    period = periods.parse(PERIOD)
    upper_narrative.save_draft(up, period, sections={"danh_gia": "Một số xã miền núi còn chậm gửi báo cáo."},
                               report_date="2026-07-12")
    texts = upper_narrative.texts(up, period)
    assert texts["danh_gia"] == ("Một số xã miền núi còn chậm gửi báo cáo.", True)
    text = _text(consolidated.render(up, PERIOD))
    assert "Một số xã miền núi còn chậm gửi báo cáo." in text and "ngày 12 tháng 7 năm 2026" in text
    assert up.conn.execute("SELECT count(*) FROM audit WHERE table_name = 'report_drafts'").fetchone()[0] == 1
    upper_narrative.save_draft(up, period, sections={"danh_gia": None})
    assert not upper_narrative.texts(up, period)["danh_gia"][1]
    with pytest.raises(UserError, match="Không có mục"):
        upper_narrative.save_draft(up, period, sections={"khong_co": "x"})


def test_issued_report_is_frozen_and_a_later_file_changes_only_the_live_figures(
        demo_ledger: Ledger, up: Ledger, tmp_path: Path) -> None:
    _send(demo_ledger, up, tmp_path / "a")
    period = periods.parse(PERIOD)
    upper_narrative.save_draft(up, period, sections={"de_xuat": "Đề nghị Trung ương sớm hướng dẫn."})
    doc_id = consolidated.issue(up, PERIOD, date="2026-07-10")
    doc = register.get(up, doc_id)
    pdf = register.pdf_bytes(up, doc_id)
    frozen = json.loads(doc["content"])["sections"]
    assert frozen["de_xuat"] == "Đề nghị Trung ương sớm hướng dẫn." and "Đề nghị Trung ương" in _text(pdf)
    before = json.loads(doc["figures"])
    assert before["indicators"] and before["funding"]
    # afterwards: the clerk edits the draft, the ward types a new value and sends a newer file
    upper_narrative.save_draft(up, period, sections={"de_xuat": "Văn bản khác."})
    indicators.set_value(demo_ledger, PERIOD, "cuoc_van_dong", 777)
    _send(demo_ledger, up, tmp_path / "b")
    live = {r["code"]: r for r in upper.consolidate(up, PERIOD)["indicators"]}
    assert live["cuoc_van_dong"]["value"] == 777
    issued = consolidated.status(up, PERIOD)
    assert issued["issued"]["id"] == doc_id and register.pdf_bytes(up, doc_id) == pdf
    assert issued["issued"]["content"]["sections"]["de_xuat"] == "Đề nghị Trung ương sớm hướng dẫn."
    assert {r["code"]: r for r in issued["issued"]["figures"]["indicators"]}["cuoc_van_dong"]["value"] != 777
    [change] = issued["changes"]
    assert setup.get_unit(demo_ledger)["name"] in change and "bản mới" in change


def test_the_body_that_speaks_is_named_as_it_is() -> None:
    assert upper_narrative.body_name({"name": "Tỉnh Quảng Ngãi"}) == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert upper_narrative.body_name({"name": "Sở Nội vụ tỉnh Mẫu"}) == "Sở Nội vụ tỉnh Mẫu"
    assert upper_narrative.body_name({"name": "Ủy ban nhân dân huyện Sơn Tịnh"}) == "Ủy ban nhân dân huyện Sơn Tịnh"
