"""The built site in a real headless Chromium, opened from disk (file://).

Any request that leaves the site fails the test; math must be typeset by the
vendored KaTeX; search must find English and Korean words; the language menu
must land on the same page in the other language. Chromium is Debian's
(``/usr/bin/chromium``) or an installed Google Chrome, driven by Playwright
without a downloaded browser.
Outside CI a machine without Chromium skips these tests with a reason; in CI
(``CI=true``) a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import doc_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

def _find_chromium():
    """$CHROMIUM, else Debian's chromium, else Google Chrome (GitHub's runners)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "google-chrome-stable", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return "/usr/bin/chromium"


CHROMIUM = _find_chromium()
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
# How long a page may take to signal that it is ready. A deadline for a busy
# machine, not a delay: every wait below returns as soon as its signal comes.
DEADLINE = 120_000  # ms


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        message = "no Chromium found (tried $CHROMIUM, chromium, google-chrome); ./dev.sh test installs one"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page of the built site with every request and error recorded."""

    def __init__(self, browser, site):
        self.site = site
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.outside, self.errors = [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path):
        """Load the page and wait until KaTeX has typeset its math."""
        self.page.goto((self.site / path).as_uri())
        self.page.wait_for_load_state("load")
        self.page.wait_for_selector("body[data-math=typeset]", state="attached", timeout=DEADLINE)
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, built_site):
    v = Visit(browser, built_site.site)
    yield v
    v.close()
    assert v.outside == [], f"requests outside the site: {v.outside}"
    assert v.errors == [], f"errors in the page: {v.errors}"


def all_pages():
    pages = []
    for rel in doc_pages("en"):
        url = rel.with_suffix(".html").as_posix()
        pages += [url, f"ko/{url}"]
    return pages


# Text left in a math container once KaTeX's output is removed must hold no
# TeX delimiters: anything left over was not typeset.
UNTYPESET = """() => {
  const left = [];
  for (const box of document.querySelectorAll('.arithmatex, .jp-RenderedMarkdown')) {
    const copy = box.cloneNode(true);
    copy.querySelectorAll('.katex, pre, code').forEach((n) => n.remove());
    const text = copy.textContent;
    if (/\\\\\\(|\\\\\\[|\\$/.test(text)) left.push(text.trim().slice(0, 80));
  }
  return left;
}"""


@pytest.mark.parametrize("path", all_pages())
def test_page_loads_offline_with_math_typeset(visit, path):
    page = visit.open(path)
    assert page.locator(".md-content").count() == 1
    assert page.locator(".katex-error").count() == 0
    assert page.evaluate(UNTYPESET) == []
    if page.locator(".arithmatex").count():
        assert page.locator(".arithmatex .katex").count() >= page.locator(".arithmatex").count()


def test_pages_with_math_are_checked(visit):
    page = visit.open("basics/gradient-descent.html")
    assert page.locator(".arithmatex .katex").count() > 10
    notebook = visit.open("ko/practice/regression.html")
    assert notebook.locator(".jp-RenderedMarkdown .katex").count() > 5


@pytest.mark.parametrize(
    "start,query,expected",
    [
        ("index.html", "gradient", "basics/gradient-descent.html"),
        ("index.html", "하강법", "ko/basics/gradient-descent.html"),
        ("ko/index.html", "경사", "ko/basics/gradient-descent.html"),
        ("ko/index.html", "hyperparameters", "basics/gradient-descent.html"),
    ],
)
def test_search_finds_english_and_korean_words(visit, start, query, expected):
    page = visit.open(start)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material reads the query on keyup (or once, when its index is ready);
    # fill() sends no key, so without this a query typed after the index was
    # ready was never searched. End moves the caret and sends a real keyup.
    box.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=DEADLINE)
    hrefs = [Path(urlsplit(href).path).resolve() for href in results.evaluate_all("els => els.map(e => e.href)")]
    assert (visit.site / expected).resolve() in hrefs, f"{query!r} did not find {expected}"


@pytest.mark.parametrize(
    "start,lang,expected",
    [
        ("basics/gradient-descent.html", "ko", "ko/basics/gradient-descent.html"),
        ("ko/basics/gradient-descent.html", "en", "basics/gradient-descent.html"),
        ("practice/regression.html", "ko", "ko/practice/regression.html"),
        ("ko/practice/regression.html", "en", "practice/regression.html"),
        ("index.html", "ko", "ko/index.html"),
    ],
)
def test_language_menu_opens_the_same_page(visit, start, lang, expected):
    page = visit.open(start)
    page.locator(".md-header__option .md-select").hover()
    link = page.locator(f".md-select__link[hreflang={lang}]")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state("load")
    assert Path(urlsplit(page.url).path).resolve() == (visit.site / expected).resolve()
    assert page.locator("html").get_attribute("lang") == lang
