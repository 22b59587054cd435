"""What a list is made of: its columns, filters and searched fields (`ListSpec`), what the clerk asked
for (`Query`) and what the list shows (`ListResult`). The registers' specs and the queries are in
desktop.core.ledger.lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core.ledger import vocab
from desktop.core.ledger.audit import describe
from desktop.core.ledger.search_words import Field, Term
from desktop.core.text.vnformat import format_date, format_decimal, format_int

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
    search: Sequence[Field]  # the searched fields, ranked: rows of the first come first (search_words)
    search_any: Term | None = None  # "some field matches", when quicker than the fields OR-ed
    # True whenever some row can match (it looks at the small tables only): when false, the list is empty.
    search_probe: Term | None = None
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
    matched: dict[str, int] = field(default_factory=dict)  # rows per field that matched the search first
