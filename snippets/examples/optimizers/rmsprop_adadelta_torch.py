# The same runs with torch.optim.RMSprop and torch.optim.Adadelta.
import torch


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


for name, make in [("RMSprop ", lambda p: torch.optim.RMSprop(p, lr=0.01)),
                   ("Adadelta", lambda p: torch.optim.Adadelta(p))]:
    x = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    optimizer = make([x])
    for t in range(1, 501):
        optimizer.zero_grad()
        rosenbrock(x).backward()
        optimizer.step()
        if t in (10, 100, 500):
            print(f"{name}  t = {t:4d}  f = {rosenbrock(x).item():.5f}")
