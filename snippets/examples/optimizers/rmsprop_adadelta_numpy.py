# RMSprop and Adadelta on Rosenbrock's valley.
import numpy as np

from snippets.landscapes import rosenbrock, rosenbrock_grad
from snippets.optimizers import Adadelta, RMSprop

for name, make in [("RMSprop ", lambda p: RMSprop(p, lr=0.01)),
                   ("Adadelta", lambda p: Adadelta(p))]:
    x = np.array([-1.5, 2.0])
    optimizer = make([x])
    for t in range(1, 501):
        optimizer.step([rosenbrock_grad(x)])
        if t in (10, 100, 500):
            print(f"{name}  t = {t:4d}  f = {rosenbrock(x):.5f}")
