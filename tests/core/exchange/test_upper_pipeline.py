"""The upper level's import pieces changed for speed (issue 22): the recount by tổ dân phố in one pass gives what
filtering every row per group gave, and the next file's check on another thread keeps the files' order and errors."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest

from desktop.core.exchange import upper_check
from desktop.core.exchange.recount import recompute
from desktop.core.figures import figures

PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def _data(seed: int) -> dict[str, list[dict[str, Any]]]:
    rnd = random.Random(seed)
    groups = [{"uuid": f"g{i}", "name": f"Tổ {i}"} for i in range(12)]
    people = [{"uuid": f"p{i}", "kind": rnd.choice(["ho", "ca_nhan"])} for i in range(80)]
    kinds = ["money", "land", "labour", "materials", "assets", "other"]
    rows = [{"uuid": f"c{i}", "contributor_uuid": rnd.choice(people)["uuid"], "group_uuid": rnd.choice(groups)["uuid"],
             "kind": rnd.choice(kinds), "quantity": round(rnd.uniform(0.1, 50), 1), "value_vnd": rnd.randrange(10**6),
             "status": rnd.choice(["received", "received", "pledged"]),
             "date": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"} for i in range(600)]
    works = [{"uuid": f"w{i}", "status": "hoan_thanh", "completed_date": "2025-06-01", "kind": "duong",
              "length_m": 12.5 * i} for i in range(5)]
    links = [{"work_uuid": f"w{i}", "group_uuid": f"g{i * 2}"} for i in range(5)]
    return {"groups": groups, "contributors": people, "contributions": rows, "works": works, "work_groups": links}


def test_the_recount_by_group_is_the_per_group_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in range(5):
        data = _data(seed)
        got = recompute(data, PERIOD)
        counted = [c for c in data["contributions"] if c["status"] == "received"]
        for g in data["groups"]:
            mine = [c for c in counted if c["group_uuid"] == g["uuid"]]
            if not mine:
                continue
            alone = recompute({**data, "contributions": mine, "work_groups": []}, PERIOD)["totals"]
            row = got["by_group"][g["name"]]
            assert {k: row[k] for k in figures.TOTAL_KEYS if k not in ("works_completed", "road_length_completed_m")} \
                == {k: alone[k] for k in figures.TOTAL_KEYS if k not in ("works_completed", "road_length_completed_m")}


def test_one_ahead_keeps_the_order_and_works_off_the_thread() -> None:
    seen: list[str] = []

    def work(n: int) -> int:
        seen.append(threading.current_thread().name)
        return n * n

    assert list(upper_check.one_ahead([3, 1, 2], work)) == [(3, 9), (1, 1), (2, 4)]
    assert list(upper_check.one_ahead([], work)) == []
    assert all(name.startswith("thidua-check") for name in seen)


def test_one_ahead_raises_the_files_error_in_its_turn() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise OSError("USB rút ra")
        return n

    got = upper_check.one_ahead([1, 2, 3], work)
    assert next(got) == (1, 1)
    with pytest.raises(OSError, match="USB"):
        next(got)


def _totals_as_before(rows: list[dict[str, Any]], people: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """recount's contrib_totals as it was (one dict look-up chain per row)."""
    out = figures.empty_totals()
    who, land_households = set(), set()
    for c in rows:
        kind, value = c["kind"], int(c["value_vnd"])
        who.add(c["contributor_uuid"])
        out["total_value_vnd"] += value
        if kind == "land":
            out["land_m2"] += c["quantity"]
            out["land_value_vnd"] += value
            if people.get(c["contributor_uuid"], {}).get("kind") == "ho":
                land_households.add(c["contributor_uuid"])
        elif kind == "labour":
            out["labour_days"] += c["quantity"]
            out["labour_value_vnd"] += value
        else:
            out[{"money": "money_vnd", "materials": "materials_value_vnd", "assets": "assets_value_vnd"}
                .get(kind, "other_value_vnd")] += value
    out["contributors"], out["households_land"] = len(who), len(land_households)
    out["land_m2"] = round(out["land_m2"], 1)
    out["labour_days"] = round(out["labour_days"], 1)
    return out


def test_the_totals_are_those_of_the_row_by_row_sum() -> None:
    for seed in range(20):
        data = _data(seed)
        people = {p["uuid"]: p for p in data["contributors"]}
        counted = [c for c in data["contributions"] if c["status"] == "received"]
        got = recompute(data, PERIOD)["totals"]
        want = _totals_as_before(counted, people)
        assert {k: got[k] for k in want if k not in ("works_completed", "road_length_completed_m")} == \
            {k: want[k] for k in want if k not in ("works_completed", "road_length_completed_m")}
        assert list(got) == list(figures.TOTAL_KEYS)  # the same order in the stored JSON
