"""The files of a large import checked in worker processes (upper_pool, issue 22): what is stored is what the
in-process check stores, a pool that cannot start or breaks costs nothing but time, an answer for another file is
not taken, and a frozen program without freeze_support never starts one."""

from __future__ import annotations

import shutil
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

import desktop
from db.connection import Ledger
from desktop.core.exchange import handoff, keys, upper, upper_check, upper_pool
from desktop.core.ledger import setup
from desktop.core.report import narrative
from tests.core.exchange_helpers import new_upper

PERIOD = "2026-H1"
WARDS = 4
# Every column the import writes but the time, the user and the random uuids.
_TABLES = {"packages": "ward_id, period_code, period_start, period_end, created_src, sequence, file_sha256, file_name, "
                       "manifest, totals, by_group, report_symbol, status",
           **{t: ", ".join(cols) for t, cols in upper_check.RECV.items()},
           "recv_proposals": "uuid, nominee_name, subject, kind_name, figures, status, record",
           "recv_files": "proposal_uuid, name, sha256, data"}


@pytest.fixture(scope="module")
def ward_files(tmp_path_factory: pytest.TempPathFactory, _small_demo_template: Path) -> tuple[list[Path], list[Any]]:
    """WARDS files of the demo ward, each under its own code and key (as the benchmark makes them)."""
    from db.connection import open_ledger

    folder = tmp_path_factory.mktemp("pool")
    shutil.copy(_small_demo_template, folder / "ward.sqlite")
    led = open_ledger(folder / "ward.sqlite")
    period = narrative.parse_period(led, PERIOD)
    files, wards = [], []
    for i in range(WARDS):
        code, name = f"{40000 + i}", f"Phường Thử {i + 1}"
        setup.update_unit(led, {"code": code, "name": name})
        with led.transaction():
            led.conn.execute("UPDATE signing_keys SET deleted_at = '2026-01-01' WHERE deleted_at IS NULL")
        key = keys.export_public_key(led, folder / f"k{i}.json")
        (folder / f"w{i}").mkdir()
        files.append(handoff.export(led, period, folder / f"w{i}")["path"])
        wards.append((code, name, key))
    led.close()
    return files, wards


def _upper(path: Path, wards: list[Any]) -> Ledger:
    up = new_upper(path)
    for code, name, key in wards:
        upper.add_ward(up, code=code, name=name, key_file=key)
    return up


def _stored(up: Ledger) -> dict[str, list[tuple[Any, ...]]]:
    return {t: up.conn.execute(f"SELECT {cols} FROM {t} ORDER BY rowid").fetchall() for t, cols in _TABLES.items()}


def _import(tmp_path: Path, name: str, ward_files: tuple[list[Path], list[Any]]
            ) -> tuple[list[tuple[str, str]], dict[str, list[tuple[Any, ...]]]]:
    files, wards = ward_files
    up = _upper(tmp_path / f"{name}.sqlite", wards)
    try:
        items = upper.import_files(up, files)
        return [(i.action, i.message) for i in items], _stored(up)
    finally:
        up.close()


@pytest.fixture
def in_process(tmp_path: Path, ward_files: tuple[list[Path], list[Any]], monkeypatch: pytest.MonkeyPatch
               ) -> tuple[list[tuple[str, str]], dict[str, list[tuple[Any, ...]]]]:
    monkeypatch.setattr(upper_pool, "START_BYTES", 10**12)
    return _import(tmp_path, "alone", ward_files)


def _use_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upper_pool, "START_BYTES", 0)
    monkeypatch.setattr(upper_pool, "MIN_FILES", 2)
    monkeypatch.setattr(upper_pool, "HEAD_BYTES", 0)  # every file but the first through the pool
    monkeypatch.setattr(upper_pool.os, "cpu_count", lambda: 2)  # a one-core CI machine runs the pool too


def test_the_pool_stores_what_the_check_in_process_stores(in_process: Any, tmp_path: Path, ward_files: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _use_pool(monkeypatch)
    started = []
    real = upper_pool._start
    monkeypatch.setattr(upper_pool, "_start", lambda *a: started.append(real(*a)) or started[-1])
    items, stored = _import(tmp_path, "pool", ward_files)
    if started and started[0] is None:  # worth_it said yes, ProcessPoolExecutor itself could not start here
        pytest.skip("this machine cannot start a process pool (no semaphores in the sandbox?)")
    assert started  # the pool did run
    assert all(action == "new" for action, _ in items), items
    assert items == in_process[0]
    for table, rows in stored.items():
        for a, b in zip(rows, in_process[1][table], strict=True):
            assert [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y] == [], table
    assert stored["recv_contributions"] and stored["recv_contributors"]


class _FakePool:
    """A pool whose workers answer what `answer` says (an exception: the pool broke)."""

    def __init__(self, answer: Any, trusted: dict[str, str] | None = None) -> None:
        self.answer, self.asked, self.trusted = answer, [], trusted or {}

    def submit(self, fn: Any, path: Path) -> Future[Any]:
        self.asked.append(path)
        future: Future[Any] = Future()
        got = self.answer(path, self.trusted)
        if isinstance(got, BaseException):
            future.set_exception(got)
        else:
            future.set_result(got)
        return future

    def shutdown(self, **kw: Any) -> None:
        pass


@pytest.mark.parametrize("answer", ["broken", "unpicklable", "another file", "another file's refusal"])
def test_what_the_pool_did_not_answer_is_checked_here(answer: str, in_process: Any, tmp_path: Path, ward_files: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _use_pool(monkeypatch)
    first = ward_files[0][0]
    pool = _FakePool({
        "broken": lambda path, trusted: BrokenProcessPool("a worker was killed"),
        "unpicklable": lambda path, trusted: RuntimeError("the answer could not travel"),
        # the pool mixed its answers up: another file's answer is never stored for this one
        "another file": lambda path, trusted: upper_check.check_file(first, trusted),
        "another file's refusal": lambda path, trusted: upper_check.Checked(refused="Tệp khác bị từ chối", path=first),
    }[answer])

    def start(paths: Any, sizes: Any, trusted: dict[str, str]) -> _FakePool:
        pool.trusted = trusted
        return pool

    monkeypatch.setattr(upper_pool, "_start", start)
    assert _import(tmp_path, "broken", ward_files) == in_process
    assert pool.asked == ward_files[0][1:]


def test_a_pool_that_cannot_start_costs_nothing(in_process: Any, tmp_path: Path, ward_files: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _use_pool(monkeypatch)

    def no_pool(*a: Any, **kw: Any) -> None:
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(upper_pool, "ProcessPoolExecutor", no_pool)
    assert _import(tmp_path, "nopool", ward_files) == in_process

    class NoSubmit(_FakePool):
        def submit(self, *a: Any) -> Future[Any]:
            raise BrokenProcessPool("the processes could not start")

    monkeypatch.setattr(upper_pool, "_start", lambda *a: NoSubmit(None))
    assert _import(tmp_path, "nosubmit", ward_files) == in_process


def test_only_a_large_import_and_never_a_frozen_program_without_freeze_support(
        ward_files: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    files = ward_files[0]
    sizes = [p.stat().st_size for p in files]
    assert not upper_pool.worth_it(files, sizes)  # four small files: the start-up would cost more
    monkeypatch.setattr(upper_pool, "START_BYTES", 0)
    monkeypatch.setattr(upper_pool, "MIN_FILES", 2)
    assert upper_pool.worth_it(files, sizes)
    assert not upper_pool.worth_it(files[:1], sizes[:1])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(desktop, "FREEZE_SUPPORT", False)
    assert not upper_pool.worth_it(files, sizes)
    monkeypatch.setattr(desktop, "FREEZE_SUPPORT", True)  # what installer/entry_*.py set after freeze_support()
    assert upper_pool.worth_it(files, sizes)


def test_the_window_never_holds_more_than_its_share(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(upper_pool, "AHEAD", 3)
    monkeypatch.setattr(upper_pool, "AHEAD_BYTES", 250)
    paths = [tmp_path / f"{i}.thidua" for i in range(10)]
    sizes = [100, 100, 100, 100, 400, 100, 100, 100, 100, 100]
    answers = {p: upper_check.Checked(refused=p.name, path=p) for p in paths}
    pool = _FakePool(lambda path, trusted: answers[path])
    window = upper_pool._Window(pool, paths, sizes, {}, 1)  # type: ignore[arg-type]
    window.top_up()
    assert pool.asked == paths[1:3]  # 200 bytes: a third file would pass 250
    seen: list[Path] = []
    for p in paths[1:]:
        assert window.take(p).refused == p.name
        seen.append(p)
        assert len(window.entries) <= 3 and (window.bytes <= 250 or len(window.entries) == 1)
    assert pool.asked == paths[1:]
