"""Backups: the safe write (with a fault at each step), rotation, preview, restore, backup before migration."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db import backup, copies
from db.connection import Ledger, open_ledger
from db.errors import LedgerError
from db.schema import MIGRATION_NAMES
from desktop.core.ledger import groups, safety


def _names(led: Ledger) -> list[str]:
    return [r[0] for r in led.conn.execute("SELECT name FROM groups WHERE deleted_at IS NULL ORDER BY id")]


def _integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


# --- write_backup ---------------------------------------------------------------------------------


def test_backup_while_another_connection_writes_in_wal(ledger: Ledger, tmp_path: Path) -> None:
    groups.add(ledger, {"name": "Tổ dân phố Một"})
    other = open_ledger(ledger.path, user="khác")
    groups.add(other, {"name": "Tổ dân phố Hai"})  # committed, still in the -wal file
    assert Path(f"{ledger.path}-wal").stat().st_size > 0
    other.conn.execute("BEGIN IMMEDIATE")
    other.conn.execute("UPDATE groups SET name = 'chưa lưu' WHERE name = 'Tổ dân phố Một'")  # uncommitted
    try:
        dest = copies.write_backup(ledger.conn, tmp_path / "out" / "copy.sqlite")
    finally:
        other.conn.execute("ROLLBACK")
        other.close()
    assert _integrity(dest) == ["ok"]
    copy = open_ledger(dest, read_only=True)
    try:
        assert _names(copy) == ["Tổ dân phố Một", "Tổ dân phố Hai"]
        assert copy.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        copy.close()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.sqlite"]


STEPS = ["copy", "check", "fsync", "rename"]


@pytest.fixture
def fault_at() -> Iterator[list[str]]:
    where: list[str] = []

    def hook(step: str) -> None:
        if step in where:
            raise OSError(f"giả lập lỗi ở bước {step}")

    copies.FAULT_HOOKS.append(hook)
    yield where
    copies.FAULT_HOOKS.remove(hook)


@pytest.mark.parametrize("step", STEPS)
def test_a_fault_at_any_step_leaves_nothing_behind(ledger: Ledger, tmp_path: Path, fault_at: list[str],
                                                   step: str) -> None:
    dest = tmp_path / "out" / "copy.sqlite"
    # Fresh name: no file appears.
    fault_at.append(step)
    with pytest.raises(OSError, match=step):
        copies.write_backup(ledger.conn, dest)
    assert list(dest.parent.iterdir()) == []
    # An earlier backup of the same name stays byte-identical.
    fault_at.clear()
    copies.write_backup(ledger.conn, dest)
    before = dest.read_bytes()
    groups.add(ledger, {"name": "Tổ dân phố Mới"})
    fault_at.append(step)
    with pytest.raises(OSError):
        copies.write_backup(ledger.conn, dest)
    assert dest.read_bytes() == before
    assert [p.name for p in dest.parent.iterdir()] == ["copy.sqlite"]


def test_a_copy_that_fails_quick_check_is_not_kept(ledger: Ledger, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copies, "run_quick_check", lambda conn: ["*** in database main ***"])
    with pytest.raises(LedgerError, match="không đạt kiểm tra"):
        copies.write_backup(ledger.conn, tmp_path / "out" / "copy.sqlite")
    assert list((tmp_path / "out").iterdir()) == []


# --- automatic backups ---------------------------------------------------------------------------


def test_auto_backup_names_and_skips_when_nothing_changed(ledger: Ledger) -> None:
    first = backup.auto_backup(ledger, "khi-dong")
    assert first is not None and first.parent == copies.backup_dir(ledger.path)
    assert first.parent == ledger.path.parent / "backups" / ledger.path.stem
    assert copies.parse_backup_name(first.name)[1] == "khi-dong"  # type: ignore[index]
    assert backup.auto_backup(ledger, "dinh-ky") is None  # nothing changed
    assert backup.auto_backup(ledger, "khi-dong") is None
    groups.add(ledger, {"name": "Tổ dân phố Mới"})
    second = backup.auto_backup(ledger, "dinh-ky")
    assert second is not None and second != first
    assert backup.auto_backup(ledger, "thu-cong") is not None  # manual: always
    listed = backup.list_backups(ledger.path)
    assert [b.reason for b in listed] == ["thu-cong", "dinh-ky", "khi-dong"]


# --- rotation -------------------------------------------------------------------------------------


def test_rotation_plan_keeps_each_tier() -> None:
    now = datetime(2026, 3, 15, 12, 0, 0)
    items = [(f"so-{t:%Y%m%d-%H%M%S}-dinh-ky.sqlite", t) for t in (now - timedelta(hours=6 * i) for i in range(1600))]
    plan = backup.plan_rotation(items, now)
    counts = {tier: len(names) for tier, names in plan.items()}
    assert counts == {"recent": 4, "daily": 12, "weekly": 10, "monthly": 9, "delete": 1600 - 35}
    when = dict(items)
    daily = sorted(when[n].date() for n in plan["daily"])
    assert daily == [(now - timedelta(days=d)).date() for d in range(12, 0, -1)]
    # Each kept daily backup is the newest of its day (among those older than 24 hours).
    older = [t for t in when.values() if now - t >= timedelta(hours=24)]
    assert all(when[n] == max(t for t in older if t.date() == when[n].date()) for n in plan["daily"])
    kept_weeks = [when[n].isocalendar()[:2] for n in plan["daily"] + plan["weekly"]]
    assert len(set(when[n].isocalendar()[:2] for n in plan["weekly"])) == 10
    assert not set(when[n].isocalendar()[:2] for n in plan["weekly"]) & set(kept_weeks[:12])
    months = [(when[n].year, when[n].month) for n in plan["monthly"]]
    assert len(set(months)) == 9
    assert months == [(2026, 2), (2026, 1), *((2025, m) for m in range(12, 5, -1))]
    assert all(when[n] == max(t for t in older if (t.year, t.month) == (when[n].year, when[n].month))
               for n in plan["monthly"])
    assert backup.plan_rotation([], now)["delete"] == []


def test_rotate_deletes_only_old_backups_by_name(tmp_path: Path) -> None:
    now = datetime(2026, 3, 15, 12, 0, 0)
    for days in range(400):
        t = now - timedelta(days=days, minutes=5)
        (tmp_path / f"so-{t:%Y%m%d-%H%M%S}-khi-dong.sqlite").write_bytes(b"x")
    (tmp_path / "ghi-chu.txt").write_text("của người dùng")
    stale_tmp = tmp_path / "so-20260101-000000-khi-dong.sqlite.tmp-abcd"
    stale_tmp.write_bytes(b"half")
    os.utime(stale_tmp, (now.timestamp() - 3 * 86400,) * 2)
    plan = backup.rotate(tmp_path, now)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert "ghi-chu.txt" in left and stale_tmp.name not in left
    assert len(left) - 1 == 1 + 12 + 10 + 9 == sum(len(v) for k, v in plan.items() if k != "delete")



def test_rotate_ignores_another_processs_temporary_that_vanishes(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Two imports at once each back up first: one's rotation lists the other's copy in progress, whose journal is
    gone a moment later (found by two `thidua import` started together: a traceback instead of an import)."""
    now = datetime(2026, 3, 15, 12, 0, 0)
    going = tmp_path / "so-20260315-115959-truoc-nhap.sqlite.tmp-1a2b3c4d-journal"
    going.write_bytes(b"j")
    real_stat = Path.stat
    calls: list[Path] = []

    def stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if self.name == going.name and (calls.append(self) or len(calls) > 1):
            going.unlink(missing_ok=True)  # there when listed and checked, gone when its age is read
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    backup.rotate(tmp_path, now)  # must not raise
    assert not going.exists()

# --- preview and restore ----------------------------------------------------------------------------


def test_describe_backup(demo_ledger: Ledger) -> None:
    path = backup.auto_backup(demo_ledger, "thu-cong")
    assert path is not None
    info = backup.describe_backup(path)
    assert info["unit_name"]
    assert info["counts"]["contributions"] == demo_ledger.conn.execute(
        "SELECT count(*) FROM contributions WHERE deleted_at IS NULL").fetchone()[0]
    assert set(info["counts"]) == {"groups", "contributors", "works", "contributions"}
    assert info["last_change"] and info["file_time"] and info["schema_version"] == len(MIGRATION_NAMES)
    import re

    assert re.fullmatch(r"\d\d:\d\d:\d\d ngày \d\d/\d\d/\d{4}", info["last_change"])
    assert [b.path for b in backup.list_backups(demo_ledger.path)] == [path]


def test_restore_round_trip(ledger: Ledger) -> None:
    groups.add(ledger, {"name": "Tổ dân phố Cũ"})
    saved = safety.backup_now(ledger)
    groups.add(ledger, {"name": "Tổ dân phố Sau"})
    path = ledger.path
    ledger.close()
    kept = safety.restore_from(path, saved, "Người khôi phục")
    assert kept is not None and "truoc-khoi-phuc" in kept.name
    led = open_ledger(path, read_only=True)
    try:
        assert _names(led) == ["Tổ dân phố Cũ"]
        row = led.conn.execute("SELECT user, action, summary FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        assert row[0] == "Người khôi phục" and row[1] == "restore"
        assert row[2].startswith(f"Khôi phục từ bản sao lưu {saved.name}, lập lúc ")
        assert not safety.check(led)
    finally:
        led.close()
    old = open_ledger(kept, read_only=True)
    try:
        assert _names(old) == ["Tổ dân phố Cũ", "Tổ dân phố Sau"]
    finally:
        old.close()


def _refused(ledger_path: Path, bad: Path, match: str) -> None:
    before = ledger_path.read_bytes()
    count = len(backup.list_backups(ledger_path))
    with pytest.raises(LedgerError, match=match):
        safety.restore_from(ledger_path, bad)
    assert ledger_path.read_bytes() == before
    assert len(backup.list_backups(ledger_path)) == count
    assert not list(ledger_path.parent.glob("*.tmp-*"))


def test_restore_refuses_a_damaged_backup(ledger: Ledger, tmp_path: Path) -> None:
    for i in range(200):
        groups.add(ledger, {"name": f"Tổ dân phố số {i} " + "x" * 90, "note": "y" * 400})
    good = safety.backup_now(ledger, tmp_path / "good.sqlite")
    path = ledger.path
    ledger.close()
    data = good.read_bytes()
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(data[: len(data) // 2])
    _refused(path, truncated, "hỏng")
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"khong phai so" * 500)
    _refused(path, garbage, "không phải")


def test_restore_refuses_a_foreign_and_a_newer_file(ledger: Ledger, tmp_path: Path) -> None:
    newer = safety.backup_now(ledger, tmp_path / "newer.sqlite")
    path = ledger.path
    ledger.close()
    conn = sqlite3.connect(str(newer))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('thidua', 'm9999_future', '2030-01-01')")
    conn.execute("PRAGMA user_version=9999")
    conn.commit()
    conn.close()
    _refused(path, newer, "mới hơn")
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(str(foreign))
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    _refused(path, foreign, "không phải")


def test_set_aside_and_newest_good_backup(ledger: Ledger) -> None:
    first = safety.backup_now(ledger)
    groups.add(ledger, {"name": "Tổ dân phố Mới"})
    second = safety.backup_now(ledger)
    path = ledger.path
    ledger.close()
    second.write_bytes(second.read_bytes()[:4096])  # the newest backup is damaged
    assert safety.newest_good_backup(path) == first
    original = path.read_bytes()
    aside = safety.set_aside_damaged(path)
    assert not path.exists() and aside.read_bytes() == original and ".hong-" in aside.name
    assert safety.restore_from(path, first, set_aside=aside) == aside
    assert aside.exists()


def test_restore_over_a_damaged_ledger_sets_it_aside(ledger: Ledger, tmp_path: Path) -> None:
    good = safety.backup_now(ledger)
    path = ledger.path
    ledger.close()
    path.write_bytes(b"\0" * 8192)
    kept = safety.restore_from(path, good)
    assert kept is not None and ".hong-" in kept.name and kept.read_bytes() == b"\0" * 8192
    led = open_ledger(path, read_only=True)
    assert led.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    led.close()


# --- backup before a migration ---------------------------------------------------------------------


def test_a_migration_is_preceded_by_a_backup(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    from db import connection
    from db.migrations import migrations

    groups.add(ledger, {"name": "Tổ dân phố Trước Nâng Cấp"})
    path = ledger.path
    ledger.close()

    def m0002_test(db) -> None:  # noqa: ANN001
        db["test_extra"].create({"id": int}, pk="id")

    monkeypatch.setattr(connection, "MIGRATION_NAMES", (*connection.MIGRATION_NAMES, "m9999_test"))
    monkeypatch.setattr(migrations, "_migrations", [*migrations._migrations, migrations._Migration("m9999_test",
                                                                                                   m0002_test)])
    led = open_ledger(path)
    try:
        assert led.conn.execute("SELECT count(*) FROM test_extra").fetchone()[0] == 0
    finally:
        led.close()
    made = backup.list_backups(path)
    assert [b.reason for b in made] == ["truoc-nang-cap"]
    old = sqlite3.connect(str(made[0].path))
    try:
        assert not old.execute("SELECT 1 FROM sqlite_master WHERE name = 'test_extra'").fetchone()
        assert old.execute("SELECT count(*) FROM groups WHERE name = 'Tổ dân phố Trước Nâng Cấp'").fetchone()[0] == 1
    finally:
        old.close()


def test_a_new_ledger_needs_no_backup_before_its_first_migration(ledger: Ledger) -> None:
    assert backup.list_backups(ledger.path) == []


def test_weekly_full_check_runs_once_a_week(ledger) -> None:  # type: ignore[no-untyped-def]
    import time

    from desktop.core.ledger import safety

    now = time.time()
    assert safety.full_check_if_due(ledger, now) == []  # first time: runs, clean
    assert safety.full_check_if_due(ledger, now + 3600) is None  # within the week: skipped
    assert safety.full_check_if_due(ledger, now + 8 * 24 * 3600) == []  # a week later: runs again
