"""What the site build imports is pinned in requirements/docs.txt.

``./dev.sh serve`` and ``build`` install only requirements/docs.txt, while the
tests run with requirements/test.txt on top of it; a module that the build
imports but only the test requirements pin would pass every test and break
the README's serve command. The build imports the snippets package (figures
are drawn from it), the hooks, and whatever the notebooks' code cells import.
"""

import ast
import functools
import json
import re
import sys
from importlib.metadata import packages_distributions

import pytest

from conftest import DOCS, ROOT


def pinned(path):
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Za-z0-9_.-]+)==", line.strip()):
            names.add(re.sub(r"[-_.]+", "-", m.group(1)).lower())
    return names


def imported_modules(source):
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def build_sources():
    """(where, source) for the code the site build runs."""
    files = [p for p in (ROOT / "snippets").rglob("*.py") if "examples" not in p.parts]
    files += sorted((ROOT / "hooks").glob("*.py"))
    for path in files:
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted(DOCS.rglob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                yield f"{path.relative_to(ROOT).as_posix()} cell {i}", "".join(cell["source"])


@functools.cache
def _installed():
    return packages_distributions()  # reads every installed distribution: once


def distributions(module):
    return {re.sub(r"[-_.]+", "-", d).lower() for d in _installed().get(module, [])}


SOURCES = list(build_sources())


@pytest.mark.parametrize("where,source", SOURCES, ids=[where for where, _ in SOURCES])
def test_build_imports_only_what_docs_requirements_pin(where, source):
    docs = pinned(ROOT / "requirements" / "docs.txt")
    for module in imported_modules(source):
        if module in sys.stdlib_module_names or module == "snippets":
            continue
        found = distributions(module)
        assert found, f"{where} imports {module}, which no installed distribution provides"
        assert found & docs, f"{where} imports {module} ({', '.join(sorted(found))}), not pinned in requirements/docs.txt"


def test_the_check_sees_a_missing_pin():
    assert "torch" in distributions("torch")
    assert "adamp" not in pinned(ROOT / "requirements" / "docs.txt")
    assert distributions("adamp") == {"adamp"}
