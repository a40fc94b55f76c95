"""The built site: strict, bilingual, self-contained, notebooks done right."""

import html
import json
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from helpers import DOCS, build_site, doc_pages, html_pages, mkdocs_warnings

pytestmark = pytest.mark.slow


def page_url(rel):
    """``basics/gradient-descent.md`` -> ``basics/gradient-descent.html``."""
    return PurePosixPath(rel.as_posix()).with_suffix(".html").as_posix()


def test_strict_build_has_no_warnings(built_site):
    assert mkdocs_warnings(built_site.log) == []


def test_every_page_is_built_in_both_languages(built_site):
    for rel in doc_pages("en"):
        url = page_url(rel)
        assert (built_site.site / url).is_file(), url
        assert (built_site.site / "ko" / url).is_file(), f"ko/{url}"


def test_korean_pages_are_korean(built_site):
    for rel in doc_pages("ko"):
        page = (built_site.site / "ko" / page_url(rel)).read_text(encoding="utf-8")
        assert '<html lang="ko"' in page, rel
        assert re.search(r"[\uac00-\ud7a3]", page), f"no Hangul on ko/{rel}"


# --- offline: nothing outside the site is requested --------------------------

# Attributes and CSS that make a browser fetch something (links <a href> do not).
_FETCHES = [
    re.compile(r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']([^\"']+)", re.I),
    re.compile(r"<link\b[^>]*\bhref=[\"']([^\"']+)", re.I),
    re.compile(r"url\(\s*[\"']?([^\"')]+)", re.I),
    re.compile(r"@import\s+[\"']([^\"']+)", re.I),
    re.compile(r"\bimport\(\s*[\"']([^\"']+)", re.I),
]


def _outside(url):
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") or url.strip().startswith("//")


def test_site_requests_nothing_outside_itself(built_site):
    outside = []
    for path in built_site.site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in _FETCHES:
            for url in pattern.findall(text):
                if _outside(url):
                    outside.append(f"{path.relative_to(built_site.site)}: {url}")
    assert outside == []


def test_vendored_math_and_search_shim_ship_with_licenses(built_site):
    vendor = built_site.site / "assets" / "vendor"
    assert (vendor / "katex" / "LICENSE").is_file()
    assert (vendor / "iframe-worker" / "LICENSE").is_file()
    assert list((vendor / "katex" / "fonts").glob("*.woff2"))
    page = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert "assets/vendor/iframe-worker/shim.js" in page
    assert "fonts.googleapis" not in page and "unpkg.com" not in page


def _local_targets(page):
    text = page.read_text(encoding="utf-8")
    for url in re.findall(r"\b(?:href|src)=\"([^\"]+)\"", text):
        url = html.unescape(url)
        parts = urlsplit(url)
        if parts.scheme or url.startswith(("//", "#", "mailto:")) or not parts.path:
            continue
        yield url, unquote(parts.path)


def test_every_local_link_and_resource_exists(built_site):
    missing = []
    for page in html_pages(built_site.site):
        if page.name == "404.html":
            continue  # served for any missing path, so MkDocs writes it with root-relative links
        for url, path in _local_targets(page):
            target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{page.relative_to(built_site.site)} -> {url}")
    assert missing == []


def test_every_anchor_on_a_page_exists(built_site):
    broken = []
    for page in html_pages(built_site.site):
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r"\bid=\"([^\"]*)\"", text))
        assert "" not in ids, f"empty id on {page.relative_to(built_site.site)}"
        for anchor in re.findall(r"\bhref=\"#([^\"]+)\"", text):
            if unquote(html.unescape(anchor)) not in ids and anchor not in ids:
                broken.append(f"{page.relative_to(built_site.site)}#{anchor}")
    assert broken == []


# --- the language switcher lands on the same page ---------------------------


def _alternates(page):
    text = page.read_text(encoding="utf-8")
    return dict(
        (lang, href) for href, lang in re.findall(r"<a href=\"([^\"]+)\" hreflang=\"([a-z]+)\"", text)
    )


@pytest.mark.parametrize("rel", doc_pages("en"), ids=str)
def test_language_switcher_links_the_twin(built_site, rel):
    url = page_url(rel)
    en_page = built_site.site / url
    ko_page = built_site.site / "ko" / url
    en_links, ko_links = _alternates(en_page), _alternates(ko_page)
    assert set(en_links) == set(ko_links) == {"en", "ko"}
    assert (en_page.parent / en_links["ko"]).resolve() == ko_page.resolve()
    assert (ko_page.parent / ko_links["en"]).resolve() == en_page.resolve()


# --- search ------------------------------------------------------------------


def test_search_index_holds_both_languages_and_works_offline(built_site):
    index = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("ko/") for loc in locations)
    assert any(not loc.startswith("ko/") for loc in locations)
    korean = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("ko/"))
    assert "경사 하강법" in korean
    # The offline plugin inlines the index into a script for file:// readers.
    script = (built_site.site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index =") and "ko/" in script


# --- notebooks -----------------------------------------------------------------


def _notebooks():
    return doc_pages("en", suffixes=(".ipynb",))


def test_there_is_a_notebook_in_each_language():
    assert _notebooks()
    assert doc_pages("ko", suffixes=(".ipynb",)) == _notebooks()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("rel", _notebooks(), ids=str)
def test_notebook_page_is_rendered_executed_and_downloadable(built_site, lang, rel):
    folder = built_site.site if lang == "en" else built_site.site / "ko"
    page = folder / page_url(rel)
    text = page.read_text(encoding="utf-8")
    # Rendered as a notebook, not pasted as raw JSON.
    assert "jupyter-wrapper" in text
    assert '"cell_type"' not in text and '"nbformat"' not in text
    # Executed at build time: outputs and an image are on the page.
    assert "jp-OutputArea-output" in text
    assert "data:image/png;base64," in text
    assert re.search(r"jp-InputArea-prompt\">\s*In\s*\[1\]:", text)
    # A visible link to the .ipynb, which sits next to the page.
    link = re.search(r"<a class=\"md-button\" href=\"([^\"]+\.ipynb)\" download>", text)
    assert link, "no download link"
    downloaded = page.parent / link.group(1)
    assert json.loads(downloaded.read_text(encoding="utf-8")) == json.loads(
        (DOCS / lang / rel).read_text(encoding="utf-8")
    )
    # Headings have real ids (Korean ones included), and the first one,
    # the target of the skip link, matches the table of contents.
    ids = re.findall(r"<h[1-6] id=\"([^\"]*)\"", text)
    assert ids and all(ids)
    skip = re.search(r"<a href=\"#([^\"]+)\" class=\"md-skip\">", text)
    assert skip and unquote(skip.group(1)) in ids


def test_rebuild_reuses_notebook_executions_and_figures(built_site, tmp_path):
    """A second build executes no notebook and draws no figure."""
    warm = build_site(tmp_path / "site")
    assert "Converting notebook" not in warm.log
    hits = re.findall(r"Cache hit: (\S+)", warm.log)
    assert len(hits) == 2 * len(_notebooks())
    drawn = re.findall(r"figures: drew (\d+) ", warm.log)
    assert drawn and set(drawn) == {"0"}, warm.log[-2000:]
