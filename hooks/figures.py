"""Build hook: draw every figure of ``snippets.figures``, once per language.

Before MkDocs collects the pages, each figure function is called with the
language and saved as ``docs/<lang>/figures/<name>.svg`` (git ignores those
folders), so pages link figures like any image: ``![...](../figures/x.svg)``.

A figure module is redrawn only when code that can change its pictures
changed: the module itself, ``snippets/figures/__init__.py``, the ``snippets``
modules it imports (and theirs), or matplotlib's version. The keys live in
``.cache/figures.json``, so ``mkdocs serve`` reloads of a Markdown edit draw
nothing.
"""

import ast
import hashlib
import importlib
import io
import json
import logging
import os
import pkgutil
import sys
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from mkdocs.plugins import get_plugin_logger  # noqa: E402

log = get_plugin_logger("figures")
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "figures.json"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def figure_modules():
    """Names of the modules of ``snippets.figures``, e.g. ``'gd_methods'``."""
    import snippets.figures

    return sorted(info.name for info in pkgutil.iter_modules(snippets.figures.__path__))


def figures(module_name):
    """The figure functions of one module, as ``(name, function)`` pairs."""
    module = importlib.import_module(f"snippets.figures.{module_name}")
    return [(name, getattr(module, name)) for name in module.__all__]


def _snippets_imports(path):
    """Files of the ``snippets`` modules that the file at ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name.split(".")[0] != "snippets":
                continue
            base = ROOT.joinpath(*name.split("."))
            for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                if candidate.is_file():
                    found.add(candidate)
    return found


def code_key(module_name):
    """Hash of every file whose change could change the module's figures."""
    todo = [ROOT / "snippets" / "figures" / f"{module_name}.py"]
    seen = set()
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(_snippets_imports(path))
    digest = hashlib.sha256(matplotlib.__version__.encode())
    for path in sorted(seen):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class _Complaints(logging.Handler):
    """Collects what matplotlib logs, such as a glyph its font lacks."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render(function, lang):
    """Draw one figure and return its SVG text.

    A warning or a logged complaint fails the build: a missing glyph (no
    Korean font, or Hangul inside ``$...$`` mathtext) must not ship as a
    figure full of boxes.
    """
    from snippets.figures import RC

    complaints = _Complaints()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(complaints)
    try:
        with warnings.catch_warnings(), plt.rc_context(RC):
            warnings.simplefilter("error")
            fig = function(lang)
            try:
                out = io.StringIO()
                fig.savefig(out, format="svg", metadata={"Date": None})
            finally:
                plt.close(fig)
    finally:
        logger.removeHandler(complaints)
    if complaints.messages:
        name = getattr(function, "__name__", function)
        raise RuntimeError(f"figure {name} ({lang}): " + "; ".join(sorted(set(complaints.messages))))
    return out.getvalue()


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)  # atomic: a concurrent build never reads half a figure


def draw_all(docs_dir, languages):
    """Draw the figures whose code changed; delete figures no code draws.

    Returns how many figures were drawn and how many were kept.
    """
    cache = json.loads(CACHE.read_text()) if CACHE.is_file() else {}
    wanted = {lang: set() for lang in languages}
    drawn = kept = 0
    for module_name in figure_modules():
        key = code_key(module_name)
        for name, function in figures(module_name):
            for lang in languages:
                path = Path(docs_dir) / lang / "figures" / f"{name}.svg"
                wanted[lang].add(path.name)
                cache_id = f"{lang}/{name}"
                if cache.get(cache_id) == key and path.is_file():
                    kept += 1
                    continue
                _write(path, render(function, lang))
                cache[cache_id] = key
                drawn += 1
    for lang in languages:
        folder = Path(docs_dir) / lang / "figures"
        for path in folder.glob("*.svg"):
            if path.name not in wanted[lang]:
                path.unlink()
    CACHE.parent.mkdir(exist_ok=True)
    _write(CACHE, json.dumps(cache, indent=1, sort_keys=True))
    return drawn, kept


def _languages(config):
    i18n = config.plugins.get("i18n")
    return [lang.locale for lang in i18n.config.languages] if i18n else ["en"]


def on_pre_build(config):
    # i18n builds every language in one process: the first call draws them all
    # and the later ones find every key unchanged.
    start = time.perf_counter()
    drawn, kept = draw_all(config.docs_dir, _languages(config))
    log.info(f"drew {drawn} and kept {kept} in {time.perf_counter() - start:.1f} s")
