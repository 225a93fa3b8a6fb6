"""How the modules of src import one another: no cycle, not even through an import inside a
function (a lazy import that only dodges a cycle hides a module in the wrong place)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

SRC = ROOT / "src"


def _name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imported(tree: ast.AST, package: str) -> set[str]:
    """The names a module imports anywhere in it (at its top or inside a function), those only
    a type checker reads (``if TYPE_CHECKING:``) left out; relative imports made absolute."""
    out: set[str] = set()
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)  # a module imported from a package
        todo.extend(ast.iter_child_nodes(node))
    return out


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Each module of *src* and the modules of *src* it imports. A package's own members, which
    its ``__init__`` may hand work to (``loaders.load`` → ``loaders.text``), are left out of its
    edges: a member importing its package is how a package is built, not a cycle."""
    paths = {_name(p, src): p for p in sorted(src.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = _imported(ast.parse(path.read_text(encoding="utf-8")), package)
        graph[name] = {m for m in found if m in paths and m != name
                       and not (path.name == "__init__.py" and m.startswith(name + "."))}
    return graph


def a_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Some cycle of *graph* as the modules along it (the first again at the end), or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    for root in graph:
        if root in state:
            continue
        path = [root]
        state[root] = 1
        stack = [iter(sorted(graph[root]))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def test_the_modules_import_one_another_without_a_cycle():
    graph = import_graph()
    assert "policyparse.extract._common" in graph["policyparse.extract.tables"]
    assert a_cycle(graph) is None, " -> ".join(a_cycle(graph) or [])


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("def load():\n    from .a import f\n    return f\n")
    (pkg / "a.py").write_text("from . import b\nfrom . import load\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                              "    from .a import f\n")
    assert a_cycle(import_graph(tmp_path)) is None  # the package's own member; a type's import
    (pkg / "b.py").write_text("def g():\n    from pkg.a import f\n    return f\n")
    assert a_cycle(import_graph(tmp_path)) == ["pkg.a", "pkg.b", "pkg.a"]
