# The same fits with PyTorch: least squares on the Vandermonde matrix.
import numpy as np
import torch

rng = np.random.default_rng(0)  # NumPy draws the data, so both see the same


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * rng.standard_normal(n)


x_train, y_train = map(torch.from_numpy, sample(15))
x_test, y_test = map(torch.from_numpy, sample(1000))
for degree in (0, 1, 3, 5, 9, 12):
    X = torch.vander(x_train, N=degree + 1)  # columns x^degree, ..., 1
    w = torch.linalg.lstsq(X, y_train.unsqueeze(1)).solution.squeeze(1)
    train = torch.mean((X @ w - y_train) ** 2)
    test = torch.mean((torch.vander(x_test, N=degree + 1) @ w - y_test) ** 2)
    print(f"degree {degree:2d}: train {train:.4f}  test {test:.4f}")
