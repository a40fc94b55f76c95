# Adagrad on Rosenbrock's valley: fast at first, then its steps shrink.
import numpy as np

from snippets.landscapes import rosenbrock, rosenbrock_grad
from snippets.optimizers import Adagrad

x = np.array([-1.5, 2.0])
optimizer = Adagrad([x], lr=0.5)
for t in range(1, 1001):
    before = x.copy()
    optimizer.step([rosenbrock_grad(x)])
    if t in (1, 10, 100, 1000):
        step = np.linalg.norm(x - before)
        f = rosenbrock(x)
        print(f"t = {t:4d}  f = {f:.6f}  |step| = {step:.2e}")
