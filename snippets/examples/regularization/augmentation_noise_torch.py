# The same augmented batch with tensor operations (torchvision.transforms.v2
# packages them as RandomHorizontalFlip, RandomCrop and ColorJitter). The
# random numbers come from NumPy, drawn in the same order, so the two
# programs print the same batch.
import numpy as np
import torch
import torch.nn.functional as F

images = torch.from_numpy(np.random.default_rng(1).random((4, 3, 32, 32)))
rng = np.random.default_rng(0)
n = len(images)


def uniform(low, high):
    return torch.from_numpy(rng.uniform(low, high, size=(n, 1, 1, 1)))


flip = torch.from_numpy(rng.random(n) < 0.5)
x = torch.where(flip[:, None, None, None], images.flip(-1), images)

padded = F.pad(x, (4, 4, 4, 4))
tops, lefts = rng.integers(0, 9, size=n), rng.integers(0, 9, size=n)
x = torch.stack([image[:, top:top + 32, left:left + 32]
                 for image, top, left in zip(padded, tops, lefts)])

x = (uniform(0.8, 1.2) * x).clamp(0, 1)
mean = x.mean(dim=(1, 2, 3), keepdim=True)
x = (mean + uniform(0.8, 1.2) * (x - mean)).clamp(0, 1)

x = x + 0.05 * torch.from_numpy(rng.standard_normal(x.shape))

print("shape:", tuple(x.shape))
print("mean of each image:", " ".join(f"{m:.6f}" for m in x.mean((1, 2, 3))))
