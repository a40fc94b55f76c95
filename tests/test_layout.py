"""One key per topic: from any of a topic's files the others can be named.

- A module of the package, ``snippets/<m>.py``, is tested by
  ``tests/test_<m>.py``, and its figures, if it has any, are drawn by
  ``snippets/figures/<m>.py``. One figure module is named by what it draws
  rather than by topic: ``interactive``, the data of every interactive
  figure, which share one frame of SVG and one build hook.
- A chapter, ``docs/<lang>/<section>/``, has its exercises in
  ``snippets/exercises/<s>.py`` (``<s>`` is ``<section>`` with ``-`` written
  ``_``), tested by ``tests/test_exercises_<s>.py``, and its whole programs in
  ``snippets/examples/<section>/`` (their names: tests/test_examples.py).
- Test modules share code through ``tests/helpers.py``; none imports
  ``conftest`` (pytest's hooks and fixtures only) or another test module.
"""

import ast

from helpers import DOCS, ROOT

SNIPPETS = ROOT / "snippets"
TESTS = ROOT / "tests"


def modules(folder):
    return sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")


def imported_modules(source):
    """Every module ``source`` imports, ``from a import b`` giving ``a`` and ``a.b``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_every_module_of_the_package_has_its_test_module():
    missing = [m for m in modules(SNIPPETS) if not (TESTS / f"test_{m}.py").is_file()]
    assert missing == []


def test_every_figure_module_is_named_after_the_module_it_draws():
    wrong = []
    for m in modules(SNIPPETS / "figures"):
        if m == "interactive":  # every chapter's interactive figures
            continue
        source = (SNIPPETS / "figures" / f"{m}.py").read_text(encoding="utf-8")
        if not (SNIPPETS / f"{m}.py").is_file() or f"snippets.{m}" not in imported_modules(source):
            wrong.append(m)
    assert wrong == []


def test_every_exercises_module_is_named_after_its_chapter():
    sections = {p.name.replace("-", "_") for p in (DOCS / "en").iterdir() if p.is_dir()}
    exercises = modules(SNIPPETS / "exercises")
    assert set(exercises) <= sections
    tested = {p.stem.removeprefix("test_exercises_") for p in TESTS.glob("test_exercises_*.py")}
    assert tested == set(exercises)


def test_example_folders_are_the_chapters_folders():
    folders = [p for p in (SNIPPETS / "examples").iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert folders
    assert [p.name for p in folders if not (DOCS / "en" / p.name).is_dir()] == []
    assert sorted((SNIPPETS / "examples").glob("*.py")) == []


def forbidden_imports(source):
    """The imports of ``conftest`` or of a test module in ``source``."""
    tests = {p.stem for p in TESTS.glob("test_*.py")}
    return sorted(name for name in imported_modules(source)
                  if name.split(".")[0] == "conftest" or name.split(".")[0] in tests)


def test_test_modules_import_helpers_not_conftest_or_each_other():
    wrong = {}
    for path in sorted(TESTS.glob("*.py")):
        if found := forbidden_imports(path.read_text(encoding="utf-8")):
            wrong[path.name] = found
    assert wrong == {}


def test_the_import_check_sees_a_forbidden_import():
    assert forbidden_imports("from conftest import ROOT\n") == ["conftest", "conftest.ROOT"]
    assert forbidden_imports("from test_page_code import expand\n") == [
        "test_page_code", "test_page_code.expand"]
    assert forbidden_imports("import test_twins\n") == ["test_twins"]
    assert forbidden_imports("from helpers import ROOT\nimport numpy\n") == []
