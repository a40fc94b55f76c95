# Adam on Rosenbrock's valley, with and without AMSGrad.
import numpy as np

from snippets.landscapes import rosenbrock, rosenbrock_grad
from snippets.optimizers import Adam

for amsgrad in (False, True):
    x = np.array([-1.5, 2.0])
    optimizer = Adam([x], lr=0.05, amsgrad=amsgrad)
    for t in range(1, 1001):
        optimizer.step([rosenbrock_grad(x)])
        if t in (10, 100, 1000):
            f = rosenbrock(x)
            print(f"amsgrad = {amsgrad!s:5}  t = {t:4d}  f = {f:.6f}  "
                  f"x = ({x[0]:.4f}, {x[1]:.4f})")
