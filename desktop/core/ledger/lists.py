"""The lists a clerk browses: which rows match the search and filters, in which order, their
totals, and the cells of a few rows at a time.

A list is the ids of its rows plus a way to fetch any page of them: a 100,000-row ledger opens
without loading 100,000 rows into Python, and filtering and sorting happen in SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import search_words, vocab
from desktop.core.ledger.list_spec import (
    Column,
    Filter,
    ListResult,
    ListSpec,
    Query,
    _audit_fields,
    _date,
    _dec,
    _int,
    _text,
    _vocab,
)
from desktop.core.ledger.search_words import Field, Search, exists, folded, head, number, within, within_any, words
from desktop.core.text.vnformat import format_date


def _ranked(spec: ListSpec, q: Query) -> Search | None:
    """The search, when the list ranks its rows by the field that matched."""
    s = search_words.parse(q.search)
    return s if s is not None and len(spec.search) > 1 else None


def _search_term(spec: ListSpec, s: Search, rank: int | None) -> str:
    if rank == 0:
        return (spec.search[0].ids_term or spec.search[0].term)(s)
    if rank is not None:  # matches field `rank` and none before it
        return f"{search_words.case(spec.search, s, ids=True, upto=rank)} = {rank}"
    if spec.search_any:
        return spec.search_any(s)
    return " OR ".join((f.ids_term or f.term)(s) for f in spec.search)


def _where(spec: ListSpec, q: Query, rank: int | None = None) -> tuple[str, list[Any]]:
    clauses = [f"{spec.alias}.deleted_at IS {'NOT ' if q.show_deleted else ''}NULL"] if spec.soft_delete else ["1"]
    args: list[Any] = []
    s = search_words.parse(q.search)
    if s is not None:  # the words typed, in order, begin consecutive words of one field
        sql, bound = search_words.bind(f"({_search_term(spec, s, rank)})", s.params)
        clauses.append(sql)
        args += bound
    for f in spec.filters:
        value = q.filters.get(f.key)
        if value not in (None, ""):
            clauses.append(f"({f.sql})")
            args += list(value) if isinstance(value, tuple) else [value]
    return " AND ".join(clauses), args


def _order(spec: ListSpec, q: Query) -> str:
    direction = "DESC" if q.descending else "ASC"
    if q.sort:
        col = spec.column(q.sort)
        return f"{col.sort_sql or col.sql} {direction}, {spec.alias}.id {direction}"
    default = spec.default_sort or f"{spec.alias}.id"
    return default if f"{spec.alias}.id" in default else f"{default}, {spec.alias}.id"


def _rank_sql(spec: ListSpec, q: Query, *, ids: bool = True) -> tuple[list[str], list[Any]]:
    s = _ranked(spec, q)
    if s is None:
        return [], []
    sql, args = search_words.bind(search_words.case(spec.search, s, ids=ids), s.params)
    return [sql], args


def run(ledger: Ledger, spec: ListSpec, q: Query) -> ListResult:
    """The matching rows' ids in display order (searching: the first field's matches first…), and the totals."""
    if search_words.found_nowhere(ledger.conn, spec.search_probe, q.search):
        return ListResult([], {c.key: 0 for c in spec.columns if c.total}, {})
    search_words.install(ledger.conn)
    where, args = _where(spec, q)
    rank, rank_args = _rank_sql(spec, q)
    summed = [c for c in spec.columns if c.total]
    select = ", ".join([f"{spec.alias}.id", *rank, *(c.sql for c in summed)])
    rows = ledger.conn.execute(f"SELECT {select} FROM {spec.ids_from or spec.from_sql} WHERE {where} "
                               f"ORDER BY {_order(spec, q)}", [*rank_args, *args]).fetchall()
    matched: dict[str, int] = {}
    if rank:
        rows.sort(key=lambda r: r[1])  # stable: the usual order stays within each field
        for r in rows:
            matched[spec.search[r[1]].key] = matched.get(spec.search[r[1]].key, 0) + 1
    ids = [r[0] for r in rows]
    start = 1 + len(rank)
    totals = {c.key: sum(r[i] or 0 for r in rows) for i, c in enumerate(summed, start=start)}
    return ListResult(ids, totals, matched)


def _page(ledger: Ledger, spec: ListSpec, q: Query, limit: int, rank: int | None = None) -> list[int]:
    where, args = _where(spec, q, rank)
    return [r[0] for r in ledger.conn.execute(
        f"SELECT {spec.alias}.id FROM {spec.ids_from or spec.from_sql} WHERE {where} "
        f"ORDER BY {_order(spec, q)} LIMIT ?", [*args, limit])]


def first_page(ledger: Ledger, spec: ListSpec, q: Query, limit: int) -> list[int]:
    """The ids of the first `limit` matching rows in display order: what a freshly opened or
    searched list paints at once, before `run` has counted and summed every row.

    Searching, every query walks the list's index and stops at `limit`: first the matches of the
    first field (a name typed fills the page at once); if they are fewer, the matches of any field,
    ranked by `matched_fields`, when they fit in the page; else the next field's, and so on."""
    if search_words.found_nowhere(ledger.conn, spec.search_probe, q.search):
        return []
    search_words.install(ledger.conn)
    if _ranked(spec, q) is None:
        return _page(ledger, spec, q, limit)
    ids = _page(ledger, spec, q, limit, rank=0)
    if len(ids) >= limit:
        return ids
    every = _page(ledger, spec, q, limit)
    if len(every) < limit:
        ranks = matched_fields(ledger, spec, q.search, every)
        return sorted(every, key=lambda i: ranks.get(i, 0))
    for k in range(1, len(spec.search)):
        ids += _page(ledger, spec, q, limit - len(ids), rank=k)
        if len(ids) >= limit:
            break
    return ids


def matched_fields(ledger: Ledger, spec: ListSpec, text: str, ids: Sequence[int]) -> dict[int, int]:
    """For rows on screen: the index in `spec.search` of the field that matched `text` first."""
    s = search_words.parse(text)
    if s is None or not ids:
        return {}
    search_words.install(ledger.conn)
    rank, args = search_words.bind(search_words.case(spec.search, s, ids=False), s.params)
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in ledger.conn.execute(
        f"SELECT {spec.alias}.id, {rank} FROM {spec.from_sql} WHERE {spec.alias}.id IN ({marks})", [*args, *ids])
        if r[1] is not None}


def unless_outdated(fn: Callable[..., Any], outdated: Callable[[], bool], steps: int = 20_000) -> Callable[..., Any]:
    """`fn(ledger, *args)`, or None once `outdated()` is true: before it starts, or while its SQL runs
    (SQLite's progress handler aborts the statement). For reads only: nothing to roll back. Keystrokes
    queue list queries faster than 100,000 rows are counted; the replaced ones must not hold up the newest."""

    def job(ledger: Ledger, *args: Any) -> Any:
        if outdated():
            return None
        ledger.conn.set_progress_handler(lambda: 1 if outdated() else 0, steps)
        try:
            return fn(ledger, *args)
        except sqlite3.OperationalError:
            if outdated():
                return None
            raise
        finally:
            ledger.conn.set_progress_handler(None, 0)

    return job


def fetch_raw(ledger: Ledger, spec: ListSpec, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """The stored values of the given rows' cells (a page at a time; bounded by the caller)."""
    if not ids:
        return {}
    cols = ", ".join(c.sql for c in spec.columns)
    marks = ",".join("?" * len(ids))
    return {row[0]: row[1:] for row in ledger.conn.execute(
        f"SELECT {spec.alias}.id, {cols} FROM {spec.from_sql} WHERE {spec.alias}.id IN ({marks})", list(ids))}


def format_row(spec: ListSpec, values: Sequence[Any]) -> tuple[str, ...]:
    return tuple(c.fmt(v) for c, v in zip(spec.columns, values, strict=True))


def fetch(ledger: Ledger, spec: ListSpec, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Formatted cells of the given rows (a page at a time; bounded by the caller)."""
    return {rid: format_row(spec, values) for rid, values in fetch_raw(ledger, spec, ids).items()}


def format_total(col: Column, value: float) -> str:
    return col.fmt(value)


# ---------------------------------------------------------------------------------------------
# The four registers

_GROUP_KEY = "(SELECT sort_key FROM groups WHERE id = {}.group_id)"

GROUPS = ListSpec(
    table="groups",
    alias="g",
    from_sql="groups g LEFT JOIN groups m ON m.id = g.merged_into_id",
    columns=(
        Column("name", "Tên tổ dân phố", "g.name", sort_sql="g.sort_key", width=170),
        Column("leader", "Tổ trưởng", "g.leader", width=170),
        Column("deputy", "Tổ phó", "g.deputy", width=160),
        Column("party_secretary", "Bí thư chi bộ", "g.party_secretary", width=160),
        Column("front_head", "Trưởng ban CTMT", "g.front_head", width=160),
        Column("households", "Số hộ", "g.households", _int, numeric=True, total=True, width=80),
        Column("population", "Nhân khẩu", "g.population", _int, numeric=True, total=True, width=90),
        Column("status", "Tình trạng", "CASE WHEN g.active = 1 THEN 'Đang hoạt động' "
               "ELSE 'Đã sáp nhập vào ' || coalesce(m.name, '?') END", sort_sql="g.active DESC, g.sort_key",
               width=200),
    ),
    ids_from="groups g",
    search=(Field("name", "tên tổ", folded("g.name")), Field("leader", "tổ trưởng", folded("g.leader")),
            Field("deputy", "tổ phó", folded("g.deputy")),
            Field("party_secretary", "bí thư chi bộ", folded("g.party_secretary")),
            Field("front_head", "trưởng ban công tác Mặt trận", folded("g.front_head"))),
    filters=(Filter("active", "Tình trạng", "g.active = ?"),),
    default_sort="g.active DESC, g.sort_key",
)

CONTRIBUTORS = ListSpec(
    table="contributors",
    alias="p",
    from_sql="contributors p JOIN groups g ON g.id = p.group_id",
    columns=(
        Column("name", "Họ và tên", "p.name", sort_sql="p.sort_key", width=210),
        Column("kind", "Đối tượng", "p.kind", _vocab(vocab.CONTRIBUTOR_KINDS), width=110),
        Column("group", "Tổ dân phố", "g.name", sort_sql=_GROUP_KEY.format("p"), width=130),
        Column("address", "Địa chỉ", "p.address", width=230),
        Column("birth_year", "Năm sinh", "p.birth_year", _text, numeric=True, width=75),
        Column("n", "Số khoản", "(SELECT count(*) FROM contributions c WHERE c.contributor_id = p.id "
               "AND c.deleted_at IS NULL)", _int, numeric=True, width=75),
        Column("value", "Tổng giá trị (đ)", "(SELECT coalesce(sum(value_vnd), 0) FROM contributions c "
               "WHERE c.contributor_id = p.id AND c.deleted_at IS NULL AND c.status = 'received')",
               _int, numeric=True, total=True, width=130),
    ),
    ids_from="contributors p",
    search=(Field("name", "họ tên", head("p.search", "p.name", "p.address", 0)),
            Field("address", "địa chỉ", head("p.search", "p.name", "p.address", 1))),
    search_any=head("p.search", "p.name", "p.address", None),
    filters=(Filter("group_id", "Tổ dân phố", "p.group_id = ?"), Filter("kind", "Đối tượng", "p.kind = ?")),
    default_sort="p.sort_key",
)

WORKS = ListSpec(
    table="works",
    alias="w",
    from_sql="works w",
    columns=(
        Column("name", "Tên công trình", "w.name", sort_sql="w.sort_key", width=280),
        Column("kind", "Loại", "w.kind", _vocab(vocab.WORK_KINDS), width=110),
        Column("groups", "Tổ dân phố", "(SELECT group_concat(g.name, ', ') FROM work_groups wg "
               "JOIN groups g ON g.id = wg.group_id WHERE wg.work_id = w.id)", width=160),
        Column("length_m", "Dài (m)", "w.length_m", _dec, numeric=True, total=True, width=80),
        Column("widths", "Rộng trước → sau (m)", "CASE WHEN w.width_before_m IS NULL AND w.width_after_m IS NULL "
               "THEN '' ELSE coalesce(replace(w.width_before_m, '.', ','), '?') || ' → ' || "
               "coalesce(replace(w.width_after_m, '.', ','), '?') END", width=130),
        Column("status", "Trạng thái", "w.status", _vocab(vocab.WORK_STATUSES), width=100),
        Column("completed_date", "Hoàn thành", "w.completed_date", _date, width=95),
        Column("budget_state_vnd", "Ngân sách (đ)", "w.budget_state_vnd", _int, numeric=True, total=True, width=120),
        Column("people", "Nhân dân góp (đ)", "(SELECT coalesce(sum(value_vnd), 0) FROM contributions c "
               "WHERE c.work_id = w.id AND c.deleted_at IS NULL AND c.status = 'received')",
               _int, numeric=True, total=True, width=130),
    ),
    search=(Field("name", "tên công trình", words("w.search")),),
    filters=(
        Filter("status", "Trạng thái", "w.status = ?"),
        Filter("group_id", "Tổ dân phố", "w.id IN (SELECT work_id FROM work_groups WHERE group_id = ?)"),
        Filter("period", "Kỳ", "(w.completed_date BETWEEN ? AND ?)"),
    ),
    default_sort="w.sort_key",
)

_BY_CONTRIBUTOR = lambda part: within(  # noqa: E731
    "+c.contributor_id", "contributors p", head("p.search", "p.name", "p.address", part))
_BY_WORK = within("+c.work_id", "works w", words("w.search"))
_NAMES = lambda s: f"({_BY_CONTRIBUTOR(None)(s)} OR {_BY_WORK(s)})"  # noqa: E731
_SOME_NAME = lambda s: (f"({exists('contributors p', head('p.search', 'p.name', 'p.address', None))(s)} "  # noqa: E731
                        f"OR {exists('works w', words('w.search'))(s)})")
_EVIDENCE = "(SELECT id FROM contributions WHERE evidence_no IS NOT NULL AND {})"
_BY_NUMBER = number("evidence_no", "+c.id IN " + _EVIDENCE, _NAMES)
_SOME_NUMBER = number("evidence_no", "EXISTS " + _EVIDENCE, _SOME_NAME)
_CONTRIBUTION_SEARCH = (
    Field("contributor", "tên người đóng góp", head("p.search", "p.name", "p.address", 0), _BY_CONTRIBUTOR(0)),
    Field("address", "địa chỉ", head("p.search", "p.name", "p.address", 1), _BY_CONTRIBUTOR(1), "contributor"),
    Field("work", "tên công trình", words("w.search"), _BY_WORK),
    Field("evidence_no", "số biên bản", number("c.evidence_no", others=lambda s: (
        f"({head('p.search', 'p.name', 'p.address', None)(s)} OR {words('w.search')(s)})")), _BY_NUMBER),
)

CONTRIBUTIONS = ListSpec(
    table="contributions",
    alias="c",
    from_sql="contributions c JOIN contributors p ON p.id = c.contributor_id JOIN groups g ON g.id = c.group_id "
    "LEFT JOIN works w ON w.id = c.work_id",
    columns=(
        Column("date", "Ngày", "c.date", _date, width=90),
        Column("contributor", "Người đóng góp", "p.name",
               sort_sql="(SELECT sort_key FROM contributors WHERE id = c.contributor_id)", width=190),
        Column("group", "Tổ dân phố", "g.name", sort_sql=_GROUP_KEY.format("c"), width=120),
        Column("kind", "Hình thức", "c.kind", _vocab(vocab.CONTRIBUTION_KINDS), width=85),
        Column("quantity", "Số lượng", "c.quantity", _dec, numeric=True, width=95),
        Column("unit", "Đơn vị", "c.unit", width=75),
        Column("value_vnd", "Giá trị quy đổi (đ)", "c.value_vnd", _int, numeric=True, total=True, width=135),
        Column("status", "Trạng thái", "c.status", _vocab(vocab.CONTRIBUTION_STATUSES), width=125),
        Column("work", "Công trình", "w.name", sort_sql="(SELECT sort_key FROM works WHERE id = c.work_id)",
               width=230),
        Column("evidence_no", "Biên bản", "c.evidence_no", width=100),
    ),
    ids_from="contributions c",
    # The contributor's name and address, the work and the evidence number are searchable. The
    # unary "+" keeps SQLite on the list index (newest first, stop at the first page) instead of
    # gathering every match through the contributor and work indexes and sorting them.
    search=_CONTRIBUTION_SEARCH,
    search_any=within_any((("+c.contributor_id", "contributors p", head("p.search", "p.name", "p.address", None)),
                           ("+c.work_id", "works w", words("w.search"))), _BY_NUMBER),
    search_probe=lambda s: f"({_SOME_NAME(s)} OR {_SOME_NUMBER(s)})",  # what the search can match at all
    filters=(
        Filter("group_id", "Tổ dân phố", "c.group_id = ?"),
        Filter("kind", "Hình thức", "c.kind = ?"),
        Filter("status", "Trạng thái", "c.status = ?"),
        Filter("period", "Kỳ", "c.date BETWEEN ? AND ?"),
        Filter("work_id", "Công trình", "c.work_id = ?"),
        Filter("contributor_id", "Người đóng góp", "c.contributor_id = ?"),
    ),
    default_sort="c.date DESC, c.id DESC",
)

RATES = ListSpec(
    table="rates",
    alias="r",
    from_sql="rates r",
    columns=(
        Column("kind", "Hình thức", "r.kind", _vocab(vocab.CONTRIBUTION_KINDS), width=90),
        Column("name", "Tên đơn giá", "r.name", width=230),
        Column("land_type", "Loại đất", "r.land_type", width=70),
        Column("price_vnd", "Đơn giá (đ)", "r.price_vnd", _int, numeric=True, width=110),
        Column("unit", "Đơn vị", "r.unit", width=80),
        Column("effective_date", "Áp dụng từ", "r.effective_date", _date, width=95),
        Column("legal_basis", "Căn cứ", "coalesce(r.legal_basis, '⚠ chưa có căn cứ')", width=300),
    ),
    search=(Field("name", "tên đơn giá", folded("r.name")), Field("legal_basis", "căn cứ", folded("r.legal_basis"))),
    default_sort="r.kind, r.effective_date DESC",
)

AUDIT = ListSpec(
    table="audit",
    alias="a",
    from_sql="audit a",
    columns=(
        Column("at", "Thời điểm", "a.at", lambda v: f"{format_date(v[:10])} {v[11:16]}" if v else "", width=130),
        Column("user", "Người thực hiện", "a.user", width=150),
        Column("action", "Thao tác", "a.action", _vocab({
            "create": "Thêm", "update": "Sửa", "delete": "Xóa", "restore": "Khôi phục", "setup": "Khởi tạo",
            "demo": "Dữ liệu mẫu", "issue": "Ban hành", "lock": "Khóa kỳ", "unlock": "Mở khóa kỳ",
            "import": "Nhập Excel", "status": "Chuyển bước"}), width=90),
        Column("summary", "Nội dung", "a.summary", width=420),
        Column("before", "Trước", "a.before", _audit_fields, width=220),
        Column("after", "Sau", "a.after", _audit_fields, width=260),
    ),
    search=(Field("summary", "nội dung", folded("a.summary")), Field("user", "người thực hiện", folded("a.user"))),
    filters=(
        Filter("table_name", "Loại dữ liệu", "a.table_name = ?"),
        Filter("user", "Người thực hiện", "a.user = ?"),
        Filter("period", "Thời gian", "substr(a.at, 1, 10) BETWEEN ? AND ?"),
    ),
    default_sort="a.id DESC",
    soft_delete=False,
)


def export_xlsx(ledger: Ledger, spec: ListSpec, q: Query, path: str, title: str) -> int:
    """The list as the clerk sees it (search, filters, order; every row, not one page) to an .xlsx with
    real numbers and dates; returns the number of rows written."""
    from desktop.core.files import xlsx_export

    result = run(ledger, spec, q)
    kinds = ["date" if c.fmt is _date else "decimal" if c.fmt is _dec else "int" if c.numeric else "text"
             for c in spec.columns]
    cols = ", ".join(c.sql for c in spec.columns)

    def rows() -> Any:
        for start in range(0, len(result.ids), 500):
            chunk = result.ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found = {r[0]: r[1:] for r in ledger.conn.execute(
                f"SELECT {spec.alias}.id, {cols} FROM {spec.from_sql} WHERE {spec.alias}.id IN ({marks})", chunk)}
            for rid in chunk:
                yield [v if kind != "text" else c.fmt(v)
                       for c, kind, v in zip(spec.columns, kinds, found[rid], strict=True)]

    total = None
    if result.totals:
        total = [result.totals.get(c.key, "") if c.total else "" for c in spec.columns]
        total[0] = "Tổng cộng" if not spec.columns[0].total else total[0]
    xlsx_export.export_table(path, title, [c.header for c in spec.columns], rows(), kinds, total)
    return len(result.ids)
