# The same layer with torch.nn.functional.conv2d.
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(0)
x = torch.from_numpy(rng.standard_normal((2, 4, 9, 9)))
weight = torch.from_numpy(rng.standard_normal((6, 2, 3, 3)))
bias = torch.from_numpy(rng.standard_normal(6))

out = F.conv2d(x, weight, bias, stride=2, padding=2, dilation=2, groups=2)
print("output shape", tuple(out.shape))
print("formula     ", (9 + 2 * 2 - 2 * (3 - 1) - 1) // 2 + 1)
for row in out[0, 0].tolist():
    print(" ".join(f"{v:+8.4f}" for v in row))
