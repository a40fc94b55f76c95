"""Weight decay is an L2 penalty for SGD, and is not for Adam: the fact the
weight-decay page teaches, with snippets.optimizers and with torch.optim."""

import numpy as np
import pytest
import torch

from snippets import optimizers
from snippets.optimizers import SGD, Adam, AdamW
from snippets.regularization import l2_penalty, l2_penalty_grad

rng = np.random.default_rng(0)
X = rng.normal(size=(12, 5))
Y = rng.normal(size=12)


def loss_grad(w):  # gradient of mean((X w - y)^2) / 2
    return X.T @ (X @ w - Y) / len(Y)


def train(optimizer, l2=0.0, steps=150, **hyperparameters):
    """Weights after ``steps`` full-batch steps on the loss plus l2_penalty."""
    w = np.linspace(-2.0, 2.0, 5)
    opt = optimizer([w], **hyperparameters)
    path = []
    for _ in range(steps):
        opt.step([loss_grad(w) + l2_penalty_grad([w], l2)[0]])
        path.append(w.copy())
    return np.array(path)


def train_torch(optimizer, l2=0.0, steps=150, **hyperparameters):
    w = torch.linspace(-2.0, 2.0, 5, dtype=torch.float64, requires_grad=True)
    opt = optimizer([w], **hyperparameters)
    x, y = torch.from_numpy(X), torch.from_numpy(Y)
    for _ in range(steps):
        opt.zero_grad()
        penalty = l2 / 2 * (w**2).sum()
        (((x @ w - y) ** 2).mean() / 2 + penalty).backward()
        opt.step()
    return w.detach().numpy()


@pytest.mark.parametrize("momentum,nesterov", [(0.0, False), (0.9, False), (0.9, True)])
def test_sgd_weight_decay_is_sgd_on_the_l2_penalized_loss(momentum, nesterov):
    decayed = train(SGD, lr=0.05, momentum=momentum, nesterov=nesterov, weight_decay=0.3)
    penalized = train(SGD, l2=0.3, lr=0.05, momentum=momentum, nesterov=nesterov)
    np.testing.assert_allclose(decayed, penalized, rtol=1e-13, atol=1e-15)
    assert not np.allclose(decayed, train(SGD, lr=0.05, momentum=momentum, nesterov=nesterov))


def test_sgd_converges_to_the_minimizer_of_loss_plus_penalty():
    w = train(SGD, steps=4000, lr=0.1, weight_decay=0.3)[-1]
    ridge = np.linalg.solve(X.T @ X / len(Y) + 0.3 * np.eye(5), X.T @ Y / len(Y))
    np.testing.assert_allclose(w, ridge, rtol=1e-10)
    # the gradient of loss + l2_penalty vanishes there
    np.testing.assert_allclose(loss_grad(w) + l2_penalty_grad([w], 0.3)[0], 0, atol=1e-12)


def test_adam_weight_decay_is_an_l2_penalty_and_adamw_is_not():
    coupled = train(Adam, lr=0.02, weight_decay=0.3)
    penalized = train(Adam, l2=0.3, lr=0.02)
    decoupled = train(AdamW, lr=0.02, weight_decay=0.3)
    np.testing.assert_allclose(coupled, penalized, rtol=1e-13, atol=1e-15)
    assert np.max(np.abs(decoupled[-1] - coupled[-1])) > 0.05


@pytest.mark.parametrize("name,optimizer,hyper", [
    ("SGD", SGD, {"lr": 0.05, "weight_decay": 0.3}),
    ("SGD", SGD, {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.3}),
    ("Adam", Adam, {"lr": 0.02, "weight_decay": 0.3}),
    ("AdamW", AdamW, {"lr": 0.02, "weight_decay": 0.3}),
])
def test_the_same_runs_in_torch_optim(name, optimizer, hyper):
    ours = train(optimizer, **hyper)[-1]
    np.testing.assert_allclose(ours, train_torch(getattr(torch.optim, name), **hyper),
                               rtol=1e-11, atol=1e-13)
    if name != "AdamW":  # torch agrees that weight_decay is the penalty here
        np.testing.assert_allclose(
            train_torch(getattr(torch.optim, name), l2=hyper["weight_decay"],
                        **{k: v for k, v in hyper.items() if k != "weight_decay"}),
            ours, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "NAdam", "RAdam"])
def test_every_coupled_weight_decay_is_the_same_l2_penalty(name):
    # one weight-decay step, in the base class: weight_decay adds its gradient
    optimizer = getattr(optimizers, name)
    decayed = train(optimizer, lr=0.02, weight_decay=0.3)
    penalized = train(optimizer, l2=0.3, lr=0.02)
    np.testing.assert_allclose(decayed, penalized, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("optimizer,hyper", [
    (AdamW, {}), (Adam, {"decoupled_weight_decay": True}),
    (optimizers.NAdam, {"decoupled_weight_decay": True}),
    (optimizers.RAdam, {"decoupled_weight_decay": True}),
])
def test_decoupled_decay_shrinks_the_weights_then_steps_without_decay(optimizer, hyper):
    decayed = train(optimizer, lr=0.02, weight_decay=0.3, **hyper)
    w = np.linspace(-2.0, 2.0, 5)
    plain = optimizer([w], lr=0.02, weight_decay=0.0, **hyper)
    for row in decayed:
        g = loss_grad(w)
        w *= 1 - 0.02 * 0.3  # eq. (25), then the step without decay
        plain.step([g])
        np.testing.assert_array_equal(w, row)


def test_adamw_shrinks_weights_by_1_minus_lr_lambda_whatever_the_gradient():
    # with zero loss gradient Adam's own step is 0 / (0 + eps) = 0
    w0 = np.array([5.0, -0.01, 300.0])
    w = w0.copy()
    opt = AdamW([w], lr=0.01, weight_decay=0.2)
    for _ in range(50):
        opt.step([np.zeros(3)])
    np.testing.assert_allclose(w, w0 * (1 - 0.01 * 0.2) ** 50, rtol=1e-13)


def test_adam_normalizes_the_l2_term_away():
    # Adam's first step is lr * g / (|g| + eps), bias corrections cancelling:
    # the penalty's gradient g = lambda w moves every weight by about lr,
    # whatever lambda and |w|
    for decay in (1e-3, 1.0):
        w0 = np.array([5.0, -0.01, 300.0])
        w = w0.copy()
        Adam([w], lr=0.01, weight_decay=decay).step([np.zeros(3)])
        g = decay * w0
        np.testing.assert_allclose(w0 - w, 0.01 * g / (np.abs(g) + 1e-8), atol=1e-13)
        np.testing.assert_allclose(w0 - w, 0.01 * np.sign(w0), rtol=1e-2)


def test_adam_l2_spares_weights_with_noisy_gradients_and_adamw_does_not():
    # gradients that are pure noise of very different sizes; only the decay
    # pulls the weights toward 0 (the weight-decay page's figure)
    scales = np.repeat([0.01, 100.0], 300)
    final = {}
    for optimizer in (Adam, AdamW):
        noise = np.random.default_rng(1)
        w = np.ones(600)
        opt = optimizer([w], lr=0.01, weight_decay=0.1)
        for _ in range(1000):
            opt.step([scales * noise.standard_normal(600)])
        final[optimizer.__name__] = w[:300].mean(), w[300:].mean()
    small, large = final["Adam"]
    assert abs(small) < 0.05 and large > 0.9  # decayed unequally
    small, large = final["AdamW"]
    expected = (1 - 0.01 * 0.1) ** 1000  # about 0.37
    assert abs(small - expected) < 0.1 and abs(large - expected) < 0.1


def test_l2_penalty_value_matches_its_gradient():
    w = [np.array([1.0, -2.0]), np.array([[0.5]])]
    h = 1e-6
    bumped = [w[0] + [h, 0.0], w[1]]
    slope = (l2_penalty(bumped, 0.4) - l2_penalty(w, 0.4)) / h
    np.testing.assert_allclose(slope, l2_penalty_grad(w, 0.4)[0][0], rtol=1e-5)
