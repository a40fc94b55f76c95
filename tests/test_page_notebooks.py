"""The notebook of every page that shows code (``hooks/page_notebooks.py``).

The notebooks are checked on the built site, as a reader downloads them:
valid nbformat 4, executed without an error, in the page's language, with
the very code the page shows (expanded here block by block, as
``tests/test_page_code.py`` expands it, not by the hook's own pass over the
whole page), their figures inside, and a download button on the page. Then
every distinct notebook runs again from its downloaded file, with
``snippets`` unimportable, and must print what it stores.
"""

import base64
import functools
import importlib.util
import json
import os
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from helpers import DOCS, ROOT, _ProgramServer, _snippets_config, doc_pages, expand, fenced_blocks

_spec = importlib.util.spec_from_file_location("page_notebooks", ROOT / "hooks" / "page_notebooks.py")
page_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(page_notebooks)

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def code_pages(lang):
    return [rel.as_posix() for rel in doc_pages(lang, suffixes=(".md",))
            if "--8<--" in (DOCS / lang / rel).read_text(encoding="utf-8")]


PAGES = [(lang, rel) for lang in ("en", "ko") for rel in code_pages(lang)]


def shown_code(lang, rel):
    """The code the page shows, in its order: each ``py`` block, and the
    source of each ``>>>`` example, without prompts."""
    shown = []
    for fence_lang, body in fenced_blocks((DOCS / lang / rel).read_text(encoding="utf-8")):
        if fence_lang in ("py", "python", "python3"):
            shown.append(expand(body))
        elif fence_lang == "pycon":
            shown.append("\n".join(line[4:] for line in body.splitlines() if line.startswith((">>>", "..."))))
    return shown


@functools.cache
def plan(lang, rel):
    text = (DOCS / lang / rel).read_text(encoding="utf-8")
    return page_notebooks.Page(lang, rel, text, _snippets_config(), use_directory_urls=False)


def test_every_page_that_shows_code_gets_a_notebook():
    assert len(code_pages("en")) == len(code_pages("ko")) == 30


@pytest.mark.parametrize("lang,rel", PAGES)
def test_code_cells_are_the_code_the_page_shows(lang, rel):
    cells = [value for kind, value in plan(lang, rel).blocks if kind == "code"]
    text = "\n".join(cells)
    position = 0
    for code in shown_code(lang, rel):
        for line in filter(str.strip, code.splitlines()):
            # in order, each line verbatim (an example that shows an error is
            # indented in a try block that prints it)
            found = text.find(line.strip(), position)
            assert found >= 0, f"{lang}/{rel}: {line!r} is not in the notebook after position {position}"
            position = found + len(line.strip())


def test_jupyter_math_and_escaped_dollars():
    converted = page_notebooks.jupyter_math("a \\(x_1\\) costs $5, `\\(kept\\)`\n\\[\ny = 2 \\tag{1}\n\\]")
    assert converted == "a $x_1$ costs \\$5, `\\(kept\\)`\n$$\ny = 2 \\tag{1}\n$$"


def test_tabs_and_solutions_become_titled_markdown():
    text = '=== "PyTorch"\n\n    ```py\n    x = 1\n    ```\n\n??? success "Solution"\n    Why.\n'
    assert list(page_notebooks.parse(text)) == [
        ("md", "**PyTorch**"), ("md", ""), ("md", ""), ("py", "x = 1"), ("md", ""),
        ("md", "**Solution**"), ("md", ""), ("md", "Why."), ("md", "")]


def test_helper_carries_only_what_is_imported_and_its_dependencies():
    helper = page_notebooks.helper_code(["from snippets.landscapes import rosenbrock_grad"])
    assert "def rosenbrock_grad" in helper and "import numpy as np" in helper
    assert "def double_well" not in helper
    assert page_notebooks.helper_code(["import numpy as np"]) is None


# --- the built notebooks ------------------------------------------------------


def notebook_path(site, lang, rel):
    prefix = site if lang == "en" else site / lang
    return prefix / Path(rel).with_suffix(".ipynb")


@functools.cache
def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("lang,rel", PAGES)
def test_notebook_is_valid_executed_and_in_the_page_language(built_site, lang, rel):
    nb = _read(notebook_path(built_site.site, lang, rel))
    nbformat.validate(nbformat.from_dict(nb))
    assert nb["nbformat"] == 4
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert [o for c in code for o in c["outputs"] if o["output_type"] == "error"] == []
    assert [o for c in code for o in c["outputs"] if o.get("name") == "stderr"] == []
    assert ["".join(c["source"]) for c in code] == plan(lang, rel).code_cells
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    if lang == "ko":
        assert len(HANGUL.findall(prose)) > len(prose) / 10
    else:
        assert not HANGUL.search(prose)
    assert "\\(" not in prose and "\\[" not in prose  # math in Jupyter's delimiters


@pytest.mark.slow
@pytest.mark.parametrize("lang,rel", PAGES)
def test_notebook_carries_its_figures(built_site, lang, rel):
    nb = _read(notebook_path(built_site.site, lang, rel))
    page = (DOCS / lang / rel).read_text(encoding="utf-8")
    figures = re.findall(r"!\[[^\]]*\]\(\.\./figures/([\w-]+)\.svg\)", page)
    attached = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        assert not re.search(r"!\[[^\]]*\]\((?!attachment:)", source), "an image outside the notebook"
        for name in re.findall(r"\]\(attachment:([\w.-]+)\)", source):
            png = base64.b64decode(cell["attachments"][name]["image/png"])
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
            attached.append(name.removesuffix(".png"))
    assert attached == figures


@pytest.mark.slow
@pytest.mark.parametrize("lang,rel", PAGES)
def test_page_has_a_download_button(built_site, lang, rel):
    prefix = built_site.site if lang == "en" else built_site.site / lang
    html = (prefix / Path(rel).with_suffix(".html")).read_text(encoding="utf-8")
    name = Path(rel).with_suffix(".ipynb").name
    label = "노트북 내려받기" if lang == "ko" else "Download notebook"
    button = re.search(rf'<p class="notebook-download">\s*<a class="md-button" href="{re.escape(name)}" download>'
                       rf'.*?{label}', html, re.S)
    assert button, "no download button"
    assert button.start() < html.index("<h1"), "the button is not above the title"


# --- run again, as downloaded, without snippets ---------------------------------


class _SharedServer:
    """The test process's program server (helpers.py), which the program
    tests have already started: no second torch import."""

    def ask(self, request):
        if _ProgramServer.process is None or _ProgramServer.process.poll() is not None:
            with tempfile.TemporaryDirectory() as folder:
                (Path(folder) / "start.py").write_text("", encoding="utf-8")
                _ProgramServer.run(Path(folder) / "start.py", os.devnull, os.devnull)
        process = _ProgramServer.process
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())


def run_without_snippets(cells):
    with tempfile.TemporaryDirectory() as folder:
        return page_notebooks.run_cells(_SharedServer(), cells, folder)


def test_snippets_is_unimportable_in_a_run():
    code, outputs = run_without_snippets(["import numpy", "import snippets"])
    assert code == 1 and outputs[1][-1]["ename"] == "ModuleNotFoundError"


def _distinct():
    seen = {}
    for lang, rel in PAGES:
        seen.setdefault(json.dumps(plan(lang, rel).code_cells), (lang, rel))
    return list(seen.values())


@pytest.mark.slow
@pytest.mark.parametrize("lang,rel", _distinct())
def test_downloaded_notebook_runs_without_snippets(built_site, lang, rel):
    nb = _read(notebook_path(built_site.site, lang, rel))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    returncode, outputs = run_without_snippets(["".join(c["source"]) for c in code])
    assert returncode == 0, [o for cell in outputs for o in cell if o["output_type"] == "error"]

    def texts(cell_outputs):
        return [o.get("text") or o.get("data", {}).get("text/plain") for o in cell_outputs]

    assert [texts(o) for o in outputs] == [texts(c["outputs"]) for c in code]
