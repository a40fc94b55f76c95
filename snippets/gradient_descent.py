"""Gradient descent: step against the gradient, again and again.

Also its stochastic and mini-batch forms (``minibatch_sgd``), two small
models to train with them (a line and a network with one hidden layer), and
the sharpness of a minimum (the top eigenvalue of the Hessian).
"""

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
    if not callable(grad):
        raise TypeError(f"grad must be callable, got {type(grad).__name__}")
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x and y must have the same nonzero length, got "
                         f"{len(x)} and {len(y)}")
    if not isinstance(batch_size, numbers.Integral) or batch_size < 1:
        raise ValueError(f"batch_size must be an integer >= 1, "
                         f"got {batch_size!r}")
    if not isinstance(lr, numbers.Real) or not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not isinstance(epochs, numbers.Integral) or epochs < 0:
        raise ValueError(f"epochs must be an integer >= 0, got {epochs!r}")
    if shuffle and not isinstance(rng, np.random.Generator):
        raise TypeError(f"shuffle=True needs rng, a numpy.random.Generator, "
                        f"got {type(rng).__name__}")
    n = len(x)
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            w = w - lr * np.asarray(grad(w, x[batch], y[batch]))
            path.append(w)
    return np.stack(path)
# --8<-- [end:minibatch_sgd]


# --8<-- [start:line]


def line_loss(w, x, y):
    """Mean squared error of the line ``w[0] * x + w[1]`` on (x, y).

    Examples
    --------
    >>> x, y = np.array([0.0, 1.0]), np.array([1.0, 1.0])
    >>> float(line_loss([2.0, 1.0], x, y))  # errors 0 and 2
    2.0
    """
    if len(w) != 2:
        raise ValueError(f"w must hold a slope and an intercept, got {w!r}")
    return np.mean((w[0] * x + w[1] - y) ** 2)


def line_grad(w, x, y):
    """Gradient of :func:`line_loss` with respect to ``w``.

    Examples
    --------
    >>> line_grad([2.0, 1.0], np.array([0.0, 1.0]), np.array([1.0, 1.0]))
    array([2., 2.])
    """
    if len(w) != 2:
        raise ValueError(f"w must hold a slope and an intercept, got {w!r}")
    residual = w[0] * x + w[1] - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])
# --8<-- [end:line]


# --8<-- [start:mlp]
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
    if not isinstance(hidden, numbers.Integral) or hidden < 1:
        raise ValueError(f"hidden must be an integer >= 1, got {hidden!r}")
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
    if len(w) % 3 != 1:
        raise ValueError(f"w must hold 3 * hidden + 1 numbers, got {len(w)}")
    h = len(w) // 3  # w = (a, b, c, d) holds 3 h + 1 numbers
    a, b, c, d = w[:h], w[h:2 * h], w[2 * h:3 * h], w[3 * h]
    hidden = np.tanh(np.outer(x, a) + b)
    return np.mean((hidden @ c + d - y) ** 2)


def mlp_grad(w, x, y):
    """Gradient of :func:`mlp_loss` with respect to ``w``, by backprop.

    Examples
    --------
    >>> w = np.array([1.0, 0.0, 2.0, 0.5])
    >>> mlp_grad(w, np.array([0.0]), np.array([0.0])).tolist()
    [0.0, 2.0, 0.0, 1.0]
    """
    if len(w) % 3 != 1:
        raise ValueError(f"w must hold 3 * hidden + 1 numbers, got {len(w)}")
    h = len(w) // 3
    a, b, c, d = w[:h], w[h:2 * h], w[2 * h:3 * h], w[3 * h]
    hidden = np.tanh(np.outer(x, a) + b)  # (n, h)
    d_out = 2 * (hidden @ c + d - y) / len(x)  # dloss / df(x_i)
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
    if not callable(grad):
        raise TypeError(f"grad must be callable, got {type(grad).__name__}")
    if not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"eps must be a positive number, got {eps!r}")
    w, v = np.asarray(w, dtype=float), np.asarray(v, dtype=float)
    if v.shape != w.shape:
        raise ValueError(f"v must have the shape of w, {w.shape}, "
                         f"got {v.shape}")
    return (np.asarray(grad(w + eps * v)) - np.asarray(grad(w - eps * v))) \
        / (2 * eps)


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
    if not isinstance(n_iter, numbers.Integral) or n_iter < 1:
        raise ValueError(f"n_iter must be an integer >= 1, got {n_iter!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got "
                        f"{type(rng).__name__}")
    w = np.asarray(w, dtype=float)
    v = rng.standard_normal(w.shape)
    for _ in range(n_iter):
        v = v / np.linalg.norm(v)
        # H v stretches v most along the top eigenvector: that part wins.
        v = hessian_vector_product(grad, w, v)
    v = v / np.linalg.norm(v)
    return float(v @ hessian_vector_product(grad, w, v)), v
# --8<-- [end:sharpness]
