"""The claims of the regularization chapter's exercise solutions hold."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from snippets.exercises.regularization import (
    adam_l2_path, batch_dependence, crop_positions, decay_vs_penalty,
    dropout_moments, fold_batch_norm, kept_fractions, mixup_loss,
    noisy_least_squares, penalized_minimizers, scale_change,
    shared_statistics, smoothing_floor, stopping_point, train_then_eval,
    variance_shift)
from snippets.normalization import batch_norm, layer_norm
from snippets.regularization import dropout

LOSSES = [1.00, 0.80, 0.81, 0.79, 0.795, 0.80, 0.78]


# early stopping
def test_patience_trace():
    assert stopping_point(LOSSES, patience=2) == (5, 3)
    assert stopping_point(LOSSES, patience=2, min_delta=0.02) == (3, 1)
    # with more patience the late 0.78 is seen and kept
    assert stopping_point(LOSSES, patience=4) == (None, 6)


def test_steps_act_like_an_l2_penalty():
    lr, steps = 1e-3, 1000
    x = np.logspace(-3, 3, 601)  # x = t * lr * curvature = curvature / alpha
    by_steps, by_penalty = kept_fractions(x / (steps * lr), lr, steps)
    # at x = 1: 1 - 1/e against 1/2, the largest gap
    i = np.argmin(np.abs(x - 1))
    assert by_steps[i] == pytest.approx(1 - np.exp(-1), abs=1e-3)
    assert by_penalty[i] == pytest.approx(0.5)
    assert np.abs(by_steps - by_penalty).max() < 0.21
    # both learn nothing of flat directions and all of steep ones
    assert by_steps[0] == pytest.approx(by_penalty[0], rel=1e-2)
    assert by_steps[-1] == pytest.approx(by_penalty[-1], abs=1e-3)


# weight decay
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_weight_decay_is_the_l2_penalty(momentum):
    rng = np.random.default_rng(0)
    w = rng.normal(size=4)
    grads = list(rng.normal(size=(20, 4)))
    a, b = decay_vs_penalty(w, grads, lr=0.1, weight_decay=0.3,
                            momentum=momentum)
    np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    # and torch's SGD agrees
    p = torch.tensor(w, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=momentum, weight_decay=0.3)
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    np.testing.assert_allclose(a, p.detach().numpy(), rtol=1e-12)


def test_one_step_decays_by_one_minus_lr_lambda():
    w, g = np.array([2.0, -1.0]), np.array([0.5, 0.5])
    a, _ = decay_vs_penalty(w, [g], lr=0.1, weight_decay=0.3)
    np.testing.assert_allclose(a, (1 - 0.1 * 0.3) * w - 0.1 * g)


def test_penalized_minimizers():
    l2, l1, grid_l2, grid_l1 = penalized_minimizers([2.0, 1.0], [0.5, 4.0],
                                                    1.5)
    np.testing.assert_allclose(l2, [0.5, 8 / 11])
    np.testing.assert_allclose(l1, [0.0, 0.625])
    np.testing.assert_allclose(grid_l2, l2, atol=1e-4)
    np.testing.assert_allclose(grid_l1, l1, atol=1e-4)
    assert grid_l1[0] == 0.0  # exactly zero: sparse


def test_adam_l2_decay_ignores_its_strength():
    paths = [adam_l2_path(wd, steps=150) for wd in (1e-4, 1e-2, 1.0)]
    for path in paths[1:]:
        np.testing.assert_allclose(path, paths[0], atol=2e-4)
    # about lr per step at first, below 0.1 after 150 steps
    assert paths[0][0] == pytest.approx(0.99, abs=1e-5)
    assert paths[0][-1] < 0.1
    # AdamW with lr = 0.01 and weight_decay = 1e-4 would keep
    assert (1 - 0.01 * 1e-4) ** 150 > 0.9998
    # torch's Adam does the same
    p = torch.ones(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.01, weight_decay=1e-4)
    torch_path = []
    for _ in range(150):
        p.grad = torch.zeros(1, dtype=torch.float64)
        opt.step()
        torch_path.append(p.item())
    np.testing.assert_allclose(paths[0], torch_path, rtol=1e-9)


# augmentation and noise
def test_crop_positions():
    assert crop_positions(8, 2, rng=np.random.default_rng(0)) == 25
    assert crop_positions(32, 4, rng=np.random.default_rng(0)) == 81


def test_noisy_least_squares_is_ridge():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=5)
    fit, ridge = noisy_least_squares(x, y, 0.5, copies=2000,
                                     rng=np.random.default_rng(1))
    plain = np.linalg.lstsq(x, y, rcond=None)[0]
    np.testing.assert_allclose(fit, ridge, atol=0.01)
    assert np.linalg.norm(ridge) < np.linalg.norm(plain)
    assert np.abs(fit - plain).max() > 0.1


# label smoothing and mixup
@pytest.mark.parametrize("c,eps",
                         [(10, 0.1), (10, 0.05), (3, 0.3), (10, 1.0)])
def test_smoothing_floor(c, eps):
    a_star, entropy, loss = smoothing_floor(c, eps)
    assert loss == pytest.approx(entropy, rel=1e-12)
    logits = torch.zeros(1, c, dtype=torch.float64)
    target = torch.tensor([0])
    for a in (a_star - 0.5, a_star, a_star + 0.5):
        logits[0, 0] = a
        torch_loss = F.cross_entropy(logits, target, label_smoothing=eps)
        assert torch_loss.item() >= entropy - 1e-12
    assert torch_loss.item() > entropy + 1e-3


def test_smoothing_floor_numbers():
    a_star, entropy, _ = smoothing_floor(10, 0.1)
    assert round(float(a_star), 2) == 4.51
    assert round(float(entropy), 3) == 0.500


def test_mixup_loss_is_the_mixture_of_losses():
    rng = np.random.default_rng(0)
    z, labels = rng.normal(size=(6, 4)), rng.integers(4, size=6)
    partner, lam = rng.permutation(6), 0.3
    soft, mixed = mixup_loss(z, labels, partner, lam)
    assert soft == pytest.approx(mixed, rel=1e-12)
    zt, yt = torch.tensor(z), torch.tensor(labels)
    y = F.one_hot(yt, 4).double()
    torch_soft = F.cross_entropy(zt, lam * y + (1 - lam) * y[partner])
    torch_mixed = (lam * F.cross_entropy(zt, yt)
                   + (1 - lam) * F.cross_entropy(zt, yt[partner]))
    assert torch_soft.item() == pytest.approx(soft, rel=1e-12)
    assert torch_mixed.item() == pytest.approx(soft, rel=1e-12)


# dropout
def test_dropout_moments():
    x = np.array([1.0, -2.0, 3.0])
    for p in (0.2, 0.5):
        mean, var = dropout_moments(x, p, samples=100000,
                                    rng=np.random.default_rng(0))
        np.testing.assert_allclose(mean, x, atol=0.03)
        np.testing.assert_allclose(var, x**2 * p / (1 - p), rtol=0.03)
    np.testing.assert_array_equal(dropout(x, 0.5, training=False,
                                          rng=np.random.default_rng(0)), x)
    np.testing.assert_array_equal(
        F.dropout(torch.tensor(x), 0.5, training=False).numpy(), x)


def test_torch_dropout_has_the_same_values():
    x = torch.ones(10000, dtype=torch.float64)
    torch.manual_seed(0)
    values = set(F.dropout(x, 0.25, training=True).unique().tolist())
    ours = set(np.unique(dropout(np.ones(10000), 0.25,
                                 rng=np.random.default_rng(0))).tolist())
    assert values == ours == {0.0, 1 / 0.75}


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_variance_shift(p):
    ratio = variance_shift(p, rng=np.random.default_rng(0))
    assert ratio == pytest.approx(1 / (1 - p), rel=0.02)


# batch normalization
def test_fold_batch_norm():
    rng = np.random.default_rng(0)
    weight, bias = rng.normal(size=(3, 5)), rng.normal(size=3)
    mean, var = rng.normal(size=3), rng.uniform(0.5, 2, size=3)
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    x = rng.normal(size=(7, 5))
    w2, b2 = fold_batch_norm(weight, bias, mean, var, gamma, beta)
    ours = batch_norm(x @ weight.T + bias, mean, var, gamma, beta)
    np.testing.assert_allclose(x @ w2.T + b2, ours, rtol=1e-12, atol=1e-12)
    t = [torch.tensor(a) for a in (x, weight, bias, mean, var, gamma, beta)]
    reference = F.batch_norm(F.linear(t[0], t[1], t[2]), t[3], t[4], t[5],
                             t[6], training=False)
    np.testing.assert_allclose(x @ w2.T + b2, reference.numpy(), rtol=1e-12,
                               atol=1e-12)


def test_train_then_eval_shrinks_by_sqrt_n_minus_1_over_n():
    x = np.random.default_rng(0).normal(size=(4, 3)) * 2 + 1
    train, evaluate = train_then_eval(x)
    np.testing.assert_allclose(evaluate / train, np.sqrt(3 / 4), rtol=1e-5)
    # torch does the same
    xt = torch.tensor(x)
    mean, var = torch.zeros(3, dtype=xt.dtype), torch.ones(3, dtype=xt.dtype)
    for _ in range(200):
        F.batch_norm(xt, mean, var, training=True)
    reference = F.batch_norm(xt, mean, var, training=False)
    np.testing.assert_allclose(evaluate, reference.numpy(), rtol=1e-10)


def test_batches_of_two_and_one():
    x = np.array([[1.0, -5.0], [3.0, 100.0]])
    out = batch_norm(x, None, None, training=True)
    np.testing.assert_allclose(out, [[-1, -1], [1, 1]], atol=1e-4)
    with pytest.raises(ValueError):
        batch_norm(x[:1], None, None, training=True)


# layer, instance, group normalization
def test_batch_dependence():
    rng = np.random.default_rng(0)
    sample = rng.normal(size=(4, 3, 3))
    ln, bn = batch_dependence(sample, rng.normal(size=(3, 4, 3, 3)),
                              rng.normal(size=(3, 4, 3, 3)))
    assert ln == 0.0
    assert bn > 0.1


def test_shared_statistics():
    n, c, h, w, g = 2, 4, 3, 3, 2
    assert shared_statistics((n, c, h, w), num_groups=g) == {
        "batch": n * h * w, "layer": c * h * w, "instance": h * w,
        "group": c // g * h * w}



def test_layer_norm_ignores_scale_until_eps_matters():
    x = np.random.default_rng(0).normal(size=(2, 4, 3, 3))
    assert scale_change(x, 100.0) < 1e-4
    assert scale_change(x, 100.0, eps=0.0) < 1e-12
    # a^2 var near eps = 1e-5: the output shrinks
    assert scale_change(x, 0.01) > 0.1
    assert scale_change(x, 0.001) > 1.0
    assert scale_change(x, 0.001, eps=0.0) < 1e-12
    # negative scales flip the sign
    np.testing.assert_allclose(layer_norm(-x, (4, 3, 3)),
                               -layer_norm(x, (4, 3, 3)))
