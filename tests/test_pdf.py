"""The whole book as one PDF per language (hooks/print_book.py).

The build writes ``book.html`` (the print page) and ``book.pdf`` beside each
language's home page. The PDF is read with poppler's command-line tools
(``pdftotext``, ``pdffonts``, ``pdfinfo``, ``pdfimages``), the print page is
laid out by headless Chromium as on paper. Outside CI a machine without
poppler or Chromium skips these tests with a reason; in CI (``CI=true``) a
missing tool is a failure.
"""

import functools
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = [pytest.mark.slow]

LANGS = {"en": "", "ko": "ko/"}
LINK_TEXT = {"en": "Download the book (PDF)", "ko": "책 전체 PDF 내려받기"}
# A4 less print_book.MARGIN's left and right margins (17 mm each), in CSS px.
CONTENT_WIDTH = (210 - 2 * 17) / 25.4 * 96
DEADLINE = 120_000  # ms: a deadline for a busy machine, not a delay


def _need(tool):
    if shutil.which(tool):
        return
    message = f"{tool} not found; ./dev.sh test installs poppler-utils"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _poppler(tool, *args):
    _need(tool)
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout


@functools.cache
def _text(pdf):
    return _poppler("pdftotext", "-enc", "UTF-8", pdf, "-")


def _words(text):
    return " ".join(html.unescape(text).split())


def _nav_pages():
    """Page paths of mkdocs.yml's nav, in order, without the API reference."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:"):]
    pages = re.findall(r":\s+([\w./-]+\.(?:md|ipynb))\s*$", nav, flags=re.M)
    return [p for p in pages if p != "reference/api.md"]


def _h1(page):
    """A built page's title, as its H1 reads."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), flags=re.S)
    assert match, f"no <h1> in {page}"
    return _words(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", ""))


@pytest.fixture(scope="module", params=list(LANGS))
def book(request, built_site):
    lang = request.param
    folder = built_site.site / LANGS[lang]
    return lang, folder, folder / "book.pdf", folder / "book.html"


def test_home_page_links_the_pdf(book):
    lang, folder, pdf, _ = book
    home = (folder / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a[^>]*href="book.pdf"[^>]*>(.*?)</a>', home, flags=re.S)
    assert link and _words(link.group(1)) == LINK_TEXT[lang]
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_pdf_has_a_hundred_pages_or_more(book):
    info = _poppler("pdfinfo", book[2])
    pages = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    assert pages >= 100
    assert re.search(r"^Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)", info, flags=re.M)


def test_every_chapter_in_nav_order_after_the_contents(book):
    lang, folder, pdf, _ = book
    text = _words(_text(pdf))
    contents = text.index("차례" if lang == "ko" else "Contents")
    position = contents
    for rel in _nav_pages():
        page = folder / Path(rel).with_suffix(".html")
        title = _h1(page)
        found = text.find(title, position + 1)
        assert found > position, f"{lang}: chapter {title!r} ({rel}) not found after the previous chapter"
        position = found


def test_text_layer_has_no_boxes_and_no_raw_math(book):
    text = _text(book[2])
    assert "\ufffd" not in text and "□" not in text
    # KaTeX typeset every formula: no TeX source reaches the paper.
    for source in ("\\(", "\\[", "\\frac", "\\mathbf"):
        assert source not in text, source


def test_korean_pdf_embeds_a_hangul_font(built_site):
    fonts = _poppler("pdffonts", built_site.site / "ko" / "book.pdf").splitlines()[2:]
    nanum = [line for line in fonts if "NanumGothic" in line]
    assert nanum, "\n".join(fonts)
    # pdffonts' columns: name type encoding emb sub uni object ID
    assert all(line.split()[-5] == "yes" for line in nanum), "\n".join(nanum)
    # And the Hangul of the text layer is really there.
    assert "경사 하강법" in _words(_text(built_site.site / "ko" / "book.pdf"))


def _site_pages(folder):
    for rel in _nav_pages():
        yield (folder / Path(rel).with_suffix(".html")).read_text(encoding="utf-8")


def test_print_page_holds_every_figure_solution_and_no_site_chrome(book):
    lang, folder, _, book_html = book
    printed = book_html.read_text(encoding="utf-8")
    figures = set()
    solutions = 0
    for page in _site_pages(folder):
        figures |= set(re.findall(r'<img[^>]*src="[^"]*/(figures/[\w.-]+\.svg)"', page))
        solutions += len(re.findall(r'<details class="success"', page))
    assert len(figures) > 20
    printed_figures = set(re.findall(r'<img[^>]*src="(figures/[\w.-]+\.svg)"', printed))
    assert printed_figures == figures
    assert solutions > 20
    assert len(re.findall(r'<details class="success" open', printed)) == solutions
    assert "<details" not in re.sub(r"<details[^>]* open[^>]*>", "", printed)
    for chrome in ("md-header", "md-search", "md-sidebar", "md-nav", "md-footer", "md-select",
                   "md-clipboard", "headerlink", "md-content__button", "book-download"):
        assert f'class="{chrome}' not in printed and f" {chrome}" not in re.findall(r'class="[^"]*"', printed)
    # Links between chapters jump inside the book, never to a site page.
    for href in re.findall(r'<a[^>]*href="([^"]+)"', printed):
        assert href.startswith(("#", "http://", "https://", "mailto:")), href


def test_figures_print_as_vectors(book):
    """The PDF holds no raster image but those its sources hold.

    Those are the notebook's PNG plots and the pictures some SVG figures
    embed (``imshow``); a figure that Chromium rasterized would add one.
    """
    _, folder, pdf, book_html = book
    printed = book_html.read_text(encoding="utf-8")
    rasters = len(re.findall(r'<img[^>]*src="data:image/', printed))
    for src in re.findall(r'<img[^>]*src="(figures/[\w.-]+\.svg)"', printed):
        rasters += (folder / src).read_text(encoding="utf-8").count("<image ")
    listed = _poppler("pdfimages", "-list", pdf).splitlines()[2:]
    # Columns: page num type width height color comp bpc enc interp object ...;
    # an image drawn twice (or across a page break) is one object.
    images = {line.split()[10] for line in listed if line.split()[2] == "image"}
    assert 0 < len(images) <= rasters, f"{len(images)} raster images, {rasters} in the sources"


@pytest.fixture(scope="module")
def browser():
    from helpers import ARGS, CHROMIUM

    if not Path(CHROMIUM).is_file():
        message = "no Chromium found; ./dev.sh test installs one"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_print_page_fits_the_paper(book, browser):
    """Laid out for print at the page's width, nothing runs off its right edge."""
    _, _, _, book_html = book
    page = browser.new_page(viewport={"width": round(CONTENT_WIDTH), "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto(book_html.as_uri(), wait_until="load", timeout=DEADLINE)
        page.wait_for_selector("body[data-math=typeset]", state="attached", timeout=DEADLINE)
        report = page.evaluate(
            """(width) => {
              const over = [];
              for (const element of document.querySelectorAll("body *")) {
                if (element.ownerSVGElement) continue;  // drawn inside its <svg>'s box
                const box = element.getBoundingClientRect();
                if (box.width > 0 && box.right > width + 1) {
                  const chapter = element.closest("section");
                  over.push(`${chapter ? chapter.id : "?"}: <${element.tagName.toLowerCase()} class="${element.className}"> `
                    + `right=${Math.round(box.right)}: ${element.textContent.slice(0, 60)}`);
                }
              }
              const broken = [...document.images].filter((img) => !img.complete || img.naturalWidth === 0)
                .map((img) => img.getAttribute("src").slice(0, 80));
              return {over, broken, math: document.querySelectorAll(".katex").length};
            }""",
            CONTENT_WIDTH,
        )
    finally:
        page.close()
    assert report["broken"] == []
    assert report["math"] > 500
    assert report["over"] == [], "\n".join(report["over"][:30])
