"""Build hook: the whole book as one PDF per language (``book.pdf``, ``ko/book.pdf``).

After each language is built (mkdocs-static-i18n builds English at the site's
root, then Korean under ``ko/``), the chapter pages are joined in ``nav``
order into one print page, ``book.html`` beside the language's home page, and
headless Chromium prints it to ``book.pdf``:

* each page's article (``.md-content__inner``) becomes a ``<section>`` whose
  id is the page's slug; every id inside it gets the slug as a prefix, so
  ``#update`` of the Adam page is ``#optimizers-adam--update``, and links
  between pages become links to those anchors, which jump inside the PDF;
* what only works on screen goes: permalinks, scripts, download buttons, the
  copy buttons of notebook cells, links to pages the book leaves out (the API
  reference, whose mkdocstrings layout does not print well); code tabs are
  laid out one after the other under their labels, and folded solutions are
  opened;
* the page links the site's own stylesheets, ``print.css`` (A4, a page break
  before each chapter, code wrapped, Hangul in NanumGothic, which Chromium
  then embeds) and the site's KaTeX, typeset by ``katex-init.js`` as on the
  site; the printer waits for its ``body[data-math=typeset]`` mark.

Making the print page and printing it cost about half a minute of CPU a
language (most of it Chromium laying out and painting some 370 pages), so
the two languages print side by side in their own processes, and the print
page and PDF are cached in ``.cache/print_book/`` under a hash of what they
are made of (the built chapter pages, the figures, the stylesheets and
scripts, this hook): a build in which no page of a language changed copies
them, in a few milliseconds. ``mkdocs serve`` never waits for the printer
once a book was printed: when the pages changed it serves the last one
printed (``mkdocs build`` prints anew).

Chromium is found as the browser tests find it: ``$CHROMIUM``, else
``chromium``, ``google-chrome-stable`` or ``google-chrome`` on the PATH.
"""

import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

log = get_plugin_logger("print_book")
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "print_book"
PDF = "book.pdf"
HTML = "book.html"
PRINT_CSS = "assets/stylesheets/print.css"  # from overrides/, at the site's root
LEFT_OUT = {"reference/api.md"}
# A4 with these margins leaves the print page this wide (print.css, test_pdf).
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "17mm", "right": "17mm"}
DEADLINE = 600_000  # ms
FOOTER = ('<div style="width:100%;font-size:8px;color:#666;text-align:center;">'
          '<span class="pageNumber"></span></div>')

_state = {"command": "build", "nav": None}


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(-110)  # after mkdocs-static-i18n (-100) kept the language's files
def on_files(files, config):
    # The home page links book.pdf: as a (placeholder) site file MkDocs
    # checks that link, and on_post_build writes the real PDF over it.
    for home in [f for f in files.documentation_pages() if re.fullmatch(r"[^/]+/index\.md", f.src_uri)]:
        pdf = File.generated(config, posixpath.join(posixpath.dirname(home.src_uri), PDF), content=b"")
        pdf.dest_uri = posixpath.join(posixpath.dirname(home.dest_uri), PDF)
        files.append(pdf)
    return files


def on_page_context(context, page, config, nav):
    _state["nav"] = nav  # the language's navigation, already translated
    return context


def on_post_build(config):
    if _state["nav"] is not None and _state["nav"].homepage is not None:
        _book(config, _state["nav"])
    if not _first_of_more_languages(config):
        _wait(config)


def _book(config, nav):
    """Write the language's print page and PDF: from the cache or anew."""
    lang = config["theme"]["language"]
    site = Path(config["site_dir"])
    base = posixpath.dirname(nav.homepage.file.dest_uri)  # beside index.html
    html_path, pdf_path = site / base / HTML, site / base / PDF
    start = time.perf_counter()
    assets = _assets((site / nav.homepage.file.dest_uri).read_text(encoding="utf-8"), base)
    key = _key(site, base, _chapters(nav), assets)
    name = posixpath.join(base, PDF)
    cached = CACHE / f"{lang}-{key}"
    if cached.with_suffix(".pdf").is_file() and cached.with_suffix(".html").is_file():
        _copy(cached, html_path, pdf_path)
        log.info(f"{name}: unchanged, copied from {cached.relative_to(ROOT)}.pdf "
                 f"({time.perf_counter() - start:.1f} s)")
        return
    earlier = sorted((p for p in CACHE.glob(f"{lang}-*.pdf") if p.with_suffix(".html").is_file()),
                     key=lambda p: p.stat().st_mtime)
    if _state["command"] == "serve" and earlier:
        _copy(earlier[-1].with_suffix(""), html_path, pdf_path)
        log.info(f"{name}: the pages changed; serving the last book printed (mkdocs build prints anew)")
        return
    html_path.write_text(print_page(nav, config, site, base, assets), encoding="utf-8")
    # Printed in another process, so that the next language builds (and
    # prints) meanwhile; the last language's on_post_build waits for it.
    printer = subprocess.Popen([sys.executable, __file__, str(html_path), str(pdf_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _printing.append((printer, html_path, pdf_path, cached, earlier, start))


def _copy(cached, html_path, pdf_path):
    shutil.copyfile(cached.with_suffix(".html"), html_path)
    shutil.copyfile(cached.with_suffix(".pdf"), pdf_path)


_printing = []


def _first_of_more_languages(config):
    """Whether mkdocs-static-i18n builds other languages after this one.

    It builds them inside its own on_post_build, after this hook's: the last
    language's on_post_build waits for every printer.
    """
    i18n = config["plugins"].get("i18n")
    return i18n is not None and not i18n.building and len(i18n.build_languages) > 1


def _wait(config):
    while _printing:
        printer, html_path, pdf_path, cached, earlier, start = _printing.pop(0)
        output, _ = printer.communicate()
        if printer.returncode != 0:
            raise PluginError(f"print_book: printing {pdf_path.name} failed:\n{output[-3000:]}")
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in earlier:
            old.unlink(missing_ok=True)
            old.with_suffix(".html").unlink(missing_ok=True)
        # The PDF last, each whole or not at all: a build running beside this
        # one takes the pair only once the PDF is there.
        for source, suffix in ((html_path, ".html"), (pdf_path, ".pdf")):
            partial = cached.with_suffix(f"{suffix}.{os.getpid()}")
            shutil.copyfile(source, partial)
            os.replace(partial, cached.with_suffix(suffix))
        where = pdf_path.relative_to(config["site_dir"]).as_posix()
        log.info(f"{where}: printed in {time.perf_counter() - start:.1f} s")


# --- the print page ----------------------------------------------------------


def _lang_path(page):
    """The page's path inside its language folder: ``optimizers/adam.md``."""
    parts = page.file.src_uri.split("/")
    return "/".join(parts[1:]) if len(parts) > 1 and parts[0] in ("en", "ko") else page.file.src_uri


def _slug(page, base):
    dest = page.file.dest_uri
    dest = dest[len(base) + 1:] if base else dest
    return re.sub(r"[^A-Za-z0-9]+", "-", posixpath.splitext(dest)[0]).strip("-")


def _chapters(nav):
    return [p for p in nav.pages if _lang_path(p) not in LEFT_OUT]


def _assets(home, base):
    """The stylesheets and KaTeX scripts of the home page, and print.css."""
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    styles.append(posixpath.relpath(PRINT_CSS, base or "."))
    scripts = [src for src in re.findall(r'<script src="([^"]+)"', home) if "katex" in src]
    return styles, scripts


def _key(site, base, chapters, assets):
    """Hash of what the book is made of: the built chapter pages, the
    language's figures, the stylesheets and scripts, print.css and this hook."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    files = [site / p.file.dest_uri for p in chapters]
    files += sorted((site / base / "figures").glob("*"))
    files += [site / base / unquote(url) for url in assets[0] + assets[1]]
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', flags=re.S)
# Notebook pages carry JupyterLab's stylesheets (half a megabyte, which would
# slow the whole print down) and scripts: the book styles their cells itself.
STYLES_AND_SCRIPTS = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", flags=re.S)


def print_page(nav, config, site, base, assets):
    """The print page of one language, as HTML text."""
    chapters = _chapters(nav)
    slugs = {p.file.dest_uri: _slug(p, base) for p in chapters}
    styles, scripts = assets
    body = []
    for page in chapters:
        text = ARTICLE.search((site / page.file.dest_uri).read_text(encoding="utf-8")).group(0)
        article = BeautifulSoup(STYLES_AND_SCRIPTS.sub("", text), "html.parser").article
        _clean(article)
        _rebase(article, page, slugs, base)
        article.name = "section"
        article.attrs = {"class": ["chapter", "md-typeset"], "id": slugs[page.file.dest_uri]}
        body.append(str(article))

    lang = config["theme"]["language"]
    head = "\n".join(f'<link rel="stylesheet" href="{href}">' for href in styles)
    tail = "\n".join(f'<script src="{src}"></script>' for src in scripts)
    title = _escape(config["site_name"])
    description = _escape(config.get("site_description") or "")
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
{head}
</head>
<body class="print-book" dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<section class="title-page md-typeset" id="title">
<h1>{title}</h1>
<p>{description}</p>
</section>
{_toc(nav, slugs)}
{''.join(body)}
<script>
// katex-init.js typesets when Material's document$ fires; this page has no
// Material, so it fires once the page is parsed.
var document$ = {{ subscribe: function (typeset) {{ document.addEventListener("DOMContentLoaded", typeset); }} }};
</script>
{tail}
</body>
</html>
"""


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").strip()


def _toc(nav, slugs):
    """The table of contents: nav's sections and their pages, as links."""

    def items(entries):
        out = []
        for item in entries:
            if item.is_page and item.file.dest_uri in slugs:
                out.append(f'<li><a href="#{slugs[item.file.dest_uri]}">{_escape(item.title)}</a></li>')
            elif item.is_section:
                inner = items(item.children)
                if inner:
                    out.append(f'<li class="toc-section"><span>{_escape(item.title)}</span><ol>{inner}</ol></li>')
        return "".join(out)

    heading = "차례" if nav.homepage.file.src_uri.startswith("ko/") else "Contents"
    return f'<nav class="book-toc md-typeset" id="contents"><h1>{heading}</h1><ol>{items(nav.items)}</ol></nav>'


def _clean(article):
    """Drop what only works on screen; lay out tabs and open solutions."""
    for junk in article.select("a.headerlink, a.anchor-link, .notebook-download, .book-download, "
                               ".md-content__button, .zeroclipboard-container, .clipboard-copy-icon, "
                               ".clipboard-copy-txt"):
        junk.decompose()
    # Each code line's anchor links to itself: ten thousand links and
    # destinations in the PDF, of no use on paper.
    for anchor in article.select('a[id^="__codelineno"]'):
        anchor.decompose()
    # Notebook pages: the site's code style for their cells.
    for prompt in article.select(".jp-InputPrompt, .jp-OutputPrompt"):
        prompt.decompose()
    for block in article.select(".jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-RenderedText"):
        pre = block.find("pre")
        if pre is not None and pre.find("code") is None:
            code = article.new_tag("code")
            for child in list(pre.contents):
                code.append(child.extract())
            pre.append(code)
        block["class"] = block.get("class", []) + ["highlight"]
    for details in article.select("details"):
        details["open"] = ""
    for tabs in article.select(".tabbed-set"):
        labels = [label.get_text(" ", strip=True) for label in tabs.select(":scope > .tabbed-labels > label")]
        blocks = tabs.select(":scope > .tabbed-content > .tabbed-block")
        printed = article.new_tag("div", attrs={"class": "print-tabs"})
        for label, block in zip(labels, blocks):
            caption = article.new_tag("p", attrs={"class": "print-tab-label"})
            caption.string = label
            block.name = "div"
            block["class"] = ["print-tab"]
            printed.append(caption)
            printed.append(block.extract())
        tabs.replace_with(printed)


def _rebase(article, page, slugs, base):
    """Unique ids, links between chapters as anchors, files from book.html."""
    own = slugs[page.file.dest_uri]
    for tag in article.select("[id]"):
        tag["id"] = f"{own}--{tag['id']}"
    for tag in article.select("label[for]"):
        tag["for"] = f"{own}--{tag['for']}"
    here = posixpath.dirname(page.file.dest_uri)
    for link in article.select("a[href]"):
        parts = urlsplit(link["href"])
        if parts.scheme or link["href"].startswith("//"):
            continue  # outside the site: stays a web link
        fragment = unquote(parts.fragment)
        if not parts.path:
            link["href"] = f"#{own}--{fragment}" if fragment else f"#{own}"
            continue
        target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
        if target in slugs:
            link["href"] = f"#{slugs[target]}--{fragment}" if fragment else f"#{slugs[target]}"
        else:
            link.unwrap()  # a page or file the book leaves out
    for tag in article.select("[src]"):
        parts = urlsplit(tag["src"])
        if not parts.scheme and not tag["src"].startswith("//"):
            target = posixpath.normpath(posixpath.join(here, parts.path))
            tag["src"] = posixpath.relpath(target, base or ".")


# --- printing ----------------------------------------------------------------


def chromium():
    """$CHROMIUM, else Debian's chromium, else Google Chrome (GitHub's runners)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "google-chrome-stable", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise PluginError(f"print_book: no Chromium to print {PDF} (tried $CHROMIUM, chromium, google-chrome); "
                      "./dev.sh build installs one")


def print_pdf(html_path, pdf_path):
    """Print the page at ``html_path`` to ``pdf_path`` with headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            # Deadlines for a busy machine, not delays: each wait returns as
            # soon as its signal comes.
            page.goto(html_path.as_uri(), wait_until="load", timeout=DEADLINE)
            page.wait_for_selector("body[data-math=typeset]", state="attached", timeout=DEADLINE)
            page.evaluate("document.fonts.ready.then(() => true)")
            page.pdf(path=pdf_path, format="A4", margin=MARGIN, print_background=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=FOOTER)
        finally:
            browser.close()


if __name__ == "__main__":
    print_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
