"""Gradient descent: step against the gradient, again and again.

Also its stochastic and mini-batch forms (``minibatch_sgd``), two small
models to train with them (a line and a network with one hidden layer), and
the sharpness of a minimum (the top eigenvalue of the Hessian).
"""

# --8<-- [start:imports]
import numbers

import numpy as np


# Argument checks of the functions below: a wrong kind of argument raises
# TypeError, a wrong value or shape ValueError, naming the argument.
def _kind(name, x, ok, expected):
    """``x`` if ``ok``; else a TypeError: ``name`` must be ``expected``."""
    if not ok:
        raise TypeError(f"{name} must be {expected}, got {x!r}")
    return x


def _number(name, x, low=0, integer=False, strict=False):
    """``x`` if it is a number (an int if ``integer``) >= ``low``, or > ``low``
    if ``strict``."""
    kind = "an int" if integer else "a number"
    cls = numbers.Integral if integer else numbers.Real
    _kind(name, x, isinstance(x, cls), kind)
    if not (x > low if strict else x >= low):
        bound = f"{'>' if strict else '>='} {low}"
        raise ValueError(f"{name} must be {kind} {bound}, got {x!r}")
    return x


def _generator(rng, optional=False):
    """``rng`` if it is a Generator; None gives a fresh one if ``optional``."""
    ok = isinstance(rng, np.random.Generator) or optional and rng is None
    _kind("rng", rng, ok, "a numpy.random.Generator")
    return np.random.default_rng() if rng is None else rng


# --8<-- [end:imports]


# --8<-- [start:gradient_descent]
def gradient_descent(grad, x0, lr, steps):
    """Return the path of ``steps`` gradient descent updates from ``x0``.

    ``grad(x)`` gives the gradient at ``x``. Each update is
    ``x <- x - lr * grad(x)``, the step of ``torch.optim.SGD(lr=lr)``, which
    also takes any ``lr >= 0``. The path, of shape
    ``(steps + 1,) + numpy.shape(x0)``, starts with ``x0``.

    Examples
    --------
    On f(x) = x^2 the gradient is 2x, so lr = 0.25 halves x every step:

    >>> gradient_descent(lambda x: 2 * x, x0=1.0, lr=0.25, steps=3).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    grad = _kind("grad", grad, callable(grad), "callable")
    lr, steps = _number("lr", lr), _number("steps", steps, integer=True)
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x))  # (1)
        path.append(x)
    return np.stack(path)
# --8<-- [end:gradient_descent]


# --8<-- [start:minibatch_sgd]
def minibatch_sgd(grad, w0, x, y, batch_size, lr, epochs, shuffle=True,
                  rng=None):
    """Return the path of SGD on mini-batches of (x, y), a point per update.

    ``grad(w, x_batch, y_batch)`` is the gradient of the mean loss over a
    batch. Each epoch visits the data in blocks of ``batch_size``, in a new
    random order if ``shuffle``, the last block smaller if ``batch_size``
    does not divide ``len(x)`` (as a ``DataLoader``). ``batch_size=1`` is
    stochastic, ``batch_size=len(x)`` batch gradient descent.

    Examples
    --------
    The mean gradient of (w - y)^2 / 2 is w - mean(y); batches 0 and 2:

    >>> grad = lambda w, xb, yb: w - yb.mean()
    >>> y = np.array([0.0, 2.0, 2.0])
    >>> path = minibatch_sgd(grad, 0.0, y, y, batch_size=2, lr=0.5,
    ...                      epochs=1, shuffle=False)
    >>> path.tolist()
    [0.0, 0.5, 1.25]
    """
    n, grad = len(x), _kind("grad", grad, callable(grad), "callable")
    if len(y) != n:
        raise ValueError(f"y must have the same length as x, got {len(y)}")
    batch_size = _number("batch_size", batch_size, low=1, integer=True)
    lr, epochs = _number("lr", lr), _number("epochs", epochs, integer=True)
    rng = _generator(rng, optional=True)
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            w = w - lr * np.asarray(grad(w, x[batch], y[batch]))  # (2)
            path.append(w)
    return np.stack(path)
# --8<-- [end:minibatch_sgd]


# --8<-- [start:line]
def _residual(w, x, y):
    """The errors ``w[0] * x + w[1] - y`` of the line ``w``."""
    if len(w) != 2:
        raise ValueError(f"w must hold a slope and an intercept, got {w!r}")
    return w[0] * x + w[1] - y


def line_loss(w, x, y):
    """Mean squared error of the line ``w[0] * x + w[1]`` on (x, y).

    Examples
    --------
    >>> x, y = np.array([0.0, 1.0]), np.array([1.0, 1.0])
    >>> float(line_loss([2.0, 1.0], x, y))  # errors 0 and 2
    2.0
    """
    return np.mean(_residual(w, x, y) ** 2)  # (1)


def line_grad(w, x, y):
    """Gradient of :func:`line_loss` with respect to ``w``.

    Examples
    --------
    >>> line_grad([2.0, 1.0], np.array([0.0, 1.0]), np.array([1.0, 1.0]))
    array([2., 2.])
    """
    residual = _residual(w, x, y)
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])  # (1)
# --8<-- [end:line]


# --8<-- [start:mlp]
def _forward(w, x):
    """The hidden layer and the output of the network ``w`` at ``x``, and
    ``c``; ``w`` is the flat vector (a, b, c, d) of 3 hidden + 1 numbers."""
    if len(w) % 3 != 1:
        raise ValueError(f"w must hold 3 * hidden + 1 numbers, got {len(w)}")
    h = len(w) // 3
    a, b, c, d = w[:h], w[h:2 * h], w[2 * h:3 * h], w[3 * h]
    hidden = np.tanh(np.outer(x, a) + b)  # (n, h)
    return hidden, hidden @ c + d, c


def mlp_init(hidden, rng):
    """Parameters of a 1-``hidden``-1 network, initialized as ``nn.Linear``.

    The flat vector holds ``(a, b, c, d)`` of
    ``f(x) = c . tanh(a x + b) + d``; each layer's entries are uniform in
    ``±1/sqrt(fan_in)``, PyTorch's default.

    Examples
    --------
    >>> mlp_init(4, np.random.default_rng(0)).shape
    (13,)
    """
    hidden = _number("hidden", hidden, low=1, integer=True)
    rng = _generator(rng)
    first = rng.uniform(-1, 1, size=2 * hidden)  # fan_in = 1
    bound = 1 / np.sqrt(hidden)
    second = rng.uniform(-bound, bound, size=hidden + 1)
    return np.concatenate([first, second])


def mlp_loss(w, x, y):
    """Mean squared error of ``f(x) = c . tanh(a x + b) + d`` on (x, y).

    Examples
    --------
    >>> w = np.array([1.0, 0.0, 2.0, 0.5])  # one hidden unit
    >>> float(mlp_loss(w, np.array([0.0]), np.array([0.0])))
    0.25
    """
    _, output, _ = _forward(w, x)
    return np.mean((output - y) ** 2)


def mlp_grad(w, x, y):
    """Gradient of :func:`mlp_loss` with respect to ``w``, by backprop.

    Examples
    --------
    >>> w = np.array([1.0, 0.0, 2.0, 0.5])
    >>> mlp_grad(w, np.array([0.0]), np.array([0.0])).tolist()
    [0.0, 2.0, 0.0, 1.0]
    """
    hidden, output, c = _forward(w, x)
    d_out = 2 * (output - y) / len(x)  # dloss / df(x_i)
    d_pre = np.outer(d_out, c) * (1 - hidden**2)  # through tanh
    return np.concatenate([x @ d_pre, d_pre.sum(axis=0),
                           hidden.T @ d_out, [d_out.sum()]])
# --8<-- [end:mlp]


# --8<-- [start:sharpness]
def hessian_vector_product(grad, w, v, eps=1e-4):
    """The Hessian at ``w`` times ``v``, from two gradients (central
    differences); its error shrinks like ``eps**2``.

    Examples
    --------
    On f(w) = w0^2 + 3 w0 w1 the Hessian is [[2, 3], [3, 0]]:

    >>> grad = lambda w: np.array([2 * w[0] + 3 * w[1], 3 * w[0]])
    >>> hessian_vector_product(grad, np.zeros(2), np.array([1.0, 0.0]))
    array([2., 3.])
    """
    w, v = np.asarray(w, dtype=float), np.asarray(v, dtype=float)
    if v.shape != w.shape:
        raise ValueError(f"v must have w's shape, {w.shape}, got {v.shape}")
    grad = _kind("grad", grad, callable(grad), "callable")
    eps = _number("eps", eps, strict=True)
    return (np.asarray(grad(w + eps * v)) - np.asarray(grad(w - eps * v))) \
        / (2 * eps)  # (2)


def top_hessian_eigenvalue(grad, w, n_iter=100, *, rng):
    """Largest-magnitude eigenvalue of the Hessian at ``w``, and its
    eigenvector, by power iteration on Hessian-vector products.

    At a minimum the Hessian has no negative eigenvalues, so this is its
    largest curvature: the *sharpness* of the minimum.

    Examples
    --------
    >>> grad = lambda w: np.array([1.0, 4.0]) * w  # Hessian diag(1, 4)
    >>> value, vector = top_hessian_eigenvalue(
    ...     grad, np.zeros(2), rng=np.random.default_rng(0))
    >>> round(value, 9), np.abs(vector).round(9).tolist()
    (4.0, [0.0, 1.0])
    """
    n_iter = _number("n_iter", n_iter, low=1, integer=True)
    w = np.asarray(w, dtype=float)
    v = _generator(rng).standard_normal(w.shape)
    for _ in range(n_iter):
        v = v / np.linalg.norm(v)  # (3)
        # H v stretches v most along the top eigenvector: that part wins.
        v = hessian_vector_product(grad, w, v)  # (3)
    v = v / np.linalg.norm(v)
    return float(v @ hessian_vector_product(grad, w, v)), v  # (3)
# --8<-- [end:sharpness]
