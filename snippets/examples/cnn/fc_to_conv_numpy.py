# A fully connected layer and a 3x3 convolution, both turning a 28x28 gray
# image into 8 feature maps of 28x28: the same output, very different sizes.
import numpy as np

from snippets.conv import conv2d

rng = np.random.default_rng(0)
image = rng.random((1, 1, 28, 28))

# Fully connected: every output number has its own weight for every pixel.
fc_weight = rng.standard_normal((8 * 28 * 28, 28 * 28)) * 0.01
fc_bias = np.zeros(8 * 28 * 28)
fc_out = (fc_weight @ image.reshape(-1) + fc_bias).reshape(1, 8, 28, 28)

# Convolution: 8 kernels of 3x3, the same ones at every position.
conv_weight = rng.standard_normal((8, 1, 3, 3)) * 0.3
conv_bias = np.zeros(8)
conv_out = conv2d(image, conv_weight, conv_bias, padding=1)  # (1)

for name, out, params in [("fully connected", fc_out, [fc_weight, fc_bias]),
                          ("convolution", conv_out, [conv_weight, conv_bias])]:
    # weights and biases: (3) for the dense layer, (2) for the convolution
    count = sum(p.size for p in params)  # (2), (3)
    print(f"{name:15}  output {out.shape}  parameters {count:>9,}")
