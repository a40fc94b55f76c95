"""snippets.conv against torch.nn.functional, autograd, numpy and derivations."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from parity import random_case, torch_forward_and_grads
from snippets.conv import (_windows, conv1d, conv1d_backward, conv2d, conv2d_backward,
                           conv2d_backward_loops, conv2d_loops, conv3d,
                           conv3d_backward, conv_output_size, convolve,
                           correlate, filter_image, image_kernel)

FORWARD = {1: conv1d, 2: conv2d, 3: conv3d}
BACKWARD = {1: conv1d_backward, 2: conv2d_backward, 3: conv3d_backward}
TORCH = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TIGHT = dict(rtol=1e-11, atol=1e-12)

CASES = [(d, seed) for d in (1, 2, 3) for seed in range(40 if d < 3 else 25)]


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("d,seed", CASES)
def test_forward_and_backward_match_pytorch(d, seed):
    rng = np.random.default_rng(seed)
    x, weight, bias, args = random_case(rng, d)
    out = FORWARD[d](x, weight, bias, **args)
    grad_output = rng.standard_normal(out.shape)
    gx_t, gw_t, out_t, gb_t = torch_forward_and_grads(d, x, weight, bias, args, grad_output)
    assert out.shape == out_t.shape
    np.testing.assert_allclose(out, out_t, **TIGHT)
    gx, gw, gb = BACKWARD[d](grad_output, x, weight, **args)
    np.testing.assert_allclose(gx, gx_t, **TIGHT)
    np.testing.assert_allclose(gw, gw_t, **TIGHT)
    # grad_bias is the bias gradient whether or not the forward pass had one.
    np.testing.assert_allclose(gb, grad_output.sum(axis=(0, *range(2, 2 + d))), **TIGHT)
    if gb_t is not None:
        np.testing.assert_allclose(gb, gb_t, **TIGHT)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_unbatched_input_gives_unbatched_output(d):
    rng = np.random.default_rng(d)
    x = rng.standard_normal((4, *[6] * d))
    weight = rng.standard_normal((6, 2, *[3] * d))
    args = dict(stride=2, padding=1, groups=2)
    out = FORWARD[d](x, weight, **args)
    np.testing.assert_allclose(out, TORCH[d](torch.tensor(x), torch.tensor(weight), **args).numpy(), **TIGHT)
    grad_output = rng.standard_normal(out.shape)
    gx, gw, gb = BACKWARD[d](grad_output, x, weight, **args)
    bx, bw, bb = BACKWARD[d](grad_output[None], x[None], weight, **args)
    assert gx.shape == x.shape
    np.testing.assert_allclose(gx, bx[0], **TIGHT)
    np.testing.assert_allclose(gw, bw, **TIGHT)


@pytest.mark.parametrize("stride", [1, 2])
def test_an_empty_batch_gives_empty_outputs_and_zero_weight_gradients(stride):
    x, weight = np.ones((0, 4, 6, 6)), np.ones((6, 2, 3, 3))
    expected = F.conv2d(torch.tensor(x), torch.tensor(weight), stride=stride, groups=2)
    out = conv2d(x, weight, stride=stride, groups=2)
    assert out.shape == tuple(expected.shape)
    gx, gw, gb = conv2d_backward(np.ones(out.shape), x, weight, stride=stride, groups=2)
    assert gx.shape == x.shape and gw.shape == weight.shape
    assert not gw.any() and not gb.any()


@pytest.mark.parametrize("stride,size", [(3, 8), (4, 9), ((3, 2), (7, 6))])
def test_pixels_no_window_reads_get_zero_gradient(stride, size):
    # A 1x1 kernel with stride 3 reads every third pixel: the others, and
    # the rows and columns past the last window, get no gradient at all.
    rng = np.random.default_rng(0)
    size = (size, size) if isinstance(size, int) else size
    x = rng.standard_normal((2, 3, *size))
    weight = rng.standard_normal((4, 3, 1, 2))
    out = conv2d(x, weight, stride=stride)
    grad_output = rng.standard_normal(out.shape)
    gx_t, gw_t, _, _ = torch_forward_and_grads(2, x, weight, None, dict(stride=stride), grad_output)
    gx, gw, _ = conv2d_backward(grad_output, x, weight, stride=stride)
    np.testing.assert_allclose(gx, gx_t, **TIGHT)
    np.testing.assert_allclose(gw, gw_t, **TIGHT)
    assert (gx == 0).any() and (gx != 0).any()


@pytest.mark.parametrize("seed", range(12))
def test_loop_versions_equal_the_fast_ones(seed):
    rng = np.random.default_rng(100 + seed)
    groups = int(rng.choice([1, 2]))
    stride, padding, dilation = (int(v) for v in rng.integers([1, 0, 1], [4, 3, 3]))
    x = rng.standard_normal((2, 2 * groups, 7, 8))
    weight = rng.standard_normal((2 * groups, 2, *rng.integers(1, 4, size=2)))
    bias = rng.standard_normal(2 * groups)
    args = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    out = conv2d_loops(x, weight, bias, **args)
    np.testing.assert_allclose(out, conv2d(x, weight, bias, **args), **TIGHT)
    grad_output = rng.standard_normal(out.shape)
    for slow, fast in zip(conv2d_backward_loops(grad_output, x, weight, **args),
                          conv2d_backward(grad_output, x, weight, **args)):
        np.testing.assert_allclose(slow, fast, **TIGHT)


def zero_stuffed(g, stride):
    """g with stride - 1 zeros between neighbours along each spatial axis."""
    out = np.zeros((*g.shape[:2], *[s * (n - 1) + 1 for s, n in zip(stride, g.shape[2:])]))
    out[(slice(None), slice(None), *[slice(None, None, s) for s in stride])] = g
    return out


@pytest.mark.parametrize("stride,padding,dilation", [(1, 0, 1), (1, 1, 2), (2, 0, 1), (2, 1, 1), (3, 2, 2)])
def test_input_gradient_is_a_full_convolution_with_the_flipped_kernel(stride, padding, dilation):
    # dL/dx = conv2d(g spread out by the stride, w flipped with in/out
    # channels swapped, padding D (K - 1)), the "transposed convolution".
    rng = np.random.default_rng(stride * 10 + padding)
    x = rng.standard_normal((2, 3, 11, 10))
    weight = rng.standard_normal((4, 3, 3, 2))
    out = conv2d(x, weight, stride=stride, padding=padding, dilation=dilation)
    g = rng.standard_normal(out.shape)
    grad_input, _, _ = conv2d_backward(g, x, weight, stride=stride, padding=padding, dilation=dilation)
    flipped = weight[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
    full = [dilation * (k - 1) for k in weight.shape[2:]]
    by_convolution = conv2d(zero_stuffed(g, (stride, stride)), flipped, padding=tuple(full), dilation=dilation)
    # That is the gradient of the padded input as far as the last window
    # reached; strip the padding and add zeros for pixels never read.
    expected = np.zeros((2, 3, 11 + 2 * padding, 10 + 2 * padding))
    expected[:, :, :by_convolution.shape[2], :by_convolution.shape[3]] = by_convolution
    expected = expected[:, :, padding:padding + 11, padding:padding + 10]
    np.testing.assert_allclose(grad_input, expected, **TIGHT)


@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1), (3, 0)])
def test_weight_gradient_is_a_convolution_of_input_and_output_gradient(stride, padding):
    # dL/dw[o, c] = sum_n x[n, c] (correlated with) g[n, o], dilated by the stride.
    rng = np.random.default_rng(stride)
    x = rng.standard_normal((3, 2, 9, 8))
    weight = rng.standard_normal((4, 2, 3, 3))
    out = conv2d(x, weight, stride=stride, padding=padding)
    g = rng.standard_normal(out.shape)
    _, grad_weight, _ = conv2d_backward(g, x, weight, stride=stride, padding=padding)
    x_padded = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    # Channels play the batch, the batch plays the channels.
    by_convolution = conv2d(x_padded.transpose(1, 0, 2, 3), g.transpose(1, 0, 2, 3), dilation=stride)
    np.testing.assert_allclose(grad_weight, by_convolution[:, :, :3, :3].transpose(1, 0, 2, 3), **TIGHT)


def numeric_gradient(f, array, index, h=1e-6):
    saved = array[index]
    array[index] = saved + h
    up = f()
    array[index] = saved - h
    down = f()
    array[index] = saved
    return (up - down) / (2 * h)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_finite_differences_agree_with_the_gradients(d):
    rng = np.random.default_rng(7 + d)
    x = rng.standard_normal((2, 4, *[5] * d))
    weight = rng.standard_normal((6, 2, *[3] * d))
    bias = rng.standard_normal(6)
    args = dict(stride=2, padding=1, dilation=1, groups=2)
    r = rng.standard_normal(FORWARD[d](x, weight, bias, **args).shape)

    def loss():  # L = sum(r * out), so dL/dout = r
        return np.sum(r * FORWARD[d](x, weight, bias, **args))

    gx, gw, gb = BACKWARD[d](r, x, weight, **args)
    for array, grad in ((x, gx), (weight, gw), (bias, gb)):
        for flat in rng.choice(array.size, size=6, replace=False):
            index = np.unravel_index(flat, array.shape)
            assert numeric_gradient(loss, array, index) == pytest.approx(grad[index], rel=1e-6, abs=1e-8)


def test_conv2d_loops_gradient_check():
    rng = np.random.default_rng(3)
    x, weight = rng.standard_normal((1, 2, 5, 6)), rng.standard_normal((3, 2, 2, 3))
    r = rng.standard_normal(conv2d_loops(x, weight, stride=2, dilation=2).shape)
    gx, gw, _ = conv2d_backward_loops(r, x, weight, stride=2, dilation=2)
    for array, grad in ((x, gx), (weight, gw)):
        for index in itertools.islice(np.ndindex(array.shape), 0, None, 5):
            numeric = numeric_gradient(lambda: np.sum(r * conv2d_loops(x, weight, stride=2, dilation=2)), array, index)
            assert numeric == pytest.approx(grad[index], rel=1e-6, abs=1e-8)


def test_windows_are_a_read_only_view_of_the_input():
    # windows[n, c, i, j, p, q] = x[n, c, S i + D p, S j + D q], equation (1)
    # of the 2-D page, with the output size from conv_output_size.
    x = np.random.default_rng(0).standard_normal((2, 3, 9, 8))
    windows = _windows(x, (3, 2), (2, 3), (2, 1))
    out_size = conv_output_size((9, 8), (3, 2), (2, 3), 0, (2, 1))
    assert windows.shape == (2, 3, *out_size, 3, 2)
    assert np.shares_memory(windows, x) and not windows.flags.writeable
    for n, c, i, j, p, q in np.ndindex(windows.shape):
        assert windows[n, c, i, j, p, q] == x[n, c, 2 * i + 2 * p, 3 * j + q]


# conv_output_size ---------------------------------------------------------


def test_output_size_matches_the_shapes_pytorch_produces():
    checked = 0
    for size, k, s, p, dil in itertools.product(range(1, 11), range(1, 5), range(1, 4), range(3), range(1, 3)):
        x, weight = torch.zeros(1, 1, size), torch.zeros(1, 1, k)
        try:
            expected = F.conv1d(x, weight, stride=s, padding=p, dilation=dil).shape[-1]
        except RuntimeError:
            with pytest.raises(ValueError, match="kernel_size"):
                conv_output_size(size, k, s, p, dil)
            continue
        assert conv_output_size(size, k, s, p, dil) == expected
        checked += 1
    assert checked > 500


def test_output_size_in_several_dimensions_and_string_padding():
    assert conv_output_size((7, 8, 9), (3, 3, 2), stride=(1, 2, 3), padding=1) == (7, 4, 4)
    assert conv_output_size((10, 11), 4, padding="same", dilation=2) == (10, 11)
    assert conv_output_size(10, 4, padding="valid") == 7
    with pytest.raises(ValueError, match="stride"):
        conv_output_size(10, 3, stride=2, padding="same")


def test_several_input_sizes_give_one_output_size_when_strided():
    # floor() in the formula: sizes 7 and 8 both give 3 with a 3-kernel at stride 2.
    assert conv_output_size(7, 3, stride=2) == conv_output_size(8, 3, stride=2) == 3
    assert conv_output_size(9, 3, stride=2) == 4


# properties ---------------------------------------------------------------


generators = st.integers(0, 2**32 - 1).map(np.random.default_rng)


@settings(max_examples=40, deadline=None)
@given(rng=generators, a=st.floats(-3, 3), b=st.floats(-3, 3), stride=st.integers(1, 3), padding=st.integers(0, 2))
def test_convolution_is_linear_in_input_and_in_weight(rng, a, b, stride, padding):
    x, y = rng.standard_normal((2, 2, 2, 7, 6))
    w, v = rng.standard_normal((2, 3, 2, 3, 2))
    conv = lambda inp, wt: conv2d(inp, wt, stride=stride, padding=padding)  # noqa: E731
    np.testing.assert_allclose(conv(a * x + b * y, w), a * conv(x, w) + b * conv(y, w), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(conv(x, a * w + b * v), a * conv(x, w) + b * conv(x, v), rtol=1e-10, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(rng=generators, dy=st.integers(0, 3), dx=st.integers(0, 3), stride=st.integers(1, 2), d=st.sampled_from([1, 2, 3]))
def test_shifting_the_input_shifts_the_output(rng, dy, dx, stride, d):
    # Away from the borders, conv(shift(x)) = shift(conv(x)); with stride s
    # the input moves by s times the shift the output makes.
    shift = [dy * stride, dx * stride, dy * stride][:d]
    size = [9 + stride * 3] * d
    x = rng.standard_normal((1, 2, *size))
    weight = rng.standard_normal((3, 2, *[3] * d))
    moved = np.zeros_like(x)
    moved[(0, slice(None), *[slice(s, None) for s in shift])] = x[(0, slice(None), *[slice(0, n - s) for n, s in zip(size, shift)])]
    out, out_moved = FORWARD[d](x, weight, stride=stride), FORWARD[d](moved, weight, stride=stride)
    steps = [s // stride for s in shift]
    inner_moved = out_moved[(0, slice(None), *[slice(t, None) for t in steps])]
    inner = out[(0, slice(None), *[slice(0, n - t) for n, t in zip(out.shape[2:], steps)])]
    np.testing.assert_allclose(inner_moved, inner, rtol=1e-12, atol=1e-12)


# 1-D signals --------------------------------------------------------------


@pytest.mark.parametrize("n,m", [(1, 1), (5, 3), (3, 5), (6, 6), (7, 2), (2, 7), (8, 4)])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_and_correlate_equal_numpy(n, m, mode):
    rng = np.random.default_rng(n * 10 + m)
    a, v = rng.standard_normal(n), rng.standard_normal(m)
    np.testing.assert_allclose(convolve(a, v, mode), np.convolve(a, v, mode), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(correlate(a, v, mode), np.correlate(a, v, mode), rtol=1e-12, atol=1e-14)


def test_convolution_flips_the_kernel_and_correlation_does_not():
    rng = np.random.default_rng(0)
    a, v = rng.standard_normal(9), rng.standard_normal(4)
    np.testing.assert_allclose(convolve(a, v, "valid"), correlate(a, v[::-1], "valid"), rtol=1e-12)
    np.testing.assert_allclose(convolve(a, v), convolve(v, a), rtol=1e-12)  # commutative
    # conv1d is the cross-correlation; the flipped kernel gives a convolution.
    assert correlate(a, v).tolist() == pytest.approx(conv1d(a[None, None], v[None, None])[0, 0].tolist())
    full = conv1d(a[None, None], v[None, None, ::-1], padding=len(v) - 1)[0, 0]
    np.testing.assert_allclose(full, np.convolve(a, v), rtol=1e-12)


def test_convolving_with_a_shifted_impulse_shifts_the_signal():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    assert convolve(a, [0.0, 0.0, 1.0]).tolist() == [0.0, 0.0, 1.0, 2.0, 3.0, 4.0]


# image kernels -------------------------------------------------------------


@pytest.mark.parametrize("name", ["identity", "box blur", "gaussian blur", "sharpen", "sobel x", "sobel y", "laplacian"])
def test_filter_image_equals_pytorch_with_replicate_padding(name):
    image = np.random.default_rng(1).random((12, 9))
    kernel = image_kernel(name)
    padded = F.pad(torch.tensor(image)[None, None], (1, 1, 1, 1), mode="replicate")
    expected = F.conv2d(padded, torch.tensor(kernel)[None, None])[0, 0].numpy()
    np.testing.assert_allclose(filter_image(image, kernel), expected, rtol=1e-12, atol=1e-14)


def test_image_kernels_do_what_their_names_say():
    y, x = np.mgrid[0:8, 0:10].astype(float)
    flat = np.full((8, 10), 0.7)
    for name in ("identity", "box blur", "gaussian blur", "sharpen"):
        np.testing.assert_allclose(filter_image(flat, image_kernel(name)), flat)  # sum to 1
    for name in ("sobel x", "sobel y", "laplacian"):
        np.testing.assert_allclose(filter_image(flat, image_kernel(name)), 0, atol=1e-15)  # sum to 0
    inner = (slice(1, -1), slice(1, -1))
    # A ramp of slope 1: Sobel weighs the difference over 2 pixels with 1 + 2 + 1.
    np.testing.assert_allclose(filter_image(3 * x, image_kernel("sobel x"))[inner], 3 * 8)
    np.testing.assert_allclose(filter_image(3 * x, image_kernel("sobel y"))[inner], 0)
    # The discrete Laplacian of x^2 + y^2 is 2 + 2.
    np.testing.assert_allclose(filter_image(x**2 + y**2, image_kernel("laplacian"))[inner], 4)
    np.testing.assert_array_equal(filter_image(x * y, image_kernel("identity")), x * y)


def test_image_kernel_returns_a_fresh_array():
    image_kernel("identity")[1, 1] = 5.0
    assert image_kernel("identity")[1, 1] == 1.0


# dtypes --------------------------------------------------------------------


def test_float32_stays_float32_and_integers_become_float64():
    x = np.ones((1, 2, 5, 5), dtype=np.float32)
    w = np.ones((3, 2, 3, 3), dtype=np.float32)
    assert conv2d(x, w).dtype == np.float32
    assert all(g.dtype == np.float32 for g in conv2d_backward(np.ones((1, 3, 3, 3), np.float32), x, w))
    out = conv2d(np.ones((1, 2, 5, 5), dtype=int), np.ones((3, 2, 3, 3), dtype=int))
    assert out.dtype == np.float64 and out[0, 0, 0, 0] == 18.0


# bad input -----------------------------------------------------------------


X, W = np.ones((2, 4, 6, 6)), np.ones((6, 2, 3, 3))


@pytest.mark.parametrize("kwargs,error,match", [
    (dict(input=np.ones((6, 6))), ValueError, "input"),
    (dict(input=np.ones((1, 2, 4, 6, 6))), ValueError, "input"),
    (dict(weight=np.ones((6, 2, 3))), ValueError, "weight"),
    (dict(groups=3), ValueError, "channels"),
    (dict(groups=4), ValueError, "weight must be divisible"),
    (dict(groups=0), ValueError, "groups"),
    (dict(groups=2.0), TypeError, "groups"),
    (dict(groups=1), ValueError, "input"),
    (dict(bias=np.ones(5)), ValueError, "bias"),
    (dict(bias=np.ones((6, 1))), ValueError, "bias"),
    (dict(stride=0), ValueError, "stride"),
    (dict(stride=1.5), TypeError, "stride"),
    (dict(stride=(1, 1, 1)), ValueError, "stride"),
    (dict(stride=True), TypeError, "stride"),
    (dict(padding=-1), ValueError, "padding"),
    (dict(padding="full"), ValueError, "padding"),
    (dict(padding=(1, 2, 3)), ValueError, "padding"),
    (dict(padding=np.array([1, 1])), TypeError, "padding"),
    (dict(padding="same", stride=2), ValueError, "padding='same'"),
    (dict(dilation=0), ValueError, "dilation"),
    (dict(dilation=4), ValueError, "Kernel size"),
    (dict(weight=np.ones((6, 2, 9, 3))), ValueError, "Kernel size"),
    (dict(weight=np.ones((6, 2, 0, 3))), ValueError, "kernel size"),
    (dict(input=np.ones((2, 4, 6, 6), dtype=complex)), TypeError, "input"),
    (dict(weight=np.array([["a"]])), TypeError, "weight"),
])
def test_bad_arguments_raise_a_clear_error(kwargs, error, match):
    args = dict(input=X, weight=W, bias=None, stride=1, padding=0, dilation=1, groups=2)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        conv2d(**args)
    if "bias" not in kwargs:
        with pytest.raises(error, match=match):
            conv2d_backward(np.ones((2, 6, 4, 4)), **{k: v for k, v in args.items() if k != "bias"})


@pytest.mark.parametrize("d", [1, 3])
def test_each_dimension_checks_its_own_shapes(d):
    with pytest.raises(ValueError, match=f"input to conv{d}d"):  # one axis too many
        FORWARD[d](np.ones((1, 2, *[5] * (d + 1))), np.ones((1, 2, *[2] * d)))
    with pytest.raises(ValueError, match=f"weight must be {d + 2}-D"):
        FORWARD[d](np.ones((1, 2, *[5] * d)), np.ones((1, 2, *[2] * (d + 1))))


def test_grad_output_must_have_the_output_shape():
    with pytest.raises(ValueError, match="grad_output"):
        conv2d_backward(np.ones((2, 6, 5, 5)), X, W, groups=2)
    with pytest.raises(ValueError, match="grad_output"):
        conv1d_backward(np.ones((1, 1, 3)), np.ones((1, 1, 5)), np.ones((1, 1, 2)))


@pytest.mark.parametrize("call,match", [
    (lambda: convolve([], [1.0]), "a"),
    (lambda: convolve([1.0], [[1.0]]), "v"),
    (lambda: correlate([1.0, 2.0], [1.0], mode="middle"), "mode"),
    (lambda: image_kernel("blur"), "name"),
    (lambda: filter_image(np.ones((3, 3, 3)), np.ones((3, 3))), "image"),
    (lambda: filter_image(np.ones((5, 5)), np.ones((2, 2))), "kernel"),
    (lambda: conv_output_size(5, 0), "kernel_size"),
    (lambda: conv_output_size(5, 3, stride=0), "stride"),
    (lambda: conv_output_size((5, 5), (3, 3, 3)), "input_size"),
    (lambda: conv_output_size(5, 3, padding=-1), "padding"),
    (lambda: conv_output_size(-1, 1), "input_size"),
    (lambda: conv2d_loops(np.ones((1, 3, 4, 4)), np.ones((1, 2, 2, 2))), "input"),
])
def test_helpers_reject_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
