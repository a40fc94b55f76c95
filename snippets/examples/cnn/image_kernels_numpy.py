# Sobel's kernel finds where brightness changes from left to right.
import numpy as np

from snippets.conv import filter_image, image_kernel

image = np.zeros((6, 7))
image[1:5, 2:5] = 1.0  # a bright rectangle on a dark background

edges = filter_image(image, image_kernel("sobel x"))
for row in edges:
    print(" ".join(f"{v + 0.0:5.1f}" for v in row))
