# The same descent with PyTorch: autograd computes f'(x), SGD takes the step.
import torch

for x0 in (-0.2, 0.5):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=0.1)
    for _ in range(100):
        optimizer.zero_grad()
        loss = x**4 / 4 - x**2 + x / 2
        loss.backward()
        optimizer.step()
    print(f"x0 = {x0:+.1f}  ->  x = {x.item():+.6f}")
