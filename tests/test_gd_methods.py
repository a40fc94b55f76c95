"""snippets.gd_methods against PyTorch and against the definitions: plain
gradient descent (its closed form on a quadratic, torch.optim.SGD, the
optimizers' trajectory of SGD), batch, mini-batch and stochastic gradient
descent, and sharpness."""

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from parity import line_data, torch_mlp_loss
from snippets.gd_methods import (gradient_descent, hessian_vector_product,
                                 line_grad, line_loss, minibatch_sgd, mlp_grad,
                                 mlp_init, mlp_loss, top_hessian_eigenvalue)
from snippets.landscapes import double_well_grad, rosenbrock, rosenbrock_grad
from snippets.optimizers import SGD, trajectory


# Plain gradient descent ------------------------------------------------------

def test_closed_form_on_a_quadratic():
    # f(x) = a x^2 / 2 gives x_t = (1 - lr a)^t x_0.
    a, lr, x0 = 3.0, 0.1, np.array([2.0, -1.0])
    path = gradient_descent(lambda x: a * x, x0=x0, lr=lr, steps=25)
    expected = np.array([(1 - lr * a) ** t * x0 for t in range(26)])
    np.testing.assert_allclose(path, expected, rtol=1e-13)


def test_diverges_above_two_over_curvature():
    # Stable exactly when lr < 2 / a.
    a = 4.0
    safe = gradient_descent(lambda x: a * x, x0=1.0, lr=0.49, steps=1000)
    unsafe = gradient_descent(lambda x: a * x, x0=1.0, lr=0.51, steps=1000)
    assert abs(safe[-1]) < 1e-12 and abs(unsafe[-1]) > 1e12


def test_matches_torch_sgd_on_rosenbrock():
    x0, lr, steps = np.array([-1.2, 1.0]), 1e-3, 300
    path = gradient_descent(rosenbrock_grad, x0=x0, lr=lr, steps=steps)
    w = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)
    for t in range(steps):
        optimizer.zero_grad()
        loss = (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2
        loss.backward()
        optimizer.step()
        np.testing.assert_allclose(path[t + 1], w.detach().numpy(), rtol=1e-12, atol=1e-14)
    assert rosenbrock(path[-1]) < rosenbrock(x0)


def test_finds_the_minimum_of_the_basin_it_starts_in():
    left = gradient_descent(double_well_grad, x0=-0.2, lr=0.1, steps=200)[-1]
    right = gradient_descent(double_well_grad, x0=0.5, lr=0.1, steps=200)[-1]
    # The roots of x^3 - 2x + 1/2 on either side of the maximum.
    roots = np.sort(np.roots([1, 0, -2, 0.5]).real)
    np.testing.assert_allclose([left, right], [roots[0], roots[2]], rtol=1e-10)


def test_path_shape_and_start():
    path = gradient_descent(lambda x: x, x0=np.ones((2, 3)), lr=0.5, steps=4)
    assert path.shape == (5, 2, 3)
    np.testing.assert_array_equal(path[0], np.ones((2, 3)))


@pytest.mark.parametrize("lr", [0.0, 1e-3, 2e-3])
def test_is_the_trajectory_of_sgd(lr):
    # One loop API: the path of SGD run by snippets.optimizers, which takes
    # any lr >= 0, as torch.optim.SGD does (lr = 0 leaves x where it is).
    path = gradient_descent(rosenbrock_grad, x0=[-1.2, 1.0], lr=lr, steps=20)
    sgd = trajectory(SGD, rosenbrock_grad, x0=[-1.2, 1.0], steps=20, lr=lr)
    np.testing.assert_allclose(path, sgd, rtol=1e-15, atol=0)


@pytest.mark.parametrize("lr", [-0.1, float("nan")])
def test_rejects_a_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(lambda x: x, x0=1.0, lr=lr, steps=1)


@pytest.mark.parametrize("lr", ["0.1", None])
def test_rejects_a_learning_rate_that_is_not_a_number(lr):
    with pytest.raises(TypeError, match="lr"):
        gradient_descent(lambda x: x, x0=1.0, lr=lr, steps=1)


def test_rejects_bad_steps():
    with pytest.raises(ValueError, match="steps"):
        gradient_descent(lambda x: x, x0=1.0, lr=0.1, steps=-1)
    for steps in (2.5, "3"):
        with pytest.raises(TypeError, match="steps"):
            gradient_descent(lambda x: x, x0=1.0, lr=0.1, steps=steps)


def test_rejects_a_gradient_that_is_not_callable():
    with pytest.raises(TypeError, match="grad"):
        gradient_descent([1.0], x0=1.0, lr=0.1, steps=1)


# The training loop -----------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batch_gd_is_deterministic_full_gradient_descent(seed):
    x, y = line_data()
    path = minibatch_sgd(line_grad, [0.0, 0.0], x, y, batch_size=len(x),
                         lr=0.1, epochs=30, rng=np.random.default_rng(seed))
    full = gradient_descent(lambda w: line_grad(w, x, y), x0=[0.0, 0.0],
                            lr=0.1, steps=30)
    # Shuffling only reorders the sum inside the mean gradient.
    np.testing.assert_allclose(path, full, rtol=1e-13, atol=1e-15)


def test_stochastic_gd_takes_one_sample_per_update():
    x, y = line_data(n=7)
    path = minibatch_sgd(line_grad, [0.5, -0.5], x, y, batch_size=1, lr=0.1,
                         epochs=2, shuffle=False)
    w = np.array([0.5, -0.5])
    expected = [w]
    for _ in range(2):
        for i in range(7):
            residual = w[0] * x[i] + w[1] - y[i]
            w = w - 0.1 * np.array([2 * residual * x[i], 2 * residual])
            expected.append(w)
    np.testing.assert_allclose(path, expected, rtol=1e-14)


@pytest.mark.parametrize("n,batch_size", [(10, 3), (10, 5), (12, 1),
                                          (12, 12), (5, 8)])
def test_each_epoch_visits_every_sample_once(n, batch_size):
    seen = []

    def grad(w, xb, yb):
        seen.append(xb.copy())
        return np.zeros_like(w)

    x = np.arange(float(n))
    path = minibatch_sgd(grad, 0.0, x, x, batch_size, lr=0.1, epochs=3,
                         rng=np.random.default_rng(0))
    per_epoch = -(-n // batch_size)  # ceil
    assert len(path) == 3 * per_epoch + 1
    for epoch in range(3):
        batches = seen[epoch * per_epoch:(epoch + 1) * per_epoch]
        assert [len(b) for b in batches[:-1]] == [batch_size] * (per_epoch - 1)
        np.testing.assert_array_equal(np.sort(np.concatenate(batches)), x)
    # The order differs between epochs when shuffled.
    if batch_size < n:
        first = np.concatenate(seen[:per_epoch])
        second = np.concatenate(seen[per_epoch:2 * per_epoch])
        assert not np.array_equal(first, second)


def test_small_batches_depend_on_the_shuffle_seed():
    x, y = line_data()
    runs = [minibatch_sgd(line_grad, [0.0, 0.0], x, y, 5, 0.1, 3,
                          rng=np.random.default_rng(s))[-1] for s in (0, 1)]
    assert not np.allclose(runs[0], runs[1])
    again = minibatch_sgd(line_grad, [0.0, 0.0], x, y, 5, 0.1, 3,
                          rng=np.random.default_rng(0))[-1]
    np.testing.assert_array_equal(again, runs[0])


@pytest.mark.parametrize("batch_size", [1, 7, 20, 50])
def test_matches_torch_dataloader_and_sgd_on_a_line(batch_size):
    x, y = line_data()
    path = minibatch_sgd(line_grad, [0.3, -0.2], x, y, batch_size, lr=0.05,
                         epochs=4, shuffle=False)
    model = torch.nn.Linear(1, 1, dtype=torch.float64)
    with torch.no_grad():
        model.weight.fill_(0.3)
        model.bias.fill_(-0.2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    data = TensorDataset(torch.from_numpy(x)[:, None],
                         torch.from_numpy(y)[:, None])
    step = 0
    for _ in range(4):
        for xb, yb in DataLoader(data, batch_size=batch_size):
            optimizer.zero_grad()
            F.mse_loss(model(xb), yb).backward()
            optimizer.step()
            step += 1
            torch_w = [model.weight.item(), model.bias.item()]
            np.testing.assert_allclose(path[step], torch_w, rtol=1e-12,
                                       atol=1e-14)
    assert step == len(path) - 1


@pytest.mark.parametrize("batch_size", [1, 16, 64])
def test_matches_torch_on_the_network(batch_size):
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, 64)
    y = np.sin(2 * x) + 0.3 * rng.standard_normal(64)
    w0 = mlp_init(8, rng)
    path = minibatch_sgd(mlp_grad, w0, x, y, batch_size, lr=0.1, epochs=3,
                         shuffle=False)
    w = torch.tensor(w0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(3):
        for xb, yb in zip(xt.split(batch_size), yt.split(batch_size)):
            optimizer.zero_grad()
            torch_mlp_loss(w, xb, yb).backward()
            optimizer.step()
    np.testing.assert_allclose(path[-1], w.detach().numpy(), rtol=1e-10,
                               atol=1e-12)


@pytest.mark.parametrize("bad,error,match", [
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(batch_size=2.0), TypeError, "batch_size"),
    (dict(lr="0.1"), TypeError, "lr"), (dict(lr=-1.0), ValueError, "lr"),
    (dict(epochs=-1), ValueError, "epochs"),
    (dict(y=np.zeros(3)), ValueError, "same"),
    (dict(shuffle=True, rng=0), TypeError, "rng"),
    (dict(grad=[1.0]), TypeError, "grad")])
def test_minibatch_sgd_rejects_bad_input(bad, error, match):
    args = dict(grad=line_grad, w0=[0.0, 0.0], x=np.zeros(4), y=np.zeros(4),
                batch_size=2, lr=0.1, epochs=1, shuffle=False, rng=None)
    args.update(bad)
    with pytest.raises(error, match=match):
        minibatch_sgd(**args)


def test_minibatch_sgd_takes_lr_zero_and_rng_none_as_torch_does():
    # lr = 0 is a valid learning rate of torch.optim.SGD: nothing moves.
    x, y = line_data(n=8)
    path = minibatch_sgd(line_grad, [0.5, -0.5], x, y, batch_size=3, lr=0.0,
                         epochs=2, shuffle=False)
    np.testing.assert_array_equal(path, np.tile([0.5, -0.5], (7, 1)))
    # rng=None shuffles with a fresh Generator, as a DataLoader uses the
    # global generator: the same updates in another order.
    path = minibatch_sgd(line_grad, [0.0, 0.0], x, y, batch_size=len(x),
                         lr=0.1, epochs=3)
    full = gradient_descent(lambda w: line_grad(w, x, y), x0=[0.0, 0.0],
                            lr=0.1, steps=3)
    np.testing.assert_allclose(path, full, rtol=1e-13, atol=1e-15)


# The models ------------------------------------------------------------------

def test_line_loss_and_grad_match_autograd():
    x, y = line_data()
    w = torch.tensor([0.7, -0.4], dtype=torch.float64, requires_grad=True)
    loss = torch.mean((w[0] * torch.from_numpy(x) + w[1]
                       - torch.from_numpy(y)) ** 2)
    loss.backward()
    assert line_loss(w.detach().numpy(), x, y) == pytest.approx(loss.item(),
                                                                rel=1e-14)
    np.testing.assert_allclose(line_grad(w.detach().numpy(), x, y),
                               w.grad.numpy(), rtol=1e-13)


@pytest.mark.parametrize("hidden", [1, 5, 16])
def test_mlp_loss_and_grad_match_autograd(hidden):
    rng = np.random.default_rng(hidden)
    x, y = rng.standard_normal(30), rng.standard_normal(30)
    w0 = rng.standard_normal(3 * hidden + 1)
    w = torch.tensor(w0, requires_grad=True)
    loss = torch_mlp_loss(w, torch.from_numpy(x), torch.from_numpy(y))
    loss.backward()
    assert mlp_loss(w0, x, y) == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(mlp_grad(w0, x, y), w.grad.numpy(),
                               rtol=1e-12, atol=1e-14)


def test_models_reject_weights_of_the_wrong_size():
    x = np.zeros(3)
    for function in (mlp_loss, mlp_grad):
        with pytest.raises(ValueError, match="3 \\* hidden \\+ 1"):
            function(np.zeros(6), x, x)
    for function in (line_loss, line_grad):
        with pytest.raises(ValueError, match="slope"):
            function(np.zeros(3), x, x)


def test_mlp_init_follows_the_nn_linear_bounds():
    w = mlp_init(25, np.random.default_rng(0))
    assert w.shape == (76,)
    first, second = w[:50], w[50:]
    assert np.all(np.abs(first) <= 1) and np.abs(first).max() > 0.9
    assert np.all(np.abs(second) <= 0.2) and np.abs(second).max() > 0.15
    with pytest.raises(ValueError, match="hidden"):
        mlp_init(0, np.random.default_rng(0))


# Sharpness -------------------------------------------------------------------

def network_problem(seed=0, hidden=6):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, 40)
    y = np.sin(2 * x) + 0.3 * rng.standard_normal(40)
    return x, y, mlp_init(hidden, rng)


def torch_hessian(w, x, y):
    return torch.autograd.functional.hessian(
        lambda w: torch_mlp_loss(w, torch.from_numpy(x), torch.from_numpy(y)),
        torch.tensor(w)).numpy()


def test_hessian_vector_product_matches_autograd():
    x, y, w = network_problem()
    v = np.random.default_rng(1).standard_normal(w.shape)
    ours = hessian_vector_product(functools.partial(mlp_grad, x=x, y=y), w, v)
    _, theirs = torch.autograd.functional.hvp(
        lambda w: torch_mlp_loss(w, torch.from_numpy(x), torch.from_numpy(y)),
        torch.tensor(w), torch.tensor(v))
    # Central differences: error of order eps^2 times the third derivative.
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-6,
                               atol=1e-7 * np.abs(theirs.numpy()).max())


def test_hessian_vector_product_is_exact_on_a_quadratic():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    v = np.array([0.5, -2.0])
    np.testing.assert_allclose(
        hessian_vector_product(lambda w: A @ w, np.array([1.0, 1.0]), v),
        A @ v, rtol=1e-10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_top_eigenvalue_matches_the_full_hessian_at_a_minimum(seed):
    x, y, w0 = network_problem(seed)
    grad = functools.partial(mlp_grad, x=x, y=y)
    w = gradient_descent(grad, w0, lr=0.1, steps=3000)[-1]
    value, vector = top_hessian_eigenvalue(grad, w, n_iter=300,
                                           rng=np.random.default_rng(0))
    eigenvalues, eigenvectors = np.linalg.eigh(torch_hessian(w, x, y))
    assert value == pytest.approx(eigenvalues[-1], rel=1e-5)
    assert abs(vector @ eigenvectors[:, -1]) == pytest.approx(1, abs=1e-4)


def test_top_eigenvalue_rejects_bad_input():
    grad = lambda w: w  # noqa: E731
    with pytest.raises(ValueError, match="n_iter"):
        top_hessian_eigenvalue(grad, np.zeros(2), n_iter=0,
                               rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        top_hessian_eigenvalue(grad, np.zeros(2), rng=0)
    with pytest.raises(ValueError, match="eps"):
        hessian_vector_product(grad, np.zeros(2), np.ones(2), eps=0)
    with pytest.raises(ValueError, match="shape"):
        hessian_vector_product(grad, np.zeros(2), np.ones(3))


def test_gradient_descent_cannot_settle_where_sharpness_exceeds_two_over_lr():
    """Chapter 1's stability bound, on the network: full-batch GD at learning
    rate lr ends in a minimum whose top eigenvalue is below 2 / lr."""
    x, y, w0 = network_problem(4, hidden=16)
    grad = functools.partial(mlp_grad, x=x, y=y)
    sharpness = []
    for lr in (0.03, 0.1, 0.15):
        w = gradient_descent(grad, w0, lr=lr, steps=int(300 / lr))[-1]
        assert np.linalg.norm(grad(w)) < 1e-2  # it settled
        value, _ = top_hessian_eigenvalue(grad, w,
                                          rng=np.random.default_rng(0))
        assert value < 2 / lr
        sharpness.append(value)
    # The largest rate could not stay in the minimum the others found.
    assert sharpness[2] < 2 / 0.15 < sharpness[0]


def test_the_experiment_on_the_page():
    """What the sharp-flat page reports: sharpness grows with the batch size,
    full-batch runs stay below 2 / lr, and the test losses barely differ."""
    from snippets.figures.gd_methods import (SHARP_BATCH_SIZES, SHARP_LR,
                                             SHARP_SEEDS, sharpness_experiment)

    runs = sharpness_experiment()
    for seed in SHARP_SEEDS:
        sharpness = [runs[seed, b]["sharpness"] for b in SHARP_BATCH_SIZES]
        assert sharpness[0] < sharpness[-1] / 2
        assert sharpness[-1] < 2 / SHARP_LR
        tests = [runs[seed, b]["test"] for b in SHARP_BATCH_SIZES]
        assert max(tests) - min(tests) < 0.02 * min(tests)
