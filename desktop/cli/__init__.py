"""The `thidua` command line (DESIGN §5.2): automation, the upper level's batch work, and tests; one module per
command group, sharing desktop.cli.common. It may import desktop.core.*, db, desktop.paths and desktop itself —
never desktop.ui or desktop.app."""

from desktop.cli.app import main

__all__ = ["main"]
