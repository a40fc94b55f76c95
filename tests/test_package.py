"""Rules of the snippets package: NumPy only, documented, doctested."""

import ast
import importlib
import inspect
import pkgutil

import pytest

import snippets
from helpers import ROOT

FRAMEWORKS = {"torch", "sklearn", "tensorflow", "jax", "scipy", "adamp"}


def package_modules():
    """Modules of the package (snippets/examples holds scripts, not modules)."""
    names = []
    for info in pkgutil.walk_packages(snippets.__path__, prefix="snippets."):
        names.append(info.name)
    return sorted(names)


MODULES = package_modules()


def test_the_package_has_modules():
    assert "snippets.gd_methods" in MODULES
    assert not any(name.startswith("snippets.examples") for name in MODULES)


# snippets/examples/ holds scripts, among them the PyTorch side of the pages.
PACKAGE_FILES = sorted(p for p in (ROOT / "snippets").rglob("*.py") if "examples" not in p.parts)


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_math_uses_numpy_only(path):
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & FRAMEWORKS
    if "figures" not in path.parts:
        assert "matplotlib" not in imported


def public_objects():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{name}.{attr}", obj


@pytest.mark.parametrize("qualname,obj", list(public_objects()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_object_has_a_doctest(qualname, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{qualname} has no docstring"
    # numpydoc's Examples section: mkdocstrings renders it as code, and pytest runs it.
    examples = doc.split("Examples\n--------\n", 1)
    assert len(examples) == 2 and ">>>" in examples[1], f"{qualname}'s docstring has no Examples section"


@pytest.mark.parametrize("name", MODULES)
def test_module_has_a_docstring(name):
    assert importlib.import_module(name).__doc__
