"""Figures of the optimizers chapter.

Every optimizer runs on the same two test functions of ``snippets.landscapes``
from the same starting points: the ill-conditioned bowl
f(x, y) = (x^2 + 10 y^2) / 2 and Rosenbrock's valley. Each optimizer has one
learning rate per function (``LEARNING_RATES``), picked by hand from a coarse
grid so that it shows its typical behaviour, and one colour on every figure.
"""

import functools
import math

import matplotlib.pyplot as plt
import numpy as np

from snippets import optimizers as optim
from snippets.figures import contour_lines, simplify_line, text
from snippets.landscapes import quadratic, quadratic_grad, rosenbrock, rosenbrock_grad

__all__ = [
    "optim_sgd_paths",
    "optim_sgd_learning_rates",
    "optim_sgd_noise",
    "optim_momentum_paths",
    "optim_adagrad_paths",
    "optim_rmsprop_adadelta_paths",
    "optim_adam_paths",
    "optim_adam_bias_correction",
    "optim_variants_paths",
    "optim_radam_rectification",
    "optim_adamp_norm",
    "optim_comparison_paths",
]


# name: (class, hyperparameters other than lr, colour)
OPTIMIZERS = {
    "SGD": (optim.SGD, {}, "tab:blue"),
    "Momentum": (optim.SGD, {"momentum": 0.9}, "tab:orange"),
    "Nesterov": (optim.SGD, {"momentum": 0.9, "nesterov": True}, "tab:green"),
    "Adagrad": (optim.Adagrad, {}, "tab:red"),
    "RMSprop": (optim.RMSprop, {}, "tab:purple"),
    "Adadelta": (optim.Adadelta, {}, "tab:brown"),
    "Adam": (optim.Adam, {}, "black"),
    "AdamW": (optim.AdamW, {}, "tab:gray"),
    "NAdam": (optim.NAdam, {}, "tab:olive"),
    "RAdam": (optim.RAdam, {}, "tab:cyan"),
}
# name: (lr on the quadratic, lr on Rosenbrock)
LEARNING_RATES = {
    "SGD": (0.1, 1e-3),
    "Momentum": (0.02, 2e-4),
    "Nesterov": (0.02, 2e-4),
    "Adagrad": (0.5, 0.5),
    "RMSprop": (0.05, 0.01),
    "Adadelta": (1.0, 1.0),
    "Adam": (0.1, 0.05),
    "AdamW": (0.1, 0.05),
    "NAdam": (0.1, 0.02),
    "RAdam": (0.1, 0.01),
}


class _Problem:
    """A test function, its start, its number of steps and its plot window."""

    def __init__(self, f, grad, x0, steps, xlim, ylim, levels, minimum):
        self.f, self.grad, self.x0, self.steps = f, grad, x0, steps
        self.xlim, self.ylim, self.levels, self.minimum = xlim, ylim, levels, minimum


QUADRATIC = _Problem(quadratic, quadratic_grad, (-2.0, 1.0), 60, (-2.3, 2.3),
                    (-1.3, 1.3), np.geomspace(0.02, 12, 12), (0.0, 0.0))
ROSENBROCK = _Problem(rosenbrock, rosenbrock_grad, (-1.5, 2.0), 1000, (-2.0, 2.0),
                     (-1.0, 3.0), np.geomspace(0.1, 2000, 14), (1.0, 1.0))
PROBLEMS = (QUADRATIC, ROSENBROCK)


@functools.lru_cache(maxsize=None)
def _run(name, problem_index, lr=None):
    """Path of optimizer ``name`` on problem 0 (quadratic) or 1 (Rosenbrock).

    A diverging path is cut where it leaves a wide box around the plot.
    """
    problem = PROBLEMS[problem_index]
    cls, hyperparameters, _ = OPTIMIZERS[name]
    if lr is None:
        lr = LEARNING_RATES[name][problem_index]
    with np.errstate(all="ignore"):
        path = optim.trajectory(cls, problem.grad, problem.x0, problem.steps,
                                lr=lr, **hyperparameters)
    inside = np.all(np.isfinite(path) & (np.abs(path) < 10), axis=1)
    end = len(path) if inside.all() else int(np.argmin(inside)) + 1
    return path[:end].copy()


def _contours(ax, problem):
    xs = np.linspace(*problem.xlim, 300)
    ys = np.linspace(*problem.ylim, 300)
    gx, gy = np.meshgrid(xs, ys)
    contour_lines(ax, gx, gy, problem.f(np.stack([gx, gy], axis=-1)), problem.levels,
                  colors="0.8", linewidths=0.7)
    ax.plot(*problem.minimum, "k*", ms=9, zorder=5)
    ax.set_xlim(problem.xlim)
    ax.set_ylim(problem.ylim)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


def _visible_steps(path, spacing):
    """Indices of the iterates to mark: the first, then each one at least
    ``spacing`` away from the last marked, so markers that would sit on top
    of each other near the minimum are not drawn (and stored) again."""
    marked = [0]
    for i in range(1, len(path)):
        if np.hypot(*(path[i] - path[marked[-1]])) >= spacing:
            marked.append(i)
    return marked


def _paths_figure(lang, runs):
    """Paths (left) and losses (right), on the quadratic and on Rosenbrock.

    ``runs`` lists ``(name, lr_quadratic, lr_rosenbrock)``; a learning rate of
    ``None`` takes the chapter's value from ``LEARNING_RATES``. The legend
    gives both rates, the quadratic's first; a cross ends a diverging run.
    """
    fig, axes = plt.subplots(2, 2, figsize=(8, 7.8), width_ratios=[1.1, 1],
                             height_ratios=[0.75, 1], layout="constrained")
    titles = [text(lang, en="ill-conditioned quadratic", ko="조건수가 나쁜 이차 함수"),
              text(lang, en="Rosenbrock's valley", ko="로젠브록 함수의 골짜기")]
    repeated = len({name for name, *_ in runs}) < len(runs)
    handles = []
    for row, problem in enumerate(PROBLEMS):
        left, right = axes[row]
        _contours(left, problem)
        left.set_title(titles[row])
        for index, (name, *lrs) in enumerate(runs):
            lrs = [lr if lr is not None else LEARNING_RATES[name][i] for i, lr in enumerate(lrs)]
            path = _run(name, row, lrs[row])
            # The same optimizer twice: let matplotlib's cycle tell them apart.
            color = f"C{index}" if repeated else OPTIMIZERS[name][2]
            if len(path) < 80:  # short runs: a marker on each step, if it shows
                # 0.04 is about a marker's width on the quadratic's panel
                left.plot(path[:, 0], path[:, 1], "-", lw=1.0, color=color, marker="o",
                          ms=2.5, markevery=_visible_steps(path, 0.04))
            else:  # long runs: a line, simplified to what the page shows
                kept = simplify_line(path / [np.ptp(problem.xlim), np.ptp(problem.ylim)], 1e-3)
                left.plot(path[kept, 0], path[kept, 1], "-", lw=1.0, color=color)
            losses = problem.f(path)
            steps = np.arange(len(path))
            # in (step, decade) units: 1e-3 is a fraction of a point on the page
            kept = simplify_line(np.column_stack(
                [steps / problem.steps, np.log10(np.maximum(losses, 1e-300)) / 4]), 1e-3)
            line, = right.semilogy(steps[kept], losses[kept], color=color, lw=1.2)
            if len(path) < problem.steps + 1:
                right.plot(len(path) - 1, losses[-1], "x", color=color, ms=8, mew=2)
            if row == 0:
                rates = f"{lrs[0]:g}" if lrs[0] == lrs[1] else f"{lrs[0]:g} | {lrs[1]:g}"
                line.set_label(f"{name}, η = {rates}")  # no mathtext: may sit by Hangul
                handles.append(line)
        if row == 0:
            left.set_aspect("equal")
        right.set_xlabel(text(lang, en="step t", ko="걸음 t"))
        right.set_ylabel("$f(x_t, y_t)$")
        right.set_ylim(bottom=max(right.get_ylim()[0], 1e-16))
    fig.legend(handles=handles, loc="outside lower center",
               ncol=2 if len(handles) in (2, 4) else 3,  # rows of <= 8 inches
               fontsize=10, frameon=False)
    return fig


def optim_sgd_paths(lang):
    """SGD with a learning rate good for one function and bad for the other.

    Examples
    --------
    >>> fig = optim_sgd_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [("SGD", 0.1, 0.1), ("SGD", 1e-3, 1e-3)])


def optim_sgd_learning_rates(lang):
    """Loss after a fixed number of SGD steps against the learning rate.

    Examples
    --------
    >>> fig = optim_sgd_learning_rates("ko")
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    lrs = np.geomspace(1e-5, 0.3, 46)
    labels = [text(lang, en="quadratic, 60 steps", ko="이차 함수, 60걸음"),
              text(lang, en="Rosenbrock, 1000 steps", ko="로젠브록, 1000걸음")]
    ceiling = 1e3
    for index, problem in enumerate(PROBLEMS):
        finals = []
        for lr in lrs:
            path = _run("SGD", index, float(lr))
            final = problem.f(path[-1]) if len(path) == problem.steps + 1 else np.inf
            finals.append(min(final, ceiling))
        finals = np.array(finals)
        color = ["tab:blue", "tab:red"][index]
        ax.loglog(lrs, finals, "o-", ms=3, color=color, label=labels[index])
        best = lrs[np.argmin(finals)]
        ax.axvline(best, color=color, ls=":", lw=1)
    ax.axhline(ceiling, color="0.5", lw=0.8)
    ax.text(1.2e-5, ceiling * 1.5, text(lang, en="diverged", ko="발산"), color="0.4",
            va="bottom")
    ax.set_ylim(1e-12, ceiling * 10)
    ax.set_xlabel(text(lang, en="learning rate", ko="학습률") + " η")
    ax.set_ylabel(text(lang, en="final loss", ko="마지막 손실"))
    ax.legend(loc="lower left")
    return fig


def optim_sgd_noise(lang):
    """SGD on the quadratic with noisy gradients: constant and decaying rates.

    Examples
    --------
    >>> fig = optim_sgd_noise("en")
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    chains, steps, sigma = 200, 1000, 1.0
    schedules = [
        ("$\\eta = 0.1$", lambda t: 0.1, "tab:red"),
        ("$\\eta = 0.01$", lambda t: 0.01, "tab:blue"),
        ("$\\eta_t = 0.1 / (1 + t / 20)$", lambda t: 0.1 / (1 + t / 20), "black"),
    ]
    for label, schedule, color in schedules:
        rng = np.random.default_rng(0)
        x = np.tile(np.array(QUADRATIC.x0), (chains, 1))  # independent runs
        optimizer = optim.SGD([x], lr=schedule(0))
        losses = [quadratic(x).mean()]
        for t in range(1, steps + 1):
            optimizer.lr = schedule(t - 1)
            noise = sigma * rng.standard_normal(x.shape)
            optimizer.step([quadratic_grad(x) + noise])
            losses.append(quadratic(x).mean())
        ax.loglog(np.arange(1, steps + 2), losses, color=color, label=label)
    ax.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    ax.set_ylabel(text(lang, en="mean loss over 200 runs", ko="200번 실행의 평균 손실"))
    ax.legend()
    return fig


def optim_momentum_paths(lang):
    """SGD, momentum and Nesterov on both test functions.

    Examples
    --------
    >>> fig = optim_momentum_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [("SGD", None, None), ("Momentum", None, None),
                               ("Nesterov", None, None)])


def optim_adagrad_paths(lang):
    """Adagrad against SGD on both test functions.

    Examples
    --------
    >>> fig = optim_adagrad_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [("SGD", None, None), ("Adagrad", None, None)])


def optim_rmsprop_adadelta_paths(lang):
    """Adagrad, RMSprop and Adadelta on both test functions.

    Examples
    --------
    >>> fig = optim_rmsprop_adadelta_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [("Adagrad", None, None), ("RMSprop", None, None),
                               ("Adadelta", None, None)])


def optim_adam_paths(lang):
    """Momentum, RMSprop and their combination, Adam.

    Examples
    --------
    >>> fig = optim_adam_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [("Momentum", None, None), ("RMSprop", None, None),
                               ("Adam", None, None)])


def optim_adam_bias_correction(lang):
    """Adam's moving averages with and without bias correction, gradient 1.

    Examples
    --------
    >>> fig = optim_adam_bias_correction("en")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
    steps = 3000
    x = np.zeros(1)
    adam = optim.Adam([x], lr=0.0)  # lr 0: only the averages move
    m, v = [], []
    for _ in range(steps):
        adam.step([np.ones(1)])
        m.append(adam.state[0]["exp_avg"][0])
        v.append(adam.state[0]["exp_avg_sq"][0])
    t = np.arange(1, steps + 1)
    m, v = np.array(m), np.array(v)
    beta1, beta2 = adam.betas
    left.semilogx(t, m, color="tab:orange", label="$m_t$")
    left.semilogx(t, v, color="tab:purple", label="$v_t$")
    left.semilogx(t, m / (1 - beta1**t), "--", color="tab:orange", label="$\\hat m_t$")
    left.semilogx(t, v / (1 - beta2**t), ":", color="tab:purple", lw=2.5,
                  label="$\\hat v_t$")
    left.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    left.legend()
    left.set_title(text(lang, en="moving averages of g = 1", ko="g = 1의 이동 평균"))
    right.semilogx(t, m / np.sqrt(v), color="tab:red", label="$m_t / \\sqrt{v_t}$")
    right.semilogx(t, (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t)), color="black",
                 label="$\\hat m_t / \\sqrt{\\hat v_t}$")
    right.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    right.set_title(text(lang, en="step size in units of η", ko="η 단위의 걸음 크기"))
    right.legend()
    return fig


def optim_variants_paths(lang):
    """Adam, AdamW, NAdam and RAdam on both test functions.

    Examples
    --------
    >>> fig = optim_variants_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [("Adam", None, None), ("AdamW", None, None),
                               ("NAdam", None, None), ("RAdam", None, None)])


def optim_radam_rectification(lang):
    """RAdam's step relative to Adam's under a constant gradient.

    Examples
    --------
    >>> fig = optim_radam_rectification("en")
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    steps = 3000
    for beta2, color in [(0.99, "tab:blue"), (0.999, "tab:red")]:
        a, r = np.zeros(1), np.zeros(1)
        adam = optim.Adam([a], lr=1e-3, betas=(0.9, beta2), eps=0.0)
        radam = optim.RAdam([r], lr=1e-3, betas=(0.9, beta2), eps=0.0)
        ratios = []
        for _ in range(steps):
            before_a, before_r = a.copy(), r.copy()
            adam.step([np.ones(1)])
            radam.step([np.ones(1)])
            ratios.append(((r - before_r) / (a - before_a))[0])
        ax.semilogx(np.arange(1, steps + 1), ratios, color=color,
                    label=f"$\\beta_2 = {beta2}$")
    ax.axhline(1, color="0.5", lw=0.8)
    ax.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    ax.set_ylabel(text(lang, en="RAdam step / Adam step", ko="RAdam 걸음 / Adam 걸음"))
    ax.legend(loc="lower right")
    return fig


def _scale_invariant_problem():
    """f(w) = |A w / |w| - b|^2 / 2 for a (1, 40) weight: f(c w) = f(w)."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(30, 40)) / math.sqrt(40)
    b = rng.normal(size=30)
    b /= np.linalg.norm(b)

    def loss(w):
        u = w.ravel() / np.linalg.norm(w)
        return 0.5 * np.sum((A @ u - b) ** 2)

    def grad(w):
        norm = np.linalg.norm(w)
        u = w.ravel() / norm
        g = A.T @ (A @ u - b)
        return ((g - u * (u @ g)) / norm).reshape(w.shape)

    w0 = rng.normal(size=(1, 40))
    return loss, grad, w0


@functools.lru_cache(maxsize=None)
def _adamp_runs(steps=600, reference_steps=4000):
    """Norms and losses of Adam and AdamP on the scale-invariant problem, and
    the problem's minimum, estimated by the lowest loss a longer run reaches."""
    loss, grad, w0 = _scale_invariant_problem()
    runs, lowest = {}, np.inf
    for cls in (optim.Adam, optim.AdamP):
        w = w0.copy()
        optimizer = cls([w], lr=0.05)
        norms, losses = [np.linalg.norm(w)], [loss(w)]
        for _ in range(reference_steps):
            optimizer.step([grad(w)])
            norms.append(np.linalg.norm(w))
            losses.append(loss(w))
        lowest = min(lowest, min(losses))
        runs[cls.__name__] = (np.array(norms[: steps + 1]), np.array(losses[: steps + 1]))
    return runs, lowest


def optim_adamp_norm(lang):
    """A scale-invariant weight under Adam and AdamP: its norm and the loss.

    Examples
    --------
    >>> fig = optim_adamp_norm("en")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    runs, lowest = _adamp_runs()
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
    for name, color in [("Adam", "black"), ("AdamP", "tab:green")]:
        norms, losses = runs[name]
        left.plot(norms, color=color, label=name)
        right.semilogy(np.maximum(losses - lowest, 1e-13), color=color, label=name)
    left.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    left.set_ylabel("$\\Vert w_t \\Vert$")
    left.legend()
    right.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    right.set_ylabel("$f(w_t) - f^\\star$")
    right.set_ylim(bottom=1e-12)
    right.legend()
    return fig


def optim_comparison_paths(lang):
    """Every optimizer of the chapter on both test functions.

    Examples
    --------
    >>> fig = optim_comparison_paths("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    return _paths_figure(lang, [(name, None, None) for name in OPTIMIZERS])
