# Gradient descent on the double well, from two nearby starting points.
from snippets.gd_methods import gradient_descent
from snippets.landscapes import double_well_grad

for x0 in (-0.2, 0.5):
    path = gradient_descent(double_well_grad, x0=x0, lr=0.1, steps=100)
    print(f"x0 = {x0:+.1f}  ->  x = {path[-1]:+.6f}")
