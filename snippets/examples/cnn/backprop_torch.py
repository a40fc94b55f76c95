# The same gradients from PyTorch's autograd.
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(0)
x = torch.tensor(rng.standard_normal((2, 3, 7, 7)), requires_grad=True)
weight = torch.tensor(rng.standard_normal((4, 3, 3, 3)) / 3,
                      requires_grad=True)
bias = torch.tensor(rng.standard_normal(4), requires_grad=True)

loss = torch.tanh(F.conv2d(x, weight, bias, stride=2, padding=1)).sum()
loss.backward()
print(f"loss               {loss.item():.8f}")
print(f"|dL/dx|            {x.grad.norm().item():.8f}")
print(f"|dL/dw|            {weight.grad.norm().item():.8f}")
print("dL/db             ", " ".join(f"{v:.8f}" for v in bias.grad.tolist()))
print(f"dL/dx[0, 0, 0, 0]  {x.grad[0, 0, 0, 0].item():.8f}")
