"""The package's import graph: no cycles, and no module imports another's private names.

Every ``import`` and ``from ... import`` in src/paperlens (at any depth, so a
lazy import inside a function counts too; imports under ``if TYPE_CHECKING:``,
for annotations only, do not) is an edge between two modules of the package. Importing a submodule does not count as importing its package's
``__init__`` (that is Python's mechanics, not a dependency the code chose).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "paperlens"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(name: str) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import in module ``name``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    type_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                 and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                 for n in ast.walk(block)}  # imports for annotations only: not a dependency
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names if alias.name.startswith("paperlens")]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, name, path.name == "__init__.py")
            if not target.startswith("paperlens"):
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.append((submodule, None) if submodule in MODULES else (target, alias.name))
    return found


def graph() -> dict[str, set[str]]:
    return {name: {target for target, _ in imports(name) if target in MODULES and target != name}
            for name in MODULES}


def test_the_package_has_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack + [target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_a_private_name_of_another():
    crossings = [f"{name} imports {target}.{item}" for name in sorted(MODULES)
                 for target, item in imports(name)
                 if item and item.startswith("_") and not item.startswith("__") and target != name]
    assert not crossings, "\n".join(crossings)


def test_the_checker_sees_the_modules():
    """The walk above finds the stages (a guard against a checker that checks nothing)."""
    assert {"paperlens.pipeline", "paperlens.cli", "paperlens.schema"} <= set(MODULES)
    assert "paperlens.schema" in graph()["paperlens.pipeline"]
