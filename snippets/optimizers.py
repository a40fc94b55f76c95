"""Optimizers from scratch, with the API of torch.optim.

``Name(params, **hyperparameters)`` takes a list of NumPy float arrays and
``step(grads)`` updates them in place, as ``torch.optim.Name`` updates its
tensors. The hyperparameters have torch.optim's names, defaults and checks
(``AdamP``: those of the ``adamp`` package). ``maximize`` is kept; PyTorch's
``foreach``, ``fused``, ``capturable`` and ``differentiable`` choose how the
same arithmetic runs on a device and are left out, as are parameter groups.

Each optimizer's ``update`` is its equations, written on whole arrays; the
base class ``_Optimizer`` does the rest: checks, state, weight decay, and
applying ``update`` block by block for speed. The comment ``# (n)`` at the
end of a line names the equation n that the line computes, as numbered on
the pages that show it (a page that shows a line computing another page's
equation repeats that equation with its number).
"""

# --8<-- [start:imports]
import math
import numbers

import numpy as np


def _real(name, value):
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    return value


def _at_least_zero(name, value):
    if not _real(name, value) >= 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return value


def _fraction(name, value, *, one_allowed):
    if not (0 <= _real(name, value) <= 1 and (one_allowed or value < 1)):
        interval = "[0, 1]" if one_allowed else "[0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def _betas(betas):
    if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    return tuple(_fraction(f"betas[{i}]", beta, one_allowed=False)
                 for i, beta in enumerate(betas))


# --8<-- [end:imports]


# --8<-- [start:optimizer]
BLOCK = 2**16  # elements: a few float32 blocks of this size fit in L2 cache


def blocks(*arrays):
    """Yield views of equally shaped ``arrays``, ``BLOCK`` elements at a time.

    An element-wise update computed block by block gives the same numbers,
    while its temporary arrays stay in the processor's cache. If an array is
    not C-contiguous, the arrays come back whole, in one block.

    Examples
    --------
    >>> a = np.zeros(3)
    >>> for x, y in blocks(a, np.arange(3.0)):
    ...     x += 2 * y
    >>> a.tolist()
    [0.0, 2.0, 4.0]
    """
    if not all(a.flags.c_contiguous for a in arrays):
        yield arrays
        return
    flat = [a.reshape(-1) for a in arrays]
    for start in range(0, max(flat[0].size, 1), BLOCK):
        yield tuple(a[start:start + BLOCK] for a in flat)


class _Optimizer:
    """The part every optimizer shares: parameters, state, weight decay.

    ``params`` is a list of distinct, writeable NumPy float arrays, updated
    in place. ``step(grads)`` skips a parameter whose gradient is ``None``,
    negates the gradient if ``maximize``, applies ``decay`` (weight decay as
    an L2 term, eq. (2)) and calls the subclass's ``update(param, grad,
    state)``: the optimizer's equations, written on whole arrays.

    For speed, ``step`` calls ``update`` on views of ``BLOCK`` elements of
    the parameter, its gradient and every state array in turn (whole arrays
    if ``blockwise`` is false). The state arrays are made whole once, by
    ``init_state``; ``state["step"]``, the number of this step, and any other
    scalar of the state are per parameter: every block starts from the same
    values, computes the same new ones, and the last block's are kept.

    Examples
    --------
    >>> class HalfStep(_Optimizer):
    ...     def update(self, param, grad, state):
    ...         param -= 0.5 * grad
    >>> x, y = np.array([4.0]), np.array([1.0])
    >>> HalfStep([x, y]).step([np.array([2.0]), None])  # None: y stays
    >>> x.tolist(), y.tolist()
    ([3.0], [1.0])
    """

    blockwise = True  # False: ``update`` needs the whole arrays
    weight_decay = 0  # a subclass that takes weight_decay sets its own

    def __init__(self, params, *, maximize=False):
        # params: an iterable of distinct, writeable NumPy float arrays.
        if isinstance(params, np.ndarray) or not hasattr(params, "__iter__"):
            raise TypeError("params must be an iterable of NumPy arrays, got "
                            f"{type(params).__name__}")
        self.params = list(params)
        if not self.params:
            raise ValueError("params must not be empty")
        seen = {}
        for i, p in enumerate(self.params):
            if not (isinstance(p, np.ndarray)
                    and np.issubdtype(p.dtype, np.floating)):
                got = f"{type(p).__name__} {getattr(p, 'dtype', '')}"
                raise TypeError(f"params[{i}] must be a NumPy float array, "
                                f"got {got}")
            if not p.flags.writeable:
                raise ValueError(f"params[{i}] must be writeable")
            if id(p) in seen:
                raise ValueError(f"params[{i}] is params[{seen[id(p)]}]: "
                                 "params must list each array once")
            seen[id(p)] = i
        self.maximize = maximize
        self.state = [{} for _ in self.params]

    def step(self, grads):
        """Update every parameter in place from its gradient in ``grads``."""
        grads = self._checked(grads)
        for param, grad, state in zip(self.params, grads, self.state):
            if grad is None:  # no gradient, no step, as in torch.optim
                continue
            if not state:
                state.update({"step": 0, **self.init_state(param)})
            state["step"] += 1
            names = [k for k, v in state.items() if isinstance(v, np.ndarray)]
            scalars = {k: v for k, v in state.items() if k not in names}
            whole = (param, grad, *(state[k] for k in names))
            for p, g, *arrays in blocks(*whole) if self.blockwise else [whole]:
                if self.maximize:
                    g = -g
                if self.weight_decay != 0:
                    g = self.decay(p, g)
                block_state = dict(zip(names, arrays), **scalars)
                self.update(p, g, block_state)
            # Each block changed the scalars alike: keep the last block's.
            state.update((k, v) for k, v in block_state.items()
                         if k not in names)

    def _checked(self, grads):
        # grads: one per parameter, None or an array of its shape and dtype.
        grads = [None if g is None else np.asarray(g) for g in grads]
        if len(grads) != len(self.params):
            raise ValueError(f"grads must hold {len(self.params)} grads, one "
                             f"per parameter, got {len(grads)}")
        for i, (param, grad) in enumerate(zip(self.params, grads)):
            if grad is None:
                continue
            if grad.shape != param.shape:
                raise ValueError(f"grads[{i}] must have the shape of params"
                                 f"[{i}], {param.shape}, got {grad.shape}")
            if grad.dtype != param.dtype:
                raise TypeError(f"grads[{i}] must have the dtype of params"
                                f"[{i}], {param.dtype}, got {grad.dtype}")
        return grads

    def init_state(self, param):
        """The state of ``param`` before its first step, arrays made whole."""
        return {}

    def decay(self, param, grad):
        """Weight decay as an L2 term: add the gradient of
        ``weight_decay / 2 * |param|^2`` to ``grad``."""
        return grad + self.weight_decay * param                  # (2)

    def update(self, param, grad, state):
        """Change ``param`` in place; the subclass says how."""
        raise NotImplementedError
# --8<-- [end:optimizer]


# --8<-- [start:sgd]
class SGD(_Optimizer):
    """Stochastic gradient descent, with optional momentum and Nesterov.

    The update of ``torch.optim.SGD``: eq. (1), or with ``momentum`` the
    buffer of eq. (3) and the step of eq. (4), or (5) with ``nesterov``.

    Examples
    --------
    >>> x = np.array([1.0, -2.0])
    >>> SGD([x], lr=0.1).step([2 * x])  # f = |x|^2 has gradient 2x
    >>> x.tolist()
    [0.8, -1.6]
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0,
                 weight_decay=0, nesterov=False, *, maximize=False):
        # As torch.optim.SGD: lr, momentum, weight_decay >= 0; Nesterov
        # needs a momentum and no dampening.
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.momentum = _at_least_zero("momentum", momentum)
        self.dampening = _real("dampening", dampening)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires momentum > 0 and "
                             f"dampening = 0, got {momentum} and {dampening}")
        self.nesterov = nesterov

    def init_state(self, param):
        if self.momentum == 0:
            return {}
        return {"momentum_buffer": np.zeros_like(param)}

    def update(self, param, grad, state):
        lr, mu, tau = self.lr, self.momentum, self.dampening
        if mu == 0:
            param -= lr * grad                                   # (1)
            return
        b = state["momentum_buffer"]
        if state["step"] == 1:
            b += grad                                            # (3)
        else:  # no product (1 - 0) * g: it would cost a pass over g
            b *= mu
            b += grad if tau == 0 else (1 - tau) * grad          # (3)
        if self.nesterov:
            param -= lr * (grad + mu * b)                        # (5)
        else:
            param -= lr * b                                      # (4)
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
        # As torch.optim.Adagrad: every hyperparameter >= 0.
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.lr_decay = _at_least_zero("lr_decay", lr_decay)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.initial_accumulator_value = _at_least_zero(
            "initial_accumulator_value", initial_accumulator_value)
        self.eps = _at_least_zero("eps", eps)

    def init_state(self, param):
        return {"sum": np.full_like(param, self.initial_accumulator_value)}

    def update(self, param, grad, state):
        lr = self.lr / (1 + (state["step"] - 1) * self.lr_decay)   # (8)
        s = state["sum"]
        s += grad * grad                                         # (6)
        param -= lr * grad / (np.sqrt(s) + self.eps)             # (7)
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
        # As torch.optim.RMSprop: every number >= 0 (alpha > 1 is allowed).
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.alpha = _at_least_zero("alpha", alpha)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.momentum = _at_least_zero("momentum", momentum)
        self.centered = centered

    def init_state(self, param):
        state = {"square_avg": np.zeros_like(param)}
        if self.centered:
            state["grad_avg"] = np.zeros_like(param)
        if self.momentum > 0:
            state["momentum_buffer"] = np.zeros_like(param)
        return state

    def update(self, param, grad, state):
        alpha, eps = self.alpha, self.eps
        v = state["square_avg"]
        v *= alpha
        v += (1 - alpha) * grad * grad                           # (9)
        if self.centered:
            g_avg = state["grad_avg"]
            g_avg *= alpha
            g_avg += (1 - alpha) * grad                          # (12)
            d = np.sqrt(v - g_avg * g_avg) + eps                 # (13)
        else:
            d = np.sqrt(v) + eps                                 # (10)
        if self.momentum > 0:
            b = state["momentum_buffer"]
            b *= self.momentum
            b += grad / d                                        # (14)
            param -= self.lr * b                                 # (15)
        else:
            param -= self.lr * grad / d                          # (11)
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
        # As torch.optim.Adadelta: rho in [0, 1], the others >= 0.
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.rho = _fraction("rho", rho, one_allowed=True)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)

    def init_state(self, param):
        return {"square_avg": np.zeros_like(param),
                "acc_delta": np.zeros_like(param)}

    def update(self, param, grad, state):
        rho, eps = self.rho, self.eps
        v, u = state["square_avg"], state["acc_delta"]
        v *= rho
        v += (1 - rho) * grad * grad                             # (16)
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * grad       # (17)
        u *= rho
        u += (1 - rho) * delta * delta                           # (18)
        param -= self.lr * delta                                 # (19)
# --8<-- [end:adadelta]


# --8<-- [start:adam]
def _moving_averages(state, grad, betas):
    """Update, in place, and return Adam's averages of ``grad`` and its
    square, ``state["exp_avg"]`` and ``state["exp_avg_sq"]``."""
    beta1, beta2 = betas
    m, v = state["exp_avg"], state["exp_avg_sq"]
    m *= beta1
    m += (1 - beta1) * grad                                      # (20)
    v *= beta2
    v += (1 - beta2) * grad * grad                               # (21)
    return m, v


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
        # As torch.optim.Adam: betas in [0, 1), the others >= 0.
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.amsgrad = amsgrad
        self.decoupled_weight_decay = decoupled_weight_decay

    def init_state(self, param):
        state = {"exp_avg": np.zeros_like(param),
                 "exp_avg_sq": np.zeros_like(param)}
        if self.amsgrad:
            state["max_exp_avg_sq"] = np.zeros_like(param)
        return state

    def decay(self, param, grad):
        """The L2 term of eq. (2) or, if ``decoupled_weight_decay``,
        AdamW's shrinking of the weights before the step."""
        if not self.decoupled_weight_decay:
            return _Optimizer.decay(self, param, grad)
        param *= 1 - self.lr * self.weight_decay                 # (25)
        return grad

    def update(self, param, grad, state):
        (beta1, beta2), t = self.betas, state["step"]
        m, v = _moving_averages(state, grad, self.betas)
        if self.amsgrad:
            v_max = state["max_exp_avg_sq"]
            np.maximum(v_max, v, out=v_max)                      # (24)
            v = v_max
        # d = sqrt(v_hat) + eps and lr / (1 - beta1^t) * m = lr * m_hat, by (22)
        d = np.sqrt(v) / math.sqrt(1 - beta2**t) + self.eps      # (22), (23)
        param -= self.lr / (1 - beta1**t) * m / d                # (22), (23)
# --8<-- [end:adam]


# --8<-- [start:adamw]
class AdamW(Adam):
    """Adam with decoupled weight decay, on by default (Loshchilov & Hutter).

    ``torch.optim.AdamW``, which PyTorch defines as ``Adam`` with
    ``decoupled_weight_decay=True`` and ``weight_decay=1e-2``: each step
    shrinks the weights by ``1 - lr * weight_decay``, eq. (25), whatever the
    gradient, then takes Adam's step.

    Examples
    --------
    >>> x = np.array([2.0])
    >>> AdamW([x], lr=0.1, weight_decay=0.5).step([np.zeros(1)])
    >>> x.tolist()  # a zero gradient still shrinks x by 1 - 0.1 * 0.5
    [1.9]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=1e-2, amsgrad=False, *, maximize=False):
        # Adam's checks.
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad,
                         maximize=maximize, decoupled_weight_decay=True)
# --8<-- [end:adamw]


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
        # As torch.optim.NAdam: betas in [0, 1), the others >= 0.
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.momentum_decay = _at_least_zero("momentum_decay", momentum_decay)
        self.decoupled_weight_decay = decoupled_weight_decay

    def init_state(self, param):
        return {"mu_product": 1.0, "exp_avg": np.zeros_like(param),
                "exp_avg_sq": np.zeros_like(param)}

    decay = Adam.decay  # eq. (2), or (25) if decoupled_weight_decay

    def update(self, param, grad, state):
        (beta1, beta2), psi, t = self.betas, self.momentum_decay, state["step"]
        mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi))               # (26)
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))    # (26)
        state["mu_product"] *= mu                                # (27)
        mu_product = state["mu_product"]
        m, v = _moving_averages(state, grad, self.betas)
        d = np.sqrt(v / (1 - beta2**t)) + self.eps               # (28)
        param -= self.lr * (1 - mu) / (1 - mu_product) * grad / d   # (28)
        param -= self.lr * mu_next / (1 - mu_product * mu_next) * m / d  # (28)
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
        # As torch.optim.RAdam: betas in [0, 1), the others >= 0.
        super().__init__(params, maximize=maximize)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.decoupled_weight_decay = decoupled_weight_decay

    def init_state(self, param):
        return {"exp_avg": np.zeros_like(param),
                "exp_avg_sq": np.zeros_like(param)}

    decay = Adam.decay  # eq. (2), or (25) if decoupled_weight_decay

    def update(self, param, grad, state):
        (beta1, beta2), t = self.betas, state["step"]
        m, v = _moving_averages(state, grad, self.betas)
        m_hat = m / (1 - beta1**t)                               # (22)
        rho_inf = 2 / (1 - beta2) - 1                            # (29)
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)      # (29)
        if rho_t > 5:
            r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf
                          / ((rho_inf - 4) * (rho_inf - 2) * rho_t))  # (30)
            adaptive = math.sqrt(1 - beta2**t) / (np.sqrt(v) + self.eps)
            param -= self.lr * r * adaptive * m_hat              # (31)
        else:
            param -= self.lr * m_hat                             # (32)
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

    blockwise = False  # the test (34) and projection (35) need whole rows

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=0, delta=0.1, wd_ratio=0.1, nesterov=False):
        # As torch.optim.Adam (the adamp package checks nothing): betas in
        # [0, 1), the others >= 0.
        super().__init__(params)
        self.lr = _at_least_zero("lr", lr)
        self.betas = _betas(betas)
        self.eps = _at_least_zero("eps", eps)
        self.weight_decay = _at_least_zero("weight_decay", weight_decay)
        self.delta = _at_least_zero("delta", delta)
        self.wd_ratio = _at_least_zero("wd_ratio", wd_ratio)
        self.nesterov = nesterov

    def init_state(self, param):
        return {"exp_avg": np.zeros_like(param),
                "exp_avg_sq": np.zeros_like(param)}

    def decay(self, param, grad):
        return grad  # AdamP decays the weights itself, in (36)

    def update(self, param, grad, state):
        lr, (beta1, beta2), eps, t = self.lr, self.betas, self.eps, state["step"]
        m, v = _moving_averages(state, grad, self.betas)
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
    # optimizer: a class of this module; steps: an integer >= 0.
    if not (isinstance(optimizer, type) and issubclass(optimizer, _Optimizer)):
        raise TypeError(
            f"optimizer must be an optimizer class, got {optimizer!r}")
    if not isinstance(steps, numbers.Integral):
        raise TypeError(f"steps must be an integer, got {steps!r}")
    if steps < 0:
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
