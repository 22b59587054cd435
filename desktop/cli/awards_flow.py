"""`thidua awards <action>`: suggestions, proposals (create, withdraw, list), decisions and issuing documents."""

from __future__ import annotations

import argparse

from desktop.cli.common import Command


def add_parsers(actions: argparse._SubParsersAction) -> None:
    """Add this group's actions under `thidua awards`."""


ACTIONS: dict[str, Command] = {}
