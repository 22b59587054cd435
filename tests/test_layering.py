"""Imports flow one way: desktop.ui → desktop.core → db. db/ and desktop/core/ never import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["db", "desktop/core"])
def test_no_qt_below_the_ui(package: str) -> None:
    offenders = {
        str(f.relative_to(ROOT)): sorted(i for i in _imports(f) if i.split(".")[0] in ("PySide6", "shiboken6"))
        for f in _files(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_db_imports_nothing_of_desktop() -> None:
    offenders = {str(f.relative_to(ROOT)): [i for i in _imports(f) if i.startswith("desktop")] for f in _files("db")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_never_imports_the_ui() -> None:
    offenders = {
        str(f.relative_to(ROOT)): [i for i in _imports(f) if i.startswith("desktop.ui")] for f in _files("desktop/core")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_layering_test_sees_the_files() -> None:
    # Guard against the checks above passing because they read nothing.
    assert len(_files("db")) >= 3 and len(_files("desktop/core")) >= 10
