"""Issue 16, fault 7: every count in the report says what it counts, and the text agrees with its list (Phụ lục I);
the table by tổ dân phố stands once — in the body of a small ward, in the appendix of a large one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.figures import figures
from desktop.core.ledger import contributions, contributors, groups
from desktop.core.pdf.model import AdminDocument, Para, Table
from desktop.core.report import narrative, report


def _land(ledger: Ledger, pid: int, gid: int, m2: float, day: str, parcel: str) -> None:
    contributions.add(ledger, {"contributor_id": pid, "group_id": gid, "date": day, "kind": "land", "quantity": m2,
                               "land_type": "ODT", "land_map_sheet": "12", "land_parcel": parcel})


@pytest.fixture
def crafted(ledger: Ledger) -> Ledger:
    """Two households (one gives two parcels), an individual and a business give land; a tập thể gives money."""
    gid = groups.add(ledger, {"name": "Tổ dân phố 1", "households": 300})
    people = {name: contributors.add(ledger, {"name": name, "kind": kind, "group_id": gid}) for name, kind in (
        ("Lê Thị Hoa", "ho"), ("Trần Văn Minh", "ho"), ("Nguyễn Văn An", "ca_nhan"),
        ("Công ty TNHH Xây dựng Phú Lợi", "doanh_nghiep"), ("Chi hội Cựu chiến binh tổ 1", "tap_the"))}
    _land(ledger, people["Lê Thị Hoa"], gid, 20, "2026-02-01", "101")
    _land(ledger, people["Lê Thị Hoa"], gid, 5.5, "2026-03-01", "102")
    _land(ledger, people["Trần Văn Minh"], gid, 12, "2026-02-10", "103")
    _land(ledger, people["Nguyễn Văn An"], gid, 8, "2026-02-11", "104")
    _land(ledger, people["Công ty TNHH Xây dựng Phú Lợi"], gid, 30, "2026-02-12", "105")
    contributions.add(ledger, {"contributor_id": people["Chi hội Cựu chiến binh tổ 1"], "group_id": gid,
                               "date": "2026-04-01", "kind": "money", "quantity": 2_000_000})
    return ledger


def _texts(doc: AdminDocument) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Para)]


def _land_count(doc: AdminDocument) -> int:
    """The number of land donors the body prints ("- Hiến đất: 18 người (…) hiến …")."""
    line = next(t for t in _texts(doc) if t.startswith("- Hiến đất:"))
    return int(re.match(r"- Hiến đất: ([\d.]+) ", line)[1].replace(".", ""))


def _donor_rows(doc: AdminDocument) -> list[list[str]]:
    table = doc.appendices[0].blocks[0]
    assert isinstance(table, Table)
    return table.rows


def test_the_text_counts_each_kind_of_donor_and_equals_the_rows_of_phu_luc_i(crafted: Ledger) -> None:
    import pypdfium2 as pdfium

    period = narrative.parse_period(crafted, "2026-H1")
    doc = report.build(crafted, period)
    text = narrative.texts(crafted, period)["ket_qua"][0]
    assert "- Hiến đất: 4 người, tổ chức (2 hộ gia đình, 1 cá nhân, 1 doanh nghiệp) hiến 75,5 m² đất" in text
    assert "có 5 người, tổ chức (2 hộ gia đình, 1 cá nhân, 1 tập thể, 1 doanh nghiệp) tham gia đóng góp" in text
    rows = _donor_rows(doc)
    assert _land_count(doc) == len(rows) == 4
    hoa = next(r for r in rows if r[1] == "Lê Thị Hoa")  # one row for her two parcels
    assert (hoa[6], hoa[7]) == ("12 / 101; 12 / 102", "25,5")
    pdf = pdfium.PdfDocument(report.render(crafted, period))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    assert any("Tổng cộng: 4 người, tổ chức (2 hộ gia đình, 1 cá nhân, 1 doanh nghiệp)" in p for p in pages)
    assert "Hiến đất: 4 người, tổ chức" in " ".join(pages)


def test_one_kind_of_donor_is_named_once() -> None:
    assert narrative.who({"ho": 8}) == "8 hộ gia đình"
    assert narrative.who({"ho": 8, "ca_nhan": 1}) == "9 người (8 hộ gia đình, 1 cá nhân)"
    assert narrative.who({"ho": 1200, "tap_the": 3}) == "1.203 người, tổ chức (1.200 hộ gia đình, 3 tập thể)"


def _check_demo(led: Ledger, code: str, groups_in_body: bool) -> None:
    period = narrative.parse_period(led, code)
    doc = report.build(led, period)
    donors = figures.land_donors_by_person(led, period)
    assert _land_count(doc) == len(_donor_rows(doc)) == len(donors)
    kinds = figures.contributors_by_kind(led, period, "land")
    assert sum(kinds.values()) == len(donors) and kinds.get("ho", 0) == figures.totals(led, period)["households_land"]
    assert _donor_rows(doc)[-1][0] == str(len(donors))

    captions = [b.caption for b in doc.blocks if isinstance(b, Table)]
    by_group = [c for c in captions if c and "theo tổ dân phố" in c]
    appendix_titles = [a.title for a in doc.appendices]
    in_appendix = [t for t in appendix_titles if "THEO TỔ DÂN PHỐ" in t]
    assert (len(by_group), len(in_appendix)) == ((1, 0) if groups_in_body else (0, 1))
    assert [c.split(".")[0] for c in captions] == [f"Bảng {i}" for i in range(1, len(captions) + 1)]
    refs = next(t for t in _texts(doc) if "danh sách hộ gia đình, tổ chức, cá nhân hiến đất tại" in t)
    labels = [f"Phụ lục {r}" for r in ("I", "II", "III")[:len(doc.appendices)]]
    assert f"hiến đất tại {labels[0]}" in refs and f"biểu đồ tại {labels[-1]}" in refs
    if not groups_in_body:
        assert f"theo từng tổ dân phố ({len(figures.by_group(led, period))} tổ dân phố) tại {labels[1]}" in refs


def test_small_demo_counts_agree_and_the_group_table_stands_in_the_body(demo_ledger: Ledger) -> None:
    for code in ("2026-H1", "2025", "2023-2025"):
        _check_demo(demo_ledger, code, groups_in_body=True)


@pytest.fixture(scope="module")
def large_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    import datetime as dt

    from desktop.core.demo import builder

    path: Path = tmp_path_factory.mktemp("large") / "large.sqlite"
    led = open_ledger(path)
    builder.build_demo(led, size="large", seed=7, today=dt.date(2026, 12, 2))
    yield led
    led.close()


@pytest.mark.slow
def test_large_demo_counts_agree_and_the_group_table_is_only_in_the_appendix(large_demo: Ledger) -> None:
    assert len(figures.by_group(large_demo, narrative.parse_period(large_demo, "2026"))) > narrative.GROUPS_IN_BODY_MAX
    for code in ("2026", "2026-H1"):
        _check_demo(large_demo, code, groups_in_body=False)
