"""Solutions to the exercises of the regularization chapter.

One section per solution that computes something, embedded in the folded
solutions of the pages under ``docs/*/regularization/`` and tested in
``tests/test_exercises_regularization.py``.
"""

# --8<-- [start:imports]
import numpy as np

from snippets.normalization import (batch_norm, group_norm, instance_norm,
                                    layer_norm)
from snippets.optimizers import SGD, Adam
from snippets.regularization import (EarlyStopping, cross_entropy, dropout,
                                     gaussian_noise, l2_penalty_grad, one_hot,
                                     random_crop)

# --8<-- [end:imports]


# --8<-- [start:stopping_point]
def stopping_point(losses, patience, min_delta=0.0):
    """Return (epoch that stops, epoch kept) for a list of validation losses.

    The stopping epoch is None if the list runs out first.

    Examples
    --------
    >>> stopping_point([3.0, 2.0, 2.5, 2.1], patience=2)
    (3, 1)
    """
    stopper = EarlyStopping(patience=patience, min_delta=min_delta)
    for epoch, loss in enumerate(losses):
        if stopper.step(loss):
            return epoch, stopper.best_epoch
    return None, stopper.best_epoch
# --8<-- [end:stopping_point]


# --8<-- [start:kept_fractions]
def kept_fractions(curvature, lr, steps):
    """Fraction of w* learned along each curvature: by early stopping after
    ``steps`` gradient steps, and by an L2 penalty of strength 1/(steps lr).

    Examples
    --------
    >>> gd, l2 = kept_fractions(np.array([1.0]), lr=0.01, steps=100)
    >>> np.round(gd, 3), np.round(l2, 3)
    (array([0.634]), array([0.5]))
    """
    lam = np.asarray(curvature, dtype=float)
    alpha = 1 / (steps * lr)
    by_steps = 1 - (1 - lr * lam) ** steps
    by_penalty = lam / (lam + alpha)
    return by_steps, by_penalty
# --8<-- [end:kept_fractions]


# --8<-- [start:decay_vs_penalty]
def decay_vs_penalty(w, grads, lr, weight_decay, momentum=0.0):
    """Run SGD(weight_decay) and SGD on loss + l2_penalty from ``w``.

    ``grads`` are the loss gradients of the successive steps (the same for
    both runs); returns the two final weights.

    Examples
    --------
    >>> a, b = decay_vs_penalty(np.ones(2), [np.zeros(2)], lr=0.1,
    ...                         weight_decay=0.5)
    >>> a, b
    (array([0.95, 0.95]), array([0.95, 0.95]))
    """
    decayed, penalized = np.array(w, float), np.array(w, float)
    opt_a = SGD([decayed], lr=lr, momentum=momentum,
                weight_decay=weight_decay)
    opt_b = SGD([penalized], lr=lr, momentum=momentum)
    for g in grads:
        opt_a.step([g])
        opt_b.step([g + l2_penalty_grad([penalized], weight_decay)[0]])
    return decayed, penalized
# --8<-- [end:decay_vs_penalty]


# --8<-- [start:penalized_minimizers]
def penalized_minimizers(w_star, h, alpha):
    """Minimizers of sum(h (w - w*)^2 / 2) plus an L2 or an L1 penalty.

    Returns (closed form L2, closed form L1, grid L2, grid L1): the grid
    minimizes each coordinate's penalized loss over 200001 points of
    [-5, 5], without any formula.

    Examples
    --------
    >>> l2, l1, grid_l2, grid_l1 = penalized_minimizers([2.0], [1.0], 1.0)
    >>> float(l2[0]), float(l1[0]), float(grid_l1[0])
    (1.0, 1.0, 1.0)
    """
    w_star, h = np.asarray(w_star, float), np.asarray(h, float)
    l2 = h / (h + alpha) * w_star
    l1 = np.sign(w_star) * np.maximum(np.abs(w_star) - alpha / h, 0)
    grid = np.linspace(-5, 5, 200001)[:, None]  # one column per coordinate
    loss = h / 2 * (grid - w_star) ** 2
    grid_l2 = grid[np.argmin(loss + alpha / 2 * grid**2, axis=0), 0]
    grid_l1 = grid[np.argmin(loss + alpha * np.abs(grid), axis=0), 0]
    return l2, l1, grid_l2, grid_l1
# --8<-- [end:penalized_minimizers]


# --8<-- [start:adam_l2_path]
def adam_l2_path(weight_decay, steps=100, lr=0.01):
    """Weights of Adam(weight_decay) on a loss whose gradient is always 0.

    Only the L2 term weight_decay * w reaches Adam, which divides it by its
    own running size. Starts at w = 1; returns the weight after each step.

    Examples
    --------
    >>> path = adam_l2_path(1e-2, steps=3)
    >>> np.round(path, 4)
    array([0.99, 0.98, 0.97])
    """
    w = np.ones(1)
    opt = Adam([w], lr=lr, weight_decay=weight_decay)
    path = []
    for _ in range(steps):
        opt.step([np.zeros(1)])
        path.append(w[0])
    return np.array(path)
# --8<-- [end:adam_l2_path]


# --8<-- [start:crop_positions]
def crop_positions(size, padding, copies=2000, *, rng):
    """Count the different crops ``random_crop`` makes of one image.

    The image has distinct pixel values, so two crops are equal only if
    they were cut at the same offset.

    Examples
    --------
    >>> crop_positions(4, padding=1, rng=np.random.default_rng(0))
    9
    """
    image = np.arange(1.0, size * size + 1).reshape(1, 1, size, size)
    batch = np.repeat(image, copies, axis=0)
    crops = random_crop(batch, size, padding=padding, rng=rng)
    return len(np.unique(crops.reshape(copies, -1), axis=0))
# --8<-- [end:crop_positions]


# --8<-- [start:noisy_least_squares]
def noisy_least_squares(x, y, std, copies=2000, *, rng):
    """Least squares on noisy copies of the inputs, and the ridge solution.

    Each row of ``x`` (n, d) is repeated ``copies`` times with Gaussian
    noise of standard deviation ``std``; returns (fit on the copies,
    minimizer of mean squared error + std**2 * |w|^2).

    Examples
    --------
    >>> x, y = np.eye(2), np.array([1.0, 2.0])
    >>> fit, ridge = noisy_least_squares(x, y, 0.0, copies=1,
    ...                                  rng=np.random.default_rng(0))
    >>> np.round(fit, 6), ridge
    (array([1., 2.]), array([1., 2.]))
    """
    n, d = x.shape
    noisy = gaussian_noise(np.repeat(x, copies, axis=0), std, rng=rng)
    fit = np.linalg.lstsq(noisy, np.repeat(y, copies), rcond=None)[0]
    ridge = np.linalg.solve(x.T @ x / n + std**2 * np.eye(d), x.T @ y / n)
    return fit, ridge
# --8<-- [end:noisy_least_squares]


# --8<-- [start:smoothing_floor]
def smoothing_floor(num_classes, label_smoothing):
    """The smallest label-smoothed loss: entropy of q and the loss at a*.

    Returns (a*, entropy of the smoothed target q, cross_entropy at the
    logits (a*, 0, ..., 0)).

    Examples
    --------
    >>> a, entropy, loss = smoothing_floor(2, 1.0)
    >>> float(a), round(float(entropy), 4), round(float(loss), 4)
    (0.0, 0.6931, 0.6931)
    """
    c, eps = num_classes, label_smoothing
    a_star = np.log(c / eps - c + 1)
    q = np.full(c, eps / c)
    q[0] += 1 - eps
    entropy = -(q * np.log(q)).sum()
    logits = np.zeros((1, c))
    logits[0, 0] = a_star
    loss = cross_entropy(logits, np.array([0]), label_smoothing=eps)
    return a_star, entropy, loss
# --8<-- [end:smoothing_floor]


# --8<-- [start:mixup_loss]
def mixup_loss(logits, labels, partner, lam):
    """Mixup's loss computed two ways: on the soft targets, and as the
    lam-weighted mixture of the two labels' losses.

    ``partner[i]`` is the example mixed into example i.

    Examples
    --------
    >>> z = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> soft, mixed = mixup_loss(z, np.array([0, 1]), np.array([1, 0]), 0.5)
    >>> bool(np.isclose(soft, mixed))
    True
    """
    y = one_hot(labels, logits.shape[1])
    soft = lam * y + (1 - lam) * y[partner]
    on_soft = cross_entropy(logits, soft)
    mixed = (lam * cross_entropy(logits, labels)
             + (1 - lam) * cross_entropy(logits, labels[partner]))
    return on_soft, mixed
# --8<-- [end:mixup_loss]


# --8<-- [start:dropout_moments]
def dropout_moments(x, p, samples=10000, *, rng):
    """Mean and variance of ``samples`` dropout outputs of ``x``.

    Examples
    --------
    >>> mean, var = dropout_moments(np.ones(2), 0.0,
    ...                             rng=np.random.default_rng(0))
    >>> mean, var
    (array([1., 1.]), array([0., 0.]))
    """
    x = np.asarray(x, dtype=float)
    outputs = dropout(np.broadcast_to(x, (samples,) + x.shape), p, rng=rng)
    return outputs.mean(axis=0), outputs.var(axis=0)
# --8<-- [end:dropout_moments]


# --8<-- [start:variance_shift]
def variance_shift(p, n=100000, *, rng):
    """Variance of dropout's output in training over that in evaluation,
    for zero-mean inputs: what a batch norm after dropout would see.

    Examples
    --------
    >>> variance_shift(0.0, rng=np.random.default_rng(0))
    1.0
    """
    x = rng.standard_normal(n)
    train = dropout(x, p, training=True, rng=rng)
    evaluate = dropout(x, p, training=False, rng=rng)
    return float(train.var() / evaluate.var())
# --8<-- [end:variance_shift]


# --8<-- [start:fold_batch_norm]
def fold_batch_norm(weight, bias, running_mean, running_var, gamma, beta,
                    eps=1e-5):
    """Fold an evaluation-mode batch norm into the linear layer before it.

    Returns (weight, bias) of one linear layer computing
    ``batch_norm(x @ weight.T + bias, ...)`` in evaluation.

    Examples
    --------
    >>> w, b = fold_batch_norm(np.eye(1), np.zeros(1), np.ones(1),
    ...                        np.full(1, 4.0), np.ones(1), np.zeros(1),
    ...                        eps=0.0)
    >>> w, b
    (array([[0.5]]), array([-0.5]))
    """
    scale = gamma / np.sqrt(running_var + eps)  # one factor per output
    return weight * scale[:, None], (bias - running_mean) * scale + beta
# --8<-- [end:fold_batch_norm]


# --8<-- [start:train_then_eval]
def train_then_eval(x, steps=200):
    """Train batch_norm on one batch ``steps`` times, then evaluate on it.

    Returns (training output, evaluation output).

    Examples
    --------
    >>> train, evaluate = train_then_eval(np.array([[1.0], [3.0]]))
    >>> np.round(train.ravel(), 3), np.round(evaluate.ravel(), 3)
    (array([-1.,  1.]), array([-0.707,  0.707]))
    """
    c = x.shape[1]
    mean, var = np.zeros(c), np.ones(c)
    for _ in range(steps):
        train = batch_norm(x, mean, var, training=True)
    return train, batch_norm(x, mean, var, training=False)
# --8<-- [end:train_then_eval]


# --8<-- [start:batch_dependence]
def batch_dependence(sample, others_a, others_b):
    """How much one sample's output changes with its batch-mates.

    The (C, H, W) ``sample`` joins the batch ``others_a``, then
    ``others_b``; returns the largest change of its output under layer
    norm and under training-mode batch norm.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ln, bn = batch_dependence(rng.normal(size=(2, 3, 3)),
    ...                           rng.normal(size=(3, 2, 3, 3)),
    ...                           rng.normal(size=(3, 2, 3, 3)))
    >>> ln == 0.0, bn > 0.1
    (True, True)
    """
    batches = [np.concatenate([sample[None], others])
               for others in (others_a, others_b)]
    ln = [layer_norm(b, b.shape[1:])[0] for b in batches]
    bn = [batch_norm(b, None, None, training=True)[0] for b in batches]
    change = [float(np.abs(a - b).max()) for a, b in (ln, bn)]
    return change[0], change[1]
# --8<-- [end:batch_dependence]


# --8<-- [start:shared_statistics]
def shared_statistics(shape=(2, 4, 3, 3), num_groups=2):
    """Count the inputs that change the output at [0, 0, 0, 0] of each layer.

    Each input is nudged in turn; those that move the output are the set
    S(i) whose mean and variance that output uses.

    Examples
    --------
    >>> shared_statistics((2, 2, 3, 1), num_groups=1)
    {'batch': 6, 'layer': 6, 'instance': 3, 'group': 6}
    """
    x = np.random.default_rng(0).normal(size=shape)
    layers = {
        "batch": lambda t: batch_norm(t, None, None, training=True),
        "layer": lambda t: layer_norm(t, t.shape[1:]),
        "instance": lambda t: instance_norm(t),
        "group": lambda t: group_norm(t, num_groups),
    }
    counts = {}
    for name, norm in layers.items():
        base, moved = norm(x)[0, 0, 0, 0], 0
        for k in range(x.size):
            nudged = x.copy()
            nudged.flat[k] += 1e-3
            moved += abs(norm(nudged)[0, 0, 0, 0] - base) > 1e-9
        counts[name] = int(moved)
    return counts
# --8<-- [end:shared_statistics]


# --8<-- [start:scale_change]
def scale_change(x, scale, eps=1e-5):
    """Largest change of layer_norm's output when its input is scaled.

    ``x`` is (N, ...) and each sample is normalized over all its values.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0, 4.0]])
    >>> scale_change(x, 10.0, eps=0.0) < 1e-12
    True
    """
    shape = x.shape[1:]
    before = layer_norm(x, shape, eps=eps)
    after = layer_norm(scale * x, shape, eps=eps)
    return float(np.abs(after - before).max())
# --8<-- [end:scale_change]
