"""Regularizers: early stopping, norm penalties, noise, augmentation, mixing,
label smoothing and dropout.

Images are batches of shape ``(N, C, H, W)``, as in PyTorch. Every random
choice comes from the ``rng`` argument, a ``numpy.random.Generator``.
"""

# --8<-- [start:imports]
import math
import numbers

import numpy as np


# Argument checks of the functions below: a wrong kind of argument raises
# TypeError, a wrong value or shape ValueError, naming the argument.
def _check(ok, error, message):
    """Raise ``error(message)`` unless ``ok``: each check is one line."""
    if not ok:
        raise error(message)


def _number(name, x, low=0, high=math.inf, integer=False):
    """``x`` as a Python int (if ``integer``) or float in [low, high]; a
    Python number leaves the precision of the arrays it multiplies."""
    kind = "an int" if integer else "a number"
    if not isinstance(x, numbers.Integral if integer else numbers.Real):
        raise TypeError(f"{name} must be {kind}, got {x!r}")
    if not low <= x <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {x!r}")
    return int(x) if integer else float(x)


def _positive(name, x):
    """``x`` as a float if it is a number > 0."""
    if not _number(name, x) > 0:
        raise ValueError(f"{name} must be > 0, got {x!r}")
    return float(x)


def _floats(name, x):
    """``x`` as an array of real numbers, a float dtype kept (float32 stays
    float32, as a tensor's dtype does in PyTorch), ints float64."""
    a = np.asarray(x)
    _check(a.dtype.kind in "biuf", TypeError,
           f"{name} must hold real numbers, got {x!r}")
    return a.astype(np.result_type(a, 1.0), copy=False)


def _choice(name, x, options):
    """``x`` if it is one of ``options``."""
    if x not in options:
        raise ValueError(f"{name} must be one of {options}, got {x!r}")
    return x


def _generator(rng, optional=False):
    """``rng`` if it is a Generator; None gives a fresh one if ``optional``."""
    if not (isinstance(rng, np.random.Generator) or optional and rng is None):
        raise TypeError(f"rng must be a numpy.random.Generator, got {rng!r}")
    return np.random.default_rng() if rng is None else rng


def _params(params):
    """``params`` if it is a list or tuple of arrays, as optimizers take."""
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"params must be a list of arrays, got {params!r}")
    return params


def _images(input):
    """``input`` as a float array of shape (N, C, H, W)."""
    x = _floats("input", input)
    if x.ndim != 4:
        raise ValueError(f"input must be (N, C, H, W) images, got {x.shape}")
    return x


def _rows(input, n):
    """``input`` as a float array of ``n`` rows, one per target."""
    x = _floats("input", input)
    if x.ndim == 0 or len(x) != n:
        raise ValueError(f"input must have {n} rows, got shape {x.shape}")
    return x


def _labels(target, c, n=None):
    """``target`` as N int labels in [0, c), N = ``n`` if given."""
    t, want = np.asarray(target), f"{n or 'N'} ints in [0, {c})"
    labels = t.ndim == 1 and t.dtype.kind in "iu" and n in (None, len(t))
    if not (labels and np.all((0 <= t) & (t < c))):
        raise ValueError(f"target must be {want}, got {t!r}")
    return t


def _soft_targets(target, shape=None):
    """A copy of ``target`` as (N, C) class probabilities, of ``shape`` if
    given."""
    y, want = _floats("target", target).copy(), shape or "(N, C)"
    if y.ndim != 2 or shape not in (None, y.shape):
        raise ValueError(f"target must be {want} probabilities, got {y.shape}")
    return y


# --8<-- [end:imports]


# --8<-- [start:early_stopping]
class EarlyStopping:
    """Stop training once a validation metric has stopped improving.

    Call ``step(metric, params)`` after every epoch with the validation
    metric and the current parameters (a list of arrays). A value improves
    on the best so far if it beats it by more than ``min_delta`` (lower is
    better for ``mode='min'``, higher for ``mode='max'``); the parameters of
    the best epoch are copied. ``step`` returns True once ``patience``
    epochs in a row brought no improvement, and ``restore(params)`` copies
    the best parameters back into ``params``.

    Examples
    --------
    >>> stopper = EarlyStopping(patience=2)
    >>> [stopper.step(loss) for loss in [3.0, 2.0, 2.5, 2.1]]
    [False, False, False, True]
    >>> stopper.best, stopper.best_epoch
    (2.0, 1)
    """

    def __init__(self, patience=5, min_delta=0.0, mode="min"):
        self.patience = _number("patience", patience, low=1, integer=True)
        self.min_delta = _number("min_delta", min_delta)
        self.mode = _choice("mode", mode, ("min", "max"))
        self.best = np.inf if mode == "min" else -np.inf
        self.best_epoch = None
        self.best_params = None
        self.epoch = -1
        self.wait = 0  # epochs since the last improvement

    def improves(self, metric):
        """Whether ``metric`` beats the best value by more than min_delta.

        Examples
        --------
        >>> EarlyStopping(min_delta=0.1).improves(1.0)
        True
        """
        if self.mode == "min":
            return metric < self.best - self.min_delta
        return metric > self.best + self.min_delta

    def step(self, metric, params=()):
        """Record one epoch's metric; return True when training should stop.

        Examples
        --------
        >>> EarlyStopping(patience=1).step(0.5)
        False
        """
        _number("metric", metric, low=-math.inf)
        self.epoch += 1
        if self.improves(metric):
            self.best, self.best_epoch, self.wait = metric, self.epoch, 0
            self.best_params = [np.array(p, copy=True) for p in params]
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self, params):
        """Copy the parameters of the best epoch back into ``params``.

        Examples
        --------
        >>> w = np.array([1.0])
        >>> stopper = EarlyStopping()
        >>> stopper.step(0.1, [w])
        False
        >>> w[0] = 5.0
        >>> stopper.restore([w])
        >>> w
        array([1.])
        """
        if self.best_params is None:
            raise RuntimeError("restore() needs a step() with params first")
        if len(params) != len(self.best_params):
            raise ValueError(f"params must be {len(self.best_params)} arrays")
        for p, best in zip(params, self.best_params):
            p[...] = best
# --8<-- [end:early_stopping]


# --8<-- [start:penalties]
def l2_penalty(params, weight_decay):
    """Return the L2 penalty ``weight_decay / 2 * sum(w**2)`` over ``params``.

    With the factor 1/2 its gradient is ``weight_decay * w``, the term that
    ``SGD(weight_decay=...)`` adds to each gradient.

    Examples
    --------
    >>> float(l2_penalty([np.array([3.0, 4.0])], weight_decay=0.1))
    1.25
    """
    params = _params(params)
    weight_decay = _number("weight_decay", weight_decay)
    return weight_decay / 2 * sum(np.sum(np.square(w)) for w in params)  # (2)


def l2_penalty_grad(params, weight_decay):
    """Return the gradient of `l2_penalty`: ``weight_decay * w`` for each w.

    Examples
    --------
    >>> l2_penalty_grad([np.array([3.0, -4.0])], weight_decay=0.1)
    [array([ 0.3, -0.4])]
    """
    params = _params(params)
    weight_decay = _number("weight_decay", weight_decay)
    return [weight_decay * _floats("params", w) for w in params]  # (2)


def l1_penalty(params, alpha):
    """Return the L1 penalty ``alpha * sum(|w|)`` over ``params``.

    Examples
    --------
    >>> float(l1_penalty([np.array([3.0, -4.0])], alpha=0.1))
    0.7
    """
    params, alpha = _params(params), _number("alpha", alpha)
    return alpha * sum(np.sum(np.abs(w)) for w in params)  # (2)


def l1_penalty_grad(params, alpha):
    """Return a (sub)gradient of `l1_penalty`: ``alpha * sign(w)``.

    At ``w = 0``, where ``|w|`` has no derivative, it is 0, as in PyTorch.

    Examples
    --------
    >>> l1_penalty_grad([np.array([3.0, 0.0, -4.0])], alpha=0.1)
    [array([ 0.1,  0. , -0.1])]
    """
    params, alpha = _params(params), _number("alpha", alpha)
    return [alpha * np.sign(_floats("params", w)) for w in params]  # (2)
# --8<-- [end:penalties]


# --8<-- [start:noise]
def gaussian_noise(input, std, training=True, *, rng=None):
    """Return ``input`` plus independent normal noise of deviation ``std``.

    Noise is added only in training; in evaluation the input is returned.

    Examples
    --------
    >>> x = np.zeros((2, 3))
    >>> gaussian_noise(x, std=0.1, training=False) is x
    True
    >>> noisy = gaussian_noise(x, std=0.1, rng=np.random.default_rng(0))
    >>> noisy.shape
    (2, 3)
    """
    std, rng = _number("std", std), _generator(rng, optional=True)
    if not training or std == 0:
        return input
    x = _floats("input", input)
    return x + std * rng.standard_normal(x.shape).astype(x.dtype)


def weight_noise(params, std, *, rng):
    """Return noisy copies of ``params``: each ``w + std * N(0, 1)``.

    Evaluate the gradient at the noisy copies and apply it to the clean
    weights: the loss is then averaged over nearby weights.

    Examples
    --------
    >>> w = [np.ones(3)]
    >>> noisy = weight_noise(w, std=0.01, rng=np.random.default_rng(0))
    >>> noisy[0] is w[0], noisy[0].shape
    (False, (3,))
    """
    params, std, rng = _params(params), _number("std", std), _generator(rng)
    params = [_floats("params", w) for w in params]
    return [w + std * rng.standard_normal(w.shape).astype(w.dtype)
            for w in params]
# --8<-- [end:noise]


# --8<-- [start:augmentation]
def random_horizontal_flip(input, p=0.5, *, rng):
    """Mirror each image of an (N, C, H, W) batch with probability ``p``.

    Examples
    --------
    >>> x = np.arange(3.0).reshape(1, 1, 1, 3)
    >>> random_horizontal_flip(x, p=1.0, rng=np.random.default_rng(0))
    array([[[[2., 1., 0.]]]])
    """
    x, p, rng = _images(input), _number("p", p, 0, 1), _generator(rng)
    flip = rng.random(len(x)) < p  # one coin per image
    out = x.copy()
    out[flip] = x[flip, :, :, ::-1]
    return out


def random_crop(input, size, padding=0, *, rng):
    """Cut a random ``size`` window out of each image, zero-padded first.

    ``size`` is an int or (height, width); ``padding`` zeros are added on
    every side, as in torchvision's ``RandomCrop(size, padding)``.

    Examples
    --------
    >>> x = np.ones((5, 3, 8, 8))
    >>> random_crop(x, 8, padding=2, rng=np.random.default_rng(0)).shape
    (5, 3, 8, 8)
    """
    x, rng = _images(input), _generator(rng)
    pad = _number("padding", padding, integer=True)
    x = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    n, _, h, w = x.shape
    th, tw = (size, size) if isinstance(size, numbers.Integral) else size
    # the window must fit in the padded image
    _number("size", th, 1, h, integer=True)
    _number("size", tw, 1, w, integer=True)
    tops = rng.integers(0, h - th + 1, size=n)
    lefts = rng.integers(0, w - tw + 1, size=n)
    return np.stack([image[:, top:top + th, left:left + tw]
                     for image, top, left in zip(x, tops, lefts)])


def color_jitter(input, brightness=0.0, contrast=0.0, *, rng):
    """Scale the brightness and the contrast of each image at random.

    Pixels lie in [0, 1]. Each image multiplies its pixels by a factor
    drawn from ``[1 - brightness, 1 + brightness]``, then scales their
    distance from its mean pixel by a factor drawn from ``[1 - contrast,
    1 + contrast]``; each result is clipped to [0, 1].

    Examples
    --------
    >>> x = np.full((2, 3, 4, 4), 0.5)
    >>> out = color_jitter(x, brightness=0.4, rng=np.random.default_rng(0))
    >>> bool(out.min() >= 0.3 and out.max() <= 0.7)
    True
    """
    x, rng = _images(input), _generator(rng)
    _number("brightness", brightness, 0, 1)
    _number("contrast", contrast, 0, 1)
    n = len(x)
    gain = rng.uniform(1 - brightness, 1 + brightness, size=(n, 1, 1, 1))
    gain = gain.astype(x.dtype)  # float32 images stay float32
    x = np.clip(gain * x, 0, 1)
    stretch = rng.uniform(1 - contrast, 1 + contrast, size=(n, 1, 1, 1))
    stretch = stretch.astype(x.dtype)
    mean = x.mean(axis=(1, 2, 3), keepdims=True)
    return np.clip(mean + stretch * (x - mean), 0, 1)
# --8<-- [end:augmentation]


# --8<-- [start:one_hot]
def one_hot(target, num_classes):
    """Return the (N, num_classes) one-hot rows of integer class labels.

    Examples
    --------
    >>> one_hot([2, 0], num_classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    _number("num_classes", num_classes, low=1, integer=True)
    return np.eye(num_classes)[_labels(target, num_classes)]
# --8<-- [end:one_hot]


# --8<-- [start:mixup]
def mixup(input, target, alpha=1.0, *, rng):
    """Blend every example with another of the batch (Zhang et al., 2018).

    ``target`` holds one row of class probabilities per example, such as
    ``one_hot(labels, C)``. One weight ``lam ~ Beta(alpha, alpha)`` and one
    pairing serve the whole batch; inputs and targets are blended alike.
    Returns ``(inputs, soft targets)``.

    Examples
    --------
    >>> x, y = np.eye(2), one_hot([0, 1], 2)
    >>> inputs, targets = mixup(x, y, rng=np.random.default_rng(0))
    >>> bool(np.allclose(inputs, targets))
    True
    """
    y, alpha = _soft_targets(target), _positive("alpha", alpha)
    x, rng = _rows(input, len(y)), _generator(rng)
    lam = float(rng.beta(alpha, alpha))  # (4)
    partner = rng.permutation(len(x))
    mixed_x = lam * x + (1 - lam) * x[partner]  # (4)
    return mixed_x, lam * y + (1 - lam) * y[partner]  # (4)
# --8<-- [end:mixup]


# --8<-- [start:cutmix]
def cutmix(input, target, alpha=1.0, *, rng):
    """Paste a box cut from another image of the batch (Yun et al., 2019).

    With ``lam ~ Beta(alpha, alpha)`` the box would cover a fraction
    ``1 - lam`` of the image around a uniformly drawn center. The borders
    may clip it, so the targets (rows of class probabilities) are mixed
    with the area that was really pasted. Returns ``(images, targets)``.

    Examples
    --------
    >>> x, y = np.zeros((2, 1, 4, 4)), one_hot([0, 1], 2)
    >>> images, targets = cutmix(x, y, rng=np.random.default_rng(0))
    >>> targets.sum(axis=1)
    array([1., 1.])
    """
    y, alpha = _soft_targets(target), _positive("alpha", alpha)
    x, rng = _rows(_images(input), len(y)), _generator(rng)
    n, _, h, w = x.shape
    lam = rng.beta(alpha, alpha)
    partner = rng.permutation(n)
    # sides scaled by sqrt(1 - lam): area (1 - lam) h w before clipping
    cut_h, cut_w = int(h * np.sqrt(1 - lam)), int(w * np.sqrt(1 - lam))  # (5)
    cy, cx = rng.integers(h), rng.integers(w)
    top, bottom = np.clip([cy - cut_h // 2, cy - cut_h // 2 + cut_h], 0, h)
    left, right = np.clip([cx - cut_w // 2, cx - cut_w // 2 + cut_w], 0, w)
    out = x.copy()
    out[:, :, top:bottom, left:right] = x[partner, :, top:bottom, left:right]
    lam = 1 - float((bottom - top) * (right - left)) / (h * w)  # (6)
    return out, lam * y + (1 - lam) * y[partner]
# --8<-- [end:cutmix]


# --8<-- [start:cutout]
def cutout(input, target, size, *, rng):
    """Zero a square patch of each image (DeVries and Taylor, 2017).

    The square has side ``size``. Each image draws its own center anywhere
    in the image, so the square may be clipped at the borders. The targets
    are returned unchanged: cutout keeps the label.

    Examples
    --------
    >>> x, y = np.ones((2, 1, 8, 8)), one_hot([0, 1], 2)
    >>> images, targets = cutout(x, y, size=4, rng=np.random.default_rng(0))
    >>> int((images == 0).sum()) <= 2 * 4 * 4
    True
    """
    y, size = _soft_targets(target), _number("size", size, 1, integer=True)
    x, rng = _rows(_images(input), len(y)), _generator(rng)
    n, _, h, w = x.shape
    out = x.copy()
    centers = zip(rng.integers(h, size=n), rng.integers(w, size=n))
    for image, (cy, cx) in zip(out, centers):
        top, left = cy - size // 2, cx - size // 2
        image[:, max(top, 0):top + size, max(left, 0):left + size] = 0
    return out, y
# --8<-- [end:cutout]


# --8<-- [start:cross_entropy]
def _class_rows(input, target, weight, ignore_index):
    """A `cross_entropy` call as rows of C classes, one row per prediction.

    Logits (C,) are one row and (N, C, d1, ..., dK) are N d1 ... dK rows:
    ``z`` is (M, C). The targets become rows ``y`` (M, C), class
    probabilities or one-hot class indices (an ignore_index row is zero).
    Also returned: the class weights ``w`` (C,); ``kept`` (M,), False on
    ignored rows; the divisor of a mean, the summed weights of the target
    classes (or M for probabilities), as in PyTorch; the shape of the losses.
    """
    z = _floats("input", input)
    axis = 1 if z.ndim > 1 else 0  # the class axis
    _check(z.ndim > 0 and z.shape[axis] > 0, ValueError, "input must be "
           f"logits (C,), (N, C) or (N, C, d1, ...), C >= 1, got {z.shape}")
    c, shape = z.shape[axis], z.shape[:axis] + z.shape[axis + 1:]
    w = np.ones(c, z.dtype) if weight is None else _floats("weight", weight)
    _check(w.shape == (c,), ValueError,
           f"weight must have shape ({c},), got {w.shape}")
    ignore_index = _number("ignore_index", ignore_index, -math.inf,
                           integer=True)
    t = np.asarray(target)
    _check(t.dtype.kind in "biuf", TypeError,
           f"target must hold class indices or probabilities, got {target!r}")
    if t.shape == z.shape and t.dtype.kind == "f":  # class probabilities
        _check(ignore_index < 0, ValueError, "ignore_index must be negative "
               f"for targets of class probabilities, got {ignore_index}")
        y = np.moveaxis(t, axis, -1).reshape(-1, c)
        kept, total = np.ones(len(y), bool), len(y)
    else:  # class indices
        _check(t.shape == shape, ValueError, "target must be class indices "
               f"of shape {shape} or float probabilities of shape {z.shape}"
               f" for input {z.shape}, got {t.dtype} of shape {t.shape}")
        _check(t.dtype.kind in "iu", TypeError,
               f"target class indices must be ints, got {t.dtype}")
        t = t.ravel()
        kept = t != ignore_index
        bad = kept & ((t < 0) | (t >= c))
        _check(not bad.any(), ValueError, "target must hold class indices "
               f"in [0, {c}) or ignore_index={ignore_index}, got {t[bad]}")
        y = np.eye(c, dtype=z.dtype)[np.where(kept, t, 0)] * kept[:, None]
        total = (y @ w).sum()
    z = np.moveaxis(z, axis, -1).reshape(-1, c)
    return z, y, w, kept, total, shape


def cross_entropy(input, target, weight=None, *, ignore_index=-100,
                  reduction="mean", label_smoothing=0.0):
    """Cross-entropy of logits, as ``torch.nn.functional.cross_entropy``.

    ``input`` is (C,), (N, C) or (N, C, d1, ..., dK); ``target`` holds
    class indices of its shape without C, or class probabilities of its
    shape. Label smoothing mixes the target with the uniform distribution:
    ``q = (1 - label_smoothing) * target + label_smoothing / C``. Each
    class's term of the loss is scaled by ``weight`` (C,); index targets
    equal to ``ignore_index`` add nothing, and a mean divides by the summed
    weights of the other targets' classes.

    Examples
    --------
    >>> logits, target = np.array([[2.0, 0.0, 0.0]]), np.array([0])
    >>> round(float(cross_entropy(logits, target)), 4)
    0.2395
    >>> round(float(cross_entropy(logits, target, label_smoothing=0.3)), 4)
    0.6395
    >>> weight = np.array([2.0, 1.0, 1.0])  # class 0 counts twice
    >>> cross_entropy(logits, target, weight, reduction="none").round(4)
    array([0.4791])
    >>> float(cross_entropy(logits, [-100], reduction="sum"))
    0.0
    """
    _choice("reduction", reduction, ("mean", "sum", "none"))
    eps = _number("label_smoothing", label_smoothing, 0, 1)
    z, y, w, kept, total, shape = _class_rows(input, target, weight,
                                              ignore_index)
    q = (1 - eps) * y + eps / z.shape[1]  # (1)
    # log-softmax; subtracting each row's maximum keeps exp from overflowing
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # (2)
    losses = -(w * q * log_p).sum(axis=1) * kept  # (2)
    if reduction == "mean":
        return losses.sum() / total
    return losses.sum() if reduction == "sum" else losses.reshape(shape)
# --8<-- [end:cross_entropy]


# --8<-- [start:dropout]
def dropout(input, p=0.5, training=True, *, rng=None):
    """Zero each element with probability ``p``, scale the rest by 1/(1-p).

    Inverted dropout, as ``torch.nn.functional.dropout``: the expected
    output equals the input, so evaluation (``training=False``) returns the
    input unchanged.

    Examples
    --------
    >>> x = np.ones(6)
    >>> dropout(x, p=0.5, rng=np.random.default_rng(0))
    array([2., 0., 0., 0., 2., 2.])
    >>> dropout(x, p=0.5, training=False)
    array([1., 1., 1., 1., 1., 1.])
    """
    p, rng = _number("p", p, 0, 1), _generator(rng, optional=True)
    x = _floats("input", input)
    if not training or p == 0:
        return x
    if p == 1:
        return np.zeros_like(x)  # rather than 0 / 0
    keep = rng.random(x.shape) >= p  # the mask m: True with probability 1 - p
    return np.where(keep, x / (1 - p), 0.0)  # (1)
# --8<-- [end:dropout]
