"""Pages that refresh from what changed: at once when visible, on their next showing otherwise."""

from __future__ import annotations

from typing import Any

from desktop.core.ledger.records import Changes


class RefreshOnChange:
    """Mixin for a QWidget page with a `refresh()` and the set of tables it shows."""

    _stale = True

    def watched_tables(self) -> set[str]:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def on_changes(self, changes: Changes) -> None:
        if changes.tables & self.watched_tables():
            if self.isVisible():  # type: ignore[attr-defined]
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self.refresh()
