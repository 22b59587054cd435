"""The lists a clerk browses: which rows match the search and filters, in which order, their
totals, and the cells of a few rows at a time.

A list is the ids of its rows plus a way to fetch any page of them: a 100,000-row ledger opens
without loading 100,000 rows into Python, and filtering and sorting happen in SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import vocab
from desktop.core.ledger.audit import describe
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import fold

Formatter = Callable[[Any], str]


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def _int(v: Any) -> str:
    return "" if v is None else format_int(int(v))


def _dec(v: Any) -> str:
    return "" if v is None else format_decimal(float(v), 1, trim=True)


def _date(v: Any) -> str:
    return format_date(v) if v else ""


def _audit_fields(v: Any) -> str:
    return describe(v)


def _vocab(table: dict[str, str]) -> Formatter:
    return lambda v: vocab.label(table, v)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    sql: str  # expression selected for the cell
    fmt: Formatter = _text
    numeric: bool = False  # right-aligned; summed in the totals row when `total` is set
    total: bool = False
    sort_sql: str | None = None  # ORDER BY expression (defaults to `sql`)
    width: int = 120


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    sql: str  # a WHERE fragment with one "?" for the chosen value


@dataclass(frozen=True)
class ListSpec:
    table: str
    alias: str
    from_sql: str
    columns: Sequence[Column]
    search_sql: str  # a WHERE fragment with one "?" bound to "%folded text%"
    # Also searched, for words with a digit only (biên bản numbers such as "BB-012"): scanning
    # 100,000 numbers for every letter typed doubled the time of a keystroke.
    number_sql: str = ""
    filters: Sequence[Filter] = field(default_factory=tuple)
    default_sort: str = ""
    soft_delete: bool = True  # the table has deleted_at (the audit trail has not)
    # The FROM of the ids query: the table alone, so a 100,000-row list is not joined row by row
    # just to be counted and ordered (columns of other tables sort through subqueries).
    ids_from: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Query:
    """What the clerk asked for: search text, filter values, sort column and direction."""

    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str | None = None
    descending: bool = False
    show_deleted: bool = False


@dataclass
class ListResult:
    ids: list[int]
    totals: dict[str, float]


def _where(spec: ListSpec, q: Query) -> tuple[str, list[Any]]:
    clauses = [f"{spec.alias}.deleted_at IS {'NOT ' if q.show_deleted else ''}NULL"] if spec.soft_delete else ["1"]
    args: list[Any] = []
    words = fold(q.search).split()
    for word in words:  # every word must match somewhere: "nguyen an" finds "Nguyễn Văn An"
        sql = spec.search_sql
        if spec.number_sql and any(ch.isdigit() for ch in word):
            sql = f"{sql} OR {spec.number_sql}"
        clauses.append(f"({sql})")
        args += [f"%{word}%"] * sql.count("?")
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


def run(ledger: Ledger, spec: ListSpec, q: Query) -> ListResult:
    """The ids of the matching rows in display order, and the totals of the numeric columns,
    in one pass over the rows."""
    where, args = _where(spec, q)
    summed = [c for c in spec.columns if c.total]
    select = ", ".join([f"{spec.alias}.id", *(c.sql for c in summed)])
    rows = ledger.conn.execute(
        f"SELECT {select} FROM {spec.ids_from or spec.from_sql} WHERE {where} ORDER BY {_order(spec, q)}", args
    ).fetchall()
    ids = [r[0] for r in rows]
    totals = {c.key: sum(r[i] or 0 for r in rows) for i, c in enumerate(summed, start=1)}
    return ListResult(ids, totals)


def first_page(ledger: Ledger, spec: ListSpec, q: Query, limit: int) -> list[int]:
    """The ids of the first `limit` matching rows in display order: what a freshly opened or
    searched list paints at once, before `run` has counted and summed every row."""
    where, args = _where(spec, q)
    return [r[0] for r in ledger.conn.execute(
        f"SELECT {spec.alias}.id FROM {spec.ids_from or spec.from_sql} WHERE {where} "
        f"ORDER BY {_order(spec, q)} LIMIT ?", [*args, limit])]


def unless_outdated(fn: Callable[..., Any], outdated: Callable[[], bool], steps: int = 20_000) -> Callable[..., Any]:
    """`fn(ledger, *args)`, or None once `outdated()` is true: before it starts, or while its SQL
    runs (SQLite's progress handler aborts the statement). For reads only: nothing to roll back.
    Keystrokes queue list queries faster than 100,000 rows are counted; the replaced ones must not
    hold up the query of the newest keystroke."""

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
    search_sql="g.search LIKE ?",
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
    search_sql="p.search LIKE ?",
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
    search_sql="w.search LIKE ?",
    filters=(
        Filter("status", "Trạng thái", "w.status = ?"),
        Filter("group_id", "Tổ dân phố", "w.id IN (SELECT work_id FROM work_groups WHERE group_id = ?)"),
        Filter("period", "Kỳ", "(w.completed_date BETWEEN ? AND ?)"),
    ),
    default_sort="w.sort_key",
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
    search_sql="+c.contributor_id IN (SELECT id FROM contributors WHERE search LIKE ?) "
    "OR +c.work_id IN (SELECT id FROM works WHERE search LIKE ?)",
    number_sql="+c.id IN (SELECT id FROM contributions WHERE evidence_no IS NOT NULL AND evidence_no LIKE ?)",
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
    search_sql="vn_fold(coalesce(r.name, '') || ' ' || coalesce(r.legal_basis, '')) LIKE ?",
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
    search_sql="vn_fold(a.summary || ' ' || coalesce(a.user, '')) LIKE ?",
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
