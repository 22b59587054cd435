"""The reader's and writer's faster paths (issue 22) give what the straightforward ones gave, on varied input:
the data rows below the header (texts answered from the fixer's dict of plain texts, converted ones counted), the
fixer's look at every distinct text, the zip guard's <row> count per chunk, and the audit row's JSON."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from typing import Any

from desktop.core.intake import applying, guards, legacy, reader

TEXTS = ["Nguyễn Văn An", "  Trần Thị Bình  ", "NguyÔn V¨n §øc", "Tæ d©n phè 3", "HiÕn ®Êt", "Nguyeãn Vaên Ñöùc",
         "Toå daân phoá 2", "Hieán ñaát", "1.500.000", "12,5", "120,5 m2", "2 triệu", "1,500", "1e6", "", "   ",
         "Tổng cộng", "Cộng", "Ví dụ", "ví dụ: Nguyễn", "=cmd|' /C calc'!A0", "<script>x</script>", "\u3000Lan\u2003",
         "a\x00b", "Tiền", "Hộ gia đình", "'0123", "Số 7 hẻm 3", "\u202eevil", "Ph\u00adêng Hßa Kh¸nh"]
VALUES: list[Any] = [None, 0, 0.0, 1.0, 3, 153.4, -2.5, True, False, dt.date(2026, 1, 5),
                     dt.datetime(2026, 2, 1, 8, 30), dt.time(7, 0), dt.timedelta(days=2), float("nan")]


def _old_fixer_state(raw: list[tuple[str, list[list[Any]]]]) -> tuple[dict[str, str], str | None]:
    """_TextFixer.__init__ as it was: one pass over every cell, a set of the texts seen."""
    votes: Counter[str] = Counter()
    detected: dict[str, str] = {}
    seen: set[str] = set()
    for _, rows in raw:
        for row in rows:
            for v in row:
                if v.__class__ is str and v in seen:
                    continue
                if isinstance(v, str):
                    seen.add(v)
                if isinstance(v, str) and not v.isascii() and v.strip() not in detected:
                    enc = detected[v.strip()] = legacy.detect(v.strip())
                    if enc != "unicode":
                        votes[enc] += 1
                    elif any(ord(ch) > 0xFF for ch in v):
                        votes["unicode"] += 1
    hint = None
    if votes:
        best, n = votes.most_common(1)[0]
        if best != "unicode" and n >= 3 and n > votes["unicode"]:
            hint = best
    return detected, hint


def _old_rows(sheet: reader.SheetData, rows: list[list[Any]], index: int, columns: dict[str, int],
              fix: reader._TextFixer) -> None:
    """The data-row loop of _read_sheet as it was: a dict per row, fix.value per text cell."""
    fields = list(columns.items())
    example_key = reader.header_key(reader.EXAMPLE_MARK)
    totals: dict[str, bool] = {}
    for i in range(index, len(rows)):
        raw_row = rows[i]
        present = [v for v in raw_row if v != "" and v is not None]
        if not present:
            sheet.empty += 1
            continue
        if reader._is_example(present[0], fix, example_key):
            sheet.examples += 1
            continue
        if reader._has_total(present, fix, totals):
            sheet.total_row = i + 1
            sheet.after_total = sum(1 for r in rows[i + 1:] if any(reader._present(v) for v in r))
            break
        values: dict[str, Any] = {}
        width = len(raw_row)
        for fld, c in fields:
            v = raw_row[c] if c < width else None
            if v.__class__ is str:
                v = fix.value(v) or None
            values[fld] = v
        if all(v is None for f, v in values.items() if f != "stt"):
            sheet.empty += 1
            continue
        sheet.rows.append(reader.DataRow(row=i + 1, values=values))


def _random_rows(rnd: random.Random, n: int, width: int) -> list[list[Any]]:
    pool = TEXTS + VALUES
    rows = []
    for _ in range(n):
        w = width if rnd.random() < 0.8 else rnd.randrange(0, width + 2)  # short and long rows too
        shape = rnd.random()
        if shape < 0.1:
            rows.append([""] * w)
        elif shape < 0.2:
            rows.append([float(rnd.randrange(1, 50))] + [""] * max(w - 1, 0))  # pre-numbered, else empty
        else:
            rows.append([rnd.choice(pool) for _ in range(w)])
    return rows


def _same(a: reader.SheetData, b: reader.SheetData) -> None:
    assert [(r.row, list(r.values.items())) for r in a.rows] == [(r.row, list(r.values.items())) for r in b.rows]
    assert (a.empty, a.examples, a.total_row, a.after_total) == (b.empty, b.examples, b.total_row, b.after_total)


def test_data_rows_read_as_the_straightforward_loop_read_them() -> None:
    rnd = random.Random(7)
    for trial in range(60):
        rows = _random_rows(rnd, 80, 8)
        if trial % 3 == 0:  # a workbook mostly in TCVN3: the hint converts the cells that read both ways
            rows += [["NguyÔn V¨n §øc", "Tæ d©n phè 3", "HiÕn ®Êt"] * 3 for _ in range(5)]
        raw = [("Đóng góp", rows)]
        columns = dict(rnd.sample([("stt", 0), ("name", 1), ("group", 2), ("kind", 3), ("quantity", 5),
                                   ("note", 7), ("address", 9)], rnd.randrange(1, 8)))
        new_fix, old_fix = reader._TextFixer(raw), reader._TextFixer(raw)
        new = reader.SheetData(name="Đóng góp", kind="contributions", header_row=1, headers={})
        old = reader.SheetData(name="Đóng góp", kind="contributions", header_row=1, headers={})
        reader._read_rows(new, rows, 0, columns, new_fix)
        _old_rows(old, rows, 0, columns, old_fix)
        _same(new, old)
        assert new_fix.counts == old_fix.counts


def test_the_fixer_looks_at_each_text_as_before() -> None:
    rnd = random.Random(3)
    for trial in range(40):
        rows = _random_rows(rnd, 60, 6)
        if trial % 2:
            rows += [["Toå daân phoá 2", "Hieán ñaát", "Nguyeãn Vaên Ñöùc", " \u2003Lâm\u2003"] for _ in range(4)]
        raw = [("A", rows[:30]), ("B", rows[30:])]
        fix = reader._TextFixer(raw)
        assert (fix._detected, fix.hint) == _old_fixer_state(raw)


def _old_count(chunks: list[bytes]) -> int:
    rows, tail = 0, b""
    for chunk in chunks:
        window = tail + chunk
        rows += sum(1 for m in guards._ROW_RE.finditer(window) if m.end() > len(tail))
        tail = window[-guards._OVERLAP:]
    return rows


def test_row_count_per_chunk_equals_testing_each_match() -> None:
    rnd = random.Random(11)
    parts = [b"<row r=\"1\">", b"<x:row>", b"<row/>", b"<rows>", b"<c><v>1</v></c>", b"</row>", b"<ro", b"w ",
             b"<row\t", b"<a.b-c:row>", b"<:row>", b"text", b"<", b"row>"]
    for _ in range(300):
        data = b"".join(rnd.choice(parts) for _ in range(rnd.randrange(0, 200)))
        cuts = sorted(rnd.sample(range(len(data) + 1), min(len(data) + 1, rnd.randrange(1, 12))))
        chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
        rows, tail = 0, b""
        for chunk in chunks:
            window = tail + chunk
            rows += guards._rows_started(window, len(tail))
            tail = window[-guards._OVERLAP:]
        assert rows == _old_count(chunks)


def test_audit_json_is_json_dumps_text() -> None:
    encode = applying._json_encoder()
    samples: list[dict[str, Any]] = [
        {"name": "Nguyễn Văn An", "kind": "household", "group_id": 3, "address": "Số 7 \"hẻm\" 3\n\\"},
        {"quantity": 153.4, "value_vnd": 1_500_000, "value_entered": 0, "x": 1e16, "y": 0.1 + 0.2, "z": -0.0},
        {"note": "\u202eevil\x00\u2028<script>", "ok": True, "no": False, "none": None, "list": [1, "a", None]},
        {"emoji": "🙂", "nested": {"a": {"b": [1.5, "ü"]}}, "": ""},
    ]
    for sample in samples:
        assert encode(sample) == json.dumps(sample, ensure_ascii=False)
