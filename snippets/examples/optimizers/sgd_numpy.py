# SGD on Rosenbrock's valley: a learning rate that works, and one too large.
import numpy as np

from snippets.landscapes import rosenbrock, rosenbrock_grad
from snippets.optimizers import SGD

for lr in (1e-3, 3e-3):
    x = np.array([-1.5, 2.0])
    optimizer = SGD([x], lr=lr)
    for t in range(1, 1001):
        optimizer.step([rosenbrock_grad(x)])
        f = rosenbrock(x)
        if t in (1, 2, 3, 10, 100, 1000) or f > 1e6:
            print(f"lr = {lr:g}  t = {t:4d}  f = {f:.6g}")
        if f > 1e6:
            print("diverged")
            break
