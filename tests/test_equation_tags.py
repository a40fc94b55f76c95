"""Every numbered equation of a page that shows code is found in its code.

``# (n)`` at the end of a line of an embedded block means: this line computes
equation n of the page that embeds it, the display equation with ``\\tag{n}``.
A tag in the code that the page does not have is an error, and so is an
equation of the page with no tagged line, unless the page says that it is
prose only, in a comment such as ``<!-- prose-only: (4) (7) -->`` (a
definition, a derivation step, a bound: math that no line computes).
"""

import re

import pytest

from helpers import DOCS, doc_pages, expand, fenced_blocks

TAG = re.compile(r"\\tag\{(\d+)\}")
CODE_TAGS = re.compile(r"#\s*(\(\d+\)(?:[\s,]*\(\d+\))*)\s*$")
PROSE_ONLY = re.compile(r"<!--\s*prose-only:\s*((?:\(\d+\)\s*)+)-->")


def page_tags(text):
    return set(map(int, TAG.findall(text)))


def prose_only(text):
    return {int(n) for group in PROSE_ONLY.findall(text) for n in re.findall(r"\d+", group)}


def code_tags(code):
    """The equation numbers that the lines of ``code`` name with ``# (n)``."""
    found = set()
    for line in code.splitlines():
        if m := CODE_TAGS.search(line):
            found |= set(map(int, re.findall(r"\d+", m.group(1))))
    return found


def shown_code(text):
    return "\n".join(expand(body) for _, body in fenced_blocks(text) if "--8<--" in body)


def code_pages():
    pages = []
    for lang in ("en", "ko"):
        for rel in doc_pages(lang, suffixes=(".md",)):
            if "--8<--" in (DOCS / lang / rel).read_text(encoding="utf-8"):
                pages.append(f"{lang}/{rel.as_posix()}")
    return pages


@pytest.mark.parametrize("page", code_pages())
def test_code_tags_name_equations_of_the_page(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    assert code_tags(shown_code(text)) <= page_tags(text)


@pytest.mark.parametrize("page", code_pages())
def test_every_equation_of_the_page_is_in_its_code(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    untagged = page_tags(text) - code_tags(shown_code(text)) - prose_only(text)
    assert untagged == set(), f"equations with no '# (n)' line and not marked prose-only: {sorted(untagged)}"


def test_prose_only_names_equations_of_the_page():
    for page in code_pages():
        text = (DOCS / page).read_text(encoding="utf-8")
        assert prose_only(text) <= page_tags(text), page


def test_tags_are_read_as_written():
    code = "x = 1  # (3)\ny = 2  # (4), (5)\nz = 3  # see (6) below\n"
    assert code_tags(code) == {3, 4, 5}
    assert page_tags(r"\[ a = b \tag{3} \] \[ c \tag{12} \]") == {3, 12}
    assert prose_only("<!-- prose-only: (2) (7) -->") == {2, 7}
