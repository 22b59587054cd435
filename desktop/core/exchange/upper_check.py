"""What a handoff file's own content says before the upper level's ledger is asked anything (upper._examine reads
it): the file verified (handoff.read: size, zip, manifest schema, signature, every member's hash, every record),
its figures recomputed from its records and compared with its manifest, its proposals checked.

None of it touches the ledger, so `one_ahead` does it for the next file on a second thread while the upper level
writes the current one (issue 22): zlib, SHA-256, the signature check and SQLite's own work let go of the GIL, so
the reading of one file and the writing of another overlap. One file ahead only: a file's records in memory are
several times its size on disk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar

from desktop.core.errors import UserError
from desktop.core.exchange import handoff, handoff_extras, proposals_above
from desktop.core.exchange.recount import recompute
from desktop.core.figures import figures

T = TypeVar("T")

# The received tables (upper._RECV, _SOURCE): the columns stored of each table of data.json.
RECV = {
    "recv_groups": ("uuid", "name", "households", "population"),
    "recv_works": ("uuid", "name", "kind", "status", "length_m", "completed_date", *handoff_extras.FUNDING_KEYS),
    "recv_work_groups": ("work_uuid", "group_uuid"),
    "recv_contributors": ("uuid", "name", "kind", "group_uuid", "address"),
    "recv_contributions": ("uuid", "contributor_uuid", "group_uuid", "work_uuid", "date", "kind", "quantity", "unit",
                           "value_vnd", "status"),
    "recv_indicators": ("code", "name", "unit", "value", "source"),  # format version 3 (handoff_extras)
}
SOURCE = {"recv_groups": "groups", "recv_works": "works", "recv_work_groups": "work_groups",
          "recv_contributors": "contributors", "recv_contributions": "contributions", "recv_indicators": "indicators"}


@dataclass
class Checked:
    """One file's verdict on itself; upper._examine turns it into a refusal in its own order of checks."""

    pkg: handoff.Package | None = None
    refused: str = ""  # handoff.read's refusal
    own: dict[str, Any] | None = None  # the figures recomputed from the records
    own_error: BaseException | None = None  # what the recount raised (records it could not add up)
    wrong: str | None = None  # what is wrong with the proposals
    bad: list[str] = field(default_factory=list)  # figures of the manifest that the records do not give
    # The values upper._store inserts, table by table in RECV's columns (pkg.data then keeps only the proposals):
    # tuples made here, beside the checks, travel from a checking process for a fraction of the records' cost.
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    path: Path | None = None  # the file checked (upper_pool takes an answer only for the file it asked about)
    # The package row's JSON texts (manifest, totals, by_group), made beside the checks as the rows are.
    texts: dict[str, str] = field(default_factory=dict)


def check_file(path: Path, trusted: dict[str, str]) -> Checked:
    try:
        pkg = handoff.read(path, trusted)
    except UserError as exc:
        return Checked(refused=str(exc), path=path)
    out = Checked(pkg, path=path)
    try:
        out.own = recompute(pkg.data, pkg.manifest.get("period") or {})
    except Exception as exc:  # noqa: BLE001 — kept for _examine, which refuses or raises it where it always did
        out.own_error = exc
        return out
    out.wrong = proposals_above.check(pkg.data, pkg.files)
    if not out.wrong:
        out.bad = matches(pkg.manifest, out.own)
    out.rows = columns(pkg.data)
    out.texts = {"manifest": json.dumps(pkg.manifest, ensure_ascii=False),
                 "totals": json.dumps(out.own["totals"], ensure_ascii=False),
                 "by_group": json.dumps(out.own["by_group"], ensure_ascii=False)}
    pkg.data = {"proposals": pkg.data["proposals"]}  # all _store reads of it besides the rows
    return out


def columns(data: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Each received table's rows as tuples of RECV's columns (None for a key a record lacks)."""
    # Column by column (C-level map), zipped into the rows: a third of the time of a row-by-row generator.
    same: dict[str, str] = {}
    return {table: list(zip(*(_shared(same, map(dict.get, data.get(SOURCE[table], []), repeat(c))) for c in cols),
                            strict=True))
            for table, cols in RECV.items()}


def _shared(same: dict[str, str], values: Iterable[Any]) -> list[Any]:
    """Equal texts as one object (a group's or a work's UUID, a kind, a unit… repeat on hundreds of rows): pickle
    then sends each once and the storing process makes it once (~40% less to unpickle). Texts only: 1, 1.0 and
    True are equal keys of a dict, and each must stay what the file said."""
    return [same.setdefault(v, v) if v.__class__ is str else v for v in values]


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
