"""Build hook: every page that shows code is also a notebook, executed.

For each page (both languages) that embeds code from ``snippets/``, the build
writes ``<page>.ipynb`` beside the page's HTML (``optimizers/adam.html``,
``optimizers/adam.ipynb``; Korean under ``ko/``), and the page shows a download button (``overrides/main.html``). The notebook
is generated from the page itself, never written by hand:

- the page's Markdown is expanded by pymdownx.snippets, configured as in
  ``mkdocs.yml`` (``expand``, shared with the tests), so the code cells are
  the very blocks the page shows, in its order: every ``py`` block (both
  tabs of a NumPy / PyTorch pair) is a code cell, and each ``>>>`` example
  is split into code cells at its results, which become the cells' outputs;
- the prose becomes Markdown cells that Jupyter renders: ``\\( \\)`` and
  ``\\[ \\]`` become ``$ $`` and ``$$ $$``, tabs and admonitions (folded
  solutions too) become bold titles over their content, heading ids become
  ``<a id>`` anchors, and figures become PNG attachments of their cell;
- links to other pages point at the built pages, relative to the notebook's
  place in the site (beside the page): there is no absolute address of the
  site (``site_url`` stays unset), and a notebook opened from a copy of the
  site, or from the server, reaches the pages it links to;
- where the page's code imports from ``snippets``, a first code cell carries
  the part of the package it needs: for each module imported, the
  statements defining the names imported and, found with ``ast``, what
  they use in turn, taken from the package's sources and run as that
  module (``sys.modules``). The page's code then runs verbatim, each module
  keeps its own namespace (``conv`` and ``normalization`` both have a
  ``_check``), and a later ``from snippets.optimizers import Adam`` gives
  back the NumPy ``Adam`` after a PyTorch tab has bound the name to torch's.
- an example that shows an error (a ``Traceback`` result) runs inside a
  ``try`` that prints the error, so that the notebook runs top to bottom.

The notebooks run at build time in ``tests/program_server.py``, one fork per
distinct code (the English and Korean notebooks of a page share their code
cells and run once), with ``snippets`` made unimportable: the build itself
proves that each notebook runs where the package is not installed. A failing
cell fails the build. Outputs are cached in ``.cache/notebooks/`` by a hash
of the code cells, the Python and library versions and the executor; the
figures' PNGs by a hash of the SVG the figures hook drew. Execution (while
hooks/figures.py draws) and drawing (while MkDocs renders the pages) run in
background threads, each with its own program server.
"""

import ast
import base64
import functools
import hashlib
import json
import os
import platform
import posixpath
import re
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

import markdown
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("page_notebooks")
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "notebooks"
SERVER = ROOT / "tests" / "program_server.py"
NBFORMAT_MINOR = 5
# Part of the cache key: raise it when a change here changes what runs.
EXECUTION_VERSION = 1

HELPER_NOTE = {
    "en": ("**Helper code.** The parts of the `snippets` package that the code of "
           "this page imports, generated from the package's sources. Run this cell "
           "first: the imports below then work where the package is not installed."),
    "ko": ("**도우미 코드.** 이 페이지의 코드가 가져오는 `snippets` 패키지의 부분을 "
           "패키지의 소스에서 그대로 옮겨 두었습니다. 이 셀을 먼저 실행하면 패키지가 "
           "설치되지 않은 곳에서도 아래의 import가 동작합니다."),
}


# --- the page as the reader sees it -----------------------------------------


@functools.cache
def _markdown(options_json):
    return markdown.Markdown(extensions=["pymdownx.snippets"],
                             extension_configs={"pymdownx.snippets": json.loads(options_json)})


def expand(text, options):
    """``text`` after pymdownx.snippets with ``options``, as the page shows it."""
    md = _markdown(json.dumps(options, sort_keys=True))
    md.reset()
    return "\n".join(md.preprocessors["snippet"].run(text.splitlines()))


FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)(.*)$")
CONTAINER = re.compile(r'^(===|!!!|\?\?\?\+?)\s*([\w-]*)\s*(?:"(.*)")?\s*$')
HEADING_ID = re.compile(r"^(#{1,6} .*?)\s*\{#([\w-]+)\}\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s#]+)(#[^)\s]*)?\)")
CODE_LANGS = ("py", "python", "python3")


def _dedent(lines, width):
    return [line[width:] if line[:width].strip() == "" else line.lstrip() for line in lines]


def parse(text):
    """Blocks of an expanded page: ``("md", line)``, ``("py", code)``,
    ``("pycon", text)``, in the page's order. Tabs and admonitions are
    flattened into a bold title line and their dedented content."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        container = CONTAINER.match(line)
        if fence:
            indent, mark, lang = fence.group(1), fence.group(2), fence.group(3)
            body = []
            i += 1
            while i < len(lines) and not (lines[i].strip().startswith(mark) and lines[i].strip().strip(mark[0]) == ""):
                body.append(lines[i])
                i += 1
            i += 1
            body = _dedent(body, len(indent))
            if lang in CODE_LANGS or lang == "pycon":
                yield ("py" if lang in CODE_LANGS else "pycon", "\n".join(body))
            else:
                yield ("md", "\n".join([f"{mark}{lang}", *body, mark]))
        elif container:
            _, name, title = container.groups()
            title = title if title is not None else name.capitalize()
            i += 1
            inner = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                inner.append(lines[i])
                i += 1
            if title:
                yield ("md", f"**{title}**")
                yield ("md", "")
            yield from parse("\n".join(_dedent(inner, 4)))
            yield ("md", "")  # the content ends its paragraph
        else:
            yield ("md", line)
            i += 1


def pycon_chunks(text):
    """``>>>`` examples split at their results: (source, shown result) pairs."""
    chunks, source, shown = [], [], []
    for line in text.splitlines():
        if line.startswith(">>>") or (line.startswith("...") and not shown):
            if shown:
                chunks.append(("\n".join(source), "\n".join(shown)))
                source, shown = [], []
            source.append(line[4:])
        elif line.strip():
            shown.append(line)
    if source:
        chunks.append(("\n".join(source), "\n".join(shown)))
    return chunks


def _raising(source, shown):
    """An example whose shown result is an error prints it instead of stopping
    the notebook; any other error still fails the build."""
    if not shown.startswith("Traceback (most recent call last):"):
        return source
    error = shown.splitlines()[-1].split(":")[0].strip()
    body = "\n".join("    " + line for line in source.splitlines())
    return f"try:\n{body}\nexcept {error} as error:\n    print(f\"{{type(error).__name__}}: {{error}}\")"


def jupyter_math(text):
    r"""``\( \)`` and ``\[ \]`` as Jupyter's ``$ $`` and ``$$ $$``, outside code."""
    parts = re.split(r"(^`{3,}.*?^`{3,}$|`+[^`\n]*?`+)", text, flags=re.S | re.M)
    for k in range(0, len(parts), 2):
        part = parts[k].replace("$", r"\$")
        part = re.sub(r"\\\[(.*?)\\\]", lambda m: f"$${m.group(1)}$$", part, flags=re.S)
        part = re.sub(r"\\\((.*?)\\\)", lambda m: f"${m.group(1).strip()}$", part, flags=re.S)
        parts[k] = part
    return "".join(parts)


def page_url(rel, use_directory_urls=True):
    """The URL of the page whose source is ``rel`` (e.g. ``optimizers/adam.md``)."""
    stem, _ = posixpath.splitext(rel)
    if not use_directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(stem) + "/" if posixpath.dirname(stem) else ""
    return stem + "/"


def _relative(target, base_dir):
    """``target`` (a page URL) relative to the folder ``base_dir``; a folder
    URL names its ``index.html``, which also opens from disk."""
    rel = posixpath.relpath(target or ".", base_dir or ".")
    return posixpath.join(rel, "index.html") if target == "" or target.endswith("/") else rel


# --- definitions from the snippets package ----------------------------------


def _statement_source(lines, node):
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "\n".join(lines[first - 1:node.end_lineno])


def _defined_names(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def _used_names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


class Module:
    """A module of ``snippets``: its top-level statements and what they define."""

    def __init__(self, name):
        self.name = name
        parts = name.split(".")
        path = ROOT.joinpath(*parts).with_suffix(".py")
        if not path.is_file():
            path = ROOT.joinpath(*parts, "__init__.py")
        self.path = path
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        self.statements = []  # (source, node, defined names)
        self.all = None
        for node in ast.parse(source).body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # docstring
            if isinstance(node, ast.If):
                continue  # if __name__ == "__main__"
            names = _defined_names(node)
            if names == {"__all__"}:
                self.all = ast.literal_eval(node.value)
                continue
            self.statements.append((_statement_source(lines, node), node, names))

    def public(self):
        """``__all__``, or else the public functions and classes."""
        if self.all is not None:
            return list(self.all)
        return [n.name for _, n, _ in self.statements
                if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")]

    def definitions(self, name):
        return [k for k, (_, _, names) in enumerate(self.statements) if name in names]


@functools.cache
def module(name):
    return Module(name)


def is_module(name):
    parts = name.split(".")
    return ROOT.joinpath(*parts).with_suffix(".py").is_file() or ROOT.joinpath(*parts, "__init__.py").is_file()


def snippets_imports(code):
    """``(module, name)`` for each name that ``code`` imports from ``snippets``."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "snippets" for a in node.names):
            raise ValueError(f"line {node.lineno}: write 'from snippets.x import y', not 'import snippets.x'")
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] == "snippets":
            found += [(node.module, a.name) for a in node.names]
    return found


MODULE_FUNCTION = '''import sys
import types


def _module(name, source):
    """Run ``source`` as the module ``name`` of a ``snippets`` package."""
    module = types.ModuleType(name)
    module.__package__ = name if source == "" else name.rpartition(".")[0]
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    exec(compile(source, name, "exec"), module.__dict__)
'''


class Helper:
    """The part of ``snippets`` that some code imports: for each module, the
    statements defining the names imported and what those use, in turn."""

    def __init__(self):
        self.chosen = {}  # module name -> set of statement indices
        self.order = []  # modules, each after the modules it imports from

    def need(self, mod, name):
        if is_module(f"{mod}.{name}") and not module(mod).definitions(name):
            for member in module(f"{mod}.{name}").public():
                self.need(f"{mod}.{name}", member)
            return
        indices = module(mod).definitions(name)
        if not indices:
            raise ValueError(f"{mod} defines no {name!r}")
        for k in indices:
            self._add(mod, k)

    def _add(self, mod, k):
        chosen = self.chosen.setdefault(mod, set())
        if k in chosen:
            return
        chosen.add(k)
        _, node, names = module(mod).statements[k]
        if isinstance(node, ast.ImportFrom) and node.module.split(".")[0] == "snippets":
            for a in node.names:
                self.need(node.module, a.name)
        else:
            for name in _used_names(node) - names:
                for j in module(mod).definitions(name):
                    self._add(mod, j)
        if mod not in self.order:
            self.order.append(mod)

    def source(self):
        """One cell that makes these modules importable, each as ``sys.modules`` entry."""
        order = []

        def visit(mod):
            if mod in order:
                return
            for k in sorted(self.chosen[mod]):
                node = module(mod).statements[k][1]
                if isinstance(node, ast.ImportFrom) and node.module.split(".")[0] == "snippets":
                    for a in node.names:
                        sub = f"{node.module}.{a.name}"
                        visit(sub if sub in self.chosen else node.module)
            order.append(mod)

        for mod in self.order:
            visit(mod)
        self.order = order
        packages = sorted({".".join(m.split(".")[:n]) for m in self.order for n in range(1, m.count(".") + 1)})
        files = ", ".join(module(m).path.relative_to(ROOT).as_posix() for m in self.order)
        parts = [f"# Generated from {files}.\n" + MODULE_FUNCTION]
        parts += [f'_module("{p}", "")' for p in packages]
        for mod in self.order:
            text = "\n\n\n".join(module(mod).statements[k][0] for k in sorted(self.chosen[mod]))
            if "\'\'\'" in text or text.endswith("\\"):
                raise ValueError(f"{mod}: the helper cannot quote this source")
            parts.append(f'_module("{mod}", r\'\'\'\n{text}\n\'\'\')')
        return "\n\n".join(parts)


def helper_code(codes):
    """The helper cell for code cells ``codes``, or None if they import nothing from snippets."""
    helper = Helper()
    for code in codes:
        for mod, name in snippets_imports(code):
            helper.need(mod, name)
    return helper.source() if helper.order else None


# --- one notebook -------------------------------------------------------------


def _cell_lines(text):
    lines = text.splitlines(keepends=True)
    if lines:
        lines[-1] = lines[-1].rstrip("\n")
    return lines


def markdown_cell(text, attachments=None):
    cell = {"cell_type": "markdown", "id": "", "metadata": {}, "source": _cell_lines(text)}
    if attachments:
        cell["attachments"] = attachments
    return cell


def code_cell(code):
    return {"cell_type": "code", "execution_count": None, "id": "", "metadata": {}, "outputs": [],
            "source": _cell_lines(code)}


class Page:
    """The notebook plan of one page: its cells before execution."""

    def __init__(self, lang, rel, text, options, use_directory_urls=True):
        self.lang, self.rel = lang, rel
        self.directory_urls = use_directory_urls
        self.url = page_url(rel, use_directory_urls)
        self.name = posixpath.splitext(posixpath.basename(rel))[0] + ".ipynb"
        self.figures = []  # figure names, for attachments
        self.blocks = self._blocks(expand(text, options))
        codes = [code for kind, code in self.blocks if kind == "code"]
        self.helper = helper_code(codes)

    def _blocks(self, text):
        """("md", text) and ("code", source) items; pycon chunks keep their shown result."""
        blocks, prose = [], []

        def flush():
            while prose and not prose[-1].strip():
                prose.pop()
            while prose and not prose[0].strip():
                prose.pop(0)
            if prose:
                blocks.append(("md", "\n".join(prose)))
            prose.clear()

        for kind, value in parse(text):
            if kind == "md":
                if re.match(r"^#{1,6} ", value):
                    flush()
                prose.append(value)
            elif kind == "py":
                flush()
                blocks.append(("code", value.strip("\n").rstrip()))
            else:
                flush()
                blocks += [("code", _raising(source, shown)) for source, shown in pycon_chunks(value)]
        flush()
        return blocks

    @property
    def code_cells(self):
        return ([self.helper] if self.helper else []) + [v for k, v in self.blocks if k == "code"]

    def key(self):
        digest = hashlib.sha256(_executor_key().encode())
        digest.update(json.dumps(self.code_cells).encode())
        return digest.hexdigest()

    def _prose(self, text):
        out, attachments = [], {}
        for line in text.split("\n"):
            m = HEADING_ID.match(line)
            if m:
                out.append(f'<a id="{m.group(2)}"></a>')
                line = m.group(1)
            out.append(line)
        text = "\n".join(out)

        def image(m):
            alt, src = m.groups()
            stem = posixpath.splitext(posixpath.basename(src))[0]
            if posixpath.basename(posixpath.dirname(src)) != "figures":
                raise ValueError(f"{self.lang}/{self.rel}: image {src} is not a figure")
            self.figures.append(stem)
            attachments[f"{stem}.png"] = stem  # filled with the PNG later
            return f"![{alt}](attachment:{stem}.png)"

        def link(m):
            label, target, anchor = m.group(1), m.group(2), m.group(3) or ""
            if not target.endswith((".md", ".ipynb")):
                return m.group(0)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.rel), target))
            folder = self.url.rstrip("/") if self.url.endswith("/") else posixpath.dirname(self.url)
            return f"[{label}]({_relative(page_url(resolved, self.directory_urls), folder)}{anchor})"

        text = IMAGE.sub(image, text)
        text = LINK.sub(link, text)
        return jupyter_math(text), attachments

    def notebook(self, outputs, pngs):
        """The nbformat 4 notebook, with ``outputs`` per code cell and figure PNGs."""
        cells = []
        outputs = iter(outputs)
        count = 0

        def add_code(source):
            nonlocal count
            count += 1
            cell = code_cell(source)
            cell["execution_count"] = count
            cell["outputs"] = [dict(o, execution_count=count) if o["output_type"] == "execute_result" else o
                               for o in next(outputs)]
            cells.append(cell)

        first = True
        for kind, value in self.blocks:
            if kind == "md":
                text, attachments = self._prose(value)
                attachments = {name: {"image/png": pngs[stem]} for name, stem in attachments.items()}
                cells.append(markdown_cell(text, attachments))
                if first and self.helper:
                    cells.append(markdown_cell(HELPER_NOTE[self.lang]))
                    add_code(self.helper)
                first = False
            else:
                if first and self.helper:
                    add_code(self.helper)
                first = False
                add_code(value)
        for n, cell in enumerate(cells):
            cell["id"] = f"cell-{n + 1}"
        return {
            "cells": cells,
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python", "version": platform.python_version()},
            },
            "nbformat": 4,
            "nbformat_minor": NBFORMAT_MINOR,
        }


def _figure_names(page):
    page._prose("\n".join(v for k, v in page.blocks if k == "md"))
    names, page.figures = page.figures, []
    return names


# --- execution ----------------------------------------------------------------


@functools.cache
def _executor_key():
    versions = [platform.python_version()]
    for dist in ("numpy", "torch", "scikit-learn", "scipy", "matplotlib"):
        try:
            versions.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} missing")
    versions.append(hashlib.sha256(SERVER.read_bytes()).hexdigest())
    versions.append(f"cells {EXECUTION_VERSION}")
    return "\n".join(versions)


class Server:
    """``tests/program_server.py``: forks per request from an interpreter that
    has imported numpy, torch and scikit-learn once."""

    def __init__(self):
        # One thread each for the math libraries: the build runs beside, and
        # more threads than cores make OpenMP spin and wait.
        env = dict(os.environ)
        for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(variable, "1")
        self.process = subprocess.Popen([sys.executable, str(SERVER)], cwd=ROOT, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the program server stopped")
        return json.loads(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait()
        self.process.stdout.close()


def run_cells(server, cells, folder):
    """Execute code ``cells`` in one fresh namespace with ``snippets`` unimportable.

    Returns the nbformat outputs of each cell; raises on a failing cell.
    """
    request_path = Path(folder) / "cells.json"
    result_path = Path(folder) / "outputs.json"
    request_path.write_text(json.dumps(cells), encoding="utf-8")
    answer = server.ask({"cells": str(request_path), "result": str(result_path), "block": ["snippets"]})
    outputs = json.loads(result_path.read_text(encoding="utf-8")) if result_path.is_file() else []
    return answer["returncode"], outputs


FIGURE_SCRIPT = """
import base64, importlib, io, json, pkgutil, sys
sys.path.insert(0, {root!r})
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import snippets.figures
from snippets.figures import RC
wanted = json.load(open({wanted!r}))
functions = {{}}
for info in pkgutil.iter_modules(snippets.figures.__path__):
    mod = importlib.import_module("snippets.figures." + info.name)
    functions.update((name, getattr(mod, name)) for name in mod.__all__)
out = {{}}
for lang, name in wanted:
    with plt.rc_context(RC):
        fig = functions[name](lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100, metadata={{"Software": None}})
        plt.close(fig)
    out[lang + "/" + name] = base64.b64encode(buffer.getvalue()).decode()
json.dump(out, open({result!r}, "w"))
"""


class Notebooks:
    """All notebooks of one ``mkdocs build``: planned, executed, written."""

    def __init__(self, config):
        self.options = config["mdx_configs"]["pymdownx.snippets"]
        self.docs = Path(config["docs_dir"])
        i18n = config.plugins.get("i18n")
        self.languages = [lang.locale for lang in i18n.config.languages] if i18n else [None]
        self.pages = {}  # absolute source path -> Page
        for lang in self.languages:
            base = self.docs / lang if lang else self.docs
            for path in sorted(base.rglob("*.md")):
                text = path.read_text(encoding="utf-8")
                if "--8<--" not in text:
                    continue
                rel = path.relative_to(base).as_posix()
                self.pages[str(path)] = Page(lang or "en", rel, text, self.options, config["use_directory_urls"])
        self.destinations = {}  # absolute source path -> absolute .ipynb path
        self.outputs, self.pngs, self.errors = {}, {}, []
        self.executed = self.drawn = 0
        self.threads = [self._start(self._execute)]

    def _start(self, work):
        def run():
            try:
                work()
            except BaseException as error:  # raised again by wait()
                self.errors.append(error)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def _execute(self):
        """Run each distinct set of code cells whose outputs are not cached."""
        CACHE.mkdir(parents=True, exist_ok=True)
        todo = {}
        for page in self.pages.values():
            key = page.key()
            entry = CACHE / f"{key}.json"
            if key in self.outputs or key in todo:
                continue
            if entry.is_file():
                self.outputs[key] = json.loads(entry.read_text(encoding="utf-8"))
            else:
                todo[key] = page
        if not todo:
            return
        server = Server()
        try:
            with tempfile.TemporaryDirectory() as folder:
                for key, page in todo.items():
                    code, outputs = run_cells(server, page.code_cells, folder)
                    errors = [o for cell in outputs for o in cell if o["output_type"] == "error"]
                    if code != 0 or errors or len(outputs) != len(page.code_cells):
                        detail = "\n".join("".join(e["traceback"]) for e in errors)
                        raise RuntimeError(f"the notebook of {page.lang}/{page.rel} failed:\n{detail}")
                    self.outputs[key] = outputs
                    _write(CACHE / f"{key}.json", json.dumps(outputs))
                    self.executed += 1
        finally:
            server.close()

    def draw_figures(self):
        """Start drawing the figures as PNG, once hooks/figures.py has drawn their SVGs."""
        self.threads.append(self._start(self._draw))

    def _draw(self):
        wanted = {}
        for page in self.pages.values():
            for name in _figure_names(page):
                svg = self.docs / page.lang / "figures" / f"{name}.svg"
                digest = hashlib.sha256(svg.read_bytes()).hexdigest()[:16]
                wanted[(page.lang, name)] = CACHE / "figures" / f"{page.lang}-{name}-{digest}.png"
        missing = [k for k, path in wanted.items() if not path.is_file()]
        if missing:
            server = Server()
            try:
                with tempfile.TemporaryDirectory() as folder:
                    self._draw_missing(server, missing, wanted, folder)
            finally:
                server.close()
        for (lang, name), path in wanted.items():
            self.pngs[(lang, name)] = base64.b64encode(path.read_bytes()).decode()
        self.png_files = {path.name for path in wanted.values()}

    def _draw_missing(self, server, missing, wanted, folder):
        wanted_path, result = Path(folder) / "figures.json", Path(folder) / "pngs.json"
        wanted_path.write_text(json.dumps(missing), encoding="utf-8")
        script = Path(folder) / "draw.py"
        script.write_text(FIGURE_SCRIPT.format(root=str(ROOT), wanted=str(wanted_path), result=str(result)))
        stderr = Path(folder) / "stderr"
        answer = server.ask({"script": str(script), "stdout": os.devnull, "stderr": str(stderr)})
        if answer["returncode"] != 0:
            raise RuntimeError(f"drawing the notebooks' figures failed:\n{stderr.read_text()[-3000:]}")
        pngs = json.loads(result.read_text())
        for lang, name in missing:
            path = wanted[(lang, name)]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(pngs[f"{lang}/{name}"]))
            self.drawn += 1

    def wait(self):
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]
        # Entries no page of this build uses are stale.
        keep = {f"{p.key()}.json" for p in self.pages.values()} | self.png_files
        for entry in [*CACHE.glob("*.json"), *CACHE.glob("figures/*.png")]:
            if entry.name not in keep:
                entry.unlink()

    def write(self):
        for src, dest in self.destinations.items():
            page = self.pages[src]
            pngs = {name: self.pngs[(page.lang, name)] for name in set(_figure_names(page))}
            nb = page.notebook(self.outputs[page.key()], pngs)
            _write(Path(dest), json.dumps(nb, ensure_ascii=False, indent=1) + "\n")


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# --- MkDocs events --------------------------------------------------------------

_build = None


def _first_build(config):
    i18n = config.plugins.get("i18n")
    return not (i18n and i18n.building)


@event_priority(10)  # before hooks/figures.py: the code runs while the figures are drawn
def on_pre_build(config):
    global _build
    if _first_build(config):
        start = time.perf_counter()
        _build = Notebooks(config)
        _build.seconds = time.perf_counter() - start


@event_priority(-60)
def on_files(files, config):
    # hooks/figures.py (on_pre_build) has drawn the SVGs that key the PNGs.
    if _first_build(config):
        _build.draw_figures()
    return files


def on_page_markdown(markdown_text, page, config, files):
    nb = _build and _build.pages.get(page.file.abs_src_path)
    if nb:
        page.meta["notebook"] = nb.name
        folder = posixpath.dirname(page.file.dest_uri)
        _build.destinations[page.file.abs_src_path] = os.path.join(config["site_dir"], folder, nb.name)
    return markdown_text


@event_priority(-110)  # after i18n (-100) has built the other languages
def on_post_build(config):
    if not _first_build(config):
        return
    start = time.perf_counter()
    _build.wait()
    waited = time.perf_counter() - start
    _build.write()
    log.info(f"{len(_build.destinations)} notebooks: executed {_build.executed}, drew {_build.drawn} "
             f"figures; {_build.seconds + time.perf_counter() - start:.1f} s in the build's thread "
             f"({waited:.1f} s waiting for execution)")
