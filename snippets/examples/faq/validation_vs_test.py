# Why the test set must not choose anything. 1000 times: split 60 points
# 6:2:2, fit polynomials of degree 0 to 7 on the training part, pick one,
# and compare the error we would report with the chosen model's true error
# (measured on 10 000 fresh points). The whole simulation is repeated for
# five seeds, to show how much its averages vary.
import numpy as np

from snippets.generalization import fit_polynomial, random_split


def sample(n, rng):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * rng.standard_normal(n)


def mse(predict, x, y):
    return np.mean((predict(x) - y) ** 2)


def simulate(rng, trials=1000):
    """Average errors over the trials: validation, test and true error of
    the model chosen on validation data, test and true error of the model
    chosen on test data."""
    x_new, y_new = sample(10_000, rng)
    rows = []
    for _ in range(trials):
        x, y = sample(60, rng)
        train, val, test = random_split(60, [0.6, 0.2, 0.2], rng)
        models = [fit_polynomial(x[train], y[train], d) for d in range(8)]
        by_val = min(models, key=lambda m: mse(m, x[val], y[val]))
        by_test = min(models, key=lambda m: mse(m, x[test], y[test]))
        rows.append([
            mse(by_val, x[val], y[val]),  # reported by the data that chose
            mse(by_val, x[test], y[test]),  # reported by untouched test data
            mse(by_val, x_new, y_new),  # the truth
            mse(by_test, x[test], y[test]),  # reported by the data that chose
            mse(by_test, x_new, y_new),  # the truth
        ])
    return np.mean(rows, axis=0)


# gap = true error minus the error reported by the data that chose
print("      chosen on validation data        chosen on test data")
print("seed  validation  test   true   gap    test   true   gap")
for seed in range(5):
    rng = np.random.default_rng(seed)
    v_val, v_test, v_true, t_test, t_true = simulate(rng)
    print(f"{seed:<4}  {v_val:<10.3f}  {v_test:.3f}  {v_true:.3f}  "
          f"{v_true - v_val:.3f}  {t_test:.3f}  {t_true:.3f}  "
          f"{t_true - t_test:.3f}")
