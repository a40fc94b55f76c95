# Polynomials of growing degree fit to 15 noisy points: the training error
# keeps falling, the error on new data falls and then climbs.
import numpy as np

from snippets.generalization import fit_polynomial

rng = np.random.default_rng(0)


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * rng.standard_normal(n)


x_train, y_train = sample(15)
x_test, y_test = sample(1000)
for degree in (0, 1, 3, 5, 9, 12):
    predict = fit_polynomial(x_train, y_train, degree)
    train = np.mean((predict(x_train) - y_train) ** 2)  # (1)
    # R(h) of (1), estimated on 1000 fresh examples
    test = np.mean((predict(x_test) - y_test) ** 2)  # (1)
    print(f"degree {degree:2d}: train {train:.4f}  test {test:.4f}")
