"""The proposals a ward sends upward in its handoff file (format version 2): which ones, their records, and their
dossier PDFs as members of the file.

Which proposals travel (decided here, documented in the guide): those of an award the upper level grants
(`award_kinds.level = 'upper'`, e.g. Bằng khen của Chủ tịch UBND tỉnh — Luật Thi đua, khen thưởng 2022 Điều 78,
Nghị định 152/2025 Điều 49) whose period lies inside the file's period, and that the ward's council passed or the
ward already sent:
- da_xet and passed by the council (waiting for the Tờ trình upward);
- trinh_cap_tren (the Tờ trình upward is issued);
- duoc_khen, khong_duoc_khen, tra_lai only when they were sent (they carry the Tờ trình's number): the outcome
  the ward recorded from the upper level's answer.
Never a draft, never one the council did not pass, never one the ward refused or returned before sending.

The PDFs: `proposals/<uuid>/bao-cao-tom-tat.pdf` (the Báo cáo tóm tắt thành tích, Luật Điều 85 simplified
procedure) and `proposals/<uuid>/bao-cao-thanh-tich.pdf` (the full report, Điều 84) for each proposal, and each
issued upward Tờ trình once, `proposals/to-trinh/<document uuid>.pdf`.
Every member is listed with its SHA-256 in the manifest, so the one signature covers them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from db.connection import Ledger
from desktop.core.ledger.periods import Period

FOLDER = "proposals/"
SUMMARY = "bao-cao-tom-tat.pdf"
REPORT = "bao-cao-thanh-tich.pdf"  # the full Báo cáo thành tích (Luật TĐKT 2022 Điều 84 khoản 2 điểm b)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Exactly the names a version 2 file may hold under FOLDER (anything else is refused as "thành phần lạ").
MEMBER_RE = re.compile(rf"^proposals/(?:(?P<proposal>{_UUID})/(?:{re.escape(SUMMARY)}|{re.escape(REPORT)})"
                       rf"|to-trinh/(?P<doc>{_UUID})\.pdf)$")
MAX_FILES = 2000  # PDFs under FOLDER: far above a ward's upward proposals of a year (a handful)
MAX_PDF_BYTES = 64 * 1024 * 1024  # one dossier PDF; a summary is ~50 KB, a Tờ trình with its list ~200 KB

SENT_STATUSES = ("duoc_khen", "khong_duoc_khen", "tra_lai")


def summary_member(proposal_uuid: str) -> str:
    return f"{FOLDER}{proposal_uuid}/{SUMMARY}"


def report_member(proposal_uuid: str) -> str:
    return f"{FOLDER}{proposal_uuid}/{REPORT}"


def submission_member(document_uuid: str) -> str:
    return f"{FOLDER}to-trinh/{document_uuid}.pdf"


def is_member(name: str) -> bool:
    return MEMBER_RE.match(name) is not None


def member_owner(name: str) -> str | None:
    """The proposal UUID a member belongs to (None for a Tờ trình, shared by several proposals)."""
    m = MEMBER_RE.match(name)
    return m.group("proposal") if m else None


def _rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    from desktop.core.awards import catalogue, council, proposals

    # Cheap on a ward without upward proposals: one indexed query, no PDF is rendered.
    rows = proposals.rows_where(
        ledger, " AND k.level = 'upper' AND p.period_start >= ? AND p.period_end <= ? AND p.status IN "
                "('da_xet', 'trinh_cap_tren', 'duoc_khen', 'khong_duoc_khen', 'tra_lai') ORDER BY p.id",
        [period.start, period.end])
    rule = catalogue.get_settings(ledger)
    return [r for r in rows if (r["status"] == "da_xet" and council.passed(r, rule)) or r["status"] == "trinh_cap_tren"
            or (r["status"] in SENT_STATUSES and r["submission_no"])]


def _by_kind(ledger: Ledger, proposal_id: int) -> dict[str, dict[str, Any]]:
    """The linked contributions summed per kind: quantity, unit, value (đồng), how many."""
    out: dict[str, dict[str, Any]] = {}
    for kind, unit, qty, value, n in ledger.conn.execute(
            "SELECT c.kind, min(c.unit), sum(c.quantity), sum(c.value_vnd), count(*) FROM proposal_contributions pc "
            "JOIN contributions c ON c.id = pc.contribution_id AND c.deleted_at IS NULL WHERE pc.proposal_id = ? "
            "GROUP BY c.kind ORDER BY c.kind", [proposal_id]):
        out[kind] = {"quantity": round(float(qty or 0), 2), "unit": unit, "value_vnd": int(value or 0), "count": n}
    return out


def _record(ledger: Ledger, r: dict[str, Any], docs: dict[int, str]) -> dict[str, Any]:
    extra = ledger.conn.execute("SELECT votes_written, figures_snapshot FROM proposals WHERE id = ?",
                                [r["id"]]).fetchone()
    doc_uuid = docs.get(r["submission_doc_id"] or 0)
    rec = {
        "uuid": r["uuid"], "period_code": r["period_code"], "nominee_name": r["nominee_name"],
        "subject": r["subject"], "kind_name": r["kind_name"], "form": r["form"], "decided_by": r["decided_by"],
        "group_name": r["group_name"], "address": r["address"], "achievement": r["achievement"],
        "value_vnd": r["value_vnd"], "land_m2": r["land_m2"], "status": r["status"],
        "status_label": r["status_label"], "votes_for": r["votes_for"], "votes_written": extra[0] if extra else None,
        "members_total": r["members_total"], "members_present": r["members_present"],
        "meeting_date": r["meeting_date"], "submission_no": r["submission_no"],
        "submission_date": r["submission_date"], "outcome_reason": r["outcome_reason"],
        "decision_no": r["decision_no"], "decision_date": r["decision_date"],
        "figures": {"value_vnd": r["value_vnd"], "land_m2": r["land_m2"], "contributions": r["links"],
                    "by_kind": _by_kind(ledger, r["id"]),
                    "snapshot": json.loads(extra[1]) if extra and extra[1] else None},
        "files": [summary_member(r["uuid"]), report_member(r["uuid"])]
                 + ([submission_member(doc_uuid)] if doc_uuid else []),
    }
    return rec


def collect(ledger: Ledger, period: Period) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The period's upward proposals (records for data.json, keys sorted at every depth) and their PDF members."""
    rows = _rows(ledger, period)
    if not rows:
        return [], {}
    from desktop.core.awards import dossier
    from desktop.core.awards.merit_report import build_merit_report
    from desktop.core.awards.summary import build_summary
    from desktop.core.report import register

    doc_ids = sorted({r["submission_doc_id"] for r in rows if r["submission_doc_id"]})
    docs = {d: u for d, u in ledger.conn.execute(
        f"SELECT id, uuid FROM documents WHERE deleted_at IS NULL AND id IN ({', '.join('?' * len(doc_ids))})",
        doc_ids)} if doc_ids else {}
    records = [_record(ledger, r, docs) for r in rows]
    files: dict[str, bytes] = {}
    for r in rows:
        files[summary_member(r["uuid"])] = dossier.render(build_summary(ledger, r["id"]))
        files[report_member(r["uuid"])] = dossier.render(build_merit_report(ledger, r["id"]))
    for doc_id, doc_uuid in docs.items():
        files[submission_member(doc_uuid)] = register.pdf_bytes(ledger, doc_id)
    # json round trip: every dict, nested ones too, with its keys in sorted order (data.json is canonical).
    records = json.loads(json.dumps(records, ensure_ascii=False, sort_keys=True))
    return records, files
