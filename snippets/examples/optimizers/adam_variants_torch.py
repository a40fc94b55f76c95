# The same runs with torch.optim and the adamp package.
import torch
from adamp import AdamP
from torch.optim import AdamW, NAdam, RAdam


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


for optimizer_class, lr in [(AdamW, 0.05), (NAdam, 0.02), (RAdam, 0.01),
                            (AdamP, 0.05)]:
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    optimizer = optimizer_class([x], lr=lr)
    for t in range(1000):
        optimizer.zero_grad()
        rosenbrock(x).backward()
        optimizer.step()
    x = x.detach()
    print(f"{optimizer_class.__name__:5}  f = {rosenbrock(x).item():.6f}  "
          f"x = ({x[0]:.4f}, {x[1]:.4f})")
