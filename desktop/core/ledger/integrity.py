"""Integrity checks of the ledger file (SQLite's own checks plus the ledger's invariants)."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from db.connection import Ledger
from db.errors import is_damage


def _damage_reported(check: Callable[[Ledger], list[str]]) -> Callable[[Ledger], list[str]]:
    """A page so damaged that SQLite stops the check ("database disk image is malformed") is a finding of
    the check, not a crash of it; a locked or full disk is not damage and still raises."""
    @functools.wraps(check)
    def run(ledger: Ledger) -> list[str]:
        try:
            return check(ledger)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            return [f"Sổ bị hỏng: SQLite dừng kiểm tra vì không đọc được dữ liệu ({exc})."]
    return run


@_damage_reported
def quick_check(ledger: Ledger) -> list[str]:
    rows = [r[0] for r in ledger.conn.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else [f"quick_check: {r}" for r in rows]


@_damage_reported
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
    problems += _packages_doubled(ledger)
    return problems


def _packages_doubled(ledger: Ledger) -> list[str]:
    """Upper level: one current package per ward and period (the unique index of m0007 forbids a second; this
    finds one that got in around it, e.g. a ledger edited by another program). Two would be counted twice."""
    rows = ledger.conn.execute(
        "SELECT w.code, w.name, p.period_code, group_concat(p.id, ', ') FROM packages p "
        "LEFT JOIN wards w ON w.id = p.ward_id WHERE p.status = 'current' AND p.deleted_at IS NULL "
        "GROUP BY p.ward_id, p.period_code HAVING count(*) > 1 ORDER BY w.code, p.period_code").fetchall()
    return [f"{name} ({code}) kỳ {period}: có nhiều tệp cùng đang dùng (mã {ids}) — số liệu tổng hợp bị tính hai "
            "lần. Sổ đã bị sửa ngoài chương trình: hãy khôi phục bản sao lưu gần nhất hoặc nhờ cán bộ kỹ thuật."
            for code, name, period, ids in rows]
