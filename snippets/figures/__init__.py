"""The site's figures, drawn from the tested code at build time.

Each module here lists its figures in ``__all__``. A figure is a function that
takes the page language, ``"en"`` or ``"ko"``, and returns a matplotlib
``Figure``; the build hook (``hooks/figures.py``) saves it as
``docs/<lang>/figures/<name>.svg``. Randomness comes from seeded generators,
so the same code draws the same picture.

This package module holds what every figure module shares: the rc settings
(``RC``), the label chooser ``text``, and helpers that store curves and images
in fewer SVG bytes (``simplify_line``, ``contour_lines``, ``imshow_compact``).
"""

import base64
import io

import contourpy
import numpy as np
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.collections import LineCollection
from matplotlib.image import AxesImage
from matplotlib.transforms import Affine2D
from PIL import Image

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
    >>> text("ko", en="step", ko="걸음")
    '걸음'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return en if lang == "en" else ko


# Curves in fewer bytes ------------------------------------------------------


def simplify_line(points, tolerance):
    """Indices of the vertices of the polyline ``points`` (n, 2) that keep
    it within ``tolerance`` of itself (Ramer-Douglas-Peucker).

    Curves from fine grids and long runs have far more vertices than a
    drawing can show, and an SVG stores every one of them. Scale the points
    so that ``tolerance`` is a fraction of a point on the page.

    Examples
    --------
    >>> line = np.array([[0, 0], [1, 0.001], [2, 0], [3, 1]])
    >>> simplify_line(line, 0.01).tolist()
    [0, 2, 3]
    """
    points = np.asarray(points, dtype=float)
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    todo = [(0, len(points) - 1)]
    while todo:
        i, j = todo.pop()
        if j <= i + 1:
            continue
        chord = points[j] - points[i]
        offsets = points[i + 1:j] - points[i]
        length = np.hypot(*chord)
        if length > 0:
            distances = np.abs(offsets[:, 0] * chord[1] - offsets[:, 1] * chord[0]) / length
        else:
            distances = np.hypot(offsets[:, 0], offsets[:, 1])
        k = int(np.argmax(distances))
        if distances[k] > tolerance:
            keep[i + 1 + k] = True
            todo += [(i, i + 1 + k), (i + 1 + k, j)]
    return np.flatnonzero(keep)


def contour_lines(ax, x, y, z, levels, tolerance=1e-3, **style):
    """Draw the level curves of ``z`` on the grid ``x``, ``y`` (2-D arrays).

    Like ``ax.contour(x, y, z, levels)`` on a fine grid, but each curve is
    simplified to within ``tolerance`` times the grid's width and height,
    a fraction of a point on the page: the same picture in a tenth of the
    bytes. ``style`` goes to the LineCollection (``colors``, ``linewidths``).
    The axes limits are left alone.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> gx, gy = np.meshgrid(np.linspace(-1, 1, 101), np.linspace(-1, 1, 101))
    >>> circles = contour_lines(ax, gx, gy, gx**2 + gy**2, [0.25, 0.5])
    >>> len(circles.get_paths())
    2
    >>> plt.close(fig)
    """
    span = np.array([np.ptp(x), np.ptp(y)])
    generator = contourpy.contour_generator(x, y, z, line_type="Separate")
    lines = [line[simplify_line(line / span, tolerance)]
             for level in levels for line in generator.lines(level)]
    return ax.add_collection(LineCollection(lines, **style), autolim=False)


# Images in fewer bytes ---------------------------------------------------------


class _CompactRenderer:
    """Passes everything to an SVG renderer but embeds unsampled images in
    fewer bytes than matplotlib: as JPEG, or as PNG without the alpha channel
    (and with one channel for gray pictures)."""

    def __init__(self, renderer, jpeg):
        self._base, self._jpeg = renderer, jpeg

    def __getattr__(self, name):
        return getattr(self._base, name)

    def draw_image(self, gc, x, y, im, transform=None):
        if transform is None:  # a resampled image: leave it to matplotlib
            return self._base.draw_image(gc, x, y, im)
        h, w = im.shape[:2]
        pixels = im[..., :3]
        if (pixels == pixels[..., :1]).all():
            pixels = pixels[..., 0]  # gray: one channel is a third the size
        buffer = io.BytesIO()
        style = {}
        if self._jpeg:
            # 4:4:4 (no chroma subsampling) keeps thin red and blue edges; at
            # quality 80 it looks like the PNG at column width, even at 2x
            Image.fromarray(pixels).save(buffer, format="jpeg", quality=80,
                                         subsampling=0)
        else:  # lossless, and drawn as crisp pixels, like matplotlib's own
            Image.fromarray(pixels).save(buffer, format="png")
            style["style"] = "image-rendering:crisp-edges;image-rendering:pixelated"
        # the placement matplotlib's SVG backend gives unsampled images
        matrix = (Affine2D().scale(1 / w, 1 / h) + transform
                  + Affine2D().translate(x, y).scale(1, -1).translate(0, self.height)
                  ).get_matrix()
        numbers = [matrix[0, 0], matrix[1, 0], matrix[0, 1], matrix[1, 1],
                   matrix[0, 2], matrix[1, 2]]
        kind = "jpeg" if self._jpeg else "png"
        self.writer.element(
            "image", width=str(w), height=str(h),
            transform="matrix({})".format(" ".join(f"{v:.6g}" for v in numbers)),
            attrib={"xlink:href": f"data:image/{kind};base64,"
                    + base64.b64encode(buffer.getvalue()).decode("ascii")},
            **style)


class _CompactImage(AxesImage):
    """An AxesImage that an SVG file stores in fewer bytes (see
    ``imshow_compact``). It is not clipped: it must fill its axes, as
    ``imshow`` makes it by default."""

    jpeg = True

    def draw(self, renderer):
        if isinstance(getattr(renderer, "_renderer", renderer), RendererSVG):
            renderer = _CompactRenderer(renderer, self.jpeg)  # may be mixed mode
        super().draw(renderer)


def imshow_compact(ax, picture, jpeg=True, **kwargs):
    """``ax.imshow(picture, **kwargs)``, embedded in an SVG at the picture's
    own resolution and in a fraction of matplotlib's bytes.

    Matplotlib stores images as RGBA PNG. ``jpeg=True`` stores a JPEG,
    which the browser scales smoothly: right for photos, about a third of
    the PNG. ``jpeg=False`` stores a PNG with only the channels the picture
    needs, drawn as crisp pixels: right for pixel-level noise, which JPEG
    blurs.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> image = imshow_compact(ax, np.eye(4), cmap="gray")
    >>> type(image).__name__, image.get_interpolation()
    ('_CompactImage', 'none')
    >>> plt.close(fig)
    """
    image = ax.imshow(picture, interpolation="none", **kwargs)
    image.__class__ = _CompactImage  # the same image, drawn by _CompactImage.draw
    image.jpeg = jpeg
    return image
