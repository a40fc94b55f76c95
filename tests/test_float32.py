"""Every public function of snippets.regularization and snippets.normalization
keeps the precision PyTorch keeps: float32 in, float32 out (outputs, running
statistics, gradients), float64 in, float64 out. Each case computes the
function's PyTorch counterpart on tensors of the same dtype and compares."""

import inspect

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from snippets import normalization, regularization
from snippets.normalization import (
    batch_norm,
    batch_norm_backward,
    group_norm,
    group_norm_backward,
    instance_norm,
    layer_norm,
    layer_norm_backward,
)
from snippets.regularization import (
    EarlyStopping,
    color_jitter,
    cross_entropy,
    cutmix,
    cutout,
    dropout,
    gaussian_noise,
    l1_penalty,
    l1_penalty_grad,
    l2_penalty,
    l2_penalty_grad,
    mixup,
    random_crop,
    random_horizontal_flip,
    weight_noise,
)

# Public names whose precision is not a question of float inputs.
NOT_FLOAT = {
    # takes integer labels and returns float64 rows of class probabilities
    # (torch's F.one_hot returns int64 indicators)
    "one_hot",
}


def rng():
    return np.random.default_rng(0)


def data(dtype):
    """Images (N, C, H, W) in [0, 1], soft targets (N, K), params, logits."""
    r = rng()
    return dict(images=r.random((4, 3, 6, 6)).astype(dtype),
                soft=r.dirichlet(np.ones(5), size=4).astype(dtype),
                params=[r.normal(size=(3, 2)).astype(dtype), r.normal(size=4).astype(dtype)],
                x=r.normal(size=(4, 6, 5)).astype(dtype),
                logits=r.normal(size=(4, 5)).astype(dtype))


def tt(arrays):
    return [torch.from_numpy(np.array(a)) for a in arrays]


def penalty_grads(penalty, params):
    leaves = [p.clone().requires_grad_() for p in params]
    return list(torch.autograd.grad(penalty(leaves), leaves))


def l2(ps):
    return 0.1 / 2 * sum((p ** 2).sum() for p in ps)


def l1(ps):
    return 0.1 * sum(p.abs().sum() for p in ps)


def norm_grads(function, x, weight, bias):
    xt = torch.from_numpy(x).requires_grad_()
    leaves = [xt] + [torch.from_numpy(a).requires_grad_() for a in (weight, bias)]
    out = function(*leaves)
    return list(torch.autograd.grad(out, leaves, torch.ones_like(out)))


def early_stopping(d):
    params = [p.copy() for p in d["params"]]
    stopper = EarlyStopping()
    stopper.step(1.0, params)
    stopper.restore(params)
    return stopper.best_params + params


def batch_norm_with_stats(d, dtype):
    x, c = d["x"], d["x"].shape[1]
    mean, var = np.zeros(c, dtype), np.ones(c, dtype)
    out = batch_norm(x, mean, var, np.ones(c, dtype), np.zeros(c, dtype), training=True)
    return [out, mean, var]


def torch_batch_norm_with_stats(d, dtype):
    x, c = d["x"], d["x"].shape[1]
    mean, var = torch.zeros(c, dtype=dtype), torch.ones(c, dtype=dtype)
    out = F.batch_norm(torch.from_numpy(x), mean, var, torch.ones(c, dtype=dtype),
                       torch.zeros(c, dtype=dtype), training=True)
    return [out, mean, var]


def instance_norm_with_stats(d, dtype):
    x, c = d["x"], d["x"].shape[1]
    mean, var = np.zeros(c, dtype), np.ones(c, dtype)
    return [instance_norm(x, mean, var), mean, var]


def torch_instance_norm_with_stats(d, dtype):
    x, c = d["x"], d["x"].shape[1]
    mean, var = torch.zeros(c, dtype=dtype), torch.ones(c, dtype=dtype)
    return [F.instance_norm(torch.from_numpy(x), mean, var), mean, var]


def ones(d, shape):
    return np.ones(shape, d["x"].dtype)


# name: (ours(data, numpy dtype) -> arrays, theirs(data, torch dtype) -> tensors)
CASES = {
    "EarlyStopping": (lambda d, _: early_stopping(d),
                      lambda d, _: [p.clone() for p in tt(d["params"])] * 2),
    "l2_penalty": (lambda d, _: [l2_penalty(d["params"], 0.1)],
                   lambda d, _: [l2(tt(d["params"]))]),
    "l2_penalty_grad": (lambda d, _: l2_penalty_grad(d["params"], 0.1),
                        lambda d, _: penalty_grads(l2, tt(d["params"]))),
    "l1_penalty": (lambda d, _: [l1_penalty(d["params"], 0.1)],
                   lambda d, _: [l1(tt(d["params"]))]),
    "l1_penalty_grad": (lambda d, _: l1_penalty_grad(d["params"], 0.1),
                        lambda d, _: penalty_grads(l1, tt(d["params"]))),
    "gaussian_noise": (lambda d, _: [gaussian_noise(d["x"], 0.1, rng=rng())],
                       lambda d, _: [(x := tt([d["x"]])[0]) + 0.1 * torch.randn_like(x)]),
    "weight_noise": (lambda d, _: weight_noise(d["params"], 0.1, rng=rng()),
                     lambda d, _: [p + 0.1 * torch.randn_like(p) for p in tt(d["params"])]),
    "random_horizontal_flip": (
        lambda d, _: [random_horizontal_flip(d["images"], rng=rng())],
        lambda d, _: [tt([d["images"]])[0].flip(-1)]),
    "random_crop": (lambda d, _: [random_crop(d["images"], 6, padding=2, rng=rng())],
                    lambda d, _: [F.pad(tt([d["images"]])[0], (2, 2, 2, 2))[..., :6, :6]]),
    "color_jitter": (
        lambda d, _: [color_jitter(d["images"], 0.4, 0.4, rng=rng())],
        lambda d, dt: [(torch.empty(4, 1, 1, 1, dtype=dt).uniform_(0.6, 1.4)
                        * tt([d["images"]])[0]).clamp(0, 1)]),
    "mixup": (lambda d, _: list(mixup(d["logits"], d["soft"], rng=rng())),
              lambda d, _: [0.3 * t + 0.7 * t.flip(0) for t in tt([d["logits"], d["soft"]])]),
    "cutmix": (lambda d, _: list(cutmix(d["images"], d["soft"], rng=rng())),
               lambda d, _: [tt([d["images"]])[0].clone(),
                             0.3 * (s := tt([d["soft"]])[0]) + 0.7 * s.flip(0)]),
    "cutout": (lambda d, _: list(cutout(d["images"], d["soft"], 2, rng=rng())),
               lambda d, _: [t.clone() for t in tt([d["images"], d["soft"]])]),
    "cross_entropy": (
        lambda d, _: [cross_entropy(d["logits"], [0, 1, 2, 3], ones(d, 5), reduction=r)
                      for r in ("mean", "sum", "none")]
        + [cross_entropy(d["logits"], d["soft"], label_smoothing=0.1)],
        lambda d, dt: [F.cross_entropy(tt([d["logits"]])[0], torch.arange(4),
                                       torch.ones(5, dtype=dt), reduction=r)
                       for r in ("mean", "sum", "none")]
        + [F.cross_entropy(*tt([d["logits"], d["soft"]]), label_smoothing=0.1)]),
    "dropout": (lambda d, _: [dropout(d["x"], 0.5, rng=rng())],
                lambda d, _: [F.dropout(tt([d["x"]])[0], 0.5)]),
    "batch_norm": (batch_norm_with_stats, torch_batch_norm_with_stats),
    "batch_norm_backward": (
        lambda d, _: list(batch_norm_backward(ones(d, (4, 6, 5)), d["x"], ones(d, 6))),
        lambda d, _: norm_grads(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                                d["x"], ones(d, 6), ones(d, 6))),
    "layer_norm": (lambda d, _: [layer_norm(d["x"], 5, ones(d, 5), ones(d, 5))],
                   lambda d, _: [F.layer_norm(tt([d["x"]])[0], (5,), *tt([ones(d, 5)] * 2))]),
    "layer_norm_backward": (
        lambda d, _: list(layer_norm_backward(ones(d, (4, 6, 5)), d["x"], 5, ones(d, 5))),
        lambda d, _: norm_grads(lambda x, w, b: F.layer_norm(x, (5,), w, b),
                                d["x"], ones(d, 5), ones(d, 5))),
    "group_norm": (lambda d, _: [group_norm(d["x"], 3, ones(d, 6), ones(d, 6))],
                   lambda d, _: [F.group_norm(tt([d["x"]])[0], 3, *tt([ones(d, 6)] * 2))]),
    "group_norm_backward": (
        lambda d, _: list(group_norm_backward(ones(d, (4, 6, 5)), d["x"], 3, ones(d, 6))),
        lambda d, _: norm_grads(lambda x, w, b: F.group_norm(x, 3, w, b),
                                d["x"], ones(d, 6), ones(d, 6))),
    "instance_norm": (instance_norm_with_stats, torch_instance_norm_with_stats),
}
DETERMINISTIC = {"l2_penalty", "l2_penalty_grad", "l1_penalty", "l1_penalty_grad",
                 "cross_entropy", "batch_norm", "batch_norm_backward", "layer_norm",
                 "layer_norm_backward", "group_norm", "group_norm_backward", "instance_norm"}


def public_names(module):
    return {name for name, value in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == module.__name__}


def test_every_public_function_has_a_precision_case():
    names = public_names(regularization) | public_names(normalization)
    assert names == set(CASES) | NOT_FLOAT


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_precision_matches_torch(name, dtype):
    ours, theirs = CASES[name]
    d = data(dtype)
    mine = ours(d, np.dtype(dtype))
    reference = theirs(d, getattr(torch, dtype))
    assert [np.asarray(a).dtype for a in mine] == [t.numpy().dtype for t in reference]
    if name in DETERMINISTIC:  # the same numbers too, to float32's precision
        for a, t in zip(mine, reference, strict=True):
            np.testing.assert_allclose(a, t.detach().numpy(), rtol=2e-5, atol=2e-5)


def test_float64_parameters_do_not_promote_float32_layers():
    # PyTorch refuses float64 weights for a float32 input; here the layer
    # computes and returns in the input's precision
    x = data("float32")["x"]
    out = batch_norm(x, np.zeros(6), np.ones(6), np.ones(6), np.zeros(6), training=False)
    assert out.dtype == np.float32
    assert layer_norm(x, 5, np.ones(5), np.zeros(5)).dtype == np.float32
    assert all(g.dtype == np.float32 for g in batch_norm_backward(x, x, np.ones(6)))
