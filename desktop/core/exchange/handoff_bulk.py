"""The records of data.json checked a column at a time (issue 22): the same rules as handoff_schema.check_object,
asked of a whole column with C-level set, map, min/max and one regex over the joined values instead of one Python
call per field of each record. A large upper level checks 300 files of 2,000–20,000 records; per record and field
that check was the largest part of its import.

Each function answers True only when every record certainly passes the per-record check (it may be stricter, never
looser: a value it is unsure of — a type it does not know, a newline in a code — answers False). On False the
caller runs the per-record check, which finds the first wrong record and names it with exactly the message it
always gave; a sound file never takes that path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from itertools import repeat
from operator import itemgetter
from typing import Any

from desktop.core.exchange import handoff_schema as schema
from desktop.core.ledger.vocab import DEFAULT_UNITS

_NONE = type(None)


def rows_pass(fields: Mapping[str, schema.F], rows: list[Any]) -> bool:
    """True when check_object(fields, row, extra=True) certainly passes for every row of a table."""
    if not rows:
        return True
    if set(map(type, rows)) != {dict}:
        return False
    required = {k for k, spec in fields.items() if spec.required}
    if not _shapes_pass(rows, required, fields.keys()):  # a missing or unknown key: checked per record
        return False
    return all(_column_passes(spec, quick, _column(rows, k)) for k, spec, quick in schema._plan(fields))


def _shapes_pass(rows: list[dict[str, Any]], required: set[str], known: Any) -> bool:
    """Every row holds the required keys and only known ones."""
    keys: set[str] = set().union(*rows)
    if set(map(len, rows)) == {len(keys)}:  # every row has len(keys) of the keys: every row has all of them
        return required <= keys and keys <= known
    for shape in set(map(tuple, rows)):  # the distinct key lists: one or two in a file this program wrote
        if not required <= set(shape) or not set(shape) <= known:
            return False
    return True


def _column_passes(spec: schema.F, quick: Callable[[Any], bool], values: list[Any]) -> bool:
    """Every value of a column meets the field's quick test (None stands for a key a record lacks, which
    rows_pass allows only for an optional field). Each distinct value is tested once."""
    try:
        distinct = set(values)
    except TypeError:  # a list or an object where a plain value belongs
        return False
    # A str or None equals only a value of its own type, so the distinct values' types are all the values'
    # types unless a number is among them (1, 1.0 and True fall together in a set): then every value's.
    types = set(map(type, distinct))
    if not types <= {str, _NONE}:
        types = set(map(type, values))
    if _NONE in types and not spec.null:  # null where it is refused, or an absent optional key: per record
        return False
    types.discard(_NONE)
    # Equal values of different types (1, 1.0, True) fall together in a set: only one type, or a number field
    # holding int and float (which its test treats alike), may be tested by plain distinct values.
    plain = len(types) <= 1 or (spec.kind == "num" and types <= {int, float})
    if plain:
        distinct.discard(None)
    else:  # a list, not a set again: that would make 1 and 1.0 one value
        distinct = [v for _t, v in set(zip(map(type, values), values, strict=True)) if v is not None]
    if spec.kind in ("str", "uuid") and spec.choices is None:
        if not types <= {str}:
            return False
        if spec.kind == "uuid":
            return _uuids(distinct)
        return max(map(len, distinct), default=0) <= spec.max_len and (spec.blank or all(map(str.strip, distinct)))
    if spec.kind in ("int", "num") and spec.choices is None and plain and distinct and \
            types <= ({int} if spec.kind == "int" else {int, float}):
        # Bounds by min and max (C-level), once no value is NaN or infinite (those make min/max meaningless).
        if float in types and not all(map(math.isfinite, distinct)):
            return False
        low, high = min(distinct), max(distinct)
        return ((spec.minimum is None or low >= spec.minimum) and (spec.maximum is None or high <= spec.maximum)
                and (not spec.positive or low > 0))
    return all(quick(v) or _checks(spec, v) for v in distinct)


def _uuids(distinct: Any) -> bool:
    """Every value is a uuid as UUID_RE has it (lower-case hex, dashes at 8, 13, 18, 23), and none ends in a
    newline (which `$` lets through: those take the per-record check)."""
    if not distinct:
        return True
    if set(map(len, distinct)) != {36}:
        return False
    text, n = "".join(distinct), len(distinct)
    # 36 characters each, so value i's k-th character is text[36 * i + k]: the four dashes by slicing, then no
    # other dash and nothing but hex digits and dashes (bytes.translate: C-level, a fifth of the regex's time).
    return (text.isascii() and all(text[k::36] == "-" * n for k in (8, 13, 18, 23)) and text.count("-") == 4 * n
            and not text.encode("ascii").translate(None, b"0123456789abcdef-"))


def _checks(spec: schema.F, value: Any) -> bool:
    """The full check of one distinct value, where the quick test cannot tell (a code of a closed list of numbers)."""
    try:
        schema.check(spec, value, "")
    except schema.SchemaError:
        return False
    return True


def _column(rows: list[dict[str, Any]], key: str) -> list[Any]:
    return list(map(dict.get, rows, repeat(key)))


def contributions_pass(rows: list[dict[str, Any]], period: dict[str, str], uuids: dict[str, set[str]],
                       land_only: tuple[str, ...]) -> bool:
    """True when handoff_checks._contributions finds nothing (its rows passed their schema): every date inside
    the period, the fixed unit of money, land and labour, whole đồng, land fields only on land, every reference
    to a record of the file."""
    if not rows:
        return True
    dates = list(map(itemgetter("date"), rows))
    if not period["start"] <= min(dates) or not max(dates) <= period["end"]:
        return False
    kinds = list(map(itemgetter("kind"), rows))
    for kind, unit in set(zip(kinds, map(itemgetter("unit"), rows), strict=True)):
        if kind in ("money", "land", "labour") and unit != DEFAULT_UNITS[kind]:
            return False
    if any(k == "money" and q != int(q) for k, q in set(zip(kinds, map(itemgetter("quantity"), rows), strict=True))):
        return False
    for key in land_only:
        if any(k != "land" and v is not None for k, v in set(zip(kinds, _column(rows, key), strict=True))):
            return False
    works = set(_column(rows, "work_uuid"))
    works.discard(None)
    return (set(map(itemgetter("contributor_uuid"), rows)) <= uuids["contributors"]
            and set(map(itemgetter("group_uuid"), rows)) <= uuids["groups"] and works <= uuids["works"])


def contributors_pass(rows: list[dict[str, Any]], groups: set[str]) -> bool:
    """True when handoff_checks._links finds nothing wrong with the people: each one's tổ a record of the file;
    a file with phone numbers or CCCD (personal data, on request) is checked per record."""
    named = set(map(itemgetter("group_uuid"), rows))
    named.discard(None)
    return named <= groups and set(_column(rows, "phone")) <= {None} and set(_column(rows, "cccd")) <= {None}
