"""Solutions to the exercises of the convolution chapter (docs/*/cnn/).

Each section is embedded in a folded solution on one of the chapter's pages
and its claims are tested in ``tests/test_exercises_cnn.py``, against
PyTorch where the claim is about parity.
"""

# --8<-- [start:imports]
import math

import numpy as np

from snippets.conv import conv1d, conv2d, conv_output_size

# --8<-- [end:imports]


# --8<-- [start:parameters]
def dense_parameters(c_in, c_out, height, width):
    """Weights and biases of a dense layer from a ``c_in x height x width``
    image to ``c_out`` maps of the same height and width.

    Examples
    --------
    >>> dense_parameters(1, 8, 28, 28)
    4923520
    """
    n, m = c_in * height * width, c_out * height * width
    return m * n + m


def local_parameters(c_in, c_out, height, width, kernel_size):
    """Locality without sharing: every output pixel has its own kernel.

    Examples
    --------
    >>> local_parameters(1, 8, 28, 28, 3)
    62720
    """
    return c_out * height * width * (c_in * kernel_size**2 + 1)


def conv_parameters(c_in, c_out, kernel_size, groups=1):
    """Weights and biases of a square-kernel convolution, as nn.Conv2d.

    Examples
    --------
    >>> conv_parameters(1, 8, 3)
    80
    >>> conv_parameters(32, 32, 3, groups=32)  # depthwise
    320
    """
    return c_out * (c_in // groups) * kernel_size**2 + c_out
# --8<-- [end:parameters]


# --8<-- [start:conv_matrix]
def conv_matrix(kernel, size, padding=0):
    """The matrix of a one-channel conv2d on ``size x size`` images.

    Column k is the output for the unit image that is 1 at pixel k.

    Examples
    --------
    >>> conv_matrix(np.ones((3, 3)), 4).shape
    (4, 16)
    """
    unit_images = np.eye(size * size).reshape(-1, 1, size, size)
    out = conv2d(unit_images, kernel[None, None], padding=padding)
    return out.reshape(size * size, -1).T
# --8<-- [end:conv_matrix]


# --8<-- [start:receptive_field]
def receptive_field(kernel_sizes, dilations=None):
    """Span of the input that one output of stacked stride-1 convolutions
    depends on, along one axis: ``1 + sum(D (K - 1))``.

    Examples
    --------
    >>> receptive_field([3, 3]), receptive_field([3, 3, 3], [1, 2, 4])
    (5, 15)
    """
    dilations = dilations or [1] * len(kernel_sizes)
    return 1 + sum(d * (k - 1) for k, d in zip(kernel_sizes, dilations))


def impulse_response(kernel_sizes, dilations=None, size=41):
    """Measure it: send one bright pixel through the stack, with kernels
    of ones, and return (span, count) of the middle row's response.

    An output is nonzero exactly when its window reaches the pixel, and
    the windows are symmetric, so span is the receptive field and count
    says how many of its pixels are actually read.

    Examples
    --------
    >>> impulse_response([3, 3])
    (5, 5)
    """
    dilations = dilations or [1] * len(kernel_sizes)
    x = np.zeros((1, 1, size, size))
    x[0, 0, size // 2, size // 2] = 1.0
    for k, d in zip(kernel_sizes, dilations):
        x = conv2d(x, np.ones((1, 1, k, k)), padding="same", dilation=d)
    seen = np.flatnonzero(x[0, 0, size // 2])
    return int(seen[-1] - seen[0] + 1), len(seen)
# --8<-- [end:receptive_field]


# --8<-- [start:shift]
def shift(images, rows, cols):
    """Move images down by ``rows`` and right by ``cols`` pixels; zeros
    come in at the top and left, the bottom and right fall off.

    Examples
    --------
    >>> shift(np.arange(1.0, 5.0).reshape(2, 2), 1, 0).tolist()
    [[0.0, 0.0], [1.0, 2.0]]
    """
    moved = np.zeros_like(images)
    height, width = images.shape[-2:]
    moved[..., rows:, cols:] = images[..., :height - rows, :width - cols]
    return moved
# --8<-- [end:shift]


# --8<-- [start:compose_kernels]
def compose_kernels(first, second):
    """The one kernel that does what filtering with ``first`` and then with
    ``second`` does (both cross-correlations): their full convolution.

    Examples
    --------
    >>> compose_kernels(np.ones((1, 2)), np.ones((1, 2))).tolist()
    [[1.0, 2.0, 1.0]]
    """
    rows, cols = second.shape[0] - 1, second.shape[1] - 1
    padded = np.pad(first, [(rows, rows), (cols, cols)])
    flipped = second[::-1, ::-1]
    return conv2d(padded[None, None], flipped[None, None])[0, 0]
# --8<-- [end:compose_kernels]


# --8<-- [start:full_height]
def full_height_conv(x, weight):
    """conv2d with a kernel as tall as the input, computed by conv1d: the
    rows become channels, and the kernel only slides along the width.

    Examples
    --------
    >>> x, w = np.ones((1, 2, 3, 5)), np.ones((4, 2, 3, 2))
    >>> full_height_conv(x, w).shape
    (1, 4, 4)
    """
    n, c, height, length = x.shape
    c_out, _, _, kw = weight.shape
    rows_as_channels = x.reshape(n, c * height, length)
    return conv1d(rows_as_channels, weight.reshape(c_out, c * height, kw))
# --8<-- [end:full_height]


# --8<-- [start:im2col_size]
def im2col_size(input_shape, kernel_size, stride=1, padding=0):
    """Numbers in im2col's columns: one per sample, channel, kernel tap
    and output position.

    Examples
    --------
    >>> im2col_size((1, 1, 5, 5), 3)  # 9 taps times 3 x 3 outputs
    81
    """
    n, c, *spatial = input_shape
    d = len(spatial)
    kernel = (kernel_size,) * d if np.ndim(kernel_size) == 0 else kernel_size
    out = conv_output_size(tuple(spatial), tuple(kernel), stride, padding)
    return n * c * math.prod(kernel) * math.prod(out)
# --8<-- [end:im2col_size]


# --8<-- [start:same_padding]
def same_by_hand(x, weight):
    """``padding="same"`` at stride 1, written out: K - 1 zeros per axis,
    the odd one after the image, as in PyTorch.

    Examples
    --------
    >>> same_by_hand(np.ones((1, 1, 6, 6)), np.ones((1, 1, 4, 4))).shape
    (1, 1, 6, 6)
    """
    kh, kw = weight.shape[-2:]
    pads = [(0, 0), (0, 0), ((kh - 1) // 2, kh // 2),
            ((kw - 1) // 2, kw // 2)]
    return conv2d(np.pad(x, pads), weight)
# --8<-- [end:same_padding]


# --8<-- [start:input_gradient]
def input_gradient(grad_output, weight, padding=0):
    """Gradient of a stride-1 conv2d with respect to its (unpadded) input.

    The full convolution of ``grad_output`` with the kernel pads by K - 1;
    the forward padding P removes P of those rows and columns again.

    Examples
    --------
    >>> g, w = np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3))
    >>> input_gradient(g, w)[0, 0, 0].tolist()
    [1.0, 2.0, 3.0, 3.0, 2.0, 1.0]
    """
    k = weight.shape[-1]
    flipped = weight[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
    return conv2d(grad_output, flipped, padding=k - 1 - padding)
# --8<-- [end:input_gradient]
