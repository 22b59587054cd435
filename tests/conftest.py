"""Shared fixtures. Qt runs headless; every test gets its own ledger file."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
# The ward's private signing keys (key files, issue 19 fault 9): one folder of the session, also for the commands a
# test runs in another process and for the session's demo ledger — never the real user's data folder.
os.environ.setdefault("THIDUA_KEY_DIR", tempfile.mkdtemp(prefix="thidua-khoa-"))

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.ledger import setup

UNIT = {"name": "Phường Nguyễn Nghiêm", "code": "21580", "kind": "phuong", "province": "Quảng Ngãi",
        "user_name": "Trần Thị Thu Hà"}


@pytest.fixture(autouse=True)
def _no_user_ledger(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user's ledger or data folder from a test."""
    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "env-default.sqlite"))
    monkeypatch.setattr("desktop.paths.data_dir", lambda: tmp_path / "userdata")


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "so.sqlite"


@pytest.fixture
def ledger(ledger_path: Path) -> Iterator[Ledger]:
    led = open_ledger(ledger_path, user=UNIT["user_name"])
    setup.initialize(led, UNIT)
    yield led
    led.close()


@pytest.fixture(scope="session")
def _small_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.core.demo import builder

    path = tmp_path_factory.mktemp("demo") / "small.sqlite"
    led = open_ledger(path)
    builder.build_demo(led, size="small", seed=7)
    led.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    led.close()
    return path


@pytest.fixture
def demo_path(_small_demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the small demo ledger (built once per session; copying is cheap)."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(_small_demo_template, path)
    return path


@pytest.fixture
def demo_ledger(demo_path: Path) -> Iterator[Ledger]:
    led = open_ledger(demo_path)
    led.user = setup.get_unit(led).get("user_name") or ""
    yield led
    led.close()
