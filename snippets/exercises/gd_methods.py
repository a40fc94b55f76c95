"""Solutions to the exercises of the gradient-descent methods chapter.

Each section is a solution's code, embedded in its folded solution on
``docs/*/gd-methods/{batch-size,sharp-flat}.md`` and tested in
``tests/test_exercises_gd_methods.py``. Every random draw comes from the
``rng`` argument, a ``numpy.random.Generator``.
"""

# --8<-- [start:imports]
import math

import numpy as np

# --8<-- [end:imports]

# The pages show the double well's own section before the code that uses it.
from snippets.landscapes import double_well_grad


# --8<-- [start:batch_sizes]
def batch_sizes(n, batch_size, drop_last=False):
    """Sizes of the batches of one epoch over n examples, in order.

    As ``torch.utils.data.DataLoader``: the last batch is smaller when
    ``batch_size`` does not divide n, or dropped with ``drop_last``.

    Examples
    --------
    >>> batch_sizes(10, 4), batch_sizes(10, 4, drop_last=True)
    ([4, 4, 2], [4, 4])
    """
    full, rest = divmod(n, batch_size)
    sizes = [batch_size] * full
    if rest and not drop_last:
        sizes.append(rest)
    assert len(sizes) == (full if drop_last else math.ceil(n / batch_size))
    return sizes
# --8<-- [end:batch_sizes]


# --8<-- [start:gradient_noise]
def example_gradients(w, x, y):
    """Gradient of each example's squared error (w0 x + w1 - y)^2, (n, 2).

    Their mean is the gradient of the mean squared error of the line.

    Examples
    --------
    >>> example_gradients([1.0, 0.0], np.array([1.0, 2.0]), np.zeros(2))
    array([[2., 2.],
           [8., 4.]])
    """
    residual = w[0] * x + w[1] - y
    return np.stack([2 * residual * x, 2 * residual], axis=1)


def noise_of_batch_gradient(grads, b, rng, n_batches=20_000):
    """Total variance of the mean gradient over batches of b, measured.

    The batches are drawn without replacement, as in one epoch; the
    shuffles take ``n_batches * len(grads)`` integers of memory.

    Examples
    --------
    >>> grads = np.array([[1.0], [-1.0]])
    >>> noise_of_batch_gradient(grads, 2, np.random.default_rng(0))
    0.0
    """
    orders = np.tile(np.arange(len(grads)), (n_batches, 1))
    batches = rng.permuted(orders, axis=1)[:, :b]  # one shuffle per row
    means = grads[batches].mean(axis=1)  # (n_batches, parameters)
    return float(means.var(axis=0).sum())


def predicted_noise(grads, b):
    """The trace of equation (3): (n - b)/(n - 1) * tr(Sigma) / b.

    Examples
    --------
    >>> predicted_noise(np.array([[1.0], [-1.0]]), 1)
    1.0
    """
    n = len(grads)
    trace_sigma = grads.var(axis=0).sum()  # Sigma divides by n
    return float((n - b) / (n - 1) * trace_sigma / b)


def print_gradient_noise(rng, n=100):
    """Measured and predicted noise of g_B for growing batches b.

    Examples
    --------
    >>> print_gradient_noise(np.random.default_rng(0))  # doctest: +ELLIPSIS
    b =   1: measured ...
    ...
    """
    x = rng.uniform(-1, 1, n)
    y = 2 * x + 1 + 0.5 * rng.standard_normal(n)
    grads = example_gradients([0.0, 0.0], x, y)  # at the start, w = 0
    for b in (1, 4, 16, 64, 100):
        measured = noise_of_batch_gradient(grads, b, rng)
        print(f"b = {b:3d}: measured {measured:.4f}  "
              f"predicted {predicted_noise(grads, b):.4f}")
# --8<-- [end:gradient_noise]


# --8<-- [start:lr_picks_the_minimum]
def end_point(lr, x0, steps=3000):
    """Where gradient descent on the double well is after ``steps`` steps.

    Examples
    --------
    >>> round(end_point(0.1, x0=0.5), 4)
    1.267
    """
    x = float(x0)
    for _ in range(steps):
        x -= lr * float(double_well_grad(x))
    return x


def print_lr_picks_the_minimum():
    """Curvature of both minima, and where two learning rates end.

    Examples
    --------
    >>> print_lr_picks_the_minimum()  # doctest: +ELLIPSIS
    curvature f'' at x = -1.5257: 4.983
    ...
    """
    minima = np.sort(np.roots([1.0, 0.0, -2.0, 0.5]).real)[[0, 2]]
    for x in minima:
        print(f"curvature f'' at x = {x:.4f}: {3 * x**2 - 2:.3f}")
    for lr in (0.3, 0.68):
        ends = [end_point(lr, x0) for x0 in (-2.0, -1.5, -0.2, 0.5)]
        print(f"lr {lr} (2/lr = {2 / lr:.2f}): ends "
              + " ".join(f"{x:.4f}" for x in ends))
# --8<-- [end:lr_picks_the_minimum]


# --8<-- [start:power_iteration]
def power_iteration(hvp, v0, n_iter=200):
    """Equation (3) of the page: return v^T H v for the final unit v.

    ``hvp(v)`` returns the product H v.

    Examples
    --------
    >>> H = np.diag([3.0, 1.0])
    >>> round(power_iteration(lambda v: H @ v, np.ones(2)), 6)
    3.0
    """
    v = np.asarray(v0, dtype=float)
    v = v / np.linalg.norm(v)
    for _ in range(n_iter):
        hv = hvp(v)
        v = hv / np.linalg.norm(hv)
    return float(v @ hvp(v))
# --8<-- [end:power_iteration]


# --8<-- [start:rescaled_minima]
def product_hessian(a, b):
    """Hessian of L(a, b) = (a b - 1)^2 / 2, the loss of the net x -> a b x.

    Examples
    --------
    >>> product_hessian(1.0, 1.0).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    r = a * b - 1  # the residual; zero at every minimum
    return np.array([[b * b, a * b + r], [a * b + r, a * a]])


def print_rescaled_minima():
    """Sharpness of minima (a, 1/a), which all compute the same function.

    Examples
    --------
    >>> print_rescaled_minima()  # doctest: +ELLIPSIS
    a =  0.1: a * b = 1.00, sharpness 100.0100
    ...
    """
    for a in (0.1, 0.5, 1.0, 2.0, 10.0):
        b = 1 / a
        sharpness = np.linalg.eigvalsh(product_hessian(a, b))[-1]
        print(f"a = {a:4}: a * b = {a * b:.2f}, sharpness {sharpness:.4f}")
# --8<-- [end:rescaled_minima]
