"""Build hook: make Jupyter notebooks proper pages in both languages.

mkdocs-jupyter and mkdocs-static-i18n do not know about each other, and
nbconvert's template assumes a network. This hook mends each place where that
shows; ``tests/test_site.py`` checks every one of them on the built site.

1. i18n's ``on_files`` (priority -100) rebuilds every File after mkdocs-jupyter
   has wrapped its notebooks, so a notebook would be published as its raw JSON
   with no warning. We wrap the notebooks again after i18n, keeping the folder
   i18n chose, and give them ``alternates`` so that the language switcher,
   which i18n fills only for Markdown pages, links to the other language.
2. i18n builds each language as a separate MkDocs build in one process, and
   mkdocs-jupyter deletes the cached executions a build did not use: each
   language would delete the other's and every build would execute every
   notebook. We keep one set of used entries across the language builds and
   let the last build evict.
3. The cache key covers the notebook and the plugin options, not the code the
   notebook imports: when ``snippets/`` changes, the cache is dropped.
4. nbconvert's template loads MathJax and Mermaid from CDNs. The scripts are
   removed; the site's own KaTeX renders the math of Markdown cells.
5. mkdocs-jupyter makes heading ids from ASCII only, so Korean headings get
   ``id=""`` and the skip link and table of contents point nowhere. Ids are
   made again with the slugify of the Markdown pages, in the page and its TOC.
6. Links in Markdown cells to other pages (``../basics/page.md``) are left as
   written; they are pointed at the built pages, as MkDocs does for Markdown.
"""

import hashlib
import html
import os
import re
from pathlib import Path, PurePosixPath

from mkdocs.plugins import event_priority
from mkdocs_jupyter.plugin import NotebookFile
from pymdownx.slugs import slugify

ROOT = Path(__file__).resolve().parents[1]
_slugify = slugify(case="lower")

# Cache entries used by any language build of the current `mkdocs build`.
_used_cache_paths = set()


def _plugins(config):
    return config.plugins["mkdocs-jupyter"], config.plugins["i18n"]


# --- 1. notebooks as pages, with alternates ---------------------------------


def _page_dest(dest_path):
    """``practice/regression.ipynb`` -> ``practice/regression.html``."""
    return PurePosixPath(dest_path).with_suffix(".html").as_posix()


class _Alternate:
    """What the i18n plugin reads from an alternate: its ``url``."""

    def __init__(self, url):
        self.url = url


@event_priority(-200)  # after i18n (-100)
def on_files(files, config):
    jupyter, i18n = _plugins(config)
    for file in list(files):
        if isinstance(file, NotebookFile) or not jupyter.should_include(file):
            continue
        page_file = NotebookFile(file, **config)
        page_file.dest_path = _page_dest(file.dest_path)  # i18n's folder, not the source's
        page_file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page_file.dest_path))
        page_file.url = page_file._get_url(config.use_directory_urls)
        norm = PurePosixPath(file.norm_src_uri)
        alternates = {}
        for lang in i18n.build_languages:
            if (Path(config.docs_dir) / lang / norm).is_file():
                prefix = "" if lang == i18n.default_language else f"{lang}/"
                alternates[lang] = _Alternate(_page_dest(f"{prefix}{norm}"))
        page_file.alternates = alternates
        files.remove(file)
        files.append(page_file)
    return files


# --- 2 and 3. one execution cache for all languages --------------------------


def _code_hash():
    digest = hashlib.sha256()
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@event_priority(-50)  # after mkdocs-jupyter's own on_pre_build (0) reset its set
def on_pre_build(config):
    jupyter, i18n = _plugins(config)
    if not i18n.building:  # the first language build of this `mkdocs build`
        _used_cache_paths.clear()
        cache_dir = Path(jupyter.config["cache_dir"])
        stamp = cache_dir / "snippets.sha256"
        code = _code_hash()
        if not stamp.is_file() or stamp.read_text() != code:
            for entry in cache_dir.glob("*.json"):
                entry.unlink()
            cache_dir.mkdir(parents=True, exist_ok=True)
            stamp.write_text(code)
    jupyter._used_cache_paths = _used_cache_paths


@event_priority(10)  # before mkdocs-jupyter (0) evicts unused entries
def on_post_build(config):
    jupyter, i18n = _plugins(config)
    if not i18n.building:
        # More language builds follow: evict nothing yet.
        jupyter._used_cache_paths = _used_cache_paths | set(Path(jupyter.config["cache_dir"]).glob("*.json"))


# --- 4 and 5. offline scripts and heading ids --------------------------------

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>\s*", re.S)
_HEADING = re.compile(r"<h([1-6]) id=\"([^\"]*)\">(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_PAGE_LINK = re.compile(r"href=\"(?![a-z][a-z0-9+.-]*:|/|#)([^\"#]+)\.(?:md|ipynb)(#[^\"]*)?\"")


def _drop_network_scripts(match):
    """Remove nbconvert's MathJax and Mermaid loaders; keep every other script."""
    attributes, body = match.groups()
    if "mathjax" in body.lower() or "mermaid" in body or re.search(r"\bsrc=\"(https?:)?//|\bsrc=\"\"", attributes):
        return ""
    return match.group(0)


def _page_link(match):
    path, anchor = match.group(1), match.group(2) or ""
    return f'href="{path}.html{anchor}"'


def _walk(toc):
    for item in toc:
        yield item
        yield from _walk(item.children)


def on_page_content(content, page, config, files):
    if not isinstance(page.file, NotebookFile):
        return content
    content = _SCRIPT.sub(_drop_network_scripts, content)
    content = _PAGE_LINK.sub(_page_link, content)

    toc_items = list(_walk(page.toc))
    seen = set()
    position = 0

    def new_id(match):
        nonlocal position
        level, old, inner = match.groups()
        title = html.unescape(_TAGS.sub("", inner)).replace("¶", "").strip()
        base = _slugify(title, "-") or f"section-{position + 1}"
        ident, n = base, 1
        while ident in seen:
            n += 1
            ident = f"{base}_{n}"
        seen.add(ident)
        if position < len(toc_items) and toc_items[position].title.strip() == title:
            toc_items[position].id = ident
        position += 1
        inner = inner.replace(f'href="#{old}"', f'href="#{ident}"')
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    return _HEADING.sub(new_id, content)
