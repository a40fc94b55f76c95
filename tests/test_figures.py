"""Figures: drawn from code for both languages, deterministic, all used, and
a missing Korean glyph fails the build instead of shipping boxes."""

import re
import sys

import matplotlib.pyplot as plt
import pytest

from helpers import DOCS, ROOT, doc_pages

sys.path.insert(0, str(ROOT / "hooks"))
import figures as hook  # noqa: E402

ALL = [(module, name, function) for module in hook.figure_modules() for name, function in hook.figures(module)]


def test_figure_names_are_unique():
    names = [name for _, name, _ in ALL]
    assert len(names) == len(set(names))


def referenced_figures(lang):
    used = set()
    for rel in doc_pages(lang, suffixes=(".md",)):
        text = (DOCS / lang / rel).read_text(encoding="utf-8")
        used |= set(re.findall(r"figures/([\w-]+)\.svg", text))
    return used


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_figure_is_shown_and_every_shown_figure_is_drawn(lang):
    assert referenced_figures(lang) == {name for _, name, _ in ALL}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("module,name,function", ALL, ids=[f"{m}.{n}" for m, n, _ in ALL])
def test_figure_draws_cleanly_and_deterministically(built_site, module, name, function, lang):
    """Drawn again here, the figure is byte for byte the one the build drew
    in its own process: the same code always draws the same picture."""
    svg = hook.render(function, lang)
    assert svg.startswith("<?xml") and "<svg" in svg
    assert plt.get_fignums() == [], "the figure was not closed"
    built = built_site.site / ("" if lang == "en" else "ko") / "figures" / f"{name}.svg"
    assert svg == built.read_text(encoding="utf-8")


def test_hangul_without_a_korean_font_fails():
    def hangul(lang):
        fig, ax = plt.subplots()
        ax.set_title("경사 하강법")
        return fig

    import snippets.figures as figures

    saved = figures.RC["font.family"]
    figures.RC["font.family"] = ["DejaVu Sans"]
    try:
        with pytest.raises(Exception, match="[Gg]lyph"):
            hook.render(hangul, "ko")
    finally:
        figures.RC["font.family"] = saved
    plt.close("all")


def test_hangul_inside_mathtext_fails():
    def mixed(lang):
        fig, ax = plt.subplots()
        ax.set_xlabel("단계 $t$")
        return fig

    with pytest.raises(RuntimeError, match="glyph"):
        hook.render(mixed, "ko")
    plt.close("all")


def test_code_key_follows_imported_snippets(tmp_path, monkeypatch):
    """Editing a module a figure imports changes the figure's cache key."""
    files = hook._snippets_imports(ROOT / "snippets" / "figures" / "gd_methods.py")
    assert ROOT / "snippets" / "gd_methods.py" in files
    assert ROOT / "snippets" / "landscapes.py" in files
