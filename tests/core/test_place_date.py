"""The địa danh of the date line (Nghị định 30/2020, Phụ lục I; reference/domain.md §1.2 ô 4 and §1.5 "Địa danh"):
a unit named after a person, a historical event or with a number is written in full ("Phường Nguyễn Nghiêm, ngày
…", "Phường 3, ngày …"); any other name without its kind word ("Tịnh Khê, ngày …"); what the clerk typed in Cài đặt
wins. Checked on the heading helper and on a rendered PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger, open_ledger
from desktop.core.awards import dossier, papers, proposals
from desktop.core.ledger import setup
from desktop.core.pdf import heading
from tests.core.test_awards import make_ward, propose

DAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(("name", "typed", "printed"), [
    # Named after a person: in full, whether the place name is empty or the bare name older versions stored.
    ("Phường Nguyễn Nghiêm", None, "Phường Nguyễn Nghiêm, ngày 02 tháng 12 năm 2026"),
    ("Phường Nguyễn Nghiêm", "Nguyễn Nghiêm", "Phường Nguyễn Nghiêm, ngày 02 tháng 12 năm 2026"),
    ("Phường Trần Phú", "", "Phường Trần Phú, ngày 02 tháng 12 năm 2026"),
    ("Phường Quang Trung", None, "Phường Quang Trung, ngày 02 tháng 12 năm 2026"),
    ("Thành phố Hồ Chí Minh", None, "Thành phố Hồ Chí Minh, ngày 02 tháng 12 năm 2026"),
    # With a number: in full.
    ("Phường 3", None, "Phường 3, ngày 02 tháng 12 năm 2026"),
    ("Phường 3", "3", "Phường 3, ngày 02 tháng 12 năm 2026"),
    # An ordinary name: without "Xã"/"Phường" (ND 30's own example: "Cẩm Hà, ngày 24 tháng 6 năm 2022").
    ("Xã Tịnh Khê", None, "Tịnh Khê, ngày 02 tháng 12 năm 2026"),
    ("Xã Cẩm Hà", "Cẩm Hà", "Cẩm Hà, ngày 02 tháng 12 năm 2026"),
    ("Phường Nam Định", None, "Nam Định, ngày 02 tháng 12 năm 2026"),
    ("Phường Vũ Ninh", None, "Vũ Ninh, ngày 02 tháng 12 năm 2026"),  # a family name first, but a place
    # The clerk's own place name prints as typed.
    ("Phường Nguyễn Nghiêm", "Nghĩa Chánh", "Nghĩa Chánh, ngày 02 tháng 12 năm 2026"),
    ("Xã Tịnh Khê", "Xã Tịnh Khê", "Xã Tịnh Khê, ngày 02 tháng 12 năm 2026"),
    ("Phường 3", "Phường 3 (quận 8)", "Phường 3 (quận 8), ngày 02 tháng 12 năm 2026"),
])
def test_the_date_line_names_the_place_by_the_rule_or_as_typed(name: str, typed: str | None, printed: str) -> None:
    assert heading.place_date({"name": name, "place_name": typed}, DAY) == printed


def _page_one(data: bytes) -> str:
    return re.sub(r"\s+", " ", pdfium.PdfDocument(data)[0].get_textpage().get_text_range())


def test_a_rendered_tờ_trình_of_a_ward_named_after_a_person_prints_its_full_name(ledger: Ledger) -> None:
    # The ledger is made as `thidua init` makes it: the place name stored then is the bare "Nguyễn Nghiêm".
    assert setup.get_unit(ledger)["place_name"] == "Nguyễn Nghiêm"
    ids = make_ward(ledger)
    propose(ledger, ids["hoa"], ids["gk_ho"])
    period = proposals.parse_period(ledger, "2026-H1")
    text = _page_one(dossier.render(papers.build_ttr(ledger, period, "ward", doc_date="2026-06-10")))
    assert "Phường Nguyễn Nghiêm, ngày 10 tháng 6 năm 2026" in text
    # Corrected in Cài đặt: printed as typed.
    setup.update_unit(ledger, {"place_name": "Nghĩa Chánh"})
    text = _page_one(dossier.render(papers.build_ttr(ledger, period, "ward", doc_date="2026-06-10")))
    assert "Nghĩa Chánh, ngày 10 tháng 6 năm 2026" in text and "Phường Nguyễn Nghiêm, ngày" not in text


@pytest.mark.parametrize(("name", "printed"), [("Xã Tịnh Khê", "Tịnh Khê, ngày 10 tháng 6 năm 2026"),
                                               ("Phường 3", "Phường 3, ngày 10 tháng 6 năm 2026")])
def test_a_rendered_tờ_trình_of_other_units(tmp_path: Path, name: str, printed: str) -> None:
    led = open_ledger(tmp_path / "so.sqlite", user="Lê Thị Mai")
    try:
        setup.initialize(led, {"name": name, "kind": "xa" if name.startswith("Xã") else "phuong", "code": "21001",
                               "province": "Quảng Ngãi", "user_name": "Lê Thị Mai"})
        ids = make_ward(led)
        propose(led, ids["hoa"], ids["gk_ho"])
        period = proposals.parse_period(led, "2026-H1")
        text = _page_one(dossier.render(papers.build_ttr(led, period, "ward", doc_date="2026-06-10")))
        assert f" {printed}" in f" {text}" and f"Xã {printed}" not in text
    finally:
        led.close()
