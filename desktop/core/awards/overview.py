"""Everything the Khen thưởng page shows for a period, read in one job on the database worker."""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.awards import papers
from desktop.core.awards.catalogue import get_settings, list_kinds
from desktop.core.awards.council import allowed_actions, meetings, passed
from desktop.core.awards.proposals import list_proposals
from desktop.core.awards.screening import prior_map, suggestions, thresholds_set
from desktop.core.figures import figures
from desktop.core.ledger.periods import Period

# --------------------------------------------------------------------------- figures and the page


def page_state(ledger: Ledger, period: Period, *, land_only: bool = False,
               kind_id: int | None = None) -> dict[str, Any]:
    """Everything the Khen thưởng page shows for a period, read in one job on the worker."""
    rows = list_proposals(ledger, period.code)
    settings = get_settings(ledger)
    for r in rows:
        r["actions"] = allowed_actions(r, settings)
        r["passed"] = passed(r, settings)
    return {
        "proposals": rows,
        "prior": prior_map(ledger, rows),
        "suggestions": suggestions(ledger, period, land_only=land_only, kind_id=kind_id),
        "thresholds_set": thresholds_set(ledger),
        "meetings": meetings(ledger, period.code),
        "kinds": list_kinds(ledger),
        "documents": papers.issued(ledger, period.code),
        "settings": settings,
        "counts": figures.awards(ledger, period),
    }


def latest_period_code(ledger: Ledger) -> str | None:
    """The period of the newest proposals (latest end, then the longest): where the page opens when the current
    half-year has none — a ward files its award year as "2026", a demo too."""
    row = ledger.conn.execute(
        "SELECT period_code FROM proposals WHERE deleted_at IS NULL "
        "ORDER BY period_end DESC, period_start ASC LIMIT 1").fetchone()
    return row[0] if row else None
