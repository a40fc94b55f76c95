# Pure noise: 1000 random features, a target unrelated to all of them.
# Choosing features on all the data before cross-validating makes noise look
# predictive; choosing them inside each fold does not.
import numpy as np

from snippets.generalization import cross_val_loss

rng = np.random.default_rng(0)
X = rng.standard_normal((50, 1000))
y = rng.standard_normal(50)


def top_features(X, y, k=10):
    """The k columns of X most correlated with y, in either sign."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    r = Xc.T @ yc / (np.linalg.norm(Xc, axis=0) * np.linalg.norm(yc))
    return np.argsort(-np.abs(r))[:k]


def fit_linear(X, y):
    """Least squares with an intercept; return predict."""
    w, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y)
    return lambda X_new: np.column_stack([X_new, np.ones(len(X_new))]) @ w


def select_then_fit(X, y):
    """The whole procedure, selection included, as one learner."""
    columns = top_features(X, y)
    predict = fit_linear(X[:, columns], y)
    return lambda X_new: predict(X_new[:, columns])


chosen_on_all = top_features(X, y)  # the mistake: selection saw every fold
wrong = cross_val_loss(fit_linear, X[:, chosen_on_all], y).mean()
right = cross_val_loss(select_then_fit, X, y).mean()
print(f"variance of y (error of predicting its mean): {y.var():.4f}")
print(f"CV loss, features chosen before CV:  {wrong:.4f}")
print(f"CV loss, features chosen in each fold: {right:.4f}")
