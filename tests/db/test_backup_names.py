"""Issue 19 (backups): two backups in the same second took the same final name — `unused_name` checked that the
name was free, the copy was written, then renamed onto that name, so the second replaced the first and one backup
was lost. The attack: several windows/commands backing up the same ledger in the same second (threads with their
own connections, and two processes). Now the final name is taken atomically (a hard link, or an O_EXCL
reservation where links are impossible)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from db import backup, copies
from db.connection import Ledger, open_ledger

SECOND = datetime(2026, 12, 3, 9, 30, 15)


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]  # every backup "in the same second"
        return SECOND


def _backups(led_path: Path) -> list[Path]:
    return sorted(p for p in copies.backup_dir(led_path).glob("*.sqlite"))


def test_backups_in_the_same_second_from_several_windows_all_survive(ledger: Ledger,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "datetime", _Frozen)
    n = 6
    start = threading.Barrier(n)
    made: list[Path] = []

    def one() -> None:
        led = open_ledger(ledger.path)
        try:
            start.wait()
            made.append(backup.auto_backup(led, "thu-cong"))  # type: ignore[arg-type]
        finally:
            led.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == n and sorted(made) == _backups(ledger.path)
    stem = f"{ledger.path.stem}-20261203-093015-thu-cong"
    assert {p.name for p in made} == {f"{stem}.sqlite", *(f"{stem}-{i}.sqlite" for i in range(2, n + 1))}
    assert all(backup.verify_backup(p)["counts"] is not None for p in made)
    assert not [p for p in copies.backup_dir(ledger.path).iterdir() if copies.TMP_MARK in p.name]


def test_without_hard_links_the_name_is_reserved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FAT32 stick holds no hard links: the O_EXCL reservation takes the name, never replacing a file."""
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    dest = tmp_path / "ban-sao.sqlite"
    dest.write_bytes(b"ban dau")
    for i in range(3):
        tmp = tmp_path / f".tmp{i}"
        tmp.write_bytes(f"ban {i}".encode())
        copies.claim_name(tmp, dest)
    assert dest.read_bytes() == b"ban dau"
    assert [(tmp_path / f"ban-sao-{i}.sqlite").read_bytes() for i in (2, 3, 4)] == [b"ban 0", b"ban 1", b"ban 2"]


_CHILD = """
import sys, time
from datetime import datetime
from db import backup
from db.connection import open_ledger

class Frozen(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 3, 9, 30, 15)

backup.datetime = Frozen
led = open_ledger(sys.argv[1])
while time.time() < float(sys.argv[2]):
    time.sleep(0.001)
print(backup.auto_backup(led, "thu-cong"))
led.close()
"""


def test_two_processes_backing_up_in_the_same_second_keep_both(ledger: Ledger) -> None:
    import time

    at = str(time.time() + 1.5)  # both start the backup at the same instant
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(ledger.path), at], cwd=root, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    made = {o.strip() for o, _ in outs}
    assert len(made) == 2 and len(_backups(ledger.path)) == 2
