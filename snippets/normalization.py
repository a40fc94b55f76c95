"""Normalization layers: batch, layer, instance and group normalization.

Each standardizes its input over some axes, ``(x - mean) / sqrt(var + eps)``
with the biased variance, then scales and shifts it by a learned ``weight``
and ``bias``. They differ only in the axes: see the functions below, which
have the signatures of ``torch.nn.functional``.
"""

# --8<-- [start:imports]
import math
import numbers

import numpy as np


def _check(ok, message, error=ValueError):
    """Raise ``error(message)`` unless ``ok``: every check is one line."""
    if not ok:
        raise error(message)


def _shapes(shape, **arrays):
    """Check that each of ``arrays`` that is given (not None) has ``shape``."""
    for name, value in arrays.items():
        _check(value is None or np.shape(value) == shape,
               f"{name} must have shape {shape}, got {np.shape(value)}")


def _floats(x):
    """``x`` as a float array: float32 stays float32, as a tensor's dtype
    does in PyTorch; ints, bools and lists become float64."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(float)


def _input(input, min_ndim, layout, **per_channel):
    """``input`` as a float array of ``layout``, such as ``"(N, C, ...)"``,
    and ``per_channel`` arrays (or None) of shape (C,)."""
    x = _floats(input)
    _check(x.ndim >= min_ndim, f"input must be {layout}, got shape {x.shape}")
    _shapes(x.shape[1:2], **per_channel)  # (C,)
    return x


def _grad_and_input(grad_output, input, min_ndim, layout, **per_channel):
    """``_input`` for a backward pass, and ``grad_output`` of its shape."""
    x = _input(input, min_ndim, layout, **per_channel)
    g = _floats(grad_output)
    _check(g.shape == x.shape, f"grad_output must have the same shape as "
           f"input {x.shape}, got {g.shape}")
    return g, x


def _normalized_shape(normalized_shape, x):
    """``normalized_shape`` as a tuple, which must end the shape of ``x``."""
    one_axis = isinstance(normalized_shape, numbers.Integral)
    shape = (normalized_shape,) if one_axis else tuple(normalized_shape)
    k = len(shape)
    _check(0 < k <= x.ndim and x.shape[x.ndim - k:] == shape,
           f"normalized_shape must end the input shape, as in [*, "
           f"{str(shape)[1:-1]}], got normalized_shape={list(shape)} for "
           f"input of shape {x.shape}")
    return shape


def _num_groups(num_groups, channels):
    _check(isinstance(num_groups, numbers.Integral), "num_groups must be an "
           f"int, got {num_groups!r}", TypeError)
    _check(num_groups >= 1, f"num_groups must be >= 1, got {num_groups}")
    _check(channels % num_groups == 0, "input channels must be divisible by "
           f"num_groups, got {channels} channels and num_groups={num_groups}")


def _running_stats(running_mean, running_var, momentum, use_input_stats,
                   when):
    """Running statistics are NumPy arrays that the input's statistics
    update in place, or they must be given, to be used instead."""
    stats = (running_mean, running_var)
    _check(isinstance(momentum, numbers.Real) and not isinstance(
        momentum, bool), f"momentum must be a real number, got {momentum!r}",
        TypeError)
    _check(not math.isnan(momentum), "momentum must be a number, got nan")
    _check(all(s is None or np.asarray(s).dtype.kind in "biuf" for s in stats)
           and (not use_input_stats or all(s is None or isinstance(
               s, np.ndarray) for s in stats)), "running_mean and running_var "
           "must be NumPy arrays of real numbers, updated in place, got "
           f"{[type(s).__name__ for s in stats]}", TypeError)
    _check(use_input_stats or all(s is not None for s in stats),
           f"running_mean and running_var must be given {when}")

def _reals(eps, **arrays):
    """Check that each of ``arrays`` (a weight or a bias may be None) holds
    real numbers and that ``eps`` is a number >= 0 (torch checks no eps; NaN
    or < 0 gives NaN)."""
    for name, value in arrays.items():
        optional = value is None and name in ("weight", "bias")
        _check(optional or np.asarray(value).dtype.kind in "biuf",
               f"{name} must hold "
               f"real numbers, got {value!r}", TypeError)
    _check(isinstance(eps, numbers.Real) and not isinstance(eps, bool),
           f"eps must be a real number, got {eps!r}", TypeError)
    _check(eps >= 0, f"eps must be >= 0, got {eps!r}")

# --8<-- [end:imports]


# --8<-- [start:standardize]
def _moments(x, axes):
    """Mean and biased variance of ``x`` over ``axes``, kept to broadcast."""
    mean = x.mean(axis=axes, keepdims=True)  # (1)
    return mean, x.var(axis=axes, keepdims=True)  # (1)


def _per_channel(x):
    """The shape that broadcasts one value per channel over x (N, C, ...)."""
    return (1, -1) + (1,) * (x.ndim - 2)


def _grouped(x, num_groups):
    """x (N, C, ...) viewed as (N, G, C/G, ...): channels in groups."""
    n, c = x.shape[:2]
    return x.reshape(n, num_groups, c // num_groups, *x.shape[2:])


def _standardize(x, mean, var, eps):
    """``(x - mean) / sqrt(var + eps)``, in the precision of ``x`` (as in
    PyTorch, float32 stays float32), and the ``1 / sqrt(var + eps)``."""
    inv_std = 1 / np.sqrt(var + eps)
    return ((x - mean) * inv_std).astype(x.dtype, copy=False), inv_std


def _scale_shift(x_hat, weight, bias, shape):
    """``weight * x_hat + bias``, each reshaped to ``shape``; None: 1 and 0.
    The result keeps the precision of ``x_hat``."""
    weight = 1.0 if weight is None else np.reshape(weight, shape)
    bias = 0.0 if bias is None else np.reshape(bias, shape)
    return (weight * x_hat + bias).astype(x_hat.dtype, copy=False)


def _track(running_mean, running_var, mean, var, n, momentum):
    """Running averages, updated in place, of each channel's ``mean`` and
    unbiased variance (``var`` is biased, over ``n`` values)."""
    if running_mean is not None:
        running_mean *= 1 - momentum
        running_mean += momentum * mean
    if running_var is not None:
        running_var *= 1 - momentum
        running_var += momentum * var * n / (n - 1)


def _standardize_backward(grad_output, x, weight, axes, shared, eps):
    """Gradients of ``weight * x_hat + bias``, x standardized over ``axes``.

    ``weight`` (None: 1) broadcasts against ``x``; it and the bias are
    shared over the axes ``shared``, which their gradients sum over. The
    input gradient is the upstream gradient reaching ``x_hat``, minus its
    mean and its projection on ``x_hat`` over ``axes``, times 1 / std.
    """
    if x.size == 0:  # as in PyTorch: no values, and sums of none are zeros
        zeros = np.zeros_like(x).sum(axis=shared)
        return x.copy(), zeros, zeros.copy()
    x_hat, inv_std = _standardize(x, *_moments(x, axes), eps)
    grad_x_hat = grad_output if weight is None else grad_output * weight
    grad_input = inv_std * (
        grad_x_hat
        - grad_x_hat.mean(axis=axes, keepdims=True)
        - x_hat * (grad_x_hat * x_hat).mean(axis=axes, keepdims=True)
    )
    grad_weight = (grad_output * x_hat).sum(axis=shared)
    grads = grad_input, grad_weight, grad_output.sum(axis=shared)
    return tuple(g.astype(x.dtype, copy=False) for g in grads)  # x's precision
# --8<-- [end:standardize]


# --8<-- [start:batch_norm]
def batch_norm(input, running_mean, running_var, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    """Normalize each channel of an (N, C, ...) batch, as ``F.batch_norm``.

    In training, each channel is standardized with the mean and biased
    variance of the batch, and ``running_mean`` and ``running_var`` (if
    given) are updated in place by an exponential moving average that
    uses the unbiased variance. In evaluation they replace the batch
    statistics.

    Examples
    --------
    >>> x = np.array([[1.0], [3.0]])
    >>> mean, var = np.zeros(1), np.ones(1)
    >>> batch_norm(x, mean, var, training=True, eps=1e-12)
    array([[-1.],
           [ 1.]])
    >>> mean, var
    (array([0.2]), array([1.1]))
    """
    _reals(eps, input=input, weight=weight, bias=bias)
    _running_stats(running_mean, running_var, momentum, training,
                   "in evaluation mode")
    x = _input(input, 2, "(N, C, ...)", running_mean=running_mean,
               running_var=running_var, weight=weight, bias=bias)
    n = math.prod(x.shape[:1] + x.shape[2:])  # values per channel
    _check(n != 1 or not training, "input must have more than 1 value per "
           f"channel when training, got shape {x.shape}")
    _check(eps > 0 if training else eps >= 0, f"eps must be > 0, got {eps!r}")
    if x.size == 0:  # as in PyTorch: nothing to normalize, no statistics
        return x.copy()
    axes = (0, *range(2, x.ndim))  # every axis but the channels
    per_channel = _per_channel(x)
    if training:
        mean, var = _moments(x, axes)
        _track(running_mean, running_var, mean.ravel(), var.ravel(), n,
               momentum)  # (3)
    else:
        mean = np.reshape(running_mean, per_channel)
        var = np.reshape(running_var, per_channel)
    x_hat, _ = _standardize(x, mean, var, eps)  # (2)
    return _scale_shift(x_hat, weight, bias, per_channel)  # (2)
# --8<-- [end:batch_norm]


# --8<-- [start:batch_norm_backward]
def batch_norm_backward(grad_output, input, weight=None, eps=1e-5):
    """Gradients of training-mode `batch_norm` by its input, weight and bias.

    Returns ``(grad_input, grad_weight, grad_bias)``; without a ``weight``
    the scale is 1, and ``grad_weight``, ``grad_bias`` are still the
    gradients a weight and a bias would receive.

    Examples
    --------
    A uniform upstream gradient only moves the mean, which the layer
    removes, so the input gets no gradient:

    >>> x = np.array([[1.0], [3.0]])
    >>> dx, dw, db = batch_norm_backward(np.ones((2, 1)), x, eps=0.0)
    >>> dx.tolist(), dw.tolist(), db.tolist()
    ([[0.0], [0.0]], [0.0], [2.0])
    """
    _reals(eps, grad_output=grad_output, input=input, weight=weight)
    g, x = _grad_and_input(grad_output, input, 2, "(N, C, ...)",
                           weight=weight)
    axes = (0, *range(2, x.ndim))  # every axis but the channels
    gamma = None if weight is None else np.reshape(weight, _per_channel(x))
    return _standardize_backward(g, x, gamma, axes, axes, eps)  # (4), (5)
# --8<-- [end:batch_norm_backward]


# --8<-- [start:layer_norm]
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalize over the last dimensions of each sample, as ``F.layer_norm``.

    ``normalized_shape`` (an int or a tuple) must equal the trailing
    dimensions of ``input``; ``weight`` and ``bias`` have that shape.

    Examples
    --------
    >>> layer_norm(np.array([[1.0, 3.0], [10.0, 30.0]]), 2, eps=0.0)
    array([[-1.,  1.],
           [-1.,  1.]])
    """
    _reals(eps, input=input, weight=weight, bias=bias)
    x = _floats(input)
    shape = _normalized_shape(normalized_shape, x)
    _shapes(shape, weight=weight, bias=bias)
    if x.size == 0:  # as in PyTorch: an empty output of the same shape
        return x.copy()
    axes = tuple(range(x.ndim - len(shape), x.ndim))  # the last axes
    x_hat, _ = _standardize(x, *_moments(x, axes), eps)
    return _scale_shift(x_hat, weight, bias, shape)
# --8<-- [end:layer_norm]


# --8<-- [start:group_norm]
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalize groups of channels of each sample, as ``F.group_norm``.

    The C channels split into ``num_groups`` groups of C / num_groups
    consecutive channels; each sample's group is standardized on its own.
    ``weight`` and ``bias`` have shape (C,).

    Examples
    --------
    >>> x = np.array([[[1.0], [3.0], [10.0], [30.0]]])  # N=1, C=4, L=1
    >>> group_norm(x, 2, eps=0.0).ravel()
    array([-1.,  1., -1.,  1.])
    """
    _reals(eps, input=input, weight=weight, bias=bias)
    x = _input(input, 2, "(N, C, ...)", weight=weight, bias=bias)
    _num_groups(num_groups, x.shape[1])
    if x.size == 0:  # as in PyTorch: an empty output of the same shape
        return x.copy()
    groups = _grouped(x, num_groups)  # (N, G, C/G, ...)
    axes = tuple(range(2, groups.ndim))  # a sample's group, all positions
    x_hat, _ = _standardize(groups, *_moments(groups, axes), eps)
    per_channel = _per_channel(x)
    return _scale_shift(x_hat.reshape(x.shape), weight, bias, per_channel)
# --8<-- [end:group_norm]


# --8<-- [start:instance_norm]
def instance_norm(input, running_mean=None, running_var=None, weight=None,
                  bias=None, use_input_stats=True, momentum=0.1, eps=1e-5):
    """Normalize each channel of each sample, as ``F.instance_norm``.

    With ``use_input_stats`` every (sample, channel) pair is standardized
    over its spatial positions, and ``running_mean`` and ``running_var``
    (if given) are updated in place with the batch averages of those
    statistics (unbiased variance). Without it, the running statistics are
    used instead.

    Examples
    --------
    >>> x = np.array([[[1.0, 3.0], [10.0, 30.0]]])  # N=1, C=2, L=2
    >>> instance_norm(x, eps=0.0)
    array([[[-1.,  1.],
            [-1.,  1.]]])
    """
    _reals(eps, input=input, weight=weight, bias=bias)
    _running_stats(running_mean, running_var, momentum, use_input_stats,
                   "when use_input_stats is False")
    x = _input(input, 2, "(N, C, *spatial)", running_mean=running_mean,
               running_var=running_var, weight=weight, bias=bias)
    m = math.prod(x.shape[2:])  # positions per (sample, channel)
    _check(m != 1 or not use_input_stats, "input must have more than 1 "
           f"spatial element when training, got shape {x.shape}")
    if x.size == 0:
        # as in PyTorch: nothing to normalize, and the running statistics
        # of no samples are their average over none, NaN
        if use_input_stats and len(x) == 0:
            _track(running_mean, running_var, np.nan, np.nan, m, momentum)
        return x.copy()
    axes = tuple(range(2, x.ndim))  # the spatial axes
    per_channel = _per_channel(x)
    if use_input_stats:
        mean, var = _moments(x, axes)
        _track(running_mean, running_var, mean.mean(axis=0).ravel(),
               var.mean(axis=0).ravel(), m, momentum)  # batch averages
    else:
        mean = np.reshape(running_mean, per_channel)
        var = np.reshape(running_var, per_channel)
    x_hat, _ = _standardize(x, mean, var, eps)
    return _scale_shift(x_hat, weight, bias, per_channel)
# --8<-- [end:instance_norm]


# --8<-- [start:backward]
def layer_norm_backward(grad_output, input, normalized_shape, weight=None,
                        eps=1e-5):
    """Gradients of `layer_norm`: ``(grad_input, grad_weight, grad_bias)``.

    Examples
    --------
    >>> x = np.array([[1.0, 3.0]])
    >>> dx, dw, db = layer_norm_backward(np.array([[1.0, 1.0]]), x, 2)
    >>> dx.tolist(), db.tolist()
    ([[0.0, 0.0]], [1.0, 1.0])
    """
    g, x = _grad_and_input(grad_output, input, 0, "an array")
    shape = _normalized_shape(normalized_shape, x)
    _shapes(shape, weight=weight)
    k = len(shape)
    axes = tuple(range(x.ndim - k, x.ndim))  # the normalized axes
    samples = tuple(range(x.ndim - k))  # weight is shared across these
    return _standardize_backward(g, x, weight, axes, samples, eps)


def group_norm_backward(grad_output, input, num_groups, weight=None,
                        eps=1e-5):
    """Gradients of `group_norm`: ``(grad_input, grad_weight, grad_bias)``.

    With ``num_groups`` equal to the channel count this is also the
    backward pass of `instance_norm` with input statistics.

    Examples
    --------
    >>> x = np.array([[[1.0], [3.0]]])
    >>> dx, dw, db = group_norm_backward(np.ones((1, 2, 1)), x, 1)
    >>> dx.ravel().tolist(), db.tolist()
    ([0.0, 0.0], [1.0, 1.0])
    """
    g, x = _grad_and_input(grad_output, input, 2, "(N, C, ...)",
                           weight=weight)
    _num_groups(num_groups, x.shape[1])
    groups = _grouped(x, num_groups)  # (N, G, C/G, ...)
    axes = tuple(range(2, groups.ndim))  # a sample's group, all positions
    shared = (0, *range(3, groups.ndim))  # all but the channel, (G, C/G)
    gamma = None if weight is None else np.reshape(
        weight, groups.shape[1:3] + (1,) * (x.ndim - 2))
    grad_input, grad_weight, grad_bias = _standardize_backward(
        _grouped(g, num_groups), groups, gamma, axes, shared, eps)
    return grad_input.reshape(x.shape), grad_weight.ravel(), grad_bias.ravel()
# --8<-- [end:backward]
