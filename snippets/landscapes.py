"""Test functions that the optimizers of the site are run on.

Each function ``f`` comes with its gradient ``f_grad``. The 2-D functions take
points with a last axis of length 2, so one call evaluates a whole grid for a
contour plot.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]


def _xy(p):
    p = np.asarray(p, dtype=float)
    if p.shape[-1:] != (2,):
        raise ValueError(f"p must have a last axis of length 2, got shape {p.shape}")
    return p[..., 0], p[..., 1]


# --8<-- [start:double_well]
def double_well(x):
    """f(x) = x^4/4 - x^2 + x/2: a global minimum near -1.53, a local one near 1.27.

    Examples
    --------
    >>> float(double_well(2.0))
    1.0
    """
    x = np.asarray(x, dtype=float)
    return x**4 / 4 - x**2 + x / 2


def double_well_grad(x):
    """f'(x) = x^3 - 2x + 1/2, the derivative of :func:`double_well`.

    Examples
    --------
    >>> float(double_well_grad(1.0))
    -0.5
    """
    x = np.asarray(x, dtype=float)
    return x**3 - 2 * x + 0.5
# --8<-- [end:double_well]


def quadratic(p, a=1.0, b=10.0):
    """The ill-conditioned bowl f(x, y) = (a x^2 + b y^2) / 2, condition number b/a.

    Examples
    --------
    >>> float(quadratic([1.0, 1.0]))
    5.5
    """
    x, y = _xy(p)
    return (a * x**2 + b * y**2) / 2


def quadratic_grad(p, a=1.0, b=10.0):
    """Gradient (a x, b y) of :func:`quadratic`.

    Examples
    --------
    >>> quadratic_grad([1.0, 1.0]).tolist()
    [1.0, 10.0]
    """
    x, y = _xy(p)
    return np.stack([a * x, b * y], axis=-1)


def rosenbrock(p, a=1.0, b=100.0):
    """Rosenbrock's valley f(x, y) = (a - x)^2 + b (y - x^2)^2, minimum 0 at (a, a^2).

    Examples
    --------
    >>> float(rosenbrock([1.0, 1.0])), float(rosenbrock([0.0, 0.0]))
    (0.0, 1.0)
    """
    x, y = _xy(p)
    return (a - x) ** 2 + b * (y - x**2) ** 2


def rosenbrock_grad(p, a=1.0, b=100.0):
    """Gradient of :func:`rosenbrock`.

    Examples
    --------
    >>> rosenbrock_grad([1.0, 1.0]).tolist(), rosenbrock_grad([0.0, 0.0]).tolist()
    ([0.0, 0.0], [-2.0, 0.0])
    """
    x, y = _xy(p)
    dx = -2 * (a - x) - 4 * b * x * (y - x**2)
    dy = 2 * b * (y - x**2)
    return np.stack([dx, dy], axis=-1)
