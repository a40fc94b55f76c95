# The same three runs with torch.optim.SGD.
import torch


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


for momentum, nesterov in [(0.0, False), (0.9, False), (0.9, True)]:
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=2e-4, momentum=momentum,
                                nesterov=nesterov)
    for t in range(1000):
        optimizer.zero_grad()
        rosenbrock(x).backward()
        optimizer.step()
    x = x.detach()
    print(f"momentum = {momentum}  nesterov = {nesterov!s:5}  "
          f"f = {rosenbrock(x).item():.6f}  x = ({x[0]:.4f}, {x[1]:.4f})")
