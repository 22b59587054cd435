"""The house rules of the code (README, "For developers"): imports flow one way and never in a circle.

- desktop.ui / desktop.cli → desktop.core → db; db/ and desktop/core/ never import Qt.
- Inside desktop.core each feature package imports only the packages before it in `CORE_ORDER`; the shared
  tools (text, files, pdf) import no feature; nothing in core imports demo.
- No import cycle between any two modules of db/ and desktop/, counting imports inside functions and under
  TYPE_CHECKING (a lazy import hides a cycle, it does not remove it).
- A module over 400 lines, or a function over 80, says why in a line at its top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# desktop.core's packages, lowest first, and what each may import besides `desktop.core.errors`, db and the
# base modules of desktop (paths, bundle_info, __init__). The order is the README's.
SHARED = ("text", "files", "pdf")
CORE_ALLOWED: dict[str, set[str]] = {
    "text": set(),
    "files": {"text"},
    "pdf": {"text"},
    "ledger": {*SHARED},
    "figures": {*SHARED, "ledger"},
    "round": {*SHARED, "ledger", "figures"},
    "report": {*SHARED, "ledger", "figures", "round"},
    "awards": {*SHARED, "ledger", "figures", "report", "round"},
    "exchange": {*SHARED, "ledger", "figures", "report", "awards", "round"},  # the dossier PDFs sent upward
    "intake": {*SHARED, "ledger"},
    "demo": {*SHARED, "ledger", "figures", "report", "awards", "exchange", "intake", "round"},
}
BASE = {"desktop", "desktop.paths", "desktop.bundle_info", "desktop.core", "desktop.core.errors"}
MODULE_LINES, FUNCTION_LINES = 400, 80
REASON = "on purpose"  # the words of the one-line reason of a long module ("Longer than 400 lines on purpose: …")


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of db/ and desktop/ it imports: at the top, inside functions, under TYPE_CHECKING,
    relative or absolute. `from pkg import mod` counts as importing pkg.mod."""
    files = {_module_name(f): f for package in ("db", "desktop") for f in _files(package)}

    def known(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(filter(None, (known(a.name) for a in node.names)))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for a in node.names:
                    full = f"{source}.{a.name}"
                    found = full if full in files else known(source)
                    if found:
                        deps.add(found)
        deps.discard(module)
        graph[module] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _feature(module: str) -> str | None:
    """"awards" for desktop.core.awards.council; None outside desktop.core's packages."""
    parts = module.split(".")
    if parts[:2] == ["desktop", "core"] and len(parts) > 2 and parts[2] in CORE_ALLOWED:
        return parts[2]
    return None


def forbidden(graph: dict[str, set[str]]) -> list[str]:
    """Every import against the declared order, as "importer → imported (why)"."""
    out: list[str] = []
    for module, deps in sorted(graph.items()):
        own = _feature(module)
        for dep in sorted(deps):
            why = None
            if module.startswith("db") and dep.startswith("desktop"):
                why = "db imports nothing of desktop"
            elif module.startswith("desktop.core") and dep.startswith(("desktop.ui", "desktop.cli", "desktop.app",
                                                                       "desktop.selftest")):
                why = "core imports no GUI, command line or self-test"
            elif module.startswith("desktop.cli") and dep.startswith(("desktop.ui", "desktop.app")):
                why = "the command line imports no GUI"
            elif module.startswith("desktop.ui") and dep.startswith("desktop.cli"):
                why = "the GUI imports no command line"
            elif module.startswith("desktop.core") and dep.startswith("desktop"):
                target = _feature(dep)
                if target is None and dep not in BASE:
                    why = "desktop.core imports only its packages and the base modules"
                elif own is not None and target is not None and target != own and target not in CORE_ALLOWED[own]:
                    allowed = ", ".join(sorted(CORE_ALLOWED[own])) or "nothing"
                    why = f"{own} may import of desktop.core only: {allowed}"
                elif own is None and target is not None and module not in BASE:
                    why = "a module of desktop.core outside a package"
            if why:
                out.append(f"{module} → {dep} ({why})")
    return out


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("package", ["db", "desktop/core"])
def test_no_qt_below_the_ui(package: str) -> None:
    offenders = {
        str(f.relative_to(ROOT)): sorted(i for i in _imports(f) if i.split(".")[0] in ("PySide6", "shiboken6"))
        for f in _files(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_imports_follow_the_declared_order() -> None:
    assert forbidden(import_graph()) == []


def test_every_core_package_is_declared_and_says_what_it_may_import() -> None:
    packages = {p.parent.name for p in (ROOT / "desktop" / "core").glob("*/__init__.py")}
    assert packages == set(CORE_ALLOWED)
    for name in packages:
        doc = ast.get_docstring(ast.parse((ROOT / "desktop" / "core" / name / "__init__.py").read_text("utf-8")))
        assert doc and "import" in doc, f"desktop/core/{name}/__init__.py: say what the package may import"


def test_long_modules_and_functions_say_why() -> None:
    offenders = []
    for path in _files("db") + _files("desktop"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        name = str(path.relative_to(ROOT))
        if len(lines) > MODULE_LINES and REASON not in "\n".join(lines[:12]):
            offenders.append(f"{name}: {len(lines)} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                head = "\n".join(lines[node.lineno - 1: node.body[0].lineno + 1])
                if length > FUNCTION_LINES and "#" not in head:
                    offenders.append(f"{name}: {node.name}() {length} lines")
    assert offenders == []


# --------------------------------------------------------------------------- the checks can fail


def test_the_checks_see_a_cycle_and_a_forbidden_import() -> None:
    graph = import_graph()
    assert len(graph) > 60 and "desktop.core.awards.council" in graph  # it read the real tree
    bent = {k: set(v) for k, v in graph.items()}
    bent["desktop.core.figures.figures"].add("desktop.core.awards.catalogue")  # figures must not know awards
    bent["desktop.core.ledger.records"].add("desktop.core.demo.builder")  # nothing in core imports demo
    bent["desktop.core.text.vnformat"].add("desktop.core.ledger.vocab")  # a shared tool imports no feature
    bent["db.schema"].add("db.migrations")  # db.migrations imports db.schema: a cycle
    assert forbidden(bent) == [
        "desktop.core.figures.figures → desktop.core.awards.catalogue "
        "(figures may import of desktop.core only: files, ledger, pdf, text)",
        "desktop.core.ledger.records → desktop.core.demo.builder (ledger may import of desktop.core only: files, pdf, "
        "text)",
        "desktop.core.text.vnformat → desktop.core.ledger.vocab (text may import of desktop.core only: nothing)",
    ]
    assert ["db.migrations", "db.schema"] in cycles(bent)
