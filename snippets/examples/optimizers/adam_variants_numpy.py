# AdamW, NAdam, RAdam and AdamP on Rosenbrock's valley.
import numpy as np

from snippets.landscapes import rosenbrock, rosenbrock_grad
from snippets.optimizers import AdamP, AdamW, NAdam, RAdam

for optimizer_class, lr in [(AdamW, 0.05), (NAdam, 0.02), (RAdam, 0.01),
                            (AdamP, 0.05)]:
    x = np.array([-1.5, 2.0])
    optimizer = optimizer_class([x], lr=lr)
    for t in range(1000):
        optimizer.step([rosenbrock_grad(x)])
    print(f"{optimizer_class.__name__:5}  f = {rosenbrock(x):.6f}  "
          f"x = ({x[0]:.4f}, {x[1]:.4f})")
