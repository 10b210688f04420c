"""Every public name is documented with examples, and the examples run."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import pkgutil
import sys

import pytest

import toynn

# Every module of the package, private ones and those of subpackages (toynn.plots._data)
# included: that is where the public functions are defined and their examples live.
MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(toynn.__path__, prefix="toynn.")
)


def attribute_docstrings(module) -> dict[str, str]:
    """Docstrings of module-level constants: a string literal right after the assignment."""
    tree = ast.parse(inspect.getsource(module))
    docs = {}
    for node, following in zip(tree.body, tree.body[1:], strict=False):
        if isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target.id]
        else:
            continue
        if (isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docs.update(dict.fromkeys(targets, inspect.cleandoc(following.value.value)))
    return docs


def docstring(name: str) -> str | None:
    obj = getattr(toynn, name)
    if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
        return inspect.getdoc(obj)
    # a constant (dict, tuple): its docstring sits in the source of the module defining it
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        if getattr(module, name, None) is obj:
            doc = attribute_docstrings(module).get(name)
            if doc:
                return doc
    return None


def test_all_lists_only_real_names():
    assert len(set(toynn.__all__)) == len(toynn.__all__)
    for name in toynn.__all__:
        assert hasattr(toynn, name), name


@pytest.mark.parametrize("name", toynn.__all__)
def test_public_name_has_a_docstring_with_examples(name):
    doc = docstring(name)
    assert doc, f"{name} has no docstring"
    summary = doc.splitlines()[0]
    assert summary.strip() and len(summary) <= 100, f"{name}: one-line summary expected"
    assert "\nExamples:\n" in doc, f"{name}: no 'Examples:' section"
    examples = doc.split("\nExamples:\n", 1)[1]
    assert ">>>" in examples, f"{name}: the Examples section has no >>> lines"


PUBLIC_CLASSES = [name for name in toynn.__all__ if inspect.isclass(getattr(toynn, name))]


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_public_methods_and_properties_have_docstrings(name):
    cls = getattr(toynn, name)
    for attribute, value in vars(cls).items():
        if attribute.startswith("_"):
            continue
        if isinstance(value, property) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{name}.{attribute} has no docstring"


@pytest.mark.parametrize("module_name", ["toynn", *MODULES])
def test_docstring_examples_run(module_name):
    # what doctest.testmod(module, optionflags=...) does, with the report kept for the assert
    module = importlib.import_module(module_name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    failed = 0
    try:
        for test in doctest.DocTestFinder().find(module):
            failed += runner.run(test, out=report.append).failed
    finally:
        if "matplotlib.pyplot" in sys.modules:  # examples of plots leave figures open
            sys.modules["matplotlib.pyplot"].close("all")
    assert failed == 0, "".join(report)


def test_every_public_function_and_class_has_its_examples_run():
    # Guard against the doctest test passing because nothing was collected: doctest's
    # finder only sees objects defined in the module it is given, so a function defined in
    # a module missing from MODULES (say a new toynn.plots._x) would silently go untested.
    finder = doctest.DocTestFinder()
    run = {test.name for name in ["toynn", *MODULES]
           for test in finder.find(importlib.import_module(name)) if test.examples}
    for name in toynn.__all__:
        obj = getattr(toynn, name)
        if inspect.isclass(obj) or inspect.isroutine(obj):
            assert f"{obj.__module__}.{obj.__qualname__}" in run, name
