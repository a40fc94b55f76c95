# Gradient boosting with decision stumps on 30 noisy points: the training
# error falls with every stump; the test error falls, then levels off.
import numpy as np

from snippets.generalization import gradient_boosting

rng = np.random.default_rng(4)


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * rng.standard_normal(n)


x, y = sample(30)
x_test, y_test = sample(1000)
predict = gradient_boosting(x, y, n_estimators=300, learning_rate=0.1,
                            max_depth=1)
for m in (1, 10, 100, 300):  # the first m stumps
    train = np.mean((predict(x, n_trees=m) - y) ** 2)
    test = np.mean((predict(x_test, n_trees=m) - y_test) ** 2)
    print(f"m = {m:3d}: train {train:.4f}  test {test:.4f}")
