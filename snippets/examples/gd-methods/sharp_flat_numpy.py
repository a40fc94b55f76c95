# One small network, one start, one learning rate, the same number of
# updates; only the batch size differs. Each run then settles to the bottom
# of its basin, where we measure the sharpness: the largest eigenvalue of
# the Hessian of the training loss. (Shuffling is off, so the PyTorch
# program visits the same batches; the site's figure shuffles.)
import functools

import numpy as np

from snippets.gd_methods import (gradient_descent, minibatch_sgd, mlp_grad,
                                 mlp_init, mlp_loss, top_hessian_eigenvalue)

rng = np.random.default_rng(0)


def sample(n):
    x = rng.uniform(-2, 2, n)
    return x, np.sin(2 * x) + 0.3 * rng.standard_normal(n)


x, y = sample(256)
x_test, y_test = sample(4000)
w0 = mlp_init(16, rng)  # 1 -> 16 tanh units -> 1: 49 parameters
full_grad = functools.partial(mlp_grad, x=x, y=y)
lr, updates = 0.1, 4096

for batch_size in (1, 16, 256):
    epochs = updates * batch_size // len(x)
    path = minibatch_sgd(mlp_grad, w0, x, y, batch_size, lr, epochs,
                         shuffle=False)
    w = gradient_descent(full_grad, path[-1], lr=lr, steps=1000)[-1]
    sharpness, _ = top_hessian_eigenvalue(full_grad, w,
                                          rng=np.random.default_rng(1))
    print(f"batch size {batch_size:3d}: sharpness {sharpness:6.3f}, "
          f"train loss {mlp_loss(w, x, y):.4f}, "
          f"test loss {mlp_loss(w, x_test, y_test):.4f}")
print(f"full-batch GD is stable only where sharpness < 2 / lr = {2 / lr:.1f}")
