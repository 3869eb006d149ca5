"""The import graph of ``ecrfake/``: no cycles, and every import runs down the layers.

Every import counts: module level, inside functions, and under ``TYPE_CHECKING``. The layers, from
the bottom (docs/architecture.md has the picture):

0. leaves: ``_aws``, ``_clock``, ``_env``, ``_http``, ``_service``, ``_version``, ``exceptions``
1. ``findings`` (the public finding builders)
2. ``models/`` (the backend)
3. the wire: ``_operations``, ``_validate``, ``_wire``, ``_restjson``, ``_auth``
4. ``handlers/``
5. ``_dispatch``
6. interception: ``_patch*``, ``_aio*``, ``_guard*``
7. ``registry`` (the public test controls)
8. activation: ``fake``; the remote client ``remote``
9. the server: ``server/``
10. ``ecrfake`` (the package ``__init__``: re-exports only)
11. entry points: ``pytest_plugin``, ``__main__``

A module may import modules of a lower layer, and modules of its own layer only inside its own
package (``models`` among themselves, ``handlers`` among themselves).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "ecrfake"

LAYERS = {
    "ecrfake._aws": 0,
    "ecrfake._clock": 0,
    "ecrfake._service": 0,
    "ecrfake._version": 0,
    "ecrfake._env": 0,
    "ecrfake._http": 0,
    "ecrfake.exceptions": 0,
    "ecrfake.findings": 1,
    "ecrfake._controls": 1,
    "ecrfake.models": 2,
    "ecrfake._operations": 3,
    "ecrfake._validate": 3,
    "ecrfake._wire": 3,
    "ecrfake._restjson": 3,
    "ecrfake._auth": 3,
    "ecrfake.handlers": 4,
    "ecrfake._dispatch": 5,
    "ecrfake._patch": 6,
    "ecrfake._aio": 6,
    "ecrfake._guard": 6,
    "ecrfake.registry": 7,
    "ecrfake.fake": 8,
    "ecrfake.remote": 8,
    "ecrfake.server": 9,
    "ecrfake": 10,
    "ecrfake.pytest_plugin": 11,
    "ecrfake.__main__": 11,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def layer(module: str) -> int:
    """The layer of a module: the longest matching entry (``ecrfake._patch_aio`` is ``_patch``)."""
    best = None
    for prefix, rank in LAYERS.items():
        if (
            module == prefix
            or module.startswith(prefix + ".")
            or (prefix != "ecrfake" and module.startswith(prefix + "_"))
        ) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, rank)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return best[1]


def _package(module: str) -> str:
    return module.rsplit(".", 1)[0] if module.count(".") > 1 else module


def imports_of(module: str) -> set[str]:
    """Every ecrfake module ``module`` imports, wherever the import statement is."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(), str(path))
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            # `from ecrfake import _clock` imports the submodule; `from ecrfake.x import name` the module.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found.update(n for n in names if n in MODULES and n != module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_is_in_a_layer():
    for module in MODULES:
        layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers(module):
    mine = layer(module)
    wrong = sorted(
        target
        for target in GRAPH[module]
        if layer(target) > mine or (layer(target) == mine and _package(target) != _package(module))
    )
    assert wrong == [], f"{module} (layer {mine}) imports upward or sideways: {wrong}"


def test_import_graph_has_no_cycle():
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        if module in visiting:
            cycle = [*visiting[visiting.index(module) :], module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        visiting.append(module)
        for target in sorted(GRAPH[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)


def test_the_walk_sees_function_local_and_type_checking_imports():
    # The walk must not be blind to the imports that hide cycles from readers.
    assert "ecrfake.models.registry" in GRAPH["ecrfake._operations"]  # TYPE_CHECKING
    assert "ecrfake.registry" in GRAPH["ecrfake.fake"]  # inside functions
