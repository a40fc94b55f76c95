"""The optimizers of snippets.optimizers against torch.optim (AdamP against the
adamp package): every step of long runs in float64, the hyperparameter checks,
the signatures, and the facts the optimizer pages derive."""

import inspect
import math

import numpy as np
import pytest
import torch

from parity import OPTIMIZER_RUNS, TORCH_OPTIMIZERS, grads_at, initial_params, run_both
from snippets import optimizers as ours
from snippets.landscapes import rosenbrock_grad

# The comparison the site shows under each optimizer (tests/parity.py).
TORCH = TORCH_OPTIMIZERS
NAMES = list(TORCH)

# Hyperparameters of each run: the defaults, each option alone, and the
# combinations whose terms interact.
CASES = {
    "SGD": [
        {}, dict(lr=0.05), dict(lr=0.05, momentum=0.9),
        dict(lr=0.05, momentum=0.9, dampening=0.3),
        dict(lr=0.05, momentum=0.9, nesterov=True),
        dict(lr=0.05, weight_decay=0.1),
        dict(lr=0.05, momentum=0.8, weight_decay=0.1, nesterov=True),
        dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.1),
        dict(lr=0.05, maximize=True),
        dict(lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.1,
             maximize=True),
    ],
    "Adagrad": [
        {}, dict(lr=0.1), dict(lr=0.1, lr_decay=0.05),
        dict(lr=0.1, weight_decay=0.1),
        dict(lr=0.1, initial_accumulator_value=0.5), dict(lr=0.1, eps=1e-3),
        dict(lr=0.1, maximize=True),
        dict(lr=0.1, lr_decay=0.05, weight_decay=0.1,
             initial_accumulator_value=0.5, eps=1e-3, maximize=True),
    ],
    "Adadelta": [
        {}, dict(lr=0.5), dict(rho=0.5), dict(rho=0.0), dict(lr=0.1, rho=1.0),
        dict(eps=1e-3), dict(weight_decay=0.1), dict(maximize=True),
        dict(lr=0.5, rho=0.7, eps=1e-4, weight_decay=0.1, maximize=True),
    ],
    "RMSprop": [
        {}, dict(lr=0.003, alpha=0.9), dict(lr=0.003, alpha=0.0),
        dict(lr=0.003, eps=1e-3), dict(lr=0.003, weight_decay=0.1),
        dict(lr=0.003, momentum=0.9), dict(lr=0.003, centered=True),
        dict(lr=0.003, centered=True, momentum=0.9),
        dict(lr=0.003, maximize=True),
        dict(lr=0.001, alpha=0.9, eps=1e-4, weight_decay=0.1, momentum=0.5,
             centered=True, maximize=True),
    ],
    "Adam": [
        {}, dict(lr=0.01), dict(lr=0.003, betas=(0.5, 0.9)),
        dict(lr=0.01, betas=(0.0, 0.0)), dict(lr=0.01, eps=1e-3),
        dict(lr=0.01, weight_decay=0.1), dict(lr=0.01, amsgrad=True),
        dict(lr=0.01, amsgrad=True, weight_decay=0.1),
        dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
        dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True,
             amsgrad=True),
        dict(lr=0.01, maximize=True),
        dict(lr=0.01, maximize=True, amsgrad=True, weight_decay=0.1),
    ],
    "AdamW": [
        {}, dict(lr=0.01), dict(lr=0.01, weight_decay=0.3),
        dict(lr=0.01, weight_decay=0.0), dict(lr=0.01, amsgrad=True),
        dict(lr=0.01, betas=(0.8, 0.99), eps=1e-4),
        dict(lr=0.01, maximize=True, amsgrad=True),
    ],
    "NAdam": [
        {}, dict(lr=0.01), dict(lr=0.003, betas=(0.5, 0.9)),
        dict(lr=0.01, momentum_decay=0.1), dict(lr=0.01, momentum_decay=0.0),
        dict(lr=0.01, weight_decay=0.1),
        dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
        dict(lr=0.01, eps=1e-3), dict(lr=0.01, maximize=True),
    ],
    "RAdam": [
        {}, dict(lr=0.01), dict(lr=0.01, betas=(0.9, 0.9)),
        dict(lr=0.01, betas=(0.5, 0.99)), dict(lr=0.01, eps=1e-3),
        dict(lr=0.01, weight_decay=0.1),
        dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
        dict(lr=0.01, maximize=True),
    ],
    "AdamP": [
        {}, dict(lr=0.01), dict(lr=0.003, betas=(0.5, 0.9)),
        dict(lr=0.01, weight_decay=0.1), dict(lr=0.01, nesterov=True),
        dict(lr=0.01, delta=0.5), dict(lr=0.01, delta=0.0),
        dict(lr=0.01, weight_decay=0.1, wd_ratio=0.5),
        dict(lr=0.01, weight_decay=0.1, wd_ratio=0.5, nesterov=True, eps=1e-4),
    ],
}


@pytest.fixture(autouse=True)
def float64_scalars():
    """torch keeps some scalar state (NAdam's mu_product) in the default dtype."""
    saved = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(saved)


@pytest.mark.parametrize(
    "name,hyperparameters",
    [(name, case) for name in NAMES for case in CASES[name]],
    ids=[f"{name}-{case}" for name in NAMES for case in CASES[name]],
)
def test_every_step_matches_torch(name, hyperparameters, monkeypatch):
    # Small blocks, so that the parameters are updated in several pieces.
    monkeypatch.setattr(ours, "BLOCK", 5)
    for mine, theirs in run_both(name, hyperparameters):
        for a, b in zip(mine, theirs):
            np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-12)
    moved = any(np.abs(a - b).max() > 1e-3 for a, b in zip(mine, initial_params()))
    assert moved, "the run did not move the parameters: the comparison proves little"


def test_the_runs_the_site_shows_are_among_these():
    for name, hyperparameters, _ in OPTIMIZER_RUNS.values():
        assert hyperparameters in CASES[name], (name, hyperparameters)


def test_adamp_test_problem_takes_both_projections():
    """The test model (tests/parity.py) makes AdamP project per channel (V) and as a whole (U)."""
    grads = grads_at(initial_params())
    params = initial_params()
    for index, rows, expected in [(3, 3, "channel"), (4, 1, "whole"), (4, 2, "not channel")]:
        w, g = params[index].reshape(rows, -1), grads[index].reshape(rows, -1)
        cosine = np.abs((w * g).sum(1)) / (np.linalg.norm(w, axis=1) * np.linalg.norm(g, axis=1))
        small = cosine.max() < 0.1 / math.sqrt(w.shape[1])
        assert small == (expected != "not channel"), expected


@pytest.mark.parametrize("name", NAMES)
def test_blocks_give_the_same_numbers_as_whole_arrays(name, monkeypatch):
    rng = np.random.default_rng(1)
    size = 3 * ours.BLOCK + 11
    start = rng.normal(size=size)
    grads = [rng.normal(size=size) for _ in range(5)]

    def run(block):
        monkeypatch.setattr(ours, "BLOCK", block)
        x = start.copy()
        optimizer = getattr(ours, name)([x], **CASES[name][-1])
        for g in grads:
            optimizer.step([g * (1 + x**2)])
        return x

    np.testing.assert_array_equal(run(ours.BLOCK), run(size + 1))


def test_float32_parameters_match_torch():
    rng = np.random.default_rng(2)
    x = rng.normal(size=1000).astype(np.float32)
    t = torch.tensor(x, requires_grad=True)
    mine = ours.Adam([x], lr=0.01, amsgrad=True)
    theirs = torch.optim.Adam([t], lr=0.01, amsgrad=True, foreach=False)
    for _ in range(50):
        g = (np.sin(x) + x**3).astype(np.float32)
        mine.step([g])
        t.grad = torch.sin(t.detach()) + t.detach() ** 3
        theirs.step()
        assert x.dtype == np.float32
        np.testing.assert_allclose(x, t.detach().numpy(), rtol=2e-6, atol=2e-7)


def test_changing_lr_between_steps_matches_a_torch_schedule():
    x, t = np.array([-1.2, 1.0]), torch.tensor([-1.2, 1.0], requires_grad=True)
    mine = ours.SGD([x], lr=1e-3, momentum=0.9)
    theirs = torch.optim.SGD([t], lr=1e-3, momentum=0.9)
    for step in range(100):
        if step == 50:
            mine.lr = 2e-4
            theirs.param_groups[0]["lr"] = 2e-4
        mine.step([rosenbrock_grad(x)])
        t.grad = torch.from_numpy(rosenbrock_grad(t.detach().numpy()))
        theirs.step()
        np.testing.assert_allclose(x, t.detach().numpy(), rtol=1e-12)


# --- hyperparameter checks ---------------------------------------------------

BAD = {
    "SGD": [dict(lr=-0.1), dict(momentum=-0.5), dict(weight_decay=-1.0),
            dict(nesterov=True), dict(nesterov=True, momentum=0.9, dampening=0.1)],
    "Adagrad": [dict(lr=-1.0), dict(lr_decay=-1.0), dict(weight_decay=-1.0),
                dict(initial_accumulator_value=-1.0), dict(eps=-1.0)],
    "Adadelta": [dict(lr=-1.0), dict(rho=1.1), dict(rho=-0.1), dict(eps=-1.0),
                 dict(weight_decay=-1.0)],
    "RMSprop": [dict(lr=-1.0), dict(alpha=-0.1), dict(eps=-1.0),
                dict(weight_decay=-1.0), dict(momentum=-1.0)],
    "Adam": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)),
             dict(betas=(0.9, 1.0)), dict(betas=(-0.1, 0.999)),
             dict(betas=(0.9, -0.5)), dict(weight_decay=-1.0)],
    "NAdam": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)),
              dict(betas=(0.9, 1.5)), dict(weight_decay=-1.0),
              dict(momentum_decay=-1.0)],
    "RAdam": [dict(lr=-1.0), dict(eps=-1.0), dict(betas=(1.0, 0.999)),
              dict(betas=(0.9, 1.0)), dict(weight_decay=-1.0)],
}
BAD["AdamW"] = BAD["Adam"]
# Values torch accepts, some of them surprising; the checks must not be stricter.
EDGE = {
    "SGD": [dict(lr=0.0), dict(momentum=0.0), dict(dampening=-1.0),
            dict(dampening=2.0, momentum=0.5), dict(nesterov=True, momentum=1e-9)],
    "Adagrad": [dict(lr=0.0, eps=0.0, lr_decay=0.0)],
    "Adadelta": [dict(rho=0.0), dict(lr=0.1, rho=1.0), dict(lr=0.0, eps=0.0)],
    "RMSprop": [dict(alpha=0.0), dict(alpha=1.5), dict(eps=0.0, momentum=0.0)],
    "Adam": [dict(betas=(0.0, 0.0)), dict(lr=0.0, eps=0.0)],
    "AdamW": [dict(betas=(0.0, 0.0)), dict(weight_decay=0.0)],
    "NAdam": [dict(betas=(0.0, 0.0)), dict(momentum_decay=0.0)],
    "RAdam": [dict(betas=(0.0, 0.0)), dict(lr=0.0, eps=0.0)],
}


def _flat(table):
    return [(name, case) for name in table for case in table[name]]


@pytest.mark.parametrize("name,hyperparameters", _flat(BAD), ids=str)
def test_bad_hyperparameters_raise_where_torch_raises(name, hyperparameters):
    with pytest.raises(ValueError):
        TORCH[name]([torch.zeros(2, requires_grad=True)], **hyperparameters)
    named = "Nesterov" if "nesterov" in hyperparameters else next(iter(hyperparameters))
    with pytest.raises(ValueError, match=named.rstrip("s")):  # betas[0], lr, ...
        getattr(ours, name)([np.zeros(2)], **hyperparameters)


@pytest.mark.parametrize("name,hyperparameters", _flat(EDGE), ids=str)
def test_edge_hyperparameters_are_accepted_as_by_torch(name, hyperparameters):
    TORCH[name]([torch.zeros(2, requires_grad=True)], **hyperparameters)
    getattr(ours, name)([np.zeros(2)], **hyperparameters)


@pytest.mark.parametrize("hyperparameters", [dict(lr=-1.0), dict(eps=-1.0),
                                             dict(betas=(1.0, 0.9)),
                                             dict(weight_decay=-0.1),
                                             dict(delta=-0.1), dict(wd_ratio=-0.5)])
def test_adamp_rejects_what_adam_would(hyperparameters):
    # The adamp package checks nothing; AdamP here checks like torch.optim.Adam.
    with pytest.raises(ValueError, match=next(iter(hyperparameters)).rstrip("s")):
        ours.AdamP([np.zeros((2, 2))], **hyperparameters)


@pytest.mark.parametrize("name", NAMES)
def test_nan_and_non_numbers_are_rejected(name):
    with pytest.raises(ValueError, match="lr"):
        getattr(ours, name)([np.zeros(2)], lr=float("nan"))
    with pytest.raises(TypeError, match="lr"):
        getattr(ours, name)([np.zeros(2)], lr="0.1")
    with pytest.raises(TypeError, match="eps|momentum"):
        key = "momentum" if name == "SGD" else "eps"
        getattr(ours, name)([np.zeros(2)], **{key: None})


@pytest.mark.parametrize("betas", [(0.9,), (0.9, 0.99, 0.999), 0.9])
def test_betas_must_be_a_pair(betas):
    with pytest.raises(ValueError, match="betas"):
        ours.Adam([np.zeros(2)], betas=betas)


# --- parameters and gradients --------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_bad_params_are_rejected(name):
    cls = getattr(ours, name)
    with pytest.raises(TypeError, match="params"):
        cls(np.zeros(3))  # one array, not a list of arrays
    with pytest.raises(ValueError, match="empty"):
        cls([])
    with pytest.raises(TypeError, match=r"params\[1\]"):
        cls([np.zeros(2), np.zeros(2, dtype=int)])
    with pytest.raises(TypeError, match=r"params\[0\]"):
        cls([[1.0, 2.0]])
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        cls([frozen])


def test_bad_grads_are_rejected():
    x, y = np.zeros(3), np.zeros((2, 2))
    optimizer = ours.Adam([x, y])
    with pytest.raises(ValueError, match="2 grads"):
        optimizer.step([np.zeros(3)])
    with pytest.raises(ValueError, match=r"grads\[1\].*\(2, 2\)"):
        optimizer.step([np.zeros(3), np.zeros(2)])  # would broadcast
    with pytest.raises(ValueError, match=r"grads\[0\]"):
        optimizer.step([np.zeros((1, 3)), np.zeros((2, 2))])
    with pytest.raises(TypeError, match=r"grads\[0\].*float64"):
        optimizer.step([np.zeros(3, dtype=np.float32), np.zeros((2, 2))])
    assert optimizer.state == [{}, {}], "a rejected step changed the state"


@pytest.mark.parametrize("name", NAMES)
def test_a_none_gradient_skips_its_parameter_as_in_torch(name):
    """No step, no weight decay and no state change for a parameter whose
    gradient is None; its step count waits too, as torch.optim's."""
    hyperparameters = CASES[name][-1]
    mine = [np.array([1.0, -2.0]), np.array([0.5, 3.0, -1.0])]
    theirs = [torch.tensor(a, requires_grad=True) for a in mine]
    opt_mine = getattr(ours, name)(mine, **hyperparameters)
    opt_theirs = TORCH[name](theirs, **hyperparameters)
    for skipped in [(1,), (), (0,), (0, 1), (1,), ()]:
        grads = [None if i in skipped else np.cos(a) + a for i, a in enumerate(mine)]
        before = [a.copy() for a in mine]
        opt_mine.step(grads)
        for t, g in zip(theirs, grads):
            t.grad = None if g is None else torch.from_numpy(g.copy())
        opt_theirs.step()
        for i, (a, t) in enumerate(zip(mine, theirs)):
            np.testing.assert_allclose(a, t.detach().numpy(), rtol=1e-12, atol=1e-14)
            if i in skipped:
                np.testing.assert_array_equal(a, before[i])
    assert opt_mine.state[0]["step"] == 4 and opt_mine.state[1]["step"] == 3


@pytest.mark.parametrize("name", NAMES)
def test_an_array_listed_twice_in_params_is_refused(name):
    x = np.zeros(2)
    with pytest.raises(ValueError, match=r"params\[2\] is params\[0\]"):
        getattr(ours, name)([x, np.zeros(2), x])
    getattr(ours, name)([x, x.copy()])  # equal values in two arrays are fine


def test_scalar_state_is_kept_per_parameter_not_per_block(monkeypatch):
    monkeypatch.setattr(ours, "BLOCK", 4)
    x, y = np.linspace(-1, 1, 10), np.linspace(-1, 1, 10)
    blocked = ours.NAdam([x], lr=0.01)
    monkeypatch.setattr(ours, "BLOCK", 100)
    whole = ours.NAdam([y], lr=0.01)
    for _ in range(3):
        monkeypatch.setattr(ours, "BLOCK", 4)  # three blocks of x
        blocked.step([x**3])
        monkeypatch.setattr(ours, "BLOCK", 100)
        whole.step([y**3])
    assert blocked.state[0]["step"] == 3
    assert blocked.state[0]["mu_product"] == whole.state[0]["mu_product"]
    np.testing.assert_array_equal(x, y)


def test_a_generator_of_params_is_accepted():
    arrays = [np.ones(2), np.ones(3)]
    optimizer = ours.SGD(a for a in arrays)
    optimizer.step([np.ones(2), np.ones(3)])
    assert arrays[1].tolist() == [0.999, 0.999, 0.999]


# --- signatures -------------------------------------------------------------------

TORCH_ONLY = {"foreach", "fused", "capturable", "differentiable"}


@pytest.mark.parametrize("name", NAMES)
def test_signature_has_torch_names_and_defaults(name):
    mine = inspect.signature(getattr(ours, name)).parameters
    theirs = {k: v for k, v in inspect.signature(TORCH[name]).parameters.items()
              if k not in TORCH_ONLY}
    assert list(mine) == [k for k in theirs if k in mine]
    assert set(mine) == set(theirs)
    for key, parameter in mine.items():
        assert parameter.default == theirs[key].default, key
    # Arguments torch takes by position are taken by position here, in order.
    positional = [k for k, p in mine.items() if p.kind == p.POSITIONAL_OR_KEYWORD]
    assert positional == list(theirs)[: len(positional)]


# --- facts derived on the pages ----------------------------------------------------

def test_pytorch_nesterov_is_sutskevers_at_the_look_ahead_point():
    """Sutskever et al. (2013): v <- mu v - lr grad(theta + mu v), theta <- theta + v.
    PyTorch's form tracks phi = theta + mu v."""
    lr, mu = 1e-3, 0.9
    theta, v = np.array([-1.2, 1.0]), np.zeros(2)
    phi = theta.copy()
    optimizer = ours.SGD([phi], lr=lr, momentum=mu, nesterov=True)
    for _ in range(200):
        v = mu * v - lr * rosenbrock_grad(theta + mu * v)
        theta = theta + v
        optimizer.step([rosenbrock_grad(phi)])
        np.testing.assert_allclose(phi, theta + mu * v, rtol=1e-10, atol=1e-13)


def test_momentum_is_the_classical_velocity_form_for_a_constant_lr():
    """Polyak's v <- mu v - lr g, theta <- theta + v; PyTorch keeps b = -v / lr."""
    lr, mu = 1e-3, 0.9
    theta, v = np.array([-1.2, 1.0]), np.zeros(2)
    x = theta.copy()
    optimizer = ours.SGD([x], lr=lr, momentum=mu)
    for _ in range(200):
        v = mu * v - lr * rosenbrock_grad(theta)
        theta = theta + v
        optimizer.step([rosenbrock_grad(x)])
        np.testing.assert_allclose(x, theta, rtol=1e-10, atol=1e-13)


def test_adagrad_steps_shrink_as_one_over_root_t():
    # A constant gradient g: s_t = t g^2, so step t moves lr / sqrt(t).
    x = np.array([0.0, 0.0])
    optimizer = ours.Adagrad([x], lr=0.1, eps=0.0)
    for _ in range(50):
        optimizer.step([np.array([3.0, -0.001])])
    expected = 0.1 * sum(1 / math.sqrt(t) for t in range(1, 51))
    np.testing.assert_allclose(x, [-expected, expected], rtol=1e-12)


def test_adam_first_step_is_lr_times_the_sign_of_the_gradient():
    # m_1 / (1 - beta1) = g and v_1 / (1 - beta2) = g^2, so the step is lr g / |g|.
    x = np.array([1.0, 1.0, 1.0])
    ours.Adam([x], lr=0.05, eps=0.0, betas=(0.7, 0.3)).step([np.array([1e4, -2.0, 1e-6])])
    np.testing.assert_allclose(x, [0.95, 1.05, 0.95], rtol=1e-14)


def test_adadelta_without_history_steps_by_root_eps():
    # rho = 0: delta = sqrt(eps) g / sqrt(g^2 + eps).
    x = np.array([0.0])
    ours.Adadelta([x], rho=0.0, eps=1e-4).step([np.array([2.0])])
    np.testing.assert_allclose(x, [-0.01 * 2 / math.sqrt(4 + 1e-4)], rtol=1e-14)


def test_adamw_is_adam_with_decoupled_decay():
    a, b = np.array([1.0, -2.0]), np.array([1.0, -2.0])
    first = ours.AdamW([a], lr=0.01, weight_decay=0.2)
    second = ours.Adam([b], lr=0.01, weight_decay=0.2, decoupled_weight_decay=True)
    for _ in range(30):
        first.step([rosenbrock_grad(a)])
        second.step([rosenbrock_grad(b)])
    np.testing.assert_array_equal(a, b)


def test_decoupled_decay_differs_from_an_l2_penalty_for_adam_but_not_for_sgd():
    def run(cls, **hyperparameters):
        x = np.array([-1.2, 1.0])
        optimizer = cls([x], **hyperparameters)
        for _ in range(100):
            optimizer.step([rosenbrock_grad(x)])
        return x

    l2 = run(ours.Adam, lr=0.01, weight_decay=0.5)
    decoupled = run(ours.Adam, lr=0.01, weight_decay=0.5, decoupled_weight_decay=True)
    assert np.abs(l2 - decoupled).max() > 1e-2
    # For plain SGD the two are one update: theta - lr (g + wd theta).
    sgd_l2 = run(ours.SGD, lr=1e-4, weight_decay=0.5)
    x = np.array([-1.2, 1.0])
    for _ in range(100):
        x = x * (1 - 1e-4 * 0.5) - 1e-4 * rosenbrock_grad(x)
    np.testing.assert_allclose(sgd_l2, x, rtol=1e-13)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "AdamP"])  # adamp has none
def test_maximize_is_descent_on_the_negated_gradient(name):
    cls = getattr(ours, name)
    a, b = np.array([0.3, -0.4]), np.array([0.3, -0.4])
    up, down = cls([a], maximize=True), cls([b])
    for _ in range(20):
        up.step([np.cos(a) - a])
        down.step([-(np.cos(b) - b)])
    np.testing.assert_array_equal(a, b)


# --- trajectory ---------------------------------------------------------------------

def test_trajectory_records_every_step():
    path = ours.trajectory(ours.Adam, rosenbrock_grad, x0=[-1.2, 1.0], steps=30, lr=0.05)
    x = np.array([-1.2, 1.0])
    optimizer = ours.Adam([x], lr=0.05)
    assert path.shape == (31, 2)
    np.testing.assert_array_equal(path[0], [-1.2, 1.0])
    for t in range(30):
        optimizer.step([rosenbrock_grad(x)])
        np.testing.assert_array_equal(path[t + 1], x)


def test_trajectory_rejects_bad_arguments():
    with pytest.raises(TypeError, match="optimizer"):
        ours.trajectory(torch.optim.SGD, rosenbrock_grad, [0.0, 0.0], 3)
    with pytest.raises(ValueError, match="steps"):
        ours.trajectory(ours.SGD, rosenbrock_grad, [0.0, 0.0], -1)
    with pytest.raises(ValueError, match="lr"):
        ours.trajectory(ours.SGD, rosenbrock_grad, [0.0, 0.0], 3, lr=-1.0)


# --- memory -------------------------------------------------------------------------

STATE_CASES = [("SGD", {}), ("SGD", dict(momentum=0.9)), ("Adagrad", {}),
               ("RMSprop", {}), ("RMSprop", dict(centered=True)),
               ("RMSprop", dict(centered=True, momentum=0.9)), ("Adadelta", {}),
               ("Adam", {}), ("Adam", dict(amsgrad=True)), ("AdamW", {}),
               ("NAdam", {}), ("RAdam", {}), ("AdamP", {})]


@pytest.mark.parametrize("name,hyperparameters", STATE_CASES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_state_bytes_are_those_torch_keeps(name, hyperparameters, dtype):
    n = 1000
    t = torch.zeros(n, dtype=getattr(torch, np.dtype(dtype).name), requires_grad=True)
    optimizer = TORCH[name]([t], **hyperparameters)
    t.grad = torch.ones_like(t)
    optimizer.step()
    # Per-element state: tensors the size of the parameter. Scalars such as
    # the step count are per tensor and do not grow with the model.
    theirs = sum(s.numel() * s.element_size() for s in optimizer.state[t].values()
                 if torch.is_tensor(s) and s.numel() == n)
    assert ours.state_bytes_per_parameter(getattr(ours, name), dtype, **hyperparameters) == theirs / n


def test_state_table_rows_add_up():
    rows = ours.state_table(n_params=1e9).splitlines()[1:]
    assert len(rows) == 12
    for row in rows:
        *_, size, total, unit = row.split()
        assert unit == "GB" and float(total) == float(size)  # 1e9 params: bytes -> GB
