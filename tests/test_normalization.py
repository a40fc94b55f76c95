"""Normalization layers against torch.nn.functional and autograd, in float64."""

import numpy as np
import pytest
import torch.nn.functional as F

from parity import random_input, t
from snippets.normalization import (
    batch_norm,
    batch_norm_backward,
    group_norm,
    group_norm_backward,
    instance_norm,
    layer_norm,
    layer_norm_backward,
)

SHAPES = [(8, 3), (4, 3, 5), (2, 3, 4, 5), (2, 3, 2, 3, 4)]  # 2-D to 5-D


# batch_norm ------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("affine", [False, True])
def test_batch_norm_training_and_eval_match_torch(shape, affine):
    rng = np.random.default_rng(1)
    c = shape[1]
    weight = rng.normal(size=c) if affine else None
    bias = rng.normal(size=c) if affine else None
    mean, var = np.zeros(c), np.ones(c)
    torch_mean, torch_var = t(mean), t(var)
    # several training calls in a row, each updating the running statistics
    for step in range(4):
        x = random_input(shape, seed=step)
        out = batch_norm(x, mean, var, weight, bias, training=True, momentum=0.3)
        expected = F.batch_norm(t(x), torch_mean, torch_var,
                                None if weight is None else t(weight),
                                None if bias is None else t(bias),
                                training=True, momentum=0.3)
        np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(mean, torch_mean.numpy(), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(var, torch_var.numpy(), rtol=1e-13, atol=1e-14)
    x = random_input(shape, seed=9)
    out = batch_norm(x, mean, var, weight, bias, training=False)
    expected = F.batch_norm(t(x), torch_mean, torch_var,
                            None if weight is None else t(weight),
                            None if bias is None else t(bias), training=False)
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)


def test_running_variance_uses_the_unbiased_batch_variance():
    x = np.array([[1.0], [2.0], [6.0]])  # mean 3, sum of squares 14
    mean, var = np.zeros(1), np.zeros(1)
    batch_norm(x, mean, var, training=True, momentum=1.0)
    np.testing.assert_allclose(mean, [3.0])
    np.testing.assert_allclose(var, [14 / 2])  # divided by n - 1, not n


def test_batch_norm_updates_the_arrays_in_place_and_eval_leaves_them():
    mean, var = np.zeros(3), np.ones(3)
    ids = id(mean), id(var)
    x = random_input((6, 3, 4))
    batch_norm(x, mean, var, training=True)
    assert (id(mean), id(var)) == ids and not np.all(mean == 0)
    before = mean.copy(), var.copy()
    batch_norm(x, mean, var, training=False)
    np.testing.assert_array_equal(mean, before[0])
    np.testing.assert_array_equal(var, before[1])


def test_batch_norm_training_without_running_statistics():
    x = random_input((5, 4, 3))
    out = batch_norm(x, None, None, training=True)
    expected = F.batch_norm(t(x), None, None, training=True)
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)


def test_batch_norm_output_is_standardized_per_channel():
    x = random_input((16, 3, 5))
    out = batch_norm(x, None, None, training=True, eps=1e-12)
    np.testing.assert_allclose(out.mean(axis=(0, 2)), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=(0, 2)), 1, rtol=1e-9)


# batch_norm_backward ---------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("affine", [False, True])
def test_batch_norm_backward_matches_autograd(shape, affine):
    rng = np.random.default_rng(2)
    x = random_input(shape)
    c = shape[1]
    g = rng.normal(size=shape)
    weight = rng.normal(size=c) if affine else np.ones(c)
    bias = rng.normal(size=c)
    tx, tw, tb = (t(a).requires_grad_() for a in (x, weight, bias))
    out = F.batch_norm(tx, None, None, tw, tb, training=True, eps=1e-3)
    out.backward(t(g))
    dx, dw, db = batch_norm_backward(g, x, weight if affine else None, eps=1e-3)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(db, tb.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_batch_norm_backward_matches_finite_differences():
    rng = np.random.default_rng(3)
    x, g, w = rng.normal(size=(5, 2)), rng.normal(size=(5, 2)), np.array([0.7, -2.0])

    def loss(z):
        return np.sum(g * batch_norm(z, None, None, w, training=True))

    dx, _, _ = batch_norm_backward(g, x, w)
    h = 1e-6
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        numeric[i] = (loss(x + step) - loss(x - step)) / (2 * h)
    np.testing.assert_allclose(dx, numeric, rtol=1e-6, atol=1e-8)


# layer_norm, group_norm, instance_norm ----------------------------------------


@pytest.mark.parametrize("shape,normalized_shape", [
    ((4, 6), 6), ((4, 6), (6,)), ((3, 4, 5), (4, 5)), ((2, 3, 4, 5), (3, 4, 5)),
    ((2, 3, 4, 5), [5]),
], ids=str)
@pytest.mark.parametrize("affine", [False, True])
def test_layer_norm_matches_torch(shape, normalized_shape, affine):
    rng = np.random.default_rng(4)
    x = random_input(shape)
    norm = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    weight = rng.normal(size=norm) if affine else None
    bias = rng.normal(size=norm) if affine else None
    out = layer_norm(x, normalized_shape, weight, bias, eps=1e-4)
    expected = F.layer_norm(t(x), list(norm), None if weight is None else t(weight),
                            None if bias is None else t(bias), eps=1e-4)
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape", [(3, 6), (3, 6, 5), (2, 6, 3, 4), (2, 6, 2, 3, 2)], ids=str)
@pytest.mark.parametrize("num_groups", [1, 2, 3, 6])
@pytest.mark.parametrize("affine", [False, True])
def test_group_norm_matches_torch(shape, num_groups, affine):
    rng = np.random.default_rng(5)
    x = random_input(shape)
    weight = rng.normal(size=6) if affine else None
    bias = rng.normal(size=6) if affine else None
    out = group_norm(x, num_groups, weight, bias)
    expected = F.group_norm(t(x), num_groups, None if weight is None else t(weight),
                            None if bias is None else t(bias))
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape", [(4, 3, 5), (2, 3, 4, 5), (2, 3, 2, 3, 4)], ids=str)
@pytest.mark.parametrize("affine", [False, True])
def test_instance_norm_and_its_running_statistics_match_torch(shape, affine):
    rng = np.random.default_rng(6)
    c = shape[1]
    weight = rng.normal(size=c) if affine else None
    bias = rng.normal(size=c) if affine else None
    mean, var = np.zeros(c), np.ones(c)
    torch_mean, torch_var = t(mean), t(var)
    for step in range(3):
        x = random_input(shape, seed=10 + step)
        out = instance_norm(x, mean, var, weight, bias, momentum=0.2)
        expected = F.instance_norm(t(x), torch_mean, torch_var,
                                   None if weight is None else t(weight),
                                   None if bias is None else t(bias), momentum=0.2)
        np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(mean, torch_mean.numpy(), rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(var, torch_var.numpy(), rtol=1e-13, atol=1e-14)
    x = random_input(shape, seed=20)
    out = instance_norm(x, mean, var, weight, bias, use_input_stats=False)
    expected = F.instance_norm(t(x), torch_mean, torch_var,
                               None if weight is None else t(weight),
                               None if bias is None else t(bias), use_input_stats=False)
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-12, atol=1e-12)


def test_the_four_layers_are_one_computation_on_different_axes():
    x = random_input((4, 6, 5))
    # instance norm = group norm with one channel per group
    np.testing.assert_allclose(instance_norm(x), group_norm(x, 6), rtol=1e-13, atol=1e-13)
    # layer norm over (C, L) = group norm with one group
    np.testing.assert_allclose(layer_norm(x, (6, 5)), group_norm(x, 1), rtol=1e-13, atol=1e-13)
    # batch norm of (N, C, L) = layer norm of the channels moved last and flattened
    moved = x.transpose(1, 0, 2).reshape(6, -1)
    by_layer = layer_norm(moved, moved.shape[1]).reshape(6, 4, 5).transpose(1, 0, 2)
    np.testing.assert_allclose(batch_norm(x, None, None, training=True), by_layer,
                               rtol=1e-12, atol=1e-12)


# backward of the relatives ----------------------------------------------------


@pytest.mark.parametrize("shape,normalized_shape", [((4, 6), 6), ((3, 4, 5), (4, 5))], ids=str)
@pytest.mark.parametrize("affine", [False, True])
def test_layer_norm_backward_matches_autograd(shape, normalized_shape, affine):
    rng = np.random.default_rng(7)
    x, g = random_input(shape), rng.normal(size=shape)
    norm = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
    weight = rng.normal(size=norm) if affine else np.ones(norm)
    tx, tw, tb = t(x).requires_grad_(), t(weight).requires_grad_(), t(np.zeros(norm)).requires_grad_()
    F.layer_norm(tx, list(norm), tw, tb).backward(t(g))
    dx, dw, db = layer_norm_backward(g, x, normalized_shape, weight if affine else None)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(db, tb.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", [(3, 6), (2, 6, 3, 4)], ids=str)
@pytest.mark.parametrize("num_groups", [1, 3, 6])
def test_group_norm_backward_matches_autograd(shape, num_groups):
    rng = np.random.default_rng(8)
    x, g = random_input(shape), rng.normal(size=shape)
    weight, bias = rng.normal(size=6), rng.normal(size=6)
    tx, tw, tb = (t(a).requires_grad_() for a in (x, weight, bias))
    F.group_norm(tx, num_groups, tw, tb).backward(t(g))
    dx, dw, db = group_norm_backward(g, x, num_groups, weight)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(db, tb.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_instance_norm_backward_is_group_norm_backward_with_one_channel_per_group():
    rng = np.random.default_rng(9)
    x, g, weight = random_input((3, 4, 5)), rng.normal(size=(3, 4, 5)), rng.normal(size=4)
    tx, tw = t(x).requires_grad_(), t(weight).requires_grad_()
    F.instance_norm(tx, weight=tw).backward(t(g))
    dx, dw, _ = group_norm_backward(g, x, 4, weight)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, tw.grad.numpy(), rtol=1e-10, atol=1e-12)


# bad input --------------------------------------------------------------------


def test_batch_norm_rejects_bad_input():
    x = np.ones((4, 3))
    with pytest.raises(ValueError, match="running_mean"):
        batch_norm(x, np.zeros(2), np.ones(3), training=True)
    with pytest.raises(ValueError, match="weight"):
        batch_norm(x, np.zeros(3), np.ones(3), weight=np.ones(2), training=True)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        batch_norm(np.ones((1, 3)), None, None, training=True)
    with pytest.raises(ValueError, match="evaluation"):
        batch_norm(x, None, None, training=False)
    with pytest.raises(ValueError, match="eps"):
        batch_norm(x, None, None, training=True, eps=0.0)
    with pytest.raises(ValueError, match=r"\(N, C"):
        batch_norm(np.ones(4), None, None, training=True)
    with pytest.raises(TypeError, match="momentum"):
        batch_norm(x, np.zeros(3), np.ones(3), training=True, momentum=None)
    with pytest.raises(TypeError, match="running_mean and running_var must be NumPy arrays"):
        batch_norm(x, [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], training=True)


def test_batch_norm_backward_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        batch_norm_backward(np.ones((4, 2)), np.ones((4, 3)))
    with pytest.raises(ValueError, match="weight"):
        batch_norm_backward(np.ones((4, 3)), np.ones((4, 3)), weight=np.ones(4))


def test_group_norm_rejects_groups_that_do_not_divide_the_channels():
    with pytest.raises(ValueError, match="divisible by num_groups"):
        group_norm(np.ones((2, 6, 3)), 4)
    with pytest.raises(ValueError, match="num_groups"):
        group_norm(np.ones((2, 6, 3)), 0)
    with pytest.raises(ValueError, match="weight"):
        group_norm(np.ones((2, 6, 3)), 3, weight=np.ones(3))
    with pytest.raises(ValueError, match="num_groups"):
        group_norm_backward(np.ones((2, 6, 3)), np.ones((2, 6, 3)), 4)


def test_a_wrong_kind_is_a_type_error_and_a_wrong_value_a_value_error():
    with pytest.raises(TypeError, match="num_groups must be an int"):
        group_norm(np.ones((2, 6, 3)), 2.0)
    with pytest.raises(ValueError, match="num_groups must be >= 1"):
        group_norm_backward(np.ones((2, 6, 3)), np.ones((2, 6, 3)), -1)
    with pytest.raises(ValueError, match="weight must have shape"):
        layer_norm_backward(np.ones((4, 3)), np.ones((4, 3)), 3, weight=np.ones(4))
    with pytest.raises(TypeError, match="momentum"):
        instance_norm(np.ones((2, 3, 4)), momentum="0.1")


def test_layer_norm_rejects_a_shape_that_does_not_end_the_input():
    with pytest.raises(ValueError, match="normalized_shape"):
        layer_norm(np.ones((4, 3)), 4)
    with pytest.raises(ValueError, match="normalized_shape"):
        layer_norm(np.ones((4, 3)), (2, 4, 3))
    with pytest.raises(ValueError, match="bias"):
        layer_norm(np.ones((4, 3)), 3, bias=np.ones(4))
    with pytest.raises(ValueError, match="normalized_shape"):
        layer_norm_backward(np.ones((4, 3)), np.ones((4, 3)), 4)


def test_instance_norm_rejects_bad_input():
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        instance_norm(np.ones((4, 3, 1)))
    with pytest.raises(ValueError, match="running_mean"):
        instance_norm(np.ones((4, 3, 5)), np.zeros(4), np.ones(3))
    with pytest.raises(ValueError, match="use_input_stats"):
        instance_norm(np.ones((4, 3, 5)), use_input_stats=False)
    with pytest.raises(ValueError, match="spatial"):
        instance_norm(np.ones((4, 3)))


STATS = dict(running_mean=np.zeros(3), running_var=np.ones(3))
KIND_CASES = {  # a valid call of each layer, and the arguments to get wrong
    "batch_norm": (lambda **k: batch_norm(training=True, **k),
                   dict(input=np.ones((4, 3)), **STATS),
                   ["input", "weight", "bias", "running_mean", "eps", "momentum"]),
    "instance_norm": (instance_norm, dict(input=np.ones((2, 3, 4)), **STATS),
                      ["input", "weight", "bias", "running_var", "eps", "momentum"]),
    "layer_norm": (lambda **k: layer_norm(normalized_shape=3, **k),
                   dict(input=np.ones((4, 3))), ["input", "weight", "bias", "eps"]),
    "group_norm": (lambda **k: group_norm(num_groups=3, **k),
                   dict(input=np.ones((4, 3))), ["input", "weight", "bias", "eps"]),
    "batch_norm_backward": (batch_norm_backward,
                            dict(grad_output=np.ones((4, 3)), input=np.ones((4, 3))),
                            ["grad_output", "input", "weight", "eps"]),
}


@pytest.mark.parametrize("name,argument", [(n, a) for n, (*_, names) in KIND_CASES.items()
                                           for a in names], ids=str)
def test_a_wrong_kind_of_argument_is_a_type_error_naming_it(name, argument):
    # strings, objects and complex numbers are refused before anything is
    # computed or updated; a bool is not taken for a number
    function, arguments, _ = KIND_CASES[name]
    arguments = {k: np.copy(v) for k, v in arguments.items()}
    numbers = argument in ("eps", "momentum")
    for wrong in ([True, "a"] if numbers else [["a", "b", "c"], {"a": 1}, np.array([1j, 2, 3])]):
        before = {k: v.copy() for k, v in arguments.items()}
        with pytest.raises(TypeError, match=argument):
            function(**dict(arguments, **{argument: wrong}))
        for k, v in arguments.items():
            np.testing.assert_array_equal(v, before[k])


@pytest.mark.parametrize("wrong", [float("nan"), -1e-5])
def test_eps_nan_or_negative_and_momentum_nan_are_refused(wrong):
    x = np.ones((4, 3, 2))
    with pytest.raises(ValueError, match="eps"):
        layer_norm(x, 2, eps=wrong)
    with pytest.raises(ValueError, match="eps"):
        group_norm(x, 1, eps=wrong)
    with pytest.raises(ValueError, match="momentum"):
        batch_norm(x, np.zeros(3), np.ones(3), training=True, momentum=float("nan"))
