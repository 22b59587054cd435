"""The database worker: one thread owns the writing connection; the GUI thread never waits on it.

Like Anki's CollectionOp/QueryOp: a job is a plain function `fn(ledger, *args)` from desktop.core;
its result (or its exception) comes back to the GUI thread through a queued signal, where the
caller's `success`/`failure` callbacks run. Jobs run one at a time, in the order submitted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.ledger.records import Changes

log = logging.getLogger(__name__)


class DbWorker(QObject):
    # (callback, payload): emitted from the worker thread, delivered queued on the GUI thread.
    _deliver = Signal(object, object)
    # Emitted after a write job that returned Changes, for the pages to refresh what changed.
    changed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, path: Path, user: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self._path = path
        self._user = user
        self._local = threading.local()
        self._pending = 0
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thidua-db")
        self._deliver.connect(self._on_deliver)

    def _ledger(self) -> Ledger:
        ledger = getattr(self._local, "ledger", None)
        if ledger is None:
            ledger = open_ledger(self._path, user=self._user)
            self._local.ledger = ledger
        return ledger

    def set_user(self, user: str) -> None:
        self._user = user
        self.submit(lambda ledger: setattr(ledger, "user", user))

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
    ) -> Future:
        """Run `fn(ledger, *args)` on the database thread."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> Any:
            try:
                result = fn(self._ledger(), *args)
            except BaseException as exc:  # delivered to the GUI thread, never lost
                if failure is None and isinstance(exc, UserError):
                    # A refusal (a locked period, a bad value) is an answer for the clerk, not a fault to trace.
                    log.info("database job refused: %s", exc)
                elif failure is None:
                    log.exception("database job failed")
                self._deliver.emit(("failure", failure), exc)
                return None
            self._deliver.emit(("success", success), result)
            return result

        return self._executor.submit(job)

    def _on_deliver(self, callback: tuple[str, Callable | None], payload: Any) -> None:
        kind, fn = callback
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if self._closed:
            return  # answers for a ledger that was closed (restore, shutdown): nobody waits for them
        if kind == "success" and isinstance(payload, Changes):
            self.changed.emit(payload)
        if fn is not None:
            fn(payload)
        elif kind == "failure":
            from desktop.ui.messages import show_error

            show_error(None, payload)

    def wait_idle(self) -> None:
        """Block until every submitted job has run (shutdown and tests only)."""
        if not self._closed:
            self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Finish every queued job, then close the connection (idempotent)."""
        if self._closed:
            return
        self._closed = True

        def _close() -> None:
            ledger = getattr(self._local, "ledger", None)
            if ledger is not None:
                ledger.close()

        self._executor.submit(_close).result()
        self._executor.shutdown(wait=True)
