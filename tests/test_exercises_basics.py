"""The claims of the exercises' solutions on the gradient descent page."""

import numpy as np
import pytest
import torch

from snippets.exercises import basics
from snippets.landscapes import double_well, double_well_grad, quadratic_grad


@pytest.mark.parametrize("lr", [0.05, 0.19, 0.21, 0.3])
def test_bowl_path_is_gradient_descent_and_torch_sgd(lr):
    path = basics.bowl_path(lr, steps=20)
    x = np.array([1.0, 1.0])
    for t in range(20):
        x = x - lr * quadratic_grad(x)
        np.testing.assert_allclose(path[t + 1], x, rtol=1e-12)
    p = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    for _ in range(20):
        opt.zero_grad()
        (0.5 * (p[0] ** 2 + 10 * p[1] ** 2)).backward()
        opt.step()
    np.testing.assert_allclose(path[-1], p.detach().numpy(), rtol=1e-10)


def test_just_above_two_over_l_the_steep_coordinate_grows_by_1_1_per_step():
    below, above = basics.bowl_path(0.19, 50), basics.bowl_path(0.21, 50)
    steps = np.arange(51)
    np.testing.assert_allclose(below[:, 1], (-0.9) ** steps, rtol=1e-9)
    np.testing.assert_allclose(above[:, 1], (-1.1) ** steps, rtol=1e-9)
    assert abs(above[-1, 1]) > 100  # 1.1^50, about 117
    # the flat coordinate still converges, and even faster (factor 0.79)
    assert 0 < above[-1, 0] < below[-1, 0] < 1e-4
    # the loss diverges all the same
    assert 0.5 * (above[-1] ** 2 * [1, 10]).sum() > 0.5 * (above[0] ** 2 * [1, 10]).sum() * 1e3


def test_exactly_at_the_limit_the_steep_coordinate_flips_forever():
    path = basics.bowl_path(0.2, 40)
    np.testing.assert_allclose(np.abs(path[:, 1]), 1.0, rtol=1e-12)


def test_watershed_is_the_local_maximum():
    ridge = basics.watershed()
    assert abs(double_well_grad(ridge)) < 1e-12
    assert 3 * ridge**2 - 2 < 0  # f'' < 0: a maximum
    assert double_well(ridge) > double_well(ridge - 0.1)
    assert double_well(ridge) > double_well(ridge + 0.1)


@pytest.mark.parametrize("offset", [0.001, 0.01, 0.5])
def test_starts_on_either_side_of_the_ridge_reach_different_minima(offset):
    ridge = basics.watershed()
    left = basics.descend(double_well_grad, ridge - offset)
    right = basics.descend(double_well_grad, ridge + offset)
    assert left == pytest.approx(-1.5256871, abs=1e-6)
    assert right == pytest.approx(1.2670351, abs=1e-6)
    assert double_well(left) < double_well(right)


def test_print_watershed_output(capsys):
    basics.print_watershed(double_well_grad)
    assert capsys.readouterr().out.splitlines() == [
        "ridge at x = 0.2587", "start 0.2487 -> end -1.5257", "start 0.2687 -> end 1.2670"]


def test_best_fixed_rate_on_the_bowl():
    """Solution 3: lr = 2/(L + mu) = 2/11 shrinks both coordinates by 9/11 per step."""
    path = basics.bowl_path(2 / 11, 30)
    steps = np.arange(31)
    np.testing.assert_allclose(np.abs(path), (9 / 11) ** steps[:, None] * [1, 1], rtol=1e-9)
    for lr in np.linspace(0.01, 0.199, 50):
        assert max(abs(1 - lr), abs(1 - 10 * lr)) >= 9 / 11 - 1e-12


def test_condition_number_1000_needs_about_500_steps_per_factor_e():
    kappa = 1000
    rate = (kappa - 1) / (kappa + 1)
    assert 500 * np.log(rate) == pytest.approx(-1, rel=1e-3)
