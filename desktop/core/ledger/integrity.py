"""Integrity checks of the ledger file (SQLite's own checks plus the ledger's invariants)."""

from __future__ import annotations

from db.connection import Ledger


def quick_check(ledger: Ledger) -> list[str]:
    rows = [r[0] for r in ledger.conn.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else [f"quick_check: {r}" for r in rows]


def full_check(ledger: Ledger) -> list[str]:
    """Everything worth checking before a handoff or once a week; an empty list means sound."""
    problems = [f"integrity_check: {r[0]}" for r in ledger.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for table, rowid, parent, _ in ledger.conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"Bảng {table}, dòng {rowid}: tham chiếu tới {parent} không tồn tại.")
    bad_money = ledger.conn.execute(
        "SELECT count(*) FROM contributions WHERE typeof(value_vnd) != 'integer'"
    ).fetchone()[0]
    if bad_money:
        problems.append(f"{bad_money} khoản đóng góp có giá trị không phải số nguyên đồng.")
    return problems
