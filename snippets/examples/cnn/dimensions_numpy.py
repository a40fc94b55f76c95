# One convolution in three dimensions: a signal, an image, a video clip.
import numpy as np

from snippets.conv import conv1d, conv2d, conv3d

rng = np.random.default_rng(0)
batches = {
    "conv1d": (conv1d, rng.standard_normal((4, 2, 100))),  # (N, C, L)
    "conv2d": (conv2d, rng.standard_normal((4, 3, 32, 32))),  # (N, C, H, W)
    "conv3d": (conv3d, rng.standard_normal((4, 3, 8, 32, 32))),  # + depth D
}
for name, (conv, x) in batches.items():
    d = x.ndim - 2
    weight = rng.standard_normal((16, x.shape[1], *[3] * d)) / 3
    out = conv(x, weight, stride=2, padding=1)
    print(f"{name}: {x.shape} -> {out.shape}, mean {out.mean():+.6f}")
