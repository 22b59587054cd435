"""The ledger's key/value settings (table `settings`): each part of the program owns its keys and their defaults
(awards: catalogue.SETTING_DEFAULTS, intake: limits.DEFAULTS) and reads and writes them here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import audit
from desktop.core.ledger.records import Changes


def read(ledger: Ledger, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """Each key of `defaults`: its stored value, or the default."""
    out = dict(defaults)
    keys = list(defaults)
    marks = ",".join("?" * len(keys))
    for key, value in ledger.conn.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})", keys):
        out[key] = json.loads(value)
    return out


def write(ledger: Ledger, clean: Mapping[str, Any], defaults: Mapping[str, Any], summary: str) -> Changes:
    """Store the values of `clean` that differ from what is stored (compared inside the write transaction), with
    one audit row saying `summary` and each value before and after. Nothing changed: nothing written."""
    with ledger.transaction() as db:
        before = read(ledger, defaults)
        changed = {k: v for k, v in clean.items() if k in defaults and before.get(k) != v}
        if not changed:
            return Changes()
        now = audit.now_iso()
        for key, value in changed.items():
            db["settings"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False), "updated_at": now},
                                  pk="key")
        audit.record(ledger, "update", "settings", summary, before={k: before[k] for k in changed}, after=changed)
    return Changes().add("settings")
