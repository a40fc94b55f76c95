# Mixup, cutmix and cutout on a small batch, each giving images and soft
# targets, then the cross-entropy of a linear classifier on them.
import numpy as np

from snippets.regularization import (cross_entropy, cutmix, cutout, mixup,
                                     one_hot)

images = np.random.default_rng(1).random((6, 3, 8, 8))
targets = one_hot([0, 1, 2, 0, 1, 2], num_classes=3)
weights = np.random.default_rng(2).normal(0, 0.1, size=(3 * 8 * 8, 3))
rng = np.random.default_rng(0)

for name, mix, option in [("mixup", mixup, {"alpha": 0.4}),
                          ("cutmix", cutmix, {"alpha": 1.0}),
                          ("cutout", cutout, {"size": 4})]:
    x, soft = mix(images, targets, **option, rng=rng)
    logits = x.reshape(len(x), -1) @ weights
    print(f"{name}: target of image 0 = {soft[0].round(4).tolist()}, "
          f"loss {cross_entropy(logits, soft):.6f}")
