"""How a list's search box matches: the words typed, in that order, begin consecutive words of ONE
field ("nguyen van" and "ng v" find Nguyễn Văn An; "van a" finds Nguyễn Văn An; neither finds Văn
Nguyễn, nor Bùi Văn Long whose address is "hẻm 66 Nguyễn Trãi"). Accents and case are ignored on both
sides: "Văn" typed with its accent still finds "Vân" (a clerk who types an accent wrongly still finds
the person). Words with a digit also look inside the biên bản numbers, anywhere ("bb-017").

Each list names its fields in order (the name first); the list shows the rows of the first field
before those that match only a later one, and says which field matched.

The SQL stays fast on 100,000 rows: LIKE and instr on the stored folded text pick the candidates in
C; for a single word they are exact, and only the few candidates of several words are checked in
Python (`vn_words`, `vn_head`). The stored search columns keep their format (fold of the fields joined
by spaces), so no migration, and the demo builder and the Excel import need no change.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from desktop.core.text.vnformat import format_int
from desktop.core.text.vntext import fold

# Characters that fold to exactly one character, never a space: printable ASCII, the Latin-1 letters,
# Latin Extended-A/B and Latin Extended Additional (every Vietnamese letter, NFC). A name made of them
# alone, single-spaced, folds to a text of its own length (tests/core/test_search_words.py checks it).
_ONE_TO_ONE = " -~À-ɏḀ-ỿ"
_PLAIN = re.compile(f"[{_ONE_TO_ONE}]*").fullmatch


@dataclass
class Search:
    """The folded words typed, and the SQL parameters every term of one query binds by name."""

    words: tuple[str, ...]
    prefix: str = "s"
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def single(self) -> bool:
        return len(self.words) == 1

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def param(self, key: str, value: Any) -> str:
        name = f"{self.prefix}_{key}"
        self.params[name] = value
        return f":{name}"

    def like(self) -> str:
        """LIKE pattern over " " || text: every word at the start of a word, in order."""
        return self.param("like", "%" + "".join(f" {_escape(w)}%" for w in self.words))

    def q(self) -> str:
        return self.param("q", self.text)

    def digit_words(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if any(ch.isdigit() for ch in w))

    def others(self) -> Search | None:
        """The words without a digit, as a search of their own (bound under another prefix)."""
        rest = tuple(w for w in self.words if w not in self.digit_words())
        return Search(rest, self.prefix + "r", self.params) if rest else None


def parse(text: str) -> Search | None:
    words = tuple(fold(text).split())
    return Search(words) if words else None


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- the matching itself, in Python: the exact check behind the LIKE --------------------------------

@lru_cache(maxsize=64)
def _pattern(q: str) -> re.Pattern[str]:
    # Each word at a word start, then the rest of that word and one space before the next one.
    return re.compile("(?<![^ ])" + "[^ ]* ".join(re.escape(w) for w in q.split()))


def matches(folded: str, q: str) -> bool:
    """The words of `q` begin consecutive words of `folded` (both folded)."""
    return bool(q) and _pattern(q).search(folded) is not None


# The small tables' texts (rates, groups, the audit trail) are folded as they are searched; a keystroke
# after the first finds them folded already.
_fold = lru_cache(maxsize=50_000)(fold)


def _word_count(head: str) -> int:
    return len(head.split()) if _PLAIN(head) else len(fold(head).split())


def head_part(search: str, head: str, q: str) -> int | None:
    """For a stored text fold(head) + " " + fold(rest): 0 if `q` matches within the head's words,
    else 1 if within the rest's, else None (a phrase across the two does not count)."""
    pattern = _pattern(q)
    m = pattern.search(search)
    if m is None:
        return None
    n = _word_count(head)
    while m is not None:
        if search.count(" ", 0, m.end()) < n:
            return 0
        if search.count(" ", 0, m.start()) >= n:
            return 1
        m = pattern.search(search, m.start() + 1)
    return None


def install(conn: sqlite3.Connection) -> None:
    """The SQL functions of the terms below, once per connection."""
    try:
        conn.execute("SELECT vn_words('', '')")
    except sqlite3.OperationalError:
        conn.create_function("vn_words", 2, lambda t, q: int(matches(t or "", q)), deterministic=True)
        conn.create_function("vn_fold_words", 2, lambda t, q: int(matches(_fold(t or ""), q)), deterministic=True)
        conn.create_function("vn_head", 3, lambda s, h, q: head_part(s or "", h or "", q), deterministic=True)


# --- terms: SQL boolean expressions of one field, built for one search -------------------------------

Term = Callable[[Search], str]


def _begins(expr: str, s: Search) -> str:
    """One word typed begins some word of `expr`: a LIKE on the start and an instr, no concatenation
    (two thirds of the time of " " || text LIKE "% word%" on 20,000 names)."""
    return (f"({expr} LIKE {s.param('start', _escape(s.words[0]) + '%')} ESCAPE '\\' "
            f"OR instr({expr}, {s.param('spaced', ' ' + s.words[0])}) > 0)")


def words(expr: str) -> Term:
    """The field is the folded text `expr` (a stored search column)."""

    def term(s: Search) -> str:
        if s.single:
            return _begins(expr, s)
        return f"(' ' || {expr} LIKE {s.like()} ESCAPE '\\' AND vn_words({expr}, {s.q()}))"

    return term


def folded(expr: str) -> Term:
    """The field is the raw text `expr`, folded as it is read (once per row): for the small tables."""

    def term(s: Search) -> str:
        return f"vn_fold_words({expr}, {s.q()})"

    return term


def head(search: str, name: str, rest: str, part: int | None) -> Term:
    """One part of a stored `search` = fold(`name` + " " + `rest`): 0 the name, 1 the rest, None
    either. A single word is found by position: Vietnamese letters fold one to one, so when the
    folded text is as long as name and rest, a word starting within length(name) is in the name.
    Several words, and texts with a character that folds away (a zero-width space pasted from Word),
    go through vn_head."""

    def term(s: Search) -> str:
        like = f"' ' || {search} LIKE {s.like()} ESCAPE '\\'"
        if part is None:
            return _begins(search, s) if s.single else f"({like} AND vn_head({search}, {name}, {s.q()}) IS NOT NULL)"
        exact = f"({like} AND vn_head({search}, {name}, {s.q()}) IS {part})"
        if not s.single:
            return exact
        # Only a character that folds to two (Korean syllables) could make up for one that folds
        # away; a GLOB on every character instead tripled the time of a keystroke.
        plain = (f"length({search}) = length({name}) + "
                 f"CASE WHEN coalesce({rest}, '') = '' THEN 0 ELSE length({rest}) + 1 END")
        spaced = s.param("spaced", " " + s.words[0])
        found = (f"({search} LIKE {s.param('start', _escape(s.words[0]) + '%')} ESCAPE '\\' "
                 f"OR instr({search}, {spaced}) BETWEEN 1 AND length({name}) - 1)" if part == 0
                 else f"instr(substr({search}, length({name}) + 1), {spaced}) > 0")
        return f"({_begins(search, s)} AND CASE WHEN {plain} THEN {found} ELSE {exact} END)"

    return term


def within(column: str, source: str, term: Term) -> Term:
    """`term` over the rows of `source` ("works w") that `column` ("+c.work_id") points to. The
    EXISTS before the IN is evaluated once, not per row (SQLite still walks the list's rows: a text
    found nowhere is caught before the walk by `found_nowhere`)."""

    def wrapped(s: Search) -> str:
        where = term(s)
        alias = source.split()[-1]
        return (f"(EXISTS (SELECT 1 FROM {source} WHERE {where}) "
                f"AND {column} IN (SELECT {alias}.id FROM {source} WHERE {where}))")

    return wrapped


def within_any(parts: Sequence[tuple[str, str, Term]], more: Term) -> Term:
    """Some of `parts` (column, source, term as in `within`) matches, or `more` does. The EXISTS
    probes come first, alone: a text found nowhere costs one look at each source, no walk."""

    def term(s: Search) -> str:
        extra = more(s)
        probes = " OR ".join(f"EXISTS (SELECT 1 FROM {source} WHERE {t(s)})" for _c, source, t in parts)
        tests = " OR ".join(f"{column} IN (SELECT {source.split()[-1]}.id FROM {source} WHERE {t(s)})"
                            for column, source, t in parts)
        return f"(({probes} OR {extra}) AND ({tests} OR {extra}))"

    return term


def exists(source: str, term: Term) -> Term:
    """Some row of `source` ("contributors p") matches `term`: one look at a small table."""
    return lambda s: f"EXISTS (SELECT 1 FROM {source} WHERE {term(s)})"


def found_nowhere(conn: sqlite3.Connection, probe: Term | None, text: str) -> bool:
    """The words typed match nothing the `probe` (a list's `search_probe`) looks at, so the list is empty.
    SQLite evaluates an EXISTS in the WHERE once but still walks every row of the list to test it:
    a typo ("zzz") walked 1,000,000 contributions twice for an empty first page (0.19 s)."""
    s = parse(text)
    if probe is None or s is None:
        return False
    install(conn)
    sql, args = bind(probe(s), s.params)
    return not conn.execute(f"SELECT {sql}", args).fetchone()[0]


def number(expr: str, template: str = "{}", others: Term | None = None) -> Term:
    """A biên bản number: every word with a digit is found in `expr` anywhere ("bb-017", "017/2026"),
    and the other words typed, if any, match `others` ("017/2026 an": the number, and An's name).
    `template` puts the number test in a subquery."""

    def term(s: Search) -> str:
        digits = s.digit_words()
        if not digits:
            return "0"
        found = template.format(" AND ".join(
            f"{expr} LIKE {s.param(f'n{i}', f'%{_escape(w)}%')} ESCAPE '\\'" for i, w in enumerate(digits)))
        rest = s.others()
        if rest is None:
            return f"({found})"
        return f"({found} AND {others(rest)})" if others else "0"

    return term


@dataclass(frozen=True)
class Field:
    """One searched field of a list, in the order the list ranks them (the name first)."""

    key: str
    label: str  # what the list says matched: "địa chỉ"
    term: Term  # over the list's full FROM (the cells of a page)
    ids_term: Term | None = None  # over its ids FROM, when that lacks the joined tables
    column: str | None = None  # the column that shows it, when not the one named `key`


def case(fields: Sequence[Field], s: Search, *, ids: bool, upto: int | None = None) -> str:
    """The rank of a row: the index of the first field that matches, NULL if none does."""
    chosen = fields if upto is None else fields[:upto + 1]
    whens = " ".join(f"WHEN {_term(f, ids)(s)} THEN {i}" for i, f in enumerate(chosen))
    return f"(CASE {whens} END)"


def _term(f: Field, ids: bool) -> Term:
    return (f.ids_term or f.term) if ids else f.term


def describe(fields: Sequence[Field], matched: dict[str, int]) -> str:
    """The rows per field that matched, in the list's order: "57 khớp họ tên, 22 khớp địa chỉ"."""
    return ", ".join(f"{format_int(matched[f.key])} khớp {f.label}" for f in fields if matched.get(f.key))


_NAMED = re.compile(r":([a-z][a-z0-9_]*)")


def bind(sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """Named parameters as positional ones, so a term mixes with the filters' "?"."""
    args: list[Any] = []

    def one(m: re.Match[str]) -> str:
        args.append(params[m.group(1)])
        return "?"

    return _NAMED.sub(one, sql), args
