"""Solutions to the exercises of the generalization chapter.

Each section is a solution's code, embedded in its folded solution on one
of the pages ``docs/*/generalization/{overfitting,cross-validation,
bias-variance,ensembles}.md`` and tested in
``tests/test_exercises_generalization.py``. Every random draw comes from the
``rng`` argument, a ``numpy.random.Generator``.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]

# The pages show k_fold's own section before the code that uses it.
from snippets.generalization import k_fold


# --8<-- [start:optimism]
def optimism(rng, n=15, degree=3, noise_std=0.3, n_datasets=4000):
    """Mean training error and mean error on fresh targets at the same inputs.

    The truth is a polynomial of ``degree`` itself, so the fitted model
    family contains it: no bias, only noise and variance.

    Examples
    --------
    >>> train, fresh = optimism(np.random.default_rng(0), n_datasets=100)
    >>> bool(train < 0.09 < fresh)
    True
    """
    x = np.linspace(-1, 1, n)
    X = np.vander(x, degree + 1)
    f = X @ rng.standard_normal(degree + 1)  # a truth the model can fit
    train, fresh = [], []
    for _ in range(n_datasets):
        y = f + noise_std * rng.standard_normal(n)
        w, *_ = np.linalg.lstsq(X, y, rcond=None)
        train.append(np.mean((y - X @ w) ** 2))
        y_new = f + noise_std * rng.standard_normal(n)  # same x, new noise
        fresh.append(np.mean((y_new - X @ w) ** 2))
    return float(np.mean(train)), float(np.mean(fresh))
# --8<-- [end:optimism]


# --8<-- [start:fold_sizes]
def fold_sizes(n_samples, n_splits):
    """Sizes of the validation folds of ``k_fold``, in order.

    Examples
    --------
    >>> fold_sizes(10, 3)
    [4, 3, 3]
    """
    return [len(val) for _, val in k_fold(n_samples, n_splits)]
# --8<-- [end:fold_sizes]


# --8<-- [start:selection_leak]
def top_features(X, y, n_keep):
    """Indices of the ``n_keep`` columns of X most correlated with y.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]])
    >>> top_features(X, np.array([0.0, 1.0, 2.0]), 1).tolist()
    [0]
    """
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    corr = (Xc.T @ yc) / (np.linalg.norm(Xc, axis=0) * np.linalg.norm(yc))
    return np.argsort(-np.abs(corr))[:n_keep]


def cv_mse_with_selection(X, y, n_keep, select_inside):
    """5-fold CV error of least squares on the ``n_keep`` best features.

    With ``select_inside`` the features are chosen on each training part
    alone; without it, once on all the data, before the split.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.standard_normal((20, 5)), rng.standard_normal(20)
    >>> inside = cv_mse_with_selection(X, y, 5, select_inside=True)
    >>> before = cv_mse_with_selection(X, y, 5, select_inside=False)
    >>> bool(np.isclose(inside, before))  # all features kept: no leak
    True
    """
    chosen_on_all = top_features(X, y, n_keep)
    losses = []
    for train, val in k_fold(len(y), n_splits=5):
        if select_inside:
            cols = top_features(X[train], y[train], n_keep)
        else:
            cols = chosen_on_all  # the validation fold helped choose them
        A = np.column_stack([X[train][:, cols], np.ones(len(train))])
        w, *_ = np.linalg.lstsq(A, y[train], rcond=None)
        B = np.column_stack([X[val][:, cols], np.ones(len(val))])
        losses.append(np.mean((y[val] - B @ w) ** 2))
    return float(np.mean(losses))


def print_selection_leak(rng, n=50, n_features=1000, n_keep=10):
    """Labels that are pure noise: the leaky estimate claims they are not.

    Examples
    --------
    >>> print_selection_leak(np.random.default_rng(0))
    variance of y:           0.818
    CV, selected on all:     0.555
    CV, selected per fold:   1.329
    """
    X = rng.standard_normal((n, n_features))
    y = rng.standard_normal(n)  # independent of X: nothing to learn
    print(f"variance of y:           {y.var():.3f}")
    leaky = cv_mse_with_selection(X, y, n_keep, select_inside=False)
    print(f"CV, selected on all:     {leaky:.3f}")
    honest = cv_mse_with_selection(X, y, n_keep, select_inside=True)
    print(f"CV, selected per fold:   {honest:.3f}")
# --8<-- [end:selection_leak]


# --8<-- [start:leave_one_out]
def leave_one_out_residuals(x, y, degree):
    """Residuals y_i - h_{-i}(x_i) of least squares, from one fit only.

    Examples
    --------
    >>> x, y = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 5.0])
    >>> leave_one_out_residuals(x, y, degree=0).tolist()  # y_i - mean of rest
    [-3.0, -1.5, 4.5]
    """
    X = np.vander(np.asarray(x, dtype=float), degree + 1)
    H = X @ np.linalg.pinv(X)  # the hat matrix: predictions are H @ y
    return (y - H @ y) / (1 - np.diag(H))


def leave_one_out_by_refitting(x, y, degree):
    """The same residuals, refitting without each point in turn.

    Examples
    --------
    >>> x, y = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 5.0])
    >>> leave_one_out_by_refitting(x, y, degree=0).tolist()
    [-3.0, -1.5, 4.5]
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    residuals = np.empty(len(y))
    for train, val in k_fold(len(y), n_splits=len(y)):
        w = np.polyfit(x[train], y[train], degree)
        residuals[val] = y[val] - np.polyval(w, x[val])
    return residuals
# --8<-- [end:leave_one_out]


# --8<-- [start:shrunk_mean]
def shrunk_mean_terms(c, rng, mu=1.0, sigma=1.0, n=5, n_datasets=200_000):
    """Bias², variance, noise and error of the prediction h = c * mean(y).

    Each training set is ``n`` draws of ``y = mu + noise``; the prediction
    is tested on a fresh draw.

    Examples
    --------
    >>> terms = shrunk_mean_terms(0.0, np.random.default_rng(0))
    >>> round(terms["bias2"], 6), round(terms["variance"], 6)
    (1.0, 0.0)
    """
    y = mu + sigma * rng.standard_normal((n_datasets, n))
    h = c * y.mean(axis=1)  # one prediction per training set
    y_new = mu + sigma * rng.standard_normal(n_datasets)
    return {
        "bias2": float((h.mean() - mu) ** 2),
        "variance": float(h.var()),
        "noise": sigma**2,
        "error": float(np.mean((y_new - h) ** 2)),
    }


def print_shrunk_mean(rng):
    """Print the terms for a few shrinkage factors c, with mu = sigma = 1.

    Examples
    --------
    >>> print_shrunk_mean(np.random.default_rng(0))  # doctest: +ELLIPSIS
    c = 0.000: bias2 1.0000  variance 0.0000  noise 1.0000  error ...
    ...
    """
    for c in (0.0, 0.5, 5 / 6, 1.0):
        terms = shrunk_mean_terms(c, rng)
        print(f"c = {c:.3f}: " + "  ".join(
            f"{name} {value:.4f}" for name, value in terms.items()))
# --8<-- [end:shrunk_mean]


# --8<-- [start:variance_at_training_inputs]
def variance_at_training_inputs(degree, rng, n=15, noise_std=0.3,
                                n_datasets=4000):
    """Variance of least-squares predictions, averaged over the inputs.

    The truth does not matter for the variance, so it is zero here.

    Examples
    --------
    >>> v = variance_at_training_inputs(0, np.random.default_rng(0))
    >>> bool(abs(v - 0.09 / 15) < 0.001)  # the variance of a mean
    True
    """
    X = np.vander(np.linspace(-1, 1, n), degree + 1)
    Y = noise_std * rng.standard_normal((n, n_datasets))  # one per column
    W, *_ = np.linalg.lstsq(X, Y, rcond=None)
    predictions = X @ W  # (n, n_datasets)
    return float(np.mean(predictions.var(axis=1)))
# --8<-- [end:variance_at_training_inputs]


# --8<-- [start:out_of_bag]
def out_of_bag_fraction(n, rng, n_draws=2000):
    """Average fraction of n examples that a bootstrap sample leaves out.

    Examples
    --------
    >>> out_of_bag_fraction(1, np.random.default_rng(0))
    0.0
    """
    left_out = 0
    for _ in range(n_draws):
        drawn = rng.integers(n, size=n)  # n draws with replacement
        left_out += n - len(np.unique(drawn))
    return left_out / (n * n_draws)


def print_out_of_bag(rng):
    """Print the exact and the simulated fraction for growing n.

    Examples
    --------
    >>> print_out_of_bag(np.random.default_rng(0))  # doctest: +ELLIPSIS
    n =    1: exact 0.0000  simulated 0.0000
    n =    2: exact 0.2500  simulated ...
    ...
    """
    for n in (1, 2, 5, 10, 100, 1000):
        exact = (1 - 1 / n) ** n
        print(f"n = {n:4d}: exact {exact:.4f}  "
              f"simulated {out_of_bag_fraction(n, rng):.4f}")
    print(f"1/e      = {np.exp(-1):.4f}")
# --8<-- [end:out_of_bag]


# --8<-- [start:correlated_average]
def variance_of_average(rho, n_models, rng, s=1.0, n_draws=20_000):
    """Variance of the mean of ``n_models`` predictions with correlation rho.

    Each prediction is a shared part plus its own part, scaled so that each
    has variance s^2 and any two have correlation rho.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> round(variance_of_average(1.0, 10, rng), 1)  # identical models
    1.0
    """
    shared = rng.standard_normal((n_draws, 1))
    own = rng.standard_normal((n_draws, n_models))
    h = s * (np.sqrt(rho) * shared + np.sqrt(1 - rho) * own)
    return float(h.mean(axis=1).var())
# --8<-- [end:correlated_average]
