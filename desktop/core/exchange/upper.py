"""The upper level (province or legacy district): its wards and their keys, importing handoff files,
who has sent what, and the consolidated figures (the consolidated report as a document: consolidated.py).

Every file is verified (handoff.read with the registered keys) before anything is written, and its
figures are recomputed from its own records: a file whose summary does not match its data is refused.
Each file is imported in its own transaction: all of it or nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import handoff, handoff_extras, keys, proposals_above, upper_pool, versions, ward_keys
from desktop.core.exchange.recount import recompute  # noqa: F401 — reached as upper.recompute
from desktop.core.exchange.upper_check import RECV, Checked
from desktop.core.figures import figures
from desktop.core.ledger import audit, periods, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes

LATE_AFTER_DAYS = 10  # a period's file is late this many days after the period ends


# --------------------------------------------------------------------------- wards


def add_ward(ledger: Ledger, *, code: str, name: str, key_file: str | Path) -> int:
    doc = keys.read_public_key(key_file)
    form = Form({"code": code, "name": name})
    form.text("code", "Mã đơn vị", required=True, max_len=10)
    form.text("name", "Tên đơn vị", required=True, max_len=120)
    clean = form.done()
    if doc["unit"].get("code") and str(doc["unit"]["code"]) != clean["code"]:
        raise UserError(f"Tệp khóa là của đơn vị mã {doc['unit']['code']} ({doc['unit'].get('name')}), không phải "
                        f"mã {clean['code']}.")
    taken = ledger.conn.execute("SELECT name FROM wards WHERE code = ? AND deleted_at IS NULL",
                                [clean["code"]]).fetchone()
    if taken:
        raise UserError(f"Mã {clean['code']} đã đăng ký cho {taken[0]}.")
    return records.create(ledger, "wards", {**clean, "province": doc["unit"].get("province"),
                                            "public_key": doc["public_key"], "fingerprint": doc["fingerprint"]},
                          f"{clean['name']} ({clean['code']}), khóa {doc['fingerprint']}")


_WARD_COLS = ("id", "code", "name", "fingerprint", "public_key", "kind", "contact_name", "contact_phone",
              "joined_period", "created_at")


def wards(ledger: Ledger) -> list[dict[str, Any]]:
    """The register (m0008 added kind, contact and the first period reported: ward_register); public_key and
    fingerprint are '' while a ward listed from the province's list has sent no key."""
    cur = ledger.conn.execute(f"SELECT {', '.join(_WARD_COLS)} FROM wards WHERE deleted_at IS NULL ORDER BY code")
    return [dict(zip(_WARD_COLS, r, strict=True)) for r in cur]


def trusted_keys(ledger: Ledger) -> dict[str, str]:
    # The wards' current keys (a ward listed without one has none) and the replaced ones, named so on import.
    return {**{fp: k["public_key"] for fp, k in ward_keys.old_keys(ledger).items()},
            **{w["fingerprint"]: w["public_key"] for w in wards(ledger) if w["public_key"] and w["fingerprint"]}}


# --------------------------------------------------------------------------- import


@dataclass
class Item:
    """What importing one file did or would do."""

    path: Path
    action: str  # new | supersede | same | older | refused
    message: str
    ward: str = ""
    period_code: str = ""
    package_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    old_key: str = ""  # "ký bằng khóa cũ (thay ngày …)" when signed by a key the ward has replaced (ward_keys)


def _current(ledger: Ledger, ward_id: int, period_code: str) -> dict[str, Any] | None:
    row = ledger.conn.execute(
        "SELECT id, created_src, file_sha256, sequence FROM packages WHERE ward_id = ? AND period_code = ? "
        "AND status = 'current' AND deleted_at IS NULL", [ward_id, period_code]).fetchone()
    return dict(zip(("id", "created_src", "file_sha256", "sequence"), row, strict=True)) if row else None


@dataclass
class _Accept:
    """The upper level's answer for a file the rule calls older: take it anyway, for this reason."""

    older: bool = False
    reason: str = ""


def _decide(item: Item, manifest: dict[str, Any], sha256: str, current: dict[str, Any] | None,
            ward: dict[str, Any], accept: _Accept) -> bool:
    """Set item.action and item.message from the package received now; True when it was taken although older.
    Called once for the preview and again inside the write transaction, where its answer is the one kept."""
    name, who = item.path.name, f"{ward['name']} kỳ {item.period_code}"
    if item.old_key and not accept.older:  # whoever holds a lost key could have signed it: only on request
        item.action, item.message = "older", ward_keys.refusal(name, who, item.old_key)
        return False
    if current is None:
        item.action, item.message = "new", f"{name}: {who} — nhận mới."
    elif current["file_sha256"] == sha256:
        item.action, item.message = "same", f"{name}: đã nhập tệp này trước đó — không có gì thay đổi."
    elif versions.is_newer(manifest, current):
        item.action, item.message = "supersede", f"{name}: bản mới của {who}, thay bản đã nhận."
    elif accept.older:
        item.action = "supersede"
        item.message = (f"{name}: nhận dù cũ hơn bản đã nhận của {who} "
                        f"({versions.describe(manifest, current)}); lý do: {accept.reason}.")
        return True
    else:
        item.action = "older"
        item.message = (f"Tệp {name} bị từ chối: cũ hơn tệp đã nhận của {who} "
                        f"({versions.describe(manifest, current)}). Nếu chắc chắn phải dùng tệp này, hãy bấm "
                        "“Nhận dù cũ hơn…” và ghi rõ lý do (dòng lệnh: thêm --nhan-du-cu-hon --ly-do \"…\").")
    return False


def _examine(ledger: Ledger, path: Path, accept: _Accept, wards_now: list[dict[str, Any]], checked: Checked
             ) -> tuple[Item, handoff.Package | None, dict[str, Any] | None]:
    """checked: what the file says of itself (upper_check, found ahead by a worker process or a thread); wards_now:
    the register, read once for the batch (per file, reading it grew with the wards × the files)."""
    pkg = checked.pkg
    if pkg is None:
        return Item(path, "refused", checked.refused), None, None
    m = pkg.manifest
    ward, old_key = ward_keys.signer(ledger, pkg.signed_by, wards_now)
    code = str(m.get("unit", {}).get("code"))
    period = m.get("period") or {}
    item = Item(path, "refused", "", ward=f"{ward['name']} ({ward['code']})", period_code=str(period.get("code")),
                counts=m.get("counts") or {}, old_key=old_key)
    if code != ward["code"]:
        item.message = (f"Tệp {path.name} bị từ chối: tệp ghi mã đơn vị {code} nhưng được ký bằng khóa của "
                        f"{ward['name']} ({ward['code']}).")
        return item, None, None
    try:
        parsed = periods.parse(str(period.get("code")))
    except UserError:
        parsed = None
    if parsed is None or not period.get("start") or not period.get("end"):
        item.message = f"Tệp {path.name} bị từ chối: kỳ báo cáo \"{period.get('code')}\" không hợp lệ."
        return item, None, None
    if checked.own_error is not None:
        if not isinstance(checked.own_error, KeyError | TypeError | ValueError):
            raise checked.own_error
        item.message = f"Tệp {path.name} bị từ chối: dữ liệu chi tiết thiếu hoặc sai kiểu ({checked.own_error})."
        return item, None, None
    own = checked.own
    assert own is not None
    if checked.wrong:
        item.message = f"Tệp {path.name} bị từ chối: hồ sơ đề nghị khen thưởng không hợp lệ ({checked.wrong})."
        return item, None, None
    if checked.bad:
        item.message = (f"Tệp {path.name} bị từ chối: số liệu tổng hợp không khớp dữ liệu chi tiết ("
                        + "; ".join(checked.bad[:5]) + ").")
        return item, None, None
    current = _current(ledger, ward["id"], item.period_code)
    _decide(item, m, pkg.sha256, current, ward, accept)
    ward_keys.taken_anyway(item, accept.reason, "", {})
    return item, pkg, {"ward": ward, "own": own}


def import_files(ledger: Ledger, paths: Iterable[str | Path], *, dry_run: bool = False, accept_older: bool = False,
                 reason: str = "") -> list[Item]:
    """Verify each file, then (unless dry_run) import it in its own transaction.

    accept_older: take a file that the rule calls older than the one received (the ward's numbering was reset
    by a restore, or the upper level was told to use that version), with `reason` written in the history."""
    accept = _Accept(accept_older, " ".join(reason.split()))
    if accept.older and not accept.reason:
        raise UserError("Muốn nhận tệp cũ hơn bản đã nhận thì phải ghi lý do (ví dụ: \"phường đề nghị dùng lại bản "
                        "ngày 05/7 theo công văn số …\"); chưa nhận tệp nào.")
    out = []
    trusted, wards_now = trusted_keys(ledger), wards(ledger)  # the import writes neither
    # closing: a write that fails stops the checking processes at once, not when the traceback is freed
    with contextlib.closing(upper_pool.checked([Path(p) for p in paths], trusted)) as files:
        for path, checked in files:
            item, pkg, extra = _examine(ledger, path, accept, wards_now, checked)
            if pkg is not None and extra is not None and item.action in ("new", "supersede") and not dry_run:
                item.package_id = _store(ledger, item, pkg, extra["ward"], checked, accept)
            out.append(item)
    return out


def _store(ledger: Ledger, item: Item, pkg: handoff.Package, ward: dict[str, Any], checked: Checked,
           accept: _Accept) -> int | None:
    """Write the package, deciding new / replaces / older / same again under the write lock: two imports started
    together (two windows, a window and a command) then queue, and the second sees the first one's package. The
    unique index idx_packages_one_current (m0007) refuses a second current package of a ward and period anyway."""
    m, own = pkg.manifest, checked.own
    assert own is not None
    period = m["period"]
    now = audit.now_iso()
    with ledger.transaction() as db:
        current = _current(ledger, ward["id"], period["code"])
        forced = _decide(item, m, pkg.sha256, current, ward, accept)
        if item.action not in ("new", "supersede"):
            return None  # another import got there first: this one writes nothing
        uuid = records.new_uuid()
        report = m.get("report") or {}
        if current:
            # Before the insert: the unique index allows one current package of the ward and period at a time.
            db["packages"].update(current["id"], {"status": "superseded", "updated_at": now})
        row = {
            "uuid": uuid, "ward_id": ward["id"], "period_code": period["code"], "period_start": period["start"],
            "period_end": period["end"], "created_src": str(m.get("created_at")), "sequence": versions.sequence_of(m),
            "file_sha256": pkg.sha256, "file_name": pkg.path.name, **_texts(checked),
            "report_symbol": report.get("symbol"), "status": "current", "imported_by": ledger.user,
            "created_at": now, "updated_at": now,
        }
        # Plain SQL, the row sqlite-utils' insert wrote (it asked for the table's columns on every file).
        package_id = int(ledger.conn.execute(
            f"INSERT INTO packages ({', '.join(f'[{k}]' for k in row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values())).lastrowid)
        for table, cols in RECV.items():
            # The rows as upper_check.columns made them; the package's id (an integer) written in the statement
            # rather than prepended to every row.
            ledger.conn.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}, package_id) VALUES ({'?, ' * len(cols)}{int(package_id)})",
                checked.rows[table])
        # The proposals sent upward and their PDFs: with the package, all or nothing; the superseded package's
        # proposals stop being current with it (list_current reads current packages only).
        proposals_above.store(ledger, package_id, pkg.data, pkg.files)
        what = f"{ward['name']} ({ward['code']}) kỳ {period['code']}, tệp {pkg.path.name}"
        after: dict[str, Any] = {"file_sha256": pkg.sha256, "period_code": period["code"],
                                 "sequence": versions.sequence_of(m)}
        if current:
            db["packages"].update(current["id"], {"superseded_by_id": package_id})
            what += " (thay bản đã nhận trước)"
        if item.old_key:  # signed by a replaced key, taken on request: named in the result and the history
            what = ward_keys.taken_anyway(item, accept.reason, what, after)
        elif forced:
            what += f" — nhận dù cũ hơn bản đã nhận, lý do: {accept.reason}"
            after["reason"] = accept.reason
        audit.record(ledger, "import", "packages", f"Nhận tệp dữ liệu {what}", record_id=package_id,
                     record_uuid=uuid, after=after)
    return package_id


def _texts(checked: Checked) -> dict[str, str]:
    """The package row's JSON as check_file made it (in the checking process); made here for a Checked without."""
    if checked.texts:
        return checked.texts
    assert checked.pkg is not None and checked.own is not None
    return {"manifest": json.dumps(checked.pkg.manifest, ensure_ascii=False),
            "totals": json.dumps(checked.own["totals"], ensure_ascii=False),
            "by_group": json.dumps(checked.own["by_group"], ensure_ascii=False)}


# --------------------------------------------------------------------------- who sent what; consolidation


def received(ledger: Ledger, period_code: str) -> list[dict[str, Any]]:
    cur = ledger.conn.execute(
        "SELECT w.code, w.name, p.totals, p.created_src, p.report_symbol, p.id, p.file_sha256 FROM wards w "
        "JOIN packages p ON p.ward_id = w.id AND p.period_code = ? AND p.status = 'current' AND p.deleted_at IS NULL "
        "WHERE w.deleted_at IS NULL ORDER BY w.code", [period_code])
    return [{"code": r[0], "name": r[1], "totals": json.loads(r[2]), "created": r[3], "report": r[4],
             "package_id": r[5], "file_sha256": r[6]} for r in cur]


def consolidate(ledger: Ledger, period_code: str) -> dict[str, Any]:
    """`consolidate --format json`: the period, overall totals, and each ward's totals (wards that sent a file), with
    the funding split of the works and the indicators (handoff_extras.add_up). Wards are disjoint, so even the counts
    of people add up across them."""
    from desktop.core.ledger import setup

    period = periods.parse(period_code, setup.get_unit(ledger).get("period_start") or "01-01")
    sent = received(ledger, period.code)
    by_unit = [{"unit": {"name": r["name"], "code": r["code"]}, "totals": r["totals"]} for r in sent]
    totals = figures.empty_totals()
    for u in by_unit:
        for k in figures.TOTAL_KEYS:
            totals[k] += u["totals"][k]
    for k in figures.DECIMAL_KEYS:
        totals[k] = round(totals[k], 1)
    return {"period": period.as_dict(), "totals": totals, "by_unit": by_unit,
            **handoff_extras.add_up(ledger, by_unit, [r["package_id"] for r in sent])}


def matrix(ledger: Ledger, codes: list[str], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Wards × periods: for each ward, each period's state: received (date, report number), missing, or late."""
    today = today or dt.date.today()
    ends = {c: periods.parse(c).end for c in codes}
    sent: dict[tuple[int, str], tuple[str, str | None]] = {
        (r[0], r[1]): (r[2], r[3]) for r in ledger.conn.execute(
            "SELECT ward_id, period_code, created_src, report_symbol FROM packages WHERE status = 'current' "
            "AND deleted_at IS NULL")}
    out = []
    for w in wards(ledger):
        cells = {}
        for c in codes:
            if (w["id"], c) in sent:
                created, symbol = sent[(w["id"], c)]
                cells[c] = {"state": "received", "created": created, "report": symbol}
            elif today > dt.date.fromisoformat(ends[c]) + dt.timedelta(days=LATE_AFTER_DAYS):
                cells[c] = {"state": "late"}
            else:
                cells[c] = {"state": "waiting"}
        out.append({"ward": w, "cells": cells})
    return out


def delete_ward(ledger: Ledger, ward_id: int) -> Changes:
    row = records.get(ledger, "wards", ward_id)
    records.soft_delete(ledger, "wards", ward_id, f"{row['name']} ({row['code']})")
    return Changes().add("wards", ward_id)


# --------------------------------------------------------------------------- the consolidated table in Excel
# (the report itself, as a document to issue: consolidated.py)


def export_xlsx(ledger: Ledger, period_code: str, path: str | Path) -> Path:
    from desktop.core.files import xlsx_export

    data = consolidate(ledger, period_code)
    headers = ["Mã đơn vị", "Đơn vị", *(figures.LABELS[k] for k in figures.TOTAL_KEYS)]
    kinds = ["text", "text", *("decimal" if k in figures.DECIMAL_KEYS else "int" for k in figures.TOTAL_KEYS)]
    rows = [[u["unit"]["code"], u["unit"]["name"], *(u["totals"][k] for k in figures.TOTAL_KEYS)]
            for u in data["by_unit"]]
    total = ["", "Tổng cộng", *(data["totals"][k] for k in figures.TOTAL_KEYS)]
    return xlsx_export.export_table(path, f"Tổng hợp {data['period']['label']}", headers, rows, kinds, total)
