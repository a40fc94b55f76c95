"""The claims of the convolution chapter's exercise solutions.

Each test states a result that a folded solution on a docs/*/cnn/ page
gives; where the claim is parity, PyTorch is the reference.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from snippets.conv import (conv1d, conv2d, conv2d_backward, conv3d,
                           conv_output_size, convolve, correlate,
                           filter_image, image_kernel)
from snippets.exercises.cnn import (compose_kernels, conv_matrix,
                                    conv_parameters, dense_parameters,
                                    full_height_conv, im2col_size,
                                    impulse_response, input_gradient,
                                    local_parameters, receptive_field,
                                    same_by_hand, shift)

TIGHT = dict(rtol=1e-11, atol=1e-12)


def torch_count(module):
    return sum(p.numel() for p in module.parameters())


def t(array):
    return torch.from_numpy(np.ascontiguousarray(array))


# fc-to-conv

def test_parameter_counts_of_a_32x32_rgb_layer():
    """Exercise 1: dense, locally connected and conv layers, 3 -> 16 maps."""
    assert dense_parameters(3, 16, 32, 32) == 50_348_032
    assert local_parameters(3, 16, 32, 32, 3) == 458_752
    assert conv_parameters(3, 16, 3) == 448
    dense = torch.nn.Linear(3 * 32 * 32, 16 * 32 * 32, device="meta")
    assert torch_count(dense) == dense_parameters(3, 16, 32, 32)
    assert torch_count(torch.nn.Conv2d(3, 16, 3)) == 448
    # Locally connected: one (C_in K^2 + 1) kernel per output number.
    assert local_parameters(3, 16, 32, 32, 3) == 16 * 32 * 32 * (3 * 9 + 1)


def test_padded_conv_matrix_has_256_nonzeros():
    """Exercise 2: 6x6 image, 3x3 kernel, padding 1."""
    kernel = np.arange(1.0, 10.0).reshape(3, 3)
    M = conv_matrix(kernel, 6, padding=1)
    assert M.shape == (36, 36)
    assert np.count_nonzero(M) == 256 == (2 + 3 + 3 + 3 + 3 + 2) ** 2
    assert np.count_nonzero(M, axis=1).min() == 4  # a corner's window
    x = np.random.default_rng(0).standard_normal((1, 1, 6, 6))
    want = F.conv2d(t(x), t(kernel[None, None]), padding=1)
    np.testing.assert_allclose(M @ x.reshape(-1), want.numpy().reshape(-1),
                               **TIGHT)


def test_stacked_3x3_receptive_fields():
    """Exercise 3 (fc-to-conv): 3, 5, 7, and 112 layers for 224 pixels."""
    assert [receptive_field([3] * n) for n in (1, 2, 3)] == [3, 5, 7]
    for n in (1, 2, 3):
        assert impulse_response([3] * n) == (2 * n + 1, 2 * n + 1)
    layers = next(n for n in range(1, 500) if receptive_field([3] * n) >= 224)
    assert layers == 112


# convolution-math

def test_antisymmetric_kernel_convolution_is_minus_correlation():
    a, v = np.array([1.0, 4.0, 9.0, 16.0, 25.0]), np.array([1.0, 0.0, -1.0])
    assert correlate(a, v).tolist() == [-8.0, -12.0, -16.0]
    assert convolve(a, v, mode="valid").tolist() == [8.0, 12.0, 16.0]
    torch_out = F.conv1d(t(a[None, None]), t(v[None, None]))[0, 0].numpy()
    assert torch_out.tolist() == correlate(a, v).tolist()
    flipped = F.conv1d(t(a[None, None]), t(v[::-1][None, None]))[0, 0]
    assert flipped.numpy().tolist() == convolve(a, v, mode="valid").tolist()


def test_shift_then_convolve_is_convolve_then_shift():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 1, 12, 12))
    w = rng.standard_normal((1, 1, 3, 3))
    a, b = conv2d(shift(x, 2, 3), w), shift(conv2d(x, w), 2, 3)
    np.testing.assert_allclose(a[..., 2:, 3:], b[..., 2:, 3:], **TIGHT)
    # Only where the zeros came in do the two differ.
    assert not np.allclose(a[..., :2, :], b[..., :2, :])
    torch_a = F.conv2d(t(shift(x, 2, 3)), t(w)).numpy()
    np.testing.assert_allclose(a, torch_a, **TIGHT)


def test_stride_two_is_equivariant_to_even_shifts_only():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 1, 12, 12))
    w = rng.standard_normal((1, 1, 3, 3))
    y = conv2d(x, w, stride=2)
    two = conv2d(shift(x, 2, 2), w, stride=2)
    np.testing.assert_allclose(two[..., 1:, 1:], y[..., :-1, :-1], **TIGHT)
    one = conv2d(shift(x, 1, 1), w, stride=2)
    # A one-pixel shift samples the other phase of the stride-1 output.
    odd = conv2d(x, w)[..., 1::2, 1::2]
    np.testing.assert_allclose(one[..., 1:, 1:], odd[..., :4, :4], **TIGHT)
    assert not np.allclose(one[..., 1:, 1:], y[..., 1:, 1:])
    assert not np.allclose(one[..., 1:, 1:], y[..., :-1, :-1])
    torch_one = F.conv2d(t(shift(x, 1, 1)), t(w), stride=2).numpy()
    np.testing.assert_allclose(one, torch_one, **TIGHT)


# image-kernels

@pytest.mark.parametrize("name", ["box blur", "gaussian blur", "sharpen",
                                  "sobel x", "sobel y", "laplacian"])
def test_constant_image_is_scaled_by_the_kernel_sum(name):
    image = np.full((6, 7), 0.5)
    kernel = image_kernel(name)
    out = filter_image(image, kernel)
    np.testing.assert_allclose(out, 0.5 * kernel.sum(), atol=1e-15)
    assert kernel.sum() in (0.0, pytest.approx(1.0))


def test_zero_padding_darkens_the_border_under_a_blur():
    image = np.ones((1, 1, 5, 5))
    out = conv2d(image, np.full((1, 1, 3, 3), 1 / 9), padding=1)[0, 0]
    np.testing.assert_allclose([out[0, 0], out[0, 2], out[2, 2]],
                               [4 / 9, 6 / 9, 1.0])


def test_box_blur_twice_is_one_5x5_kernel():
    box = np.full((3, 3), 1 / 9)
    ramp = np.array([1.0, 2.0, 3.0, 2.0, 1.0])
    np.testing.assert_allclose(compose_kernels(box, box),
                               np.outer(ramp, ramp) / 81, **TIGHT)
    x = np.random.default_rng(0).standard_normal((1, 1, 10, 10))
    twice = F.conv2d(F.conv2d(t(x), t(box[None, None])), t(box[None, None]))
    once = conv2d(x, compose_kernels(box, box)[None, None])
    np.testing.assert_allclose(once, twice.numpy(), **TIGHT)


def test_composing_asymmetric_kernels():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 1, 9, 11))
    first, second = rng.standard_normal((2, 3)), rng.standard_normal((3, 2))
    twice = F.conv2d(F.conv2d(t(x), t(first[None, None])),
                     t(second[None, None]))
    once = conv2d(x, compose_kernels(first, second)[None, None])
    np.testing.assert_allclose(once, twice.numpy(), **TIGHT)
    # The composed kernel is a convolution, so the order does not matter.
    np.testing.assert_allclose(compose_kernels(first, second),
                               compose_kernels(second, first), **TIGHT)


def test_sobel_runs_as_two_1d_passes():
    column = np.array([[1.0], [2.0], [1.0]])
    row = np.array([[-1.0, 0.0, 1.0]])
    np.testing.assert_array_equal(compose_kernels(column, row),
                                  image_kernel("sobel x"))
    x = np.random.default_rng(0).standard_normal((1, 1, 8, 8))
    two_passes = conv2d(conv2d(x, column[None, None]), row[None, None])
    one_pass = F.conv2d(t(x), t(image_kernel("sobel x")[None, None]))
    np.testing.assert_allclose(two_passes, one_pass.numpy(), **TIGHT)


# dimensions

def test_video_layer_shape_and_parameters():
    assert conv_output_size((16, 112, 112), 3, stride=(1, 2, 2),
                            padding=1) == (16, 56, 56)
    layer = torch.nn.Conv3d(3, 64, 3, stride=(1, 2, 2), padding=1)
    assert torch_count(layer) == 64 * 3 * 27 + 64 == 5248
    clip = torch.empty(2, 3, 16, 112, 112, device="meta")
    weight = torch.empty(64, 3, 3, 3, 3, device="meta")
    out = F.conv3d(clip, weight, stride=(1, 2, 2), padding=1)
    assert tuple(out.shape) == (2, 64, 16, 56, 56)
    x = np.zeros((2, 3, 16, 12, 12))
    ours = conv3d(x, np.zeros((64, 3, 3, 3, 3)), stride=(1, 2, 2), padding=1)
    assert ours.shape == (2, 64, 16, 6, 6)


def test_full_height_conv2d_is_a_conv1d():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5, 20))
    w = rng.standard_normal((4, 3, 5, 3))
    want = F.conv2d(t(x), t(w)).numpy()
    assert want.shape == (2, 4, 1, 18)
    np.testing.assert_allclose(full_height_conv(x, w), want[:, :, 0],
                               **TIGHT)
    np.testing.assert_allclose(conv2d(x, w)[:, :, 0], full_height_conv(x, w),
                               **TIGHT)


def test_im2col_size_is_k_to_the_d_times_the_input():
    shape = (8, 64, 16, 56, 56)
    inputs = np.prod(shape)
    assert im2col_size(shape, 3, padding=1) == 27 * inputs
    assert im2col_size(shape, 3, padding=1) * 4 / 2**30 == pytest.approx(
        2.58, abs=0.005)
    assert inputs * 4 / 2**20 == 98.0
    # Counted from the windows themselves, on a small case with a stride.
    x = np.zeros((2, 3, 7, 9, 8))
    padded = np.pad(x, [(0, 0), (0, 0)] + [(1, 1)] * 3)
    windows = np.lib.stride_tricks.sliding_window_view(
        padded, (3, 3, 3), axis=(2, 3, 4))[:, :, ::2, ::2, ::2]
    assert im2col_size(x.shape, 3, stride=2, padding=1) == windows.size


# conv2d

def test_resnet_stem_gives_112_and_223_does_too():
    assert conv_output_size(224, 7, stride=2, padding=3) == 112
    sizes = [i for i in range(200, 250)
             if conv_output_size(i, 7, stride=2, padding=3) == 112]
    assert sizes == [223, 224]
    out = F.conv2d(torch.empty(1, 3, 224, 224, device="meta"),
                   torch.empty(64, 3, 7, 7, device="meta"),
                   stride=2, padding=3)
    assert tuple(out.shape) == (1, 64, 112, 112)
    # With 224 only the last padding zero is never read: every pixel counts.
    x, w = np.ones((1, 1, 224, 224)), np.ones((1, 1, 7, 7))
    g = np.ones((1, 1, 112, 112))
    grad_x, _, _ = conv2d_backward(g, x, w, stride=2, padding=3)
    assert np.all(grad_x > 0)


@pytest.mark.filterwarnings("ignore:Using padding='same'")
def test_same_padding_with_an_even_kernel():
    assert [conv_output_size(32, 4, padding=p) for p in range(3)] == [
        29, 31, 33]
    assert conv_output_size(32, 4, padding="same") == 32
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 2, 7, 8))
    w = rng.standard_normal((3, 2, 4, 2))
    want = F.conv2d(t(x), t(w), padding="same").numpy()
    np.testing.assert_allclose(same_by_hand(x, w), want, **TIGHT)
    np.testing.assert_allclose(conv2d(x, w, padding="same"), want, **TIGHT)
    # The extra zero goes after: padding (1, 2) along an axis of a 4-kernel.
    by_torch = F.conv2d(F.pad(t(x), (0, 1, 1, 2)), t(w)).numpy()
    np.testing.assert_allclose(by_torch, want, **TIGHT)


def test_dilated_receptive_fields():
    assert receptive_field([3, 3, 3], [1, 2, 4]) == 15
    assert impulse_response([3, 3, 3], [1, 2, 4]) == (15, 15)
    # Gridding: two dilation-2 layers span 9 pixels but read only 5.
    assert receptive_field([3, 3], [2, 2]) == 9
    assert impulse_response([3, 3], [2, 2]) == (9, 5)
    x = torch.zeros(1, 1, 41, 41, dtype=torch.float64)
    x[0, 0, 20, 20] = 1.0
    for d in (2, 2):
        x = F.conv2d(x, torch.ones(1, 1, 3, 3, dtype=torch.float64),
                     padding="same", dilation=d)
    assert torch.count_nonzero(x[0, 0, 20]).item() == 5
    assert torch.count_nonzero(x).item() == 25  # of the 81 in the region
    # Dilations 1, 2, 4, ...: the region grows as 2^(L + 1) - 1.
    for layers in range(1, 6):
        dilations = [2**i for i in range(layers)]
        width = 2 ** (layers + 1) - 1
        assert receptive_field([3] * layers, dilations) == width
        assert impulse_response([3] * layers, dilations, size=71) == (
            width, width)


def test_depthwise_separable_parameters():
    standard = conv_parameters(32, 64, 3)
    separable = conv_parameters(32, 32, 3, groups=32) + conv_parameters(
        32, 64, 1)
    assert (standard, separable) == (18_496, 2_432)
    assert round(separable / standard, 3) == 0.131
    assert torch_count(torch.nn.Conv2d(32, 64, 3)) == standard
    depthwise = torch.nn.Conv2d(32, 32, 3, groups=32)
    assert tuple(depthwise.weight.shape) == (32, 1, 3, 3)
    assert torch_count(depthwise) + torch_count(
        torch.nn.Conv2d(32, 64, 1)) == separable
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 32, 6, 6))
    w = rng.standard_normal((32, 1, 3, 3))
    np.testing.assert_allclose(conv2d(x, w, groups=32),
                               F.conv2d(t(x), t(w), groups=32).numpy(),
                               **TIGHT)


# backprop

def test_gradients_of_the_sum_of_the_outputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 6, 6))
    w = rng.standard_normal((4, 3, 3, 3))
    g = np.ones((2, 4, 4, 4))
    grad_x, grad_w, grad_b = conv2d_backward(g, x, w)
    assert grad_b.tolist() == [32.0] * 4
    window_sums = np.array([[[x[:, c, p:p + 4, q:q + 4].sum()
                              for q in range(3)] for p in range(3)]
                            for c in range(3)])
    np.testing.assert_allclose(grad_w, np.broadcast_to(window_sums, w.shape),
                               **TIGHT)
    xt = t(x).requires_grad_()
    wt = t(w).requires_grad_()
    bt = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    F.conv2d(xt, wt, bt).sum().backward()
    np.testing.assert_allclose(grad_w, wt.grad.numpy(), **TIGHT)
    np.testing.assert_allclose(grad_b, bt.grad.numpy(), **TIGHT)
    np.testing.assert_allclose(grad_x, xt.grad.numpy(), **TIGHT)


@pytest.mark.parametrize("padding", [0, 1, 2, 3])
def test_input_gradient_with_padding_matches_autograd(padding):
    rng = np.random.default_rng(padding)
    x = rng.standard_normal((2, 3, 7, 7))
    w = rng.standard_normal((4, 3, 4, 4))
    xt = t(x).requires_grad_()
    y = F.conv2d(xt, t(w), padding=padding)
    g = rng.standard_normal(tuple(y.shape))
    y.backward(t(g))
    np.testing.assert_allclose(input_gradient(g, w, padding),
                               xt.grad.numpy(), **TIGHT)


def test_stride_trap_gives_the_last_column_zero_gradient():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 1, 8, 8))
    w = rng.standard_normal((1, 1, 3, 3))
    g = rng.standard_normal((1, 1, 3, 3))
    grad_x, _, _ = conv2d_backward(g, x, w, stride=2)
    assert (grad_x[0, 0] != 0).any(axis=0).tolist() == [True] * 7 + [False]
    assert (grad_x[0, 0] != 0).any(axis=1).tolist() == [True] * 7 + [False]
    xt = t(x).requires_grad_()
    F.conv2d(xt, t(w), stride=2).backward(t(g))
    np.testing.assert_allclose(grad_x, xt.grad.numpy(), **TIGHT)
    assert np.all(xt.grad.numpy()[0, 0, :, 7] == 0)


@pytest.mark.parametrize("size,padding", [(7, 0), (8, 1)])
def test_without_the_trap_every_pixel_gets_a_gradient(size, padding):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1, 1, size, size))
    w = rng.standard_normal((1, 1, 3, 3))
    xt = t(x).requires_grad_()
    y = F.conv2d(xt, t(w), stride=2, padding=padding)
    g = rng.standard_normal(tuple(y.shape))
    y.backward(t(g))
    grad_x, _, _ = conv2d_backward(g, x, w, stride=2, padding=padding)
    np.testing.assert_allclose(grad_x, xt.grad.numpy(), **TIGHT)
    assert (grad_x[0, 0] != 0).any(axis=0).all()
    assert (grad_x[0, 0] != 0).any(axis=1).all()
