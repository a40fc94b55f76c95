"""The claims of the exercises' solutions in the gradient-descent methods chapter."""

import numpy as np
import pytest
import torch

from snippets.exercises import gd_methods as ex
from snippets.landscapes import double_well_grad


# batch size: updates per epoch, gradient noise

@pytest.mark.parametrize("n", [1, 7, 32, 100, 101, 1000])
@pytest.mark.parametrize("b", [1, 3, 32, 64, 100, 2000])
@pytest.mark.parametrize("drop_last", [False, True])
def test_batch_sizes_match_the_dataloader(n, b, drop_last):
    loader = torch.utils.data.DataLoader(torch.arange(n), batch_size=b, drop_last=drop_last)
    assert ex.batch_sizes(n, b, drop_last) == [len(batch) for batch in loader]
    assert len(ex.batch_sizes(n, b, drop_last)) == len(loader)


def test_the_page_example_100_in_32():
    assert ex.batch_sizes(100, 32) == [32, 32, 32, 4]
    assert ex.batch_sizes(100, 32, drop_last=True) == [32, 32, 32]
    assert len(ex.batch_sizes(1_000_000, 64)) == 15_625


def test_example_gradients_average_to_the_full_gradient():
    rng = np.random.default_rng(0)
    x, y, w = rng.standard_normal(50), rng.standard_normal(50), np.array([0.3, -0.2])
    full = ex.example_gradients(w, x, y).mean(axis=0)
    wt = torch.tensor(w, requires_grad=True)
    torch.mean((wt[0] * torch.tensor(x) + wt[1] - torch.tensor(y)) ** 2).backward()
    np.testing.assert_allclose(full, wt.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("b", [1, 2, 4, 16, 64, 99, 100])
def test_noise_follows_equation_3(b):
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 100)
    grads = ex.example_gradients([0.0, 0.0], x, 2 * x + 1 + 0.5 * rng.standard_normal(100))
    measured = ex.noise_of_batch_gradient(grads, b, rng)
    predicted = ex.predicted_noise(grads, b)
    if b == 100:
        assert measured == pytest.approx(0, abs=1e-20) and predicted == 0
    else:
        # a variance from 20 000 batches: within a few percent
        assert measured == pytest.approx(predicted, rel=0.06)


def test_quadrupling_the_batch_halves_the_standard_deviation_while_b_is_small():
    grads = np.random.default_rng(2).standard_normal((10_000, 3))
    for b in (1, 4, 16):
        ratio = ex.predicted_noise(grads, 4 * b) / ex.predicted_noise(grads, b)
        assert np.sqrt(ratio) == pytest.approx(0.5, rel=0.01)


def test_print_gradient_noise(capsys):
    ex.print_gradient_noise(np.random.default_rng(0))
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [row[2] for row in rows] == ["1:", "4:", "16:", "64:", "100:"]
    for row in rows[:-1]:
        assert float(row[4]) == pytest.approx(float(row[6]), rel=0.05)
    assert rows[-1][4] == rows[-1][6] == "0.0000"


def test_linear_scaling_keeps_the_noise_of_k_steps():
    """Exercise 3: k steps (lr, b) and one step (k lr, k b) have the same mean
    and, while k b << n, the same noise covariance."""
    rng = np.random.default_rng(3)
    grads = rng.standard_normal((2000, 2)) + [1.0, -2.0]
    lr, b, k = 0.1, 8, 4
    k_small_steps = k * lr**2 * ex.predicted_noise(grads, b)
    one_big_step = (k * lr) ** 2 * ex.predicted_noise(grads, k * b)
    # they differ only by (n - k b) / (n - b), here 0.988
    assert one_big_step / k_small_steps == pytest.approx((2000 - 32) / (2000 - 8))
    measured = (k * lr) ** 2 * ex.noise_of_batch_gradient(grads, k * b, rng, n_batches=5000)
    assert measured == pytest.approx(k_small_steps, rel=0.1)


# sharp and flat minima

def test_end_point_is_torch_sgd():
    x = torch.tensor(-0.2, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([x], lr=0.3)
    for _ in range(200):
        opt.zero_grad()
        (x**4 / 4 - x**2 + x / 2).backward()
        opt.step()
    assert ex.end_point(0.3, -0.2, steps=200) == pytest.approx(x.item(), rel=1e-10)


def test_curvatures_of_the_two_minima():
    left, _, right = np.sort(np.roots([1.0, 0.0, -2.0, 0.5]).real)
    assert 3 * left**2 - 2 == pytest.approx(4.983, abs=5e-4)
    assert 3 * right**2 - 2 == pytest.approx(2.816, abs=5e-4)
    # 0.68 sits between the two stability limits 2 / 4.983 and 2 / 2.816
    assert 2 / (3 * left**2 - 2) < 0.68 < 2 / (3 * right**2 - 2)


@pytest.mark.parametrize("x0", [-2.0, -1.6, -1.5257, -1.5, -1.0, -0.2, 0.0, 0.5, 1.2])
def test_a_large_learning_rate_cannot_stay_in_the_sharp_minimum(x0):
    assert ex.end_point(0.68, x0) == pytest.approx(1.2670351, abs=1e-6)


@pytest.mark.parametrize("x0", [-2.0, -1.5, -0.2])
def test_a_small_learning_rate_stays_in_the_global_minimum(x0):
    assert ex.end_point(0.3, x0) == pytest.approx(-1.5256871, abs=1e-6)


def test_print_lr_picks_the_minimum(capsys):
    ex.print_lr_picks_the_minimum()
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "lr 0.3 (2/lr = 6.67): ends -1.5257 -1.5257 -1.5257 1.2670"
    assert lines[-1] == "lr 0.68 (2/lr = 2.94): ends 1.2670 1.2670 1.2670 1.2670"


def test_power_iteration_finds_the_largest_magnitude_not_the_largest_value():
    H = np.diag([1.0, -3.0])
    assert ex.power_iteration(lambda v: H @ v, np.ones(2)) == pytest.approx(-3.0)
    assert ex.power_iteration(lambda v: H @ v + 3 * v, np.ones(2)) - 3 == pytest.approx(1.0)
    # at a minimum (no negative eigenvalue) it finds lambda_max
    rng = np.random.default_rng(0)
    A = rng.standard_normal((6, 6))
    S = A @ A.T
    assert ex.power_iteration(lambda v: S @ v, rng.standard_normal(6), 2000) == pytest.approx(
        np.linalg.eigvalsh(S)[-1], rel=1e-8)


def test_a_start_orthogonal_to_the_top_eigenvector_misses_it():
    H = np.diag([3.0, 1.0])
    assert ex.power_iteration(lambda v: H @ v, np.array([0.0, 1.0])) == pytest.approx(1.0)


@pytest.mark.parametrize("a,b", [(1.0, 1.0), (2.0, 0.5), (0.1, 10.0), (1.5, -0.3)])
def test_product_hessian_matches_torch(a, b):
    H = torch.autograd.functional.hessian(
        lambda p: (p[0] * p[1] - 1) ** 2 / 2, torch.tensor([a, b], dtype=torch.float64))
    np.testing.assert_allclose(ex.product_hessian(a, b), H.numpy(), rtol=1e-12)


@pytest.mark.parametrize("a", [0.1, 0.5, 1.0, 2.0, 10.0])
def test_sharpness_of_rescaled_minima_is_a2_plus_1_over_a2(a):
    eig = np.linalg.eigvalsh(ex.product_hessian(a, 1 / a))
    assert eig[0] == pytest.approx(0, abs=1e-12)
    assert eig[-1] == pytest.approx(a**2 + 1 / a**2)
    assert eig[-1] >= 2 - 1e-12


def test_print_rescaled_minima(capsys):
    ex.print_rescaled_minima()
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "a =  1.0: a * b = 1.00, sharpness 2.0000"
    assert len(lines) == 5 and all("a * b = 1.00" in line for line in lines)


def test_from_16_to_64_the_noise_falls_to_about_a_ninth():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 100)
    grads = ex.example_gradients([0.0, 0.0], x, 2 * x + 1 + 0.5 * rng.standard_normal(100))
    ratio = ex.predicted_noise(grads, 16) / ex.predicted_noise(grads, 64)
    assert 8.5 < ratio < 10
    assert round((100 - 64) / 99, 2) == 0.36


@pytest.mark.parametrize("lr", [0.41, 0.42, 0.45, 0.5, 0.6, 0.64])
def test_between_the_limits_descent_keeps_bouncing_in_the_left_well(lr):
    a, b = ex.end_point(lr, -1.5, 3000), ex.end_point(lr, -1.5, 3001)
    assert abs(a - b) > 0.1 and a < 0 and b < 0


def test_which_rescaled_minima_hold_lr_0_1():
    """a^2 + 1/a^2 < 2 / 0.1 exactly for 0.22 < |a| < 4.47 (rounded)."""
    for a in np.linspace(0.05, 8, 400):
        stable = np.linalg.eigvalsh(ex.product_hessian(a, 1 / a))[-1] < 2 / 0.1
        if stable:
            assert 0.22 < a < 4.47
        elif 0.23 < a < 4.46:
            raise AssertionError(a)


def test_at_the_saddle_the_iterate_flips_sign():
    H = np.diag([1.0, -3.0])
    v = np.array([1e-9, 1.0])
    w = H @ v / np.linalg.norm(H @ v)
    assert np.sign(w[1]) == -np.sign(v[1])
