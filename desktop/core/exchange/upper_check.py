"""What a handoff file's own content says before the upper level's ledger is asked anything (upper._examine reads
it): the file verified (handoff.read: size, zip, manifest schema, signature, every member's hash, every record),
its figures recomputed from its records and compared with its manifest, its proposals checked.

None of it touches the ledger, so `one_ahead` does it for the next file on a second thread while the upper level
writes the current one (issue 22): zlib, SHA-256, the signature check and SQLite's own work let go of the GIL, so
the reading of one file and the writing of another overlap. One file ahead only: a file's records in memory are
several times its size on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from desktop.core.errors import UserError
from desktop.core.exchange import handoff, proposals_above
from desktop.core.exchange.recount import recompute
from desktop.core.figures import figures

T = TypeVar("T")


@dataclass
class Checked:
    """One file's verdict on itself; upper._examine turns it into a refusal in its own order of checks."""

    pkg: handoff.Package | None = None
    refused: str = ""  # handoff.read's refusal
    own: dict[str, Any] | None = None  # the figures recomputed from the records
    own_error: BaseException | None = None  # what the recount raised (records it could not add up)
    wrong: str | None = None  # what is wrong with the proposals
    bad: list[str] = field(default_factory=list)  # figures of the manifest that the records do not give


def check_file(path: Path, trusted: dict[str, str]) -> Checked:
    try:
        pkg = handoff.read(path, trusted)
    except UserError as exc:
        return Checked(refused=str(exc))
    out = Checked(pkg)
    try:
        out.own = recompute(pkg.data, pkg.manifest.get("period") or {})
    except Exception as exc:  # noqa: BLE001 — kept for _examine, which refuses or raises it where it always did
        out.own_error = exc
        return out
    out.wrong = proposals_above.check(pkg.data, pkg.files)
    if not out.wrong:
        out.bad = matches(pkg.manifest, out.own)
    return out


def matches(manifest: dict[str, Any], own: dict[str, Any]) -> list[str]:
    """Figures of the manifest that its records do not give (empty when the file is consistent)."""
    claimed = manifest.get("figures") or {}
    bad = [figures.LABELS[k] for k in figures.TOTAL_KEYS if not _same(k, claimed.get("totals", {}).get(k),
                                                                         own["totals"].get(k))]
    for row in claimed.get("by_group", []):
        mine = own["by_group"].get(row.get("group"), figures.empty_totals())
        if not all(_same(k, row.get(k), mine.get(k)) for k in figures.TOTAL_KEYS):
            bad.append(f"{row.get('group')}")
    return bad


def _same(key: str, a: Any, b: Any) -> bool:
    # m², days and metres are sums of floats rounded to 0,1: adding in another order may move the last digit.
    if key in figures.DECIMAL_KEYS and isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 0.11
    return a == b


def one_ahead(items: Sequence[T], work: Callable[[T], Any]) -> Iterator[tuple[T, Any]]:
    """(item, work(item)) in order, work(next item) running on another thread while the caller handles this one."""
    if not items:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="thidua-check") as pool:
        ahead: Future[Any] = pool.submit(work, items[0])
        for i, item in enumerate(items):
            result = ahead.result()
            if i + 1 < len(items):
                ahead = pool.submit(work, items[i + 1])
            yield item, result
