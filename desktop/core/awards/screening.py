"""Who deserves a proposal: suggestions from the period's contributions against the kinds' thresholds, and the
check of earlier awards of the same nominee (warnings, prior decisions) shown before the council votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.connection import Ledger
from desktop.core.awards.catalogue import STATUSES, SUBJECT_OF_CONTRIBUTOR, kind_label, list_kinds
from desktop.core.awards.proposals import add, get, parse_period, rows_where
from desktop.core.errors import UserError
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_date
from desktop.core.text.vntext import fold, person_sort_key

# --------------------------------------------------------------------------- suggestions


def suggestions(ledger: Ledger, period: Period, *, kind_id: int | None = None,
                land_only: bool = False) -> list[dict[str, Any]]:
    """Contributors of the period who have no proposal in an overlapping period yet, with what they gave,
    sorted by value. Where the catalogue sets thresholds for a subject (đồng and/or m², per award form), only
    those passing every threshold of some form are listed, with that form suggested (the higher level first);
    where no form for the subject has a threshold, everyone is listed with the ward's first form."""
    kinds = list_kinds(ledger, active_only=True)
    if kind_id is not None:
        kinds = [k for k in kinds if k["id"] == kind_id]
    cur = ledger.conn.execute(
        """
        SELECT p.id, p.name, p.kind, p.address, p.group_id, g.name, g.sort_key, count(c.id), sum(c.value_vnd),
          coalesce(sum(CASE WHEN c.kind = 'land' THEN c.quantity END), 0)
        FROM contributions c JOIN contributors p ON p.id = c.contributor_id LEFT JOIN groups g ON g.id = p.group_id
        WHERE c.deleted_at IS NULL AND c.status = 'received' AND c.date BETWEEN ? AND ? AND p.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM proposals x WHERE x.contributor_id = p.id AND x.deleted_at IS NULL
                          AND x.period_start <= ? AND x.period_end >= ?)
        GROUP BY p.id
        """,
        [period.start, period.end, period.end, period.start])
    out = []
    for cid, name, ckind, address, gid, group, gsort, n, value, m2 in cur:
        subject = SUBJECT_OF_CONTRIBUTOR.get(ckind, "ca_nhan")
        m2 = round(float(m2 or 0), 1)
        value = int(value or 0)
        if land_only and m2 <= 0:
            continue
        fitting = [k for k in kinds if subject in k["subjects"]]
        with_threshold = [k for k in fitting if k["threshold_vnd"] is not None or k["threshold_m2"] is not None]
        if with_threshold:
            passing = [k for k in with_threshold
                       if (k["threshold_vnd"] is None or value >= k["threshold_vnd"])
                       and (k["threshold_m2"] is None or m2 >= k["threshold_m2"])]
            if not passing:
                continue
            # The highest recognition the nominee qualifies for: upper-level forms before the ward's own.
            best = sorted(passing, key=lambda k: (k["level"] != "upper", k["sort_order"]))[0]
            by_threshold = True
        else:
            ward = [k for k in fitting if k["level"] == "ward"] or fitting
            if not ward:
                continue
            best, by_threshold = ward[0], False
        out.append({"contributor_id": cid, "name": name, "subject": subject, "address": address, "group_id": gid,
                    "group": group, "group_sort": gsort or "", "contributions": n, "value_vnd": value, "land_m2": m2,
                    "kind_id": best["id"], "kind_name": best["name"], "kind_label": kind_label(best),
                    "by_threshold": by_threshold})
    out.sort(key=lambda r: (-r["value_vnd"], r["group_sort"], person_sort_key(r["name"])))
    return out


def thresholds_set(ledger: Ledger) -> bool:
    return bool(ledger.conn.execute(
        "SELECT 1 FROM award_kinds WHERE deleted_at IS NULL AND active = 1 AND (threshold_vnd IS NOT NULL "
        "OR threshold_m2 IS NOT NULL)").fetchone())


def add_from_suggestions(ledger: Ledger, period: Period, items: list[tuple[int, int]]) -> Changes:
    """Make a draft proposal for each (contributor, award form), all or none."""
    if not items:
        raise UserError("Chưa chọn người nào trong danh sách gợi ý.")
    changes = Changes()
    with ledger.transaction():
        for contributor_id, kind_id in items:
            pid = add(ledger, {"contributor_id": contributor_id, "award_kind_id": kind_id,
                               "period_code": period.code})
            changes.add("proposals", pid)
    return changes


# --------------------------------------------------------------------------- the prior-award check


@dataclass
class _Pool:
    """Every live proposal and which contributions each links: read once, then checked for many nominees."""

    rows: list[dict[str, Any]]
    used_by: dict[int, set[int]]  # contribution id → proposal ids linking it

    @classmethod
    def read(cls, ledger: Ledger) -> _Pool:
        used_by: dict[int, set[int]] = {}
        for pid, cid in ledger.conn.execute(
                "SELECT pc.proposal_id, pc.contribution_id FROM proposal_contributions pc "
                "JOIN proposals p ON p.id = pc.proposal_id WHERE p.deleted_at IS NULL"):
            used_by.setdefault(cid, set()).add(pid)
        return cls(rows_where(ledger), used_by)


def _same_nominee(target: dict[str, Any], r: dict[str, Any]) -> bool:
    """The same household, person or collective: the same contributor; the same tổ dân phố; or, for a nominee
    typed without a contributor, the same subject and name (accents and case aside)."""
    if target.get("contributor_id"):
        return r["contributor_id"] == target["contributor_id"]
    if target.get("subject") == "to_dan_pho" and target.get("group_id"):
        return r["subject"] == "to_dan_pho" and r["group_id"] == target["group_id"]
    name = fold(target.get("nominee_name") or "")
    return bool(name) and r["contributor_id"] is None and r["subject"] == target.get("subject") \
        and fold(r["nominee_name"] or "") == name


def _warnings(ledger: Ledger, target: dict[str, Any], pool: _Pool) -> list[str]:
    """The prior-award rule, for one nominee (`target`: period bounds, movement, nominee, contribution ids, and
    its own id to leave out)."""
    own = target.get("id")
    warnings: list[str] = []
    seen: set[int] = set()
    for r in pool.rows:
        if r["id"] == own or not _same_nominee(target, r):
            continue
        if target.get("movement_id") and r["movement_id"] and r["movement_id"] != target["movement_id"]:
            continue
        if r["period_start"] > target["period_end"] or r["period_end"] < target["period_start"]:
            continue
        seen.add(r["id"])
        warnings.append(f"{r['nominee_name']} đã được đề nghị “{r['kind_name']}” kỳ {_period_label(ledger, r)}: "
                        f"{_outcome(r)}.")
    shared: dict[int, int] = {}
    for cid in set(target.get("contribution_ids") or []):
        for pid in pool.used_by.get(cid, ()):
            if pid != own and pid not in seen:
                shared[pid] = shared.get(pid, 0) + 1
    by_id = {r["id"]: r for r in pool.rows if r["id"] in shared}
    for pid in sorted(shared):
        r = by_id[pid]
        warnings.append(f"{shared[pid]} khoản đóng góp này đã dùng cho đề nghị “{r['kind_name']}” của "
                        f"{r['nominee_name']} kỳ {_period_label(ledger, r)}: {_outcome(r)}.")
    return warnings


def prior_awards(ledger: Ledger, *, period_code: str, movement_id: int | None, contributor_id: int | None,
                 group_id: int | None = None, subject: str | None = None, nominee_name: str = "",
                 contribution_ids: list[int] | None = None, exclude_id: int | None = None) -> list[str]:
    """Warnings about earlier proposals for the same nominee in the same movement and an overlapping period, or
    for the same contributions, each with its decision or state. Empty when there is none."""
    period = parse_period(ledger, period_code)
    target = {"id": exclude_id, "period_start": period.start, "period_end": period.end, "movement_id": movement_id,
              "contributor_id": contributor_id, "group_id": group_id, "subject": subject,
              "nominee_name": nominee_name, "contribution_ids": contribution_ids or []}
    return _warnings(ledger, target, _Pool.read(ledger))


def prior_for(ledger: Ledger, proposal_id: int) -> list[str]:
    return prior_map(ledger, [get(ledger, proposal_id)])[proposal_id]


def _period_label(ledger: Ledger, r: dict[str, Any]) -> str:
    try:
        return parse_period(ledger, r["period_code"]).label
    except UserError:
        return r["period_code"]


def _outcome(r: dict[str, Any]) -> str:
    """The state of an earlier proposal, with its decision when there is one."""
    status = r.get("status_label") or STATUSES.get(r["status"], r["status"])
    if r["decision_no"]:
        return f"{status.lower()}, Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])}"
    if r["submission_no"]:
        return f"{status.lower()}, Tờ trình số {r['submission_no']} ngày {format_date(r['submission_date'])}"
    if r["outcome_reason"]:
        return f"{status.lower()} ({r['outcome_reason']})"
    return status.lower()


def prior_map(ledger: Ledger, rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Warnings for each listed proposal (the ⚠ column): the proposals and links are read once for all."""
    pool = _Pool.read(ledger)
    links: dict[int, list[int]] = {}
    for cid, pids in pool.used_by.items():
        for pid in pids:
            links.setdefault(pid, []).append(cid)
    return {r["id"]: _warnings(ledger, {**r, "contribution_ids": links.get(r["id"], [])}, pool) for r in rows}
