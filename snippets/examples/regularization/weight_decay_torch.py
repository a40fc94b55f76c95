# The same five runs with torch.optim; autograd differentiates the penalty.
import torch

X = torch.tensor([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0],
                  [2.0, 0.0, -1.0], [1.0, 1.0, 1.0]], dtype=torch.float64)
y = torch.tensor([1.0, 0.0, 2.0, -1.0], dtype=torch.float64)


def train(optimizer, l2=0.0, steps=200, **hyperparameters):
    w = torch.ones(3, dtype=torch.float64, requires_grad=True)
    opt = optimizer([w], **hyperparameters)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((X @ w - y) ** 2).mean() / 2 + l2 / 2 * (w**2).sum()
        loss.backward()
        opt.step()
    return w.detach()


runs = {
    "SGD(weight_decay=0.1)": train(torch.optim.SGD, lr=0.1, weight_decay=0.1),
    "SGD on loss + L2 0.1": train(torch.optim.SGD, l2=0.1, lr=0.1),
    "Adam(weight_decay=0.1)": train(torch.optim.Adam, lr=0.05,
                                    weight_decay=0.1),
    "Adam on loss + L2 0.1": train(torch.optim.Adam, l2=0.1, lr=0.05),
    "AdamW(weight_decay=0.1)": train(torch.optim.AdamW, lr=0.05,
                                     weight_decay=0.1),
}
for name, w in runs.items():
    print(f"{name:>24}: w = {w.round(decimals=6).tolist()}")
