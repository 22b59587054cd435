"""The choice lists of the register forms (tổ dân phố, công trình, người đóng góp), read on the GUI thread."""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.text.vntext import fold


class ReaderChoices:
    """Choice lists read from the GUI thread's read-only connection (small tables only)."""

    def __init__(self, reader: Ledger):
        self.reader = reader

    def groups(self) -> list[tuple[Any, str]]:
        return [(r[0], r[1] + ("" if r[2] else " (đã sáp nhập)")) for r in self.reader.conn.execute(
            "SELECT id, name, active FROM groups WHERE deleted_at IS NULL ORDER BY active DESC, sort_key")]

    def works(self) -> list[tuple[Any, str]]:
        return [(r[0], r[1]) for r in self.reader.conn.execute(
            "SELECT id, name FROM works WHERE deleted_at IS NULL ORDER BY sort_key")]

    def contributors(self, text: str) -> list[tuple[Any, str]]:
        words = fold(text).split()
        where = " AND ".join(["p.search LIKE ?"] * len(words)) or "1"
        return [(r[0], f"{r[1]} — {r[2]}") for r in self.reader.conn.execute(
            f"SELECT p.id, p.name, g.name FROM contributors p JOIN groups g ON g.id = p.group_id "
            f"WHERE p.deleted_at IS NULL AND {where} ORDER BY p.sort_key LIMIT 50", [f"%{w}%" for w in words])]
