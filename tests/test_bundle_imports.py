"""The Windows bundle leaves out the Qt modules and packages of desktop/bundle_info.py: the program must never
import them (it would start on the developer's machine and fail only on the clerk's PC)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from desktop import bundle_info

ROOT = Path(__file__).resolve().parent.parent


def _program_files() -> list[Path]:
    return sorted(p for package in ("desktop", "db") for p in (ROOT / package).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function ("from PySide6 import QtSvg" included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _is_excluded(name: str, excluded: set[str]) -> bool:
    return any(name == e or name.startswith(e + ".") for e in excluded)


def test_the_excluded_list_is_not_empty_and_spares_what_the_program_uses() -> None:
    excluded = set(bundle_info.qt_excludes())
    assert {"PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore", "PySide6.QtPdf"} <= excluded
    assert not excluded & {f"PySide6.{m}" for m in bundle_info.QT_USED}


def test_the_spec_takes_its_excludes_from_bundle_info() -> None:
    spec = (ROOT / "installer" / "thidua.spec").read_text(encoding="utf-8")
    ast.parse(spec)  # a syntax error would only show in the build
    assert "bundle_info.excludes()" in spec and "excludes=EXCLUDES" in spec


def test_no_source_file_imports_an_excluded_module() -> None:
    """Static: catches lazy imports inside functions too, which no run of the program may reach."""
    excluded = set(bundle_info.excludes())
    offenders = {
        str(f.relative_to(ROOT)): sorted(n for n in _imported(f) if _is_excluded(n, excluded))
        for f in _program_files()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_qt_used_is_exactly_what_the_source_imports() -> None:
    """QT_USED must stay true: a newly used Qt module is added there (and so leaves the excludes)."""
    used = {n.split(".")[1] for f in _program_files() for n in _imported(f) if n.startswith("PySide6.Qt")}
    assert used == set(bundle_info.QT_USED)


_PROBE = r"""
import json, pkgutil, sys, importlib
import desktop, db
# Every module of the program, then the real start path and every page (ward and upper level).
for pkg in (desktop, db):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
from PySide6.QtWidgets import QApplication
from desktop.app import run
for path in sys.argv[1:]:
    app, window = run(path, show=False)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        window.ctx.worker.wait_idle()
        QApplication.processEvents()
    window.ctx.worker.wait_idle()
    QApplication.processEvents()
    window.ctx.worker.close()
    window.ctx.reader.close()
    window.instance.release()
print(json.dumps(sorted(sys.modules)))
"""


def test_running_the_program_loads_no_excluded_qt_module(demo_path: Path, tmp_path: Path) -> None:
    """Dynamic: the libraries the program uses must not pull an excluded Qt module in either. (Not the Python
    excludes: openpyxl loads lxml when a developer's venv has it; the bundle's self-test covers its absence.)"""
    from db.connection import open_ledger
    from desktop.core.ledger import setup

    upper_path = tmp_path / "tinh.sqlite"
    led = open_ledger(upper_path)
    setup.initialize(led, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"})
    led.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THIDUA_DB": str(tmp_path / "unused.sqlite")}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(demo_path), str(upper_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert {"PySide6.QtWidgets", "PySide6.QtNetwork", "desktop.ui.pages.exchange_page"} <= loaded  # it really ran
    assert sorted(m for m in loaded if _is_excluded(m, set(bundle_info.qt_excludes()))) == []
