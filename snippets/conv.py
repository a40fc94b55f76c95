"""Convolution in 1, 2 and 3 dimensions, forward and backward, as torch.nn.functional."""

# --8<-- [start:imports]
import math
import numbers

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view


def _check(ok, message, error=ValueError):
    """Raise ``error(message)`` unless ``ok``: every check is one line."""
    if not ok:
        raise error(message)


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _one_of(name, value, choices):
    _check(value in choices, f"{name} must be one of "
           f"{', '.join(map(repr, choices))}, got {value!r}")


def _array(value, name, ndims, layout):
    """``value`` as an array of real numbers with one of ``ndims`` axes."""
    array = np.asarray(value)
    _check(array.dtype.kind in "biuf", f"{name} must hold real numbers, got "
           f"dtype {array.dtype}", TypeError)
    _check(array.ndim in ndims, f"{name} must be {layout}, got shape "
           f"{list(array.shape)}")
    return array


def _operands(input, weight, groups, d, ndims):
    """The input and weight of a conv{d}d, checked against each other and
    ``groups``, as arrays of one floating-point dtype."""
    layouts = {d + 1: f"{d + 1}-D (C_in, *size)",
               d + 2: f"{d + 2}-D (N, C_in, *size)"}
    input = _array(input, f"input to conv{d}d", ndims,
                   " or ".join(layouts[n] for n in ndims))
    weight = _array(weight, "weight", (d + 2,), f"{d + 2}-D (out_channels, "
                    "in_channels / groups, *kernel_size)")
    _check(_is_int(groups), f"groups must be an int, got {groups!r}",
           TypeError)
    _check(groups >= 1, f"groups must be >= 1, got {groups}")
    c_out, c_group, *kernel = weight.shape
    _check(c_out > 0 and c_out % groups == 0, f"weight must be divisible by "
           f"groups={groups} at dimension 0, got shape {list(weight.shape)}")
    _check(input.shape[-d - 1] == c_group * groups, f"input must have "
           f"{c_group * groups} channels for weight {list(weight.shape)} and "
           f"groups={groups}, got {input.shape[-d - 1]} channels")
    _check(min(kernel) >= 1, "weight must have a kernel size >= 1 along "
           f"every axis, got shape {list(weight.shape)}")
    dtype = np.result_type(input, weight, 1.0)  # floats keep their precision
    return input.astype(dtype, copy=False), weight.astype(dtype, copy=False)

# --8<-- [end:imports]


# --8<-- [start:signals]
def convolve(a, v, mode="full"):
    """Convolution of two 1-D signals, as ``numpy.convolve``.

    ``(a * v)[t] = sum_k a[k] v[t - k]``: ``v`` is flipped and slid along
    ``a``. ``mode`` keeps every overlap (``"full"``), the middle part as
    long as the longer signal (``"same"``), or only the positions where
    the signals overlap completely (``"valid"``).

    Examples
    --------
    >>> convolve([1.0, 2.0, 3.0], [0.0, 1.0, 0.5]).tolist()
    [0.0, 1.0, 2.5, 4.0, 1.5]
    """
    a, v = _signal(a, "a"), _signal(v, "v")
    _one_of("mode", mode, _MODES)
    full = [sum(a[k] * v[t - k] for k in range(len(a)) if 0 <= t - k < len(v))
            for t in range(len(a) + len(v) - 1)]  # (2)
    return _keep(np.array(full), len(a), len(v), mode)


def correlate(a, v, mode="valid"):
    """Cross-correlation of two 1-D signals, as ``numpy.correlate``.

    ``c[k] = sum_n a[n + k] v[n]``: ``v`` slides along ``a`` unflipped,
    which is what ``conv1d`` computes. Lags run from ``1 - len(v)`` to
    ``len(a) - 1``; ``mode`` keeps them as in ``convolve``.

    Examples
    --------
    >>> correlate([1.0, 2.0, 3.0], [0.0, 1.0, 0.5], mode="full").tolist()
    [0.5, 2.0, 3.5, 3.0, 0.0]
    """
    a, v = _signal(a, "a"), _signal(v, "v")
    _one_of("mode", mode, _MODES)
    if len(v) > len(a):  # numpy swaps the two; only "same" can tell
        return correlate(v, a, mode)[::-1]
    full = [sum(a[n + k] * v[n] for n in range(len(v)) if 0 <= n + k < len(a))
            for k in range(1 - len(v), len(a))]  # (3)
    return _keep(np.array(full), len(a), len(v), mode)


_MODES = ("valid", "same", "full")


def _signal(x, name):
    x = np.asarray(x, dtype=float)
    _check(x.ndim == 1 and x.size > 0, f"{name} must be a non-empty 1-D "
           f"array, got shape {x.shape}")
    return x


def _keep(full, n, m, mode):
    """The part of a full result that numpy returns for ``mode``."""
    start, size = {"full": (0, n + m - 1),
                   "same": ((min(n, m) - 1) // 2, max(n, m)),
                   "valid": (min(n, m) - 1, abs(n - m) + 1)}[mode]
    return full[start:start + size]
# --8<-- [end:signals]


# --8<-- [start:image_kernels]
def image_kernel(name):
    """A classic 3x3 image-processing kernel, as a new array.

    ``name`` is one of ``"identity"``, ``"box blur"``,
    ``"gaussian blur"``, ``"sharpen"``, ``"sobel x"``, ``"sobel y"``,
    ``"laplacian"``.

    Examples
    --------
    >>> image_kernel("sharpen")
    array([[ 0., -1.,  0.],
           [-1.,  5., -1.],
           [ 0., -1.,  0.]])
    """
    smooth, slope = np.array([1.0, 2.0, 1.0]), np.array([-1.0, 0.0, 1.0])
    identity = np.zeros((3, 3))
    identity[1, 1] = 1.0
    laplacian = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
    kernels = {
        "identity": identity,
        "box blur": np.full((3, 3), 1 / 9),
        "gaussian blur": np.outer(smooth, smooth) / 16,
        "sharpen": identity - laplacian,
        "sobel x": np.outer(smooth, slope),  # brightness rising to the right
        "sobel y": np.outer(slope, smooth),  # brightness rising downward
        "laplacian": laplacian,
    }
    _one_of("name", name, sorted(kernels))
    return kernels[name]


def filter_image(image, kernel):
    """Slide ``kernel`` over a grayscale ``image``; the output keeps its size.

    Each output pixel is the sum of the kernel times the pixels under it
    (a cross-correlation, like ``conv2d``); the border is extended by
    repeating the edge pixels.

    Examples
    --------
    >>> step = np.array([[0.0, 0.0, 1.0, 1.0]] * 3)
    >>> filter_image(step, image_kernel("sobel x"))[1].tolist()
    [0.0, 4.0, 4.0, 0.0]
    """
    image = _array(image, "image", (2,), "2-D").astype(float)
    kernel = _array(kernel, "kernel", (2,), "2-D").astype(float)
    _check(kernel.shape[0] % 2 and kernel.shape[1] % 2,
           f"kernel must have odd sides, got shape {kernel.shape}")
    rows, cols = kernel.shape[0] // 2, kernel.shape[1] // 2
    padded = np.pad(image, [(rows, rows), (cols, cols)], mode="edge")
    windows = sliding_window_view(padded, kernel.shape)  # (H, W, kH, kW)
    return np.einsum("ijkl,kl->ij", windows, kernel)
# --8<-- [end:image_kernels]


# --8<-- [start:conv2d_loops]
def conv2d_loops(input, weight, bias=None, stride=1, padding=0, dilation=1,
                 groups=1):
    """``conv2d`` computed one output number at a time (slow).

    The readable twin of ``conv2d``, for (N, C_in, H, W) input and
    int ``stride``, ``padding`` and ``dilation``:
    ``out[n, o, i, j] = bias[o] + sum(weight[o] * window)``, where the
    window is the patch of the input that output pixel (i, j) sees.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> conv2d_loops(x, np.ones((1, 1, 2, 2)), stride=2)[0, 0].tolist()
    [[10.0, 18.0], [42.0, 50.0]]
    """
    input, weight = _operands(input, weight, groups, d=2, ndims=(4,))
    x = np.pad(input, [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
    c_out, c_group, k_h, k_w = weight.shape  # c_group = C_in / groups
    out_h, out_w = ((size - dilation * (k - 1) - 1) // stride + 1  # (2)
                    for size, k in zip(x.shape[2:], (k_h, k_w)))
    out = np.zeros((len(x), c_out, out_h, out_w))
    for n, o, i, j in np.ndindex(out.shape):
        group = o // (c_out // groups)  # output channel o sees this group
        channels = slice(group * c_group, (group + 1) * c_group)
        rows = slice(i * stride, i * stride + dilation * (k_h - 1) + 1,
                     dilation)
        cols = slice(j * stride, j * stride + dilation * (k_w - 1) + 1,
                     dilation)
        window = x[n, channels, rows, cols]  # the shape of weight[o]
        out[n, o, i, j] = np.sum(weight[o] * window)  # (1), (3)
        if bias is not None:
            out[n, o, i, j] += bias[o]
    return out
# --8<-- [end:conv2d_loops]


# --8<-- [start:conv2d_backward_loops]
def conv2d_backward_loops(grad_output, input, weight, stride=1, padding=0,
                          dilation=1, groups=1):
    """``conv2d_backward`` by the chain rule, one output at a time (slow).

    Output ``out[n, o, i, j]`` got ``sum(weight[o] * window)``, so its
    gradient ``g`` flows back as ``g * window`` to ``weight[o]`` and as
    ``g * weight[o]`` to the window of the input.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> g = np.ones((1, 1, 2, 2))
    >>> gx, gw, gb = conv2d_backward_loops(g, x, np.ones((1, 1, 2, 2)))
    >>> gx[0, 0].tolist()
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    >>> gw[0, 0].tolist(), gb.tolist()
    ([[8.0, 12.0], [20.0, 24.0]], [4.0])
    """
    input, weight = _operands(input, weight, groups, d=2, ndims=(4,))
    grad_output = _array(grad_output, "grad_output", (4,),
                         "4-D (N, C_out, H_out, W_out)")
    x = np.pad(input, [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
    grad_x, grad_weight = np.zeros_like(x), np.zeros_like(weight)
    c_out, c_group, k_h, k_w = weight.shape
    for n, o, i, j in np.ndindex(grad_output.shape):
        group = o // (c_out // groups)
        channels = slice(group * c_group, (group + 1) * c_group)
        rows = slice(i * stride, i * stride + dilation * (k_h - 1) + 1,
                     dilation)
        cols = slice(j * stride, j * stride + dilation * (k_w - 1) + 1,
                     dilation)
        window = (n, channels, rows, cols)
        g = grad_output[n, o, i, j]
        grad_weight[o] += g * x[window]  # (3)
        grad_x[window] += g * weight[o]  # (4)
    height, width = input.shape[2:]
    grad_input = grad_x[:, :, padding:padding + height,
                        padding:padding + width]
    return grad_input, grad_weight, grad_output.sum(axis=(0, 2, 3))  # (2)
# --8<-- [end:conv2d_backward_loops]


# --8<-- [start:tuples]
def _ints(value, name, d, minimum):
    """``value`` as a d-tuple of ints >= ``minimum`` (an int is repeated)."""
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    if _is_int(value):
        value = (value,) * d
    _check(isinstance(value, (tuple, list)) and all(map(_is_int, value)),
           f"{name} must be an int or a tuple of {d} ints, got {value!r}",
           TypeError)
    _check(len(value) == d, f"{name} must be an int or a tuple of {d} ints "
           f"to match the convolution dimensions, got {name}={list(value)}")
    _check(min(value) >= minimum, f"{name} must be >= {minimum}, got "
           f"{name}={value}")
    return tuple(int(v) for v in value)


def _padding(padding, d, kernel, stride, dilation):
    """Padding as (before, after) per spatial axis, PyTorch's rules."""
    if not isinstance(padding, str):
        return [(p, p) for p in _ints(padding, "padding", d, minimum=0)]
    _check(padding in ("valid", "same"), "padding must be 'valid', 'same', "
           f"an int or a tuple of ints, got {padding!r}")
    _check(padding == "valid" or all(s == 1 for s in stride),
           f"padding='same' must have stride 1, got stride={stride}")
    if padding == "valid":
        return [(0, 0)] * d
    # D (K - 1) zeros in all; an odd one goes after, as in PyTorch.
    total = [dil * (k - 1) for k, dil in zip(kernel, dilation)]
    return [(t // 2, t - t // 2) for t in total]
# --8<-- [end:tuples]


# --8<-- [start:output_size]
def conv_output_size(input_size, kernel_size, stride=1, padding=0,
                     dilation=1):
    """Output length of a convolution along each spatial axis.

    ``O = floor((I + 2P - D (K - 1) - 1) / S) + 1``. Give ints for one axis
    or tuples for several (ints are repeated); ``padding`` may also be
    ``"valid"`` (no padding) or ``"same"`` (output as long as the input,
    stride 1 only).

    Examples
    --------
    >>> conv_output_size(224, 7, stride=2, padding=3)
    112
    >>> conv_output_size((7, 8), 3, stride=2)
    (3, 3)
    """
    sizes = (input_size, kernel_size, stride, padding, dilation)
    d = max(len(s) if isinstance(s, (tuple, list)) else 1 for s in sizes)
    in_size = _ints(input_size, "input_size", d, minimum=0)
    kernel = _ints(kernel_size, "kernel_size", d, minimum=1)
    stride = _ints(stride, "stride", d, minimum=1)
    dilation = _ints(dilation, "dilation", d, minimum=1)
    pads = _padding(padding, d, kernel, stride, dilation)
    out = []
    for i, k, s, (before, after), dil in zip(in_size, kernel, stride, pads,
                                             dilation):
        # I + 2P - D (K - 1) - 1 is the padded size minus the kernel's span
        padded, span = i + before + after, dil * (k - 1) + 1
        _check(padded >= span, f"Kernel size must fit in the padded input, "
               f"got kernel_size {k} with dilation {dil}, spanning {span}, "
               f"and padded input_size {padded}")
        out.append((padded - span) // s + 1)
    return tuple(out) if isinstance(input_size, (tuple, list)) else out[0]
# --8<-- [end:output_size]


# --8<-- [start:arguments]
def _conv_arguments(d, input, weight, bias, stride, padding, dilation,
                    groups):
    """Check convNd's arguments as PyTorch does; return them normalized.

    Returns ``(input, weight, bias, stride, pads, dilation, out_size,
    batched)`` with ``input`` batched and all three arrays of one float
    dtype.
    """
    input, weight = _operands(input, weight, groups, d, ndims=(d + 1, d + 2))
    batched = input.ndim == d + 2
    input = input if batched else input[None]
    c_out, kernel = len(weight), weight.shape[2:]
    if bias is not None:
        bias = _array(bias, "bias", (1,), "1-D").astype(weight.dtype,
                                                     copy=False)
        _check(len(bias) == c_out, f"bias must have {c_out} elements, one "
               f"per output channel, got {len(bias)}")
    stride = _ints(stride, "stride", d, minimum=1)
    dilation = _ints(dilation, "dilation", d, minimum=1)
    pads = _padding(padding, d, kernel, stride, dilation)
    padded = [size + before + after
              for size, (before, after) in zip(input.shape[2:], pads)]
    out_size = conv_output_size(padded, kernel, stride, 0, dilation)
    return input, weight, bias, stride, pads, dilation, out_size, batched
# --8<-- [end:arguments]


# --8<-- [start:im2col]
def _windows(x, kernel_size, stride, dilation):
    """Every window of x (N, C, *size): (N, C, *out_size, *kernel_size).

    A view, no copy: ``windows[n, c, *i, *t]`` is ``x[n, c, *(S i + D t)]``,
    the input value that kernel tap t meets when the kernel sits at output
    pixel i. In memory, a step along i skips S pixels, one along t D.
    """
    out_size = conv_output_size(x.shape[2:], kernel_size, stride, 0,
                                dilation)
    pixel = np.array(x.strides[2:])  # bytes from one pixel to the next
    return as_strided(x, (*x.shape[:2], *out_size, *kernel_size),
                      (*x.strides[:2], *(pixel * stride), *(pixel * dilation)),
                      writeable=False)


def _columns(windows, groups):
    """Copy the windows into matrices, (N, G, C/G * K, P): im2col.

    For each sample and group, a row per (channel, kernel tap) and a column
    per output pixel (K taps per kernel, P pixels per output map), so that
    one matrix product with the group's (C_out/G, C/G * K) weights gives
    the group's output channels.
    """
    n, c = windows.shape[:2]
    d = (windows.ndim - 2) // 2
    grouped = windows.reshape(n, groups, c // groups, *windows.shape[2:])
    out_axes, tap_axes = range(3, 3 + d), range(3 + d, 3 + 2 * d)
    # (N, G, C/G, *out, *taps) -> (N, G, C/G, *taps, *out)
    grouped = grouped.transpose(0, 1, 2, *tap_axes, *out_axes)
    return grouped.reshape(n, groups, -1, math.prod(windows.shape[2:2 + d]))


def _blocks(n, per_sample):
    """Slices of the batch whose columns stay small enough for the cache."""
    size = max(1, _BLOCK // max(1, per_sample))
    return [slice(start, start + size) for start in range(0, n, size)]


_BLOCK = 2**20  # numbers per block of columns: 4 MB in float32


def _conv_forward(x, weight, bias, stride, dilation, groups):
    """Convolve a padded x (N, C, *size): a matrix product per group."""
    n, d = len(x), x.ndim - 2
    c_out, kernel = weight.shape[0], weight.shape[2:]
    windows = _windows(x, kernel, stride, dilation)
    out_size = windows.shape[2:2 + d]
    w = weight.reshape(groups, c_out // groups, -1)  # (G, O/G, C/G * K)
    out = np.empty((n, groups, c_out // groups, math.prod(out_size)),
                   dtype=x.dtype)
    per_sample = math.prod(windows.shape[1:])  # one sample's columns
    for batch in _blocks(n, per_sample):  # a few samples at a time
        # the sum over channels and taps of (1), for every output pixel
        np.matmul(w, _columns(windows[batch], groups), out=out[batch])  # (1)
    out = out.reshape(n, c_out, *out_size)
    if bias is not None:
        out += bias.reshape(c_out, *[1] * d)
    return out
# --8<-- [end:im2col]


# --8<-- [start:backward]
def _conv_backward(grad_output, x, weight, stride, pads, dilation, groups):
    """Gradients of the convolution of x, an input padded by ``pads``.

    Returns ``(grad_input, grad_weight, grad_bias)``, with ``grad_input``
    for the input before padding.
    """
    n, d = len(x), x.ndim - 2
    c_out, kernel = weight.shape[0], weight.shape[2:]
    windows = _windows(x, kernel, stride, dilation)
    pixels = math.prod(grad_output.shape[2:])
    g = grad_output.reshape(n, groups, c_out // groups, pixels)
    # dL/dw: the forward product out = w @ columns, transposed
    grad_w = np.zeros((groups, weight[0].size, c_out // groups), x.dtype)
    for batch in _blocks(n, math.prod(windows.shape[1:])):
        columns = _columns(windows[batch], groups)  # (N, G, C/G * K, P)
        grad_w += (columns @ g[batch].swapaxes(-1, -2)).sum(axis=0)  # (3)
    grad_weight = grad_w.swapaxes(1, 2).reshape(weight.shape)
    if all(s == 1 for s in stride):
        grad_input = _grad_input_by_convolution(grad_output, weight, pads,
                                                dilation, groups)
    else:
        grad_input = _grad_input_by_col2im(grad_output, x, weight, pads,
                                           stride, dilation, groups)
    grad_bias = grad_output.sum(axis=(0, *range(2, 2 + d)))  # (2)
    return grad_input, grad_weight, grad_bias


def _grad_input_by_convolution(grad_output, weight, pads, dilation, groups):
    """dL/dx for stride 1: grad_output convolved with the flipped kernel.

    Input pixel x[c, i] met tap t of kernel o at output pixel i - t, so
    its gradient is sum_o sum_t w[o, c, t] g[o, i - t]: a convolution of
    g with w's taps reversed and its in and out channels swapped, over g
    padded with zeros wherever i - t falls outside the output.
    """
    c_out, c_group, *kernel = weight.shape
    d = len(kernel)
    swapped = weight.reshape(groups, c_out // groups, c_group, *kernel)
    swapped = swapped.swapaxes(1, 2).reshape(groups * c_group,
                                             c_out // groups, *kernel)
    flipped = np.flip(swapped, axis=tuple(range(2, 2 + d)))
    # "Full": D (K - 1) zeros around g, so every tap meets every pixel.
    g = np.pad(grad_output, [(0, 0), (0, 0)]
               + [(dil * (k - 1),) * 2 for k, dil in zip(kernel, dilation)])
    grad_x = _conv_forward(g, flipped, None, (1,) * d, dilation, groups)  # (5)
    crop = [slice(before, size - after)  # the padding needs no gradient
            for (before, after), size in zip(pads, grad_x.shape[2:])]
    return grad_x[(slice(None), slice(None), *crop)]


def _grad_input_by_col2im(grad_output, x, weight, pads, stride, dilation,
                          groups):
    """dL/dx for any stride: each window's gradient added back (col2im).

    Column (sample, group, row for channel c and tap t, pixel i) of
    ``w.T @ g`` is the gradient of the input value that was copied there,
    x[c, s i + D t]; the pixels of every tap are added back in place.
    """
    n, c = x.shape[:2]
    c_out, kernel = weight.shape[0], weight.shape[2:]
    out_size = grad_output.shape[2:]
    w = weight.reshape(groups, c_out // groups, -1)  # (G, O/G, C/G * K)
    pixels = math.prod(out_size)
    g = grad_output.reshape(n, *w.shape[:2], pixels)  # (N, G, O/G, P)
    grad_x = np.zeros_like(x)
    for batch in _blocks(n, c * math.prod(kernel) * pixels):
        grad_columns = w.swapaxes(1, 2) @ g[batch]  # (N, G, C/G * K, P)
        grad_columns = grad_columns.reshape(-1, c, *kernel, *out_size)
        for tap in np.ndindex(*kernel):
            met = [slice(t * dil, t * dil + s * (o - 1) + 1, s)  # pixels tap met
                   for t, dil, s, o in zip(tap, dilation, stride, out_size)]
            grad_x[(batch, slice(None), *met)] += grad_columns[  # (4)
                (slice(None), slice(None), *tap)]
    crop = [slice(before, size - after)
            for (before, after), size in zip(pads, x.shape[2:])]
    return grad_x[(slice(None), slice(None), *crop)]
# --8<-- [end:backward]


# --8<-- [start:api]
def _conv(d, input, weight, bias, stride, padding, dilation, groups):
    """convNd: check, pad, convolve, and unbatch if the input was."""
    input, weight, bias, stride, pads, dilation, _, batched = (
        _conv_arguments(d, input, weight, bias, stride, padding, dilation,
                        groups))
    x = np.pad(input, [(0, 0), (0, 0), *pads])
    out = _conv_forward(x, weight, bias, stride, dilation, groups)
    return out if batched else out[0]


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1,
           groups=1):
    """1-D convolution over (N, C_in, L), as ``torch.nn.functional.conv1d``.

    ``weight`` is (C_out, C_in / groups, K); like PyTorch it computes a
    cross-correlation. Unbatched (C_in, L) input gives unbatched output.

    Examples
    --------
    >>> conv1d(np.array([[[1.0, 2.0, 3.0, 4.0]]]), np.array([[[1.0, -1.0]]]))
    array([[[-1., -1., -1.]]])
    """
    return _conv(1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1,
           groups=1):
    """2-D convolution over (N, C_in, H, W), as ``torch.nn.functional.conv2d``.

    ``weight`` is (C_out, C_in / groups, kH, kW); ``stride``, ``padding``
    and ``dilation`` are ints or pairs, ``padding`` also ``"valid"`` or
    ``"same"``. The output is (N, C_out, H_out, W_out).

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> conv2d(x, np.ones((1, 1, 2, 2)), stride=2)[0, 0]
    array([[10., 18.],
           [42., 50.]])
    """
    return _conv(2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1,
           groups=1):
    """3-D convolution, as ``torch.nn.functional.conv3d``.

    ``input`` is (N, C_in, D, H, W), ``weight`` (C_out, C_in / groups, kD,
    kH, kW); D is depth, e.g. the frames of a video.

    Examples
    --------
    >>> x = np.ones((1, 2, 3, 4, 5))
    >>> conv3d(x, np.ones((6, 2, 2, 2, 2)), padding="same").shape
    (1, 6, 3, 4, 5)
    """
    return _conv(3, input, weight, bias, stride, padding, dilation, groups)
# --8<-- [end:api]


# --8<-- [start:api_backward]
def _conv_grad(d, grad_output, input, weight, stride, padding, dilation,
               groups):
    """convNd_backward: check (grad_output too), pad, differentiate."""
    input, weight, _, stride, pads, dilation, out_size, batched = (
        _conv_arguments(d, input, weight, None, stride, padding, dilation,
                        groups))
    shape = (len(input), len(weight), *out_size)[0 if batched else 1:]
    grad_output = _array(grad_output, "grad_output", (len(shape),),
                         f"{len(shape)}-D")
    _check(grad_output.shape == shape, "grad_output must have the output's "
           f"shape {list(shape)}, got {list(grad_output.shape)}")
    grad_output = grad_output.astype(input.dtype, copy=False)
    grad_output = grad_output if batched else grad_output[None]
    x = np.pad(input, [(0, 0), (0, 0), *pads])
    grad_input, grad_weight, grad_bias = _conv_backward(
        grad_output, x, weight, stride, pads, dilation, groups)
    return (grad_input if batched else grad_input[0]), grad_weight, grad_bias


def conv1d_backward(grad_output, input, weight, stride=1, padding=0,
                    dilation=1, groups=1):
    """Gradients of ``conv1d``: ``(grad_input, grad_weight, grad_bias)``.

    ``grad_output`` is the gradient of the loss with respect to the
    output of ``conv1d(input, weight, ...)`` with the same arguments.

    Examples
    --------
    >>> x, w = np.array([[[1.0, 2.0, 3.0]]]), np.array([[[1.0, -1.0]]])
    >>> gx, gw, gb = conv1d_backward(np.ones((1, 1, 2)), x, w)
    >>> gx.tolist(), gw.tolist(), gb.tolist()
    ([[[1.0, 0.0, -1.0]]], [[[3.0, 5.0]]], [2.0])
    """
    return _conv_grad(1, grad_output, input, weight, stride, padding,
                      dilation, groups)


def conv2d_backward(grad_output, input, weight, stride=1, padding=0,
                    dilation=1, groups=1):
    """Gradients of ``conv2d``: ``(grad_input, grad_weight, grad_bias)``.

    ``grad_input`` has the shape of ``input``, ``grad_weight`` that of
    ``weight``, and ``grad_bias`` one value per output channel, returned
    whether or not the forward pass had a bias.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> gx, gw, gb = conv2d_backward(np.ones((1, 1, 2, 2)), x,
    ...                              np.ones((1, 1, 2, 2)))
    >>> gw[0, 0].tolist(), gb.tolist()
    ([[8.0, 12.0], [20.0, 24.0]], [4.0])
    """
    return _conv_grad(2, grad_output, input, weight, stride, padding,
                      dilation, groups)


def conv3d_backward(grad_output, input, weight, stride=1, padding=0,
                    dilation=1, groups=1):
    """Gradients of ``conv3d``: ``(grad_input, grad_weight, grad_bias)``.

    Examples
    --------
    >>> x, w = np.ones((1, 1, 3, 3, 3)), np.ones((2, 1, 2, 2, 2))
    >>> gx, gw, gb = conv3d_backward(np.ones((1, 2, 2, 2, 2)), x, w)
    >>> int(gx[0, 0, 1, 1, 1]), gw.shape, gb.tolist()
    (16, (2, 1, 2, 2, 2), [8.0, 8.0])
    """
    return _conv_grad(3, grad_output, input, weight, stride, padding,
                      dilation, groups)
# --8<-- [end:api_backward]
