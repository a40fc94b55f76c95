"""Data of the interactive figures, computed by the tested code at build time.

A slider of an interactive figure only picks one of the results computed
here and shows it: the JavaScript (``overrides/assets/javascripts/
interactive.js``) holds no math. ``figure(key, lang)`` returns one figure as
a JSON-ready dict; ``hooks/interactive.py`` writes it into the page.

A figure is drawn in an SVG of ``WIDTH`` units across. Everything in it is
already in those units, rounded to whole units (a tenth of a percent of the
width): ``base`` is SVG markup drawn once (axes, contours, labels), and each
of ``layers`` maps a setting of its ``keys`` (slider indices joined by
commas, e.g. ``"3,1"``) to the markup drawn for that setting. The convolution
figure, whose windows depend on seven sliders, sends a grid of numbers
instead (see ``_conv_window``).

The one static figure of this module, in ``__all__`` for the figures hook,
is the fallback of the optimizers' interactive figure: its default setting.
"""

import functools
from html import escape

import contourpy
import numpy as np

from snippets import optimizers as optim
from snippets.conv import conv2d, conv2d_backward, conv_output_size
from snippets.figures import simplify_line, text
from snippets.figures.generalization import (NOISE, _fixed_design,
                                             polynomial_bias_variance, truth)
from snippets.figures.optimizers import LEARNING_RATES, QUADRATIC, ROSENBROCK, _paths_figure
from snippets.generalization import fit_polynomial
from snippets.gd_methods import gradient_descent
from snippets.landscapes import quadratic, quadratic_grad

__all__ = ["optim_interactive_paths"]

WIDTH = 1000


class Panel:
    """A plot box of the figure (in SVG units) and the data range it shows.

    Examples
    --------
    >>> panel = Panel(0, 0, 100, 50, (0, 1), (0, 1))
    >>> panel.x(0.5), panel.y(0.0)
    (50, 50)
    """

    def __init__(self, left, top, width, height, xlim, ylim):
        self.left, self.top, self.width, self.height = left, top, width, height
        self.xlim, self.ylim = xlim, ylim

    def x(self, value):
        """SVG units of data ``value`` along x, rounded (arrays too)."""
        (x0, x1) = self.xlim
        units = self.left + (np.asarray(value, dtype=float) - x0) / (x1 - x0) * self.width
        return _round(units)

    def y(self, value):
        """SVG units of data ``value`` along y (downwards), rounded."""
        (y0, y1) = self.ylim
        units = self.top + (y1 - np.asarray(value, dtype=float)) / (y1 - y0) * self.height
        return _round(units)

    def path(self, xs, ys, tolerance=0.6):
        """The polyline through (xs, ys) as path data (see ``polyline``),
        without the vertices that move it by less than ``tolerance`` units."""
        points = np.column_stack([self.x(xs), self.y(ys)])
        if len(points) > 2:
            points = points[simplify_line(points, tolerance)]
        return polyline(points)

    def frame(self, xticks, yticks, xlabel, ylabel, clip, gap=46):
        """Markup of the grid, tick labels, axis labels, and a clip path
        with id ``clip`` that keeps the curves inside the box; the y label
        sits ``gap`` units left of the box."""
        parts = [f'<clipPath id="{clip}"><rect x="{self.left}" y="{self.top}" '
                 f'width="{self.width}" height="{self.height}"/></clipPath>',
                 f'<rect class="box" x="{self.left}" y="{self.top}" '
                 f'width="{self.width}" height="{self.height}"/>']
        bottom, right = self.top + self.height, self.left + self.width
        for value, label in xticks:
            x = self.x(value)
            parts.append(f'<path class="grid" d="M{x} {self.top}V{bottom}"/>'
                         f'<text class="tick" x="{x}" y="{bottom + 18}" '
                         f'text-anchor="middle">{escape(label)}</text>')
        for value, label in yticks:
            y = self.y(value)
            parts.append(f'<path class="grid" d="M{self.left} {y}H{right}"/>'
                         f'<text class="tick" x="{self.left - 6}" y="{y + 5}" '
                         f'text-anchor="end">{escape(label)}</text>')
        # a one-letter label is a variable: in italics, as in the text
        kind = lambda label: "label var" if len(label) == 1 else "label"  # noqa: E731
        parts.append(f'<text class="{kind(xlabel)}" x="{self.left + self.width // 2}" '
                     f'y="{bottom + 42}" text-anchor="middle">{escape(xlabel)}</text>')
        middle, x = self.top + self.height // 2, self.left - gap
        parts.append(f'<text class="{kind(ylabel)}" x="{x}" y="{middle}" '
                     f'text-anchor="middle" transform="rotate(-90 {x} {middle})">'
                     f'{escape(ylabel)}</text>')
        return "".join(parts)


def polyline(points):
    """SVG path data through integer ``points`` (n, 2): the first point,
    then each step from the one before (``l``), which takes fewer digits.

    Examples
    --------
    >>> polyline(np.array([[10, 20], [13, 18], [13, 25]]))
    'M10 20l3 -2 0 7'
    """
    points = np.asarray(points)
    first, steps = points[0], np.diff(points, axis=0)
    data = f"M{first[0]} {first[1]}"
    if len(steps):
        data += "l" + " ".join(f"{a} {b}" for a, b in steps)
    return data


def _round(units):
    """Whole SVG units; points far off the figure are pulled in to ±5000."""
    units = np.clip(np.nan_to_num(units, nan=5000.0), -5000, 5000)
    rounded = np.rint(units).astype(int)
    return int(rounded) if rounded.ndim == 0 else rounded


def _number(value):
    """A measured value for a label, with three significant digits.

    Examples
    --------
    >>> _number(0.000123456), _number(2.0), _number(31415.9)
    ('0.000123', '2', '3.14e+04')
    """
    return f"{value:.3g}"


def _power_of_ten(exponent):
    """A tick label such as 10⁻⁸.

    Examples
    --------
    >>> _power_of_ten(-12), _power_of_ten(4)
    ('10⁻¹²', '10⁴')
    """
    return "10" + str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _dots(points):
    """Path data of one dot per distinct point (zero-length lines with
    round caps), each but the first placed relative to the one before."""
    points = np.asarray(points)
    keep = np.r_[True, np.any(np.diff(points, axis=0) != 0, axis=1)]
    points = points[keep]
    steps = np.diff(points, axis=0)
    return f"M{points[0][0]} {points[0][1]}h0" + "".join(f"m{a} {b}h0" for a, b in steps)


def _contours(panel, f, levels, n=200):
    """Markup of the level curves of ``f`` over ``panel``."""
    gx, gy = np.meshgrid(np.linspace(*panel.xlim, n), np.linspace(*panel.ylim, n))
    generator = contourpy.contour_generator(gx, gy, f(np.stack([gx, gy], axis=-1)),
                                            line_type="Separate")
    lines = [line for level in levels for line in generator.lines(level)]
    return "".join(f'<path class="contour" d="{panel.path(*line.T)}"/>' for line in lines)


def _star(panel, x, y):
    return f'<path class="star" d="M{panel.x(x)} {panel.y(y)}h0"/>'


def _slider(name, label, values, start):
    return {"id": name, "label": label, "values": list(values), "start": start}


# Gradient descent on the bowl ---------------------------------------------------

GD_LEARNING_RATES = [round(0.01 * k, 2) for k in range(1, 23)]  # 0.01 ... 0.22
GD_START, GD_STEPS = (-2.0, 1.0), 60
GD_PATHS = Panel(70, 15, 520, 294, (-2.3, 2.3), (-1.3, 1.3))
GD_LOSSES = Panel(690, 15, 290, 294, (0, GD_STEPS), (-12, 4))  # log10 of the loss


def gd_path(lr):
    """The gradient descent path of the figure ``gd-lr`` at learning rate ``lr``.

    Examples
    --------
    >>> gd_path(0.1)[1].tolist()
    [-1.8, 0.0]
    """
    return gradient_descent(quadratic_grad, x0=GD_START, lr=lr, steps=GD_STEPS)


def _gd_verdict(lang, path):
    """What the path does, read off the path itself."""
    y = path[:, 1]
    flips = bool(np.all(np.sign(y[1:]) * np.sign(y[:-1]) < 0))
    if abs(y[-1]) > abs(y[0]):
        return text(lang, en="diverges: y changes sign and grows at every step",
                    ko="발산: y가 걸음마다 부호를 바꾸며 커진다")
    if abs(y[-1]) == abs(y[0]):
        return text(lang, en="neither converges nor diverges: y jumps between +1 and -1",
                    ko="수렴도 발산도 하지 않는다: y가 +1과 -1 사이를 오간다")
    if flips:
        return text(lang, en="converges, zig-zagging across the valley",
                    ko="골짜기를 가로질러 지그재그로 움직이며 수렴한다")
    return text(lang, en="converges without oscillating",
                ko="진동 없이 수렴한다")


def _gd_learning_rate(lang):
    """Gradient descent on the bowl f(x, y) = (x² + 10 y²) / 2 for a slider
    of learning rates: its path (left) and its loss (right).

    """
    paths, losses = GD_PATHS, GD_LOSSES
    base = [paths.frame([(v, f"{v:g}") for v in (-2, -1, 0, 1, 2)],
                        [(v, f"{v:g}") for v in (-1, 0, 1)], "x", "y", "gd-clip-paths"),
            losses.frame([(v, str(v)) for v in (0, 20, 40, 60)],
                         [(v, _power_of_ten(v)) for v in (-12, -8, -4, 0, 4)],
                         text(lang, en="step t", ko="걸음 t"), "f(xₜ, yₜ)",
                         "gd-clip-losses", gap=62),
            _contours(paths, quadratic, np.geomspace(0.02, 10, 12)),
            _star(paths, 0, 0)]
    frames = {}
    for index, lr in enumerate(GD_LEARNING_RATES):
        path = gd_path(lr)
        loss = np.log10(np.maximum(quadratic(path), 1e-300))
        points = np.column_stack([paths.x(path[:, 0]), paths.y(path[:, 1])])
        status = (f"η = {lr:g}: {_gd_verdict(lang, path)}. "
                  + text(lang, en=f"f after {GD_STEPS} steps: ", ko=f"{GD_STEPS}걸음 뒤 f: ")
                  + _number(quadratic(path[-1])))
        frames[str(index)] = (
            f'<g clip-path="url(#gd-clip-paths)"><path class="line c0" d="'
            f'{polyline(points)}"/><path class="dots c0" d="{_dots(points)}"/></g>'
            f'<g clip-path="url(#gd-clip-losses)"><path class="line c0" d="'
            f'{losses.path(np.arange(len(path)), loss)}"/></g>'
            f'<text class="status" x="{paths.left}" y="372">{escape(status)}</text>')
    return {
        "kind": "layers", "height": 385,
        "label": text(lang, en="Gradient descent on the bowl for the chosen learning rate",
                      ko="고른 학습률로 그릇 모양 함수에서 경사 하강법을 실행한 결과"),
        "controls": [_slider("lr", text(lang, en="learning rate η", ko="학습률 η"),
                             [f"{lr:g}" for lr in GD_LEARNING_RATES], 9)],
        "base": "".join(base),
        "layers": [{"keys": ["lr"], "frames": frames}],
    }


# Optimizer trajectories ---------------------------------------------------------

# name: (class, the hyperparameters the slider beta sets, colour class)
OPTIM_RUNS = {
    "SGD": (optim.SGD, lambda beta: {}, "c0"),
    "Momentum": (optim.SGD, lambda beta: {"momentum": beta}, "c1"),
    "Nesterov": (optim.SGD, lambda beta: {"momentum": beta, "nesterov": True}, "c2"),
    "RMSprop": (optim.RMSprop, lambda beta: {}, "c3"),
    "Adam": (optim.Adam, lambda beta: {"betas": (beta, 0.999)}, "c4"),
}
OPTIM_LR_FACTORS = [0.5, 1.0, 2.0, 4.0]
OPTIM_BETAS = [0.5, 0.8, 0.9, 0.95, 0.99]  # Nesterov needs momentum > 0
OPTIM_PROBLEMS = (QUADRATIC, ROSENBROCK)
OPTIM_PANELS = (Panel(60, 28, 420, 237, QUADRATIC.xlim, (-1.185, 1.185)),
                Panel(560, 28, 420, 237, ROSENBROCK.xlim, ROSENBROCK.ylim))


@functools.lru_cache(maxsize=None)
def optimizer_path(name, problem_index, factor, beta):
    """Path of optimizer ``name`` on problem 0 (bowl) or 1 (Rosenbrock) with
    ``factor`` times the chapter's learning rate and momentum or β₁ ``beta``
    (ignored by SGD and RMSprop). A diverging path is cut where it leaves
    the box |x|, |y| < 10, as on the chapter's figures.

    Examples
    --------
    >>> optimizer_path("SGD", 0, 1.0, 0.9)[1].tolist()
    [-1.8, 0.0]
    """
    problem = OPTIM_PROBLEMS[problem_index]
    cls, hyperparameters, _ = OPTIM_RUNS[name]
    lr = factor * LEARNING_RATES[name][problem_index]
    with np.errstate(all="ignore"):
        path = optim.trajectory(cls, problem.grad, problem.x0, problem.steps,
                                lr=lr, **hyperparameters(beta))
    inside = np.all(np.isfinite(path) & (np.abs(path) < 10), axis=1)
    end = len(path) if inside.all() else int(np.argmin(inside)) + 1
    return path[:end]


def _optimizer_paths(lang):
    """Five optimizers on the bowl and on Rosenbrock's valley, for sliders of
    the learning rate (a factor times each one's chapter rate) and of the
    momentum / β₁.

    """
    panels = OPTIM_PANELS
    titles = [text(lang, en="ill-conditioned quadratic, 60 steps",
                   ko="조건수가 나쁜 이차 함수, 60걸음"),
              text(lang, en="Rosenbrock's valley, 1000 steps",
                   ko="로젠브록 함수의 골짜기, 1000걸음")]
    base = []
    for index, (panel, problem) in enumerate(zip(panels, OPTIM_PROBLEMS)):
        base += [panel.frame([(v, f"{v:g}") for v in range(-2, 3)],
                             [(v, f"{v:g}") for v in range(-3, 4)
                              if panel.ylim[0] <= v <= panel.ylim[1]],
                             "x", "y", f"optim-clip-{index}"),
                 _contours(panel, problem.f, problem.levels),
                 _star(panel, *problem.minimum),
                 f'<text class="title" x="{panel.left + panel.width // 2}" y="18" '
                 f'text-anchor="middle">{escape(titles[index])}</text>']
    heads = [text(lang, en="learning rate", ko="학습률"),
             text(lang, en="f at the end", ko="마지막 f")]
    base.append(f'<text class="tick" x="205" y="338">{heads[0]}</text>'
                f'<text class="tick" x="400" y="338">{heads[1]}</text>')

    def row(number, name, beta_index, factor):
        beta = OPTIM_BETAS[beta_index]
        cls = OPTIM_RUNS[name][2]
        y = 360 + 22 * number
        cells = [f'<path class="line {cls}" d="M60 {y - 5}h30"/>'
                 f'<text class="tick" x="100" y="{y}">{name}</text>']
        rates, ends = [], []
        for index, (panel, problem) in enumerate(zip(panels, OPTIM_PROBLEMS)):
            path = optimizer_path(name, index, factor, beta)
            cells.append(f'<g clip-path="url(#optim-clip-{index})"><path class="line {cls}" '
                         f'd="{panel.path(path[:, 0], path[:, 1])}"/></g>')
            rates.append(f"{factor * LEARNING_RATES[name][index]:g}")
            ends.append(_number(problem.f(path[-1])) if len(path) == problem.steps + 1
                        else text(lang, en="diverged", ko="발산"))
        cells.append(f'<text class="tick" x="205" y="{y}">{" | ".join(rates)}</text>'
                     f'<text class="tick" x="400" y="{y}">{" | ".join(ends)}</text>')
        return "".join(cells)

    plain = {}  # SGD and RMSprop: the slider beta does not touch them
    with_beta = {}
    for i, factor in enumerate(OPTIM_LR_FACTORS):
        plain[str(i)] = row(0, "SGD", 0, factor) + row(3, "RMSprop", 0, factor)
        for j in range(len(OPTIM_BETAS)):
            with_beta[f"{i},{j}"] = "".join(row(k, name, j, factor) for k, name in
                                            [(1, "Momentum"), (2, "Nesterov"), (4, "Adam")])
    notes = [text(lang, en="Each learning rate is the slider's factor times the chapter's "
                           "(bowl | Rosenbrock).",
                  ko="학습률은 이 장의 학습률에 슬라이더의 배수를 곱한 값이다 (이차 함수 | 로젠브록)."),
             text(lang, en="Momentum / β₁ sets the momentum of Momentum and Nesterov and "
                           "Adam's β₁; SGD and RMSprop have none.",
                  ko="모멘텀 / β₁은 Momentum과 Nesterov의 모멘텀, Adam의 β₁이다. "
                     "SGD와 RMSprop에는 없다.")]
    base += [f'<text class="note" x="60" y="{490 + 20 * i}">{escape(note)}</text>'
             for i, note in enumerate(notes)]
    return {
        "kind": "layers", "height": 525,
        "label": text(lang, en="Paths of five optimizers on two test functions",
                      ko="두 시험 함수에서 옵티마이저 다섯 개가 지나간 경로"),
        "controls": [
            _slider("lr", text(lang, en="learning-rate factor", ko="학습률 배수"),
                    [f"× {f:g}" for f in OPTIM_LR_FACTORS], 1),
            _slider("beta", text(lang, en="momentum / β₁", ko="모멘텀 / β₁"),
                    [f"{b:g}" for b in OPTIM_BETAS], 2)],
        "base": "".join(base),
        "layers": [{"keys": ["lr"], "frames": plain},
                   {"keys": ["lr", "beta"], "frames": with_beta}],
    }


# Convolution windows ------------------------------------------------------------

CONV_SIZES = list(range(3, 9))  # input height and width
CONV_KERNELS = [1, 2, 3, 4]
CONV_PADDINGS = [0, 1, 2]
CONV_STRIDES = [1, 2, 3]
CONV_DILATIONS = [1, 2, 3]
CONV_CELL = 34
# The input image: digits, so a reader can add up a window; a kernel of ones,
# so each output is the sum of the cells its window covers.
CONV_IMAGE = np.random.default_rng(0).integers(0, 10, size=(8, 8)).astype(float)


@functools.lru_cache(maxsize=None)
def _taps(padded_size, kernel, stride, dilation, out):
    """The padded-input rows read by each output row: where the gradient of
    output (i, i) reaches the input, one output per batch item."""
    grad_output = np.zeros((out, 1, out, out))
    grad_output[np.arange(out), 0, np.arange(out), np.arange(out)] = 1
    padded = np.zeros((out, 1, padded_size, padded_size))
    grad_input, _, _ = conv2d_backward(grad_output, padded, np.ones((1, 1, kernel, kernel)),
                                       stride=stride, dilation=dilation)
    return [np.flatnonzero(grad_input[i, 0].any(axis=1)).tolist() for i in range(out)]


@functools.lru_cache(maxsize=None)
def conv_frame(size, kernel, padding, stride, dilation):
    """One setting of the convolution figure, from the tested functions.

    Returns the output size ``conv_output_size`` gives, the output of
    ``conv2d`` (kernel of ones) as nested lists, and ``taps``: for each
    output index i, the padded-input rows that output row i reads, found
    as the rows where ``conv2d_backward`` sends a gradient of output
    (i, i). If the kernel does not fit, ``conv_output_size``'s ValueError.

    Examples
    --------
    >>> frame = conv_frame(5, 3, 0, 1, 1)
    >>> frame["out"], frame["taps"][1]
    (3, [1, 2, 3])
    """
    out = conv_output_size(size, kernel, stride=stride, padding=padding, dilation=dilation)
    image = CONV_IMAGE[None, None, :size, :size]
    weight = np.ones((1, 1, kernel, kernel))
    output = conv2d(image, weight, stride=stride, padding=padding, dilation=dilation)
    if output.shape[2:] != (out, out):
        raise RuntimeError(f"conv2d gave {output.shape}, conv_output_size {out}")
    taps = _taps(size + 2 * padding, kernel, stride, dilation, out)
    return {"out": out, "output": output[0, 0].astype(int).tolist(), "taps": taps}


def _conv_window(lang):
    """Sliders of input size, kernel, padding, stride and dilation, and of
    the output cell whose window is shown.

    The data: ``frames`` maps "size,kernel,padding,stride,dilation" slider
    indices to ``conv_frame``'s result (or the reason it has none), ``input``
    maps "size,padding" to the padded input (null for a padding cell), and
    the lists of SVG units place each row and column.

    """
    frames, inputs = {}, {}
    for a, size in enumerate(CONV_SIZES):
        for c, padding in enumerate(CONV_PADDINGS):
            grid = np.full((size + 2 * padding,) * 2, None, dtype=object)
            grid[padding:padding + size, padding:padding + size] = \
                CONV_IMAGE[:size, :size].astype(int)
            inputs[f"{a},{c}"] = grid.tolist()
            for b, kernel in enumerate(CONV_KERNELS):
                for d, stride in enumerate(CONV_STRIDES):
                    for e, dilation in enumerate(CONV_DILATIONS):
                        key = f"{a},{b},{c},{d},{e}"
                        try:
                            frames[key] = conv_frame(size, kernel, padding, stride, dilation)
                        except ValueError:  # the kernel does not fit
                            frames[key] = {"span": dilation * (kernel - 1) + 1,
                                           "padded": size + 2 * padding}
    count = max(CONV_SIZES) + 2 * max(CONV_PADDINGS)  # the widest padded input and output
    left, right, top = 40, 560, 40
    base = (f'<text class="title" x="{left}" y="24">'
            + escape(text(lang, en="I × I input padded by P (padding in grey)",
                          ko="P만큼 패딩한 I × I 입력 (회색은 패딩)"))
            + f'</text><text class="title" x="{right}" y="24">'
            + escape(text(lang, en="output of conv2d (kernel of ones)",
                          ko="conv2d의 출력 (모두 1인 커널)")) + "</text>")
    return {
        "kind": "conv", "height": top + CONV_CELL * count + 60,
        "label": text(lang, en="The window of one output cell on the padded input",
                      ko="출력 칸 하나가 읽는 패딩한 입력의 창"),
        "controls": [
            _slider("size", text(lang, en="input size I", ko="입력 크기 I"),
                    [str(s) for s in CONV_SIZES], 2),
            _slider("kernel", text(lang, en="kernel size K", ko="커널 크기 K"),
                    [str(k) for k in CONV_KERNELS], 2),
            _slider("padding", text(lang, en="padding P", ko="패딩 P"),
                    [str(p) for p in CONV_PADDINGS], 0),
            _slider("stride", text(lang, en="stride S", ko="스트라이드 S"),
                    [str(s) for s in CONV_STRIDES], 0),
            _slider("dilation", text(lang, en="dilation D", ko="팽창 D"),
                    [str(d) for d in CONV_DILATIONS], 0),
            _slider("row", text(lang, en="output row i", ko="출력 행 i"), [], 0),
            _slider("col", text(lang, en="output column j", ko="출력 열 j"), [], 0)],
        "base": base,
        # {name} is a slider's value or a number of the frame
        "formula": "O = ⌊({size} + 2·{padding} − {dilation}·({kernel} − 1) − 1) / {stride}⌋"
                   " + 1 = {out}",
        "error": text(lang, en="The kernel spans {span} cells, more than the {padded} of the "
                               "padded input: conv_output_size raises ValueError.",
                      ko="커널이 {span}칸에 걸쳐 패딩한 입력의 {padded}칸보다 넓다. "
                         "conv_output_size가 ValueError를 낸다."),
        "cell": CONV_CELL,
        # SVG units of the corner and of the middle of each column and row
        "inputX": [left + CONV_CELL * n for n in range(count)],
        "outputX": [right + CONV_CELL * n for n in range(count)],
        "rowY": [top + CONV_CELL * n for n in range(count)],
        "inputMiddle": [left + CONV_CELL * n + CONV_CELL // 2 for n in range(count)],
        "outputMiddle": [right + CONV_CELL * n + CONV_CELL // 2 for n in range(count)],
        "rowMiddle": [top + CONV_CELL * n + CONV_CELL // 2 for n in range(count)],
        "statusY": top + CONV_CELL * count + 30,
        "inputs": inputs,
        "frames": frames,
    }


# Bias and variance --------------------------------------------------------------

BV_DEGREES = list(range(13))
BV_FITS = 20
BV_GRID = np.linspace(-1, 1, 81)
BV_FITS_PANEL = Panel(60, 15, 540, 290, (-1, 1), (-1.8, 1.8))
BV_BARS = Panel(700, 15, 280, 290, (0, 4), (0, 0.4))


def bias_variance_fits(degree):
    """The ``BV_FITS`` fits of ``degree`` from resampled training sets, at
    ``BV_GRID``: fresh noise at the fixed training inputs, as the chapter's
    figure draws them (seeded by the degree).

    Examples
    --------
    >>> bias_variance_fits(1).shape
    (20, 81)
    """
    x_train, _ = _fixed_design()
    rng = np.random.default_rng(degree)
    fits = []
    for _ in range(BV_FITS):
        y = truth(x_train) + NOISE * rng.standard_normal(len(x_train))
        fits.append(fit_polynomial(x_train, y, degree)(BV_GRID))
    return np.array(fits)


BV_TERMS = ("bias2", "variance", "noise", "error")


def _bias_variance_figure(lang):
    """A slider of the polynomial degree: twenty fits and their average
    (left), and the simulation's bias², variance, noise and measured test
    error (right, from ``bias_variance`` with 400 training sets).

    """
    fits_panel, bars = BV_FITS_PANEL, BV_BARS
    names = [text(lang, en="bias²", ko="편향²"), text(lang, en="variance", ko="분산"),
             text(lang, en="noise", ko="잡음"), text(lang, en="test error", ko="테스트 오차")]
    base = [fits_panel.frame([(v, f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1)],
                             [(v, f"{v:g}") for v in (-1.5, -1, -0.5, 0, 0.5, 1, 1.5)],
                             "x", "y", "bv-clip-fits"),
            bars.frame([(i + 0.5, name) for i, name in enumerate(names)],
                       [(v, f"{v:g}") for v in (0, 0.1, 0.2, 0.3, 0.4)],
                       "", text(lang, en="averaged over x", ko="x에 대한 평균"),
                       "bv-clip-bars"),
            f'<path class="truth" d="{fits_panel.path(BV_GRID, truth(BV_GRID))}"/>']
    terms = polynomial_bias_variance()
    frames = {}
    for degree in BV_DEGREES:
        fits = np.clip(bias_variance_fits(degree), -3, 3)
        parts = ['<g clip-path="url(#bv-clip-fits)">']
        parts += [f'<path class="fit" d="{fits_panel.path(BV_GRID, fit)}"/>' for fit in fits]
        parts.append(f'<path class="line c0" d="{fits_panel.path(BV_GRID, fits.mean(axis=0))}"/>'
                     '</g><g clip-path="url(#bv-clip-bars)">')
        values = [terms[degree][name] for name in BV_TERMS]
        for i, value in enumerate(values):
            top = bars.y(min(value, 0.5))  # clipped at the top of the panel
            parts.append(f'<rect class="bar b{i}" x="{bars.x(i + 0.15)}" y="{top}" '
                         f'width="{bars.x(0.85) - bars.x(0.15)}" '
                         f'height="{bars.y(0) - top}"/>')
        parts.append("</g>")
        for i, value in enumerate(values):
            y = max(bars.y(value), bars.top + 14)
            parts.append(f'<text class="tick" x="{bars.x(i + 0.5)}" y="{y - 4}" '
                         f'text-anchor="middle">{_number(value)}</text>')
        total = sum(values[:3])
        status = text(lang, en=f"degree {degree}: ", ko=f"차수 {degree}: ") + (
            f"{names[0]} {_number(values[0])} + {names[1]} {_number(values[1])} + "
            f"{names[2]} {_number(values[2])} = {_number(total)}; "
            + text(lang, en="measured test error ", ko="측정한 테스트 오차 ")
            + _number(values[3]))
        parts.append(f'<text class="status" x="60" y="372">{escape(status)}</text>')
        frames[str(degree)] = "".join(parts)
    legend = text(lang, en=f"thin: {BV_FITS} fits from {BV_FITS} training sets; thick: "
                           "their average; dashed: the true function",
                  ko=f"가는 선: 학습 데이터 {BV_FITS}벌로 맞춘 적합 {BV_FITS}개, 굵은 선: 그 평균, "
                     "점선: 참 함수")
    base.append(f'<text class="note" x="60" y="396">{escape(legend)}</text>')
    return {
        "kind": "layers", "height": 410,
        "label": text(lang, en="Fits of the chosen degree and the terms of the error",
                      ko="고른 차수의 적합 결과와 오차의 세 항"),
        "controls": [_slider("degree", text(lang, en="polynomial degree", ko="다항식 차수"),
                             [str(d) for d in BV_DEGREES], 3)],
        "base": "".join(base),
        "layers": [{"keys": ["degree"], "frames": frames}],
    }


def optim_interactive_paths(lang):
    """The five optimizers of ``_optimizer_paths`` at the chapter's learning
    rates and momentum 0.9: the figure its sliders start at, drawn statically.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = optim_interactive_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [(name, None, None) for name in OPTIM_RUNS])


FIGURES = {
    "gd-lr": _gd_learning_rate,
    "optim-paths": _optimizer_paths,
    "conv-window": _conv_window,
    "bias-variance": _bias_variance_figure,
}


def figure(key, lang):
    """The data of interactive figure ``key`` for a page in ``lang``.

    Examples
    --------
    >>> figure("gd-lr", "en")["controls"][0]["values"][:3]
    ['0.01', '0.02', '0.03']
    """
    if key not in FIGURES:
        raise ValueError(f"key must be one of {sorted(FIGURES)}, got {key!r}")
    return FIGURES[key](lang)
