# Backpropagation through a convolution, by hand: L = sum(tanh(conv2d(x, w))).
import numpy as np

from snippets.conv import conv2d, conv2d_backward

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 3, 7, 7))
weight = rng.standard_normal((4, 3, 3, 3)) / 3
bias = rng.standard_normal(4)

out = conv2d(x, weight, bias, stride=2, padding=1)
loss = np.tanh(out).sum()
grad_out = 1 - np.tanh(out) ** 2  # dL/d(out), the chain rule through tanh
grad_x, grad_weight, grad_bias = conv2d_backward(grad_out, x, weight,
                                                 stride=2, padding=1)
print(f"loss               {loss:.8f}")
print(f"|dL/dx|            {np.linalg.norm(grad_x):.8f}")
print(f"|dL/dw|            {np.linalg.norm(grad_weight):.8f}")
print("dL/db             ", " ".join(f"{v:.8f}" for v in grad_bias))
print(f"dL/dx[0, 0, 0, 0]  {grad_x[0, 0, 0, 0]:.8f}")
