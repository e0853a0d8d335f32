"""kontor.core.documents has no import cycle, and no import hides inside a function to dodge one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "kontor.core.documents"
FOLDER = Path(__file__).resolve().parents[2] / "kontor" / "core" / "documents"
MODULES = sorted(p for p in FOLDER.glob("*.py") if p.name != "__init__.py")


def module_name(path: Path) -> str:
    return f"{PACKAGE}.{path.stem}"


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(module, line, inside a function) of every kontor import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                names = [child.module] + [f"{child.module}.{a.name}" for a in child.names]
                found.extend((name, child.lineno, in_function) for name in names if name.startswith("kontor"))
            elif isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_function) for a in child.names if a.name.startswith("kontor"))
            visit(child, nested)

    visit(tree, False)
    return found


def graph() -> dict[str, set[str]]:
    names = {module_name(p) for p in MODULES}
    return {module_name(p): {name for name, _, _ in imports_of(p) if name in names} for p in MODULES}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := walk(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_the_documents_package_has_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle in kontor.core.documents: " + " -> ".join(cycle)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_of_the_documents_package_imports_inside_a_function(path):
    hidden = [f"line {line}: {name}" for name, line, inside in imports_of(path) if inside]
    assert not hidden, f"{path.name} imports inside a function (move it to the top): {'; '.join(hidden)}"


def test_the_cycle_finder_finds_a_cycle_and_the_lineage_module_sits_low():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    edges = graph()
    assert edges[f"{PACKAGE}.lineage"] <= {f"{PACKAGE}.models", f"{PACKAGE}.kinds"}
    for user in ("services", "status", "locking", "groups", "conversion"):
        assert f"{PACKAGE}.lineage" in edges[f"{PACKAGE}.{user}"], user
