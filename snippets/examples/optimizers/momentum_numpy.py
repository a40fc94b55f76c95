# Plain SGD, momentum and Nesterov momentum on Rosenbrock's valley.
import numpy as np

from snippets.landscapes import rosenbrock, rosenbrock_grad
from snippets.optimizers import SGD

for momentum, nesterov in [(0.0, False), (0.9, False), (0.9, True)]:
    x = np.array([-1.5, 2.0])
    optimizer = SGD([x], lr=2e-4, momentum=momentum, nesterov=nesterov)
    for t in range(1000):
        optimizer.step([rosenbrock_grad(x)])
    print(f"momentum = {momentum}  nesterov = {nesterov!s:5}  "
          f"f = {rosenbrock(x):.6f}  x = ({x[0]:.4f}, {x[1]:.4f})")
