"""The claims of the optimizers chapter's exercise solutions.

Each test asserts what a folded solution on ``docs/*/optimizers/*.md``
states, so that a solution whose result no longer holds fails here; where the
claim is about parity, the run is repeated with ``torch.optim`` in float64.
"""

import math

import numpy as np
import pytest
import torch

from snippets.exercises import optimizers as ex


def torch_run(name, grads, x0=0.0, **hyperparameters):
    """Every iterate of torch.optim.<name> on a given gradient sequence."""
    x = torch.tensor(np.atleast_1d(np.asarray(x0, dtype=float)).copy(),
                     requires_grad=True)
    optimizer = getattr(torch.optim, name)([x], foreach=False,
                                           **hyperparameters)
    path = [x.detach().numpy().copy()]
    for g in grads:
        x.grad = torch.as_tensor(np.asarray(g, dtype=float))
        optimizer.step()
        path.append(x.detach().numpy().copy())
    return np.array(path)


def torch_path_with_gradient(name, grad, x0, steps, **hyperparameters):
    """Every iterate of torch.optim.<name> when the gradient depends on x."""
    x = torch.tensor([float(x0)], dtype=torch.float64, requires_grad=True)
    optimizer = getattr(torch.optim, name)([x], foreach=False,
                                           **hyperparameters)
    path = [x.item()]
    for _ in range(steps):
        x.grad = torch.as_tensor(grad(x.detach().numpy().copy()))
        optimizer.step()
        path.append(x.item())
    return np.array(path)


# --- sgd.md -----------------------------------------------------------------

def test_l2_term_and_shrinking_agree_without_momentum_only():
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal(1) for _ in range(30)]
    l2, shrink = ex.decay_two_ways(grads)
    np.testing.assert_allclose(l2, shrink, rtol=1e-12, atol=1e-14)
    l2, shrink = ex.decay_two_ways(grads, momentum=0.9)
    assert abs(l2[0] - shrink[0]) > 1e-2


def test_maximize_climbs_to_the_maximum_as_torch_does():
    lr, steps = 0.1, 20
    path = ex.ascent(lr=lr, steps=steps)
    t = np.arange(steps + 1)
    np.testing.assert_allclose(path, 3 - 3 * (1 - 2 * lr) ** t, rtol=1e-12)
    theirs = torch_path_with_gradient("SGD", lambda x: -2 * (x - 3), 0.0,
                                      steps, lr=lr, maximize=True)
    np.testing.assert_allclose(path, theirs, rtol=1e-12)
    # minimizing -f with its own gradient, 2 (x - 3), takes the same path
    minimized = torch_path_with_gradient("SGD", lambda x: 2 * (x - 3), 0.0,
                                         steps, lr=lr)
    np.testing.assert_allclose(path, minimized, rtol=1e-12)


def test_maximize_leaves_weight_decay_a_decay():
    from snippets.optimizers import SGD
    w = np.array([2.0])
    SGD([w], lr=0.1, weight_decay=0.5, maximize=True).step([np.zeros(1)])
    theirs = torch_run("SGD", [np.zeros(1)], 2.0, lr=0.1, weight_decay=0.5,
                       maximize=True)
    assert w[0] == pytest.approx(2.0 * (1 - 0.1 * 0.5)) == theirs[-1, 0]


@pytest.mark.parametrize("lr", [0.1, 0.05])
def test_noise_floor_is_lr_over_two_times_two_minus_lr(lr):
    curve = ex.noise_floor(lr, rng=np.random.default_rng(1))
    floor = lr / (2 * (2 - lr))
    assert curve[-200:].mean() == pytest.approx(floor, rel=0.03)


def test_noise_floor_halves_with_the_learning_rate():
    high = ex.noise_floor(0.1, rng=np.random.default_rng(2))[-200:].mean()
    low = ex.noise_floor(0.05, rng=np.random.default_rng(3))[-200:].mean()
    assert high / low == pytest.approx(2 * 1.95 / 1.9, rel=0.05)


# --- momentum.md ------------------------------------------------------------

@pytest.mark.parametrize("momentum,fraction", [(0.9, 0.99), (0.99, 0.99),
                                               (0.9, 0.9), (0.5, 0.999)])
def test_steps_to_terminal_speed(momentum, fraction):
    predicted = math.ceil(math.log(1 - fraction) / math.log(momentum))
    assert ex.steps_to_speed(momentum, fraction) == predicted
    if (momentum, fraction) == (0.9, 0.99):
        assert predicted == 44


def test_dampening_equal_to_momentum_steps_by_lr_under_a_constant_gradient():
    steps = ex.dampened_steps([np.ones(1)] * 50)
    np.testing.assert_allclose(steps, 0.1, rtol=1e-12)
    rng = np.random.default_rng(4)
    grads = [rng.standard_normal(1) for _ in range(50)]
    theirs = torch_run("SGD", grads, lr=0.1, momentum=0.9, dampening=0.9)
    np.testing.assert_allclose(ex.dampened_steps(grads),
                               -np.diff(theirs[:, 0]), rtol=1e-10, atol=1e-14)


def test_dampened_momentum_averages_the_noise_of_the_step():
    rng = np.random.default_rng(0)
    grads = [1 + rng.standard_normal(1) for _ in range(2000)]
    steps = ex.dampened_steps(grads)
    assert steps.mean() == pytest.approx(0.1 * np.mean(grads), rel=0.01)
    assert steps.std() == pytest.approx(0.1 * math.sqrt(0.1 / 1.9), rel=0.05)
    assert round(math.sqrt(0.1 / 1.9), 2) == 0.23


def test_nesterov_contracts_by_root_of_mu_times_one_minus_h():
    mu, h = 0.9, 0.1  # h = lr * curvature
    assert (1 + mu - h) ** 2 < 4 * mu  # complex roots: heavy ball
    assert ((1 + mu) * (1 - h)) ** 2 < 4 * mu * (1 - h)  # and Nesterov
    assert ex.contraction_rate(False) == pytest.approx(math.sqrt(mu), abs=1e-3)
    assert ex.contraction_rate(True) == pytest.approx(
        math.sqrt(mu * (1 - h)), abs=1e-3)
    assert round(math.sqrt(mu), 3) == 0.949
    assert round(math.sqrt(mu * (1 - h)), 3) == 0.9


# --- adagrad.md -------------------------------------------------------------

def test_adagrad_distance_grows_like_two_lr_root_t():
    lr, steps = 0.01, 10_000
    distance = ex.adagrad_distance(steps, lr=lr)
    exact = lr * np.sum(1 / np.sqrt(np.arange(1, steps + 1)))
    assert distance == pytest.approx(exact, rel=1e-8)
    assert 2 * lr * (math.sqrt(steps + 1) - 1) <= distance
    assert distance <= lr * (2 * math.sqrt(steps) - 1)
    assert round(distance, 2) == 1.99
    assert round(2 * lr * (math.sqrt(steps + 1) - 1), 3) == 1.980
    four_times = ex.adagrad_distance(4 * steps, lr=lr)
    assert four_times / distance == pytest.approx(2, rel=1e-2)


def test_adagrad_with_lr_decay_travels_a_bounded_distance():
    lr, gamma = 0.01, 0.1
    d1, d2 = (ex.adagrad_distance(n, lr=lr, lr_decay=gamma)
              for n in (1000, 100_000))
    assert d2 - d1 <= 2 * lr / (gamma * math.sqrt(1000))
    assert d2 < lr * (1 + 2 / gamma)
    assert round(lr * (1 + 2 / gamma), 2) == 0.21
    grads = [np.ones(1)] * 200
    theirs = torch_run("Adagrad", grads, lr=lr, lr_decay=gamma)
    assert ex.adagrad_distance(200, lr=lr, lr_decay=gamma) == pytest.approx(
        -theirs[-1, 0], rel=1e-12)


@pytest.mark.parametrize("every", [4, 100, 25])
def test_rare_feature_steps_root_every_times_longer(every):
    ratio = ex.sparse_step_ratio(every=every)
    assert ratio == pytest.approx(math.sqrt(every), rel=1e-6)


# --- rmsprop-adadelta.md ----------------------------------------------------

def test_rmsprop_steps_are_lr_over_root_one_minus_alpha_t():
    lr, alpha = 0.01, 0.99
    sizes = ex.rmsprop_steps(1000, lr=lr, alpha=alpha)
    t = np.arange(1, 1001)
    np.testing.assert_allclose(sizes, lr / np.sqrt(1 - alpha**t), rtol=1e-6)
    within = int(np.argmax(sizes <= 1.01 * lr)) + 1
    assert within == math.ceil(math.log(1 - 1 / 1.01**2) / math.log(alpha))
    assert within == 391
    sizes = ex.rmsprop_steps(100, lr=lr, alpha=0.9)
    assert int(np.argmax(sizes <= 1.01 * lr)) + 1 == 38


def test_centered_rmsprop_divides_by_a_vanishing_deviation():
    lr, alpha = 0.01, 0.99
    sizes = ex.rmsprop_steps(1000, lr=lr, alpha=alpha, centered=True)
    t = np.arange(1, 1001)
    a = alpha**t
    eps = 1e-8  # RMSprop's default, outside the root
    np.testing.assert_allclose(sizes, lr / (np.sqrt(a * (1 - a)) + eps),
                               rtol=1e-6)
    assert sizes.min() >= 2 * lr * (1 - 1e-6)
    smallest = int(np.argmin(sizes)) + 1
    assert smallest == round(math.log(2) / math.log(1 / alpha)) == 69
    assert round(sizes[-1] / lr) == 152
    theirs = torch_run("RMSprop", [np.ones(1)] * 1000, lr=lr, alpha=alpha,
                       centered=True)
    np.testing.assert_allclose(sizes, -np.diff(theirs[:, 0]), rtol=1e-9)
    later = ex.rmsprop_steps(3000, lr=lr, alpha=alpha, centered=True)
    assert later[-1] > 30_000
    assert later[-1] < lr / 1e-8  # the ceiling is not lr * g / eps


def test_adadelta_first_step_is_root_eps_over_one_minus_rho_or_g():
    rho, eps = 0.9, 1e-6
    for g in (1e4, 1.0, 1e-2, 1e-4, 1e-6):
        exact = math.sqrt(eps) * g / math.sqrt((1 - rho) * g * g + eps)
        assert ex.adadelta_first_step(g) == pytest.approx(exact, rel=1e-12)
        theirs = torch_run("Adadelta", [np.array([g])])
        assert ex.adadelta_first_step(g) == pytest.approx(
            abs(theirs[-1, 0]), rel=1e-12)
    limit = math.sqrt(eps / (1 - rho))
    assert round(limit, 5) == 0.00316
    assert ex.adadelta_first_step(1.0) == pytest.approx(limit, rel=1e-5)
    assert ex.adadelta_first_step(1e-4) == pytest.approx(1e-4, rel=1e-3)


# --- adam.md ----------------------------------------------------------------

def test_adam_first_step_is_lr_whatever_the_scale():
    lr, eps = 1e-3, 1e-8
    for g in (1e-4, 1e-2, 1.0, 1e2, 1e6):
        size = ex.adam_first_step(g)
        assert size == pytest.approx(lr * g / (g + eps), rel=1e-12)
        assert size == pytest.approx(lr, rel=1e-4)
        theirs = torch_run("Adam", [np.array([g])])
        assert size == pytest.approx(abs(theirs[-1, 0]), rel=1e-12)
    assert ex.adam_first_step(eps) == pytest.approx(lr / 2, rel=1e-12)
    assert round(0.1 / math.sqrt(0.001), 2) == 3.16  # uncorrected m / sqrt(v)


def test_adam_with_zero_betas_is_sign_descent():
    rng = np.random.default_rng(5)
    grads = [rng.standard_normal(3) * 10.0 ** rng.integers(-3, 4, 3)
             for _ in range(20)]
    lr, eps = 0.01, 1e-8
    path = ex.adam_zero_betas(grads, lr=lr)
    expected = -lr * np.cumsum([g / (np.abs(g) + eps) for g in grads], axis=0)
    np.testing.assert_allclose(path[1:], expected, rtol=1e-10, atol=1e-15)
    theirs = torch_run("Adam", grads, x0=np.zeros(3), lr=lr, betas=(0.0, 0.0))
    np.testing.assert_allclose(path, theirs, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("sigma", [0.0, 1.0, 3.0, 10.0])
def test_adam_late_step_is_lr_times_signal_over_rms(sigma):
    predicted = 1e-3 / math.sqrt(1 + sigma**2)
    assert ex.adam_late_step(sigma) == pytest.approx(predicted, rel=1e-3)


# --- adam-variants.md -------------------------------------------------------

@pytest.mark.parametrize("weight_decay", [1e-4, 1e-2, 1.0])
def test_unused_weight_under_adamw_and_adam_l2(weight_decay):
    lr, steps = 1e-3, 100
    decoupled = ex.unused_weight(True, weight_decay)
    assert decoupled == pytest.approx((1 - lr * weight_decay) ** steps,
                                      rel=1e-12)
    l2 = ex.unused_weight(False, weight_decay)
    assert 1 - steps * lr < l2 < 1 - 0.95 * steps * lr
    zeros = [np.zeros(1)] * steps
    ours_theirs = [(decoupled, torch_run("AdamW", zeros, 1.0, lr=lr,
                                         weight_decay=weight_decay)),
                   (l2, torch_run("Adam", zeros, 1.0, lr=lr,
                                  weight_decay=weight_decay))]
    for value, theirs in ours_theirs:
        assert value == pytest.approx(theirs[-1, 0], rel=1e-12)


def test_adamw_and_adam_l2_agree_at_one_step_when_wd_times_w_is_one():
    lr = 1e-3
    one_step = [ex.unused_weight(d, 1.0, steps=1) for d in (True, False)]
    np.testing.assert_allclose(one_step, 1 - lr, rtol=1e-10)
    assert round(ex.unused_weight(True, 1.0), 5) == 0.90479
    assert round(ex.unused_weight(False, 1.0), 4) == 0.9017


def test_radam_is_bias_corrected_momentum_for_five_steps():
    rng = np.random.default_rng(6)
    grads = [rng.standard_normal(2) for _ in range(12)]
    radam, momentum = ex.radam_and_momentum(grads)
    np.testing.assert_allclose(radam[:6], momentum[:6], rtol=1e-12)
    assert np.abs(radam[6] - momentum[6]).max() > 1e-4


def test_radam_never_rectifies_when_beta2_is_at_most_two_thirds():
    rho_inf = lambda beta2: 2 / (1 - beta2) - 1  # noqa: E731
    assert rho_inf(2 / 3) == pytest.approx(5)
    assert rho_inf(0.6) == pytest.approx(4) and 5 < rho_inf(0.7)
    rho_t = [rho_inf(0.999) - 2 * t * 0.999**t / (1 - 0.999**t)
             for t in range(1, 7)]
    assert max(rho_t[:5]) <= 5 < rho_t[5] and round(rho_t[5], 2) == 5.99
    rng = np.random.default_rng(7)
    grads = [rng.standard_normal(2) for _ in range(300)]
    radam, momentum = ex.radam_and_momentum(grads, betas=(0.9, 0.6))
    np.testing.assert_allclose(radam, momentum, rtol=1e-10, atol=1e-12)
    theirs = torch_run("RAdam", grads, x0=np.zeros(2), lr=0.01,
                       betas=(0.9, 0.6))
    np.testing.assert_allclose(radam, theirs, rtol=1e-10, atol=1e-12)
    radam, momentum = ex.radam_and_momentum(grads, betas=(0.9, 0.7))
    assert np.abs(radam - momentum).max() > 1e-4


# --- comparison.md ----------------------------------------------------------

def _nadam_first_step(lr=2e-3, beta1=0.9, psi=4e-3):
    mu1 = beta1 * (1 - 0.5 * 0.96 ** psi)
    mu2 = beta1 * (1 - 0.5 * 0.96 ** (2 * psi))
    return lr * (1 + mu2 * (1 - beta1) / (1 - mu1 * mu2))


@pytest.mark.parametrize("grad", [1e-4, 1.0, 100.0])
def test_first_steps_with_the_defaults(grad):
    sizes = ex.first_steps(grad)
    predicted = {
        "SGD": 1e-3 * grad, "Adagrad": 1e-2 * grad / (grad + 1e-10),
        "RMSprop": 1e-2 * grad / (math.sqrt(0.01) * grad + 1e-8),
        "Adadelta": math.sqrt(1e-6) * grad / math.sqrt(0.1 * grad**2 + 1e-6),
        "Adam": 1e-3 * grad / (grad + 1e-8),
        "AdamW": 1e-3 * grad / (grad + 1e-8),
        "NAdam": _nadam_first_step() * grad / (grad + 1e-8),
        "RAdam": 1e-3 * grad,
    }
    assert sizes.keys() == predicted.keys()
    for name, size in sizes.items():
        assert size == pytest.approx(predicted[name], rel=1e-4), name
        theirs = torch_run(name, [np.array([grad])])
        # torch keeps NAdam's product of momenta in float32
        rel = 1e-7 if name == "NAdam" else 1e-9
        assert size == pytest.approx(abs(theirs[-1, 0]), rel=rel), name


def test_first_steps_quoted_in_the_solution():
    sizes = ex.first_steps(1.0)
    assert round(sizes["NAdam"], 5) == 0.00211
    assert round(_nadam_first_step() / 2e-3 - 1, 3) == 0.056
    assert round(sizes["Adadelta"], 5) == 0.00316
    assert round(sizes["RMSprop"], 3) == 0.1


CASES = [("SGD", {}), ("SGD", {"momentum": 0.9}), ("Adagrad", {}),
         ("RMSprop", {}), ("RMSprop", {"centered": True, "momentum": 0.9}),
         ("Adadelta", {}), ("Adam", {}), ("Adam", {"amsgrad": True}),
         ("AdamW", {}), ("NAdam", {}), ("RAdam", {})]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,hyperparameters", CASES)
def test_state_bytes_match_torch(name, hyperparameters, dtype):
    from snippets import optimizers
    ours = ex.state_bytes(getattr(optimizers, name), dtype, **hyperparameters)
    n = 1000
    x = torch.zeros(n, dtype=torch.float32 if dtype == np.float32
                    else torch.float64, requires_grad=True)
    optimizer = getattr(torch.optim, name)([x], foreach=False,
                                           **hyperparameters)
    x.grad = torch.ones_like(x)
    optimizer.step()
    state = optimizer.state[x].values()
    theirs = sum(s.nbytes for s in state
                 if torch.is_tensor(s) and s.numel() == n) / n
    assert ours == theirs
    assert ours % np.dtype(dtype).itemsize == 0


def test_state_bytes_quoted_in_the_solution():
    from snippets.optimizers import Adam, SGD
    assert ex.state_bytes(Adam, np.float64) == 16
    assert ex.state_bytes(Adam, np.float64, amsgrad=True) == 24
    assert ex.state_bytes(SGD, np.float64, momentum=0.9) == 8
    # 7e9 parameters, Adam in float32: 56 GB of state beside 28 GB of weights
    assert ex.state_bytes(Adam) * 7e9 / 1e9 == 56
    assert np.dtype(np.float32).itemsize * 7e9 / 1e9 == 28
