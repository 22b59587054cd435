"""Apply a checked plan: a backup, then one transaction — all or nothing.

`apply(ledger, plan, only_valid=...)` refuses a plan made against another ledger or before the
ledger changed, and one with problems unless `only_valid`; it takes a backup, then writes the new
tổ dân phố, công trình, người đóng góp and khoản đóng góp in one outer transaction.

Why contributions and contributors are written by a bulk path: through the per-record services a
10,000-row sheet took about 9 s here (validate ≈ 0.2 ms — mostly accent folding of the choice
lists — plus ≈ 0.7 ms for sqlite-utils' per-row insert and audit insert), twice as long as merely
reading the file with openpyxl. The bulk path keeps the rules and the audit trail and drops the
overhead:
- contributors: each new one still goes through `contributors.validate` (the real validator);
- contributions: each row is checked (checks.py) with the same rules as `contributions.validate`,
  reading groups, works, contributors and rates from dictionaries loaded once; tests
  (tests/core/intake/test_intake_importer.py::test_bulk_rows_equal_the_service_validator and
  ::test_new_contributor_audit_and_keys_equal_the_service) check that the stored rows and audit
  rows equal what the services write for the same input, so the two cannot drift apart silently;
- every created record gets its own audit row, shaped as `records.create` writes it;
- all of it inside the one transaction, written with executemany (see _BulkWriter).
Groups and works are few and go through `groups.add` and `works.add` unchanged.
Now: about 2 s for 10,000 rows, half the bare openpyxl read (tests/benchmarks/test_bench_intake.py).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.intake import gcpause
from desktop.core.intake.importplan import ImportPlan, PlannedContribution, Ref, ledger_stamp
from desktop.core.ledger import audit, contributors, groups, records, works
from desktop.core.ledger.records import Changes
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.text.vnformat import format_decimal, format_int, format_vnd
from desktop.core.text.vntext import fold


@dataclass
class ImportResult:
    groups_added: int = 0
    works_added: int = 0
    contributors_added: int = 0
    contributions_added: int = 0
    value_added_vnd: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # problem | duplicate | ambiguous | exists → rows
    backup: Path | None = None
    changes: Changes = field(default_factory=Changes)

    def summary_text(self) -> str:
        if not (self.groups_added or self.works_added or self.contributors_added or self.contributions_added):
            text = "Không có gì mới để nhập: sổ không thay đổi."
        else:
            text = (f"Đã nhập: {format_int(self.groups_added)} tổ dân phố, {format_int(self.works_added)} công trình, "
                    f"{format_int(self.contributors_added)} người đóng góp mới, "
                    f"{format_int(self.contributions_added)} khoản đóng góp "
                    f"(tổng giá trị {format_vnd(self.value_added_vnd)} đồng).")
        labels = {"problem": "có lỗi", "duplicate": "có thể trùng", "ambiguous": "chưa rõ người đóng góp",
                  "unaccented": "tên gõ không dấu chưa xử lý", "exists": "đã có trong sổ"}
        skipped = [f"{format_int(n)} {labels[k]}" for k, n in self.skipped.items() if n]
        if skipped:
            text += f" Bỏ qua: {', '.join(skipped)}."
        if self.backup:
            text += f" Bản sao lưu trước khi nhập: {self.backup.name}."
        return text


class _BulkWriter:
    """Creates records and their audit rows the way records.create does, without sqlite-utils'
    per-row overhead (it inspects the table on every insert). Rows are queued and written with
    one executemany per table at `flush`, inside the import's transaction.

    Ids are given here as max(id) + 1, + 2, …: exactly what SQLite would choose (the tables have
    INTEGER PRIMARY KEY without AUTOINCREMENT), and safe because the transaction holds the write
    lock from its first statement (BEGIN IMMEDIATE), so no one else can insert meanwhile."""

    # What audit._diff leaves out of a created record's "after" (derived columns, timestamps).
    _NOT_AUDITED = frozenset({"updated_at", "created_at", "search", "sort_key"})
    # Parents before children: the foreign keys are checked on each insert.
    _ORDER = ("contributors", "contributions")

    def __init__(self, ledger: Ledger):
        assert ledger.conn.in_transaction, "the bulk writer runs inside the import's transaction"
        self.conn = ledger.conn
        self.user = ledger.user or ""
        self.now = audit.now_iso()
        self._next_id: dict[str, int] = {}
        self._rows: dict[tuple[str, ...], list[list[Any]]] = {}
        self._audit: list[list[Any]] = []
        self._random: list[bytearray] = []
        self._to_json = _json_encoder()

    def create(self, table: str, values: dict[str, Any], title: str) -> int:
        if table not in self._next_id:
            # Table names come from our own code, never from the workbook.
            self._next_id[table] = self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM [{table}]").fetchone()[0]
        record_id = self._next_id[table]
        self._next_id[table] += 1
        row = {"id": record_id, "uuid": self._uuid(), "created_at": self.now, "updated_at": self.now, **values}
        self._rows.setdefault((table, *row), []).append(list(row.values()))
        # audit.record(before=None, after=values) keeps the non-empty fields, minus the derived ones.
        after = {k: v for k, v in values.items() if v is not None and k not in self._NOT_AUDITED}
        self._audit.append([self.now, self.user, table, record_id, row["uuid"],
                            f"Thêm {records.TABLE_NOUNS.get(table, table)}: {title}",
                            self._to_json(after) if after else None])
        return record_id

    def _uuid(self) -> str:
        """records.new_uuid (str(uuid.uuid4())) with the random bytes drawn for many ids at once: the same
        version 4 ids from os.urandom, without a UUID object per row."""
        if not self._random:
            self._random = [bytearray(b) for b in _chunks(os.urandom(16 * 1024), 16)]
        b = self._random.pop()
        b[6] = b[6] & 0x0F | 0x40  # version 4
        b[8] = b[8] & 0x3F | 0x80  # RFC 4122 variant
        h = b.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def flush(self) -> None:
        for key in sorted(self._rows, key=lambda k: self._ORDER.index(k[0])):
            table, *cols = key
            self.conn.executemany(
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
                self._rows[key])
        self.conn.executemany(
            "INSERT INTO audit (at, user, action, table_name, record_id, record_uuid, summary, before, after) "
            "VALUES (?, ?, 'create', ?, ?, ?, ?, NULL, ?)", self._audit)
        self._rows.clear()
        self._audit.clear()


def _json_encoder() -> Any:
    """json.dumps(x, ensure_ascii=False) for a dict: JSONEncoder.encode makes its C encoder anew on every call
    (a closure, a markers dict); this is that C encoder made once, called the way encode calls it (one shot, the
    same separators, default and float rules), so the text is the same. Made per writer: its circular-reference
    markers belong to one import."""
    from json import encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    if encoder.c_make_encoder is None:  # a Python without the C accelerator
        return plain.encode
    make = encoder.c_make_encoder({}, plain.default, encoder.encode_basestring, None, plain.key_separator,
                                  plain.item_separator, False, False, True)
    return lambda o: "".join(make(o, 0))


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


@contextlib.contextmanager
def _page_cache(ledger: Ledger, rows: int) -> Iterator[None]:
    """A page cache sized for the import while it runs, the connection's own afterwards. With the default 2 MiB,
    a big import's index pages (the random uuids, the dates) no longer fit: SQLite spills them to the WAL and
    reads them back again and again, which made a 100,000-row import cost more per row than a 10,000-row one.
    Only memory changes: the same statements, the same one transaction, the same sync at commit."""
    before = ledger.conn.execute("PRAGMA cache_size").fetchone()[0]
    want_kib = min(_MAX_CACHE_KIB, rows // 2)  # about 0.5 KiB of index pages per row written
    if before < 0:
        current_kib = -before
    else:  # a positive cache_size counts pages
        current_kib = before * ledger.conn.execute("PRAGMA page_size").fetchone()[0] // 1024
    if want_kib <= current_kib:
        yield
        return
    ledger.conn.execute(f"PRAGMA cache_size=-{int(want_kib)}")
    try:
        yield
    finally:
        ledger.conn.execute(f"PRAGMA cache_size={int(before)}")


_MAX_CACHE_KIB = 64 * 1024


@lru_cache(maxsize=16384, typed=True)  # typed: an int and an equal float may be written differently
def _vnd_text(value: int) -> str:
    return format_vnd(value)


@lru_cache(maxsize=4096)
def _quantity_text(quantity: float) -> str:
    return format_decimal(quantity, 1, trim=True)


def contribution_title(name: str, v: dict[str, Any]) -> str:
    """The audit title contributions._title writes, without its per-row name lookup."""
    qty = _quantity_text(v["quantity"])
    return (f"{name} — {CONTRIBUTION_KINDS.get(v['kind'], v['kind'])} {qty} {v.get('unit') or ''}"
            f" ({_vnd_text(v['value_vnd'])} đ)")


@lru_cache(maxsize=16384)
def _sort_key_of(name: str, kind: str) -> str:
    return contributors._keys(name, kind)


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return fold(text)


def _contributor_record(clean: dict[str, Any]) -> dict[str, Any]:
    """contributors._derived for a new record, with its two accent-folding keys cached: names and
    addresses repeat across a big workbook, and folding is the slow part (pure Python per letter).
    fold() joins words with single spaces, so folding the parts equals folding "name address"."""
    search = " ".join(x for x in (_folded(clean["name"]), _folded(clean.get("address") or "")) if x)
    return {**clean, "sort_key": _sort_key_of(clean["name"], clean["kind"]), "search": search}


def _backup(ledger: Ledger) -> Path | None:
    from db import backup

    return backup.auto_backup(ledger, "truoc-nhap")  # a checked copy as it was before the import


def apply(ledger: Ledger, plan: ImportPlan, *, only_valid: bool) -> ImportResult:
    """Write the plan to the ledger in one transaction, after a backup.

    Refuses when the plan has problems and `only_valid` is False, or when the ledger changed since
    the plan was made (checked again under the write lock). Rows with problems, possible duplicates and
    undecided contributors are never written. On any error nothing is written (the transaction rolls back)."""
    with gcpause.paused():  # the rows and audit rows queued for the bulk writer are no garbage (gcpause.py)
        return _apply(ledger, plan, only_valid=only_valid)


def _apply(ledger: Ledger, plan: ImportPlan, *, only_valid: bool) -> ImportResult:
    if Path(plan.ledger_path) != Path(ledger.path):
        raise UserError("Kết quả kiểm tra tệp này thuộc một sổ khác; hãy kiểm tra lại tệp với sổ đang mở.")
    problem_rows = len(plan.problem_rows) or len(plan.problems)
    if plan.problems and not only_valid:
        raise UserError(
            f"Tệp {plan.path.name} có {format_int(len(plan.problems))} lỗi ở {format_int(problem_rows)} dòng; "
            "chưa nhập gì vào sổ. Hãy sửa các lỗi trong tệp rồi nhập lại, hoặc chọn chỉ nhập các dòng hợp lệ.")
    _check_stamp(ledger, plan)  # early, before the backup; the check that counts is the one inside

    result = ImportResult()
    result.skipped = {
        "problem": len(plan.problem_rows),
        "duplicate": len(plan.duplicates),
        "ambiguous": len(plan.unresolved),
        "unaccented": sum(c.status == "unaccented" for c in plan.contributions),
        "exists": sum(g.status == "exists" for g in plan.groups) + sum(w.status == "exists" for w in plan.works),
    }
    if plan.nothing_to_add():
        return result
    _refuse_unanswered(plan)
    result.backup = _backup(ledger)
    changes = result.changes
    with _page_cache(ledger, len(plan.ok_rows) * 2), ledger.transaction():
        _check_stamp(ledger, plan)  # again under the write lock: another import may have committed meanwhile
        group_ids: dict[Ref, int] = {}
        for g in plan.groups:
            if g.status != "new":
                continue
            gid = _service(g.sheet, g.row, groups.add, ledger, {k: v for k, v in g.values.items() if v is not None})
            group_ids[("new", fold(g.values["name"]))] = gid
            changes.add("groups", gid)
            result.groups_added += 1

        def gid_of(ref: Ref) -> int:
            return ref[1] if ref[0] == "id" else group_ids[ref]

        work_ids: dict[Ref, int] = {}
        for w in plan.works:
            if w.status != "new":
                continue
            values = {**w.values, "group_ids": [gid_of(r) for r in w.group_refs]}
            wid = _service(w.sheet, w.row, works.add, ledger, values)
            work_ids[("new", fold(w.values["name"]))] = wid
            changes.add("works", wid)
            result.works_added += 1

        writer = _BulkWriter(ledger)
        person_ids: dict[tuple, int] = {}
        for c in plan.ok_rows:
            assert c.contributor is not None
            if c.contributor[0] == "id":
                cid = c.contributor[1]
            elif c.new_key in person_ids:
                cid = person_ids[c.new_key]
            else:
                person = plan.new_contributors[c.new_key]
                values = {"name": person.name, "kind": person.kind, "group_id": gid_of(person.group),
                          "address": person.address}
                clean = _service(c.sheet, c.row, contributors.validate, ledger, values)
                cid = writer.create("contributors", _contributor_record(clean), clean["name"])
                person_ids[c.new_key] = cid
                changes.add("contributors", cid)
                result.contributors_added += 1
            gid = gid_of(c.group)
            wid = None if c.work is None else (c.work[1] if c.work[0] == "id" else work_ids[c.work])
            clean = {"contributor_id": cid, "group_id": gid, "work_id": wid, **c.values,
                     "status": c.status_given or plan.default_status}
            rid = writer.create("contributions", clean, contribution_title(c.name, clean))
            changes.add("contributions", rid)
            result.contributions_added += 1
            result.value_added_vnd += clean["value_vnd"]
        writer.flush()
    return result


def _check_stamp(ledger: Ledger, plan: ImportPlan) -> None:
    if ledger_stamp(ledger) != plan.stamp:
        raise UserError("Sổ đã thay đổi sau khi kiểm tra tệp (có thể một cửa sổ hoặc lệnh khác vừa nhập vào sổ); "
                        "chưa nhập gì. Hãy kiểm tra lại tệp rồi nhập: các dòng đã có trong sổ sẽ được bỏ qua.")


def _refuse_unanswered(plan: ImportPlan) -> None:
    """The questions only the clerk can answer: another unit's workbook, what rows without Trạng thái are."""
    if plan.other_unit and not plan.other_unit_allowed:
        raise UserError(f"{plan.unit_text()} Chưa nhập gì; nếu đúng là muốn nhập, hãy xác nhận nhập tệp của đơn vị "
                        "khác.")
    if plan.default_status is None and any(c.status_given is None for c in plan.ok_rows):
        raise UserError(f"{plan.status_text()} Hãy chọn Đăng ký hoặc Đã nhận cho các khoản này (chưa nhập gì).")


def _service(sheet: str, row: int, fn: Any, ledger: Ledger, values: dict[str, Any]) -> Any:
    """Call a service; a refusal names the sheet and row (and rolls the whole import back)."""
    try:
        return fn(ledger, values)
    except ValidationError as err:
        raise UserError(f"{sheet}, dòng {row}: {err} — chưa nhập gì vào sổ.") from err


def bulk_values_for_check(c: PlannedContribution, contributor_id: int, group_id: int, work_id: int | None
                          ) -> dict[str, Any]:
    """The input contributions.validate would receive for this row (used by the parity test)."""
    v = c.values
    out = {"contributor_id": contributor_id, "group_id": group_id, "work_id": work_id, "date": v["date"],
           "kind": v["kind"], "quantity": v["quantity"], "unit": v["unit"],
           "value_vnd": v["value_vnd"] if v["value_entered"] else None,
           "status": v["status"], "evidence_no": v["evidence_no"], "note": v["note"]}
    if v["kind"] == "land":
        out.update({"land_map_sheet": v["land_map_sheet"], "land_parcel": v["land_parcel"],
                    "land_type": v["land_type"]})
    return out
