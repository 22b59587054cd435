"""The upper level checks a handoff file's records as strictly as the ward's own forms check them (issue 19,
"Trusted too far"): a signature proves who sent a file, not that its figures are sane. A ward's key can sign
negative land, a contribution repeated a thousand times or a date of month 13; none of that may reach the
consolidation.

First the shape (handoff_schema: types, codes, bounds of contributions/works/groups/contributors.validate), then
what a form checks across fields and what only a whole file can break: every date inside the file's period, no
UUID twice, every reference to a record of the file, the fixed units the figures add up (m², đồng, ngày công),
the counts in the manifest. A failure raises SchemaError naming the table, the record (its number and UUID) and the
field; handoff.read turns it into the refusal of the file.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Any

from desktop.core.exchange import handoff_bulk, handoff_extras
from desktop.core.exchange import handoff_schema as schema
from desktop.core.exchange.handoff_schema import SchemaError
from desktop.core.ledger.vocab import DEFAULT_UNITS

LAND_ONLY = ("land_map_sheet", "land_parcel", "land_type", "land_handover")  # contributions.LAND_FIELDS, stored


def manifest(doc: Any) -> None:
    """The manifest's shape, and a period whose first day is not after its last."""
    schema.check(schema.MANIFEST, doc, "manifest.json")
    period = doc["period"]
    start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    if start > end or (end - start).days > 400:  # a period is a half-year or a year (periods.parse)
        raise SchemaError("manifest.json, kỳ báo cáo", f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} không phải một kỳ.")


def _where(table: str, i: int, row: Any) -> str:
    uuid = row.get("uuid" if table != "indicators" else "code") if isinstance(row, dict) else None
    mark = f" (mã {uuid})" if isinstance(uuid, str) and len(uuid) <= 60 else ""
    return f"data.json, {schema.TABLE_LABELS[table]} thứ {i}{mark}"


def data(doc: Any, man: dict[str, Any], version: int) -> None:
    """data.json against the manifest it came with (already checked by `manifest`)."""
    tables = schema.tables(version)
    if not isinstance(doc, dict):
        raise SchemaError("data.json", "phải là một đối tượng.")
    for key in doc.keys() - tables.keys():
        raise SchemaError("data.json", f"có bảng lạ “{str(key)[:60]}”.")
    for table, fields in tables.items():
        rows = doc.get(table)
        if not isinstance(rows, list):
            raise SchemaError("data.json", f"thiếu bảng {schema.TABLE_LABELS[table]} (“{table}”).")
        if len(rows) > schema.MAX_ROWS:
            raise SchemaError(f"data.json, bảng {table}", "nhiều bản ghi bất thường.")
        for i, row in enumerate(rows if not handoff_bulk.rows_pass(fields, rows) else (), 1):
            try:  # per record only for a table whose columns did not all pass at once (handoff_bulk)
                schema.check_object(fields, row, "", extra=True)
            except SchemaError as exc:  # the record's number and UUID only now: building it for each costs
                raise _at(table, i, row, exc) from None
        claimed = man["counts"].get(table)
        if claimed is not None and claimed != len(rows):
            raise SchemaError(f"data.json, bảng {schema.TABLE_LABELS[table]}",
                              f"có {len(rows)} bản ghi nhưng manifest ghi {claimed}.")
    uuids = {t: _unique(t, doc[t]) for t in tables if t not in ("work_groups", "indicators")}
    if not handoff_bulk.contributions_pass(doc["contributions"], man["period"], uuids, LAND_ONLY):
        _contributions(doc["contributions"], man["period"], uuids)
    _each("works", doc["works"], _work)
    _links(doc, uuids)
    if version >= 2:
        _each("proposals", doc["proposals"], _proposal)
    if version >= 3:  # the catalogue's codes and the bounds of each kind (money, percent, count)
        for i, row, exc in handoff_extras.check_indicators(doc["indicators"]):
            raise _at("indicators", i, row, exc)


def _at(table: str, i: int, row: Any, exc: SchemaError) -> SchemaError:
    """The error of a record's check, with the record named in front of it."""
    head = _where(table, i, row)
    if not exc.where and exc.why.startswith("trường ") and ": " in exc.why:  # "trường “x”: why" → the same shape
        where, why = exc.why.split(": ", 1)
        exc = SchemaError(where, why)
    return SchemaError(head + exc.where if exc.where.startswith(",") else f"{head}, {exc.where}" if exc.where
                       else head, exc.why)


def _each(table: str, rows: list[dict[str, Any]], test: Any) -> None:
    """test(record) for every record of a table; its SchemaError (an empty `where`) gets the record named."""
    for i, row in enumerate(rows, 1):
        try:
            test(row)
        except SchemaError as exc:
            raise _at(table, i, row, exc) from None


def _unique(table: str, rows: list[dict[str, Any]]) -> set[str]:
    seen = set(map(itemgetter("uuid"), rows))
    if len(seen) < len(rows):  # rare: find the first repeated one to name it
        seen = set()
        for i, row in enumerate(rows, 1):
            if row["uuid"] in seen:
                raise SchemaError(_where(table, i, row), "trùng mã với một bản ghi khác trong tệp (bản ghi lặp lại).")
            seen.add(row["uuid"])
    return seen


def _vn(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _ref(uuids: set[str], value: str | None, key: str, what: str) -> None:
    if value is not None and value not in uuids:
        raise SchemaError("", f"trường “{key}”: {what} {value} không có trong tệp.")


def _contributions(rows: list[dict[str, Any]], period: dict[str, str], uuids: dict[str, set[str]]) -> None:
    """contributions.validate across fields, and what the period and the file's other tables require."""
    start, end = period["start"], period["end"]

    def test(c: dict[str, Any]) -> None:
        if not start <= c["date"] <= end:
            raise SchemaError("", f"trường “date” (Ngày): {_vn(c['date'])} nằm ngoài kỳ của tệp ({_vn(start)} – "
                                  f"{_vn(end)}).")
        kind = c["kind"]
        if kind in ("money", "land", "labour") and c["unit"] != DEFAULT_UNITS[kind]:
            # The figures add these up (đồng, m², ngày công), so the form fixes their unit.
            raise SchemaError("", f"trường “unit” (Đơn vị tính): “{c['unit']}” — hình thức này tính bằng "
                                  f"“{DEFAULT_UNITS[kind]}”.")
        if kind == "money" and c["quantity"] != int(c["quantity"]):
            raise SchemaError("", "trường “quantity” (Số tiền): phải là số nguyên đồng.")
        if kind != "land":
            for key in LAND_ONLY:
                if c.get(key) is not None:
                    raise SchemaError("", f"trường “{key}”: chỉ có ở khoản hiến đất.")
        _ref(uuids["contributors"], c["contributor_uuid"], "contributor_uuid", "người đóng góp")
        _ref(uuids["groups"], c["group_uuid"], "group_uuid", "tổ dân phố")
        _ref(uuids["works"], c["work_uuid"], "work_uuid", "công trình")

    _each("contributions", rows, test)


def _work(w: dict[str, Any]) -> None:
    """works.validate across fields."""
    done, started = w["completed_date"], w.get("start_date")
    if w["status"] == "hoan_thanh" and not done:
        raise SchemaError("", "trường “completed_date”: bắt buộc khi công trình đã hoàn thành.")
    if done and w["status"] != "hoan_thanh":
        raise SchemaError("", "trường “status”: công trình có ngày hoàn thành thì phải là “hoan_thanh”.")
    if done and started and done < started:
        raise SchemaError("", "trường “completed_date”: trước ngày khởi công.")
    before, after = w.get("width_before_m"), w.get("width_after_m")
    if before is not None and after is not None and after < before:
        raise SchemaError("", "trường “width_after_m”: nhỏ hơn chiều rộng trước.")


def _links(doc: dict[str, Any], uuids: dict[str, set[str]]) -> None:
    def person(p: dict[str, Any]) -> None:
        _ref(uuids["groups"], p["group_uuid"], "group_uuid", "tổ dân phố")
        # contributors.validate: digits only, a CCCD of exactly 12
        if p.get("phone") is not None and not p["phone"].replace(" ", "").isdigit():
            raise SchemaError("", "trường “phone” (Điện thoại): chỉ gồm chữ số.")
        if p.get("cccd") is not None and not (p["cccd"].isdigit() and len(p["cccd"]) == 12):
            raise SchemaError("", "trường “cccd” (Số CCCD): phải gồm đúng 12 chữ số.")

    pairs: set[tuple[str, str]] = set()

    def link(wg: dict[str, Any]) -> None:
        _ref(uuids["works"], wg["work_uuid"], "work_uuid", "công trình")
        _ref(uuids["groups"], wg["group_uuid"], "group_uuid", "tổ dân phố")
        if (wg["work_uuid"], wg["group_uuid"]) in pairs:
            raise SchemaError("", "lặp lại.")
        pairs.add((wg["work_uuid"], wg["group_uuid"]))

    if not handoff_bulk.contributors_pass(doc["contributors"], uuids["groups"]):
        _each("contributors", doc["contributors"], person)
    _each("work_groups", doc["work_groups"], link)


def _proposal(r: dict[str, Any]) -> None:
    """An upward proposal's council: its votes within its members (its figures are typed by the schema)."""
    votes, present, total = r.get("votes_for"), r.get("members_present"), r.get("members_total")
    if votes is not None and present is not None and votes > present:
        raise SchemaError("", f"trường “votes_for”: {votes} phiếu đồng ý nhiều hơn {present} thành viên có mặt.")
    if present is not None and total is not None and present > total:
        raise SchemaError("", f"trường “members_present”: {present} người có mặt nhiều hơn {total} thành viên.")
