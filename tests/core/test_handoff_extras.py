"""The handoff file beyond contributions (issue 20): the period's indicators and each work's funding split go from two
wards through their signed files into the upper level's consolidation, where money and counts add up and percents
do not; a crafted value is refused naming the record and field; a file from before the change still imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.demo import builder
from desktop.core.exchange import handoff, handoff_extras, upper
from desktop.core.figures import figures, indicator_catalogue, indicators
from desktop.core.ledger import setup
from desktop.core.report import narrative
from tests.core.exchange_helpers import new_upper, register
from tests.core.test_handoff_crafted import _craft

PERIOD = "2026-H1"


@pytest.fixture
def up(tmp_path: Path) -> Ledger:
    led = new_upper(tmp_path / "tinh.sqlite")
    yield led
    led.close()


@pytest.fixture
def second(tmp_path: Path) -> Ledger:
    """Another demo ward with values of its own typed for three indicators."""
    led = open_ledger(tmp_path / "xa.sqlite", user="Cán bộ xã")
    setup.initialize(led, {"name": "Xã Tịnh Khê", "code": "21610", "kind": "xa", "province": "Quảng Ngãi"})
    builder.build_demo(led, size="small", seed=11, today=dt.date(2026, 12, 2))
    indicators.set_value(led, PERIOD, "dtc_ke_hoach_vnd", 2_000_000_000)
    indicators.set_value(led, PERIOD, "dtc_giai_ngan_vnd", 1_500_000_000)
    indicators.set_value(led, PERIOD, "gia_dinh_van_hoa_pct", 91.5)
    yield led
    led.close()


def _send(ward: Ledger, up: Ledger, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    register(ward, up, folder / "khoa.json")
    return handoff.export(ward, narrative.parse_period(ward, PERIOD), folder)["path"]


def _own_indicators(ward: Ledger) -> dict[str, Any]:
    return {r["code"]: r["value"] for r in indicators.period_values(ward, PERIOD) if r["value"] is not None}


def _own_funding(ward: Ledger) -> dict[str, int]:
    """The works of the ward's report of the period (figures.by_work), their budgets summed from the ledger."""
    ids = [w["work_id"] for w in figures.by_work(ward, narrative.parse_period(ward, PERIOD)) if w["work_id"]]
    marks = ",".join("?" * len(ids))
    row = ward.conn.execute(f"SELECT {', '.join(f'coalesce(sum({k}), 0)' for k in handoff_extras.FUNDING_KEYS)} "
                            f"FROM works WHERE id IN ({marks})", ids).fetchone()
    return dict(zip(handoff_extras.FUNDING_KEYS, map(int, row), strict=True))


def test_two_wards_indicators_and_funding_are_consolidated(demo_ledger: Ledger, second: Ledger, up: Ledger,
                                                           tmp_path: Path) -> None:
    files = [_send(demo_ledger, up, tmp_path / "a"), _send(second, up, tmp_path / "b")]
    assert [i.action for i in upper.import_files(up, files)] == ["new", "new"]
    data = upper.consolidate(up, PERIOD)
    wards = {setup.get_unit(w)["code"]: w for w in (demo_ledger, second)}
    for u in data["by_unit"]:
        ward = wards[u["unit"]["code"]]
        assert u["indicators"] == _own_indicators(ward)
        assert u["funding"] == _own_funding(ward)
    assert data["by_unit"][0]["indicators"] != data["by_unit"][1]["indicators"]
    assert any(v for v in data["funding"].values())
    for key in handoff_extras.FUNDING_KEYS:
        assert data["funding"][key] == sum(_own_funding(w)[key] for w in wards.values())
    own = [_own_indicators(w) for w in wards.values()]
    rows = {r["code"]: r for r in data["indicators"]}
    for ind in indicator_catalogue.load().indicators:
        values = [o[ind.code] for o in own if ind.code in o]
        if not values:
            assert ind.code not in rows
            continue
        row = rows[ind.code]
        if ind.kind != "percent":  # money and counts: the sum of the wards' own values, from how many
            assert (row["method"], row["value"], row["wards"]) == ("sum", sum(values), len(values))
        elif ind.computed:  # never the sum of percents: the summed parts divided again
            a, b = (s.strip() for s in ind.computed.split("/"))
            both = [o for o in own if o.get(b)]
            assert row["method"] == "ratio" and row["wards"] == len(both)
            assert row["value"] == round(100 * sum(o[a] for o in both) / sum(o[b] for o in both), 1)
            assert row["value"] != round(sum(values), 1)
        else:
            assert row["method"] == "range" and row["wards"] == len(values)
            assert (row["min"], row["max"]) == (min(values), max(values))
            assert row["average"] == round(sum(values) / len(values), 1)
    assert rows["dtc_ke_hoach_vnd"]["wards"] == 2 and rows["gia_dinh_van_hoa_pct"]["wards"] >= 1
    # stored as received, with the names the ward gave
    stored = up.conn.execute("SELECT count(*) FROM recv_indicators").fetchone()[0]
    assert stored == sum(len(o) for o in own)


def _indicator(code: str, **change: Any) -> Any:
    def edit(rows: dict[str, Any]) -> None:
        row = next((r for r in rows["indicators"] if r["code"] == code), None)
        if row is None:
            row = {"code": code, "kind": None, "name": None, "source": None, "source_kind": None, "unit": None,
                   "value": 1}
            rows["indicators"].append(row)
        row.update(change)
    return edit


def _budget(value: Any) -> Any:
    def edit(rows: dict[str, Any]) -> None:
        rows["works"][0]["budget_social_vnd"] = value
    return edit


@pytest.mark.parametrize(("edit", "words"), [
    (_indicator("khong_co_ma"), ["chỉ tiêu thứ", "khong_co_ma", "“code”", "không có trong danh mục"]),
    (_indicator("dtc_ke_hoach_vnd", value=1_000_000.5), ["chỉ tiêu thứ", "“value”", "số nguyên đồng"]),
    (_indicator("dtc_ke_hoach_vnd", value=10**15), ["chỉ tiêu thứ", "“value”", "lớn quá mức"]),
    (_indicator("gia_dinh_van_hoa_pct", value=120), ["chỉ tiêu thứ", "gia_dinh_van_hoa_pct", "“value”",
                                                     "từ 0 đến 100"]),
    (_indicator("cuoc_van_dong", value=-3), ["chỉ tiêu thứ", "“value”", "không được âm"]),
    (_indicator("cuoc_van_dong", value="nhiều"), ["chỉ tiêu thứ", "“value”", "phải là số"]),
    (_indicator("cuoc_van_dong", kind="percent"), ["chỉ tiêu thứ", "“kind”", "count"]),
    (_budget(-5), ["công trình thứ 1", "budget_social_vnd", "không được âm"]),
    (_budget(10**15), ["công trình thứ 1", "budget_social_vnd", "lớn quá mức"]),
    (_budget(12.5), ["công trình thứ 1", "budget_social_vnd", "số nguyên"]),
])
def test_crafted_values_are_refused_naming_record_and_field(demo_ledger: Ledger, up: Ledger, tmp_path: Path,
                                                            edit: Any, words: list[str]) -> None:
    good = _send(demo_ledger, up, tmp_path / "usb")
    bad = _craft(demo_ledger, good, tmp_path / "bad.thidua", data=edit)
    [item] = upper.import_files(up, [bad])
    assert item.action == "refused", item.message
    for w in words:
        assert w in item.message, item.message
    assert up.conn.execute("SELECT count(*) FROM packages").fetchone()[0] == 0
    assert up.conn.execute("SELECT count(*) FROM recv_indicators").fetchone()[0] == 0


def test_the_same_code_twice_is_refused(demo_ledger: Ledger, up: Ledger, tmp_path: Path) -> None:
    good = _send(demo_ledger, up, tmp_path / "usb")

    def twice(rows: dict[str, Any]) -> None:
        rows["indicators"].append(dict(rows["indicators"][0]))

    [item] = upper.import_files(up, [_craft(demo_ledger, good, tmp_path / "bad.thidua", data=twice)])
    assert item.action == "refused" and "hai lần" in item.message and "chỉ tiêu thứ" in item.message, item.message


def test_a_file_from_before_the_indicators_still_imports(demo_ledger: Ledger, up: Ledger, tmp_path: Path) -> None:
    """A version 2 file (no indicators table) is taken; its works still carry their funding split."""
    good = _send(demo_ledger, up, tmp_path / "usb")

    def v2(rows: dict[str, Any]) -> None:
        del rows["indicators"]

    old = _craft(demo_ledger, good, tmp_path / "v2.thidua", data=v2, manifest=lambda m: m.update(format_version=2))
    [item] = upper.import_files(up, [old])
    assert item.action == "new", item.message
    [u] = upper.consolidate(up, PERIOD)["by_unit"]
    assert u["indicators"] == {} and u["funding"] == _own_funding(demo_ledger)
    # a version 2 file cannot carry the table: it did not exist then
    with_table = _craft(demo_ledger, good, tmp_path / "v2b.thidua", manifest=lambda m: m.update(format_version=2))
    [item] = upper.import_files(up, [with_table])
    assert item.action == "refused" and "indicators" in item.message, item.message


def test_a_ward_without_indicators_sends_an_empty_table(demo_ledger: Ledger, tmp_path: Path) -> None:
    period = narrative.parse_period(demo_ledger, PERIOD)
    demo_ledger.conn.execute("DELETE FROM indicator_values")
    demo_ledger.conn.execute("DELETE FROM unit_reports")
    rows = handoff.collect(demo_ledger, period)["indicators"]
    assert all(r["source_kind"] == "computed" for r in rows)  # only what the ledger itself gives
