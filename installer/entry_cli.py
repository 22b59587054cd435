"""PyInstaller entry of thidua(.exe), the console program: `thidua …` as in the README. Only in the bundle,
`thidua --self-test` runs the self-test without Qt (readable in cmd, where the windowed program has no output)."""

import multiprocessing
import sys

# First of all: a worker process of `thidua package import` (upper_pool) is this executable started again, and
# does its work and exits here.
multiprocessing.freeze_support()

import desktop  # noqa: E402

desktop.FREEZE_SUPPORT = True

if sys.argv[1:] == ["--self-test"]:
    from desktop import selftest

    sys.exit(selftest.main())

from desktop.cli import main  # noqa: E402 - after the self-test branch: that one needs no argument parsing

sys.exit(main())
