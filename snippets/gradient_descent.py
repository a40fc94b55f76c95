"""Gradient descent: step against the gradient, again and again."""

# --8<-- [start:imports]
import numbers

import numpy as np

# --8<-- [end:imports]


# --8<-- [start:gradient_descent]
def gradient_descent(grad, x0, lr, steps):
    """Return the path of ``steps`` gradient descent updates from ``x0``.

    ``grad(x)`` gives the gradient at ``x``. Each update is
    ``x <- x - lr * grad(x)`` (eq. 1); the path, of shape
    ``(steps + 1,) + numpy.shape(x0)``, starts with ``x0``.

    Examples
    --------
    On f(x) = x^2 the gradient is 2x, so lr = 0.25 halves x every step:

    >>> gradient_descent(lambda x: 2 * x, x0=1.0, lr=0.25, steps=3).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    if not callable(grad):
        raise TypeError(f"grad must be callable, got {type(grad).__name__}")
    if not isinstance(lr, numbers.Real) or not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x))  # eq. (1)
        path.append(x)
    return np.stack(path)
# --8<-- [end:gradient_descent]
