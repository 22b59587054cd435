"""Demo households proposed and passed by the council in 2026-H1, for the award pages' tests."""

from __future__ import annotations

from pathlib import Path

from db.connection import open_ledger
from desktop.core.awards import catalogue, council, members, proposals
from tests.core.test_awards import MEETING


def passed_households(path: Path, kind_names: list[str], *, land_only: bool = False) -> list[str]:
    """One demo household per name in `kind_names` (a kind whose name starts with it), proposed in 2026-H1 and
    passed 8/9 at one meeting of the demo's council (one member absent); returns the nominees' names in order."""
    led = open_ledger(path, user="Trần Thị Thu Hà")
    try:
        households = [r[0] for r in led.conn.execute(
            "SELECT DISTINCT contributor_id FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
            "WHERE p.kind = 'ho' AND c.status = 'received' AND c.deleted_at IS NULL "
            + ("AND c.kind = 'land' " if land_only else "")
            + "AND c.date BETWEEN '2026-01-01' AND '2026-06-30' ORDER BY contributor_id LIMIT ?", [len(kind_names)])]
        assert len(households) == len(kind_names)
        kinds = catalogue.list_kinds(led, subject="ho")
        kind_ids = [next(k["id"] for k in kinds if k["name"].startswith(name)) for name in kind_names]
        ids = [proposals.add(led, {"contributor_id": h, "award_kind_id": k, "period_code": "2026-H1"})
               for h, k in zip(households, kind_ids, strict=True)]
        roster = members.list_members(led, 2026)  # the demo's council of the year
        council.record_meeting(led, "2026-H1", {**MEETING, "chair": roster[0]["name"],
                                                "secretary": roster[-1]["name"]}, {i: 8 for i in ids},
                               attendance={m["id"]: "present" for m in roster} | {roster[1]["id"]: "absent"})
        return [proposals.get(led, i)["nominee_name"] for i in ids]
    finally:
        led.close()
