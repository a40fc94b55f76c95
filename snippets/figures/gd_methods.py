"""Figures of ``snippets.gd_methods``: batch size and sharpness (the gradient
descent methods chapter), then plain gradient descent (the basics page)."""

import functools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

from snippets.figures import contour_lines, simplify_line, text
from snippets.gd_methods import (gradient_descent, line_grad, line_loss,
                                 minibatch_sgd, mlp_grad, mlp_init, mlp_loss,
                                 top_hessian_eigenvalue)
from snippets.landscapes import double_well, double_well_grad, quadratic, quadratic_grad

__all__ = ["gd_1d_double_well", "gd_2d_learning_rates", "gdm_paths", "gdm_sharpness", "gdm_slices"]

BATCH_COLORS = {1: "tab:red", 10: "tab:orange", 100: "tab:blue"}


def line_data():
    """The 100 points of examples/gd-methods/batch_size_numpy.py: y = 2x + 1 + noise.

    Examples
    --------
    >>> x, y = line_data()
    >>> x.shape, y.shape
    ((100,), (100,))
    """
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 100)
    return x, 2 * x + 1 + 0.5 * rng.standard_normal(100)


def gdm_paths(lang):
    """Stochastic, mini-batch and batch GD on a line fit: paths and losses.

    Examples
    --------
    >>> fig = gdm_paths("en")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    x, y = line_data()
    epochs, lr = 20, 0.05
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6),
                                      layout="constrained")
    w_range, b_range = (-0.3, 2.8), (-0.3, 1.6)
    ws, bs = np.meshgrid(np.linspace(*w_range, 200), np.linspace(*b_range, 200))
    loss = np.mean((ws[..., None] * x + bs[..., None] - y) ** 2, axis=-1)
    contour_lines(left, ws, bs, loss, np.geomspace(0.25, 6, 14),
                  colors="0.75", linewidths=0.8)
    left.set_xlim(w_range)
    left.set_ylim(b_range)
    span = [np.ptp(w_range), np.ptp(b_range)]
    w_star, *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y)
    for batch_size, color in BATCH_COLORS.items():
        path = minibatch_sgd(line_grad, [0.0, 0.0], x, y, batch_size, lr,
                             epochs, rng=np.random.default_rng(1))
        label = {1: text(lang, en="stochastic (batch size 1)",
                         ko="확률적 (배치 크기 1)"),
                 10: text(lang, en="mini-batch (batch size 10)",
                          ko="미니배치 (배치 크기 10)"),
                 100: text(lang, en="batch (batch size 100 = n)",
                           ko="배치 (배치 크기 100 = n)")}[batch_size]
        # Only the vertices the page can show. Batch size 1 takes 2000 steps
        # that scribble around the minimum: as an image, a third the bytes.
        kept = simplify_line(path / span, 1e-3)
        left.plot(path[kept, 0], path[kept, 1], "-", lw=0.8 if batch_size == 1
                  else 1.2, color=color, alpha=0.8, label=label,
                  rasterized=batch_size == 1)
        per_epoch = len(x) // batch_size
        seen = np.arange(len(path)) / per_epoch  # epochs of data seen
        losses = np.array([line_loss(w, x, y) for w in path])
        # in (epochs, half decades): the axes show 20 epochs and a decade
        kept = simplify_line(np.column_stack([seen / epochs, np.log10(losses) / 2]),
                             1e-3)
        right.semilogy(seen[kept], losses[kept],
                       color=color, lw=0.8 if batch_size == 1 else 1.4,
                       label=label)
    left.plot(*w_star, "k*", ms=12)
    left.set_xlabel("$w$")
    left.set_ylabel("$b$")
    left.legend(loc="lower right", fontsize=9, framealpha=0.95)
    right.axhline(line_loss(w_star, x, y), color="k", ls=":", lw=1,
                  label=text(lang, en="least-squares minimum",
                             ko="최소제곱 해의 손실"))
    right.set_xlabel(text(lang, en="epochs (passes over the data)",
                          ko="에포크 (데이터를 훑은 횟수)"))
    right.set_ylabel(text(lang, en="training loss (all data)",
                          ko="학습 손실 (전체 데이터)"))
    # less than a decade: plain numbers read better than 3 x 10^-1
    right.set_yticks([0.3, 0.5, 1, 2, 3], ["0.3", "0.5", "1", "2", "3"])
    right.yaxis.set_minor_formatter(NullFormatter())
    right.legend(fontsize=9)
    return fig


# The sharpness experiment: one network, one start and learning rate, the
# same number of updates; only the batch size (and the shuffling seed)
# differs.
SHARP_BATCH_SIZES = (1, 4, 16, 64, 256)
SHARP_LR, SHARP_UPDATES, SHARP_SEEDS = 0.1, 4096, (0, 1, 2)


def sharp_data():
    """Training and test data of the sharpness experiment.

    Examples
    --------
    >>> [a.shape for a in sharp_data()]
    [(256,), (256,), (4000,), (4000,)]
    """
    rng = np.random.default_rng(0)  # as in snippets/examples/gd-methods/sharp_flat_numpy.py

    def sample(n):
        x = rng.uniform(-2, 2, n)
        return x, np.sin(2 * x) + 0.3 * rng.standard_normal(n)
    return (*sample(256), *sample(4000))


@functools.lru_cache(maxsize=None)
def sharpness_experiment():
    """Train, settle and measure every (seed, batch size); cached.

    Returns a dict keyed by ``(seed, batch_size)`` of dicts with the
    settled weights, sharpness, top eigenvector, train and test loss.

    Examples
    --------
    >>> runs = sharpness_experiment()
    >>> len(runs) == len(SHARP_SEEDS) * len(SHARP_BATCH_SIZES)
    True
    """
    x, y, x_test, y_test = sharp_data()
    full_grad = functools.partial(mlp_grad, x=x, y=y)
    runs = {}
    for seed in SHARP_SEEDS:
        w0 = mlp_init(16, np.random.default_rng(100 + seed))
        for batch_size in SHARP_BATCH_SIZES:
            epochs = SHARP_UPDATES * batch_size // len(x)
            path = minibatch_sgd(mlp_grad, w0, x, y, batch_size, SHARP_LR,
                                 epochs, rng=np.random.default_rng(seed))
            w = gradient_descent(full_grad, path[-1], lr=SHARP_LR,
                                 steps=1000)[-1]
            value, vector = top_hessian_eigenvalue(
                full_grad, w, rng=np.random.default_rng(1))
            runs[seed, batch_size] = {
                "w": w, "sharpness": value, "direction": vector,
                "train": float(mlp_loss(w, x, y)),
                "test": float(mlp_loss(w, x_test, y_test)),
            }
    return runs


def gdm_sharpness(lang):
    """Sharpness, training and test loss of the minima against batch size.

    Examples
    --------
    >>> fig = gdm_sharpness("ko")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    runs = sharpness_experiment()
    sizes = np.array(SHARP_BATCH_SIZES)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6),
                                      layout="constrained")
    for key, ax, color, label in [
        ("sharpness", left, "tab:purple",
         text(lang, en="one run", ko="실행 하나")),
        ("train", right, "tab:blue",
         text(lang, en="training loss", ko="학습 손실")),
        ("test", right, "tab:red",
         text(lang, en="test loss", ko="테스트 손실")),
    ]:
        values = np.array([[runs[s, b][key] for b in sizes]
                           for s in SHARP_SEEDS])
        for row in values:
            ax.plot(sizes, row, "o", color=color, ms=4, alpha=0.6)
        ax.plot(sizes, values.mean(axis=0), "-", color=color, lw=1.6,
                label=label if key != "sharpness" else text(
                    lang, en="mean of 3 runs", ko="세 번 실행한 평균"))
    left.axhline(2 / SHARP_LR, color="0.4", ls="--", lw=1,
                 label=text(lang, en="2 / learning rate",
                            ko="2 / 학습률"))
    left.set_ylabel(text(lang, en="sharpness (top Hessian eigenvalue)",
                         ko="뾰족함 (헤세 행렬의 최대 고윳값)"))
    left.set_ylim(0, 22)
    right.set_ylabel(text(lang, en="mean squared error",
                          ko="평균 제곱 오차"))
    right.set_ylim(0.085, 0.097)
    right.axhline(0.09, color="0.5", ls=":", lw=1,
                  label=text(lang, en="noise variance", ko="잡음의 분산"))
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.set_xlabel(text(lang, en="batch size", ko="배치 크기"))
        ax.legend(fontsize=9, loc="lower right")
    return fig


def gdm_slices(lang):
    """Training loss along the sharpest direction at two minima.

    Examples
    --------
    >>> fig = gdm_slices("en")
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    runs = sharpness_experiment()
    x, y, _, _ = sharp_data()
    t = np.linspace(-0.5, 0.5, 201)
    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    for batch_size, color in [(1, "tab:red"), (16, "tab:orange"),
                              (256, "tab:blue")]:
        run = runs[0, batch_size]
        base = mlp_loss(run["w"], x, y)
        rise = [mlp_loss(run["w"] + s * run["direction"], x, y) - base
                for s in t]
        ax.plot(t, rise, color=color, lw=1.8, label=text(
            lang, en=f"batch size {batch_size}: sharpness "
                     f"{run['sharpness']:.1f}",
            ko=f"배치 크기 {batch_size}: 뾰족함 {run['sharpness']:.1f}"))
    ax.set_xlabel(text(lang, en="step s along the top eigenvector v",
                       ko="고윳값이 가장 큰 고유벡터 v 방향의 이동 거리 s"))
    ax.set_ylabel("$L(w^* + s\\,v) - L(w^*)$")
    ax.legend(fontsize=10, loc="upper center")
    return fig


# The gradient descent page (docs/*/basics/gradient-descent.md).


def gd_1d_double_well(lang):
    """Two starts a little apart end in different minima of the double well.

    Examples
    --------
    >>> fig = gd_1d_double_well("en")
    >>> len(fig.axes)
    1
    """
    fig, ax = plt.subplots(figsize=(7, 3.4), layout="constrained")
    xs = np.linspace(-2.2, 2.1, 400)
    ax.plot(xs, double_well(xs), color="0.35", lw=1.5)
    for x0, color in [(-0.2, "tab:blue"), (0.5, "tab:orange")]:
        path = gradient_descent(double_well_grad, x0=x0, lr=0.1, steps=40)
        ax.plot(path, double_well(path), "o-", ms=3.5, lw=1, color=color,
                label=f"$x_0 = {x0}$")
        ax.annotate(text(lang, en="end", ko="도착"), (path[-1], double_well(path[-1])),
                    xytext=(0, -22), textcoords="offset points", ha="center", color=color)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_ylim(-2.2, 2.0)
    ax.legend(loc="upper center")
    return fig


def gd_2d_learning_rates(lang):
    """Paths on an ill-conditioned bowl for three learning rates, and their losses.

    Examples
    --------
    >>> fig = gd_2d_learning_rates("ko")
    >>> len(fig.axes)
    2
    """
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(8, 3.4), width_ratios=[1.4, 1], layout="constrained"
    )
    xs, ys = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-1.2, 1.2, 200))
    grid = np.stack([xs, ys], axis=-1)
    left.contour(xs, ys, quadratic(grid), levels=np.geomspace(0.02, 10, 12),
                 colors="0.75", linewidths=0.8)
    x0 = np.array([-2.0, 1.0])
    for lr, color in [(0.02, "tab:green"), (0.1, "tab:blue"), (0.19, "tab:red")]:
        path = gradient_descent(quadratic_grad, x0=x0, lr=lr, steps=60)
        label = f"$\\eta = {lr}$"
        left.plot(path[:, 0], path[:, 1], "o-", ms=2.5, lw=0.9, color=color, label=label)
        right.semilogy(quadratic(path), color=color, label=label)
    left.plot(0, 0, "k*", ms=10)
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.set_aspect("equal")
    left.legend(loc="upper right", framealpha=0.95)
    right.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    right.set_ylabel("$f(x_t, y_t)$")
    right.legend()
    return fig
