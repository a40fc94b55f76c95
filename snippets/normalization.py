"""Normalization layers: batch, layer, instance and group normalization.

Each standardizes its input over some axes, ``(x - mean) / sqrt(var + eps)``
with the biased variance, then scales and shifts it by a learned ``weight``
and ``bias``. They differ only in the axes: see the functions below, which
have the signatures of ``torch.nn.functional``.
"""

# --8<-- [start:imports]
import numbers

import numpy as np

# --8<-- [end:imports]


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
    x = np.asarray(input, dtype=float)
    if x.ndim < 2:
        raise ValueError(f"input must be (N, C, ...), got shape {x.shape}")
    if not isinstance(momentum, numbers.Real):
        raise TypeError(f"momentum must be a number, got {momentum!r}")
    if not (eps > 0 if training else eps >= 0):
        raise ValueError(f"eps must be positive, got {eps!r}")
    c = x.shape[1]
    named = [("running_mean", running_mean), ("running_var", running_var),
             ("weight", weight), ("bias", bias)]
    for name, value in named:
        if value is not None and np.shape(value) != (c,):
            raise ValueError(f"{name} must have shape ({c},) for input "
                             f"{x.shape}, got {np.shape(value)}")
    axes = (0,) + tuple(range(2, x.ndim))  # every axis but the channels
    per_channel = (1, c) + (1,) * (x.ndim - 2)  # broadcasts over the rest
    if training:
        n = x.size // c  # values per channel
        if n < 2:
            raise ValueError(f"Expected more than 1 value per channel when "
                             f"training, got input shape {x.shape}")
        for stat in (running_mean, running_var):
            if stat is not None and not isinstance(stat, np.ndarray):
                raise TypeError("running statistics must be NumPy arrays, "
                                "which training updates in place")
        mean, var = x.mean(axis=axes), x.var(axis=axes)
        if running_mean is not None:
            running_mean *= 1 - momentum
            running_mean += momentum * mean
        if running_var is not None:
            running_var *= 1 - momentum
            running_var += momentum * var * n / (n - 1)  # unbiased
    elif running_mean is None or running_var is None:
        raise ValueError("running_mean and running_var must be given in "
                         "evaluation mode")
    else:
        mean, var = running_mean, running_var
    x_hat = ((x - np.reshape(mean, per_channel))
             / np.sqrt(np.reshape(var, per_channel) + eps))
    if weight is not None:
        x_hat = x_hat * np.reshape(weight, per_channel)
    if bias is not None:
        x_hat = x_hat + np.reshape(bias, per_channel)
    return x_hat
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
    g = np.asarray(grad_output, dtype=float)
    x = np.asarray(input, dtype=float)
    if x.ndim < 2 or g.shape != x.shape:
        raise ValueError(f"grad_output {g.shape} and input {x.shape} must "
                         f"have the same shape (N, C, ...)")
    c = x.shape[1]
    if weight is not None and np.shape(weight) != (c,):
        raise ValueError(f"weight must have shape ({c},), "
                         f"got {np.shape(weight)}")
    axes = (0,) + tuple(range(2, x.ndim))
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    mean = x.mean(axis=axes, keepdims=True)
    inv_std = 1 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    grad_bias = g.sum(axis=axes)
    grad_weight = (g * x_hat).sum(axis=axes)
    gamma = 1.0 if weight is None else np.reshape(weight, per_channel)
    grad_x_hat = g * gamma
    grad_input = inv_std * (  # eq. (5)
        grad_x_hat
        - grad_x_hat.mean(axis=axes, keepdims=True)
        - x_hat * (grad_x_hat * x_hat).mean(axis=axes, keepdims=True)
    )
    return grad_input, grad_weight, grad_bias
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
    x = np.asarray(input, dtype=float)
    if isinstance(normalized_shape, numbers.Integral):
        normalized_shape = (normalized_shape,)
    shape = tuple(normalized_shape)
    k = len(shape)
    if not 0 < k <= x.ndim or x.shape[x.ndim - k:] != shape:
        raise ValueError(f"Given normalized_shape={list(shape)}, expected "
                         f"input with shape [*, {str(shape)[1:-1]}], "
                         f"got {x.shape}")
    for name, value in [("weight", weight), ("bias", bias)]:
        if value is not None and np.shape(value) != shape:
            raise ValueError(f"{name} must have shape {shape}, "
                             f"got {np.shape(value)}")
    axes = tuple(range(x.ndim - k, x.ndim))  # the last k axes
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    x_hat = (x - mean) / np.sqrt(var + eps)
    if weight is not None:
        x_hat = x_hat * weight
    if bias is not None:
        x_hat = x_hat + bias
    return x_hat
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
    x = np.asarray(input, dtype=float)
    if x.ndim < 2:
        raise ValueError(f"input must be (N, C, ...), got shape {x.shape}")
    n, c = x.shape[:2]
    if not isinstance(num_groups, numbers.Integral) or num_groups < 1:
        raise ValueError(f"num_groups must be an int >= 1, got {num_groups!r}")
    if c % num_groups:
        raise ValueError(f"Expected number of channels in input to be "
                         f"divisible by num_groups, but got input of shape "
                         f"{x.shape} and num_groups={num_groups}")
    for name, value in [("weight", weight), ("bias", bias)]:
        if value is not None and np.shape(value) != (c,):
            raise ValueError(f"{name} must have shape ({c},), "
                             f"got {np.shape(value)}")
    groups = x.reshape(n, num_groups, -1)  # one row per (sample, group)
    mean = groups.mean(axis=-1, keepdims=True)
    var = groups.var(axis=-1, keepdims=True)
    x_hat = ((groups - mean) / np.sqrt(var + eps)).reshape(x.shape)
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    if weight is not None:
        x_hat = x_hat * np.reshape(weight, per_channel)
    if bias is not None:
        x_hat = x_hat + np.reshape(bias, per_channel)
    return x_hat
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
    x = np.asarray(input, dtype=float)
    if x.ndim < 3:
        raise ValueError(f"input must be (N, C, *spatial), got {x.shape}")
    c = x.shape[1]
    named = [("running_mean", running_mean), ("running_var", running_var),
             ("weight", weight), ("bias", bias)]
    for name, value in named:
        if value is not None and np.shape(value) != (c,):
            raise ValueError(f"{name} must have shape ({c},) for input "
                             f"{x.shape}, got {np.shape(value)}")
    axes = tuple(range(2, x.ndim))  # the spatial axes
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    if use_input_stats:
        m = x[0, 0].size  # positions per (sample, channel)
        if m < 2:
            raise ValueError(f"Expected more than 1 spatial element when "
                             f"training, got input shape {x.shape}")
        for stat in (running_mean, running_var):
            if stat is not None and not isinstance(stat, np.ndarray):
                raise TypeError("running statistics must be NumPy arrays, "
                                "which training updates in place")
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True)
        if running_mean is not None:
            running_mean *= 1 - momentum
            running_mean += momentum * mean.mean(axis=0).ravel()
        if running_var is not None:
            running_var *= 1 - momentum
            running_var += momentum * var.mean(axis=0).ravel() * m / (m - 1)
    elif running_mean is None or running_var is None:
        raise ValueError("running_mean and running_var must be given when "
                         "use_input_stats is False")
    else:
        mean = np.reshape(running_mean, per_channel)
        var = np.reshape(running_var, per_channel)
    x_hat = (x - mean) / np.sqrt(var + eps)
    if weight is not None:
        x_hat = x_hat * np.reshape(weight, per_channel)
    if bias is not None:
        x_hat = x_hat + np.reshape(bias, per_channel)
    return x_hat
# --8<-- [end:instance_norm]


# --8<-- [start:backward]
def _standardize_backward(grad_x_hat, x_hat, inv_std, axes):
    # eq. (5) of the batch normalization page, over any set of axes
    return inv_std * (
        grad_x_hat
        - grad_x_hat.mean(axis=axes, keepdims=True)
        - x_hat * (grad_x_hat * x_hat).mean(axis=axes, keepdims=True)
    )


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
    g = np.asarray(grad_output, dtype=float)
    x = np.asarray(input, dtype=float)
    if g.shape != x.shape:
        raise ValueError(f"grad_output {g.shape} and input {x.shape} must "
                         f"have the same shape")
    if isinstance(normalized_shape, numbers.Integral):
        normalized_shape = (normalized_shape,)
    k = len(normalized_shape)
    if not 0 < k <= x.ndim or x.shape[x.ndim - k:] != tuple(normalized_shape):
        raise ValueError(f"normalized_shape {tuple(normalized_shape)} must "
                         f"end the input shape {x.shape}")
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    inv_std = 1 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    batch_axes = tuple(range(x.ndim - k))  # weight is shared across these
    grad_weight = (g * x_hat).sum(axis=batch_axes)
    grad_bias = g.sum(axis=batch_axes)
    grad_x_hat = g if weight is None else g * weight
    grad_input = _standardize_backward(grad_x_hat, x_hat, inv_std, axes)
    return grad_input, grad_weight, grad_bias


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
    g = np.asarray(grad_output, dtype=float)
    x = np.asarray(input, dtype=float)
    if x.ndim < 2 or g.shape != x.shape:
        raise ValueError(f"grad_output {g.shape} and input {x.shape} must "
                         f"have the same shape (N, C, ...)")
    n, c = x.shape[:2]
    if not isinstance(num_groups, numbers.Integral) or num_groups < 1:
        raise ValueError(f"num_groups must be an int >= 1, got {num_groups!r}")
    if c % num_groups:
        raise ValueError(f"num_groups={num_groups} must divide the "
                         f"{c} channels")
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    channel_axes = (0,) + tuple(range(2, x.ndim))
    groups = x.reshape(n, num_groups, -1)
    mean = groups.mean(axis=-1, keepdims=True)
    inv_std = 1 / np.sqrt(groups.var(axis=-1, keepdims=True) + eps)
    x_hat = ((groups - mean) * inv_std).reshape(x.shape)
    grad_weight = (g * x_hat).sum(axis=channel_axes)
    grad_bias = g.sum(axis=channel_axes)
    gamma = 1.0 if weight is None else np.reshape(weight, per_channel)
    grad_x_hat = (g * gamma).reshape(groups.shape)
    grad_input = _standardize_backward(
        grad_x_hat, x_hat.reshape(groups.shape), inv_std, axes=-1)
    return grad_input.reshape(x.shape), grad_weight, grad_bias
# --8<-- [end:backward]
