# The same early stopping with PyTorch: keep a copy of the best state_dict.
import copy

import numpy as np
import torch

rng = np.random.default_rng(6)


def sample(n):
    x = rng.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + rng.normal(0, 0.3, n)


def features(x):
    return torch.from_numpy(np.polynomial.legendre.legvander(x, 15))


x_train, y_train = sample(15)
x_val, y_val = sample(30)
features_train, features_val = features(x_train), features(x_val)
y_train, y_val = torch.from_numpy(y_train), torch.from_numpy(y_val)

model = torch.nn.Linear(16, 1, bias=False, dtype=torch.float64)
torch.nn.init.zeros_(model.weight)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
best, best_epoch, best_state, patience = float("inf"), 0, None, 100
for epoch in range(1, 5001):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(features_train)[:, 0], y_train)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        val_loss = torch.nn.functional.mse_loss(
            model(features_val)[:, 0], y_val).item()
    if val_loss < best:
        best, best_epoch = val_loss, epoch
        best_state = copy.deepcopy(model.state_dict())
    elif epoch - best_epoch >= patience:
        break
model.load_state_dict(best_state)

with torch.no_grad():
    train_loss = torch.nn.functional.mse_loss(
        model(features_train)[:, 0], y_train).item()
print(f"stopped at epoch {epoch}, best epoch {best_epoch}")
print(f"at the best epoch: train MSE {train_loss:.4f}, "
      f"validation MSE {best:.4f}")
