"""handoff_collect.gather (issue 22): the records read on three connections at once are one snapshot — a write
committed meanwhile by another connection makes the export read everything again on one — and SQLite's
aggregated text is used only when it is in SQL's order."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.exchange import handoff, handoff_collect, upward
from desktop.core.figures import figures
from desktop.core.report import narrative

PERIOD = "2026-H1"


def _expected(led: Ledger, period: Any) -> bytes:
    return handoff.canonical({**handoff.collect(led, period), "proposals": upward.collect(led, period)[0]})


def _member(blob: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return zf.read(name)


def test_a_write_committed_while_the_export_reads_is_in_all_of_it(demo_ledger: Ledger,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Another window commits a new value while the people are being read: the file's records, counts and figures
    all show the ledger after that write (read again on one connection), none of them the ledger before it."""
    period = narrative.parse_period(demo_ledger, PERIOD)
    other = open_ledger(demo_ledger.path)
    [(cid, value)] = other.conn.execute("SELECT id, value_vnd FROM contributions WHERE deleted_at IS NULL AND "
                                        "status = 'received' AND date BETWEEN ? AND ? LIMIT 1",
                                        [period.start, period.end]).fetchall()
    real_sheet = handoff_collect._sheet
    calls: list[int] = []

    def sheet_then_write(ledger: Ledger, p: Any) -> Any:
        rows = real_sheet(ledger, p)
        if not calls:
            with other.transaction():
                other.conn.execute("UPDATE contributions SET value_vnd = ? WHERE id = ?", [value + 1000, cid])
        calls.append(1)
        return rows

    monkeypatch.setattr(handoff_collect, "_sheet", sheet_then_write)
    blob, manifest = handoff.build(demo_ledger, period)
    assert len(calls) == 2  # read again after the write
    assert _member(blob, "data.json") == _expected(demo_ledger, period)
    assert manifest["figures"] == json.loads(json.dumps(figures.summary(demo_ledger, period)))
    assert manifest["figures"]["totals"]["total_value_vnd"] == figures.summary(other, period)["totals"][
        "total_value_vnd"]
    other.close()


def test_without_a_write_the_records_are_read_once_in_parallel(demo_ledger: Ledger,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    period = narrative.parse_period(demo_ledger, PERIOD)
    seen: list[bool] = []
    real = handoff_collect._one_connection
    monkeypatch.setattr(handoff_collect, "_one_connection", lambda *a: seen.append(True) or real(*a))
    blob, manifest = handoff.build(demo_ledger, period)
    assert seen == []
    assert _member(blob, "data.json") == _expected(demo_ledger, period)
    assert manifest["counts"]["contributions"] == len(handoff.collect(demo_ledger, period)["contributions"])


def test_an_aggregate_out_of_order_is_replaced_by_pythons_text(demo_ledger: Ledger,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """If SQLite ever aggregated the rows in another order than the query's, the file still holds them in that
    order, as canonical() writes them (Python's own text), and not SQLite's shuffled one."""
    period = narrative.parse_period(demo_ledger, PERIOD)
    real = handoff_collect._contributions_json

    def shuffled(ledger: Ledger, p: Any) -> bytes:
        objects = json.loads(b"[" + real(ledger, p) + b"]")
        objects.reverse()
        return b",".join(handoff.canonical(o) for o in objects)

    monkeypatch.setattr(handoff_collect, "_contributions_json", shuffled)
    blob, _manifest = handoff.build(demo_ledger, period)
    assert _member(blob, "data.json") == _expected(demo_ledger, period)


def test_an_open_transaction_is_read_on_its_own_connection(demo_ledger: Ledger, tmp_path: Path) -> None:
    """Inside a transaction of this connection, its own writes (not yet seen by others) are in the file."""
    period = narrative.parse_period(demo_ledger, PERIOD)
    with demo_ledger.transaction():
        demo_ledger.conn.execute("UPDATE contributions SET unit = 'm² (sửa)' WHERE id = (SELECT min(id) FROM "
                                 "contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ?)",
                                 [period.start, period.end])
        blob, _manifest = handoff.build(demo_ledger, period)
        assert _member(blob, "data.json") == _expected(demo_ledger, period)
        assert "m² (sửa)".encode() in _member(blob, "data.json")
