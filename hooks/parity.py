"""Build hook: a measured parity note under each embedded from-scratch section.

A page embeds the package's code with ``--8<-- "snippets/<module>.py:<section>"``
inside a fenced block. Before the Markdown is converted (so the include lines
are still visible), each such block gets, right after its closing fence, one
quiet paragraph of class ``parity`` per embedded section that has a case in
``tests/parity.py``: what the code was compared with, on what, and the largest
difference, in the page's language. The numbers are those the tests assert:
``tests/parity.py`` is the one place both run, and the build fails
(``PluginError``) if any case exceeds the tolerance the tests use.

The results are kept in ``.cache/parity.json`` under a hash of the
``snippets`` modules, ``tests/parity.py`` and the versions of the reference
libraries, so a build after a Markdown edit computes nothing and does not
even import torch.
"""

import hashlib
import importlib.util
import json
import math
import os
import re
import sys
import time
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("parity")
ROOT = Path(__file__).resolve().parents[1]
PARITY = ROOT / "tests" / "parity.py"
CACHE = ROOT / ".cache" / "parity.json"
REFERENCES = ("numpy", "torch", "scikit-learn", "scipy", "adamp")

INCLUDE = re.compile(r'--8<--\s+"snippets/(\w+)\.py:(\w+)"')
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")

TEMPLATES = {
    "en": {
        True: "Same as {against}: {setting}; largest {measure} difference {difference} ({allowed}).",
        False: "Checked against {against}: {setting}; largest {measure} difference {difference} ({allowed}).",
        "relative": "relative", "absolute": "absolute",
        "allowed": "the tests allow {tolerance}", "exact": "the tests require exactly 0",
    },
    "ko": {
        True: "{against}{and_} 같습니다: {setting}, 최대 {measure} 차이 {difference}({allowed}).",
        False: "{against}{and_} 대조했습니다: {setting}, 최대 {measure} 차이 {difference}({allowed}).",
        "relative": "상대", "absolute": "절대",
        "allowed": "테스트 허용치 {tolerance}", "exact": "테스트는 정확히 0이어야 통과",
    },
}


def number(x):
    """``2.2e-16``, ``0.011``, ``0``: two significant digits, as measured."""
    if x == 0:
        return "0"
    if math.isinf(x) or math.isnan(x):
        return str(x)
    return f"{x:.2g}"


def and_particle(phrase):
    """와 or 과, as the last syllable of ``phrase`` (a Hangul noun) needs."""
    last = phrase[-1]
    if not "가" <= last <= "힣":
        raise PluginError(f"parity: a Korean comparison must end in a Hangul noun, got {phrase!r}")
    return "과" if (ord(last) - ord("가")) % 28 else "와"


def value(x):
    """A measured number, kept on one line (``5.6e-16`` must not break at its minus)."""
    return f'<span class="parity-value">{number(x)}</span>'


def note(result, lang):
    """The sentence for one case's result (a dict of ``tests/parity.Parity``'s fields)."""
    words = TEMPLATES[lang]
    tolerance = result["tolerance"]
    allowed = words["exact"] if tolerance == 0 else words["allowed"].format(tolerance=value(tolerance))
    against = result["against"][lang]
    return words[result["same"]].format(
        against=against, and_=and_particle(against) if lang == "ko" else "", setting=result["setting"][lang],
        measure=words[result["measure"]], difference=value(result["difference"]), allowed=allowed)


def load_cases():
    """``tests/parity.py`` as a module (the tests import the same file as ``parity``)."""
    loaded = sys.modules.get("parity")
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == PARITY:
        return loaded
    spec = importlib.util.spec_from_file_location("parity", PARITY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["parity"] = module
    spec.loader.exec_module(module)
    return module


def code_key():
    """Hash of everything whose change could change a measured number."""
    digest = hashlib.sha256()
    for name in REFERENCES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\n".encode())
    for path in [*sorted((ROOT / "snippets").glob("*.py")), PARITY]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def measure():
    """Run every case: ``{section key: result dict}``."""
    module = load_cases()
    results = {}
    for key in sorted(module.CASES):
        r = module.CASES[key]()
        results[key] = dict(against=r.against, setting=r.setting, difference=float(r.difference),
                            tolerance=float(r.tolerance), measure=r.measure, same=bool(r.same))
    return results


def failures(results):
    return [f"{key}: difference {number(r['difference'])} exceeds the tests' tolerance {number(r['tolerance'])}"
            for key, r in sorted(results.items()) if not r["difference"] <= r["tolerance"]]


_memo = {}


def results():
    """Every case's result, from the cache when nothing it depends on changed.

    Raises ``PluginError`` when a case exceeds its tolerance: the build fails
    as the tests do.
    """
    key = code_key()
    if _memo.get("key") != key:
        cached = json.loads(CACHE.read_text(encoding="utf-8")) if CACHE.is_file() else {}
        if cached.get("key") == key:
            found, source = cached["results"], "cache"
        else:
            start = time.perf_counter()
            found = measure()
            source = f"{len(found)} cases in {time.perf_counter() - start:.1f} s"
            if not failures(found):  # a failing result is measured again next time
                CACHE.parent.mkdir(exist_ok=True)
                tmp = CACHE.with_name(f".{CACHE.name}.{os.getpid()}.tmp")
                tmp.write_text(json.dumps({"key": key, "results": found}, indent=1, ensure_ascii=False),
                               encoding="utf-8")
                tmp.replace(CACHE)
        _memo.update(key=key, results=found, source=source)
    problems = failures(_memo["results"])
    if problems:
        raise PluginError("parity: a from-scratch section no longer matches its reference:\n  "
                          + "\n  ".join(problems))
    return _memo["results"]


def page_language(page):
    first = page.file.src_uri.split("/", 1)[0]
    return first if first in TEMPLATES else "en"


def add_notes(markdown, lang, found):
    """``markdown`` with a parity paragraph after each fenced block that
    embeds a section with a result in ``found``."""
    out, fence, keys = [], None, []
    lines = markdown.split("\n")
    for line in lines:
        out.append(line)
        if fence is None:
            m = FENCE.match(line)
            if m:
                fence, keys = m, []
            continue
        stripped = line.strip()
        char, length = fence.group(2)[0], len(fence.group(2))
        if stripped and set(stripped) == {char} and len(stripped) >= length:
            indent = fence.group(1)
            for key in dict.fromkeys(keys):
                if key in found:
                    out += ["", f"{indent}{note(found[key], lang)}",
                            f'{indent}{{: .parity data-parity="{key}" }}']
            fence = None
            if any(k in found for k in keys):
                out.append("")
            continue
        for module, section in INCLUDE.findall(line):
            keys.append(f"{module}:{section}")
    return "\n".join(out)


def on_pre_build(config):
    results()
    log.info(f"{len(_memo['results'])} sections checked ({_memo['source']})")


def on_page_markdown(markdown, page, config, files):
    return add_notes(markdown, page_language(page), results())
