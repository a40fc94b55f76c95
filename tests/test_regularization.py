"""Regularizers: cross_entropy and penalties against PyTorch, the random ones
by their properties and by derivations."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from parity import pairing, rng
from snippets.regularization import (
    EarlyStopping,
    color_jitter,
    cross_entropy,
    cutmix,
    cutout,
    dropout,
    gaussian_noise,
    l1_penalty,
    l1_penalty_grad,
    l2_penalty,
    l2_penalty_grad,
    mixup,
    one_hot,
    random_crop,
    random_horizontal_flip,
    weight_noise,
)


# cross_entropy ----------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.35, 1.0])
def test_cross_entropy_with_class_indices_matches_torch(reduction, smoothing):
    logits = rng(1).normal(0, 3, size=(7, 5))
    target = rng(2).integers(0, 5, size=7)
    ours = cross_entropy(logits, target, reduction=reduction, label_smoothing=smoothing)
    theirs = F.cross_entropy(torch.tensor(logits), torch.tensor(target),
                             reduction=reduction, label_smoothing=smoothing)
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_with_probabilities_matches_torch(reduction, smoothing):
    logits = rng(3).normal(size=(6, 4))
    probs = rng(4).dirichlet(np.ones(4), size=6)
    ours = cross_entropy(logits, probs, reduction=reduction, label_smoothing=smoothing)
    theirs = F.cross_entropy(torch.tensor(logits), torch.tensor(probs),
                             reduction=reduction, label_smoothing=smoothing)
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_is_stable_for_huge_logits(smoothing):
    logits = 1e3 + rng(5).normal(0, 30, size=(5, 3))
    logits[0] = [1000.0, -1000.0, 0.0]
    target = np.array([0, 1, 2, 0, 1])
    ours = cross_entropy(logits, target, reduction="none", label_smoothing=smoothing)
    theirs = F.cross_entropy(torch.tensor(logits), torch.tensor(target),
                             reduction="none", label_smoothing=smoothing)
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-12, atol=1e-12)


def test_label_smoothing_caps_the_best_logit_gap():
    # With logits (a, 0, ..., 0) and target 0, the smoothed loss is smallest
    # where softmax equals the smoothed target: a* = log(C / eps - C + 1).
    c, eps = 10, 0.1
    gaps = np.linspace(0, 15, 30001)
    logits = np.zeros((len(gaps), c))
    logits[:, 0] = gaps
    losses = cross_entropy(logits, np.zeros(len(gaps), dtype=int),
                           reduction="none", label_smoothing=eps)
    assert abs(gaps[np.argmin(losses)] - np.log(c / eps - c + 1)) < 1e-3
    # without smoothing the loss keeps falling as the gap grows
    plain = cross_entropy(logits, np.zeros(len(gaps), dtype=int), reduction="none")
    assert np.all(np.diff(plain) < 0)


def test_cross_entropy_rejects_bad_input():
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match="target"):
        cross_entropy(logits, np.array([0, 1, 4]))
    with pytest.raises(ValueError, match="target"):
        cross_entropy(logits, np.array([0, 1]))
    with pytest.raises(ValueError, match="target"):
        cross_entropy(logits, np.zeros((3, 5)))
    with pytest.raises(TypeError, match="target"):
        cross_entropy(logits, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match="input"):
        cross_entropy(np.zeros(()), np.array(0))
    with pytest.raises(ValueError, match="reduction"):
        cross_entropy(logits, np.array([0, 1, 2]), reduction="average")
    with pytest.raises(ValueError, match="label_smoothing"):
        cross_entropy(logits, np.array([0, 1, 2]), label_smoothing=1.5)


# dropout ----------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_dropout_outputs_zero_or_the_scaled_input(p):
    x = rng(6).normal(size=(50, 40))
    out = dropout(x, p, rng=rng(7))
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-15)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_dropout_keeps_a_fraction_1_minus_p(p):
    n = 200_000
    kept = np.count_nonzero(dropout(np.ones(n), p, rng=rng(8)))
    # the count is Binomial(n, 1 - p); allow five standard deviations
    assert abs(kept - n * (1 - p)) < 5 * np.sqrt(n * p * (1 - p))


def test_dropout_keeps_the_expected_value():
    x = rng(9).normal(size=20)
    samples = np.stack([dropout(x, 0.3, rng=rng(s)) for s in range(4000)])
    # each sample mean has standard deviation |x| sqrt(p / (1 - p)) / sqrt(4000)
    bound = 5 * np.abs(x) * np.sqrt(0.3 / 0.7) / np.sqrt(4000)
    assert np.all(np.abs(samples.mean(axis=0) - x) < bound)


def test_dropout_is_the_identity_in_eval_or_with_p_zero():
    x = rng(10).normal(size=(3, 4))
    np.testing.assert_array_equal(dropout(x, 0.5, training=False), x)
    np.testing.assert_array_equal(dropout(x, 0.0, rng=rng()), x)


def test_dropout_with_p_one_gives_zeros():
    np.testing.assert_array_equal(dropout(np.ones((3, 4)), 1.0, rng=rng()), np.zeros((3, 4)))


def test_dropout_mask_depends_on_the_seed_only():
    x = np.ones(1000)
    np.testing.assert_array_equal(dropout(x, 0.5, rng=rng(11)), dropout(x, 0.5, rng=rng(11)))
    assert not np.array_equal(dropout(x, 0.5, rng=rng(11)), dropout(x, 0.5, rng=rng(12)))


@pytest.mark.parametrize("p", [-0.1, 1.5, float("nan")])
def test_dropout_rejects_p_outside_0_1(p):
    with pytest.raises(ValueError, match="between 0 and 1"):
        dropout(np.ones(3), p, rng=rng())


def test_dropout_rejects_a_p_that_is_not_a_number():
    # as torch: F.dropout(x, "0.5") is a TypeError
    with pytest.raises(TypeError, match="p"):
        dropout(np.ones(3), "0.5", rng=rng())


def test_dropout_without_rng_draws_from_a_fresh_generator():
    # rng=None, the default, is fresh randomness, as PyTorch's global
    # generator; anything else that is not a Generator is a TypeError
    out = dropout(np.ones(1000), 0.5)
    assert set(np.unique(out)) == {0.0, 2.0}
    with pytest.raises(TypeError, match="rng"):
        dropout(np.ones(3), 0.5, rng=0)


# early stopping ---------------------------------------------------------------


def test_early_stopping_waits_patience_epochs_without_improvement():
    stopper = EarlyStopping(patience=3)
    losses = [5.0, 4.0, 4.5, 3.9, 4.2, 4.1, 4.0, 1.0]
    stops = [stopper.step(v) for v in losses]
    # the best is 3.9 at epoch 3; epochs 4, 5 and 6 do not beat it
    assert stops == [False] * 6 + [True, False]
    assert stopper.best_epoch == 7 and stopper.best == 1.0


def test_min_delta_ignores_small_improvements():
    stopper = EarlyStopping(patience=2, min_delta=0.1)
    assert [stopper.step(v) for v in [1.0, 0.95, 0.92]] == [False, False, True]
    assert stopper.best == 1.0 and stopper.best_epoch == 0


def test_mode_max_follows_an_accuracy():
    stopper = EarlyStopping(patience=2, mode="max")
    assert [stopper.step(v) for v in [0.5, 0.7, 0.6, 0.7]] == [False, False, False, True]
    assert stopper.best == 0.7 and stopper.best_epoch == 1


def test_restore_brings_back_the_weights_of_the_best_validation_loss():
    # least squares trained by gradient descent on 8 points with 12 features
    # overfits; the restored weights give the smallest validation loss seen
    r = rng(13)
    x_train, x_val = r.normal(size=(8, 12)), r.normal(size=(50, 12))
    w_true = r.normal(size=12) * (r.random(12) < 0.3)
    y_train = x_train @ w_true + r.normal(0, 0.5, 8)
    y_val = x_val @ w_true + r.normal(0, 0.5, 50)
    w = np.zeros(12)
    stopper, history = EarlyStopping(patience=1_000_000), []
    for _ in range(300):
        w -= 0.01 * x_train.T @ (x_train @ w - y_train)
        val_loss = float(np.mean((x_val @ w - y_val) ** 2))
        history.append(val_loss)
        stopper.step(val_loss, [w])
    assert stopper.best == min(history)
    assert stopper.best_epoch == int(np.argmin(history)) < 299
    stopper.restore([w])
    assert np.mean((x_val @ w - y_val) ** 2) == min(history)


def test_early_stopping_rejects_bad_arguments():
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError, match="min_delta"):
        EarlyStopping(min_delta=-1.0)
    with pytest.raises(ValueError, match="mode"):
        EarlyStopping(mode="lowest")
    with pytest.raises(TypeError, match="metric"):
        EarlyStopping().step("0.5")
    with pytest.raises(RuntimeError, match="restore"):
        EarlyStopping().restore([np.zeros(2)])


# penalties ----------------------------------------------------------------------


def test_penalties_and_their_gradients_match_autograd():
    params = [rng(14).normal(size=(3, 4)), np.array([0.0, -2.0, 1.5])]
    tensors = [torch.tensor(p, requires_grad=True) for p in params]
    l2 = 0.3 / 2 * sum((w ** 2).sum() for w in tensors)
    l1 = 0.2 * sum(w.abs().sum() for w in tensors)
    (l2 + l1).backward()
    np.testing.assert_allclose(l2_penalty(params, 0.3), l2.item(), rtol=1e-14)
    np.testing.assert_allclose(l1_penalty(params, 0.2), l1.item(), rtol=1e-14)
    grads = [a + b for a, b in zip(l2_penalty_grad(params, 0.3), l1_penalty_grad(params, 0.2))]
    for grad, w in zip(grads, tensors):
        np.testing.assert_allclose(grad, w.grad.numpy(), rtol=1e-14)


def test_ridge_closed_form_is_where_the_penalized_gradient_vanishes():
    # gradient descent on ||Xw - y||^2 / 2 + l2_penalty converges to
    # (X^T X + lambda I)^{-1} X^T y
    r = rng(15)
    x, y, lam = r.normal(size=(20, 5)), r.normal(size=20), 2.0
    w = np.zeros(5)
    for _ in range(3000):
        w -= 0.02 * (x.T @ (x @ w - y) + l2_penalty_grad([w], lam)[0])
    np.testing.assert_allclose(w, np.linalg.solve(x.T @ x + lam * np.eye(5), x.T @ y), rtol=1e-10)


def test_soft_thresholding_minimizes_a_diagonal_quadratic_plus_l1():
    # the weight-decay page's eq. (4): w_i = sign(w*_i) max(|w*_i| - alpha / h_i, 0)
    # minimizes sum_i h_i (w_i - w*_i)^2 / 2 + l1_penalty(w, alpha); check the
    # optimality conditions and compare with nearby points
    h, w_star, alpha = np.array([0.5, 4.0, 2.0, 1.0]), np.array([2.0, 1.0, -0.2, -3.0]), 1.0
    w = np.sign(w_star) * np.maximum(np.abs(w_star) - alpha / h, 0)

    def objective(v):
        return 0.5 * np.sum(h * (v - w_star) ** 2) + l1_penalty([v], alpha)

    nonzero = w != 0
    slope = h * (w - w_star) + l1_penalty_grad([w], alpha)[0]
    np.testing.assert_allclose(slope[nonzero], 0, atol=1e-15)
    assert np.all(np.abs(h * w_star)[~nonzero] <= alpha)  # 0 is in the subdifferential
    for step in rng(16).normal(0, 0.05, size=(200, 4)):
        assert objective(w + step) >= objective(w)


@pytest.mark.parametrize("function", [l2_penalty, l2_penalty_grad, l1_penalty, l1_penalty_grad])
def test_penalties_reject_bad_input(function):
    with pytest.raises(TypeError, match="params"):
        function(np.ones(3), 0.1)
    with pytest.raises(ValueError, match="weight_decay|alpha"):
        function([np.ones(3)], -0.1)


# noise --------------------------------------------------------------------------


def test_gaussian_noise_has_the_requested_deviation():
    x = np.full(100_000, 3.0)
    noisy = gaussian_noise(x, 0.5, rng=rng(16))
    # sample mean and standard deviation within five of their standard errors
    assert abs(noisy.mean() - 3.0) < 5 * 0.5 / np.sqrt(x.size)
    assert abs(noisy.std() - 0.5) < 5 * 0.5 / np.sqrt(2 * x.size)
    assert gaussian_noise(x, 0.5, training=False) is x


def test_input_noise_on_a_linear_model_adds_an_l2_penalty():
    # E[(w.(x + e) - y)^2] = (w.x - y)^2 + std^2 ||w||^2  (Bishop, 1995)
    r = rng(17)
    w, x, y, std = r.normal(size=4), r.normal(size=4), 0.7, 0.3
    copies = gaussian_noise(np.tile(x, (200_000, 1)), std, rng=r)
    losses = (copies @ w - y) ** 2
    expected = (w @ x - y) ** 2 + std**2 * (w @ w)
    assert abs(losses.mean() - expected) < 5 * losses.std() / np.sqrt(len(losses))


def test_weight_noise_leaves_the_weights_and_perturbs_copies():
    params = [np.zeros((100, 100)), np.ones(10_000)]
    noisy = weight_noise(params, 0.1, rng=rng(18))
    np.testing.assert_array_equal(params[0], 0)
    np.testing.assert_array_equal(params[1], 1)
    for clean, copy in zip(params, noisy):
        assert copy.shape == clean.shape
        assert abs((copy - clean).std() - 0.1) < 5 * 0.1 / np.sqrt(2 * clean.size)


def test_noise_rejects_bad_input():
    with pytest.raises(ValueError, match="std"):
        gaussian_noise(np.ones(3), -1.0, rng=rng())
    with pytest.raises(TypeError, match="rng"):
        gaussian_noise(np.ones(3), 0.1, rng=0)
    assert gaussian_noise(np.ones(3), 0.1).shape == (3,)  # rng=None: a fresh one
    with pytest.raises(TypeError, match="params"):
        weight_noise(np.ones(3), 0.1, rng=rng())


# augmentation -------------------------------------------------------------------


def images(n=6, c=3, h=5, w=7, seed=19):
    return rng(seed).random((n, c, h, w))


def test_flip_mirrors_the_chosen_images_and_keeps_the_others():
    x = images(n=400)
    out = random_horizontal_flip(x, p=0.3, rng=rng(20))
    flipped = np.array([np.array_equal(o, i[..., ::-1]) for o, i in zip(out, x)])
    kept = np.array([np.array_equal(o, i) for o, i in zip(out, x)])
    assert np.all(flipped ^ kept)
    # Binomial(400, 0.3): mean 120, standard deviation about 9.2
    assert abs(flipped.sum() - 120) < 5 * np.sqrt(400 * 0.3 * 0.7)
    np.testing.assert_array_equal(random_horizontal_flip(x, p=0.0, rng=rng()), x)


def test_crop_is_a_window_of_the_zero_padded_image():
    x = images(n=20, h=6, w=6) + 1  # nonzero, so padding is recognizable
    out = random_crop(x, (5, 4), padding=2, rng=rng(21))
    padded = np.pad(x, [(0, 0), (0, 0), (2, 2), (2, 2)])
    assert out.shape == (20, 3, 5, 4)
    for o, p in zip(out, padded):
        windows = [(i, j) for i in range(6) for j in range(7)
                   if np.array_equal(p[:, i:i + 5, j:j + 4], o)]
        assert len(windows) == 1


def test_crop_of_full_size_without_padding_is_the_identity():
    x = images()
    np.testing.assert_array_equal(random_crop(x, (5, 7), rng=rng()), x)


def test_color_jitter_scales_brightness_within_its_range():
    x = images(n=50) * 0.5  # at most 0.5, so a gain up to 1.5 never clips
    out = color_jitter(x, brightness=0.5, rng=rng(22))
    gains = out / x
    np.testing.assert_allclose(gains, gains[:, :1, :1, :1] * np.ones_like(x), rtol=1e-12)
    assert np.all((gains >= 0.5) & (gains <= 1.5))
    np.testing.assert_allclose(color_jitter(x, rng=rng()), x, rtol=1e-15, atol=1e-16)


def test_color_jitter_keeps_the_mean_when_changing_contrast():
    x = 0.25 + images(n=30) * 0.5  # in [0.25, 0.75]: a stretch up to 1.5 never clips
    out = color_jitter(x, contrast=0.5, rng=rng(23))
    np.testing.assert_allclose(out.mean(axis=(1, 2, 3)), x.mean(axis=(1, 2, 3)), rtol=1e-12)
    assert np.all((out >= 0) & (out <= 1))


def test_augmentations_reject_bad_input():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        random_horizontal_flip(np.ones((3, 4, 4)), rng=rng())
    with pytest.raises(ValueError, match="p"):
        random_horizontal_flip(images(), p=2.0, rng=rng())
    with pytest.raises(ValueError, match="size"):
        random_crop(images(), 8, rng=rng())
    with pytest.raises(ValueError, match="padding"):
        random_crop(images(), 4, padding=-1, rng=rng())
    with pytest.raises(ValueError, match="brightness"):
        color_jitter(images(), brightness=1.5, rng=rng())
    with pytest.raises(TypeError, match="rng"):
        random_crop(images(), 4, rng=None)


# mixup, cutmix, cutout ------------------------------------------------------------


def test_one_hot_and_its_errors():
    np.testing.assert_array_equal(one_hot([1, 0], 3), [[0, 1, 0], [1, 0, 0]])
    with pytest.raises(ValueError, match="target"):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match="target"):
        one_hot([0.0, 1.0], 3)
    with pytest.raises(ValueError, match="num_classes"):
        one_hot([0], 0)


@pytest.mark.parametrize("seed", range(5))
def test_mixup_blends_images_and_targets_with_the_same_weight(seed):
    x = images(n=8, seed=seed)
    labels = np.arange(8)  # one class per example, so the pairing is visible
    mixed, targets = mixup(x, one_hot(labels, 8), alpha=0.4, rng=rng(seed))
    np.testing.assert_allclose(targets.sum(axis=1), 1, rtol=1e-15)
    lam, partner = pairing(targets, labels)
    paired = partner != labels
    assert paired.any()
    batch_lam = lam[paired][0]
    np.testing.assert_allclose(lam[paired], batch_lam, rtol=1e-15)  # one weight
    expected = batch_lam * x + (1 - batch_lam) * x[partner]
    np.testing.assert_allclose(mixed, expected, rtol=1e-12, atol=1e-15)


def test_mixup_weight_follows_a_beta_distribution():
    lams = []
    for seed in range(2000):
        _, targets = mixup(np.zeros((2, 1)), np.eye(2), alpha=0.4, rng=rng(seed))
        if targets[0, 1] > 0:  # half the draws pair each example with itself
            lams.append(targets[0, 0])
    # Beta(0.4, 0.4): mean 1/2, variance 1 / (4 (2 alpha + 1)) = 1 / 7.2
    assert abs(np.mean(lams) - 0.5) < 5 * np.sqrt(1 / 7.2 / len(lams))
    assert abs(np.var(lams) - 1 / 7.2) < 0.02


@pytest.mark.parametrize("seed", range(30))
def test_cutmix_weight_equals_the_pasted_area(seed):
    x = images(n=6, h=9, w=12, seed=100 + seed)  # all pixels distinct
    labels = np.arange(6)
    mixed, targets = cutmix(x, one_hot(labels, 6), alpha=1.0, rng=rng(seed))
    np.testing.assert_allclose(targets.sum(axis=1), 1, rtol=1e-15)
    lam, partner = pairing(targets, labels)
    for i in range(6):
        changed = np.any(mixed[i] != x[i], axis=0)
        if partner[i] == i or lam[i] == 1.0:
            assert not changed.any()
            continue
        # the pasted pixels come from the partner, inside one rectangle
        rows, cols = np.nonzero(changed)
        box = (slice(rows.min(), rows.max() + 1), slice(cols.min(), cols.max() + 1))
        assert changed[box].all()
        np.testing.assert_array_equal(mixed[i][:, box[0], box[1]], x[partner[i]][:, box[0], box[1]])
        np.testing.assert_allclose(1 - lam[i], changed.sum() / changed.size, rtol=1e-12)


def test_cutmix_clips_the_box_and_corrects_the_weight():
    # over many draws some boxes are clipped: their area is below the
    # nominal 1 - lam, and the target weight still equals the real area
    clipped = 0
    for seed in range(200):
        x = images(n=2, h=10, w=10, seed=seed)
        mixed, targets = cutmix(x, np.eye(2), rng=rng(seed))
        area = np.any(mixed[0] != x[0], axis=0).mean()
        if targets[0, 1] > 0:
            np.testing.assert_allclose(targets[0, 1], area, rtol=1e-12)
            nominal = 1 - np.random.default_rng(seed).beta(1.0, 1.0)
            clipped += area < nominal - 0.2
    assert clipped > 10


@pytest.mark.parametrize("seed", range(40))
def test_cutout_zeroes_a_square_clipped_at_the_borders(seed):
    x = images(n=4, h=9, w=9, seed=seed) + 1  # no zero pixel before cutout
    labels = np.array([0, 2, 1, 2])
    out, targets = cutout(x, one_hot(labels, 3), size=4, rng=rng(seed))
    np.testing.assert_array_equal(targets, one_hot(labels, 3))
    for o, i in zip(out, x):
        zero = np.all(o == 0, axis=0)
        np.testing.assert_array_equal(o[:, ~zero], i[:, ~zero])
        rows, cols = np.nonzero(zero)
        height, width = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
        assert zero.sum() == height * width  # a rectangle
        assert height <= 4 and width <= 4
        # shorter than 4 only where it meets the image's border
        if height < 4:
            assert rows.min() == 0 or rows.max() == 8
        if width < 4:
            assert cols.min() == 0 or cols.max() == 8


def test_mixing_rejects_bad_input():
    x, y = images(n=4), one_hot([0, 1, 0, 1], 2)
    with pytest.raises(ValueError, match="alpha"):
        mixup(x, y, alpha=0.0, rng=rng())
    with pytest.raises(ValueError, match="input"):
        mixup(x[:3], y, rng=rng())
    with pytest.raises(ValueError, match="input"):
        cutmix(x[:, 0], y, rng=rng())
    with pytest.raises(ValueError, match="size"):
        cutout(x, y, size=0, rng=rng())
    with pytest.raises(ValueError, match="target"):
        cutmix(x, np.array([0, 1, 0, 1]), rng=rng())
    with pytest.raises(ValueError, match="target"):
        cutout(x, np.array([0, 1, 0, 1]), size=2, rng=rng())
    with pytest.raises(TypeError, match="rng"):
        mixup(x, y, rng=0)
