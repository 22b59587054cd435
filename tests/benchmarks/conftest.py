"""The benchmark's closing table: every metric of the run with its verdict, and in `make bench` (BENCH_QUICK=0)
a failed run when any goal is missed, so that a script or a person sees it without reading the figures."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.demo import builder
from tests.benchmarks.bench_helpers import QUICK, RESULTS, row_text


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """A copy at `path` of the large demo ward (the small one in quick mode, seed 1), built once for the whole run:
    the modules that each built it themselves spent that time four times over."""
    pristine = tmp_path_factory.mktemp("demo") / "large.sqlite"
    led = open_ledger(pristine)
    builder.build_demo(led, size="small" if QUICK else "large", seed=1)
    led.close()  # checkpointed: the copy is the one file

    def copy(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pristine, path)
        return path

    return copy


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RESULTS:
        return
    terminalreporter.section("bench: value [min–max], floor [min–max], ratio, goal")
    for name, r in RESULTS.items():
        terminalreporter.write_line(row_text(name, r))
    missed = [name for name, r in RESULTS.items() if r["met"] is False]
    judged = sum(1 for r in RESULTS.values() if r["met"] is not None)
    terminalreporter.write_line(f"{judged - len(missed)} of {judged} goals met" + ("" if not QUICK else
                                " (quick mode: small data, one run each; the goals are judged by `make bench`)"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not QUICK and any(r["met"] is False for r in RESULTS.values()) and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
