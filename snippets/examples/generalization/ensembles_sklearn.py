# The same boosted stumps with scikit-learn; staged_predict gives the
# prediction after each stump.
import numpy as np
from sklearn.ensemble import GradientBoostingRegressor

rng = np.random.default_rng(4)


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * rng.standard_normal(n)


x, y = sample(30)
x_test, y_test = sample(1000)
model = GradientBoostingRegressor(n_estimators=300, learning_rate=0.1,
                                  max_depth=1).fit(x[:, None], y)
train = list(model.staged_predict(x[:, None]))
test = list(model.staged_predict(x_test[:, None]))
for m in (1, 10, 100, 300):  # the first m stumps
    train_loss = np.mean((train[m - 1] - y) ** 2)
    test_loss = np.mean((test[m - 1] - y_test) ** 2)
    print(f"m = {m:3d}: train {train_loss:.4f}  test {test_loss:.4f}")
