"""Which of two handoff files of one ward and period is the later version (issue 19, fault 8).

A file carries the ward's export number of its period (handoff.next_sequence, in the signed manifest); the upper
level orders by it. A file made before the numbers existed is ordered by its creation time, read as an instant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def sequence_of(manifest: dict[str, Any]) -> int | None:
    """The ward's export number of this file for its period (handoff.next_sequence); None in a file made before
    the numbers existed."""
    seq = manifest.get("sequence")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else None


def _moment(text: str) -> dt.datetime | str:
    # ISO times with different offsets compare as instants; a text that is not one compares as text.
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def is_newer(manifest: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether this file is a later version than the one received. By the ward's export numbers when both files
    carry one (a PC clock set to 2099 cannot block the genuine next file); for a file made before the numbers
    existed, by its creation time (the old rule)."""
    seq, seq_current = sequence_of(manifest), current.get("sequence")
    if seq is not None and seq_current is not None:
        return seq > seq_current
    new, old = _moment(str(manifest.get("created_at"))), _moment(str(current["created_src"] or ""))
    if isinstance(new, dt.datetime) and isinstance(old, dt.datetime):
        return new > old
    return str(new) > str(old)


def describe(manifest: dict[str, Any], current: dict[str, Any]) -> str:
    seq, seq_current = sequence_of(manifest), current.get("sequence")
    if seq is not None and seq_current is not None:
        return f"tệp lần lập thứ {seq}, bản đã nhận lần lập thứ {seq_current}"
    return f"lập lúc {manifest.get('created_at')}, bản đã nhận lập lúc {current['created_src']}"
