# Put the test set away, choose the degree by 5-fold cross-validation on the
# rest, refit on all of the rest, and only then measure the test error, once.
import numpy as np

from snippets.generalization import (fit_polynomial, grid_search_cv,
                                     random_split)

rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, 100)
y = np.sin(np.pi * x) + 0.3 * rng.standard_normal(100)
dev, test = random_split(100, [0.8, 0.2], rng)

best, predict, cv_losses = grid_search_cv(
    fit_polynomial, {"degree": range(11)}, x[dev], y[dev])
for degree, loss in enumerate(cv_losses):
    print(f"degree {degree:2d}: CV loss {loss:.4f}")
print(f"chosen degree {best['degree']}, refit on all {len(dev)} points")
test_loss = np.mean((predict(x[test]) - y[test]) ** 2)
print(f"test loss, measured once: {test_loss:.4f}")
