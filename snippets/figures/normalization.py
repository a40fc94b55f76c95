"""Figures of the normalization pages."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Polygon

from snippets.figures import text
from snippets.normalization import batch_norm, group_norm, instance_norm, layer_norm

__all__ = ["norm_axes", "norm_running_stats", "norm_batch_dependence"]


# which inputs share statistics ------------------------------------------------------


def shared_statistics(normalize, shape, cell):
    """Boolean mask of the inputs whose values change ``normalize``'s output
    at ``cell``: the inputs that share that output's mean and variance.

    Found by perturbing every input once, so the picture comes from the
    code, not from a description of it.

    Examples
    --------
    >>> mask = shared_statistics(lambda x: layer_norm(x, 3), (2, 3), (0, 0))
    >>> mask.tolist()
    [[True, True, True], [False, False, False]]
    """
    x = np.random.default_rng(0).normal(size=shape)
    base = normalize(x)[cell]
    mask = np.zeros(shape, dtype=bool)
    for index in np.ndindex(shape):
        bumped = x.copy()
        bumped[index] += 1.0
        mask[index] = abs(normalize(bumped)[cell] - base) > 1e-9
    return mask


def _draw_cube(ax, mask, cell, color):
    """Draw an (N, C, HW) mask as a cube: N across, C in depth, HW up."""
    n, c, hw = mask.shape
    dx, dy = 0.62, 0.48  # the oblique projection of one step in depth

    def at(i, j, k):  # i along N, j along C (depth), k along HW
        return (i + j * dx, k + j * dy)

    def face(corners, filled, dark=False):
        shade = "0.25" if dark else (color if filled else "white")
        ax.add_patch(Polygon([at(*p) for p in corners], closed=True, facecolor=shade,
                             edgecolor="0.35", lw=0.6))

    for i in range(n):  # front face, C = 0
        for k in range(hw):
            face([(i, 0, k), (i + 1, 0, k), (i + 1, 0, k + 1), (i, 0, k + 1)],
                 mask[i, 0, k], dark=(i, 0, k) == cell)
    for i in range(n):  # top face, HW = top
        for j in range(c):
            face([(i, j, hw), (i + 1, j, hw), (i + 1, j + 1, hw), (i, j + 1, hw)],
                 mask[i, j, hw - 1])
    for j in range(c):  # right face, N = last
        for k in range(hw):
            face([(n, j, k), (n, j + 1, k), (n, j + 1, k + 1), (n, j, k + 1)],
                 mask[n - 1, j, k])
    ax.annotate("", at(n, 0, -0.5), at(0, 0, -0.5),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.text(*at(n / 2, 0, -0.9), "N", ha="center", va="top")
    ax.annotate("", at(-0.4, 0, hw), at(-0.4, 0, 0),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.text(*at(-0.7, 0, hw / 2), "H, W", ha="right", va="center", rotation=90)
    ax.annotate("", at(n + 0.4, c, -0.2), at(n + 0.4, 0, -0.2),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.text(*at(n + 0.6, c / 2, -0.5), "C", ha="left", va="top")
    ax.set_xlim(-1.4, n + c * dx + 1.2)
    ax.set_ylim(-1.5, hw + c * dy + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")


def norm_axes(lang):
    """Four cubes of an (N, C, H, W) tensor, H and W drawn as one axis: the
    cells that share one output's statistics under batch, layer, instance
    and group normalization.

    Examples
    --------
    >>> len(norm_axes("en").axes)
    4
    """
    shape, cell = (5, 6, 4), (0, 0, 3)  # (N, C, HW); the dark cell
    layers = [
        (text(lang, en="Batch norm", ko="배치 정규화"),
         lambda x: batch_norm(x, None, None, training=True), "tab:blue"),
        (text(lang, en="Layer norm", ko="층 정규화"),
         lambda x: layer_norm(x, x.shape[1:]), "tab:orange"),
        (text(lang, en="Instance norm", ko="인스턴스 정규화"),
         lambda x: instance_norm(x), "tab:green"),
        (text(lang, en="Group norm (2 groups)", ko="그룹 정규화 (그룹 2개)"),
         lambda x: group_norm(x, 2), "tab:purple"),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(8, 5.6), layout="constrained")
    for ax, (title, normalize, color) in zip(axes.flat, layers):
        _draw_cube(ax, shared_statistics(normalize, shape, cell), cell, color)
        ax.set_title(title)
    fig.supxlabel(text(lang,
                       en="dark: one output value\ncolored: the inputs whose mean and "
                          "variance normalize it",
                       ko="어두운 칸: 출력 하나\n색칠한 칸: 그 출력을 정규화하는 평균과 "
                          "분산을 계산하는 입력"), fontsize=10, linespacing=1.6)
    return fig


# batch normalization in training and evaluation ---------------------------------------


def norm_running_stats(lang):
    """The batch mean and variance of one channel over training steps, and
    the running estimates that evaluation uses.

    Examples
    --------
    >>> len(norm_running_stats("ko").axes)
    2
    """
    rng = np.random.default_rng(0)
    true_mean, true_var, steps = 2.0, 9.0, 80
    running_mean, running_var = np.zeros(1), np.ones(1)
    batch_means, batch_vars, means, variances = [], [], [], []
    for _ in range(steps):
        x = true_mean + np.sqrt(true_var) * rng.standard_normal((16, 1))
        batch_norm(x, running_mean, running_var, training=True, momentum=0.1)
        batch_means.append(x.mean())
        batch_vars.append(x.var())
        means.append(running_mean[0])
        variances.append(running_var[0])
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.7), layout="constrained")
    t = np.arange(1, steps + 1)
    for ax, batch, running, truth, name in [
        (axes[0], batch_means, means, true_mean, text(lang, en="mean", ko="평균")),
        (axes[1], batch_vars, variances, true_var, text(lang, en="variance", ko="분산")),
    ]:
        ax.plot(t, batch, ".", color="tab:blue", ms=5,
                label=text(lang, en="batch statistic (used in training)",
                           ko="배치 통계량 (학습 때 사용)"))
        ax.plot(t, running, color="tab:red", lw=2,
                label=text(lang, en="running estimate (used in evaluation)",
                           ko="이동 추정값 (평가 때 사용)"))
        ax.axhline(truth, color="0.4", ls=":", lw=1,
                   label=text(lang, en="population value", ko="모집단의 값"))
        ax.set_title(name)
        ax.set_xlabel(text(lang, en="training step", ko="학습 걸음"))
    axes[1].set_ylim(0, 20)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig


def norm_batch_dependence(lang):
    """How much one example's normalized output changes with the other
    examples of its batch, for batch norm and group norm.

    Examples
    --------
    >>> len(norm_batch_dependence("en").axes)
    1
    """
    rng = np.random.default_rng(1)
    example = rng.standard_normal((1, 4, 8))
    sizes = [2, 4, 8, 16, 32, 64]
    spread = {"batch": [], "group": []}
    for size in sizes:
        outputs = {"batch": [], "group": []}
        for _ in range(200):
            others = rng.standard_normal((size - 1, 4, 8))
            batch = np.concatenate([example, others])
            outputs["batch"].append(batch_norm(batch, None, None, training=True)[0])
            outputs["group"].append(group_norm(batch, 2)[0])
        for name, values in outputs.items():
            spread[name].append(np.std(values, axis=0).mean())
    fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
    ax.plot(sizes, spread["batch"], "o-", color="tab:blue",
            label=text(lang, en="batch norm (training)", ko="배치 정규화 (학습)"))
    ax.plot(sizes, spread["group"], "s-", color="tab:purple",
            label=text(lang, en="group norm", ko="그룹 정규화"))
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlabel(text(lang, en="batch size", ko="배치 크기"))
    ax.set_ylabel(text(lang, en="std of one example's output",
                       ko="한 예제 출력의 표준편차"))
    ax.set_title(text(lang, en="the same example in 200 random batches of each size",
                      ko="같은 예제를 크기마다 무작위 배치 200개에 넣었을 때"), fontsize=10)
    ax.legend()
    return fig
