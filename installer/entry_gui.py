"""PyInstaller entry of SoThiDua(.exe), the windowed program: the GUI (a double-clicked .thidua file arrives
as its argument; `--self-test` checks the bundle)."""

import multiprocessing
import sys

# First of all: a worker process of the upper level's import (upper_pool) is this executable started again, and
# does its work and exits here instead of opening a window.
multiprocessing.freeze_support()

import desktop  # noqa: E402

desktop.FREEZE_SUPPORT = True

from desktop.app import main  # noqa: E402

sys.exit(main())
