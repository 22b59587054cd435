"""Is this ledger the demo? The demo (`thidua demo`, "Mở sổ dữ liệu mẫu" at the first start) holds invented
figures under an invented unit; it says so wherever a person looks: the window's title and status bar, the
"SỔ MẪU" watermark on every page it prints (`mark_for`), and a warning before a document is issued from it.

The mark is a row of the `settings` table (key "demo", JSON), written by the demo builder in its own transaction:
it travels with the file (a copy, a backup, a restore) and survives renaming the unit in Cài đặt. "Tạo sổ mới"
starts a new file, which has no such row.
"""

from __future__ import annotations

import json
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import audit

SETTING_KEY = "demo"
MARK = "SỔ MẪU"  # the watermark printed across every page of a document made from the demo

# Said before anything is issued from the demo (the GUI asks, the command line warns on stderr).
ISSUE_WARNING = ("Đây là sổ mẫu (dữ liệu mẫu để dùng thử chương trình): đơn vị, người, số liệu là giả định. "
                 "Văn bản sẽ mang dấu SỔ MẪU trên mọi trang và không dùng được cho hồ sơ thật. Muốn làm sổ của "
                 "đơn vị mình, vào Tệp → Tạo sổ mới… rồi khai báo đơn vị.")
TITLE_TAG = "SỔ MẪU — dữ liệu giả định, không dùng cho hồ sơ thật"


def is_demo(ledger: Ledger) -> bool:
    """True for a ledger the demo builder filled (its `settings` row "demo")."""
    row = ledger.conn.execute("SELECT value FROM settings WHERE key = ?", [SETTING_KEY]).fetchone()
    return row is not None


def mark_for(ledger: Ledger) -> str:
    """The watermark of the ledger's documents: "SỔ MẪU" for the demo, "" (none) for a real ledger."""
    return MARK if is_demo(ledger) else ""


def mark_demo(ledger: Ledger, details: dict[str, Any]) -> None:
    """Mark the ledger as the demo (`details`: size, seed, day it was built). Must be called inside the demo's own
    `ledger.transaction()`, whose audit row records it."""
    assert ledger.conn.in_transaction, "the demo mark is written in the demo's own transaction"
    ledger.db["settings"].upsert({"key": SETTING_KEY, "value": json.dumps(details, ensure_ascii=False),
                                  "updated_at": audit.now_iso()}, pk="key")
