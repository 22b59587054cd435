"""The figures of a handoff file recomputed from its own records (upper.py refuses a file whose manifest says
otherwise): the §5.3 totals and the rows by tổ dân phố, by the same definitions as `figures` uses on a ledger."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.core.figures import figures


def recompute(data: dict[str, list[dict[str, Any]]], period: dict[str, str]) -> dict[str, Any]:
    """The §5.3 totals and by-group rows from a file's records, by the same definitions as `figures`."""
    start, end = period["start"], period["end"]
    people = {p["uuid"]: p for p in data["contributors"]}
    group_names = {g["uuid"]: g["name"] for g in data["groups"]}
    counted = [c for c in data["contributions"] if c["status"] == "received" and start <= c["date"] <= end]

    def contrib_totals(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
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

    done = [w for w in data["works"] if w["status"] == "hoan_thanh" and w["completed_date"]
            and start <= w["completed_date"] <= end]

    def works_totals(ws: list[dict[str, Any]]) -> tuple[int, float]:
        length = sum(w["length_m"] or 0 for w in ws if w["kind"] in ("duong", "hem"))
        return len(ws), round(float(length), 1)

    totals = contrib_totals(counted)
    totals["works_completed"], totals["road_length_completed_m"] = works_totals(done)
    by_group: dict[str, dict[str, Any]] = {}
    for g_uuid in {c["group_uuid"] for c in counted}:
        by_group[g_uuid] = contrib_totals(c for c in counted if c["group_uuid"] == g_uuid)
    done_ids = {w["uuid"]: w for w in done}
    for g_uuid in {wg["group_uuid"] for wg in data["work_groups"]}:
        ws = [done_ids[wg["work_uuid"]] for wg in data["work_groups"]
              if wg["group_uuid"] == g_uuid and wg["work_uuid"] in done_ids]
        if ws:
            row = by_group.setdefault(g_uuid, figures.empty_totals())
            row["works_completed"], row["road_length_completed_m"] = works_totals(ws)
    return {"totals": totals,
            "by_group": {group_names.get(g, g): row for g, row in by_group.items()}}
