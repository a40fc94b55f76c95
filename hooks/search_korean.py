"""Build hook: Korean-aware search whose results stay in the page's language.

Material's search (lunr.js in a web worker) splits on its separator and
matches each query term as a prefix. Korean readers attach particles
(과적합을, 학습률이), write compounds without spaces (경사하강법) and type
English terms beside Hangul (AdamW와), and one index serves both languages.

The design keeps Material's own search and index and adds as little as
possible:

* ``mkdocs.yml`` configures Material's search plugin: a separator that also
  splits Hangul from Latin letters and digits (``모멘텀(momentum)을`` gives
  ``모멘텀``, ``momentum``, ``을``; ``AdamW와`` gives ``AdamW``, ``와``), and
  the pipeline with lunr's English stemmer (``optimizers`` finds
  ``optimizer``). lunr-languages' ``ko`` (bundled with Material) stays the
  Korean language support, with its stop words.
* Query time, in the worker (``overrides/assets/javascripts/
  search-korean-worker.js``): each Hangul term is searched as itself, without
  its particle or ending (one of a fixed list, only if two syllables remain),
  and, when the index holds no term it prefixes, as the longest pieces the
  index does know, the way Material already segments Chinese against its
  inverted index: ``경사하강법`` is searched as ``경사 하강법``, the same query
  as the spaced form. Nothing is added to the index, so its size is
  unchanged, and highlighting works from lunr's own token positions.
  A Korean morphological analyser (e.g. kiwipiepy at build time) was
  considered and left out: index-time analysis alone cannot help queries,
  which are typed in the browser, and the browser has no such analyser; a
  dictionary-free strip-and-segment against the site's own vocabulary treats
  index and query alike and costs 5 kB.
* Scoping: ``search-scope.js`` (an ``extra_javascript``) adds the page's
  language to the first document of the index it posts to the worker at
  setup; the worker keeps only results in that language (``ko/`` locations
  or not; a query in Hangul counts as Korean), unless none matches, and then
  keeps the other language's results. The page whose (or the section whose)
  title is the query, with or without spaces and particles, ranks first.

This hook appends the worker script to the built
``assets/javascripts/lunr/min/lunr.multi.min.js``, the last lunr-languages
script Material's worker imports when the site has more than one search
language (here en and ko), so the script runs inside the worker, from a
server and from ``file://`` (iframe-worker) alike, before the index is built.
"""

from pathlib import Path

WORKER_SCRIPT = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/search-korean-worker.js"
TARGET = "assets/javascripts/lunr/min/lunr.multi.min.js"
MARK = "\n/* search-korean-worker.js */\n"


def on_post_build(config, **kwargs):
    target = Path(config["site_dir"]) / TARGET
    if not target.is_file():
        raise FileNotFoundError(
            f"{TARGET} is missing: the search plugin must index more than one language"
        )
    text = target.read_text(encoding="utf-8").split(MARK)[0]
    target.write_text(text + MARK + WORKER_SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
