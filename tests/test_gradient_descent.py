"""gradient_descent against its closed form on a quadratic, against torch.optim.SGD
and against the optimizers' trajectory of SGD."""

import numpy as np
import pytest
import torch

from snippets.gradient_descent import gradient_descent
from snippets.landscapes import double_well_grad, rosenbrock, rosenbrock_grad
from snippets.optimizers import SGD, trajectory


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
