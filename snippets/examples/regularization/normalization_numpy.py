# Layer, group and instance normalization of one (N, C, H, W) batch: the
# same standardization over different axes, so the outputs differ.
import numpy as np

from snippets.normalization import group_norm, instance_norm, layer_norm

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 4, 3, 3)) * [[[[1.0]], [[2.0]], [[5.0]], [[0.5]]]]

outputs = {
    "layer_norm": layer_norm(x, (4, 3, 3)),  # over C, H, W
    "group_norm": group_norm(x, num_groups=2),  # over 2 channels and H, W
    "instance_norm": instance_norm(x),  # over H, W
}
for name, out in outputs.items():
    print(f"{name:>13}: out[0, :, 0, 0] = {out[0, :, 0, 0].round(6).tolist()}")
