"""The cyclic garbage collector paused while an import builds its rows.

A plan makes a few objects per row (the row's values, its planned contribution, keys and tuples) and keeps
them all until it is applied: 100,000 rows are about a million containers, none of them garbage. The collector
does not know that: every 700 new containers it looks at the young ones, and every so often at everything the
process holds, so it went over the same plan again and again — about an eighth of a 10,000-row import
(tests/benchmarks/test_bench_intake.py). Paused for the plan and the apply, it runs as usual right after.
Reference counting still frees every object as soon as it is no longer used; only cycles wait, for a few
seconds at most. Process-wide, so a count keeps it paused until the last of overlapping imports is done.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (re-entrant, thread-safe); it is on again afterwards if it was."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
