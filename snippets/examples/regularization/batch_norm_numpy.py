# Batch normalization of (N, C, H, W) batches: three training steps that
# update the running statistics, an evaluation step that uses them, and the
# backward pass of a training step.
import numpy as np

from snippets.normalization import batch_norm, batch_norm_backward

rng = np.random.default_rng(0)
center = np.array([2.0, -1.0, 0.5]).reshape(1, 3, 1, 1)
spread = np.array([1.0, 3.0, 0.5]).reshape(1, 3, 1, 1)


def batch():
    return center + spread * rng.standard_normal((8, 3, 4, 4))


weight, bias = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 1.0])
running_mean, running_var = np.zeros(3), np.ones(3)  # updated in place
for step in range(3):
    out = batch_norm(batch(), running_mean, running_var, weight, bias,
                     training=True, momentum=0.1)
print("running mean:", running_mean.round(6).tolist())
print("running var: ", running_var.round(6).tolist())

out = batch_norm(batch(), running_mean, running_var, weight, bias,
                 training=False)
print("eval output mean per channel:", out.mean((0, 2, 3)).round(6).tolist())

x, grad_output = batch(), rng.standard_normal((8, 3, 4, 4))
grad_input, grad_weight, grad_bias = batch_norm_backward(grad_output, x,
                                                         weight)
print("grad_weight:", grad_weight.round(6).tolist())
print("grad_bias:  ", grad_bias.round(6).tolist())
print(f"grad_input[0, :, 0, 0]: {grad_input[0, :, 0, 0].round(6).tolist()}")
