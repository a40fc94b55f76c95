"""Optimizers from scratch, with the API of torch.optim.

``Name(params, **hyperparameters)`` takes a list of NumPy float arrays and
``step(grads)`` updates them in place, as ``torch.optim.Name`` updates its
tensors. The hyperparameters have torch.optim's names, defaults and checks
(``AdamP``: those of the ``adamp`` package). ``maximize`` is kept; PyTorch's
``foreach``, ``fused``, ``capturable`` and ``differentiable`` choose how the
same arithmetic runs on a device and are left out, as are parameter groups.
The comment ``# (n)`` on a line names the equation of the optimizers chapter
that the line computes.
"""

# --8<-- [start:imports]
import math
import numbers

import numpy as np

# --8<-- [end:imports]


# --8<-- [start:optimizer]
BLOCK = 2**16  # elements: a few float32 blocks of this size fit in L2 cache


def blocks(*arrays):
    """Yield views of equally shaped ``arrays``, ``BLOCK`` elements at a time.

    An element-wise update computed block by block gives the same numbers,
    while its temporary arrays stay in the processor's cache. ``None`` entries
    pass through as ``None``; if an array is not C-contiguous, the arrays come
    back whole, in one block.

    Examples
    --------
    >>> a = np.zeros(3)
    >>> for x, y, nothing in blocks(a, np.arange(3.0), None):
    ...     x += 2 * y
    >>> a.tolist(), nothing
    ([0.0, 2.0, 4.0], None)
    """
    present = [a for a in arrays if a is not None]
    if not all(a.flags.c_contiguous for a in present):
        yield arrays
        return
    flat = [None if a is None else a.reshape(-1) for a in arrays]
    for start in range(0, present[0].size, BLOCK):
        end = start + BLOCK
        yield tuple(None if a is None else a[start:end] for a in flat)


def _real(name, value):
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    return value


def _at_least_zero(name, value):
    if not _real(name, value) >= 0:
        raise ValueError(f"Invalid {name}: {value!r} (expected {name} >= 0)")
    return value


def _betas(betas):
    if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    for i, beta in enumerate(betas):
        if not 0 <= _real(f"betas[{i}]", beta) < 1:
            raise ValueError(
                f"Invalid betas[{i}]: {beta!r} (expected 0 <= betas[{i}] < 1)")
    return tuple(betas)


class _Optimizer:
    """The part every optimizer shares: parameters, state and ``step``.

    ``params`` is a list of NumPy float arrays, updated in place. ``state``
    holds one dict per parameter, which the subclass's ``update`` fills.
    ``step(grads)`` checks the gradients, negates them if ``maximize``, and
    calls ``update(param, grad, state)`` for each parameter.

    Examples
    --------
    >>> class HalfStep(_Optimizer):
    ...     def update(self, param, grad, state):
    ...         param -= 0.5 * grad
    >>> x = np.array([4.0])
    >>> HalfStep([x]).step([np.array([2.0])])
    >>> x.tolist()
    [3.0]
    """

    def __init__(self, params, *, maximize=False):
        if isinstance(params, np.ndarray) or not hasattr(params, "__iter__"):
            raise TypeError("params must be an iterable of NumPy arrays, got "
                            f"{type(params).__name__}")
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        for i, p in enumerate(self.params):
            if not (isinstance(p, np.ndarray)
                    and np.issubdtype(p.dtype, np.floating)):
                got = f"{type(p).__name__} {getattr(p, 'dtype', '')}"
                raise TypeError(f"params[{i}] must be a NumPy float array, "
                                f"got {got}")
            if not p.flags.writeable:
                raise ValueError(f"params[{i}] must be writeable")
        self.maximize = maximize
        self.state = [{} for _ in self.params]

    def step(self, grads):
        """Update every parameter in place from its gradient in ``grads``."""
        grads = [np.asarray(g) for g in grads]
        if len(grads) != len(self.params):
            raise ValueError(f"expected {len(self.params)} grads, one per "
                             f"parameter, got {len(grads)}")
        for i, (param, grad) in enumerate(zip(self.params, grads)):
            if grad.shape != param.shape:
                raise ValueError(f"grads[{i}] must have the shape of params"
                                 f"[{i}], {param.shape}, got {grad.shape}")
            if grad.dtype != param.dtype:
                raise TypeError(f"grads[{i}] must have the dtype of params"
                                f"[{i}], {param.dtype}, got {grad.dtype}")
        for param, grad, state in zip(self.params, grads, self.state):
            self.update(param, -grad if self.maximize else grad, state)

    def update(self, param, grad, state):
        """Change ``param`` in place; the subclass says how."""
        raise NotImplementedError


# --8<-- [end:optimizer]


# --8<-- [start:sgd]
class SGD(_Optimizer):
    """Stochastic gradient descent, with optional momentum and Nesterov.

    The update of ``torch.optim.SGD``: eq. (2) adds ``weight_decay * param``
    to the gradient, eqs. (3)-(5) add momentum, eq. (1) is the plain step.

    Examples
    --------
    >>> x = np.array([1.0, -2.0])
    >>> SGD([x], lr=0.1).step([2 * x])  # f = |x|^2 has gradient 2x
    >>> x.tolist()
    [0.8, -1.6]
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0,
                 weight_decay=0, nesterov=False, *, maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.momentum = _at_least_zero("momentum", momentum)
        self.dampening = _real("dampening", dampening)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(
                "Nesterov momentum requires a momentum and zero dampening")
        self.nesterov = nesterov

    def update(self, param, grad, state):
        lr, mu, tau = self.lr, self.momentum, self.dampening
        if self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        if mu == 0:
            for p, g in blocks(param, grad):
                p -= lr * g                                      # (1)
            return
        first_step = "momentum_buffer" not in state
        if first_step:
            state["momentum_buffer"] = np.zeros_like(param)
        for p, g, b in blocks(param, grad, state["momentum_buffer"]):
            if first_step:
                b += g                                           # b_1 = g_1
            else:  # no product (1 - 0) * g: it would cost a pass over g
                b *= mu
                b += g if tau == 0 else (1 - tau) * g            # (3)
            if self.nesterov:
                p -= lr * (g + mu * b)                           # (5)
            else:
                p -= lr * b                                      # (4)


# --8<-- [end:sgd]


# --8<-- [start:adagrad]
class Adagrad(_Optimizer):
    """Adagrad: per-coordinate steps scaled by the root of a sum of squares.

    The update of ``torch.optim.Adagrad``, eqs. (6)-(8).

    Examples
    --------
    >>> x = np.array([1.0, 1.0])
    >>> Adagrad([x], lr=0.1).step([np.array([100.0, 0.01])])
    >>> x.round(6).tolist()  # both coordinates move by lr, whatever |g|
    [0.9, 0.9]
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, *, maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.lr_decay = _at_least_zero("lr_decay", lr_decay)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.initial_accumulator_value = _at_least_zero(
            "initial_accumulator_value", initial_accumulator_value)
        self.eps = _at_least_zero("eps", eps)

    def update(self, param, grad, state):
        if not state:
            state["step"] = 0
            state["sum"] = np.full_like(param, self.initial_accumulator_value)
        state["step"] += 1
        lr = self.lr / (1 + (state["step"] - 1) * self.lr_decay)   # (8)
        if self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        for p, g, s in blocks(param, grad, state["sum"]):
            s += g * g                                           # (6)
            p -= lr * g / (np.sqrt(s) + self.eps)                # (7)


# --8<-- [end:adagrad]


# --8<-- [start:rmsprop]
class RMSprop(_Optimizer):
    """RMSprop: steps divided by a moving root mean square of the gradient.

    The update of ``torch.optim.RMSprop``, eqs. (9)-(15); ``centered``
    subtracts the squared mean gradient, ``momentum`` adds a buffer.

    Examples
    --------
    >>> x = np.array([1.0, 1.0])
    >>> RMSprop([x], lr=0.01, alpha=0.75).step([np.array([100.0, 0.01])])
    >>> x.round(6).tolist()  # sqrt(1 - alpha) |g| / |g| = 0.5: a step 0.02
    [0.98, 0.98]
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0,
                 momentum=0, centered=False, *, maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.alpha = _at_least_zero("alpha", alpha)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.momentum = _at_least_zero("momentum", momentum)
        self.centered = centered

    def update(self, param, grad, state):
        lr, alpha, eps = self.lr, self.alpha, self.eps
        if not state:
            state["square_avg"] = np.zeros_like(param)
            if self.centered:
                state["grad_avg"] = np.zeros_like(param)
            if self.momentum > 0:
                state["momentum_buffer"] = np.zeros_like(param)
        if self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        for p, g, v, g_avg, b in blocks(
                param, grad, state["square_avg"], state.get("grad_avg"),
                state.get("momentum_buffer")):
            v *= alpha
            v += (1 - alpha) * g * g                             # (9)
            if g_avg is None:
                d = np.sqrt(v) + eps                             # (10)
            else:
                g_avg *= alpha
                g_avg += (1 - alpha) * g                         # (12)
                d = np.sqrt(v - g_avg * g_avg) + eps             # (13)
            if b is None:
                p -= lr * g / d                                  # (11)
            else:
                b *= self.momentum
                b += g / d                                       # (14)
                p -= lr * b                                      # (15)


# --8<-- [end:rmsprop]


# --8<-- [start:adadelta]
class Adadelta(_Optimizer):
    """Adadelta: step sizes from moving averages of gradients and of steps.

    The update of ``torch.optim.Adadelta``, eqs. (16)-(19). Zeiler's rule has
    no learning rate; PyTorch multiplies the step by ``lr``, 1.0 by default.

    Examples
    --------
    >>> x = np.array([1.0])
    >>> Adadelta([x], rho=0.0, eps=1e-6).step([np.array([3.0])])
    >>> x.round(9).tolist()  # first step: sqrt(eps) g / sqrt(g^2 + eps)
    [0.999]
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *,
                 maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        if not 0 <= _real("rho", rho) <= 1:
            raise ValueError(f"Invalid rho: {rho!r} (expected 0 <= rho <= 1)")
        self.rho = rho
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)

    def update(self, param, grad, state):
        rho, eps = self.rho, self.eps
        if not state:
            state["square_avg"] = np.zeros_like(param)
            state["acc_delta"] = np.zeros_like(param)
        if self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        for p, g, v, u in blocks(param, grad, state["square_avg"],
                                 state["acc_delta"]):
            v *= rho
            v += (1 - rho) * g * g                               # (16)
            delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g      # (17)
            u *= rho
            u += (1 - rho) * delta * delta                       # (18)
            p -= self.lr * delta                                 # (19)


# --8<-- [end:adadelta]


# --8<-- [start:adam]
class Adam(_Optimizer):
    """Adam: momentum and per-coordinate rates, with bias correction.

    The update of ``torch.optim.Adam``, eqs. (20)-(24). ``weight_decay`` is
    an L2 term added to the gradient, eq. (2), or with
    ``decoupled_weight_decay=True`` a shrinking of the weights, eq. (25).

    Examples
    --------
    >>> x = np.array([1.0, 1.0])
    >>> Adam([x], lr=0.1).step([np.array([100.0, -0.01])])
    >>> x.round(6).tolist()  # the first step is about lr * sign(g)
    [0.9, 1.1]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=0, amsgrad=False, *, maximize=False,
                 decoupled_weight_decay=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.amsgrad = amsgrad
        self.decoupled_weight_decay = decoupled_weight_decay

    def update(self, param, grad, state):
        lr, (beta1, beta2), eps = self.lr, self.betas, self.eps
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if self.amsgrad:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        t = state["step"]
        if self.weight_decay != 0 and self.decoupled_weight_decay:
            param *= 1 - lr * self.weight_decay                  # (25)
        elif self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        bias_correction1 = 1 - beta1**t                          # (22)
        bias_correction2 = 1 - beta2**t                          # (22)
        for p, g, m, v, v_max in blocks(
                param, grad, state["exp_avg"], state["exp_avg_sq"],
                state.get("max_exp_avg_sq")):
            m *= beta1
            m += (1 - beta1) * g                                 # (20)
            v *= beta2
            v += (1 - beta2) * g * g                             # (21)
            if v_max is not None:
                np.maximum(v_max, v, out=v_max)                  # (24)
                v = v_max
            d = np.sqrt(v) / math.sqrt(bias_correction2) + eps   # (23)
            p -= lr / bias_correction1 * m / d                   # (23)


class AdamW(_Optimizer):
    """Adam with decoupled weight decay, on by default (Loshchilov & Hutter).

    ``torch.optim.AdamW``: ``Adam``'s update with
    ``decoupled_weight_decay=True`` and ``weight_decay=1e-2``; the weights
    shrink by ``1 - lr * weight_decay`` each step, eq. (25), whatever the
    gradient.

    Examples
    --------
    >>> x = np.array([2.0])
    >>> AdamW([x], lr=0.1, weight_decay=0.5).step([np.zeros(1)])
    >>> x.tolist()  # a zero gradient still shrinks x by 1 - 0.1 * 0.5
    [1.9]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=1e-2, amsgrad=False, *, maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.amsgrad = amsgrad
        self.decoupled_weight_decay = True

    update = Adam.update


# --8<-- [end:adam]


# --8<-- [start:nadam]
class NAdam(_Optimizer):
    """NAdam: Adam with a Nesterov look-ahead and a warming momentum.

    The update of ``torch.optim.NAdam``, eqs. (26)-(28), with Dozat's
    momentum schedule: ``momentum_decay`` is his psi.

    Examples
    --------
    >>> x = np.array([1.0])
    >>> NAdam([x], lr=0.1).step([np.array([5.0])])
    >>> x.round(4).tolist()  # lr * sign(g), plus a look-ahead of step 2
    [0.8944]
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.momentum_decay = _at_least_zero("momentum_decay", momentum_decay)
        self.decoupled_weight_decay = decoupled_weight_decay

    def update(self, param, grad, state):
        lr, (beta1, beta2), psi = self.lr, self.betas, self.momentum_decay
        if not state:
            state["step"] = 0
            state["mu_product"] = 1.0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        t = state["step"]
        if self.weight_decay != 0 and self.decoupled_weight_decay:
            param *= 1 - lr * self.weight_decay                  # (25)
        elif self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi))               # (26)
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))    # (26)
        state["mu_product"] *= mu                                # (27)
        mu_product = state["mu_product"]
        bias_correction2 = 1 - beta2**t
        for p, g, m, v in blocks(param, grad, state["exp_avg"],
                                 state["exp_avg_sq"]):
            m *= beta1
            m += (1 - beta1) * g                                 # (20)
            v *= beta2
            v += (1 - beta2) * g * g                             # (21)
            d = np.sqrt(v / bias_correction2) + self.eps         # (28)
            p -= lr * (1 - mu) / (1 - mu_product) * g / d        # (28)
            p -= lr * mu_next / (1 - mu_product * mu_next) * m / d  # (28)


# --8<-- [end:nadam]


# --8<-- [start:radam]
class RAdam(_Optimizer):
    """RAdam: Adam whose adaptive rate is switched on as it becomes reliable.

    The update of ``torch.optim.RAdam``, eqs. (29)-(32): plain momentum
    steps while rho_t <= 5, then Adam steps scaled by the rectification r_t.

    Examples
    --------
    >>> x = np.array([1.0])
    >>> RAdam([x], lr=0.1).step([np.array([5.0])])
    >>> x.tolist()  # step 1 is not rectified: x - lr * g
    [0.5]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=0, decoupled_weight_decay=False, *,
                 maximize=False):
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.decoupled_weight_decay = decoupled_weight_decay

    def update(self, param, grad, state):
        lr, (beta1, beta2), eps = self.lr, self.betas, self.eps
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        t = state["step"]
        if self.weight_decay != 0 and self.decoupled_weight_decay:
            param *= 1 - lr * self.weight_decay                  # (25)
        elif self.weight_decay != 0:
            grad = grad + self.weight_decay * param              # (2)
        bias_correction1 = 1 - beta1**t
        bias_correction2 = 1 - beta2**t
        rho_inf = 2 / (1 - beta2) - 1                            # (29)
        rho_t = rho_inf - 2 * t * beta2**t / bias_correction2    # (29)
        if rho_t > 5:
            r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf
                          / ((rho_inf - 4) * (rho_inf - 2) * rho_t))  # (30)
        for p, g, m, v in blocks(param, grad, state["exp_avg"],
                                 state["exp_avg_sq"]):
            m *= beta1
            m += (1 - beta1) * g                                 # (20)
            v *= beta2
            v += (1 - beta2) * g * g                             # (21)
            m_hat = m / bias_correction1                         # (22)
            if rho_t > 5:
                adaptive = math.sqrt(bias_correction2) / (np.sqrt(v) + eps)
                p -= lr * r * adaptive * m_hat                   # (31)
            else:
                p -= lr * m_hat                                  # (32)


# --8<-- [end:radam]


# --8<-- [start:adamp]
class AdamP(_Optimizer):
    """AdamP: Adam that does not let scale-invariant weights grow in norm.

    The update of ``adamp.AdamP`` (Heo et al.), eqs. (33)-(36). For a weight
    of two or more dimensions whose gradient is nearly orthogonal to it
    (per output channel, else as a whole), the part of the step along the
    weight is removed and the weight decay is scaled by ``wd_ratio``.

    Examples
    --------
    >>> w = np.array([[3.0, 4.0]])
    >>> w0 = w.copy()
    >>> AdamP([w], lr=0.1).step([np.array([[-4.0, 3.0]])])  # g orthogonal to w
    >>> float(np.sum((w - w0) * w0).round(6))  # the step is orthogonal to w
    0.0
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=0, delta=0.1, wd_ratio=0.1, nesterov=False):
        super().__init__(params)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.delta = _at_least_zero("delta", delta)
        self.wd_ratio = _at_least_zero("wd_ratio", wd_ratio)
        self.nesterov = nesterov

    def update(self, param, grad, state):
        lr, (beta1, beta2), eps = self.lr, self.betas, self.eps
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        t = state["step"]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1 - beta1) * grad                                  # (20)
        v *= beta2
        v += (1 - beta2) * grad * grad                           # (21)
        d = np.sqrt(v) / math.sqrt(1 - beta2**t) + eps           # (33)
        if self.nesterov:
            u = (beta1 * m + (1 - beta1) * grad) / d             # (33)
        else:
            u = m / d                                            # (33)
        wd_ratio = 1
        if param.ndim > 1:
            u, wd_ratio = self.project(param, grad, u)           # (34), (35)
        if self.weight_decay > 0:
            param *= 1 - lr * self.weight_decay * wd_ratio       # (36)
        param -= lr / (1 - beta1**t) * u                         # (36)

    def project(self, param, grad, u):
        """Remove from ``u`` its part along ``param`` if ``grad`` is nearly
        orthogonal to ``param``; return the step and the weight decay ratio."""
        for rows in (param.shape[0], 1):  # per output channel, then whole
            w, g = param.reshape(rows, -1), grad.reshape(rows, -1)
            w_norm = np.linalg.norm(w, axis=1, keepdims=True)
            g_norm = np.linalg.norm(g, axis=1, keepdims=True)
            cosine = np.abs(np.sum(w * g, axis=1, keepdims=True)) / (
                np.maximum(w_norm, self.eps) * np.maximum(g_norm, self.eps))
            if cosine.max() < self.delta / math.sqrt(w.shape[1]):  # (34)
                w_unit = w / (w_norm + self.eps)
                u = u.reshape(rows, -1)
                u = u - w_unit * np.sum(w_unit * u, axis=1, keepdims=True)
                return u.reshape(param.shape), self.wd_ratio     # (35)
        return u, 1


# --8<-- [end:adamp]


# --8<-- [start:trajectory]
def trajectory(optimizer, grad, x0, steps, **hyperparameters):
    """Run ``optimizer`` on one parameter from ``x0``; return its path.

    ``grad(x)`` gives the gradient at ``x``; ``hyperparameters`` go to the
    optimizer. The path has shape ``(steps + 1,) + numpy.shape(x0)`` and
    starts with ``x0``.

    Examples
    --------
    >>> trajectory(SGD, lambda x: 2 * x, x0=1.0, steps=2, lr=0.25).tolist()
    [1.0, 0.5, 0.25]
    """
    if not (isinstance(optimizer, type) and issubclass(optimizer, _Optimizer)):
        raise TypeError(
            f"optimizer must be an optimizer class, got {optimizer!r}")
    if not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    x = np.array(x0, dtype=float)
    opt = optimizer([x], **hyperparameters)
    path = [x.copy()]
    for _ in range(steps):
        opt.step([np.asarray(grad(x), dtype=float)])
        path.append(x.copy())
    return np.stack(path)
# --8<-- [end:trajectory]


# --8<-- [start:state_bytes]
def state_bytes_per_parameter(optimizer, dtype=np.float32, **hyperparameters):
    """Bytes of state that ``optimizer`` keeps for each parameter element.

    Takes one step on a parameter of 1000 elements of ``dtype`` and adds up
    the arrays in its state. Scalars kept once per array, such as the step
    count, do not grow with the model and are not counted.

    Examples
    --------
    >>> state_bytes_per_parameter(Adam)  # exp_avg and exp_avg_sq, float32
    8.0
    """
    n = 1000
    opt = optimizer([np.zeros(n, dtype)], **hyperparameters)
    opt.step([np.ones(n, dtype)])
    arrays = [s for s in opt.state[0].values() if isinstance(s, np.ndarray)]
    return sum(a.nbytes for a in arrays) / n
# --8<-- [end:state_bytes]


# --8<-- [start:state_table]
def state_table(n_params=100e9, dtype=np.float32):
    """A text table: each optimizer's state arrays, their bytes per parameter,
    and their total for a model of ``n_params`` parameters, in gigabytes.

    Examples
    --------
    >>> row = state_table(n_params=1e9).splitlines()[2]
    >>> row.split()[-4:]  # SGD, momentum: 4 bytes, 4 GB for 1e9 parameters
    ['momentum_buffer', '4', '4', 'GB']
    """
    cases = [("SGD", SGD, {}), ("SGD, momentum", SGD, {"momentum": 0.9}),
             ("Adagrad", Adagrad, {}), ("RMSprop", RMSprop, {}),
             ("RMSprop, centered, momentum", RMSprop,
              {"centered": True, "momentum": 0.9}),
             ("Adadelta", Adadelta, {}), ("Adam", Adam, {}),
             ("Adam, amsgrad", Adam, {"amsgrad": True}), ("AdamW", AdamW, {}),
             ("NAdam", NAdam, {}), ("RAdam", RAdam, {}), ("AdamP", AdamP, {})]
    lines = [f"{'optimizer':27} {'state arrays':35} {'bytes':>5} {'total':>9}"]
    for label, optimizer, hyperparameters in cases:
        opt = optimizer([np.zeros(1, dtype)], **hyperparameters)
        opt.step([np.ones(1, dtype)])
        names = [k for k, s in opt.state[0].items()
                 if isinstance(s, np.ndarray)]
        size = state_bytes_per_parameter(optimizer, dtype, **hyperparameters)
        lines.append(f"{label:27} {' '.join(names) or '-':35} {size:5.0f} "
                     f"{size * n_params / 1e9:6.0f} GB")
    return "\n".join(lines)
# --8<-- [end:state_table]
