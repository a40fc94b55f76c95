"""snippets.generalization against scikit-learn, PyTorch and derivations."""

import functools

import numpy as np
import pytest
import torch
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.model_selection import (GridSearchCV, KFold, TimeSeriesSplit,
                                     cross_val_score)
from sklearn.tree import DecisionTreeRegressor

from parity import exact_bias_variance, noisy_sine, sklearn_polynomial
from snippets.generalization import (bagging, best_split, bias_variance,
                                     bootstrap_sample, cross_val_loss,
                                     fit_polynomial, fit_tree,
                                     gradient_boosting, grid_search_cv,
                                     k_fold, nested_cv, random_split,
                                     time_series_split)

SIZES = [(n, k) for n in range(2, 31) for k in range(2, min(n, 8) + 1)]


# Splits ---------------------------------------------------------------------

@pytest.mark.parametrize("n,k", SIZES)
def test_k_fold_equals_sklearn(n, k):
    ours = list(k_fold(n, n_splits=k))
    theirs = list(KFold(n_splits=k).split(np.zeros(n)))
    assert len(ours) == len(theirs) == k
    for (tr, va), (tr_sk, va_sk) in zip(ours, theirs):
        np.testing.assert_array_equal(tr, tr_sk)
        np.testing.assert_array_equal(va, va_sk)


@pytest.mark.parametrize("n,k", SIZES[::7])
def test_shuffled_k_fold_is_k_fold_of_a_permutation(n, k):
    folds = list(k_fold(n, n_splits=k, shuffle=True,
                        rng=np.random.default_rng(n)))
    order = np.random.default_rng(n).permutation(n)
    for (tr, va), (tr0, va0) in zip(folds, k_fold(n, n_splits=k)):
        np.testing.assert_array_equal(va, np.sort(order[va0]))
        np.testing.assert_array_equal(tr, np.sort(order[tr0]))


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("n,k", SIZES[::5])
def test_k_fold_partitions_the_samples(n, k, shuffle):
    rng = np.random.default_rng(0) if shuffle else None
    folds = list(k_fold(n, n_splits=k, shuffle=shuffle, rng=rng))
    for tr, va in folds:
        assert np.intersect1d(tr, va).size == 0
        np.testing.assert_array_equal(np.union1d(tr, va), np.arange(n))
    all_val = np.concatenate([va for _, va in folds])
    np.testing.assert_array_equal(np.sort(all_val), np.arange(n))
    sizes = [len(va) for _, va in folds]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("n,k", [(n, k) for n, k in SIZES if n >= k + 1])
def test_time_series_split_equals_sklearn(n, k):
    ours = list(time_series_split(n, n_splits=k))
    theirs = list(TimeSeriesSplit(n_splits=k).split(np.zeros(n)))
    assert len(ours) == len(theirs) == k
    for (tr, va), (tr_sk, va_sk) in zip(ours, theirs):
        np.testing.assert_array_equal(tr, tr_sk)
        np.testing.assert_array_equal(va, va_sk)


@pytest.mark.parametrize("n,k", [(n, k) for n, k in SIZES if n >= k + 1])
def test_time_series_split_never_trains_on_the_future(n, k):
    for tr, va in time_series_split(n, n_splits=k):
        assert len(tr) > 0 and len(va) > 0
        assert tr.max() < va.min()
        assert np.intersect1d(tr, va).size == 0
        # Training is everything before the validation block.
        np.testing.assert_array_equal(tr, np.arange(va.min()))


@pytest.mark.filterwarnings("ignore:Length of split")  # torch, for n = 1
@pytest.mark.parametrize("n", [1, 5, 10, 11, 99, 100, 1000])
@pytest.mark.parametrize("lengths", [[0.6, 0.2, 0.2], [0.8, 0.2],
                                     [0.5, 0.3, 0.2], [1 / 3] * 3])
def test_random_split_lengths_equal_torch(n, lengths):
    ours = random_split(n, lengths, np.random.default_rng(0))
    theirs = torch.utils.data.random_split(range(n), lengths)
    assert [len(part) for part in ours] == [len(part) for part in theirs]
    np.testing.assert_array_equal(np.sort(np.concatenate(ours)),
                                  np.arange(n))


def test_random_split_with_counts_is_a_shuffled_partition():
    train, val, test = random_split(10, [5, 3, 2], np.random.default_rng(1))
    order = np.random.default_rng(1).permutation(10)
    np.testing.assert_array_equal(np.concatenate([train, val, test]), order)


@pytest.mark.parametrize("lengths", [[0.5, 0.6], [5, 4],
                                     [0.5, 0.5, 0.0001], [2.5, 7.5]])
def test_random_split_rejects_what_torch_rejects(lengths):
    with pytest.raises((ValueError, TypeError)):
        torch.utils.data.random_split(range(10), lengths)
    with pytest.raises(ValueError, match="lengths|Fraction"):
        random_split(10, lengths, np.random.default_rng(0))


def test_random_split_rejects_a_negative_count():
    # torch accepts [6, -1, 5] (it sums to 10) and returns overlapping parts.
    with pytest.raises(ValueError, match="lengths"):
        random_split(10, [6, -1, 5], np.random.default_rng(0))


@pytest.mark.parametrize("bad", [
    dict(n_samples=10, n_splits=1), dict(n_samples=10, n_splits=0),
    dict(n_samples=3, n_splits=5), dict(n_samples=-1, n_splits=2)])
def test_k_fold_rejects_bad_sizes(bad):
    with pytest.raises(ValueError, match="n_splits|n_samples"):
        k_fold(**bad)


def test_k_fold_rejects_sizes_that_are_not_ints():
    with pytest.raises(TypeError, match="n_splits"):
        k_fold(10, n_splits=2.5)
    with pytest.raises(TypeError, match="n_samples"):
        k_fold(10.0)


def test_k_fold_takes_rng_only_when_shuffling():
    # rng=None shuffles with a fresh Generator, as KFold(shuffle=True) does
    # with random_state=None; a rng that is not a Generator is a TypeError,
    # and a rng without shuffling a ValueError, as in scikit-learn.
    folds = list(k_fold(10, shuffle=True))
    np.testing.assert_array_equal(np.sort(np.concatenate([va for _, va in folds])),
                                  np.arange(10))
    with pytest.raises(TypeError, match="rng"):
        k_fold(10, shuffle=True, rng=0)
    with pytest.raises(ValueError, match="rng"):
        k_fold(10, rng=np.random.default_rng(0))


@pytest.mark.parametrize("bad,error", [
    (dict(n_samples=5, n_splits=5), ValueError),
    (dict(n_samples=10, n_splits=1), ValueError),
    (dict(n_samples=10, n_splits="3"), TypeError)])
def test_time_series_split_rejects_bad_sizes(bad, error):
    with pytest.raises(error, match="n_splits|n_samples"):
        time_series_split(**bad)


def test_random_split_needs_a_generator():
    with pytest.raises(TypeError, match="rng"):
        random_split(10, [0.5, 0.5], rng=42)
    with pytest.raises(ValueError, match="n_samples"):
        random_split(0, [0.5, 0.5], np.random.default_rng(0))


# Model selection -------------------------------------------------------------

def test_fit_polynomial_equals_sklearn():
    x, y = noisy_sine(0, 30)
    grid = np.linspace(-1, 1, 50)
    for degree in range(9):
        ours = fit_polynomial(x, y, degree)(grid)
        model = sklearn_polynomial().set_params(
            polynomialfeatures__degree=degree).fit(x[:, None], y)
        np.testing.assert_allclose(ours, model.predict(grid[:, None]),
                                   rtol=1e-8, atol=1e-10)


def test_fit_polynomial_interpolates_its_own_degree():
    x = np.linspace(-1, 1, 7)
    y = 3 * x**3 - x + 0.5
    np.testing.assert_allclose(fit_polynomial(x, y, 3)([2.0]), [22.5],
                               rtol=1e-12)


def test_cross_val_loss_equals_sklearn_cross_val_score():
    x, y = noisy_sine(1, 40)
    for degree in (1, 3, 6):
        ours = cross_val_loss(functools.partial(fit_polynomial,
                                                degree=degree), x, y)
        model = sklearn_polynomial().set_params(
            polynomialfeatures__degree=degree)
        theirs = -cross_val_score(model, x[:, None], y, cv=KFold(5),
                                  scoring="neg_mean_squared_error")
        np.testing.assert_allclose(ours, theirs, rtol=1e-8)


def test_grid_search_cv_equals_sklearn_and_refits_on_all_data():
    x, y = noisy_sine(2, 60)
    cv = functools.partial(k_fold, n_splits=4)
    best, predict, losses = grid_search_cv(
        fit_polynomial, {"degree": range(10)}, x, y, cv=cv)
    search = GridSearchCV(sklearn_polynomial(),
                          {"polynomialfeatures__degree": range(10)},
                          cv=KFold(4), scoring="neg_mean_squared_error")
    search.fit(x[:, None], y)
    np.testing.assert_allclose(losses, -search.cv_results_["mean_test_score"],
                               rtol=1e-8)
    assert best["degree"] == search.best_params_["polynomialfeatures__degree"]
    grid = np.linspace(-1, 1, 25)
    np.testing.assert_allclose(predict(grid), search.predict(grid[:, None]),
                               rtol=1e-8, atol=1e-10)
    # Refit on all the data: the same as fitting the chosen degree directly.
    np.testing.assert_allclose(predict(grid),
                               fit_polynomial(x, y, best["degree"])(grid),
                               rtol=1e-12)


def test_grid_search_cv_tries_every_combination():
    seen = []

    def fit(x, y, a, b):
        seen.append((a, b))
        return lambda x_new: np.full(len(x_new), a + b)

    x = np.arange(6.0)
    best, _, losses = grid_search_cv(fit, {"a": [0, 1], "b": [2, 3, 4]},
                                     x, np.full(6, 3.0),
                                     cv=functools.partial(k_fold, n_splits=2))
    assert len(losses) == 6 and best == {"a": 0, "b": 3}
    assert set(seen) == {(a, b) for a in (0, 1) for b in (2, 3, 4)}


def test_nested_cv_equals_sklearn():
    x, y = noisy_sine(3, 60)
    losses, chosen = nested_cv(
        fit_polynomial, {"degree": range(8)}, x, y,
        outer_cv=functools.partial(k_fold, n_splits=5),
        inner_cv=functools.partial(k_fold, n_splits=3))
    inner = GridSearchCV(sklearn_polynomial(),
                         {"polynomialfeatures__degree": range(8)},
                         cv=KFold(3), scoring="neg_mean_squared_error")
    theirs = -cross_val_score(inner, x[:, None], y, cv=KFold(5),
                              scoring="neg_mean_squared_error")
    np.testing.assert_allclose(losses, theirs, rtol=1e-8)
    assert len(chosen) == 5


def test_nested_cv_tunes_without_seeing_the_outer_test_fold():
    """No fit sees a sample of the outer fold it is finally tested on."""
    x = np.arange(20.0)
    outer = list(k_fold(20, n_splits=4))
    fitted_on = []

    def fit(x_train, y_train, c):
        fitted_on.append(set(x_train.tolist()))
        return lambda x_new: np.full(len(x_new), c)

    nested_cv(fit, {"c": [0.0, 1.0]}, x, x,
              outer_cv=functools.partial(k_fold, n_splits=4),
              inner_cv=functools.partial(k_fold, n_splits=2))
    # Per outer split: 2 candidates x 2 inner folds, then one refit.
    per_split = 2 * 2 + 1
    for i, (_, test_idx) in enumerate(outer):
        for seen in fitted_on[i * per_split:(i + 1) * per_split]:
            assert not seen & set(x[test_idx].tolist())


# Bias and variance -----------------------------------------------------------

@pytest.mark.parametrize("degree", [0, 1, 3, 6])
def test_bias_variance_matches_the_exact_terms(degree):
    x_train, x_test = np.linspace(-1, 1, 15), np.linspace(-1, 1, 41)
    n_datasets, noise_std = 4000, 0.3
    terms = bias_variance(functools.partial(fit_polynomial, degree=degree),
                          lambda x: np.sin(np.pi * x), x_train, x_test,
                          noise_std, n_datasets, np.random.default_rng(degree))
    bias2, variance = exact_bias_variance(degree, x_train, x_test, noise_std)
    # A sample variance of n_datasets draws is off by about sqrt(2 / n).
    assert abs(terms["variance"] - variance) < 5 * np.sqrt(2 / n_datasets) \
        * variance
    # The mean of the fits misses by variance / n_datasets on average.
    assert abs(terms["bias2"] - bias2) < 5 * variance / n_datasets \
        + 5 * np.sqrt(4 * bias2 * variance / n_datasets)
    assert terms["noise"] == pytest.approx(noise_std**2)


@pytest.mark.parametrize("seed", range(4))
def test_decomposition_adds_up_to_the_measured_error(seed):
    x_train, x_test = np.linspace(-1, 1, 15), np.linspace(-1, 1, 41)
    n_datasets, noise_std = 300, 0.3
    for degree in (1, 4, 9):
        t = bias_variance(functools.partial(fit_polynomial, degree=degree),
                          lambda x: np.sin(np.pi * x), x_train, x_test,
                          noise_std, n_datasets,
                          np.random.default_rng(100 * seed + degree))
        # error - (bias2 + variance + noise) is the mean of eps^2 - s^2 plus
        # twice the mean of eps * (f - h) over n_datasets * len(x_test)
        # fresh test noises eps: its standard error is below.
        m = n_datasets * len(x_test)
        stderr = np.sqrt((2 * noise_std**4
                          + 4 * noise_std**2 * (t["bias2"] + t["variance"]))
                         / m)
        total = t["bias2"] + t["variance"] + t["noise"]
        assert abs(t["error"] - total) < 4 * stderr


def test_bias_falls_and_variance_rises_with_capacity():
    x_train, x_test = np.linspace(-1, 1, 15), np.linspace(-1, 1, 41)
    degrees = [0, 1, 3, 5, 7, 9]
    terms = [bias_variance(functools.partial(fit_polynomial, degree=d),
                           lambda x: np.sin(np.pi * x), x_train, x_test, 0.3,
                           500, np.random.default_rng(d)) for d in degrees]
    bias2 = [t["bias2"] for t in terms]
    variance = [t["variance"] for t in terms]
    assert all(a > b for a, b in zip(bias2[:3], bias2[1:4]))
    assert all(a < b for a, b in zip(variance, variance[1:]))


def test_bias_variance_rejects_bad_input():
    fit = functools.partial(fit_polynomial, degree=1)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="noise_std"):
        bias_variance(fit, np.sin, [0.0, 1.0], [0.5], -0.1, 10, rng)
    with pytest.raises(ValueError, match="n_datasets"):
        bias_variance(fit, np.sin, [0.0, 1.0], [0.5], 0.1, 1, rng)
    with pytest.raises(TypeError, match="rng"):
        bias_variance(fit, np.sin, [0.0, 1.0], [0.5], 0.1, 10, 0)
    with pytest.raises(TypeError, match="callable"):
        bias_variance(None, np.sin, [0.0, 1.0], [0.5], 0.1, 10, rng)


# Bootstrap and bagging -------------------------------------------------------

def test_bootstrap_sample_draws_with_replacement():
    in_bag, out_of_bag = bootstrap_sample(1000, np.random.default_rng(0))
    assert len(in_bag) == 1000 and in_bag.min() >= 0 and in_bag.max() < 1000
    assert len(np.unique(in_bag)) < 1000  # some drawn twice
    np.testing.assert_array_equal(
        np.union1d(in_bag, out_of_bag), np.arange(1000))
    assert np.intersect1d(in_bag, out_of_bag).size == 0


def test_out_of_bag_fraction_approaches_one_over_e():
    n, rng = 200, np.random.default_rng(1)
    fractions = [len(bootstrap_sample(n, rng)[1]) / n for _ in range(2000)]
    expected = (1 - 1 / n) ** n  # each sample missed by all n draws
    # The fraction's variance is below expected / n, so its mean over 2000
    # draws is within 4 standard errors of the expectation.
    assert abs(np.mean(fractions) - expected) < 4 * np.sqrt(expected / n
                                                            / 2000)
    assert abs(expected - np.exp(-1)) < 1e-3


def test_bagging_averages_fits_on_bootstrap_samples():
    x, y = noisy_sine(4, 25)
    grid = np.linspace(-1, 1, 30)
    bagged = bagging(x, y, fit_tree, 7, rng=np.random.default_rng(5))
    rng = np.random.default_rng(5)
    fits = []
    for _ in range(7):
        idx, _ = bootstrap_sample(25, rng)
        fits.append(fit_tree(x[idx], y[idx])(grid))
    np.testing.assert_allclose(bagged(grid), np.mean(fits, axis=0),
                               rtol=1e-14)


def test_bagging_lowers_the_variance_of_deep_trees():
    x_train = np.sort(np.random.default_rng(5).uniform(-1, 1, 30))
    x_test = np.linspace(-1, 1, 41)
    f = lambda x: np.sin(np.pi * x)  # noqa: E731
    single = bias_variance(fit_tree, f, x_train, x_test, 0.3, 40,
                           np.random.default_rng(0))
    bagged = bias_variance(
        functools.partial(bagging, fit=fit_tree, n_estimators=15,
                          rng=np.random.default_rng(1)),
        f, x_train, x_test, 0.3, 40, np.random.default_rng(0))
    assert bagged["variance"] < 0.7 * single["variance"]


def test_bagging_rejects_bad_input():
    with pytest.raises(ValueError, match="n_estimators"):
        bagging([0.0, 1.0], [0.0, 1.0], fit_tree, 0,
                rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        bagging([0.0, 1.0], [0.0, 1.0], fit_tree, 2, rng=None)


# Trees and boosting ----------------------------------------------------------

@pytest.mark.parametrize("max_depth", [1, 2, 3, 5, None])
@pytest.mark.parametrize("min_samples_leaf", [1, 3])
def test_fit_tree_equals_sklearn(max_depth, min_samples_leaf):
    x, y = noisy_sine(6, 50)
    grid = np.linspace(-1.2, 1.2, 300)
    ours = fit_tree(x, y, max_depth=max_depth,
                    min_samples_leaf=min_samples_leaf)
    theirs = DecisionTreeRegressor(max_depth=max_depth,
                                   min_samples_leaf=min_samples_leaf)
    theirs.fit(x[:, None], y)
    np.testing.assert_allclose(ours(grid), theirs.predict(grid[:, None]),
                               rtol=1e-12, atol=1e-14)


def test_stump_is_exact_on_a_step():
    x = np.array([0.1, 0.4, 0.2, 0.9, 0.7, 0.3, 0.8])
    y = np.where(x < 0.5, -1.0, 2.0)
    assert best_split(x, y) == pytest.approx((0.4 + 0.7) / 2)
    stump = fit_tree(x, y, max_depth=1)
    np.testing.assert_array_equal(stump(x), y)
    # The threshold itself goes left, as in scikit-learn (x <= threshold).
    np.testing.assert_array_equal(stump([0.0, 0.55, 0.56, 1.0]),
                                  [-1.0, -1.0, 2.0, 2.0])


def test_best_split_respects_min_samples_leaf_and_ties():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([0.0, 10.0, 10.0, 10.0])
    assert best_split(x, y) == 1.5
    assert best_split(x, y, min_samples_leaf=2) == 2.5
    assert best_split(x, y, min_samples_leaf=3) is None
    assert best_split(np.ones(4), y) is None  # no threshold separates them


def test_best_split_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="x and y"):
        best_split(np.zeros(3), np.zeros(4))


def test_deep_tree_fits_distinct_training_points_exactly():
    x, y = noisy_sine(7, 40)
    np.testing.assert_allclose(fit_tree(x, y)(x), y, rtol=1e-15)


@pytest.mark.parametrize("bad,error", [(dict(max_depth=0), ValueError),
                                       (dict(max_depth=1.5), TypeError),
                                       (dict(min_samples_leaf=0), ValueError)])
def test_fit_tree_rejects_bad_hyperparameters(bad, error):
    with pytest.raises(error, match=next(iter(bad))):
        fit_tree([0.0, 1.0], [0.0, 1.0], **bad)


def test_fit_tree_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="x and y"):
        fit_tree([0.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="x and y"):
        fit_tree(np.zeros((3, 2)), np.zeros(3))


@pytest.mark.parametrize("learning_rate,max_depth", [(0.1, 1), (0.5, 2),
                                                     (1.0, 1)])
def test_gradient_boosting_equals_sklearn(learning_rate, max_depth):
    x, y = noisy_sine(8, 60)
    grid = np.linspace(-1.1, 1.1, 200)
    predict = gradient_boosting(x, y, n_estimators=80,
                                learning_rate=learning_rate,
                                max_depth=max_depth)
    theirs = GradientBoostingRegressor(
        n_estimators=80, learning_rate=learning_rate, max_depth=max_depth,
        random_state=0).fit(x[:, None], y)
    for m, staged in enumerate(theirs.staged_predict(grid[:, None]), 1):
        np.testing.assert_allclose(predict(grid, n_trees=m), staged,
                                   rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("learning_rate", [0.05, 0.3, 1.0])
def test_boosting_training_error_never_rises(learning_rate):
    # A least-squares tree h of the residual r has r.h = h.h, so adding
    # lr * h lowers the squared error by (2 lr - lr^2) |h|^2 >= 0.
    x, y = noisy_sine(9, 40)
    predict = gradient_boosting(x, y, n_estimators=100,
                                learning_rate=learning_rate)
    errors = [np.mean((predict(x, n_trees=m) - y) ** 2) for m in range(101)]
    assert np.all(np.diff(errors) <= 1e-15)
    assert errors[-1] < 0.5 * errors[0]


def test_gradient_boosting_starts_from_the_mean():
    x, y = noisy_sine(10, 20)
    predict = gradient_boosting(x, y, n_estimators=3)
    np.testing.assert_allclose(predict(x, n_trees=0), np.full(20, y.mean()))


@pytest.mark.parametrize("bad", [dict(n_estimators=0),
                                 dict(learning_rate=0.0),
                                 dict(learning_rate=-1.0)])
def test_gradient_boosting_rejects_bad_hyperparameters(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        gradient_boosting([0.0, 1.0], [0.0, 1.0], **bad)
