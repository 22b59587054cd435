"""The benchmark's closing table: every metric of the run with its verdict, and in `make bench` (BENCH_QUICK=0)
a failed run when any goal is missed, so that a script or a person sees it without reading the figures."""

from __future__ import annotations

import pytest

from tests.benchmarks.bench_helpers import QUICK, RESULTS, row_text


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
