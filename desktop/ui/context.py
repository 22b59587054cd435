"""What every page is given: the database worker (writes), the read connection, the unit, and a way to open
another page. A module of its own, light to import, so that start-up does not load the list pages (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from db.connection import Ledger
    from desktop.ui.worker import DbWorker


@dataclass
class AppContext:
    worker: DbWorker
    reader: Ledger
    unit: dict[str, Any]
    navigate: Callable[[str, dict[str, Any]], None] | None = None
