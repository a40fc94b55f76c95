"""Figures of the gradient descent page."""

import matplotlib.pyplot as plt
import numpy as np

from snippets.figures import text
from snippets.gradient_descent import gradient_descent
from snippets.landscapes import double_well, double_well_grad, quadratic, quadratic_grad

__all__ = ["gd_1d_double_well", "gd_2d_learning_rates"]


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
