"""Normalization on empty inputs (a zero-size batch or another zero-size
dimension), against torch.nn.functional and autograd: the same output shape
and dtype, the same running statistics afterwards, the same refusals."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from snippets.normalization import (
    batch_norm,
    batch_norm_backward,
    group_norm,
    group_norm_backward,
    instance_norm,
    layer_norm,
    layer_norm_backward,
)

EMPTY = [(0, 3), (0, 3, 5), (4, 3, 0), (0, 3, 0), (0, 4, 0, 2), (4, 0), (0, 0), (4, 0, 5)]
INSTANCE = [(0, 3, 5), (4, 3, 0), (0, 3, 0), (0, 4, 0, 2), (4, 0, 5), (4, 3), (0, 3)]
# torch 2.13 raises an IndexError from inside its batch_norm kernel when it
# is given a weight and no channels (for instance_norm, no sample-channel
# pairs): those cases are checked below on their own, not against torch
BATCH_CASES = [(s, a) for s in EMPTY for a in (False, True) if not a or s[1] > 0]
INSTANCE_CASES = [(s, a) for s in INSTANCE for a in (False, True) if not a or s[0] * s[1] > 0]
TORCH_FAILS = [("batch", s) for s in EMPTY if s[1] == 0] + [
    ("instance", s) for s in INSTANCE if s[0] * s[1] == 0 and len(s) > 2]


def params(shape, affine, c=None):
    """Float32 running statistics (0 and 1) and, if ``affine``, weight and bias."""
    c = shape[1] if c is None else c
    rng = np.random.default_rng(0)
    weight, bias = (rng.uniform(0.5, 2, c).astype(np.float32),
                    rng.normal(size=c).astype(np.float32)) if affine else (None, None)
    return np.zeros(c, np.float32), np.ones(c, np.float32), weight, bias


def tensors(*arrays):
    return [None if a is None else torch.from_numpy(a.copy()) for a in arrays]


def assert_same(ours, theirs):
    theirs = theirs.detach().numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6, equal_nan=True)


@pytest.mark.parametrize("shape,affine", BATCH_CASES, ids=str)
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_of_an_empty_input_matches_torch(shape, affine, training):
    x = np.zeros(shape, np.float32)
    mean, var, weight, bias = params(shape, affine)
    t_mean, t_var, t_weight, t_bias = tensors(mean, var, weight, bias)
    ours = batch_norm(x, mean, var, weight, bias, training=training)
    theirs = F.batch_norm(torch.from_numpy(x), t_mean, t_var, t_weight, t_bias, training=training)
    assert_same(ours, theirs)
    # the running statistics are left as they were, in PyTorch too
    assert_same(mean, t_mean)
    assert_same(var, t_var)


@pytest.mark.parametrize("layer,shape", TORCH_FAILS, ids=str)
@pytest.mark.parametrize("training", [True, False])
def test_an_affine_layer_without_channels_returns_an_empty_output(layer, shape, training):
    # where torch fails inside its kernel, there is nothing to normalize: the
    # output is empty, as torch gives without weight and bias, and the
    # running statistics change as they do there
    x = np.zeros(shape, np.float32)
    mean, var, weight, bias = params(shape, affine=True)
    if layer == "batch":
        out = batch_norm(x, mean, var, weight, bias, training=training)
        t_mean, t_var = tensors(mean, var)
        F.batch_norm(torch.from_numpy(x), t_mean, t_var, training=training)
    else:
        out = instance_norm(x, mean, var, weight, bias, use_input_stats=training)
        t_mean, t_var = tensors(mean, var)
        F.instance_norm(torch.from_numpy(x), t_mean, t_var, use_input_stats=training)
    assert out.shape == x.shape and out.dtype == np.float32
    assert_same(mean, t_mean)
    assert_same(var, t_var)


@pytest.mark.parametrize("shape", EMPTY, ids=str)
@pytest.mark.parametrize("last", [1, 2], ids=["last axis", "last two axes"])
@pytest.mark.parametrize("affine", [False, True])
def test_layer_norm_of_an_empty_input_matches_torch(shape, last, affine):
    x = np.zeros(shape, np.float32)
    normalized_shape = shape[-last:]
    rng = np.random.default_rng(1)
    weight, bias = ((rng.normal(size=normalized_shape).astype(np.float32),) * 2
                    if affine else (None, None))
    ours = layer_norm(x, normalized_shape, weight, bias)
    theirs = F.layer_norm(torch.from_numpy(x), normalized_shape, *tensors(weight, bias))
    assert_same(ours, theirs)


@pytest.mark.parametrize("shape", EMPTY, ids=str)
@pytest.mark.parametrize("groups", ["one", "per channel"])
@pytest.mark.parametrize("affine", [False, True])
def test_group_norm_of_an_empty_input_matches_torch(shape, groups, affine):
    num_groups = 1 if groups == "one" or shape[1] == 0 else shape[1]
    x = np.zeros(shape, np.float32)
    *_, weight, bias = params(shape, affine)
    ours = group_norm(x, num_groups, weight, bias)
    theirs = F.group_norm(torch.from_numpy(x), num_groups, *tensors(weight, bias))
    assert_same(ours, theirs)


@pytest.mark.parametrize("shape,affine", INSTANCE_CASES, ids=str)
@pytest.mark.parametrize("use_input_stats", [True, False])
def test_instance_norm_of_an_empty_input_matches_torch(shape, affine, use_input_stats):
    # PyTorch averages the statistics of the samples into the running ones:
    # over no samples that is NaN, while samples without positions leave them
    x = np.zeros(shape, np.float32)
    mean, var, weight, bias = params(shape, affine)
    t_mean, t_var, t_weight, t_bias = tensors(mean, var, weight, bias)
    try:
        theirs = F.instance_norm(torch.from_numpy(x), t_mean, t_var, t_weight, t_bias,
                                 use_input_stats=use_input_stats)
    except ValueError:  # 2-D input has 1 position per (sample, channel)
        with pytest.raises(ValueError, match="more than 1 spatial element"):
            instance_norm(x, mean, var, weight, bias, use_input_stats=use_input_stats)
        return
    ours = instance_norm(x, mean, var, weight, bias, use_input_stats=use_input_stats)
    assert_same(ours, theirs)
    assert_same(mean, t_mean)
    assert_same(var, t_var)


def test_the_empty_cases_hold_both_kinds_of_running_statistics():
    # the instance_norm grid above is worth what it holds: NaN statistics
    # after an empty batch, untouched ones after samples without positions
    for shape, changed in [((0, 3, 5), True), ((4, 3, 0), False)]:
        mean, var, *_ = params(shape, False)
        instance_norm(np.zeros(shape, np.float32), mean, var)
        assert np.isnan(mean).all() == changed and np.isnan(var).all() == changed


def test_a_single_value_per_channel_is_refused_as_in_torch():
    with pytest.raises(ValueError):
        F.batch_norm(torch.zeros(1, 3), None, None, training=True)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        batch_norm(np.zeros((1, 3)), None, None, training=True)
    # evaluation uses the running statistics, so one value is enough
    out = batch_norm(np.zeros((1, 3)), np.zeros(3), np.ones(3), training=False)
    assert out.shape == (1, 3)


def autograd(function, shape, weight_shape):
    x = torch.zeros(shape, dtype=torch.float32, requires_grad=True)
    w = torch.ones(weight_shape, requires_grad=True)
    b = torch.zeros(weight_shape, requires_grad=True)
    out = function(x, w, b)
    return torch.autograd.grad(out, (x, w, b), torch.ones_like(out), materialize_grads=True)


@pytest.mark.parametrize("shape", [(0, 3), (0, 3, 5), (4, 3, 0), (0, 4, 0, 2)], ids=str)
def test_backward_of_an_empty_input_matches_autograd(shape):
    # the input gradient is empty; weight and bias gradients sum over no
    # values: zeros
    x, g = np.zeros(shape, np.float32), np.ones(shape, np.float32)
    c = shape[1]
    cases = [
        (batch_norm_backward(g, x, np.ones(c, np.float32)),
         autograd(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), shape, c)),
        (layer_norm_backward(g, x, shape[1:], np.ones(shape[1:], np.float32)),
         autograd(lambda x, w, b: F.layer_norm(x, shape[1:], w, b), shape, shape[1:])),
        (group_norm_backward(g, x, 1, np.ones(c, np.float32)),
         autograd(lambda x, w, b: F.group_norm(x, 1, w, b), shape, c)),
    ]
    for ours, theirs in cases:
        for mine, reference in zip(ours, theirs, strict=True):
            if shape == (4, 3, 0) and reference.shape == (c,) and reference.isnan().any():
                # torch 2.13's group_norm gives a NaN weight gradient for
                # samples without positions (it multiplies by the NaN
                # deviation of no values); the sum of no terms is 0
                np.testing.assert_array_equal(mine, np.zeros(c, np.float32))
                continue
            assert_same(mine, reference)
