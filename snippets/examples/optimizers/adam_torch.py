# The same runs with torch.optim.Adam.
import torch


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


for amsgrad in (False, True):
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adam([x], lr=0.05, amsgrad=amsgrad)
    for t in range(1, 1001):
        optimizer.zero_grad()
        rosenbrock(x).backward()
        optimizer.step()
        if t in (10, 100, 1000):
            v = x.detach()
            f = rosenbrock(v).item()
            print(f"amsgrad = {amsgrad!s:5}  t = {t:4d}  f = {f:.6f}  "
                  f"x = ({v[0]:.4f}, {v[1]:.4f})")
