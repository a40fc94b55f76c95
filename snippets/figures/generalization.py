"""Figures of the generalization chapter and its reader questions."""

import functools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, Patch, PathPatch
from matplotlib.path import Path
from matplotlib.ticker import NullFormatter
from matplotlib.transforms import Affine2D

from snippets.figures import simplify_line, text
from snippets.generalization import (bagging, bias_variance, bootstrap_sample,
                                     fit_polynomial, fit_tree,
                                     gradient_boosting, grid_search_cv,
                                     k_fold, random_split, time_series_split)

__all__ = [
    "gen_polynomial_fits",
    "gen_error_curves",
    "gen_fold_layouts",
    "gen_cv_choice",
    "gen_bias_variance_targets",
    "gen_bias_variance_fits",
    "gen_bias_variance_tradeoff",
    "gen_bagging",
    "gen_boosting",
    "gen_time_series_leak",
]

NOISE = 0.3  # standard deviation of the noise around the true function
COLORS = {"train": "tab:blue", "val": "tab:orange", "test": "0.55",
          "unused": "0.93"}


def truth(x):
    """The function every example of the chapter tries to learn.

    Examples
    --------
    >>> float(truth(0.5))
    1.0
    """
    return np.sin(np.pi * x)


def sample(rng, n):
    """``n`` points with x uniform in [-1, 1] and y = truth(x) + noise.

    Examples
    --------
    >>> x, y = sample(np.random.default_rng(0), 3)
    >>> x.shape, y.shape
    ((3,), (3,))
    """
    x = rng.uniform(-1, 1, n)
    return x, truth(x) + NOISE * rng.standard_normal(n)


def _mse(predict, x, y):
    return float(np.mean((predict(x) - y) ** 2))


def gen_polynomial_fits(lang):
    """Degree 1, 3 and 12 fit to 15 noisy points.

    Examples
    --------
    >>> fig = gen_polynomial_fits("en")
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    rng = np.random.default_rng(0)  # the data of snippets/examples/generalization/overfitting_numpy.py
    x, y = sample(rng, 15)
    grid = np.linspace(-1, 1, 400)
    titles = {1: text(lang, en="degree 1: underfitting",
                      ko="차수 1: 과소적합"),
              3: text(lang, en="degree 3: about right", ko="차수 3: 적당함"),
              12: text(lang, en="degree 12: overfitting",
                       ko="차수 12: 과적합")}
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.2), sharey=True,
                             layout="constrained")
    for ax, degree in zip(axes, titles):
        predict = fit_polynomial(x, y, degree)
        ax.plot(grid, truth(grid), "--", color="0.5", lw=1.2,
                label=text(lang, en="true function", ko="참 함수"))
        ax.plot(grid, predict(grid), color="tab:red", lw=1.8,
                label=text(lang, en="fit", ko="적합 결과"))
        ax.plot(x, y, "o", color="tab:blue", ms=5,
                label=text(lang, en="training data", ko="학습 데이터"))
        ax.set_title(titles[degree])
        ax.set_ylim(-2, 2)
        ax.set_xlabel("$x$")
    axes[0].set_ylabel("$y$")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center",
               ncols=3, frameon=False)
    return fig


def gen_error_curves(lang):
    """Training and test error against degree, for 15 and for 200 points.

    Examples
    --------
    >>> fig = gen_error_curves("ko")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), sharey=True,
                             layout="constrained")
    degrees = np.arange(13)
    for ax, n in zip(axes, (15, 200)):
        rng = np.random.default_rng(0)
        x, y = sample(rng, n)
        x_test, y_test = sample(rng, 1000)
        fits = [fit_polynomial(x, y, d) for d in degrees]
        train = [_mse(p, x, y) for p in fits]
        test = [_mse(p, x_test, y_test) for p in fits]
        ax.semilogy(degrees, train, "o-", color="tab:blue",
                    label=text(lang, en="training error", ko="학습 오차"))
        ax.semilogy(degrees, test, "s-", color="tab:red",
                    label=text(lang, en="test error", ko="테스트 오차"))
        ax.axhline(NOISE**2, color="0.5", ls=":", lw=1.2,
                   label=text(lang, en="noise variance", ko="잡음의 분산"))
        best = int(np.argmin(test))
        ax.annotate(text(lang, en="smallest test error",
                         ko="가장 작은 테스트 오차"),
                    (best, test[best]), xytext=(0, 55),
                    textcoords="offset points", ha="center",
                    arrowprops={"arrowstyle": "->", "color": "0.3"})
        ax.set_title(text(lang, en=f"{n} training points",
                          ko=f"학습 데이터 {n}개"))
        ax.set_xlabel(text(lang, en="polynomial degree (capacity)",
                           ko="다항식 차수 (모델 용량)"))
        ax.set_ylim(3e-3, 300)
    axes[0].set_ylabel(text(lang, en="mean squared error",
                            ko="평균 제곱 오차"))
    axes[1].legend(loc="upper right", fontsize=9)
    return fig


def _cells(ax, row, colors, label):
    """Draw one row of sample cells, one color per cell.

    The cells of one color are one path: in an SVG, a rectangle in a path
    takes a third of the bytes of a rectangle of its own.
    """
    for color in dict.fromkeys(colors):
        cells = [Path.unit_rectangle().transformed(
                     Affine2D().scale(0.92, 0.7).translate(i, -row - 0.8))
                 for i, c in enumerate(colors) if c == color]
        ax.add_patch(PathPatch(Path.make_compound_path(*cells), color=color, lw=0))
    ax.text(-0.6, -row - 0.45, label, ha="right", va="center", fontsize=10)


def _layout_axes(ax, rows, n, title):
    ax.set_xlim(-0.2, n + 0.1)
    ax.set_ylim(-rows - 0.1, 0.1)
    ax.set_axis_off()
    ax.set_title(title, loc="left", fontsize=11)


def gen_fold_layouts(lang):
    """Hold-out, k-fold on the development data, time series, nested CV.

    Examples
    --------
    >>> fig = gen_fold_layouts("en")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    n = 20
    fig, axes = plt.subplots(
        4, 1, figsize=(8, 8.6), height_ratios=[1.4, 5, 5, 6.4],
        layout="constrained")
    fold = text(lang, en="fold", ko="폴드")
    split = text(lang, en="split", ko="분할")

    # Hold-out: one random 6:2:2 split.
    train, val, test = random_split(n, [0.6, 0.2, 0.2],
                                    np.random.default_rng(3))
    colors = np.empty(n, dtype=object)
    colors[train], colors[val], colors[test] = (
        COLORS["train"], COLORS["val"], COLORS["test"])
    _cells(axes[0], 0, colors, "6 : 2 : 2")
    _layout_axes(axes[0], 1, n, text(
        lang, en="hold-out: one random split into training, validation "
                 "and test data",
        ko="홀드아웃: 학습, 검증, 테스트 데이터로 한 번 무작위 분할"))

    # k-fold on the 16 development samples; the test samples stay aside.
    for row, (tr, va) in enumerate(k_fold(16, n_splits=4)):
        colors = [COLORS["test"]] * n
        for i in tr:
            colors[i] = COLORS["train"]
        for i in va:
            colors[i] = COLORS["val"]
        _cells(axes[1], row, colors, f"{fold} {row + 1}")
    _layout_axes(axes[1], 4, n, text(
        lang, en="4-fold cross-validation on the development data "
                 "(test data set aside)",
        ko="개발 데이터에서 4-겹 교차 검증 (테스트 데이터는 따로 둠)"))

    # Forward chaining in time.
    for row, (tr, va) in enumerate(time_series_split(n, n_splits=4)):
        colors = [COLORS["unused"]] * n
        for i in tr:
            colors[i] = COLORS["train"]
        for i in va:
            colors[i] = COLORS["val"]
        _cells(axes[2], row, colors, f"{split} {row + 1}")
    axes[2].annotate("", (n, -4.5), (0, -4.5),
                     arrowprops={"arrowstyle": "->", "color": "0.3"})
    axes[2].text(n / 2, -4.85, text(lang, en="time", ko="시간"),
                 ha="center", va="top", fontsize=10)
    _layout_axes(axes[2], 5, n, text(
        lang, en="time-series split: always train on the past, validate "
                 "on the next block",
        ko="시계열 분할: 언제나 과거로 학습하고 바로 다음 구간으로 검증"))

    # Nested: outer 4-fold; inside the first outer split, a 3-fold search.
    outer = list(k_fold(n, n_splits=4))
    for row, (tr, va) in enumerate(outer):
        colors = [COLORS["train"]] * n
        for i in va:
            colors[i] = COLORS["test"]
        _cells(axes[3], row, colors,
               text(lang, en=f"outer {row + 1}", ko=f"바깥 {row + 1}"))
    outer_train = outer[0][0]
    for row, (tr, va) in enumerate(k_fold(len(outer_train), n_splits=3)):
        colors = [COLORS["unused"]] * n
        for i in va:
            colors[outer_train[i]] = COLORS["val"]
        for i in tr:
            colors[outer_train[i]] = COLORS["train"]
        _cells(axes[3], row + 4.6, colors,
               text(lang, en=f"inner {row + 1}", ko=f"안쪽 {row + 1}"))
    axes[3].text(n / 2, -4.25, text(
        lang, en="inside outer split 1: choose hyperparameters",
        ko="바깥 분할 1의 내부: 하이퍼파라미터 선택"),
        ha="center", va="center", fontsize=10, color="0.3")
    _layout_axes(axes[3], 7.6, n, text(
        lang, en="nested cross-validation: tune inside, test outside",
        ko="중첩 교차 검증: 안쪽에서 고르고 바깥쪽에서 평가"))

    handles = [Patch(color=COLORS["train"],
                     label=text(lang, en="training", ko="학습")),
               Patch(color=COLORS["val"],
                     label=text(lang, en="validation", ko="검증")),
               Patch(color=COLORS["test"],
                     label=text(lang, en="test / held out",
                                ko="테스트 / 평가용")),
               Patch(color=COLORS["unused"],
                     label=text(lang, en="not used", ko="사용 안 함"))]
    fig.legend(handles=handles, loc="outside lower center", ncols=4,
               fontsize=10, frameon=False)
    return fig


def gen_cv_choice(lang):
    """CV loss per degree, the chosen degree and the one test measurement.

    Examples
    --------
    >>> fig = gen_cv_choice("en")
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    rng = np.random.default_rng(0)  # the data of snippets/examples/generalization/cross_validation_numpy.py
    x = rng.uniform(-1, 1, 100)
    y = truth(x) + NOISE * rng.standard_normal(100)
    dev, test = random_split(100, [0.8, 0.2], rng)
    degrees = np.arange(11)
    best, predict, mean_losses = grid_search_cv(
        fit_polynomial, {"degree": degrees}, x[dev], y[dev])
    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    for d in degrees:
        losses = [_mse(fit_polynomial(x[dev][tr], y[dev][tr], d),
                       x[dev][va], y[dev][va])
                  for tr, va in k_fold(len(dev))]
        ax.plot([d] * len(losses), losses, "_", color="tab:orange", ms=9,
                label=text(lang, en="one fold", ko="폴드 하나")
                if d == 0 else None)
    ax.semilogy(degrees, mean_losses, "o-", color="tab:orange",
                label=text(lang, en="mean CV loss (5 folds)",
                           ko="평균 교차 검증 손실 (5겹)"))
    chosen = best["degree"]
    ax.plot(chosen, mean_losses[chosen], "o", ms=13, mfc="none",
            color="k", label=text(lang, en="chosen degree",
                                  ko="고른 차수"))
    ax.plot(chosen, _mse(predict, x[test], y[test]), "*", ms=13,
            color="0.35", label=text(
                lang, en="test loss of the refit model, measured once",
                ko="다시 적합한 모델의 테스트 손실 (한 번만 측정)"))
    ax.set_xticks(degrees)
    # about a decade: plain numbers (0.2, 0.3) read better than 2 x 10^-1
    ticks = [0.06, 0.1, 0.2, 0.3, 0.4, 0.6]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(text(lang, en="polynomial degree", ko="다항식 차수"))
    ax.set_ylabel(text(lang, en="mean squared error",
                       ko="평균 제곱 오차"))
    ax.legend(fontsize=9)
    return fig


def gen_bias_variance_targets(lang):
    """The target picture: low or high bias, low or high variance.

    Examples
    --------
    >>> fig = gen_bias_variance_targets("ko")
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    draws = np.random.default_rng(7).standard_normal((12, 2))
    draws -= draws.mean(axis=0)  # centred, so the bias is exactly the offset
    fig, axes = plt.subplots(2, 2, figsize=(6.4, 6.6), layout="constrained")
    for row, bias in enumerate((0.0, 0.5)):
        for col, spread in enumerate((0.08, 0.25)):
            ax = axes[row, col]
            for radius, color in [(1.0, "0.92"), (0.75, "0.8"),
                                  (0.5, "0.92"), (0.25, "0.8")]:
                ax.add_patch(Circle((0, 0), radius, color=color))
            centre = np.array([bias, bias * 0.6])
            shots = centre + spread * draws
            ax.plot(shots[:, 0], shots[:, 1], "o", color="tab:red", ms=5,
                    mec="white", mew=0.6)
            ax.plot(0, 0, "+", color="k", ms=12, mew=1.5)
            ax.plot(*centre, "x", color="tab:blue", ms=9, mew=2)
            ax.set_xlim(-1.05, 1.05)
            ax.set_ylim(-1.05, 1.05)
            ax.set_aspect("equal")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
            if row == 1:
                ax.set_xlabel(text(lang, en=("low", "high")[col] + " variance",
                                   ko="분산 " + ("작음", "큼")[col]))
            if col == 0:
                ax.set_ylabel(text(lang, en=("low", "high")[row] + " bias",
                                   ko="편향 " + ("작음", "큼")[row]))
    return fig


def _fixed_design():
    """The training inputs of the bias-variance experiments."""
    return np.linspace(-1, 1, 15), np.linspace(-1, 1, 101)


def gen_bias_variance_fits(lang):
    """Twenty fits from twenty training sets, for degree 1, 3 and 9.

    Examples
    --------
    >>> fig = gen_bias_variance_fits("en")
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    x_train, grid = _fixed_design()
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.2), sharey=True,
                             layout="constrained")
    for ax, degree in zip(axes, (1, 3, 9)):
        rng = np.random.default_rng(degree)
        fits = []
        for _ in range(20):
            y = truth(x_train) + NOISE * rng.standard_normal(len(x_train))
            fits.append(fit_polynomial(x_train, y, degree)(grid))
            # only the vertices the page can show: 60 curves add up
            kept = simplify_line(np.column_stack([grid / 2, fits[-1] / 3.6]), 1e-3)
            ax.plot(grid[kept], fits[-1][kept], color="tab:red", lw=0.7, alpha=0.35)
        ax.plot(grid, truth(grid), "--", color="k", lw=1.3,
                label=text(lang, en="true function", ko="참 함수"))
        ax.plot(grid, np.mean(fits, axis=0), color="tab:blue", lw=2,
                label=text(lang, en="average of the fits",
                           ko="적합 결과의 평균"))
        ax.set_title(text(lang, en=f"degree {degree}", ko=f"차수 {degree}"))
        ax.set_ylim(-1.8, 1.8)
        ax.set_xlabel("$x$")
    axes[0].set_ylabel("$y$")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center",
               ncols=2, frameon=False)
    return fig


@functools.lru_cache(maxsize=None)
def polynomial_bias_variance():
    """bias_variance of polynomial degrees 0..12 (cached: two figures).

    Examples
    --------
    >>> len(polynomial_bias_variance())
    13
    """
    x_train, x_test = _fixed_design()
    return tuple(
        bias_variance(functools.partial(fit_polynomial, degree=d), truth,
                      x_train, x_test, NOISE, 400, np.random.default_rng(d))
        for d in range(13))


def gen_bias_variance_tradeoff(lang):
    """Measured bias², variance, noise and test error against degree.

    Examples
    --------
    >>> fig = gen_bias_variance_tradeoff("ko")
    >>> len(fig.axes)
    1
    >>> plt.close(fig)
    """
    terms = polynomial_bias_variance()
    degrees = np.arange(len(terms))
    get = lambda name: np.array([t[name] for t in terms])  # noqa: E731
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    ax.plot(degrees, get("bias2"), "o-", color="tab:blue",
                label=text(lang, en="bias²", ko="편향²"))
    ax.plot(degrees, get("variance"), "s-", color="tab:orange",
                label=text(lang, en="variance", ko="분산"))
    ax.plot(degrees, get("noise"), ":", color="0.5",
                label=text(lang, en="noise", ko="잡음"))
    total = get("bias2") + get("variance") + get("noise")
    ax.plot(degrees, total, "-", color="k", lw=2,
                label=text(lang, en="bias² + variance + noise",
                           ko="편향² + 분산 + 잡음"))
    ax.plot(degrees, get("error"), "x", color="tab:red", ms=9, mew=2,
                label=text(lang, en="measured test error",
                           ko="측정한 테스트 오차"))
    best = int(np.argmin(total))
    ax.axvline(best, color="0.6", lw=0.8)
    ax.set_xticks(degrees)
    ax.set_ylim(0, 0.7)
    ax.set_xlabel(text(lang, en="polynomial degree (capacity)",
                       ko="다항식 차수 (모델 용량)"))
    ax.set_ylabel(text(lang, en="mean squared error",
                       ko="평균 제곱 오차"))
    ax.legend(loc="upper center", fontsize=9, ncols=2)
    return fig


@functools.lru_cache(maxsize=None)
def tree_bias_variance():
    """bias_variance of a deep tree, a stump and bagged deep trees (cached).

    Examples
    --------
    >>> sorted(tree_bias_variance())
    ['bagged trees', 'stump', 'tree']
    """
    x_train = np.sort(np.random.default_rng(5).uniform(-1, 1, 30))
    x_test = np.linspace(-1, 1, 101)
    learners = {
        "tree": fit_tree,
        "stump": functools.partial(fit_tree, max_depth=1),
        "bagged trees": functools.partial(
            bagging, fit=fit_tree, n_estimators=20,
            rng=np.random.default_rng(1)),
    }
    return {name: bias_variance(fit, truth, x_train, x_test, NOISE, 60,
                                np.random.default_rng(2))
            for name, fit in learners.items()}


def gen_bagging(lang):
    """Bootstrap trees, their average and spread; bias and variance bars.

    Examples
    --------
    >>> fig = gen_bagging("en")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    rng = np.random.default_rng(4)
    x, y = sample(rng, 30)
    grid = np.linspace(-1, 1, 400)
    members = []
    for _ in range(30):  # bagging written out, to see every member
        in_bag, _ = bootstrap_sample(len(x), rng)
        members.append(fit_tree(x[in_bag], y[in_bag])(grid))
    members = np.array(members)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.8),
                                      width_ratios=[1.5, 1],
                                      layout="constrained")
    for i, m in enumerate(members):
        left.plot(grid, m, color="tab:orange", lw=0.6, alpha=0.3,
                  label=text(lang, en="tree on a bootstrap sample",
                             ko="부트스트랩 표본의 트리") if i == 0 else None)
    mean, spread = members.mean(axis=0), members.std(axis=0)
    left.fill_between(grid, mean - 2 * spread, mean + 2 * spread,
                      color="tab:blue", alpha=0.15, lw=0,
                      label=text(lang, en="±2 std. of the trees",
                                 ko="트리들의 ±2 표준편차"))
    left.plot(grid, mean, color="tab:blue", lw=2,
              label=text(lang, en="bagged prediction (mean)",
                         ko="배깅 예측 (평균)"))
    left.plot(grid, truth(grid), "--", color="k", lw=1.2,
              label=text(lang, en="true function", ko="참 함수"))
    left.plot(x, y, "o", color="0.3", ms=4)
    left.set_ylim(-2, 2)
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.legend(loc="lower right", fontsize=9)

    terms = tree_bias_variance()
    names = {"stump": text(lang, en="stump", ko="스텀프"),
             "tree": text(lang, en="deep tree", ko="깊은 트리"),
             "bagged trees": text(lang, en="bagged\ndeep trees",
                                  ko="배깅한\n깊은 트리")}
    at = np.arange(len(names))
    bias2 = [terms[k]["bias2"] for k in names]
    variance = [terms[k]["variance"] for k in names]
    right.bar(at - 0.2, bias2, 0.4, color="tab:blue",
              label=text(lang, en="bias²", ko="편향²"))
    right.bar(at + 0.2, variance, 0.4, color="tab:orange",
              label=text(lang, en="variance", ko="분산"))
    right.set_xticks(at, list(names.values()))
    right.set_ylabel(text(lang, en="mean squared error",
                          ko="평균 제곱 오차"))
    right.legend(fontsize=9)
    return fig


def gen_boosting(lang):
    """Boosted stumps after 1, 10 and 200 rounds; error against rounds.

    Examples
    --------
    >>> fig = gen_boosting("ko")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    rng = np.random.default_rng(4)
    x, y = sample(rng, 30)
    x_test, y_test = sample(rng, 1000)
    predict = gradient_boosting(x, y, n_estimators=300, learning_rate=0.1)
    grid = np.linspace(-1, 1, 400)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.8),
                                      width_ratios=[1.5, 1],
                                      layout="constrained")
    for m, color in [(1, "tab:green"), (10, "tab:orange"),
                     (200, "tab:red")]:
        left.plot(grid, predict(grid, n_trees=m), color=color, lw=1.6,
                  label=text(lang, en=f"{m} stump" + "s" * (m > 1),
                             ko=f"스텀프 {m}개"))
    left.plot(grid, truth(grid), "--", color="k", lw=1.2,
              label=text(lang, en="true function", ko="참 함수"))
    left.plot(x, y, "o", color="0.3", ms=4)
    left.set_ylim(-2, 2)
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.legend(loc="lower right", fontsize=9)
    rounds = np.arange(301)
    right.semilogy(rounds, [_mse(lambda g: predict(g, n_trees=m), x, y)
                            for m in rounds], color="tab:blue",
                   label=text(lang, en="training error", ko="학습 오차"))
    right.semilogy(rounds, [_mse(lambda g: predict(g, n_trees=m),
                                 x_test, y_test) for m in rounds],
                   color="tab:red",
                   label=text(lang, en="test error", ko="테스트 오차"))
    right.axhline(NOISE**2, color="0.5", ls=":",
                  label=text(lang, en="noise variance", ko="잡음의 분산"))
    ticks = [0.03, 0.05, 0.1, 0.2, 0.3, 0.5]  # plain numbers, not 3 x 10^-2
    right.set_yticks(ticks, [f"{t:g}" for t in ticks])
    right.yaxis.set_minor_formatter(NullFormatter())
    right.set_xlabel(text(lang, en="number of stumps", ko="스텀프 개수"))
    right.set_ylabel(text(lang, en="mean squared error",
                          ko="평균 제곱 오차"))
    right.legend(fontsize=9)
    return fig


def gen_time_series_leak(lang):
    """Which points validate under shuffled k-fold and forward chaining.

    Examples
    --------
    >>> fig = gen_time_series_leak("en")
    >>> len(fig.axes)
    2
    >>> plt.close(fig)
    """
    rng = np.random.default_rng(0)
    n = 120
    wiggle = np.zeros(n)
    for t in range(1, n):
        wiggle[t] = 0.8 * wiggle[t - 1] + 0.3 * rng.standard_normal()
    series = 0.05 * np.arange(n) + wiggle
    t = np.arange(n)
    fig, axes = plt.subplots(2, 1, figsize=(8, 5.2), sharex=True,
                             layout="constrained")
    _, val = list(k_fold(n, shuffle=True, rng=rng))[0]
    train, val_next = list(time_series_split(n, n_splits=5))[2]
    panels = [
        (axes[0], np.setdiff1d(t, val), val,
         text(lang, en="shuffled 5-fold: validation points sit between "
                       "training points",
              ko="섞은 5-겹: 검증 지점이 학습 지점 사이에 끼어 있음")),
        (axes[1], train, val_next,
         text(lang, en="forward chaining: validation comes after all the "
                       "training data",
              ko="전진 연쇄: 검증 구간이 모든 학습 데이터보다 뒤에 옴")),
    ]
    for ax, tr, va, title in panels:
        ax.plot(t, series, color="0.8", lw=1)
        ax.plot(tr, series[tr], "o", ms=3.5, color=COLORS["train"],
                label=text(lang, en="training", ko="학습"))
        ax.plot(va, series[va], "o", ms=5, color=COLORS["val"],
                label=text(lang, en="validation", ko="검증"))
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel("$y_t$")
    axes[0].legend(loc="upper left", fontsize=10)
    axes[1].set_xlabel(text(lang, en="time t", ko="시간 t"))
    return fig
