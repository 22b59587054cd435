"""The files of a large import checked in other processes while this one stores (issue 22).

upper_check.check_file is Python work for the most part (the JSON, the records' checks, the recount): on a
second thread it waits for the GIL that the writing holds, so an office PC's second core did little. Here up to
WORKERS processes (the 'spawn' start, as on Windows) each check a file and send back its verdict, the rows to
insert as tuples (unpickled in a fraction of the JSON's time) and the proposals; this process stores them in the
files' order.

What is stored is exactly what was checked: one read of each file, by the process that checked it; the package
comes back as that check's own objects (pickle keeps every str, int and float as it was), with the file's
SHA-256 taken in the same read. A result for another path than the one asked is refused and the file checked
again here.

The pool is used only when it pays (START_BYTES of files, measured: starting it costs ~0.15 s) and only where it
can start: a frozen program (PyInstaller) must have called multiprocessing.freeze_support() first — its entries
set desktop.FREEZE_SUPPORT after it — or its children would start the program again. A pool that cannot start
or breaks (a sandbox, a killed worker, a result that cannot travel) costs nothing but time: every file it did
not answer is checked here, in order, as without it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import desktop
from desktop.core.exchange import upper_check
from desktop.core.exchange.upper_check import Checked

WORKERS = 2  # an office PC has 2–4 cores; this process stores (about a third of the work) while 2 check
START_BYTES = 4 * 1024 * 1024  # below this much in files the pool costs more than it saves (measured: ~3 MB)
MIN_FILES = 4
HEAD_BYTES = 1024 * 1024  # checked here while the workers start (~0.15 s: ~1 MB of files checked and stored)
AHEAD, AHEAD_BYTES = 8, 16 * 1024 * 1024  # files given to the pool ahead of the one stored (_Window)
def checked(paths: list[Path], trusted: dict[str, str]) -> Iterator[tuple[Path, Checked]]:
    """(path, check_file(path)) in the paths' order: from a process pool when it pays, else one file ahead on a
    thread (upper_check.one_ahead)."""
    sizes = _sizes(paths)
    pool = _start(paths, sizes, trusted)
    if pool is None:
        yield from upper_check.one_ahead(paths, lambda f: upper_check.check_file(f, trusted))
        return
    try:
        yield from _through(pool, paths, sizes, trusted)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _sizes(paths: list[Path]) -> list[int]:
    out = []
    for p in paths:
        try:
            out.append(p.stat().st_size)
        except OSError:
            out.append(0)  # handoff.read names the file it cannot read
    return out


def worth_it(paths: list[Path], sizes: list[int]) -> bool:
    if len(paths) < MIN_FILES or (os.cpu_count() or 1) < 2:
        return False
    if getattr(sys, "frozen", False) and not desktop.FREEZE_SUPPORT:
        return False
    return sum(sizes) >= START_BYTES


def _start(paths: list[Path], sizes: list[int], trusted: dict[str, str]) -> ProcessPoolExecutor | None:
    if not worth_it(paths, sizes):
        return None
    try:  # the keys once per worker, not with every file (300 wards: ~40 KB pickled per file)
        return ProcessPoolExecutor(max_workers=min(WORKERS, len(paths) - 1),
                                   mp_context=multiprocessing.get_context("spawn"), initializer=_worker,
                                   initargs=(trusted,))
    except Exception:  # noqa: BLE001 — no pool (no semaphores in a sandbox…): the files are checked here
        return None


def _through(pool: ProcessPoolExecutor, paths: list[Path], sizes: list[int], trusted: dict[str, str]
             ) -> Iterator[tuple[Path, Checked]]:
    """The first files (HEAD_BYTES) checked here while the workers start, the next ones through a _Window."""
    head = 1
    while head < len(paths) - 1 and sum(sizes[:head + 1]) <= HEAD_BYTES:
        head += 1
    window = _Window(pool, paths, sizes, trusted, head)
    window.top_up()
    for path in paths[:head]:
        yield path, upper_check.check_file(path, trusted)
    for path in paths[head:]:
        yield path, window.take(path)


class _Window:
    """The files given to the pool ahead of the one taken now, in order: at most AHEAD files or AHEAD_BYTES (a
    file's records in memory are several times its size), at least one; None for a file the pool did not take."""

    def __init__(self, pool: ProcessPoolExecutor, paths: list[Path], sizes: list[int], trusted: dict[str, str],
                 start: int) -> None:
        self.pool, self.paths, self.sizes, self.trusted = pool, paths, sizes, trusted
        self.next, self.bytes, self.broken = start, 0, False
        self.entries: deque[tuple[Future[Checked] | None, int]] = deque()

    def _room(self) -> bool:
        return self.next < len(self.paths) and (not self.entries or (
            len(self.entries) < AHEAD and self.bytes + self.sizes[self.next] <= AHEAD_BYTES))

    def _add(self, entry: Future[Checked] | None) -> None:
        self.entries.append((entry, self.sizes[self.next]))
        self.bytes += self.sizes[self.next]
        self.next += 1

    def top_up(self) -> None:
        while self._room():
            future = None
            if not self.broken:
                try:
                    future = self.pool.submit(work, self.paths[self.next])
                except Exception:  # noqa: BLE001 — a pool that broke or could not start its processes
                    self.broken = True
            self._add(future)

    def take(self, path: Path) -> Checked:
        entry, size = self.entries.popleft()
        self.bytes -= size
        self.top_up()
        got = _answer(entry, path)
        # Not answered by the pool: checked here, as without it.
        return got if got is not None else upper_check.check_file(path, self.trusted)


def _answer(future: Future[Checked] | None, path: Path) -> Checked | None:
    if future is None:
        return None
    try:
        got = future.result()
    except Exception:  # noqa: BLE001 — a broken worker or an answer that could not travel: checked here again,
        return None  # where an error of the file's own check is raised as it always was
    if not isinstance(got, Checked) or got.path != path or (got.pkg is not None and got.pkg.path != path):
        return None
    return got


_trusted: dict[str, str] = {}  # in a worker: the import's keys (upper.trusted_keys)


def _worker(trusted: dict[str, str]) -> None:
    """A worker's start: the keys, and a lower priority: this process's storing sets the import's pace."""
    _trusted.update(trusted)
    try:
        if hasattr(os, "nice"):
            os.nice(5)
        elif sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), 0x4000)  # BELOW_NORMAL_PRIORITY_CLASS
    except (OSError, AttributeError):
        pass  # only a matter of pace


def work(path: Path) -> Checked:
    """In a worker process (one task at a time), with the cyclic collector paused as intake/gcpause.py does: a
    file's thousands of records are no garbage, yet every 700 new ones made it look at them again (~8% of a
    small file's check). Reference counting frees them once the answer is sent; it runs again between files."""
    gc.disable()
    try:
        return upper_check.check_file(path, _trusted)
    finally:
        gc.enable()
