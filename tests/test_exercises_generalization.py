"""The claims of the exercises' solutions in the generalization chapter."""

import numpy as np
import pytest
from sklearn.feature_selection import SelectKBest, f_regression
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline

from snippets.exercises import generalization as ex


# overfitting: the optimism of the training error

@pytest.mark.parametrize("n,degree", [(15, 3), (15, 9), (40, 1)])
def test_training_error_and_fresh_error_of_a_correct_model(n, degree):
    """E[train] = s^2 (n - k)/n and E[fresh, same x] = s^2 (n + k)/n."""
    s2, k = 0.09, degree + 1
    train, fresh = ex.optimism(np.random.default_rng(1), n=n, degree=degree)
    # each mean of 4000 is within 5 standard errors (chi-square spreads)
    se_train = s2 * np.sqrt(2 * (n - k)) / n / np.sqrt(4000)
    se_fresh = s2 * np.sqrt(2 * (n + 3 * k)) / n / np.sqrt(4000)
    assert train == pytest.approx(s2 * (n - k) / n, abs=5 * se_train)
    assert fresh == pytest.approx(s2 * (n + k) / n, abs=5 * se_fresh)
    assert fresh - train == pytest.approx(2 * s2 * k / n, abs=5 * (se_train + se_fresh))


def test_the_page_example_gap():
    train, fresh = ex.optimism(np.random.default_rng(0))
    assert round(train, 3) == 0.067 and round(fresh, 3) == 0.113


def test_degree_n_minus_1_interpolates():
    """Solution 1: n points, degree n - 1: zero training error."""
    x = np.linspace(-1, 1, 15)
    y = np.sin(np.pi * x) + 0.3 * np.random.default_rng(0).standard_normal(15)
    X = np.vander(x, 15)
    w = np.linalg.solve(X, y)
    np.testing.assert_allclose(X @ w, y, atol=1e-9)


# cross-validation: fold sizes, the selection leak

@pytest.mark.parametrize("n", [10, 11, 23, 103, 1001])
@pytest.mark.parametrize("k", [2, 3, 5, 10])
def test_fold_sizes_match_sklearn_and_the_formula(n, k):
    sizes = ex.fold_sizes(n, k)
    assert sizes == [len(val) for _, val in KFold(k).split(np.zeros(n))]
    q, r = divmod(n, k)
    assert sizes == [q + 1] * r + [q] * (k - r)


def test_the_page_example_103_in_5():
    assert ex.fold_sizes(103, 5) == [21, 21, 21, 20, 20]


@pytest.mark.parametrize("seed", range(5))
def test_selection_before_the_split_leaks(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((50, 1000)), rng.standard_normal(50)
    leaky = ex.cv_mse_with_selection(X, y, 10, select_inside=False)
    honest = ex.cv_mse_with_selection(X, y, 10, select_inside=True)
    assert leaky < 0.8 * y.var() < y.var() < honest


def test_honest_selection_matches_an_sklearn_pipeline():
    """Selection inside the folds is a Pipeline under cross_val_score."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((50, 1000)), rng.standard_normal(50)
    pipe = make_pipeline(SelectKBest(f_regression, k=10), LinearRegression())
    sk = -cross_val_score(pipe, X, y, cv=KFold(5), scoring="neg_mean_squared_error").mean()
    assert ex.cv_mse_with_selection(X, y, 10, select_inside=True) == pytest.approx(sk, rel=1e-9)
    # and the leaky one is sklearn's scores with the selection fit on all data
    cols = SelectKBest(f_regression, k=10).fit(X, y).get_support(indices=True)
    sk_leaky = -cross_val_score(LinearRegression(), X[:, cols], y, cv=KFold(5),
                                scoring="neg_mean_squared_error").mean()
    assert ex.cv_mse_with_selection(X, y, 10, select_inside=False) == pytest.approx(sk_leaky, rel=1e-9)


def test_print_selection_leak(capsys):
    ex.print_selection_leak(np.random.default_rng(0))
    out = capsys.readouterr().out.split()
    variance, leaky, honest = float(out[3]), float(out[8]), float(out[13])
    assert leaky < variance < honest


# bias-variance: the shrunk mean, the variance of least squares

@pytest.mark.parametrize("c", [0.0, 0.5, 5 / 6, 1.0, 1.2])
def test_shrunk_mean_terms_match_the_formulas_and_add_up(c):
    mu, sigma, n, draws = 1.0, 1.0, 5, 200_000
    terms = ex.shrunk_mean_terms(c, np.random.default_rng(2))
    var_h = c**2 * sigma**2 / n
    assert terms["variance"] == pytest.approx(var_h, abs=5 * var_h * np.sqrt(2 / draws) + 1e-12)
    assert terms["bias2"] == pytest.approx((1 - c) ** 2 * mu**2, abs=5 * np.sqrt(var_h / draws) * 2 + 1e-12)
    total = terms["bias2"] + terms["variance"] + terms["noise"]
    se_error = np.sqrt(2) * (sigma**2 + var_h + (1 - c) ** 2) / np.sqrt(draws)
    assert terms["error"] == pytest.approx(total, abs=5 * se_error)


def test_best_shrinkage_beats_the_unbiased_mean():
    """c* = mu^2 / (mu^2 + sigma^2 / n) = 5/6, error 1 + 1/6 < 1.2."""
    exact = lambda c: (1 - c) ** 2 + c**2 / 5 + 1
    cs = np.linspace(0, 1.5, 1501)
    assert cs[np.argmin(exact(cs))] == pytest.approx(5 / 6, abs=1e-3)
    assert exact(5 / 6) == pytest.approx(7 / 6) and exact(1.0) == pytest.approx(1.2)
    best = ex.shrunk_mean_terms(5 / 6, np.random.default_rng(3), n_datasets=1_000_000)
    plain = ex.shrunk_mean_terms(1.0, np.random.default_rng(3), n_datasets=1_000_000)
    assert best["error"] < plain["error"]


def test_print_shrunk_mean(capsys):
    ex.print_shrunk_mean(np.random.default_rng(0))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["c = 0.000", "c = 0.500", "c = 0.833", "c = 1.000"]
    errors = [float(line.split()[-1]) for line in lines]
    assert min(errors) == errors[2]


@pytest.mark.parametrize("degree", [0, 1, 3, 9, 14])
def test_variance_at_training_inputs_is_sigma2_k_over_n(degree):
    k, n, s2 = degree + 1, 15, 0.09
    v = ex.variance_at_training_inputs(degree, np.random.default_rng(4))
    assert v == pytest.approx(s2 * k / n, rel=0.06)
    # exactly: trace of the hat matrix is k
    X = np.vander(np.linspace(-1, 1, n), degree + 1)
    H = X @ np.linalg.pinv(X)
    assert np.trace(H) == pytest.approx(k)


# ensembles: out-of-bag fraction, correlated averages

def test_out_of_bag_fraction_tends_to_1_over_e():
    exact = [(1 - 1 / n) ** n for n in (1, 2, 5, 10, 100, 1000, 10**6)]
    assert exact[:2] == [0.0, 0.25]
    assert all(a < b for a, b in zip(exact, exact[1:]))
    assert exact[-1] == pytest.approx(np.exp(-1), abs=1e-6) and exact[-1] < np.exp(-1)


@pytest.mark.parametrize("n", [2, 5, 10, 100, 1000])
def test_simulated_out_of_bag_fraction_matches_the_formula(n):
    sim = ex.out_of_bag_fraction(n, np.random.default_rng(5))
    # the left-out count has variance below n/4; 2000 draws
    assert sim == pytest.approx((1 - 1 / n) ** n, abs=5 * 0.5 / np.sqrt(n * 2000))


def test_print_out_of_bag(capsys):
    ex.print_out_of_bag(np.random.default_rng(0))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "n =    1: exact 0.0000  simulated 0.0000"
    assert lines[-1] == "1/e      = 0.3679"


@pytest.mark.parametrize("rho", [0.0, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("n_models", [1, 10, 100])
def test_variance_of_average_is_equation_2(rho, n_models):
    v = ex.variance_of_average(rho, n_models, np.random.default_rng(6))
    expected = rho + (1 - rho) / n_models
    assert v == pytest.approx(expected, rel=5 * np.sqrt(2 / 20_000))
    assert v > rho - 0.05  # averaging never goes below the shared part


@pytest.mark.parametrize("degree", [0, 1, 3, 7])
@pytest.mark.parametrize("seed", range(3))
def test_leave_one_out_shortcut_equals_refitting(degree, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, 30)
    y = np.sin(np.pi * x) + 0.3 * rng.standard_normal(30)
    short = ex.leave_one_out_residuals(x, y, degree)
    np.testing.assert_allclose(short, ex.leave_one_out_by_refitting(x, y, degree), rtol=1e-6, atol=1e-9)
    # and both are larger than the training residuals, by 1 / (1 - H_ii)
    X = np.vander(x, degree + 1)
    train = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.all(np.abs(short) >= np.abs(train) - 1e-12)


def test_the_page_example_variance_within_2_percent():
    for degree in (1, 3, 9):
        v = ex.variance_at_training_inputs(degree, np.random.default_rng(0))
        assert v == pytest.approx(0.09 * (degree + 1) / 15, rel=0.02)


def test_at_n_10_the_out_of_bag_fraction_is_within_0_02_of_1_over_e():
    assert 0 < np.exp(-1) - (1 - 1 / 10) ** 10 < 0.02


def _stump(x, r):
    """Least-squares stump of r on x (a test helper, brute force)."""
    best = None
    for t in (x[1:] + x[:-1]) / 2:
        left = x < t
        h = np.where(left, r[left].mean(), r[~left].mean())
        if best is None or np.sum((r - h) ** 2) < np.sum((r - best) ** 2):
            best = h
    return best


@pytest.mark.parametrize("nu,change", [(1, -1), (2, 0), (3, 3)])
def test_boosting_step_changes_the_error_by_nu2_minus_2nu(nu, change):
    """Exercise 3: nu = 1 best, nu = 2 no change, nu = 3 the error rises."""
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(-1, 1, 30))
    r = np.sin(np.pi * x) + 0.3 * rng.standard_normal(30)
    r = r - r.mean()
    h = _stump(x, r)
    assert r @ h == pytest.approx(h @ h)
    new = np.sum((r - nu * h) ** 2) - np.sum(r ** 2)
    assert new == pytest.approx(change * (h @ h))


def test_print_shrunk_mean_rows_add_up(capsys):
    ex.print_shrunk_mean(np.random.default_rng(0))
    for line in capsys.readouterr().out.splitlines():
        c = float(line.split()[2].rstrip(":"))
        values = dict(zip(line.split()[3::2], map(float, line.split()[4::2])))
        total = values["bias2"] + values["variance"] + values["noise"]
        spread = 1 + c**2 / 5 + (1 - c) ** 2
        assert values["error"] == pytest.approx(total, abs=5 * np.sqrt(2) * spread / np.sqrt(200_000))
