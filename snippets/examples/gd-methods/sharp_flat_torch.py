# The same experiment in PyTorch. Hessian-vector products come from
# differentiating the gradient a second time (double backward).
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

rng = np.random.default_rng(0)  # NumPy draws data and start, as mlp_init


def sample(n):
    x = rng.uniform(-2, 2, n)
    y = np.sin(2 * x) + 0.3 * rng.standard_normal(n)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y).unsqueeze(1)


x, y = sample(256)
x_test, y_test = sample(4000)
first = torch.from_numpy(rng.uniform(-1, 1, 32))  # weights, biases
second = torch.from_numpy(rng.uniform(-0.25, 0.25, 17))  # 1/sqrt(16)


def start():
    model = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1))
    model = model.double()
    with torch.no_grad():
        model[0].weight.copy_(first[:16, None])
        model[0].bias.copy_(first[16:])
        model[2].weight.copy_(second[None, :16])
        model[2].bias.copy_(second[16:])
    return model


def sharpness(model, n_iter=100):
    params = list(model.parameters())
    loss = F.mse_loss(model(x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    v = [torch.randn_like(p) for p in params]
    for _ in range(n_iter + 1):
        norm = torch.sqrt(sum((u**2).sum() for u in v))
        v = [u / norm for u in v]
        hv = torch.autograd.grad(grads, params, v, retain_graph=True)
        rayleigh = sum((a * b).sum() for a, b in zip(v, hv))
        v = hv
    return rayleigh.item()


torch.manual_seed(0)
lr, updates = 0.1, 4096
for batch_size in (1, 16, 256):
    model = start()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch in range(updates * batch_size // len(x)):
        # DataLoader(TensorDataset(x, y), batch_size) gives these batches,
        # with a slower Python loop per batch.
        for xb, yb in zip(x.split(batch_size), y.split(batch_size)):
            optimizer.zero_grad()
            F.mse_loss(model(xb), yb).backward()
            optimizer.step()
    for step in range(1000):  # settle: full-batch steps
        optimizer.zero_grad()
        F.mse_loss(model(x), y).backward()
        optimizer.step()
    with torch.no_grad():
        train = F.mse_loss(model(x), y)
        test = F.mse_loss(model(x_test), y_test)
    print(f"batch size {batch_size:3d}: sharpness {sharpness(model):6.3f}, "
          f"train loss {train:.4f}, test loss {test:.4f}")
print(f"full-batch GD is stable only where sharpness < 2 / lr = {2 / lr:.1f}")
