# Why the test set must not choose anything. 1000 times: split 60 points
# 6:2:2, fit polynomials of degree 0 to 7 on the training part, pick one,
# and compare the error we would report with the chosen model's true error
# (measured on 10 000 fresh points).
import numpy as np

from snippets.generalization import fit_polynomial, random_split

rng = np.random.default_rng(0)


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * rng.standard_normal(n)


def mse(predict, x, y):
    return np.mean((predict(x) - y) ** 2)


x_new, y_new = sample(10_000)
rows = []
for _ in range(1000):
    x, y = sample(60)
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
v_val, v_test, v_true, t_test, t_true = np.mean(rows, axis=0)
print("chosen on validation data:")
print(f"  validation error {v_val:.3f}, test error {v_test:.3f}, "
      f"true error {v_true:.3f}")
print("chosen on test data:")
print(f"  test error {t_test:.3f}, true error {t_true:.3f}")
