# The same steps with torch.nn.BatchNorm2d: model.train() uses and updates
# the batch statistics, model.eval() uses the running ones.
import numpy as np
import torch

rng = np.random.default_rng(0)
center = np.array([2.0, -1.0, 0.5]).reshape(1, 3, 1, 1)
spread = np.array([1.0, 3.0, 0.5]).reshape(1, 3, 1, 1)


def batch():
    x = center + spread * rng.standard_normal((8, 3, 4, 4))
    return torch.from_numpy(x)


layer = torch.nn.BatchNorm2d(3, momentum=0.1, dtype=torch.float64)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([1.0, 2.0, 0.5]))
    layer.bias.copy_(torch.tensor([0.0, -1.0, 1.0]))

layer.train()
for step in range(3):
    out = layer(batch())
print("running mean:", layer.running_mean.round(decimals=6).tolist())
print("running var: ", layer.running_var.round(decimals=6).tolist())

layer.eval()
with torch.no_grad():
    out = layer(batch())
print("eval output mean per channel:",
      out.mean((0, 2, 3)).round(decimals=6).tolist())

layer.train()
x = batch().requires_grad_()
grad_output = torch.from_numpy(rng.standard_normal((8, 3, 4, 4)))
layer(x).backward(grad_output)
print("grad_weight:", layer.weight.grad.round(decimals=6).tolist())
print("grad_bias:  ", layer.bias.grad.round(decimals=6).tolist())
print(f"grad_input[0, :, 0, 0]: "
      f"{x.grad[0, :, 0, 0].round(decimals=6).tolist()}")
