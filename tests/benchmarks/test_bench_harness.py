"""The benchmark's own harness (issue 22): interleaving, the verdict per metric, bench.json, the cost curve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks import bench_helpers as bh


@pytest.fixture(autouse=True)
def _own_results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bh, "ROOT", tmp_path)
    monkeypatch.setattr(bh, "RESULTS", {})
    monkeypatch.setattr(bh, "CURVES", {})


def test_value_and_floor_are_taken_in_turn() -> None:
    calls: list[str] = []
    values, floors = bh.interleaved(lambda: calls.append("A"), lambda: (calls.append("B"), 0.25)[1], runs=4)
    assert calls == ["A", "B"] * 4
    assert floors == [0.25] * 4  # a function that times its own part returns its seconds
    assert len(values) == 4 and all(v >= 0 for v in values)


def test_bench_json_keeps_medians_spread_numeric_goal_and_verdict(tmp_path: Path) -> None:
    bh.record("export", [0.9, 1.2, 1.0], [0.5, 0.8, 0.6], 1.5, bh.RATIO, floor_name="zip")
    bh.record("paint", [0.2, 0.3, 0.25], [0.1, 0.1, 0.1], 2, bh.RATIO)
    bh.record("memory", 310.0, 90.0, 300, bh.VALUE, unit="MiB")
    bh.record("search", [0.12, 0.11, 0.13], [0.05, 0.05, 0.05], 3, bh.RATIO, below=0.1)
    bh.record("background", [4.0], None, None)
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    e = data["export"]
    assert (e["value"], e["value_min"], e["value_max"], e["floor"], e["floor_min"], e["floor_max"]) == (
        1.0, 0.9, 1.2, 0.6, 0.5, 0.8)
    assert (e["ratio"], e["goal"], e["goal_kind"], e["met"], e["runs"]) == (1.67, 1.5, "ratio ≤", False, 3)
    assert data["paint"]["ratio"] == 2.5 and data["paint"]["met"] is False
    assert data["memory"]["goal_kind"] == "value <" and data["memory"]["met"] is False
    assert data["search"]["ratio"] == 2.4 and data["search"]["met"] is False  # within 3×, not below 0.1 s
    assert data["background"]["met"] is None and data["background"]["goal_kind"] is None


def test_a_met_ratio_goal_and_a_met_value_goal() -> None:
    assert bh.record("a", [1.0], [1.0], 1.5)["met"] is True
    assert bh.record("b", [0.2], [0.1], 0.3, bh.VALUE)["met"] is True


def test_a_missing_anchor_fails_the_real_run_but_not_quick_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bh, "QUICK", False)
    with pytest.raises(bh.AnchorMissing, match="LibreOffice"):
        bh.record("report", [1.5], None, 0.5, bh.RATIO, floor_name="LibreOffice headless")
    monkeypatch.setattr(bh, "QUICK", True)
    assert bh.record("report", [1.5], None, 0.5, bh.RATIO)["met"] is False


def test_cost_curve_time_per_row_and_growth(tmp_path: Path) -> None:
    bh.record_curve("open list", "row", [(10_000, 0.1), (100_000, 1.0), (1_000_000, 20.0)])
    points = json.loads((tmp_path / "bench-curve.json").read_text(encoding="utf-8"))["open list"]["points"]
    assert [p["us_per"] for p in points] == [10.0, 10.0, 20.0]
    assert [p["growth"] for p in points] == [None, 1.0, 2.0]  # linear, then worse than linear
