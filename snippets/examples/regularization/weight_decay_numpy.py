# Weight decay against an L2 penalty on a least-squares problem. For SGD the
# two are the same update; for Adam the penalty (Adam's weight_decay) and
# decoupled decay (AdamW) end at different weights.
import numpy as np

from snippets.optimizers import SGD, Adam, AdamW
from snippets.regularization import l2_penalty_grad

X = np.array([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0],
              [2.0, 0.0, -1.0], [1.0, 1.0, 1.0]])
y = np.array([1.0, 0.0, 2.0, -1.0])


def loss_grad(w):  # gradient of mean((X w - y)^2) / 2
    return X.T @ (X @ w - y) / len(y)


def train(optimizer, l2=0.0, steps=200, **hyperparameters):
    w = np.ones(3)
    opt = optimizer([w], **hyperparameters)
    for _ in range(steps):  # a step along the gradient of J + l2 * Omega_2
        opt.step([loss_grad(w) + l2_penalty_grad([w], l2)[0]])  # (1)
    return w


runs = {
    "SGD(weight_decay=0.1)": train(SGD, lr=0.1, weight_decay=0.1),
    "SGD on loss + L2 0.1": train(SGD, l2=0.1, lr=0.1),
    "Adam(weight_decay=0.1)": train(Adam, lr=0.05, weight_decay=0.1),
    "Adam on loss + L2 0.1": train(Adam, l2=0.1, lr=0.05),
    "AdamW(weight_decay=0.1)": train(AdamW, lr=0.05, weight_decay=0.1),
}
for name, w in runs.items():
    print(f"{name:>24}: w = {w.round(6).tolist()}")
