"""Generalization: data splits, cross-validation, bias and variance, ensembles.

A *learner* here is a function ``fit(x, y, **hyperparameters)`` that returns
a function ``predict(x_new)``. Splitters return ``(train_idx, val_idx)``
pairs of index arrays, as scikit-learn's do. Every random choice comes from
the ``rng`` argument, a ``numpy.random.Generator``.
"""

# --8<-- [start:imports]
import functools
import itertools
import math
import numbers

import numpy as np


# Argument checks of the functions below: a wrong kind of argument raises
# TypeError, a wrong value or shape ValueError, naming the argument.
def _generator(rng, optional=False):
    """``rng`` if it is a Generator; None gives a fresh one if ``optional``."""
    if not (isinstance(rng, np.random.Generator) or optional and rng is None):
        raise TypeError(f"rng must be a numpy.random.Generator, got {rng!r}")
    return np.random.default_rng() if rng is None else rng


def _int(name, x, low):
    """``x`` if it is an int >= ``low``."""
    if not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {x!r}")
    if x < low:
        raise ValueError(f"{name} must be an int >= {low}, got {x!r}")
    return x


def _real(name, x, positive=False):
    """``x`` if it is a number >= 0, or > 0 if ``positive``."""
    if not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a number, got {x!r}")
    if not (x > 0 if positive else x >= 0):
        raise ValueError(f"{name} must be {'>' if positive else '>='} 0, "
                         f"got {x!r}")
    return x


def _xy(x, y):
    """``x`` and ``y`` as float arrays, 1-D of the same nonzero length."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or y.shape != x.shape or len(x) == 0:
        raise ValueError(f"x and y must be 1-D of equal, nonzero length, "
                         f"got shapes {x.shape} and {y.shape}")
    return x, y


# --8<-- [end:imports]


# --8<-- [start:fit_polynomial]
def fit_polynomial(x, y, degree):
    """Least-squares polynomial of ``degree`` through (x, y); return predict.

    The model is ``w_0 x^degree + ... + w_degree``: a linear model on the
    columns of the Vandermonde matrix, so least squares fits it exactly.

    Examples
    --------
    >>> predict = fit_polynomial([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], degree=1)
    >>> predict([3.0]).round(12).tolist()
    [7.0]
    """
    (x, y), degree = _xy(x, y), _int("degree", degree, 0)
    X = np.vander(x, degree + 1)  # columns x^degree, ..., x, 1
    w, *_ = np.linalg.lstsq(X, y, rcond=None)

    def predict(x_new):
        return np.vander(np.asarray(x_new, dtype=float), degree + 1) @ w
    return predict
# --8<-- [end:fit_polynomial]


# --8<-- [start:random_split]
def random_split(n_samples, lengths, rng):
    """Shuffle ``range(n_samples)`` and cut it into parts of ``lengths``.

    As ``torch.utils.data.random_split``: ``lengths`` are counts, or
    fractions summing to 1, which are floored and then topped up one by one,
    from the first part on, until they sum to ``n_samples``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> train, val, test = random_split(10, [0.6, 0.2, 0.2], rng)
    >>> len(train), len(val), len(test)
    (6, 2, 2)
    """
    n_samples, rng = _int("n_samples", n_samples, 1), _generator(rng)
    lengths = list(lengths)
    fractions = math.isclose(sum(lengths), 1) and sum(lengths) <= 1
    counts = all(isinstance(k, numbers.Integral) and k >= 0 for k in lengths)
    if not (fractions and min(lengths) >= 0
            or counts and sum(lengths) == n_samples):
        raise ValueError(f"lengths must be counts >= 0 summing to {n_samples}"
                         f" or fractions summing to 1, got {lengths!r}")
    if fractions:
        lengths = [math.floor(n_samples * frac) for frac in lengths]
        for i in range(n_samples - sum(lengths)):
            lengths[i % len(lengths)] += 1
    order = rng.permutation(n_samples)
    stops = itertools.accumulate(lengths)
    return [order[stop - k:stop] for stop, k in zip(stops, lengths)]
# --8<-- [end:random_split]


# --8<-- [start:k_fold]
def k_fold(n_samples, n_splits=5, shuffle=False, rng=None):
    """Yield ``(train_idx, val_idx)`` for each of ``n_splits`` folds.

    The folds are consecutive blocks of ``range(n_samples)``, or of a
    permutation of it if ``shuffle``; the first ``n_samples % n_splits``
    folds hold one sample more. Same folds as scikit-learn's ``KFold``.

    Examples
    --------
    >>> for train, val in k_fold(5, n_splits=2):
    ...     print(train, val)
    [3 4] [0 1 2]
    [0 1 2] [3 4]
    """
    if rng is not None and not shuffle:
        raise ValueError("rng has no effect since shuffle is False")
    n_splits = _int("n_splits", n_splits, 2)
    n_samples = _int("n_samples", n_samples, n_splits)
    rng = _generator(rng, optional=True)
    order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
    folds = np.array_split(order, n_splits)  # sizes differ by at most one
    return ((np.setdiff1d(order, fold), np.sort(fold)) for fold in folds)
# --8<-- [end:k_fold]


# --8<-- [start:time_series_split]
def time_series_split(n_samples, n_splits=5):
    """Yield forward-chaining ``(train_idx, val_idx)`` pairs.

    The last ``n_splits`` blocks of ``n_samples // (n_splits + 1)`` samples
    are validated in turn, each after training on everything before it, so
    no model sees the future. Same splits as scikit-learn's
    ``TimeSeriesSplit``.

    Examples
    --------
    >>> for train, val in time_series_split(6, n_splits=2):
    ...     print(train, val)
    [0 1] [2 3]
    [0 1 2 3] [4 5]
    """
    n_splits = _int("n_splits", n_splits, 2)
    n_samples = _int("n_samples", n_samples, n_splits + 1)
    val_size = n_samples // (n_splits + 1)
    first = n_samples - n_splits * val_size
    starts = range(first, n_samples, val_size)
    return ((np.arange(start), np.arange(start, start + val_size))
            for start in starts)
# --8<-- [end:time_series_split]


# --8<-- [start:grid_search_cv]
def cross_val_loss(fit, x, y, cv=k_fold):
    """Mean squared validation error of ``fit`` on each split of ``cv``.

    ``cv(n_samples)`` yields ``(train_idx, val_idx)`` pairs: ``k_fold``,
    ``time_series_split`` or a ``functools.partial`` of them.

    Examples
    --------
    A constant (degree 0) fit to y = x, validated on each third in turn:

    >>> x = np.arange(6.0)
    >>> constant = functools.partial(fit_polynomial, degree=0)
    >>> three_folds = functools.partial(k_fold, n_splits=3)
    >>> cross_val_loss(constant, x, x, cv=three_folds).round(9).tolist()
    [9.25, 0.25, 9.25]
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got "
                         f"{len(x)} and {len(y)}")
    losses = []
    for train_idx, val_idx in cv(len(x)):
        predict = fit(x[train_idx], y[train_idx])
        losses.append(np.mean((predict(x[val_idx]) - y[val_idx]) ** 2))
    return np.array(losses)  # one loss per fold: CV_k is their mean


def grid_search_cv(fit, param_grid, x, y, cv=k_fold):
    """Pick hyperparameters by cross-validation, then refit on all data.

    Every combination of ``param_grid`` (a dict of lists) is scored by its
    mean ``cross_val_loss``; the best is fit again on all of (x, y).
    Returns ``(best_params, predict, mean_losses)``.

    Examples
    --------
    >>> x = np.linspace(-1, 1, 20)
    >>> best, predict, losses = grid_search_cv(
    ...     fit_polynomial, {"degree": [0, 1, 2]}, x, x**2 - x)
    >>> best
    {'degree': 2}
    """
    names = list(param_grid)
    candidates = [dict(zip(names, values))
                  for values in itertools.product(*param_grid.values())]
    if not candidates:
        raise ValueError("param_grid must hold at least one candidate")
    mean_losses = np.array([
        cross_val_loss(functools.partial(fit, **p), x, y, cv).mean()  # (1)
        for p in candidates
    ])
    best = candidates[int(np.argmin(mean_losses))]
    return best, fit(np.asarray(x), np.asarray(y), **best), mean_losses
# --8<-- [end:grid_search_cv]


# --8<-- [start:nested_cv]
def nested_cv(fit, param_grid, x, y, outer_cv=k_fold, inner_cv=k_fold):
    """Estimate how well tuning ``fit`` by ``grid_search_cv`` generalizes.

    Each outer split tunes on its training part alone, with ``inner_cv``,
    and tests the refit model once on its held-out part. Returns the outer
    losses and the hyperparameters each outer split chose.

    Examples
    --------
    >>> x = np.linspace(-1, 1, 30)
    >>> losses, chosen = nested_cv(
    ...     fit_polynomial, {"degree": [0, 1, 2]}, x, x**2 - x,
    ...     outer_cv=functools.partial(k_fold, n_splits=3, shuffle=True,
    ...                                rng=np.random.default_rng(0)))
    >>> chosen
    [{'degree': 2}, {'degree': 2}, {'degree': 2}]
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    losses, chosen = [], []
    for train_idx, test_idx in outer_cv(len(x)):
        best, predict, _ = grid_search_cv(
            fit, param_grid, x[train_idx], y[train_idx], inner_cv)
        losses.append(np.mean((predict(x[test_idx]) - y[test_idx]) ** 2))
        chosen.append(best)
    return np.array(losses), chosen
# --8<-- [end:nested_cv]


# --8<-- [start:bias_variance]
def bias_variance(fit, f, x_train, x_test, noise_std, n_datasets, rng):
    """Measure bias², variance, noise and expected test error by simulation.

    Draws ``n_datasets`` training sets ``y = f(x_train) + noise`` (noise
    normal with standard deviation ``noise_std``), fits each and predicts at
    ``x_test``. The three terms are averaged over ``x_test``; ``error`` is
    the mean squared error against fresh noisy targets, measured directly.

    Examples
    --------
    A constant fit to a line has a bias but, with no noise, no variance:

    >>> rng = np.random.default_rng(0)
    >>> x = np.array([-1.0, 1.0])
    >>> terms = bias_variance(functools.partial(fit_polynomial, degree=0),
    ...                       lambda x: x, x, x, 0.0, 10, rng)
    >>> {name: round(value, 9) for name, value in terms.items()}
    {'bias2': 1.0, 'variance': 0.0, 'noise': 0.0, 'error': 1.0}
    """
    if not callable(fit) or not callable(f):
        raise TypeError(f"fit and f must be callable, got {fit!r} and {f!r}")
    noise_std, rng = _real("noise_std", noise_std), _generator(rng)
    n_datasets = _int("n_datasets", n_datasets, 2)
    x_train = np.asarray(x_train, dtype=float)
    x_test = np.asarray(x_test, dtype=float)
    f_test = f(x_test)
    predictions = np.empty((n_datasets, len(x_test)))
    errors = np.empty(n_datasets)
    for d in range(n_datasets):
        noise = noise_std * rng.standard_normal(len(x_train))
        predictions[d] = fit(x_train, f(x_train) + noise)(x_test)
        y_test = f_test + noise_std * rng.standard_normal(len(x_test))
        errors[d] = np.mean((y_test - predictions[d]) ** 2)
    average_model = predictions.mean(axis=0)  # E_D[h_D(x)] at each x
    # the terms of (2) at each test input, averaged over the test inputs
    return {
        "bias2": float(np.mean((average_model - f_test) ** 2)),  # (2)
        "variance": float(np.mean(predictions.var(axis=0))),  # (2)
        "noise": float(noise_std**2),  # (2)
        "error": float(np.mean(errors)),  # (2)
    }
# --8<-- [end:bias_variance]


# --8<-- [start:bootstrap]
def bootstrap_sample(n_samples, rng):
    """Draw ``n_samples`` indices with replacement; return them and the rest.

    The indices never drawn are the *out-of-bag* samples, about
    ``(1 - 1/n)^n``, near 37 %, of the data.

    Examples
    --------
    >>> in_bag, out_of_bag = bootstrap_sample(5, np.random.default_rng(1))
    >>> in_bag, out_of_bag
    (array([0, 2, 2, 3, 4]), array([1]))
    """
    n_samples, rng = _int("n_samples", n_samples, 1), _generator(rng)
    in_bag = np.sort(rng.integers(n_samples, size=n_samples))
    out_of_bag = np.setdiff1d(np.arange(n_samples), in_bag)
    return in_bag, out_of_bag
# --8<-- [end:bootstrap]


# --8<-- [start:bagging]
def bagging(x, y, fit, n_estimators=10, *, rng):
    """Fit ``fit`` on ``n_estimators`` bootstrap samples; predict their mean.

    Examples
    --------
    >>> x, y = np.arange(4.0), np.array([0.0, 1.0, 0.0, 1.0])
    >>> mean_of = functools.partial(fit_polynomial, degree=0)
    >>> predict = bagging(x, y, mean_of, 200, rng=np.random.default_rng(0))
    >>> predict([0.0, 3.0]).round(2).tolist()
    [0.5, 0.5]
    """
    n_estimators, rng = _int("n_estimators", n_estimators, 1), _generator(rng)
    x, y = np.asarray(x), np.asarray(y)
    models = []
    for _ in range(n_estimators):
        in_bag, _ = bootstrap_sample(len(x), rng)
        models.append(fit(x[in_bag], y[in_bag]))

    def predict(x_new):
        return np.mean([model(x_new) for model in models], axis=0)
    return predict
# --8<-- [end:bagging]


# --8<-- [start:fit_tree]
def best_split(x, y, min_samples_leaf=1):
    """Threshold on 1-D ``x`` whose two sides' means best fit ``y``.

    Returns None if no split leaves ``min_samples_leaf`` samples a side.

    Examples
    --------
    >>> float(best_split(np.array([1.0, 2.0, 3.0, 4.0]),
    ...                  np.array([5.0, 5.0, 9.0, 9.0])))
    2.5
    """
    x, y = _xy(x, y)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    n = len(y)
    n_left = np.arange(1, n)  # split after position n_left - 1
    sum_left = np.cumsum(y)[:-1]
    sum_right = y.sum() - sum_left
    # The squared error left after the split is sum(y^2) - gain.
    gain = sum_left**2 / n_left + sum_right**2 / (n - n_left)
    allowed = ((x[1:] > x[:-1]) & (n_left >= min_samples_leaf)
               & (n - n_left >= min_samples_leaf))
    if not allowed.any():
        return None
    i = np.argmax(np.where(allowed, gain, -np.inf))
    return x[i] / 2 + x[i + 1] / 2  # midway between neighbours


def fit_tree(x, y, max_depth=None, min_samples_leaf=1):
    """Grow a least-squares regression tree on 1-D ``x``; return predict.

    A node is split by ``best_split`` until it is ``max_depth`` deep, its
    ``y`` are all equal or no split is allowed; then it predicts the mean
    of its ``y``. ``max_depth=1`` gives a *decision stump*. The same tree
    as scikit-learn's ``DecisionTreeRegressor`` on one feature.

    Examples
    --------
    >>> stump = fit_tree([1.0, 2.0, 3.0, 4.0], [5.0, 5.0, 9.0, 9.0],
    ...                  max_depth=1)
    >>> stump([0.0, 2.4, 2.6]).tolist()
    [5.0, 5.0, 9.0]
    """
    x, y = _xy(x, y)
    if max_depth is not None:
        _int("max_depth", max_depth, 1)
    _int("min_samples_leaf", min_samples_leaf, 1)

    def grow(x, y, depth):
        if depth == max_depth or np.all(y == y[0]):
            return np.mean(y)
        threshold = best_split(x, y, min_samples_leaf)
        if threshold is None:
            return np.mean(y)  # a leaf predicts its mean
        left = x <= threshold
        return (threshold, grow(x[left], y[left], depth + 1),
                grow(x[~left], y[~left], depth + 1))

    root = grow(x, y, 0)

    def predict(x_new):
        x_new = np.asarray(x_new, dtype=float)

        def value(node):
            if not isinstance(node, tuple):
                return np.full(x_new.shape, node)
            threshold, left, right = node
            return np.where(x_new <= threshold, value(left), value(right))
        return value(root)
    return predict
# --8<-- [end:fit_tree]


# --8<-- [start:gradient_boosting]
def gradient_boosting(x, y, n_estimators=100, learning_rate=0.1,
                      max_depth=1):
    """Least-squares gradient boosting of small trees; return predict.

    Starts from the mean of ``y``. Each tree is fit to the residuals, the
    mistakes of the model so far, and added scaled by ``learning_rate``.
    ``predict(x, n_trees)`` uses only the first ``n_trees`` trees. The same
    model as scikit-learn's ``GradientBoostingRegressor`` on one feature.

    Examples
    --------
    >>> x, y = np.arange(4.0), np.array([0.0, 0.0, 4.0, 4.0])
    >>> predict = gradient_boosting(x, y, n_estimators=2, learning_rate=0.5)
    >>> [predict(x, n_trees=m).tolist() for m in range(3)]
    [[2.0, 2.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0], [0.5, 0.5, 3.5, 3.5]]
    """
    _int("n_estimators", n_estimators, 1)
    _real("learning_rate", learning_rate, positive=True)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    f0 = np.mean(y)  # (3)
    prediction = np.full(y.shape, f0)
    trees = []
    for _ in range(n_estimators):
        tree = fit_tree(x, y - prediction, max_depth=max_depth)  # (3)
        prediction = prediction + learning_rate * tree(x)  # (3)
        trees.append(tree)

    def predict(x_new, n_trees=n_estimators):
        x_new = np.asarray(x_new, dtype=float)
        out = np.full(x_new.shape, f0)
        for tree in trees[:n_trees]:
            out = out + learning_rate * tree(x_new)
        return out
    return predict
# --8<-- [end:gradient_boosting]
