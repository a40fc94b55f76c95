# Fit a line by gradient descent with three batch sizes; nothing else
# differs. Shuffling is off, so the PyTorch program visits the same batches.
import numpy as np

from snippets.gd_methods import line_grad, line_loss, minibatch_sgd

rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, 100)
y = 2 * x + 1 + 0.5 * rng.standard_normal(100)

for batch_size in (1, 10, 100):  # stochastic, mini-batch, batch
    path = minibatch_sgd(line_grad, [0.0, 0.0], x, y, batch_size, lr=0.05,
                         epochs=5, shuffle=False)
    w, b = path[-1]
    loss = line_loss(path[-1], x, y)
    print(f"batch size {batch_size:3d}: {len(path) - 1:3d} updates, "
          f"w = {w:.4f}, b = {b:.4f}, loss = {loss:.4f}")
