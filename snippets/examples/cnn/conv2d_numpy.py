# A 2-D convolution layer with every option: stride, padding, dilation, groups.
import numpy as np

from snippets.conv import conv2d, conv_output_size

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 4, 9, 9))  # 2 images, 4 channels, 9x9
weight = rng.standard_normal((6, 2, 3, 3))  # 6 kernels over 4 / 2 channels
bias = rng.standard_normal(6)

out = conv2d(x, weight, bias, stride=2, padding=2, dilation=2, groups=2)
print("output shape", out.shape)
print("formula     ", conv_output_size(9, 3, stride=2, padding=2, dilation=2))
for row in out[0, 0]:
    print(" ".join(f"{v:+8.4f}" for v in row))
