# The same run with torch.optim.Adagrad.
import torch


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.Adagrad([x], lr=0.5)
for t in range(1, 1001):
    before = x.detach().clone()
    optimizer.zero_grad()
    rosenbrock(x).backward()
    optimizer.step()
    if t in (1, 10, 100, 1000):
        step = torch.linalg.norm(x.detach() - before)
        f = rosenbrock(x).item()
        print(f"t = {t:4d}  f = {f:.6f}  |step| = {step:.2e}")
