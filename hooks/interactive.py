"""Build hook: interactive figures whose every number the tested code computed.

A page asks for one with a placeholder around its static figure:

    <div class="interactive" data-figure="gd-lr" markdown>
    ![...](../figures/gd_2d_learning_rates.svg)
    </div>

After the page is rendered (and indexed for search), this hook puts into the
placeholder the figure's sliders (native ``<input type="range">`` with a
``<label>`` in the page's language), an SVG holding the parts drawn once, and
the precomputed results as inline JSON, so the page works from ``file://``
with no request. ``assets/javascripts/interactive.js`` shows them and swaps
the drawing when a slider moves; without JavaScript the static figure stays.

The data comes from ``snippets.figures.interactive.figure(key, lang)``. It is
computed again only when code that can change it changed (that module, the
``snippets`` modules it imports and theirs, or numpy's or contourpy's
version); the results live in ``.cache/interactive.json``.
"""

import ast
import hashlib
import html
import json
import os
import re
import sys
import time
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("interactive")
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "interactive.json"
MODULE = ROOT / "snippets" / "figures" / "interactive.py"
PLACEHOLDER = re.compile(r'<div class="interactive" data-figure="([\w-]+)">')
LANG = re.compile(r'<html[^>]*\blang="([\w-]+)"')

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_memory = {}  # (key, lang) -> data, for the language builds of one process


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
            if name.split(".")[0] == "snippets":
                base = ROOT.joinpath(*name.split("."))
                found |= {p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()}
    return found


def code_key():
    """Hash of every file and version whose change could change the data."""
    import contourpy
    import numpy

    todo, seen = [MODULE], set()
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(_snippets_imports(path))
    digest = hashlib.sha256(f"{numpy.__version__} {contourpy.__version__}".encode())
    for path in sorted(seen):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)  # atomic: a concurrent build never reads half a file


def figure_data(key, lang):
    """The data of figure ``key`` in ``lang``, from the cache if its code is unchanged."""
    if (key, lang) in _memory:
        return _memory[(key, lang)]
    code = code_key()
    cache = json.loads(CACHE.read_text(encoding="utf-8")) if CACHE.is_file() else {}
    entry = cache.get(f"{lang}/{key}")
    if entry and entry["code"] == code:
        data = entry["data"]
    else:
        from snippets.figures.interactive import figure

        start = time.perf_counter()
        data = figure(key, lang)
        log.info(f"computed {key} ({lang}) in {time.perf_counter() - start:.1f} s")
        cache[f"{lang}/{key}"] = {"code": code, "data": data}
        _write(CACHE, json.dumps(cache, ensure_ascii=False, sort_keys=True))
    _memory[(key, lang)] = data
    return data


def _control(key, control):
    ident = f"ifig-{key}-{control['id']}"
    values = control["values"]
    start = control["start"]
    shown = values[start] if values else str(start)
    return (f'<div class="interactive-control"><label for="{ident}">'
            f'{html.escape(control["label"])}</label>'
            f'<input type="range" id="{ident}" data-control="{control["id"]}" min="0" '
            f'max="{max(len(values) - 1, 0)}" step="1" value="{start}" '
            f'aria-valuetext="{html.escape(shown)}">'
            f'<output for="{ident}" aria-hidden="true">{html.escape(shown)}</output></div>')


def render(key, lang):
    """The markup that goes inside the placeholder of figure ``key``."""
    data = dict(figure_data(key, lang))
    base = data.pop("base")
    layers = "".join('<g class="layer"></g>' for _ in data.get("layers", [None]))
    controls = "".join(_control(key, control) for control in data["controls"])
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")  # never closes the script element
    return (f'<div class="interactive-live" hidden>'
            f'<div class="interactive-controls">{controls}</div>'
            f'<svg class="interactive-svg" viewBox="0 0 1000 {data["height"]}" role="img" '
            f'aria-label="{html.escape(data["label"])}"><g class="base">{base}</g>{layers}</svg>'
            f'</div><script type="application/json" class="interactive-data">{payload}</script>')


def on_post_page(output, page, config):
    # After the search plugin has read the page: the figure's labels and
    # data stay out of the search index.
    if 'class="interactive"' not in output:
        return output
    match = LANG.search(output)
    lang = match.group(1)[:2] if match else "en"
    return PLACEHOLDER.sub(lambda m: m.group(0) + render(m.group(1), lang), output)
