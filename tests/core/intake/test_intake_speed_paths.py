"""The faster paths of the import (issue 22) give what the slower ones gave: the rate in force by effective-date epoch
equals rates.rate_for on every day, the bulk writer's uuids are version 4 uuids as records.new_uuid writes them, and
the page cache raised for the import's transaction is the connection's own again afterwards."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.intake import applying, planning
from desktop.core.intake.importplan import ImportPlan, qty_key
from desktop.core.intake.matching import Matcher
from desktop.core.ledger import rates
from tests.core.intake.helpers import contribution_row


def test_rate_by_epoch_equals_rate_for_on_every_day(ledger: Ledger) -> None:
    land = {"kind": "land", "unit": "m²", "price_vnd": 1_000_000}
    rates.add(ledger, {**land, "effective_date": "2026-01-01"})
    rates.add(ledger, {**land, "effective_date": "2026-03-01", "land_type": "ODT", "price_vnd": 2_000_000})
    later = rates.add(ledger, {**land, "effective_date": "2026-05-15", "price_vnd": 1_500_000})
    rates.add(ledger, {**land, "effective_date": "2026-05-15", "price_vnd": 1_700_000})  # same day: the newer id
    rates.add(ledger, {"kind": "labour", "unit": "ngày công", "price_vnd": 200_000, "effective_date": "2026-02-10"})
    rates.add(ledger, {"kind": "materials", "unit": "tấn", "price_vnd": 900_000, "effective_date": "2026-04-01"})
    rates.delete(ledger, later)
    match = Matcher(ledger, ImportPlan(path=Path("x.xlsx"), ledger_path=ledger.path, stamp=()), {})
    asked = [("land", "m²", None), ("land", "m²", "ODT"), ("land", "M2", "CLN"), ("labour", "ngày công", None),
             ("labour", None, None), ("materials", "tấn", None), ("materials", "bao", None), ("assets", "cái", None)]
    day = dt.date(2025, 12, 1)
    while day <= dt.date(2026, 7, 1):
        for kind, unit, land_type in asked:
            found = rates.rate_for(ledger, kind, unit, land_type, day.isoformat())
            want = (found["price_vnd"], found["id"]) if found else None
            assert match.rate(kind, unit, land_type, day.isoformat()) == want, (kind, unit, land_type, day)
        day += dt.timedelta(days=1)


def test_rate_with_a_date_stored_otherwise_asks_every_day(ledger: Ledger) -> None:
    rid = rates.add(ledger, {"kind": "labour", "unit": "ngày công", "price_vnd": 200_000,
                             "effective_date": "2026-02-10"})
    ledger.conn.execute("UPDATE rates SET effective_date = 20260210 WHERE id = ?", [rid])  # not the app's text
    match = Matcher(ledger, ImportPlan(path=Path("x.xlsx"), ledger_path=ledger.path, stamp=()), {})
    for date in ("2026-01-01", "2026-03-01"):
        found = rates.rate_for(ledger, "labour", "ngày công", None, date)
        assert match.rate("labour", "ngày công", None, date) == ((found["price_vnd"], found["id"]) if found else None)


def test_bulk_uuids_are_version_4_and_unique(ledger: Ledger) -> None:
    with ledger.transaction():
        writer = applying._BulkWriter(ledger)
        ids = [writer._uuid() for _ in range(5_000)]  # more than one draw of random bytes
    assert len(set(ids)) == len(ids)
    for text in ids:
        u = uuid.UUID(text)
        assert str(u) == text and u.version == 4 and u.variant == uuid.RFC_4122


def test_qty_key_rounds_as_before() -> None:
    for q in (None, 0, 1, 1.0, 2.5, 45.5, 0.1 + 0.2, 1234.56789, 10**13):
        assert qty_key(q) == round(float(q or 0), 3)


def test_import_runs_with_a_larger_page_cache_and_gives_it_back(
        ledger: Ledger, ward: dict[str, int], contributions_book: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [contribution_row(stt=i, date="02/03/2026", group="Tổ 3", name=f"Người {i}", kind="Tiền",
                             quantity=100_000 + i) for i in range(1, 3001)]
    plan = planning.plan(ledger, contributions_book(rows))
    before = ledger.conn.execute("PRAGMA cache_size").fetchone()[0]
    seen: list[int] = []
    flush = applying._BulkWriter.flush

    def spy(self: applying._BulkWriter) -> None:
        seen.append(self.conn.execute("PRAGMA cache_size").fetchone()[0])
        flush(self)

    monkeypatch.setattr(applying._BulkWriter, "flush", spy)
    result = applying.apply(ledger, plan, only_valid=False)
    assert result.contributions_added == 3000
    assert seen and -seen[0] > abs(before)  # KiB, above the default 2 MiB
    assert ledger.conn.execute("PRAGMA cache_size").fetchone()[0] == before


def test_page_cache_given_back_when_the_import_fails(ledger: Ledger, ward: dict[str, int],
                                                    contributions_book: Callable[..., Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [contribution_row(stt=i, date="02/03/2026", group="Tổ 3", name=f"Người {i}", kind="Tiền",
                             quantity=100_000 + i) for i in range(1, 3001)]
    plan = planning.plan(ledger, contributions_book(rows))
    before = ledger.conn.execute("PRAGMA cache_size").fetchone()[0]

    def broken(self: applying._BulkWriter) -> None:
        raise UserError("hỏng giữa chừng")

    monkeypatch.setattr(applying._BulkWriter, "flush", broken)
    with pytest.raises(UserError):
        applying.apply(ledger, plan, only_valid=False)
    assert ledger.conn.execute("PRAGMA cache_size").fetchone()[0] == before
    assert ledger.conn.execute("SELECT count(*) FROM contributions").fetchone()[0] == 0


def test_the_collector_is_paused_while_planning_and_applying_and_on_again_after(
        ledger: Ledger, ward: dict[str, int], contributions_book: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import gc

    from desktop.core.intake import checks, gcpause
    from desktop.core.intake.guards import IntakeFileError

    seen: list[bool] = []
    row = checks.RowChecks.contribution_row
    flush = applying._BulkWriter.flush

    def spy_row(self: checks.RowChecks, *args: object) -> None:
        seen.append(gc.isenabled())
        row(self, *args)

    def spy_flush(self: applying._BulkWriter) -> None:
        seen.append(gc.isenabled())
        flush(self)

    monkeypatch.setattr(checks.RowChecks, "contribution_row", spy_row)
    monkeypatch.setattr(applying._BulkWriter, "flush", spy_flush)
    assert gc.isenabled()
    plan = planning.plan(ledger, contributions_book([contribution_row(stt=1, date="02/03/2026", group="Tổ 3",
                                                                      name="Người mới", kind="Tiền", quantity=5e5)]))
    assert gc.isenabled()
    applying.apply(ledger, plan, only_valid=False)
    assert seen == [False, False] and gc.isenabled()
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(IntakeFileError):
        planning.plan(ledger, bad)
    assert gc.isenabled()
    with gcpause.paused():
        with gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds it
    assert gc.isenabled()
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()  # paused by someone else before: left so
    finally:
        gc.enable()
