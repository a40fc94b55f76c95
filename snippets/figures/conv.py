"""Figures of the CNN chapter, drawn with snippets.conv."""

import functools

import matplotlib.cbook
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.patches import Polygon, Rectangle

from snippets.conv import (conv2d, conv2d_backward, conv_output_size,
                           convolve, filter_image, image_kernel)
from snippets.figures import imshow_compact, text

__all__ = [
    "conv_fc_vs_conv_matrix",
    "conv_flip_and_slide",
    "conv_image_kernels",
    "conv_dimensions",
    "conv_sliding_window_steps",
    "conv_padding_stride_dilation",
    "conv_channel_blocks",
    "conv_gradient_check",
]

TAP_COLORS = plt.get_cmap("tab10").colors[:9]


# drawing helpers --------------------------------------------------------------


def _grid(ax, rows, cols, x0=0.0, y0=0.0, color="0.6", lw=0.8):
    """Cell borders of a rows x cols grid whose top-left corner is (x0, y0)."""
    for r in range(rows + 1):
        ax.plot([x0, x0 + cols], [y0 + r, y0 + r], color=color, lw=lw)
    for c in range(cols + 1):
        ax.plot([x0 + c, x0 + c], [y0, y0 + rows], color=color, lw=lw)


def _blank(ax):
    ax.set_aspect("equal")
    ax.invert_yaxis()
    ax.axis("off")


def conv_fc_vs_conv_matrix(lang):
    """The weight matrix of a fully connected layer next to a convolution's.

    Both map a 6x6 image (36 inputs) to 16 outputs; the convolution's
    matrix comes from feeding conv2d the 36 unit images.

    Examples
    --------
    >>> fig = conv_fc_vs_conv_matrix("en")
    >>> len(fig.axes)
    3
    """
    rng = np.random.default_rng(0)
    # Stacked, so the two 16 x 36 matrices get the column's whole width.
    fig, axes = plt.subplots(2, 2, figsize=(7.5, 6.2), width_ratios=[36, 6],
                             layout="constrained")
    (fc_ax, spare), (conv_ax, kernel_ax) = axes
    spare.remove()
    fc_ax.imshow(rng.standard_normal((16, 36)), cmap="coolwarm",
                 interpolation="nearest")
    taps = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)  # tap t has value t + 1
    unit_images = np.eye(36).reshape(36, 1, 6, 6)
    matrix = conv2d(unit_images, taps).reshape(36, 16).T  # column k: image k
    colors = ListedColormap(["white", *TAP_COLORS])
    conv_ax.imshow(matrix, cmap=colors, vmin=-0.5, vmax=9.5,
                   interpolation="nearest")
    kernel_ax.imshow(taps[0, 0], cmap=colors, vmin=-0.5, vmax=9.5)
    for ax in (fc_ax, conv_ax):
        ax.set_xticks(np.arange(-0.5, 36, 6), minor=True)
        ax.set_yticks(np.arange(-0.5, 16, 4), minor=True)
        ax.grid(which="minor", color="0.85", lw=0.6)
        ax.grid(which="major", visible=False)
        ax.tick_params(which="both", length=0, labelbottom=False,
                       labelleft=False)
        ax.set_xlabel(text(lang, en="36 inputs (a 6x6 image)",
                           ko="입력 36개 (6x6 이미지)"))
        ax.set_ylabel(text(lang, en="16 outputs", ko="출력 16개"))
    fc_ax.set_title(text(lang, en="fully connected: 576 weights",
                         ko="완전 연결 층: 가중치 576개"))
    conv_ax.set_title(text(lang, en="3x3 convolution: 144 nonzeros, 9 weights",
                           ko="3x3 합성곱: 0이 아닌 원소 144개, 가중치 9개"))
    kernel_ax.set_title(text(lang, en="kernel", ko="커널"))
    kernel_ax.axis("off")
    return fig


def conv_flip_and_slide(lang):
    """Continuous convolution: flip g, slide it to t, integrate the product.

    Examples
    --------
    >>> fig = conv_flip_and_slide("ko")
    >>> len(fig.axes)
    3
    """
    dt = 0.02
    tau = np.arange(-1.0, 5.0, dt)
    f = ((tau >= 0) & (tau < 1.5)).astype(float)  # a pulse
    g = np.where(tau >= 0, np.exp(-2 * np.clip(tau, 0, None)), 0.0)  # a decay
    t = 1.0
    g_flipped = np.where(t - tau >= 0, np.exp(-2 * np.clip(t - tau, 0, None)), 0.0)
    # Riemann sum of the convolution integral; both start at tau = -1.
    full = convolve(f, g[tau >= 0]) * dt
    fg = full[:len(tau)]
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.1), sharey=True,
                             layout="constrained")
    axes[0].plot(tau, f, color="tab:blue", label=r"$f(\tau)$")
    axes[0].plot(tau, g, color="tab:orange", label=r"$g(\tau)$")
    axes[1].plot(tau, f, color="tab:blue", label=r"$f(\tau)$")
    axes[1].plot(tau, g_flipped, color="tab:orange", label=r"$g(t - \tau)$")
    axes[1].fill_between(tau, f * g_flipped, color="tab:green", alpha=0.4,
                         label=r"$f(\tau)\,g(t - \tau)$")
    axes[1].axvline(t, color="0.5", ls=":", lw=1)
    axes[2].plot(tau, fg, color="tab:green", label=r"$(f * g)(t)$")
    value = np.interp(t, tau, fg)  # = the shaded area, up to the Riemann sum
    axes[2].plot([t], [value], "o", color="tab:green")
    axes[2].annotate(text(lang, en="the shaded area", ko="칠한 넓이"),
                     (t, value), xytext=(1.6, 0.8),
                     arrowprops=dict(arrowstyle="->", color="0.3"))
    axes[0].set_title(text(lang, en="signal and kernel", ko="신호와 커널"))
    axes[1].set_title(text(lang, en="kernel flipped,\nmoved to t = 1",
                           ko="커널을 뒤집어\nt = 1로 옮김"))
    axes[2].set_title(text(lang, en="the convolution", ko="합성곱 결과"))
    for ax in axes:
        ax.set_xlabel(r"$\tau$" if ax is not axes[2] else "$t$")
        ax.set_xticks([0, 2, 4])
        ax.legend(loc="upper right", fontsize=10, borderaxespad=0.2,
                  handlelength=1.2, labelspacing=0.3)
        ax.set_ylim(-0.05, 1.6)
    return fig


@functools.lru_cache(maxsize=1)
def _grace_hopper():
    """Matplotlib's sample photo, cropped, gray, halved: (180, 180) in [0, 1]."""
    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as file:
        rgb = plt.imread(file)[10:370, 76:436].astype(float) / 255
    gray = rgb @ np.array([0.299, 0.587, 0.114])  # ITU-R BT.601 luma
    # Average 2x2 blocks: itself a convolution, a box kernel at stride 2.
    halved = conv2d(gray[None, None], np.full((1, 1, 2, 2), 0.25), stride=2)
    return halved[0, 0]


def conv_image_kernels(lang):
    """A photo through blur, sharpen and edge kernels.

    Examples
    --------
    >>> fig = conv_image_kernels("en")
    >>> len(fig.axes)
    8
    """
    image = _grace_hopper()
    sobel_x = filter_image(image, image_kernel("sobel x"))
    sobel_y = filter_image(image, image_kernel("sobel y"))
    panels = [
        (image, text(lang, en="original", ko="원본"), "gray"),
        (filter_image(filter_image(image, image_kernel("box blur")),
                      image_kernel("box blur")),
         text(lang, en="box blur, twice", ko="상자 흐림, 두 번"), "gray"),
        (filter_image(image, image_kernel("gaussian blur")),
         text(lang, en="Gaussian blur", ko="가우시안 흐림"), "gray"),
        (filter_image(image, image_kernel("sharpen")),
         text(lang, en="sharpen", ko="선명화"), "gray"),
        (sobel_x, text(lang, en="Sobel x", ko="소벨 x"), "RdBu_r"),
        (sobel_y, text(lang, en="Sobel y", ko="소벨 y"), "RdBu_r"),
        (np.hypot(sobel_x, sobel_y),
         text(lang, en="edge strength", ko="경계의 세기"), "gray_r"),
        (filter_image(image, image_kernel("laplacian")),
         text(lang, en="Laplacian", ko="라플라시안"), "RdBu_r"),
    ]
    fig, axes = plt.subplots(2, 4, figsize=(8, 4.5), layout="constrained")
    for ax, (picture, title, cmap) in zip(axes.flat, panels):
        if cmap == "RdBu_r":  # signed responses: zero is white
            limit = np.percentile(np.abs(picture), 99.5)
            imshow_compact(ax, picture, cmap=cmap, vmin=-limit, vmax=limit)
        elif cmap == "gray_r":
            imshow_compact(ax, picture, cmap=cmap, vmin=0,
                           vmax=np.percentile(picture, 99.5))
        else:
            imshow_compact(ax, picture, cmap=cmap, vmin=0, vmax=1)
        ax.set_title(title)
        ax.axis("off")
    return fig


def conv_dimensions(lang):
    """A kernel in 1, 2 and 3 dimensions and the axes it slides along.

    Examples
    --------
    >>> fig = conv_dimensions("en")
    >>> len(fig.axes)
    3
    """
    fig = plt.figure(figsize=(8, 3.2), layout="constrained")
    one = fig.add_subplot(1, 3, 1)
    two = fig.add_subplot(1, 3, 2)
    three = fig.add_subplot(1, 3, 3, projection="3d")
    # 1-D: a row of samples, a window of 3
    _grid(one, 1, 12)
    one.add_patch(Rectangle((4, 0), 3, 1, facecolor="tab:orange", alpha=0.6))
    one.annotate("", (10.5, -0.6), (4.5, -0.6),
                 arrowprops=dict(arrowstyle="->", color="tab:orange", lw=1.5))
    one.set_xlim(-0.5, 12.5)
    one.set_ylim(6.5, -6.5)  # as tall as the other panels: titles in line
    _blank(one)
    one.set_title(text(lang, en="conv1d\nslides along L",
                       ko="conv1d\nL 방향으로 이동"))
    # 2-D: a plane, a 3x3 window
    _grid(two, 7, 7)
    two.add_patch(Rectangle((2, 1), 3, 3, facecolor="tab:orange", alpha=0.6))
    two.annotate("", (6.8, 2.5), (5.2, 2.5),
                 arrowprops=dict(arrowstyle="->", color="tab:orange", lw=1.5))
    two.annotate("", (3.5, 5.8), (3.5, 4.2),
                 arrowprops=dict(arrowstyle="->", color="tab:orange", lw=1.5))
    _blank(two)
    two.set_title(text(lang, en="conv2d\nslides along H and W",
                       ko="conv2d\nH, W 방향으로 이동"))
    # 3-D: a volume, a 3x3x3 window
    filled = np.zeros((6, 6, 6), bool)
    filled[1:4, 2:5, 1:4] = True
    three.voxels(np.ones((6, 6, 6), bool) & ~filled, facecolors=(0.8, 0.8, 0.8, 0.08),
                 edgecolors=(0.5, 0.5, 0.5, 0.25), linewidth=0.3)
    three.voxels(filled, facecolors=(1.0, 0.5, 0.05, 0.7), edgecolors="0.3",
                 linewidth=0.4)
    three.set_axis_off()
    three.set_box_aspect((1, 1, 1))
    three.view_init(elev=22, azim=-60)
    three.set_title(text(lang, en="conv3d\nslides along D, H and W",
                         ko="conv3d\nD, H, W 방향으로 이동"))
    return fig


STEPS_INPUT = np.array([[1, 2, 0, 1, 3],
                        [0, 1, 3, 2, 1],
                        [2, 1, 0, 0, 2],
                        [1, 3, 2, 1, 0],
                        [0, 2, 1, 3, 1]], dtype=float)
STEPS_KERNEL = np.array([[1, 0, -1],
                         [2, 0, -2],
                         [1, 0, -1]], dtype=float)


def conv_sliding_window_steps(lang):
    """Four steps of a 3x3 kernel sliding over a 5x5 input.

    Examples
    --------
    >>> fig = conv_sliding_window_steps("en")
    >>> len(fig.axes)
    4
    """
    out = conv2d(STEPS_INPUT[None, None], STEPS_KERNEL[None, None])[0, 0]
    fig, axes = plt.subplots(2, 2, figsize=(8, 5.2), layout="constrained")
    for step, ax in enumerate(axes.flat):
        i, j = divmod(step, 3)
        _grid(ax, 5, 5)
        ax.add_patch(Rectangle((j, i), 3, 3, facecolor="tab:orange",
                               alpha=0.35, edgecolor="tab:orange", lw=2))
        for (r, c), value in np.ndenumerate(STEPS_INPUT):
            ax.text(c + 0.5, r + 0.55, f"{value:.0f}", ha="center",
                    va="center", fontsize=12)
        for (p, q), weight in np.ndenumerate(STEPS_KERNEL):
            ax.text(j + q + 0.85, i + p + 0.2, f"{weight:+.0f}"
                    if weight else "0", ha="center", va="center",
                    fontsize=9, color="tab:red")
        # the output grid, right of the input
        _grid(ax, 3, 3, x0=6.5, y0=1)
        for k in range(step + 1):
            r, c = divmod(k, 3)
            face = "tab:orange" if k == step else "0.92"
            ax.add_patch(Rectangle((6.5 + c, 1 + r), 1, 1, facecolor=face,
                                   alpha=0.5 if k == step else 1.0))
            ax.text(6.5 + c + 0.5, 1 + r + 0.55, f"{out[r, c]:.0f}",
                    ha="center", va="center", fontsize=12)
        ax.annotate("", (6.4, 2.5), (5.1, 2.5),
                    arrowprops=dict(arrowstyle="->", color="0.4"))
        ax.set_xlim(-0.1, 9.6)
        ax.set_ylim(5.6, -0.9)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(text(lang, en=f"step {step + 1}: output ({i}, {j})",
                          ko=f"{step + 1}단계: 출력 ({i}, {j})"))
    return fig


def conv_padding_stride_dilation(lang):
    """Which input cells the first two outputs read, and the output size.

    Examples
    --------
    >>> fig = conv_padding_stride_dilation("ko")
    >>> len(fig.axes)
    4
    """
    settings = [
        (0, 1, 1, text(lang, en="plain", ko="기본")),
        (1, 1, 1, text(lang, en="padding 1", ko="패딩 1")),
        (0, 2, 1, text(lang, en="stride 2", ko="스트라이드 2")),
        (0, 1, 2, text(lang, en="dilation 2", ko="팽창 2")),
    ]
    size, k = 7, 3
    fig, axes = plt.subplots(2, 2, figsize=(6.2, 5.6), layout="constrained")
    for ax, (padding, stride, dilation, name) in zip(axes.flat, settings):
        full = size + 2 * padding
        offset = -padding  # input cell 0 sits at x = 0
        for r in range(full):
            for c in range(full):
                inside = padding <= r < padding + size and padding <= c < padding + size
                ax.add_patch(Rectangle((c + offset, r + offset), 1, 1,
                                       facecolor="white" if inside else "0.88",
                                       edgecolor="0.6", lw=0.7,
                                       hatch=None if inside else "//"))
        for j, color in ((0, "tab:blue"), (1, "tab:orange")):
            for p in range(k):
                for q in range(k):
                    r, c = dilation * p, j * stride + dilation * q
                    ax.add_patch(Rectangle((c + offset + 0.12 + 0.38 * j,
                                            r + offset + 0.12), 0.38, 0.76,
                                           facecolor=color, alpha=0.8, lw=0))
        out = conv_output_size(size, k, stride, padding, dilation)
        ax.set_xlim(-1.2, 8.2)
        ax.set_ylim(8.2, -1.2)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"{name}\n$I = {size},\\ O = {out}$")  # Hangul off the $ line
    blue = Rectangle((0, 0), 1, 1, facecolor="tab:blue")
    orange = Rectangle((0, 0), 1, 1, facecolor="tab:orange")
    padded = Rectangle((0, 0), 1, 1, facecolor="0.88", hatch="//", edgecolor="0.6")
    fig.legend([blue, orange, padded],
               [text(lang, en="read by output (0, 0)", ko="출력 (0, 0)이 읽는 칸"),
                text(lang, en="read by output (0, 1)", ko="출력 (0, 1)이 읽는 칸"),
                text(lang, en="zero padding", ko="0 패딩")],
               loc="outside lower center", ncols=3, frameon=False)
    return fig


def _slab(ax, x, y, side, color, edge="0.3", lw=0.8, depth=0.35):
    """A square slab in oblique projection, its depth going up and right."""
    dx, dy = depth, depth * 0.8
    faces = [
        [(x, y), (x + side, y), (x + side, y + side), (x, y + side)],
        [(x, y + side), (x + side, y + side), (x + side + dx, y + side + dy),
         (x + dx, y + side + dy)],
        [(x + side, y), (x + side + dx, y + dy), (x + side + dx, y + side + dy),
         (x + side, y + side)],
    ]
    for face, shade in zip(faces, (1.0, 0.85, 0.7)):
        rgb = np.array(to_rgb(color)) * shade
        ax.add_patch(Polygon(face, facecolor=rgb, edgecolor=edge, lw=lw))


def conv_channel_blocks(lang):
    """Tensors as blocks: C_in channels in, C_out kernels, C_out maps out.

    Each kernel has one slice per input channel (same colors); each kernel
    makes one output channel (same frame color).

    Examples
    --------
    >>> fig = conv_channel_blocks("en")
    >>> len(fig.axes)
    1
    """
    fig, ax = plt.subplots(figsize=(8, 3.4), layout="constrained")
    channels = ["#f4a6a6", "#a8dba8", "#a6c8f4"]  # red, green, blue
    kernels = ["tab:purple", "tab:orange", "tab:olive", "tab:cyan"]
    step = (0.75, 0.6)  # from one channel slice to the next, backwards
    for c in reversed(range(3)):  # back to front
        _slab(ax, step[0] * c, step[1] * c, 5.5, channels[c])
    for o, frame in enumerate(kernels):
        x0, y0 = 8.6 + 2.9 * (o % 2), 3.9 - 3.3 * (o // 2)
        for c in reversed(range(3)):
            _slab(ax, x0 + 0.45 * c, y0 + 0.36 * c, 1.7, channels[c],
                  edge=frame, lw=2)
    for o in reversed(range(4)):
        _slab(ax, 17.2 + step[0] * o, 0.8 + step[1] * o, 4.0, kernels[o],
              edge="0.3")
    # Hangul and mathtext on separate lines: mathtext has no Hangul glyphs.
    labels = [
        (3.5, text(lang, en="input", ko="입력"), r"$C_{in} \times H \times W$"),
        (11.8, text(lang, en="one kernel per output channel",
                    ko="출력 채널마다 커널 하나"),
         r"$C_{out} \times C_{in} \times K \times K$"),
        (20.3, text(lang, en="output", ko="출력"),
         r"$C_{out} \times H' \times W'$"),
    ]
    for x, words, shape in labels:
        ax.text(x, -1.5, words + "\n" + shape, ha="center", fontsize=11)
    for x in (7.2, 15.4):
        ax.annotate("", (x + 1.2, 3.2), (x, 3.2),
                    arrowprops=dict(arrowstyle="->", lw=1.5, color="0.3"))
    ax.set_xlim(-0.5, 23.5)
    ax.set_ylim(-2.0, 7.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def conv_gradient_check(lang):
    """Central differences against conv2d_backward as the step h shrinks.

    Examples
    --------
    >>> fig = conv_gradient_check("en")
    >>> len(fig.axes)
    1
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 8, 8))
    weight = rng.standard_normal((4, 3, 3, 3)) / 3

    def loss():  # a convolution, then tanh, then a sum
        return np.sum(np.tanh(conv2d(x, weight, stride=2)))

    grad_output = 1 - np.tanh(conv2d(x, weight, stride=2)) ** 2
    grad_x, grad_w, _ = conv2d_backward(grad_output, x, weight, stride=2)
    hs = np.logspace(0, -12, 49)
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    for array, grad, index, label, color in (
            (weight, grad_w, (1, 2, 0, 1), r"$\partial L / \partial w$",
             "tab:blue"),
            (x, grad_x, (0, 1, 4, 3), r"$\partial L / \partial x$",
             "tab:orange")):
        errors = []
        saved = array[index]
        for h in hs:
            array[index] = saved + h
            up = loss()
            array[index] = saved - h
            down = loss()
            array[index] = saved
            numeric = (up - down) / (2 * h)
            errors.append(abs(numeric - grad[index]) / abs(grad[index]))
        ax.loglog(hs, np.maximum(errors, 1e-17), "o-", ms=3, color=color,
                  label=label)
    ax.loglog(hs, hs**2, ":", color="0.4",
              label=text(lang, en="truncation ∝ h²", ko="절단 오차 ∝ h²"))
    ax.loglog(hs, 1e-15 / hs, "--", color="0.4",
              label=text(lang, en="rounding ∝ ε/h", ko="반올림 오차 ∝ ε/h"))
    ax.set_ylim(1e-13, 10)
    ax.invert_xaxis()
    ax.set_xlabel(text(lang, en="step h", ko="간격 h"))
    ax.set_ylabel(text(lang, en="relative error", ko="상대 오차"))
    ax.legend(loc="upper center", ncols=2)
    return fig
