"""No import cycles between the project's modules, counting imports inside functions too.

A lazy import inside a function hides a cycle from Python but not from the reader:
the two modules still depend on each other. This builds the graph of every import
between the project's own modules (ast, no importing) and fails on any cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "migrations", ".git", "node_modules", "__pycache__", "staticfiles", "media"}


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the project outside migrations."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED_DIRS.intersection(relative.parts[:-1]):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            modules[".".join(parts)] = path
    return modules


def _imported_modules(
    tree: ast.AST, module: str, is_package: bool, modules: Collection[str]
) -> Iterator[str]:
    """The modules the imports in `tree` refer to (absolute, dotted; maybe outside the project)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".") if package else []
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, node.module] if node.module else base_parts)
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"  # `from package import module`
                yield submodule if submodule in modules else base


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports (anywhere in the file)."""
    modules = project_modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for imported in _imported_modules(tree, name, path.name == "__init__.py", modules):
            if imported in modules and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        # Iterative, so that a long chain of imports cannot hit the recursion limit.
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return "; ".join(edges)


def test_the_graph_sees_the_projects_modules_and_lazy_imports():
    graph = import_graph()
    assert {"cms.models", "pianoo.urls", "wegwijzer.advice", "checklist.scoring"} <= graph.keys()
    # pianoo.urls imports the apps' APIs at the top; pianoo.apps imports login_throttle inside ready().
    assert "wegwijzer.api" in graph["pianoo.urls"]
    assert "pianoo.login_throttle" in graph["pianoo.apps"]


def test_cycles_are_found_through_relative_and_function_level_imports(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("def route():\n    from . import views\n")
    (package / "views.py").write_text("from app.helpers import load\n")
    (package / "helpers.py").write_text("from .models import route\n")
    (package / "alone.py").write_text("import app.helpers\n")
    graph = import_graph(tmp_path)
    assert graph["app.models"] == {"app.views"}
    assert cycles(graph) == [["app.helpers", "app.models", "app.views"]]


def test_no_import_cycles_between_the_projects_modules():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "Import cycles:\n" + "\n".join(_describe(c, graph) for c in found)
