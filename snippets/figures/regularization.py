"""Figures of the regularization pages."""

import functools
import itertools

import matplotlib.cbook as cbook
import matplotlib.pyplot as plt
import numpy as np

from snippets.figures import contour_lines, imshow_compact, text
from snippets.optimizers import Adam, AdamW
from snippets.regularization import (
    EarlyStopping,
    color_jitter,
    cross_entropy,
    cutmix,
    cutout,
    dropout,
    gaussian_noise,
    mixup,
    random_crop,
    random_horizontal_flip,
)

__all__ = [
    "reg_early_stopping",
    "reg_norm_penalties",
    "reg_adam_weight_decay",
    "reg_augmentation",
    "reg_input_noise",
    "reg_label_smoothing",
    "reg_mixing",
    "reg_dropout",
]


# sample images ----------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def sample_images(size=128):
    """Matplotlib's bundled photo of Grace Hopper and a drawn pattern, as a
    (2, 3, size, size) batch in [0, 1].

    Examples
    --------
    >>> sample_images(64).shape
    (2, 3, 64, 64)
    """
    with cbook.get_sample_data("grace_hopper.jpg") as file:
        photo = plt.imread(file)[20:532] / 255.0  # a 512 x 512 square
    factor = 512 // size
    photo = photo.reshape(size, factor, size, factor, 3).mean(axis=(1, 3))
    # concentric rings in changing colors, drawn from coordinates
    y, x = np.mgrid[-1:1:size * 1j, -1:1:size * 1j]
    radius, angle = np.hypot(x, y), np.arctan2(y, x)
    rings = np.stack([
        0.5 + 0.5 * np.cos(12 * radius),
        0.5 + 0.5 * np.cos(12 * radius + 2 + angle),
        0.5 + 0.5 * np.sin(7 * x) * np.cos(5 * y),
    ], axis=-1)
    return np.stack([photo, rings]).transpose(0, 3, 1, 2)


def _show(ax, image, title):
    # the 128 x 128 pixels themselves, as a JPEG: a PNG of a photo is 3x larger
    imshow_compact(ax, np.clip(image.transpose(1, 2, 0), 0, 1))
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


# early stopping -----------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def early_stopping_run(epochs=1500, patience=100):
    """Train the early-stopping page's polynomial to the end, recording the
    losses, and let EarlyStopping watch the validation loss on the way.

    Returns a dict of the curves, the best and stopping epochs, the data
    and the weights at the best epoch and at the end.

    Examples
    --------
    >>> run = early_stopping_run()
    >>> run["best_epoch"] < run["stop_epoch"] < 1500
    True
    """
    rng = np.random.default_rng(6)

    def sample(n):
        x = rng.uniform(-1, 1, n)
        return x, np.sin(np.pi * x) + rng.normal(0, 0.3, n)

    x_train, y_train = sample(15)
    x_val, y_val = sample(30)
    features_train = np.polynomial.legendre.legvander(x_train, 15)
    features_val = np.polynomial.legendre.legvander(x_val, 15)
    w = np.zeros(16)
    stopper, stop_epoch = EarlyStopping(patience=patience), None
    train_curve, val_curve = [], []
    for epoch in range(1, epochs + 1):
        residual = features_train @ w - y_train
        w -= 0.05 * 2 * features_train.T @ residual / len(y_train)
        train_curve.append(np.mean((features_train @ w - y_train) ** 2))
        val_curve.append(np.mean((features_val @ w - y_val) ** 2))
        if stop_epoch is None and stopper.step(val_curve[-1], [w]):
            stop_epoch = epoch
    return {
        "train": np.array(train_curve), "val": np.array(val_curve),
        "best_epoch": stopper.best_epoch + 1, "stop_epoch": stop_epoch,
        "x_train": x_train, "y_train": y_train,
        "best_w": stopper.best_params[0], "last_w": w,
    }


def reg_early_stopping(lang):
    """Training and validation loss of a polynomial fit, with the epoch
    early stopping keeps and the epoch it stops at; and the two fits.

    Examples
    --------
    >>> len(reg_early_stopping("en").axes)
    2
    """
    run = early_stopping_run()
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.8), width_ratios=[1.3, 1],
                                      layout="constrained")
    epochs = np.arange(1, len(run["train"]) + 1)
    left.plot(epochs, run["train"], color="tab:blue",
              label=text(lang, en="training loss", ko="학습 손실"))
    left.plot(epochs, run["val"], color="tab:orange",
              label=text(lang, en="validation loss", ko="검증 손실"))
    best, stop = run["best_epoch"], run["stop_epoch"]
    left.axvline(best, color="tab:green", lw=1.2)
    left.axvspan(best, stop, color="tab:green", alpha=0.12)
    left.axvline(stop, color="0.3", lw=1.2, ls="--")
    left.plot(best, run["val"][best - 1], "o", color="tab:green", ms=7)
    left.annotate(text(lang, en=f"stop at epoch {stop} (patience 100)",
                       ko=f"에포크 {stop}에서 종료 (patience 100)"),
                  (stop, 0.28), xytext=(8, 0), textcoords="offset points",
                  ha="left", va="top", color="0.3")
    left.annotate(text(lang, en=f"restore the best epoch, {best}",
                       ko=f"가장 좋았던 에포크 {best}로 복원"),
                  (stop, 0.25), xytext=(8, 0), textcoords="offset points",
                  ha="left", va="top", color="tab:green")
    left.set_ylim(0, 0.3)
    left.set_xlim(0, len(epochs))
    left.set_xlabel(text(lang, en="epoch", ko="에포크"))
    left.set_ylabel(text(lang, en="mean squared error", ko="평균 제곱 오차"))
    left.legend(loc="lower right", bbox_to_anchor=(1, 0.1))  # above the training curve

    xs = np.linspace(-1, 1, 400)
    grid = np.polynomial.legendre.legvander(xs, 15)
    right.plot(xs, np.sin(np.pi * xs), color="0.6", lw=1, ls=":",
               label=r"$\sin(\pi x)$")
    right.plot(xs, grid @ run["best_w"], color="tab:green",
               label=text(lang, en=f"epoch {best} (kept)", ko=f"에포크 {best} (채택)"))
    right.plot(xs, grid @ run["last_w"], color="tab:red",
               label=text(lang, en=f"epoch {len(epochs)}", ko=f"에포크 {len(epochs)}"))
    right.plot(run["x_train"], run["y_train"], "o", color="tab:blue", ms=4,
               label=text(lang, en="training data", ko="학습 데이터"))
    right.set_ylim(-1.9, 1.9)
    right.set_xlabel("$x$")
    right.legend(loc="lower right", fontsize=9, borderaxespad=0.2, handlelength=1.5)
    return fig


# norm penalties -------------------------------------------------------------------


def reg_norm_penalties(lang):
    """Minimizers of a quadratic loss plus an L2 or an L1 penalty, as the
    penalty strength grows from 0.

    Examples
    --------
    >>> len(reg_norm_penalties("ko").axes)
    2
    """
    h = np.array([0.5, 4.0])  # curvatures of the loss along w1 and w2
    w_star = np.array([2.0, 1.0])
    alphas = np.linspace(0, 12, 600)
    ridge = w_star * h / (h + alphas[:, None])  # eq. (3)
    lasso = np.sign(w_star) * np.maximum(np.abs(w_star) - alphas[:, None] / h, 0)  # eq. (4)
    w1, w2 = np.meshgrid(np.linspace(-0.6, 2.6, 300), np.linspace(-0.6, 1.6, 300))
    loss = 0.5 * (h[0] * (w1 - w_star[0]) ** 2 + h[1] * (w2 - w_star[1]) ** 2)
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.1), layout="constrained")
    alpha = 1.0
    for ax, path, name, color in [(axes[0], ridge, "L2", "tab:blue"),
                                  (axes[1], lasso, "L1", "tab:red")]:
        contour_lines(ax, w1, w2, loss, np.geomspace(0.02, 6, 9), colors="0.7",
                      linewidths=0.8)
        ax.plot(path[:, 0], path[:, 1], color=color, lw=2,
                label=text(lang, en=r"minimizer, $\alpha$ = 0 to 12",
                           ko="최소점, α = 0 ~ 12"))
        point = path[np.searchsorted(alphas, alpha)]
        if name == "L2":
            radius = np.hypot(*point)
            theta = np.linspace(0, 2 * np.pi, 200)
            ax.plot(radius * np.cos(theta), radius * np.sin(theta), color=color,
                    lw=0.8, ls="--")
        else:
            radius = np.abs(point).sum()
            ax.plot([radius, 0, -radius, 0, radius], [0, radius, 0, -radius, 0],
                    color=color, lw=0.8, ls="--")
        # at the minimizer a level set of the loss touches one of the penalty
        contour_lines(ax, w1, w2, loss, [0.5 * np.sum(h * (point - w_star) ** 2)],
                      colors="0.35", linewidths=1.2)
        ax.plot(*point, "o", color=color, ms=6)
        ax.annotate(rf"$\alpha = {alpha:g}$", point, xytext=(8, 6), textcoords="offset points",
                    color=color)
        ax.plot(*w_star, "k*", ms=10)
        ax.annotate("$w^*$", w_star, xytext=(6, 4), textcoords="offset points")
        ax.plot(0, 0, "k+", ms=8)
        ax.set_aspect("equal")
        ax.set_xlim(-0.6, 2.6)
        ax.set_ylim(-0.6, 1.6)
        ax.set_title(text(lang, en=f"{name} penalty", ko=f"{name} 페널티"))
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.legend(loc="lower right", fontsize=9, framealpha=0.95)
    return fig


def reg_adam_weight_decay(lang):
    """Weights pushed around by pure-noise gradients of three sizes, under
    Adam with an L2 penalty and under AdamW: only AdamW decays them alike.

    Examples
    --------
    >>> len(reg_adam_weight_decay("en").axes)
    2
    """
    scales, per_scale, steps, lr, decay = [0.01, 1.0, 100.0], 200, 3000, 0.01, 0.1
    gradient_scale = np.repeat(scales, per_scale)
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.9), sharey=True, layout="constrained")
    t = np.arange(1, steps + 1)
    for ax, optimizer, title in [
        (axes[0], Adam, text(lang, en="Adam(weight_decay=0.1)\nan L2 penalty",
                             ko="Adam(weight_decay=0.1)\nL2 페널티")),
        (axes[1], AdamW, text(lang, en="AdamW(weight_decay=0.1)\ndecoupled decay",
                              ko="AdamW(weight_decay=0.1)\n분리된 감쇠")),
    ]:
        rng = np.random.default_rng(0)
        w = np.ones(len(gradient_scale))
        opt = optimizer([w], lr=lr, weight_decay=decay)
        means = []
        for _ in range(steps):
            # the loss has no signal, only noise: weight decay alone pulls w
            opt.step([gradient_scale * rng.standard_normal(len(w))])
            means.append(w.reshape(len(scales), per_scale).mean(axis=1))
        for mean, scale, color in zip(np.array(means).T, scales,
                                      ["tab:green", "tab:blue", "tab:red"]):
            ax.plot(t, mean, color=color,
                    label=text(lang, en=f"gradient noise std {scale:g}",
                               ko=f"기울기 잡음 표준편차 {scale:g}"))
        ax.plot(t, (1 - lr * decay) ** t, color="0.3", ls=":", lw=1.2,
                label=r"$(1 - \eta\lambda)^t$")
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(text(lang, en="step t", ko="걸음 t"))
    axes[0].set_ylabel(text(lang, en="mean weight (starts at 1)", ko="가중치의 평균 (초깃값 1)"))
    fig.legend(*axes[1].get_legend_handles_labels(), loc="outside lower center", ncols=2,
               frameon=False)
    return fig


# augmentation and noise ---------------------------------------------------------------


def reg_augmentation(lang):
    """Grace Hopper's photo flipped, padded and cropped, color-jittered, and
    four draws of all three together.

    Examples
    --------
    >>> len(reg_augmentation("en").axes)
    8
    """
    photo = sample_images()[:1]
    rng = np.random.default_rng(3)
    single = [
        (photo, text(lang, en="original", ko="원본")),
        (random_horizontal_flip(photo, p=1.0, rng=rng),
         text(lang, en="horizontal flip", ko="좌우 뒤집기")),
        (random_crop(photo, 128, padding=24, rng=np.random.default_rng(5)),
         text(lang, en="padded crop", ko="패딩 후 자르기")),
        (color_jitter(photo, brightness=0.4, contrast=0.4, rng=np.random.default_rng(4)),
         text(lang, en="color jitter", ko="밝기·대비 변화")),
    ]
    batch = np.repeat(photo, 4, axis=0)
    batch = random_horizontal_flip(batch, rng=rng)
    batch = random_crop(batch, 128, padding=16, rng=rng)
    batch = color_jitter(batch, brightness=0.3, contrast=0.3, rng=rng)
    fig, axes = plt.subplots(2, 4, figsize=(8, 4.3), layout="constrained")
    for ax, (image, title) in zip(axes[0], single):
        _show(ax, image[0], title)
    for k, (ax, image) in enumerate(zip(axes[1], batch)):
        _show(ax, image, text(lang, en=f"all three, draw {k + 1}",
                              ko=f"세 가지 모두, {k + 1}번째"))
    return fig


@functools.lru_cache(maxsize=None)
def input_noise_fits(stds=(0.0, 0.05, 0.15), copies=200):
    """Least-squares fits of a degree-12 polynomial to 15 points, each
    point replaced by ``copies`` copies with noisy inputs.

    Examples
    --------
    >>> xs, fits, data = input_noise_fits()
    >>> len(fits), xs.shape == fits[0].shape
    (3, True)
    """
    rng = np.random.default_rng(11)
    x = np.sort(rng.uniform(-1, 1, 15))
    y = np.sin(np.pi * x) + rng.normal(0, 0.2, 15)
    xs = np.linspace(-1, 1, 400)
    fits = []
    for std in stds:
        noisy_x = gaussian_noise(np.repeat(x, copies), std, rng=rng)
        features = np.polynomial.legendre.legvander(noisy_x, 12)
        w = np.linalg.lstsq(features, np.repeat(y, copies), rcond=None)[0]
        fits.append(np.polynomial.legendre.legvander(xs, 12) @ w)
    return xs, fits, (x, y)


def reg_input_noise(lang):
    """A degree-12 polynomial fitted to 15 points with more and more noise
    added to its inputs: the fit gets smoother.

    Examples
    --------
    >>> len(reg_input_noise("ko").axes)
    1
    """
    stds = (0.0, 0.05, 0.15)
    xs, fits, (x, y) = input_noise_fits(stds)
    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    for std, fit, color in zip(stds, fits, ["tab:red", "tab:purple", "tab:green"]):
        ax.plot(xs, fit, color=color, label=rf"$\sigma = {std}$")
    ax.plot(xs, np.sin(np.pi * xs), color="0.6", ls=":", lw=1, label=r"$\sin(\pi x)$")
    ax.plot(x, y, "o", color="tab:blue", ms=4,
            label=text(lang, en="training data", ko="학습 데이터"))
    ax.set_ylim(-2, 2)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left", fontsize=10, ncols=2)
    return fig


# label smoothing and mixing -----------------------------------------------------------


def reg_label_smoothing(lang):
    """Cross-entropy of the logits (a, 0, ..., 0) for the target class 0, as
    the gap a grows, with and without label smoothing.

    Examples
    --------
    >>> len(reg_label_smoothing("en").axes)
    1
    """
    c = 10
    gaps = np.linspace(0, 12, 481)
    logits = np.zeros((len(gaps), c))
    logits[:, 0] = gaps
    target = np.zeros(len(gaps), dtype=int)
    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    for eps, color in [(0.0, "tab:blue"), (0.05, "tab:orange"), (0.2, "tab:red")]:
        losses = cross_entropy(logits, target, reduction="none", label_smoothing=eps)
        ax.plot(gaps, losses, color=color, label=rf"$\varepsilon = {eps}$")
        if eps:
            best = np.log(c / eps - c + 1)  # eq. (3)
            ax.plot(best, cross_entropy(np.r_[best, np.zeros(c - 1)][None], [0],
                                        label_smoothing=eps), "o", color=color)
    ax.set_xlabel(text(lang, en="logit gap $a$", ko="로짓 차이 a"))
    ax.set_ylabel(text(lang, en="loss", ko="손실"))
    ax.set_ylim(0, 2.5)
    ax.legend(title=text(lang, en=f"C = {c} classes", ko=f"클래스 {c}개"))
    return fig


def reg_mixing(lang):
    """Mixup, cutmix and cutout applied to a photo and a drawn pattern, with
    the soft target each gives the photo.

    Examples
    --------
    >>> len(reg_mixing("ko").axes)
    5
    """
    images, targets = sample_images(), np.eye(2)  # one-hot labels 0 and 1
    names = [text(lang, en="portrait", ko="인물"), text(lang, en="rings", ko="동심원")]

    def paired(mix, **option):
        # the first seed whose draw pairs the two images with a visible mix
        for seed in itertools.count():
            out, soft = mix(images, targets, **option, rng=np.random.default_rng(seed))
            if 0.3 < soft[0, 0] < 0.75:
                return out, soft

    def describe(soft):
        return f"{soft[0]:.2f} {names[0]} + {soft[1]:.2f} {names[1]}"

    fig = plt.figure(figsize=(8, 5.9), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.1])
    for ax, image, name in zip(top.subplots(1, 2), images, names):
        _show(ax, image, name)
    mixes = [
        (text(lang, en="mixup", ko="믹스업"), paired(mixup, alpha=1.0)),
        (text(lang, en="cutmix", ko="컷믹스"), paired(cutmix, alpha=1.0)),
        (text(lang, en="cutout", ko="컷아웃"),
         cutout(images, targets, size=56, rng=np.random.default_rng(1))),
    ]
    for ax, (title, (out, soft)) in zip(bottom.subplots(1, 3), mixes):
        _show(ax, out[0], f"{title}\n{describe(soft[0])}")
    return fig


# dropout -----------------------------------------------------------------------------


def reg_dropout(lang):
    """One dropout sample of a gray photo, and averages of 10 and 1000
    samples, which approach the input.

    Examples
    --------
    >>> len(reg_dropout("en").axes)
    4
    """
    gray = sample_images()[0].mean(axis=0)
    rng = np.random.default_rng(0)
    first = dropout(gray, p=0.5, rng=rng)
    total, means = first.copy(), {}
    for k in range(2, 1001):
        total += dropout(gray, p=0.5, rng=rng)
        if k in (10, 1000):
            means[k] = total / k
    panels = [
        (gray, text(lang, en="input (evaluation output)", ko="입력 (평가 때 출력)")),
        (first, text(lang, en="one training sample, p = 0.5",
                     ko="학습 때 표본 하나, p = 0.5")),
        (means[10], text(lang, en="mean of 10 samples", ko="표본 10개의 평균")),
        (means[1000], text(lang, en="mean of 1000 samples", ko="표본 1000개의 평균")),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(7, 7.3), layout="constrained")
    for ax, (image, title) in zip(axes.flat, panels):
        # crisp pixels, as PNG: a JPEG would blur the single dropped pixels
        imshow_compact(ax, image, jpeg=False, cmap="gray", vmin=0, vmax=gray.max())
        ax.set_title(title, fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig
