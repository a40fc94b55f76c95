"""The site's figures, drawn from the tested code at build time.

Each module here lists its figures in ``__all__``. A figure is a function that
takes the page language, ``"en"`` or ``"ko"``, and returns a matplotlib
``Figure``; the build hook (``hooks/figures.py``) saves it as
``docs/<lang>/figures/<name>.svg``. Randomness comes from seeded generators,
so the same code draws the same picture.
"""

LANGUAGES = ("en", "ko")

# Latin text in DejaVu Sans, Hangul falls back to NanumGothic (Debian's
# fonts-nanum); SVG text is stored as paths, so readers need no font.
RC = {
    "font.family": ["DejaVu Sans", "NanumGothic"],
    "svg.fonttype": "path",
    "svg.hashsalt": "snippets",
    "axes.unicode_minus": False,
    "figure.dpi": 100,
    # The content column is about 700 px wide: figures of at most 8 inches
    # keep this text readable once the browser scales them down.
    "font.size": 11,
    "legend.fontsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def text(lang, en, ko):
    """Pick the figure label for ``lang``.

    Examples
    --------
    >>> text("ko", en="step", ko="단계")
    '단계'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return en if lang == "en" else ko
