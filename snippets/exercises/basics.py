"""Solutions to the exercises of the gradient descent page.

Each section is a solution's code, embedded in its folded solution on
``docs/*/basics/gradient-descent.md`` and tested in
``tests/test_exercises_basics.py``. The loops are written out, so that a
reader sees every step.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


# --8<-- [start:above_the_limit]
def bowl_path(lr, steps, curvatures=(1.0, 10.0), start=(1.0, 1.0)):
    """Gradient descent on f = (a x^2 + b y^2) / 2; return every iterate.

    Examples
    --------
    >>> bowl_path(0.19, 2)[:, 1].round(6).tolist()
    [1.0, -0.9, 0.81]
    """
    curvatures = np.asarray(curvatures, dtype=float)
    x = np.asarray(start, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - lr * curvatures * x  # the gradient of the bowl is (a x, b y)
        path.append(x)
    return np.array(path)


def print_above_the_limit():
    """Print |y| after 10 to 50 steps, just below and just above 2/L = 0.2.

    Examples
    --------
    >>> print_above_the_limit()
    lr 0.19: |y| after 10, 20, ... steps: 0.349 0.122 0.0424 0.0148 0.00515
             x after 50 steps: 2.66e-05
    lr 0.21: |y| after 10, 20, ... steps: 2.59 6.73 17.4 45.3 117
             x after 50 steps: 7.61e-06
    """
    for lr in (0.19, 0.21):
        path = bowl_path(lr, steps=50)
        sizes = " ".join(f"{abs(y):.3g}" for y in path[10::10, 1])
        print(f"lr {lr}: |y| after 10, 20, ... steps: {sizes}")
        print(f"         x after 50 steps: {path[-1, 0]:.2e}")
# --8<-- [end:above_the_limit]


# --8<-- [start:watershed]
def descend(grad, x0, lr=0.01, steps=5000):
    """Run gradient descent on a function of one variable; return the end.

    Examples
    --------
    >>> round(descend(lambda x: 2 * (x - 3), x0=0.0), 6)
    3.0
    """
    x = float(x0)
    for _ in range(steps):
        x -= lr * grad(x)
    return x


def watershed():
    """The local maximum of the double well: the root of f' between the minima.

    f'(x) = x^3 - 2x + 1/2 has three real roots; the middle one separates
    the starts that roll left from those that roll right.

    Examples
    --------
    >>> round(watershed(), 4)
    0.2587
    """
    roots = np.sort(np.roots([1.0, 0.0, -2.0, 0.5]).real)
    return float(roots[1])


def print_watershed(grad):
    """Print where descent ends from just left and just right of the ridge.

    Examples
    --------
    >>> print_watershed(lambda x: x**3 - 2 * x + 0.5)
    ridge at x = 0.2587
    start 0.2487 -> end -1.5257
    start 0.2687 -> end 1.2670
    """
    ridge = watershed()
    print(f"ridge at x = {ridge:.4f}")
    for x0 in (ridge - 0.01, ridge + 0.01):
        print(f"start {x0:.4f} -> end {descend(grad, x0):.4f}")
# --8<-- [end:watershed]
