"""One-way layers, checked by reading every module's imports (ast: nothing is imported to check them).

The packages in layer order, lowest first (README, "Layout"):
  indexer     articles, the build and the snapshot format: knows nothing of searching
  search_app  searching a snapshot, the app, and its own commands (`python -m search_app`)
  editors     the editors' and operators' commands (`python -m indexer`), over both
A module may import from its own layer and the ones below, never from one above; every
import counts, those inside functions included. Inside a package no module imports the
package's own `__init__` (search_app's builds the app; state has its accessor module).
The one exception is declared in ENTRY_SHIMS: `indexer/__main__.py` only hands
`python -m indexer` to `editors.cli`, and nothing imports a `__main__`.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("indexer", "search_app", "editors")
ENTRY_SHIMS = {("indexer.__main__", "editors.cli")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for package in LAYERS for path in sorted((ROOT / package).rglob("*.py"))
            if "__pycache__" not in path.parts}


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def imports(name: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the module `name` that names one of LAYERS' modules.
    `from P import x` imports the module P.x when there is one, else P itself (its `__init__`)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if _is_package(name) else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                found.append((f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base, node.lineno))
    return [(target, line) for target, line in found if target.partition(".")[0] in LAYERS]


def _layer(module: str) -> int:
    return LAYERS.index(module.partition(".")[0])


def upward_imports() -> list[str]:
    return [f"{name} (line {line}) imports {target}, a higher layer"
            for name in MODULES for target, line in imports(name)
            if _layer(target) > _layer(name) and (name, target) not in ENTRY_SHIMS]


def package_cycles() -> list[list[str]]:
    """Circles in the graph of which top-level package imports which (every import counted)."""
    edges = {package: set() for package in LAYERS}
    for name in MODULES:
        for target, _ in imports(name):
            if (name, target) not in ENTRY_SHIMS and target.partition(".")[0] != name.partition(".")[0]:
                edges[name.partition(".")[0]].add(target.partition(".")[0])
    cycles = []

    def walk(path: list[str]) -> None:
        for nxt in sorted(edges[path[-1]]):
            if nxt == path[0]:
                cycles.append(path + [nxt])
            elif nxt not in path and nxt > path[0]:  # each circle once, from its smallest name
                walk(path + [nxt])

    for start in LAYERS:
        walk([start])
    return cycles


def test_the_walk_sees_every_package_and_the_modules_it_must():
    assert {"indexer.build", "indexer.snapshot", "search_app", "search_app.app_state", "editors.cli",
            "indexer.__main__"} <= MODULES.keys()
    assert all(target in MODULES for name in MODULES for target, _ in imports(name)), "an import names no module"


def test_no_module_imports_from_a_higher_layer():
    assert upward_imports() == []


def test_no_two_packages_import_each_other_even_through_a_third():
    assert package_cycles() == []


def test_no_module_imports_its_own_packages_init():
    offenders = [f"{name} (line {line}) imports {target}" for name in MODULES for target, line in imports(name)
                 if _is_package(target) and name.startswith(target + ".")]
    assert offenders == []


def test_the_entry_shims_are_the_only_exceptions_and_nothing_imports_them():
    for shim, target in ENTRY_SHIMS:
        assert [t for t, _ in imports(shim)] == [target], f"{shim} is an entry shim: it imports only {target}"
    assert [name for name in MODULES for target, _ in imports(name) if target.endswith("__main__")] == []
