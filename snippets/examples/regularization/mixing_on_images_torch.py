# Mixup, cutmix and cutout written in PyTorch as their papers' code does,
# drawing from NumPy in the same order as the NumPy program; F.cross_entropy
# accepts the soft targets directly.
import numpy as np
import torch
import torch.nn.functional as F

images = torch.from_numpy(np.random.default_rng(1).random((6, 3, 8, 8)))
labels = torch.tensor([0, 1, 2, 0, 1, 2])
weights = torch.from_numpy(
    np.random.default_rng(2).normal(0, 0.1, size=(3 * 8 * 8, 3)))
rng = np.random.default_rng(0)
y = F.one_hot(labels, 3).double()
n, _, h, w = images.shape


def mixup(alpha):
    lam = rng.beta(alpha, alpha)
    perm = torch.from_numpy(rng.permutation(n))
    return (lam * images + (1 - lam) * images[perm],
            lam * y + (1 - lam) * y[perm])


def cutmix(alpha):
    lam = rng.beta(alpha, alpha)
    perm = torch.from_numpy(rng.permutation(n))
    cut_h, cut_w = int(h * np.sqrt(1 - lam)), int(w * np.sqrt(1 - lam))
    cy, cx = rng.integers(h), rng.integers(w)
    top, bottom = np.clip([cy - cut_h // 2, cy - cut_h // 2 + cut_h], 0, h)
    left, right = np.clip([cx - cut_w // 2, cx - cut_w // 2 + cut_w], 0, w)
    x = images.clone()
    x[:, :, top:bottom, left:right] = images[perm, :, top:bottom, left:right]
    lam = 1 - (bottom - top) * (right - left) / (h * w)
    return x, lam * y + (1 - lam) * y[perm]


def cutout(size):
    x = images.clone()
    for image, cy, cx in zip(x, rng.integers(h, size=n),
                             rng.integers(w, size=n)):
        top, left = cy - size // 2, cx - size // 2
        image[:, max(top, 0):top + size, max(left, 0):left + size] = 0
    return x, y


for name, mix, option in [("mixup", mixup, 0.4), ("cutmix", cutmix, 1.0),
                          ("cutout", cutout, 4)]:
    x, soft = mix(option)
    logits = x.flatten(1) @ weights
    print(f"{name}: target of image 0 = {soft[0].round(decimals=4).tolist()}, "
          f"loss {F.cross_entropy(logits, soft):.6f}")
