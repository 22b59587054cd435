"""The upper level's view of the proposals wards send upward (handoff format version 2): checking and storing them
with their package, listing the current ones by ward, form and status, the upper level's own outcome, and the
received dossier PDFs.

A proposal is current while its package is (a newer file of the same ward and period supersedes the package, and
the newer file's proposals are the ones shown). The upper level's outcome (`upper_outcomes`) is keyed by the
proposal's UUID and the ward, so it outlives a newer file that still holds the proposal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import NotFoundError, UserError
from desktop.core.exchange import upward
from desktop.core.ledger import audit, records
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import person_sort_key, sort_key

# The upper level's outcome of a ward's proposal (Luật Thi đua, khen thưởng 2022 Điều 84: the body that decides
# answers the proposing one; Nghị định 152/2025: a dossier not meeting the conditions is returned with the reason).
OUTCOMES: dict[str, str] = {"dang_xet": "Đang xét", "duoc_khen": "Được khen", "khong_duoc_khen": "Không được khen",
                            "tra_lai": "Trả lại"}
NEEDS_REASON = ("khong_duoc_khen", "tra_lai")
MIN_REASON = 5
# The ward's own statuses a received proposal may carry (upward.py says which travel).
WARD_STATUSES: dict[str, str] = {"da_xet": "Đã xét (Hội đồng thông qua)", "trinh_cap_tren": "Đã trình cấp trên",
                                 "duoc_khen": "Được khen", "khong_duoc_khen": "Không được khen",
                                 "tra_lai": "Trả lại"}
SUBJECT_ORDER = {"tap_the": 0, "to_dan_pho": 0, "ca_nhan": 1, "ho": 2}  # the Danh sách's groups (domain.md §2.7)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TEXT = ("nominee_name", "subject", "kind_name")

# --------------------------------------------------------------------------- on import


def check(data: dict[str, Any], files: dict[str, bytes]) -> str | None:
    """Why a file's proposals cannot be taken in (a Vietnamese phrase), or None: every record with its UUID and
    name, no UUID twice, every PDF under proposals/ belonging to a proposal of the file, every PDF a proposal names
    present in the file."""
    rows = data.get("proposals") or []
    seen: set[str] = set()
    named: set[str] = set()
    for r in rows:
        if not isinstance(r, dict) or not _UUID.match(str(r.get("uuid"))) or \
                any(not isinstance(r.get(k), str) or not r[k].strip() for k in _TEXT):
            return "một đề nghị khen thưởng thiếu mã (UUID), họ tên, đối tượng hoặc hình thức"
        if r["uuid"] in seen:
            return f"đề nghị {r['uuid']} có hai lần"
        seen.add(r["uuid"])
        listed = r.get("files") or []
        if not isinstance(listed, list) or any(not isinstance(n, str) for n in listed):
            return f"danh sách tệp của đề nghị “{r['nominee_name']}” sai kiểu"
        for name in listed:
            if name not in files:
                return f"thiếu tệp hồ sơ “{name}” của đề nghị “{r['nominee_name']}”"
            owner = upward.member_owner(name)
            if owner is not None and owner != r["uuid"]:
                return f"tệp “{name}” không thuộc đề nghị “{r['nominee_name']}”"
        named.update(listed)
    stray = sorted(set(files) - named)
    if stray:
        return f"tệp hồ sơ “{stray[0]}” không thuộc đề nghị nào trong tệp"
    return None


def _num(value: Any, kind: type) -> Any:
    return kind(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def store(ledger: Ledger, package_id: int, data: dict[str, Any], files: dict[str, bytes]) -> int:
    """Write a package's proposals and their PDFs (inside the import's own transaction); returns how many."""
    assert ledger.conn.in_transaction, "stored in the package's own transaction"
    rows = data.get("proposals") or []
    for r in rows:
        ledger.conn.execute(
            "INSERT INTO recv_proposals (package_id, uuid, nominee_name, subject, kind_name, decided_by, group_name, "
            "address, achievement, value_vnd, land_m2, figures, status, votes_for, members_total, meeting_date, "
            "submission_no, submission_date, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [package_id, r["uuid"], r["nominee_name"], r["subject"], r["kind_name"], r.get("decided_by"),
             r.get("group_name"), r.get("address"), r.get("achievement"), _num(r.get("value_vnd"), int) or 0,
             _num(r.get("land_m2"), float) or 0.0, json.dumps(r.get("figures") or {}, ensure_ascii=False),
             r.get("status"), _num(r.get("votes_for"), int), _num(r.get("members_total"), int),
             r.get("meeting_date"), r.get("submission_no"), r.get("submission_date"),
             json.dumps(r, ensure_ascii=False)])
    ledger.conn.executemany(
        "INSERT INTO recv_files (package_id, proposal_uuid, name, sha256, data) VALUES (?, ?, ?, ?, ?)",
        ([package_id, upward.member_owner(name), name, hashlib.sha256(blob).hexdigest(), blob]
         for name, blob in sorted(files.items())))
    return len(rows)


# --------------------------------------------------------------------------- reading


_LIST_SQL = """
SELECT rp.uuid, rp.package_id, p.period_code, p.created_src AS file_created, w.id AS ward_id, w.code AS ward_code,
  w.name AS ward_name,
  rp.nominee_name, rp.subject, rp.kind_name, rp.decided_by, rp.group_name, rp.address, rp.achievement, rp.value_vnd,
  rp.land_m2, rp.figures, rp.status AS ward_status, rp.votes_for, rp.members_total, rp.meeting_date,
  rp.submission_no, rp.submission_date, rp.record,
  coalesce(o.status, 'dang_xet') AS outcome, o.decision_no, o.decision_date, o.reason, o.updated_at AS outcome_at
FROM recv_proposals rp
  JOIN packages p ON p.id = rp.package_id AND p.status = 'current' AND p.deleted_at IS NULL
  JOIN wards w ON w.id = p.ward_id AND w.deleted_at IS NULL
  LEFT JOIN upper_outcomes o ON o.proposal_uuid = rp.uuid AND o.ward_id = p.ward_id AND o.deleted_at IS NULL
"""


def _row(cols: list[str], values: tuple[Any, ...]) -> dict[str, Any]:
    r = dict(zip(cols, values, strict=True))
    r["figures"] = json.loads(r["figures"] or "{}")
    record = json.loads(r.pop("record") or "{}")
    r["files"] = [n for n in record.get("files") or [] if isinstance(n, str)]
    r["ward_status_label"] = str(record.get("status_label") or WARD_STATUSES.get(r["ward_status"], r["ward_status"]))
    r["outcome_label"] = OUTCOMES.get(r["outcome"], r["outcome"])
    r["votes_written"] = record.get("votes_written")
    r["members_present"] = record.get("members_present")
    return r


def list_current(ledger: Ledger, period_code: str, *, ward: str | None = None, kind: str | None = None,
                 outcome: str | None = None, ward_status: str | None = None) -> list[dict[str, Any]]:
    """The current proposals of a period, by ward (code), form, then collectives/individuals/households and name.
    `ward` is a ward's code; `kind` a form's name; `outcome` the upper level's; `ward_status` the ward's."""
    if outcome and outcome not in OUTCOMES:
        raise UserError(f"Trạng thái “{outcome}” không có; chọn một trong: {', '.join(OUTCOMES)}.")
    where, args = " WHERE p.period_code = ?", [period_code]
    for column, value in (("w.code", ward), ("rp.kind_name", kind), ("rp.status", ward_status),
                          ("coalesce(o.status, 'dang_xet')", outcome)):
        if value:
            where += f" AND {column} = ?"
            args.append(value)
    cur = ledger.conn.execute(_LIST_SQL + where, args)
    cols = [d[0] for d in cur.description]
    rows = [_row(cols, r) for r in cur]
    return sorted(rows, key=lambda r: (r["ward_code"], sort_key(r["kind_name"] or ""),
                                       SUBJECT_ORDER.get(r["subject"], 9), person_sort_key(r["nominee_name"] or "")))


def periods_with_proposals(ledger: Ledger) -> list[str]:
    """The period codes whose current files hold proposals, newest file first."""
    return [code for code, in ledger.conn.execute(
        "SELECT p.period_code FROM recv_proposals rp JOIN packages p ON p.id = rp.package_id AND p.status = 'current' "
        "AND p.deleted_at IS NULL GROUP BY p.period_code ORDER BY max(p.created_src) DESC")]


def get(ledger: Ledger, proposal_uuid: str) -> dict[str, Any]:
    """One current proposal (of the newest current package holding it)."""
    cur = ledger.conn.execute(_LIST_SQL + " WHERE rp.uuid = ? ORDER BY p.created_src DESC, p.id DESC LIMIT 1",
                              [proposal_uuid])
    cols = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        raise NotFoundError(f"Không có đề nghị khen thưởng mã {proposal_uuid} trong các tệp đang dùng của phường, "
                            "xã (xem “thidua package proposals --period …”).")
    return _row(cols, row)


def facets(rows: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """The values the filters offer: wards (code, name), forms, statuses present."""
    wards = sorted({(r["ward_code"], r["ward_name"]) for r in rows})
    kinds = sorted({r["kind_name"] for r in rows}, key=sort_key)
    return {"wards": wards, "kinds": [(k, k) for k in kinds]}


def figures_text(r: dict[str, Any]) -> str:
    """The achievement in figures, for one cell: what was given, per kind, and the total value."""
    from desktop.core.ledger.vocab import CONTRIBUTION_KINDS

    parts = []
    by_kind = (r.get("figures") or {}).get("by_kind") or {}
    for kind, label in CONTRIBUTION_KINDS.items():
        k = by_kind.get(kind)
        if not k:
            continue
        if kind == "land":
            parts.append(f"hiến {format_decimal(k['quantity'], 1, trim=True)} m² đất")
        elif kind == "money":
            parts.append(f"tiền mặt {format_int(k['value_vnd'])} đồng")
        elif kind == "labour":
            parts.append(f"{format_decimal(k['quantity'], 1, trim=True)} ngày công")
        else:
            parts.append(f"{label.lower()} trị giá {format_int(k['value_vnd'])} đồng")
    if not parts and r.get("land_m2"):
        parts.append(f"hiến {format_decimal(r['land_m2'], 1, trim=True)} m² đất")
    text = "; ".join([", ".join(parts), f"tổng giá trị {format_int(int(r.get('value_vnd') or 0))} đồng"]
                     if parts else [f"tổng giá trị {format_int(int(r.get('value_vnd') or 0))} đồng"])
    return text[:1].upper() + text[1:]


def outcome_text(r: dict[str, Any]) -> str:
    if r["outcome"] == "duoc_khen" and r["decision_no"]:
        return f"Được khen (Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])})"
    if r["outcome"] in NEEDS_REASON and r["reason"]:
        return f"{r['outcome_label']}: {r['reason']}"
    return r["outcome_label"]


def detail_lines(r: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of one proposal for the detail pane: the figures per kind and as the ward froze them when the
    achievement was written (`figures.snapshot`), the council's vote, the ward's Tờ trình and status, the file."""
    from desktop.core.ledger.vocab import CONTRIBUTION_KINDS

    figures = r.get("figures") or {}
    out = [("Hình thức", r["kind_name"] or ""), ("Địa chỉ", ", ".join(x for x in (r.get("address"),
                                                                                r.get("group_name")) if x))]
    for kind, label in CONTRIBUTION_KINDS.items():
        k = (figures.get("by_kind") or {}).get(kind)
        if k:
            amount = "" if kind == "money" else f"{format_decimal(k['quantity'], 1, trim=True)} {k.get('unit') or ''}; "
            out.append((label, f"{amount}{format_int(k['value_vnd'])} đồng ({k['count']} lần đóng góp)"))
    land = f"; {format_decimal(r['land_m2'], 1, trim=True)} m² đất" if r.get("land_m2") else ""
    out.append(("Tổng giá trị", f"{format_int(int(r.get('value_vnd') or 0))} đồng{land}"))
    snap = figures.get("snapshot")
    if isinstance(snap, dict):
        out.append(("Số liệu khi viết thành tích",
                    f"{format_int(int(snap.get('value_vnd') or 0))} đồng, "
                    f"{format_decimal(float(snap.get('land_m2') or 0), 1, trim=True)} m² đất, "
                    f"{int(snap.get('contributions') or 0)} khoản đóng góp"
                    + (f" (ngày {format_date(snap['at'])})" if snap.get("at") else "")))
    if r.get("achievement"):
        out.append(("Tóm tắt thành tích", r["achievement"]))
    if r.get("votes_for") is not None:
        present = f", {r['members_present']} có mặt" if r.get("members_present") else ""
        out.append(("Hội đồng phường, xã", f"{r['votes_for']}/{r['members_total']} thành viên đồng ý{present}"
                                         + (f", họp ngày {format_date(r['meeting_date'])}" if r.get("meeting_date")
                                            else "")))
    if r.get("submission_no"):
        out.append(("Tờ trình của phường, xã", f"Số {r['submission_no']} ngày {format_date(r['submission_date'])}"
                    if r.get("submission_date") else f"Số {r['submission_no']}"))
    out.append(("Trạng thái ở phường, xã", r["ward_status_label"]))
    out.append(("Kết quả của cấp trên", outcome_text(r)))
    if r.get("file_created"):
        made = str(r["file_created"])
        when = f"{format_date(made[:10])} {made[11:16]}".strip() if len(made) >= 10 else made
        out.append(("Theo tệp", f"tệp đang dùng của {r['ward_name']} (bản mới nhất đã nhận), lập lúc {when}"))
    return [(label, text) for label, text in out if text]


# --------------------------------------------------------------------------- the upper level's outcome


def _iso(value: str | dt.date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    from desktop.core.text.vnformat import parse_date

    try:
        return parse_date(value).isoformat()
    except ValueError as exc:
        raise UserError(f"Ngày quyết định: {exc}") from exc


def _validated(r: dict[str, Any], status: str, number: str, day: str | None, reason: str) -> dict[str, Any]:
    who = f"Đề nghị “{r['nominee_name']}” ({r['ward_name']})"
    if status not in OUTCOMES:
        raise UserError(f"Kết quả “{status}” không có; chọn một trong: {', '.join(OUTCOMES)}.")
    if status == "duoc_khen":
        if not number or not day:
            raise UserError(f"{who}: hãy ghi số và ngày của quyết định khen thưởng của cấp trên.")
        if day > dt.date.today().isoformat():
            raise UserError(f"{who}: ngày quyết định {format_date(day)} chưa tới.")
        if r["submission_date"] and day < r["submission_date"]:
            raise UserError(f"{who}: ngày quyết định {format_date(day)} trước ngày Tờ trình của phường, xã "
                            f"({format_date(r['submission_date'])}).")
        return {"status": status, "decision_no": number, "decision_date": day, "reason": None}
    if status in NEEDS_REASON and len(reason) < MIN_REASON:
        raise UserError(f"{who}: hãy ghi lý do “{OUTCOMES[status]}” (ít nhất {MIN_REASON} ký tự).")
    return {"status": status, "decision_no": None, "decision_date": None, "reason": reason or None}


def record_outcome(ledger: Ledger, proposal_uuid: str, status: str, *, number: str | None = None,
                   date: str | dt.date | None = None, reason: str | None = None) -> Changes:
    """Record (or change) the upper level's outcome of a ward's proposal: Được khen with the decision's number and
    date, Không được khen / Trả lại with the reason, Đang xét to clear it. One transaction with its audit row;
    decided inside it, a refusal writes nothing."""
    number, reason, day = (number or "").strip(), (reason or "").strip(), _iso(date)
    changes = Changes()
    with ledger.transaction() as db:
        r = get(ledger, proposal_uuid)
        values = _validated(r, status, number, day, reason)
        old = ledger.conn.execute("SELECT id, uuid, status, decision_no, decision_date, reason FROM upper_outcomes "
                                  "WHERE proposal_uuid = ? AND deleted_at IS NULL", [proposal_uuid]).fetchone()
        now = audit.now_iso()
        what = f"Kết quả của cấp trên cho đề nghị “{r['nominee_name']}” ({r['ward_name']}, {r['kind_name']}): " \
               f"{outcome_text({**r, **values, 'outcome': status, 'outcome_label': OUTCOMES[status]})}"
        if old:
            before = dict(zip(("status", "decision_no", "decision_date", "reason"), old[2:], strict=True))
            db["upper_outcomes"].update(old[0], {**values, "updated_at": now})
            audit.record(ledger, "update", "upper_outcomes", what, record_id=old[0], record_uuid=old[1],
                         before=before, after=values)
            changes.add("upper_outcomes", old[0])
        else:
            uuid = records.new_uuid()
            oid = int(db["upper_outcomes"].insert({"uuid": uuid, "ward_id": r["ward_id"],
                                                   "proposal_uuid": proposal_uuid, **values,
                                                   "created_at": now, "updated_at": now}).last_pk)
            audit.record(ledger, "create", "upper_outcomes", what, record_id=oid, record_uuid=uuid, after=values)
            changes.add("upper_outcomes", oid)
    return changes


# --------------------------------------------------------------------------- the received PDFs


def _safe(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", text).strip("-") or "tep"


def files(ledger: Ledger, proposal_uuid: str) -> list[dict[str, Any]]:
    """The dossier PDFs received with a current proposal: name in the file, a name to save under, what it is,
    the bytes (their SHA-256 checked again against what was stored at import)."""
    r = get(ledger, proposal_uuid)
    out = []
    for name in r["files"]:
        row = ledger.conn.execute("SELECT sha256, data FROM recv_files WHERE package_id = ? AND name = ?",
                                  [r["package_id"], name]).fetchone()
        if row is None or hashlib.sha256(row[1]).hexdigest() != row[0]:
            raise UserError(f"Tệp hồ sơ “{name}” của đề nghị “{r['nominee_name']}” không còn nguyên vẹn trong sổ.")
        if upward.member_owner(name) and name.endswith(upward.REPORT):
            what, save_as = "Báo cáo thành tích", f"Bao-cao-thanh-tich-{r['ward_code']}-{r['uuid'][:8]}.pdf"
        elif upward.member_owner(name):
            what, save_as = "Báo cáo tóm tắt thành tích", f"Bao-cao-tom-tat-{r['ward_code']}-{r['uuid'][:8]}.pdf"
        else:
            no = r["submission_no"] or Path(name).stem[:8]
            what, save_as = f"Tờ trình số {no}", f"To-trinh-{r['ward_code']}-{_safe(no)}.pdf"
        out.append({"name": name, "save_as": save_as, "what": what, "sha256": row[0], "data": row[1]})
    return out


def write_files(ledger: Ledger, proposal_uuid: str, folder: str | Path) -> list[Path]:
    """Write a proposal's received PDFs into a folder (each safely: temporary name, fsync, rename)."""
    from desktop.core.files import safe_files

    folder = Path(folder)
    items = files(ledger, proposal_uuid)
    if not items:
        raise UserError("Đề nghị này không kèm tệp hồ sơ nào (tệp của phường, xã lập bằng phiên bản cũ).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Không tạo được thư mục {folder}: {exc.strerror or exc}.") from exc
    return [safe_files.write_file(folder / f["save_as"], f["data"]) for f in items]
