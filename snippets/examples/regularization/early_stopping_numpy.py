# Early stopping: fit 15 noisy points with a degree-15 polynomial by gradient
# descent, watch the validation loss, and keep the weights of its best epoch.
import numpy as np

from snippets.regularization import EarlyStopping

rng = np.random.default_rng(6)


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + rng.normal(0, 0.3, n)


x_train, y_train = sample(15)
x_val, y_val = sample(30)  # held out: never trained on, and not the test set
features_train = np.polynomial.legendre.legvander(x_train, 15)
features_val = np.polynomial.legendre.legvander(x_val, 15)

w = np.zeros(16)
stopper = EarlyStopping(patience=100)
for epoch in range(1, 5001):
    residual = features_train @ w - y_train
    w -= 0.05 * 2 * features_train.T @ residual / len(y_train)
    val_loss = np.mean((features_val @ w - y_val) ** 2)
    if stopper.step(val_loss, [w]):
        break
stopper.restore([w])  # back to the best epoch

train_loss = np.mean((features_train @ w - y_train) ** 2)
print(f"stopped at epoch {epoch}, best epoch {stopper.best_epoch + 1}")
print(f"at the best epoch: train MSE {train_loss:.4f}, "
      f"validation MSE {stopper.best:.4f}")
