"""cross_entropy against torch.nn.functional.cross_entropy: every combination
of input shape, target kind, weight, ignore_index, reduction and label
smoothing, in float64 and float32; the empty batch; the refusals."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from snippets.regularization import cross_entropy

C = 4
SHAPES = {  # the input's shape; targets drop the class axis (axis 1, or 0)
    "unbatched": (C,),
    "N,C": (5, C),
    "N,C,d": (3, C, 2),
    "N,C,d1,d2": (2, C, 3, 2),
}
# (target kind, ignore_index, whether some index targets equal it)
TARGETS = [
    ("index", -100, False),  # the default, no target ignored
    ("index", -100, True),  # some targets are -100 (unbatched: the only one)
    ("index", 1, True),  # a real class ignored
    ("probs", -100, False),  # probabilities allow only a negative index
]
REDUCTIONS = ["mean", "sum", "none"]  # each case checks all three
GRID = list(itertools.product(SHAPES, TARGETS, [False, True], [0.0, 0.3, 1.0],
                              ["float64", "float32"]))


def case(shape_name, kind, ignore_index, ignored, weighted, dtype, seed=0):
    """Logits, target and weight as NumPy arrays of ``dtype``."""
    rng = np.random.default_rng(seed)
    shape = SHAPES[shape_name]
    axis = 1 if len(shape) > 1 else 0
    logits = rng.normal(0, 3, size=shape).astype(dtype)
    if kind == "probs":
        probs = rng.dirichlet(np.ones(C), size=shape[:axis] + shape[axis + 1:])
        target = np.moveaxis(probs, -1, axis).astype(dtype)
    else:
        size = shape[:axis] + shape[axis + 1:]
        # every class appears (but unbatched), so weights change the mean
        target = rng.permutation(np.arange(np.prod(size, dtype=int)) % C).reshape(size)
        if ignored and ignore_index < 0:
            target[rng.random(size) < 0.3] = ignore_index
        if ignored:
            target.flat[0] = ignore_index
    weight = rng.uniform(0.2, 3, size=C).astype(dtype) if weighted else None
    return logits, target, weight


def torch_loss(logits, target, weight, **kwargs):
    return F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(np.asarray(target)),
                           None if weight is None else torch.from_numpy(weight), **kwargs)


def assert_matches_torch(ours, theirs, dtype):
    ours, theirs = np.asarray(ours), theirs.numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    tol = {"float64": dict(rtol=1e-12, atol=1e-12), "float32": dict(rtol=2e-5, atol=2e-5)}
    np.testing.assert_allclose(ours, theirs, **tol[dtype], equal_nan=True)


@pytest.mark.parametrize("shape_name,targets,weighted,smoothing,dtype", GRID,
                         ids=[f"{s}-{t[0]}{t[1]}{'+ign' * t[2]}-{'w' * w}-{e}-{d}"
                              for s, t, w, e, d in GRID])
def test_cross_entropy_matches_torch(shape_name, targets, weighted, smoothing, dtype):
    kind, ignore_index, ignored = targets
    logits, target, weight = case(shape_name, kind, ignore_index, ignored, weighted, dtype)
    for reduction in REDUCTIONS:
        kwargs = dict(ignore_index=ignore_index, reduction=reduction, label_smoothing=smoothing)
        with np.errstate(invalid="ignore"):  # all ignored: the mean is 0 / 0, NaN as torch
            ours = cross_entropy(logits, target, weight, **kwargs)
        assert_matches_torch(ours, torch_loss(logits, target, weight, **kwargs), dtype)


def test_the_grid_holds_ignored_targets_and_weighted_means():
    # the grid is worth what its cases hold: ignored targets, an all-ignored
    # unbatched target (a NaN mean) and weights that change the mean
    logits, target, _ = case("N,C,d", "index", -100, True, False, "float64")
    assert 0 < np.count_nonzero(target == -100) < target.size
    logits, target, weight = case("N,C", "index", 1, True, True, "float64")
    assert np.count_nonzero(target == 1) >= 1
    weighted = cross_entropy(logits, target, weight, ignore_index=1)
    assert not np.isclose(weighted, cross_entropy(logits, target, ignore_index=1))
    logits, target, _ = case("unbatched", "index", -100, True, False, "float64")
    with np.errstate(invalid="ignore"):
        assert np.isnan(cross_entropy(logits, target))


def test_smoothing_with_weight_and_ignore_index_follows_torchs_formula():
    # torch: (1 - eps) * w[y] * nll + eps / C * sum_c w_c * (-log p_c), ignored
    # rows 0, and a mean divided by the summed w[y] of the rows kept
    logits, target, weight = case("N,C", "index", 1, True, True, "float64", seed=3)
    eps, kept = 0.2, target != 1
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    nll = -log_p[np.arange(len(target)), target] * weight[target]
    smooth = -(log_p * weight).sum(axis=1)
    losses = ((1 - eps) * nll + eps / C * smooth) * kept
    ours = cross_entropy(logits, target, weight, ignore_index=1, reduction="none",
                         label_smoothing=eps)
    np.testing.assert_allclose(ours, losses, rtol=1e-13)
    mean = cross_entropy(logits, target, weight, ignore_index=1, label_smoothing=eps)
    np.testing.assert_allclose(mean, losses.sum() / weight[target[kept]].sum(), rtol=1e-13)


@pytest.mark.parametrize("shape", [(0, C), (0, C, 3), (2, C, 0)], ids=str)
@pytest.mark.parametrize("kind", ["index", "probs"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_an_empty_batch_gives_what_torch_gives(shape, kind, reduction):
    # mean: NaN (0 / 0); sum: 0; none: an empty array
    logits = np.zeros(shape, dtype=np.float32)
    rest = shape[:1] + shape[2:]
    target = np.zeros(shape, np.float32) if kind == "probs" else np.zeros(rest, int)
    with np.errstate(invalid="ignore"):
        ours = cross_entropy(logits, target, reduction=reduction)
    assert_matches_torch(ours, torch_loss(logits, target, None, reduction=reduction), "float32")


def test_mixed_precision_probabilities_promote_as_in_torch():
    logits = np.random.default_rng(4).normal(size=(3, C)).astype(np.float32)
    probs = np.full((3, C), 1 / C)  # float64
    assert_matches_torch(cross_entropy(logits, probs), torch_loss(logits, probs, None),
                         "float64")


def test_an_ignored_index_may_lie_outside_the_classes():
    logits, target, _ = case("N,C", "index", -100, False, False, "float64")
    target[0] = 7
    kwargs = dict(ignore_index=7, reduction="none")
    assert_matches_torch(cross_entropy(logits, target, **kwargs),
                         torch_loss(logits, target, None, **kwargs), "float64")


def test_torch_style_positional_arguments_after_weight_are_refused():
    # torch's fourth positional argument is the deprecated size_average: a
    # keyword-only ignore_index cannot be bound to it by mistake
    logits, target, _ = case("N,C", "index", -100, False, False, "float64")
    with pytest.raises(TypeError):
        cross_entropy(logits, target, None, None)


LOGITS = np.zeros((3, C))
LABELS = np.array([0, 1, 2])
BAD = [  # (arguments, error, words of the message), refused by torch too
    (dict(target=np.array([0, 1, 4])), ValueError, "target must hold class indices"),
    (dict(target=np.array([0, -1, 2])), ValueError, "target must hold class indices"),
    (dict(target=np.array([0, 1])), ValueError, "target must be class indices of shape"),
    (dict(target=np.zeros((3, 5))), ValueError, "target must be class indices of shape"),
    (dict(target=np.array([0.0, 1.0, 2.0])), TypeError, "target class indices must be ints"),
    (dict(target=np.zeros((3, C), int)), ValueError, "or float probabilities of shape"),
    (dict(target=np.array(["0", "1", "2"])), TypeError, "target must hold"),
    (dict(target=np.array([True, False, True])), TypeError, "target class indices"),
    (dict(target=np.full((3, C), 0.25), ignore_index=0), ValueError, "ignore_index"),
    (dict(weight=np.ones(3)), ValueError, r"weight must have shape \(4,\)"),
    (dict(weight=np.ones((1, C))), ValueError, r"weight must have shape \(4,\)"),
    (dict(input=np.float64(1.0), target=np.array(0)), ValueError, "input must be logits"),
    (dict(input=np.zeros((3, 0))), ValueError, "input must be logits"),
    (dict(reduction="average"), ValueError, "reduction"),
    (dict(label_smoothing=1.5), ValueError, "label_smoothing"),
    (dict(ignore_index=1.5), TypeError, "ignore_index"),
]


@pytest.mark.parametrize("arguments,error,words", BAD, ids=[w for _, _, w in BAD])
def test_cross_entropy_refuses_what_torch_refuses(arguments, error, words):
    arguments = dict(dict(input=LOGITS, target=LABELS), **arguments)
    with pytest.raises(error, match=words):
        cross_entropy(**arguments)
    with pytest.raises(Exception):  # torch refuses it too (strings: as a tensor)
        F.cross_entropy(**{k: torch.as_tensor(v) if isinstance(v, np.ndarray | np.generic)
                           else v for k, v in arguments.items()})
