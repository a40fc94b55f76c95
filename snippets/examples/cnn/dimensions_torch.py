# The same three convolutions in PyTorch, on the same numbers.
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(0)
batches = {
    "conv1d": (F.conv1d, rng.standard_normal((4, 2, 100))),
    "conv2d": (F.conv2d, rng.standard_normal((4, 3, 32, 32))),
    "conv3d": (F.conv3d, rng.standard_normal((4, 3, 8, 32, 32))),
}
for name, (conv, x) in batches.items():
    d = x.ndim - 2
    weight = rng.standard_normal((16, x.shape[1], *[3] * d)) / 3
    out = conv(torch.from_numpy(x), torch.from_numpy(weight), stride=2,
               padding=1)
    print(f"{name}: {x.shape} -> {tuple(out.shape)}, mean {out.mean():+.6f}")
