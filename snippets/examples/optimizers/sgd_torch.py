# The same runs with torch.optim.SGD; autograd computes the gradient.
import torch


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


for lr in (1e-3, 3e-3):
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=lr)
    for t in range(1, 1001):
        optimizer.zero_grad()
        rosenbrock(x).backward()
        optimizer.step()
        f = rosenbrock(x).item()
        if t in (1, 2, 3, 10, 100, 1000) or f > 1e6:
            print(f"lr = {lr:g}  t = {t:4d}  f = {f:.6g}")
        if f > 1e6:
            print("diverged")
            break
