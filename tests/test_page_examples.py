"""The ``>>>`` examples on the pages (``pycon`` blocks) pass as doctests."""

import doctest

import pytest

from helpers import DOCS, doc_pages, fenced_blocks

OPTIONS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def pages_with_examples():
    pages = []
    for lang in ("en", "ko"):
        for rel in doc_pages(lang, suffixes=(".md",)):
            text = (DOCS / lang / rel).read_text(encoding="utf-8")
            if any(fence == "pycon" for fence, _ in fenced_blocks(text)):
                pages.append(f"{lang}/{rel.as_posix()}")
    return pages


def run_examples(text, name):
    """Run every pycon block of a page in one namespace; return the failures."""
    source = "\n\n".join(body for fence, body in fenced_blocks(text) if fence == "pycon")
    test = doctest.DocTestParser().get_doctest(source, {}, name, name, 0)
    report = []
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    runner.run(test, out=report.append)
    return runner.summarize(verbose=False), "".join(report)


def test_some_page_has_examples():
    assert pages_with_examples()


@pytest.mark.parametrize("page", pages_with_examples())
def test_page_examples_pass(page):
    results, report = run_examples((DOCS / page).read_text(encoding="utf-8"), page)
    assert results.attempted > 0
    assert results.failed == 0, report


def test_a_wrong_example_fails():
    text = "```pycon\n>>> 1 + 1\n3\n```\n"
    results, report = run_examples(text, "wrong.md")
    assert results.failed == 1 and "Expected" in report
