# The same three layers in PyTorch (as modules: nn.LayerNorm((4, 3, 3)),
# nn.GroupNorm(2, 4), nn.InstanceNorm2d(4)).
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(0)
x = torch.from_numpy(
    rng.standard_normal((2, 4, 3, 3)) * [[[[1.0]], [[2.0]], [[5.0]], [[0.5]]]])

outputs = {
    "layer_norm": F.layer_norm(x, (4, 3, 3)),
    "group_norm": F.group_norm(x, num_groups=2),
    "instance_norm": F.instance_norm(x),
}
for name, out in outputs.items():
    values = out[0, :, 0, 0].round(decimals=6).tolist()
    print(f"{name:>13}: out[0, :, 0, 0] = {values}")
