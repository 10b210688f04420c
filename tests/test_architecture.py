"""The shape of the code: which module may import which.

Every import counts, also one inside a function or under `if TYPE_CHECKING:` (both are
ways of hiding a circle, not of removing it). A module imports a package when it imports
anything from it, because Python runs the package's `__init__.py` first.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"toynn": ROOT / "toynn", "docsbuild": ROOT / "scripts" / "docsbuild"}


def module_files(package: str) -> dict[str, Path]:
    """Every module of `package`, by its dotted name (`toynn.plots._data`)."""
    base = PACKAGES[package]
    modules = {}
    for path in sorted(base.rglob("*.py")):
        parts = [package, *path.relative_to(base).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the same package that module `name` imports, anywhere in its code."""
    is_package = path.name == "__init__.py"
    found = set()

    def add(target: str) -> None:
        # Importing a.b.c runs a, a.b and a.b.c: each of them that is ours is imported,
        # except the packages that hold `name` (Python is running them already) when they
        # are only the way to a module below them.
        parts = target.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            holds_name = name.startswith(candidate + ".")
            if candidate in modules and candidate != name and (
                end == len(parts) or not holds_name
            ):
                found.add(candidate)

    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            add(base)
            for alias in node.names:  # `from . import figures` imports a module
                add(f"{base}.{alias.name}")
    return found


def import_graph(package: str) -> dict[str, set[str]]:
    modules = module_files(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_circles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_and_relative_imports_count(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from .sub import thing\n")
    (package / "sub" / "__init__.py").write_text("from ._leaf import thing\n")
    (package / "sub" / "_leaf.py").write_text(
        "def thing():\n    from .. import other\n    return other\n"
    )
    (package / "other.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub._leaf import thing\n"
    )
    monkeypatch.setitem(PACKAGES, "pkg", package)
    graph = import_graph("pkg")
    assert graph["pkg"] == {"pkg.sub"}
    assert graph["pkg.sub"] == {"pkg.sub._leaf"}  # not pkg: it is on the way to _leaf
    assert graph["pkg.sub._leaf"] == {"pkg", "pkg.other"}  # `from .. import` is pkg's
    assert graph["pkg.other"] == {"pkg.sub", "pkg.sub._leaf"}
    assert circles(graph) == [["pkg", "pkg.other", "pkg.sub", "pkg.sub._leaf"]]


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_import_circles(package):
    # The package itself is left out: a submodule that imports its own package (toynn's
    # lazy `toynn.interactive`) is not a circle of the package's own modules.
    graph = import_graph(package)
    graph = {name: {t for t in targets if t != package} for name, targets in graph.items()}
    assert circles(graph) == []


def test_checks_is_a_leaf():
    """`toynn._checks` is the bottom layer: every module may use it, it uses none."""
    assert import_graph("toynn")["toynn._checks"] == set()


def test_no_private_import_across_packages():
    """`toynn.plots` and `toynn.interactive` use each other only through public names
    (what they share lives in a private module of `toynn` itself)."""
    graph = import_graph("toynn")
    subpackages = {"toynn.plots", "toynn.interactive"}
    crossing = []
    for name, targets in graph.items():
        home = next((p for p in subpackages if name == p or name.startswith(p + ".")), None)
        for target in targets:
            owner = next((p for p in subpackages if target.startswith(p + ".")), None)
            private = target.rsplit(".", 1)[-1].startswith("_")
            if owner and owner != home and private:
                crossing.append(f"{name} -> {target}")
    assert crossing == []
