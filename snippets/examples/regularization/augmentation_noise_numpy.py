# One augmented batch: random flips, 4-pixel padded crops, brightness and
# contrast jitter, then Gaussian input noise; every choice from one Generator.
import numpy as np

from snippets.regularization import (color_jitter, gaussian_noise,
                                     random_crop, random_horizontal_flip)

images = np.random.default_rng(1).random((4, 3, 32, 32))  # stand-in data
rng = np.random.default_rng(0)

x = random_horizontal_flip(images, p=0.5, rng=rng)
x = random_crop(x, 32, padding=4, rng=rng)
x = color_jitter(x, brightness=0.2, contrast=0.2, rng=rng)
x = gaussian_noise(x, std=0.05, rng=rng)

print("shape:", x.shape)
print("mean of each image:", " ".join(f"{m:.6f}" for m in x.mean((1, 2, 3))))
