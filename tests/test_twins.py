"""Every English page has a Korean twin with the same skeleton.

Same headings (level and id), the same ``--8<--`` include lines, the same
display-math blocks and the same figures, in the same order. The prose is free
to differ; the structure a reader navigates by is not.
"""

import json
import re

import pytest

from helpers import DOCS, doc_pages

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$")
INCLUDE = re.compile(r"^\s*--8<--\s+\"[^\"]+\"\s*$")
FIGURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def _display_math(text):
    blocks = re.findall(r"\\\[(.*?)\\\]", text, re.S) + re.findall(r"\$\$(.*?)\$\$", text, re.S)
    return [" ".join(block.split()) for block in blocks]


def skeleton_of_markdown(text):
    headings, includes = [], []
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        if INCLUDE.match(line):
            includes.append(line.strip())
        elif not in_fence and (m := HEADING.match(line)):
            level, _title, ident = m.groups()
            headings.append((len(level), ident))
    return {
        "headings": headings,
        "includes": includes,
        "math": _display_math(text),
        "figures": FIGURE.findall(text),
    }


def skeleton_of_notebook(text):
    cells = json.loads(text)["cells"]
    markdown = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    headings = [(len(m.group(1)), None) for m in map(HEADING.match, markdown.splitlines()) if m]
    return {
        "headings": headings,
        "code": ["".join(c["source"]) for c in cells if c["cell_type"] == "code"],
        "math": _display_math(markdown),
        "figures": FIGURE.findall(markdown),
    }


def skeleton(path):
    text = path.read_text(encoding="utf-8")
    return skeleton_of_notebook(text) if path.suffix == ".ipynb" else skeleton_of_markdown(text)


def test_both_languages_have_the_same_pages():
    assert doc_pages("en") == doc_pages("ko")


@pytest.mark.parametrize("rel", doc_pages("en"), ids=str)
def test_korean_twin_has_the_same_skeleton(rel):
    en, ko = DOCS / "en" / rel, DOCS / "ko" / rel
    assert ko.is_file(), f"docs/ko/{rel} is missing"
    assert skeleton(ko) == skeleton(en)


@pytest.mark.parametrize("rel", doc_pages("en", suffixes=(".md",)), ids=str)
def test_sections_have_explicit_ids(rel):
    """Below the title, every heading names its id, so anchors match across languages."""
    headings = skeleton(DOCS / "en" / rel)["headings"]
    missing = [level for level, ident in headings if level > 1 and not ident]
    assert missing == []


def test_skeleton_sees_a_difference():
    """The comparison above can fail: a changed include or equation is caught."""
    page = '## A {#a}\n\n```py\n--8<-- "snippets/x.py:s"\n```\n\n\\[ x = 1 \\]\n'
    assert skeleton_of_markdown(page) != skeleton_of_markdown(page.replace("x.py:s", "x.py:t"))
    assert skeleton_of_markdown(page) != skeleton_of_markdown(page.replace("x = 1", "x = 2"))
    assert skeleton_of_markdown(page) != skeleton_of_markdown(page.replace("{#a}", "{#b}"))
    assert skeleton_of_markdown(page)["includes"] == ['--8<-- "snippets/x.py:s"']
