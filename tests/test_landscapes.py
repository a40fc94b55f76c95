"""The test functions' gradients against autograd."""

import numpy as np
import pytest
import torch

from snippets import landscapes as L

RNG = np.random.default_rng(0)


def autograd(f_torch, p):
    t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    f_torch(t).sum().backward()
    return t.grad.numpy()


def test_double_well_gradient():
    x = RNG.uniform(-3, 3, size=20)
    expected = autograd(lambda t: t**4 / 4 - t**2 + t / 2, x)
    np.testing.assert_allclose(L.double_well_grad(x), expected, rtol=1e-13)


@pytest.mark.parametrize("a,b", [(1.0, 10.0), (2.0, 0.5)])
def test_quadratic_gradient(a, b):
    p = RNG.normal(size=(7, 2))
    expected = autograd(lambda t: (a * t[:, 0] ** 2 + b * t[:, 1] ** 2) / 2, p)
    np.testing.assert_allclose(L.quadratic_grad(p, a, b), expected, rtol=1e-13)
    np.testing.assert_allclose(L.quadratic(p, a, b), (a * p[:, 0] ** 2 + b * p[:, 1] ** 2) / 2)


def test_rosenbrock_gradient():
    p = RNG.normal(size=(9, 2))
    expected = autograd(lambda t: (1 - t[:, 0]) ** 2 + 100 * (t[:, 1] - t[:, 0] ** 2) ** 2, p)
    np.testing.assert_allclose(L.rosenbrock_grad(p), expected, rtol=1e-12)


def test_two_d_functions_evaluate_grids():
    grid = RNG.normal(size=(4, 5, 2))
    assert L.rosenbrock(grid).shape == (4, 5)
    assert L.quadratic_grad(grid).shape == (4, 5, 2)


@pytest.mark.parametrize("f", [L.quadratic, L.quadratic_grad, L.rosenbrock, L.rosenbrock_grad])
def test_two_d_functions_reject_other_shapes(f):
    with pytest.raises(ValueError, match="p must have a last axis of length 2"):
        f(np.zeros(3))
