"""The upper level's consolidated report (issue 16, fault 6): numbers whole in their cells, every kind of
contribution in its own column so each row adds up, the real recipients, and issuing it like any other document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger, open_ledger
from desktop.core.demo import builder
from desktop.core.errors import UserError
from desktop.core.exchange import consolidated, handoff, keys, upper
from desktop.core.figures import figures
from desktop.core.files import safe_files
from desktop.core.ledger import contributions, setup
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.pdf import nd30
from desktop.core.report import narrative, register

PERIOD = "2026-H1"
DAY = dt.date(2026, 7, 10)
NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d)?")  # "1.234.567", "7.698,3": a number printed whole
PARTS = list(consolidated.VALUE_KEYS.values())


@pytest.fixture
def upper_ledger(tmp_path: Path) -> Iterator[Ledger]:
    led = open_ledger(tmp_path / "tinh.sqlite", user="Lê Thị Phương Thảo")
    setup.initialize(led, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper",
                           "province": "Quảng Ngãi"}, sample_rates=False)
    yield led
    led.close()


def _send(ward: Ledger, up: Ledger, folder: Path, *, register_key: bool = True,
          now: dt.datetime | None = None) -> upper.Item:
    folder.mkdir(parents=True, exist_ok=True)
    unit = setup.get_unit(ward)
    if register_key:
        key = keys.export_public_key(ward, folder / "khoa.json")
        upper.add_ward(up, code=unit["code"], name=unit["name"], key_file=key)
    blob, _ = handoff.build(ward, narrative.parse_period(ward, PERIOD), now=now)
    path = safe_files.write_file(folder / f"{unit['code']}.thidua", blob)
    [item] = upper.import_files(up, [path])
    assert item.action in ("new", "supersede"), item.message
    return item


@pytest.fixture
def three_wards(demo_path: Path, upper_ledger: Ledger, tmp_path: Path) -> list[Path]:
    """The small demo ward and two more demo wards of their own names, each sending its 2026-H1 file."""
    paths = [demo_path]
    for code, name, kind, seed in (("21610", "Xã Tịnh Khê", "xa", 11), ("21600", "Phường Trương Quang Trọng",
                                                                      "phuong", 5)):
        path = tmp_path / f"{code}.sqlite"
        led = open_ledger(path)
        setup.initialize(led, {"name": name, "code": code, "kind": kind, "province": "Quảng Ngãi"})
        builder.build_demo(led, size="small", seed=seed, today=dt.date(2026, 12, 2))
        led.close()
        paths.append(path)
    for i, path in enumerate(paths):
        led = open_ledger(path, user="Cán bộ")
        try:
            _send(led, upper_ledger, tmp_path / f"usb{i}", now=dt.datetime(2026, 7, 1, 8, i, tzinfo=dt.UTC))
        finally:
            led.close()
    return paths


def _many_wards(up: Ledger, n: int = 130) -> None:
    """n wards whose files give values in the hundreds of billions per ward (rows written as an import would)."""
    rng = random.Random(16)
    with up.transaction() as db:
        for i in range(n):
            wid = db["wards"].insert({"uuid": f"w{i}", "code": f"{30000 + i}", "name": f"Phường Thử {i + 1}",
                                      "public_key": "k", "fingerprint": f"f{i}"}).last_pk
            t = figures.empty_totals()
            t.update(contributors=rng.randint(100, 99_999), households_land=rng.randint(0, 9_999),
                     land_m2=rng.randint(0, 9_999_999) / 10, labour_days=rng.randint(0, 999_999) / 10,
                     works_completed=rng.randint(0, 999), road_length_completed_m=rng.randint(0, 999_999) / 10)
            for key, top in zip(PARTS, (999_999_999_999, 99_999_999_999, 99_999_999_999, 99_999_999_999,
                                        9_999_999_999, 999_999_999), strict=True):
                t[key] = rng.randint(0, top)
            t["total_value_vnd"] = sum(t[k] for k in PARTS)
            db["packages"].insert({"uuid": f"p{i}", "ward_id": wid, "period_code": PERIOD,
                                   "period_start": "2026-01-01", "period_end": "2026-06-30",
                                   "created_src": "2026-07-05T00:00:00", "file_sha256": f"{i:064d}",
                                   "file_name": f"{30000 + i}_{PERIOD}.thidua", "manifest": "{}",
                                   "totals": json.dumps(t), "by_group": "{}", "status": "current"})


def _text(pdf: bytes) -> tuple[str, list[str]]:
    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    return "\n".join(pages), pages


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def _check_ward_tables(pdf: bytes, data: dict) -> None:
    """Every row of both tables by ward reads as one line: its number, its name, then its figures, each a whole
    number token; the parts of each row (and of the total row) add up to its Tổng giá trị."""
    text, _ = _text(pdf)
    lines = _lines(text)
    doc = pdfium.PdfDocument(pdf)
    for i in range(len(doc)):  # geometry: no digit runs over the grid into the right margin (ND 30: 15 mm)
        width = doc[i].get_size()[0]
        page = doc[i].get_textpage()
        right = max((page.get_charbox(c)[2] for c in range(page.count_chars())), default=0)
        assert right <= width - nd30.MARGIN_RIGHT + 0.5, f"page {i + 1}: text at x={right:.1f}"
    assert "Vật tư" in text and "Tài sản" in text and "Khác" in text
    for shown in ([*PARTS, "total_value_vnd"], list(consolidated.COUNT_KEYS)):
        rows = [(str(i), u["unit"]["name"], u["totals"]) for i, u in enumerate(data["by_unit"], start=1)]
        rows.append(("", "Tổng cộng", data["totals"]))
        found = 0
        for no, name, totals in rows:
            expected = [figures.format_value(k, totals[k]) for k in shown]
            prefix = f"{no} {name} ".lstrip()
            line = next((x for x in lines if x.startswith(prefix)
                         and len(x[len(prefix):].split()) == len(shown)
                         and x[len(prefix):].split() == expected), None)
            assert line is not None, f"row {prefix!r} not printed whole: {expected}"
            tokens = line[len(prefix):].split()
            assert all(NUMBER.fullmatch(tok) for tok in tokens), tokens
            if shown[-1] == "total_value_vnd":
                values = [int(tok.replace(".", "")) for tok in tokens]
                assert sum(values[:-1]) == values[-1], f"{name}: the parts do not add up to the total"
            found += 1
        assert found == len(rows)


def test_every_kind_of_contribution_has_its_column() -> None:
    assert list(consolidated.VALUE_KEYS) == list(CONTRIBUTION_KINDS)
    assert set(PARTS) | {"total_value_vnd"} <= set(figures.TOTAL_KEYS)


def test_three_real_wards_numbers_whole_and_rows_add_up(upper_ledger: Ledger, three_wards: list[Path]) -> None:
    data = upper.consolidate(upper_ledger, PERIOD)
    assert len(data["by_unit"]) == 3
    for u in [*data["by_unit"], {"totals": data["totals"]}]:
        assert sum(u["totals"][k] for k in PARTS) == u["totals"]["total_value_vnd"]
    assert data["totals"]["materials_value_vnd"] > 0  # the demo has materials: the column the old table left out
    _check_ward_tables(consolidated.render(upper_ledger, PERIOD, DAY), data)


def test_130_wards_with_hundreds_of_billions_fit_their_cells(upper_ledger: Ledger) -> None:
    _many_wards(upper_ledger)
    data = upper.consolidate(upper_ledger, PERIOD)
    assert data["totals"]["total_value_vnd"] > 10**13 and max(
        u["totals"]["land_value_vnd"] for u in data["by_unit"]) > 10**11
    pdf = consolidated.render(upper_ledger, PERIOD, DAY)
    _check_ward_tables(pdf, data)
    doc = pdfium.PdfDocument(pdf)
    sizes = [doc[i].get_size() for i in range(len(doc))]
    body = next(i for i, (w, h) in enumerate(sizes) if w > h)  # the report's sections come first
    assert body >= 1 and all(w < h for w, h in sizes[:body])  # the report itself: portrait (ND 30)
    assert all(w > h for w, h in sizes[body:])  # the Phụ lục of tables: landscape


def _unit_of(path: Path) -> dict[str, str]:
    """A ward's unit, read from its ledger (the demo's unit is invented)."""
    led = open_ledger(path)
    try:
        return setup.get_unit(led)
    finally:
        led.close()


def test_the_table_by_ward_stands_once_in_the_phu_luc(upper_ledger: Ledger, three_wards: list[Path]) -> None:
    pdf = consolidated.render(upper_ledger, PERIOD, DAY)
    _, pages = _text(pdf)
    doc = pdfium.PdfDocument(pdf)
    portrait = [i for i in range(len(doc)) if doc[i].get_size()[0] < doc[i].get_size()[1]]
    body = "\n".join(pages[i] for i in portrait)  # the report's sections, before the Phụ lục (landscape)
    name = _unit_of(three_wards[0])["name"]
    assert name not in body and "Phụ lục" in body  # the body refers to it, does not repeat it
    tables = consolidated._ward_tables(upper.consolidate(upper_ledger, PERIOD))
    assert len(tables) >= 2  # contributions, counts (and funding, indicators when the wards sent them)
    assert sum(p.count(name) for p in pages) == len(tables)  # once in each table by ward


def test_noi_nhan_names_the_receiving_body(upper_ledger: Ledger) -> None:
    unit = setup.get_unit(upper_ledger)
    kinh_gui, cc = consolidated.recipients(unit)
    # A province's ledger: its own UBND is the issuer, so the report goes to the central level (domain.md §3.2).
    assert kinh_gui == [consolidated.CENTRAL_BODY]
    assert cc[0] == "Như trên" and "Sở Nội vụ tỉnh Quảng Ngãi" in cc and cc[-1].startswith("Lưu: VT")
    assert not any("Ủy ban nhân dân tỉnh Quảng Ngãi" == c for c in cc)
    setup.update_unit(upper_ledger, {"receiving_name": "Bộ Nội vụ",
                                     "receiving_office": "Ban Thi đua - Khen thưởng Trung ương",
                                     "drafting_abbr": "TĐKT"})
    kinh_gui, cc = consolidated.recipients(setup.get_unit(upper_ledger))
    assert kinh_gui == ["Bộ Nội vụ", "Ban Thi đua - Khen thưởng Trung ương"]
    assert cc[-1] == "Lưu: VT, TĐKT"
    text = " ".join(_text(nd30.render(consolidated.document(upper_ledger, PERIOD, DAY)))[0].split())
    assert "Kính gửi: - Bộ Nội vụ; - Ban Thi đua - Khen thưởng Trung ương." in text
    assert "Nơi nhận: - Như trên;" in text and "- Sở Nội vụ tỉnh Quảng Ngãi;" in text and "- Lưu: VT, TĐKT." in text


def test_issue_is_refused_without_a_signer(upper_ledger: Ledger, three_wards: list[Path]) -> None:
    with pytest.raises(UserError, match="Chưa có tên người ký"):
        consolidated.issue(upper_ledger, PERIOD, date="2026-07-10")
    assert upper_ledger.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_issue_numbers_signs_freezes_and_a_new_ward_file_supersedes(
        upper_ledger: Ledger, three_wards: list[Path], tmp_path: Path) -> None:
    setup.update_unit(upper_ledger, {"signer_name": "Nguyễn Văn Tỉnh"})
    doc_id = consolidated.issue(upper_ledger, PERIOD, date="2026-07-10")
    doc = register.get(upper_ledger, doc_id)
    pdf = register.pdf_bytes(upper_ledger, doc_id)
    assert doc["symbol"] == "01/BC-UBND" and doc["kind"] == "BC" and doc["signer_name"] == "Nguyễn Văn Tỉnh"
    assert doc["sha256"] == hashlib.sha256(pdf).hexdigest()
    text = " ".join(_text(pdf)[0].split())
    assert "Số: 01/BC-UBND" in text and "Nguyễn Văn Tỉnh" in text and "DỰ THẢO" not in text
    assert "Kèm theo Báo cáo số 01/BC-UBND ngày 10 tháng 7 năm 2026" in text
    frozen = json.loads(doc["content"])
    assert [s["code"] for s in frozen["sources"]] == sorted([_unit_of(three_wards[0])["code"], "21600", "21610"])
    assert json.loads(doc["figures"])["totals"] == upper.consolidate(upper_ledger, PERIOD)["totals"]
    # The upper level locks nothing: its figures are the wards' files, which it cannot edit.
    assert upper_ledger.conn.execute("SELECT count(*) FROM period_locks").fetchone()[0] == 0
    assert consolidated.status(upper_ledger, PERIOD)["changes"] == []
    with pytest.raises(UserError, match="đã ban hành theo đúng các tệp đang có"):
        consolidated.issue(upper_ledger, PERIOD, date="2026-07-11")

    # A ward corrects a contribution and sends a newer file: the issued report no longer matches.
    ward = open_ledger(three_wards[0], user="Cán bộ")
    try:
        cid = ward.conn.execute("SELECT id FROM contributions WHERE kind = 'money' AND status = 'received' AND "
                                "deleted_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30' "
                                "LIMIT 1").fetchone()[0]
        contributions.edit(ward, cid, {"quantity": 99_000_000})
        item = _send(ward, upper_ledger, tmp_path / "usb-new", register_key=False,
                     now=dt.datetime(2026, 7, 20, 8, 0, tzinfo=dt.UTC))
    finally:
        ward.close()
    assert item.action == "supersede"
    changes = consolidated.status(upper_ledger, PERIOD)["changes"]
    assert len(changes) == 1 and _unit_of(three_wards[0])["name"] in changes[0] and "bản mới" in changes[0]
    new_id = consolidated.issue(upper_ledger, PERIOD, date="2026-07-21")
    state = consolidated.status(upper_ledger, PERIOD)
    assert state["issued"]["id"] == new_id and state["issued"]["symbol"] == "02/BC-UBND"
    assert state["issued"]["version"] == 2 and state["issued"]["supersedes_id"] == doc_id
    assert [(d["symbol"], d["status"]) for d in state["history"]] == [("02/BC-UBND", "issued"),
                                                                      ("01/BC-UBND", "superseded")]
    assert register.pdf_bytes(upper_ledger, doc_id) == pdf  # the first stays as it was issued
    assert state["changes"] == []


def test_issue_with_no_ward_file_is_refused(upper_ledger: Ledger) -> None:
    setup.update_unit(upper_ledger, {"signer_name": "Nguyễn Văn Tỉnh"})
    with pytest.raises(UserError, match="Chưa có đơn vị cấp xã nào gửi số liệu"):
        consolidated.issue(upper_ledger, PERIOD, date="2026-07-10")


def test_the_draft_is_marked_and_unnumbered(upper_ledger: Ledger) -> None:
    _many_wards(upper_ledger, 3)
    text = " ".join(_text(consolidated.render(upper_ledger, PERIOD, DAY))[0].split())
    assert "ngày 10 tháng 7 năm 2026" in text and "DỰ THẢO" in text and "Số: /BC-UBND" in text
