"""Solutions to the exercises of the optimizers chapter.

Each section is a solution's code, embedded in its folded solution on one of
the pages ``docs/*/optimizers/*.md`` and tested in
``tests/test_exercises_optimizers.py``. Every function builds an optimizer of
``snippets.optimizers`` and writes its loop out, so that a reader sees every
step.
"""

# --8<-- [start:imports]
import numpy as np

from snippets.optimizers import (SGD, Adadelta, Adagrad, Adam, AdamW, NAdam,
                                 RAdam, RMSprop)

# --8<-- [end:imports]


# --8<-- [start:decay_two_ways]
def decay_two_ways(grads, lr=0.1, weight_decay=0.5, momentum=0.0):
    """Weight decay as an L2 gradient term, and as a shrinking of w.

    Runs ``SGD(weight_decay=...)`` and a hand loop that shrinks ``w`` by
    ``1 - lr * weight_decay`` before a plain momentum step on ``grads``;
    returns both final weights.

    Examples
    --------
    >>> l2, shrink = decay_two_ways([np.array([1.0])] * 3)
    >>> bool(np.allclose(l2, shrink))
    True
    """
    w_l2 = np.array([1.0])
    w = np.array([1.0])
    optimizer = SGD([w_l2], lr=lr, momentum=momentum,
                    weight_decay=weight_decay)
    buffer = None
    for g in grads:
        optimizer.step([g])
        # the decay never enters the buffer: only g does
        buffer = g.copy() if buffer is None else momentum * buffer + g
        w = (1 - lr * weight_decay) * w - lr * buffer
    return w_l2, w
# --8<-- [end:decay_two_ways]


# --8<-- [start:ascent]
def ascent(lr=0.1, steps=20):
    """SGD(maximize=True) on f(x) = -(x - 3)^2 from x = 0; every iterate.

    Examples
    --------
    >>> ascent(lr=0.25, steps=2).tolist()  # halves the distance to 3
    [0.0, 1.5, 2.25]
    """
    x = np.zeros(1)
    optimizer = SGD([x], lr=lr, maximize=True)
    path = [x[0]]
    for _ in range(steps):
        optimizer.step([-2 * (x - 3)])  # the gradient of f, not of -f
        path.append(x[0])
    return np.array(path)
# --8<-- [end:ascent]


# --8<-- [start:noise_floor]
def noise_floor(lr, steps=400, runs=4000, rng=None):
    """Mean loss of SGD on f = x^2 / 2 with gradient noise of std 1.

    The ``runs`` independent runs are the entries of one parameter vector:
    an element-wise update treats each as its own one-dimensional problem.
    Returns the mean loss over runs, one value per step.

    Examples
    --------
    >>> curve = noise_floor(0.1, rng=np.random.default_rng(0))
    >>> round(float(curve[-100:].mean()), 3)
    0.026
    """
    rng = np.random.default_rng() if rng is None else rng
    x = np.ones(runs)
    optimizer = SGD([x], lr=lr)
    curve = []
    for _ in range(steps):
        optimizer.step([x + rng.standard_normal(runs)])
        curve.append(np.mean(x**2 / 2))
    return np.array(curve)
# --8<-- [end:noise_floor]


# --8<-- [start:terminal_speed]
def steps_to_speed(momentum=0.9, fraction=0.99, lr=0.1):
    """Steps until momentum's step under g = 1 reaches ``fraction`` of
    its limit ``lr / (1 - momentum)``.

    Examples
    --------
    >>> steps_to_speed(momentum=0.5, fraction=0.7)  # 1 - 0.5^2 >= 0.7
    2
    """
    x = np.zeros(1)
    optimizer = SGD([x], lr=lr, momentum=momentum)
    limit = lr / (1 - momentum)
    t = 0
    while True:
        before = x[0]
        optimizer.step([np.ones(1)])
        t += 1
        if before - x[0] >= fraction * limit:
            return t
# --8<-- [end:terminal_speed]


# --8<-- [start:dampening]
def dampened_steps(grads, lr=0.1, momentum=0.9):
    """Step sizes of SGD with ``dampening=momentum`` on a gradient list.

    Examples
    --------
    >>> dampened_steps([np.ones(1)] * 3).round(12).tolist()
    [0.1, 0.1, 0.1]
    """
    x = np.zeros(1)
    optimizer = SGD([x], lr=lr, momentum=momentum, dampening=momentum)
    steps = []
    for g in grads:
        before = x[0]
        optimizer.step([g])
        steps.append(before - x[0])
    return np.array(steps)
# --8<-- [end:dampening]


# --8<-- [start:contraction]
def contraction_rate(nesterov, curvature=1.0, lr=0.1, momentum=0.9,
                     window=400):
    """Measured factor by which momentum shrinks x per step on
    f = curvature x^2 / 2.

    Compares the energy sum(x_t^2) of two windows of ``window`` steps, one
    after the other: it falls by rate^(2 window), oscillations averaged out.

    Examples
    --------
    >>> round(contraction_rate(nesterov=False), 3)  # sqrt(0.9)
    0.949
    """
    x = np.ones(1)
    optimizer = SGD([x], lr=lr, momentum=momentum, nesterov=nesterov)
    path = []
    for _ in range(3 * window):
        optimizer.step([curvature * x])
        path.append(x[0])
    energy = np.square(path).reshape(3, window).sum(axis=1)
    return float((energy[2] / energy[1]) ** (1 / (2 * window)))
# --8<-- [end:contraction]


# --8<-- [start:adagrad_distance]
def adagrad_distance(steps, lr=0.01, lr_decay=0.0):
    """Distance Adagrad travels in ``steps`` steps of a constant gradient.

    Examples
    --------
    >>> round(adagrad_distance(4, lr=1.0), 4)  # 1 + 1/√2 + 1/√3 + 1/√4
    2.7845
    """
    x = np.zeros(1)
    optimizer = Adagrad([x], lr=lr, lr_decay=lr_decay)
    for _ in range(steps):
        optimizer.step([np.ones(1)])
    return float(-x[0])
# --8<-- [end:adagrad_distance]


# --8<-- [start:adagrad_sparse]
def sparse_step_ratio(every=100, steps=10_000, lr=0.01):
    """Ratio of the last steps of a rare and a frequent feature.

    Coordinate 0 gets the gradient 1 at every step, coordinate 1 only at
    every ``every``-th step; both get one at the last step. Returns
    (step of coordinate 1) / (step of coordinate 0) at that step.

    Examples
    --------
    >>> round(sparse_step_ratio(every=4, steps=100), 6)  # √4
    2.0
    """
    x = np.zeros(2)
    optimizer = Adagrad([x], lr=lr)
    for t in range(1, steps + 1):
        before = x.copy()
        optimizer.step([np.array([1.0, 1.0 if t % every == 0 else 0.0])])
    step = before - x
    return float(step[1] / step[0])
# --8<-- [end:adagrad_sparse]


# --8<-- [start:rmsprop_steps]
def rmsprop_steps(steps, lr=0.01, alpha=0.99, centered=False):
    """Step sizes of RMSprop under the constant gradient g = 1.

    Examples
    --------
    >>> rmsprop_steps(2, alpha=0.75).round(6).tolist()
    [0.02, 0.015119]
    """
    x = np.zeros(1)
    optimizer = RMSprop([x], lr=lr, alpha=alpha, centered=centered)
    sizes = []
    for _ in range(steps):
        before = x[0]
        optimizer.step([np.ones(1)])
        sizes.append(before - x[0])
    return np.array(sizes)
# --8<-- [end:rmsprop_steps]


# --8<-- [start:adadelta_first_step]
def adadelta_first_step(grad, rho=0.9, eps=1e-6):
    """Size of Adadelta's first step, with PyTorch's lr = 1.0.

    Examples
    --------
    >>> round(adadelta_first_step(1.0, rho=0.0, eps=0.01), 6)  # 0.1/√1.01
    0.099504
    """
    x = np.zeros(1)
    Adadelta([x], rho=rho, eps=eps).step([np.array([grad], dtype=float)])
    return float(abs(x[0]))
# --8<-- [end:adadelta_first_step]


# --8<-- [start:adam_first_step]
def adam_first_step(grad, lr=1e-3, eps=1e-8):
    """Size of Adam's first step for a gradient ``grad``.

    Examples
    --------
    >>> [round(adam_first_step(g) / 1e-3, 5) for g in (1e-3, 1.0, 1e6)]
    [0.99999, 1.0, 1.0]
    """
    x = np.zeros(1)
    Adam([x], lr=lr, eps=eps).step([np.array([grad], dtype=float)])
    return float(abs(x[0]))
# --8<-- [end:adam_first_step]


# --8<-- [start:adam_sign]
def adam_zero_betas(grads, lr=0.01):
    """Adam with betas = (0, 0) on a list of gradients; every iterate.

    Examples
    --------
    >>> grads = [np.array([3.0, -1e-4]), np.array([-50.0, 2.0])]
    >>> adam_zero_betas(grads, lr=0.5)[1].round(4).tolist()
    [-0.5, 0.5]
    """
    x = np.zeros_like(grads[0])
    optimizer = Adam([x], lr=lr, betas=(0.0, 0.0))
    path = [x.copy()]
    for g in grads:
        optimizer.step([g])
        path.append(x.copy())
    return np.array(path)
# --8<-- [end:adam_sign]


# --8<-- [start:adam_noise]
def adam_late_step(sigma, lr=1e-3, steps=6000, last=1000):
    """Adam's mean step size over the ``last`` steps, for the gradient
    1 + sigma * (-1)^t: mean 1, mean square 1 + sigma^2.

    Examples
    --------
    >>> round(adam_late_step(0.0) / 1e-3, 4)
    1.0
    """
    x = np.zeros(1)
    optimizer = Adam([x], lr=lr)
    for t in range(steps):
        if t == steps - last:
            start = x[0]
        optimizer.step([np.array([1.0 + sigma * (-1) ** t])])
    return float((start - x[0]) / last)
# --8<-- [end:adam_noise]


# --8<-- [start:unused_weight]
def unused_weight(decoupled, weight_decay, steps=100, lr=1e-3):
    """A weight the loss ignores (gradient 0) after ``steps`` steps of
    AdamW (``decoupled=True``) or of Adam with an L2 term.

    Examples
    --------
    >>> round(unused_weight(True, weight_decay=0.5, steps=2, lr=0.1), 4)
    0.9025
    """
    w = np.ones(1)
    if decoupled:
        optimizer = AdamW([w], lr=lr, weight_decay=weight_decay)
    else:
        optimizer = Adam([w], lr=lr, weight_decay=weight_decay)
    for _ in range(steps):
        optimizer.step([np.zeros(1)])
    return float(w[0])
# --8<-- [end:unused_weight]


# --8<-- [start:radam_momentum]
def radam_and_momentum(grads, lr=0.01, betas=(0.9, 0.999)):
    """RAdam, and the bias-corrected momentum step lr * m_hat it takes
    while rho_t <= 5, on the same gradients; both paths.

    Examples
    --------
    >>> radam, sgdm = radam_and_momentum([np.ones(1)] * 3)
    >>> bool(np.allclose(radam, sgdm))
    True
    """
    beta1, _ = betas
    x = np.zeros_like(grads[0])
    y = x.copy()
    m = np.zeros_like(x)
    optimizer = RAdam([x], lr=lr, betas=betas)
    path_radam, path_momentum = [x.copy()], [y.copy()]
    for t, g in enumerate(grads, start=1):
        optimizer.step([g])
        m = beta1 * m + (1 - beta1) * g
        y = y - lr * m / (1 - beta1**t)
        path_radam.append(x.copy())
        path_momentum.append(y)
    return np.array(path_radam), np.array(path_momentum)
# --8<-- [end:radam_momentum]


# --8<-- [start:first_steps]
def first_steps(grad):
    """Size of the first step of each optimizer, with its defaults, for
    the gradient ``grad`` at x = 0.

    Examples
    --------
    >>> sizes = first_steps(100.0)
    >>> round(sizes["SGD"], 6), round(sizes["Adam"], 6)
    (0.1, 0.001)
    """
    sizes = {}
    for optimizer in (SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, NAdam,
                      RAdam):
        x = np.zeros(1)  # at x = 0, AdamW's decay has nothing to shrink
        optimizer([x]).step([np.array([grad], dtype=float)])
        sizes[optimizer.__name__] = float(abs(x[0]))
    return sizes
# --8<-- [end:first_steps]


# --8<-- [start:state_bytes]
def state_bytes(optimizer, dtype=np.float32, n=1000, **hyperparameters):
    """Bytes of array state per parameter element, after one step.

    Examples
    --------
    >>> state_bytes(SGD, momentum=0.9), state_bytes(Adam, np.float64)
    (4.0, 16.0)
    """
    opt = optimizer([np.zeros(n, dtype)], **hyperparameters)
    opt.step([np.ones(n, dtype)])
    arrays = [a for a in opt.state[0].values() if isinstance(a, np.ndarray)]
    return sum(a.nbytes for a in arrays) / n
# --8<-- [end:state_bytes]
