"""Measured parity: one comparison per from-scratch section of ``snippets``.

``CASES`` maps a section, as a page embeds it (``"optimizers:adam"`` for
``--8<-- "snippets/optimizers.py:adam"``), to a function that runs the
section's code beside its reference (PyTorch, scikit-learn, NumPy, autograd,
or a closed form where there is no library counterpart) and returns a
``Parity``: what it was compared with, on what, the largest difference and
the tolerance the tests hold it to. ``tests/test_parity.py`` asserts every
case within its tolerance, and the site build (``hooks/parity.py``) prints
the same numbers under each embedded section and fails if one exceeds it:
the page shows what the tests measured, never a typed number.

Sections that only hold imports, checks or shared helpers have no case and
are listed in ``HELPERS``.

Differences are measured as in the tests: *relative* is the largest
``|ours - reference|`` over the largest ``|reference|`` (per array, then the
worst array), *absolute* the largest ``|ours - reference|``.
"""

import contextlib
import functools
from dataclasses import dataclass

import adamp
import numpy as np
import torch
import torch.nn.functional as F

from snippets import conv, gd_methods, generalization, landscapes, normalization
from snippets import optimizers as ours
from snippets import regularization


@dataclass(frozen=True)
class Parity:
    """One measured comparison, described in English and Korean.

    ``same`` is true when the reference is another implementation of the same
    function (the note says "Same as"), false when the code is checked against
    a closed form, a derivation or a property (the note says "Checked
    against"). ``measure`` is ``"relative"`` or ``"absolute"``.
    """

    against: dict
    setting: dict
    difference: float
    tolerance: float
    measure: str = "relative"
    same: bool = True

    @property
    def passed(self):
        return bool(self.difference <= self.tolerance)


CASES = {}
HELPERS = {
    "conv:imports", "conv:tuples", "conv:arguments",
    "generalization:imports", "gd_methods:imports", "landscapes:imports",
    "normalization:imports", "normalization:standardize",
    "optimizers:imports", "optimizers:optimizer", "regularization:imports",
}


def case(key):
    def register(function):
        CASES[key] = function
        return function
    return register


def relative(pairs):
    """Largest ``max|a - b| / max|b|`` over ``(ours, reference)`` pairs."""
    worst = 0.0
    for a, b in pairs:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if a.shape != b.shape:
            return float("inf")
        scale = np.abs(b).max(initial=0.0)
        error = np.abs(a - b).max(initial=0.0)
        worst = max(worst, error / scale if scale else error)
    return float(worst)


def absolute(pairs):
    """Largest ``|a - b|`` over ``(ours, reference)`` pairs; a shape mismatch is inf."""
    worst = 0.0
    for a, b in pairs:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if a.shape != b.shape:
            return float("inf")
        worst = max(worst, float(np.abs(a - b).max(initial=0.0)))
    return worst


def en_ko(en, ko):
    return {"en": en, "ko": ko}


@contextlib.contextmanager
def float64_default():
    """torch keeps some scalar state (NAdam's mu_product) in the default dtype."""
    saved = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(saved)


def t(a):
    return torch.tensor(np.asarray(a), dtype=torch.float64)


# --- optimizers: every step of a run on a small model (tests/test_optimizers.py) ---

TORCH_OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "Adagrad": torch.optim.Adagrad,
    "Adadelta": torch.optim.Adadelta,
    "RMSprop": torch.optim.RMSprop,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "NAdam": torch.optim.NAdam,
    "RAdam": torch.optim.RAdam,
    "AdamP": adamp.AdamP,
}
STEPS = 120

# A small model whose gradient depends on every parameter: a tanh layer, a
# 0-d scale, a weight used only through its row directions (scale-invariant
# per output channel) and one used only through its overall direction, so
# that both of AdamP's projections are exercised.
_rng = np.random.default_rng(7)
X = _rng.normal(size=(4, 6))
Y = _rng.normal(size=(3, 6))
Z = _rng.normal(size=(2, 6))


def loss_torch(W, b, s, V, U):
    h = torch.tanh(W @ torch.from_numpy(X) + b[:, None])
    V_rows = V / V.norm(dim=1, keepdim=True)
    U_all = U / U.norm()
    fit = ((s * h + V_rows @ torch.from_numpy(X) - torch.from_numpy(Y)) ** 2).mean()
    other = ((U_all.reshape(2, 4) @ torch.from_numpy(X) - torch.from_numpy(Z)) ** 2).mean()
    return fit + other + 0.05 * (W**2).sum() + 0.01 * s**4


def initial_params():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=3)
    s = np.array(0.7)
    # Scale-invariant weights far from 0, where their curvature (~ 1/norm^2)
    # would make every step unstable and amplify rounding differences.
    V = np.asfortranarray(4 + rng.normal(size=(3, 4)))  # not C-contiguous
    U = 4 * rng.normal(size=(2, 2, 2))
    return [W, b, s, V, U]


def grads_at(arrays, sign=1.0):
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    (sign * loss_torch(*tensors)).backward()
    return [t.grad.numpy().copy() for t in tensors]


def run_both(name, hyperparameters, steps=STEPS):
    """Yield (ours, theirs) parameter lists after each of ``steps`` steps.

    A run with ``maximize=True`` climbs the negated loss, so that every run
    heads for the same minimum instead of climbing without bound."""
    sign = -1.0 if hyperparameters.get("maximize") else 1.0
    mine = initial_params()
    theirs = [torch.tensor(np.ascontiguousarray(a), requires_grad=True)
              for a in initial_params()]
    opt_mine = getattr(ours, name)(mine, **hyperparameters)
    opt_theirs = TORCH_OPTIMIZERS[name](theirs, **hyperparameters)
    for _ in range(steps):
        opt_mine.step(grads_at(mine, sign))
        opt_theirs.zero_grad()
        (sign * loss_torch(*theirs)).backward()
        opt_theirs.step()
        yield mine, [t.detach().numpy() for t in theirs]


# One of tests/test_optimizers.py's runs per optimizer, with the options the
# page's code implements, and how the note names them.
OPTIMIZER_RUNS = {
    "sgd": ("SGD", dict(lr=0.05, momentum=0.8, weight_decay=0.1, nesterov=True),
            en_ko("Nesterov momentum 0.8, weight decay 0.1", "네스테로프 모멘텀 0.8, 가중치 감쇠 0.1")),
    "adagrad": ("Adagrad", dict(lr=0.1, lr_decay=0.05, weight_decay=0.1,
                                initial_accumulator_value=0.5, eps=1e-3, maximize=True),
                en_ko("lr decay, weight decay, initial accumulator, maximize",
                      "학습률 감소, 가중치 감쇠, 누적값 초기화, maximize")),
    "rmsprop": ("RMSprop", dict(lr=0.003, centered=True, momentum=0.9),
                en_ko("centered, momentum 0.9", "centered, 모멘텀 0.9")),
    "adadelta": ("Adadelta", dict(lr=0.5, rho=0.7, eps=1e-4, weight_decay=0.1, maximize=True),
                 en_ko("rho 0.7, weight decay 0.1, maximize", "rho 0.7, 가중치 감쇠 0.1, maximize")),
    "adam": ("Adam", dict(lr=0.01, amsgrad=True, weight_decay=0.1),
             en_ko("amsgrad, weight decay 0.1", "amsgrad, 가중치 감쇠 0.1")),
    "adamw": ("AdamW", dict(lr=0.01, weight_decay=0.3),
              en_ko("weight decay 0.3", "가중치 감쇠 0.3")),
    "nadam": ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
              en_ko("decoupled weight decay 0.1", "분리된 가중치 감쇠 0.1")),
    "radam": ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
              en_ko("decoupled weight decay 0.1", "분리된 가중치 감쇠 0.1")),
    "adamp": ("AdamP", dict(lr=0.01, weight_decay=0.1, wd_ratio=0.5, nesterov=True, eps=1e-4),
              en_ko("Nesterov, weight decay 0.1, `wd_ratio` 0.5", "네스테로프, 가중치 감쇠 0.1, `wd_ratio` 0.5")),
}
OPTIMIZER_TOLERANCE = 1e-11  # test_every_step_matches_torch: rtol=1e-11


def optimizer_case(section):
    name, hyperparameters, options = OPTIMIZER_RUNS[section]
    reference = "adamp.AdamP" if name == "AdamP" else f"torch.optim.{name}"
    worst = 0.0
    with float64_default():
        for mine, theirs in run_both(name, hyperparameters):
            # np.ascontiguousarray makes the 0-d scale 1-d on torch's side
            worst = max(worst, relative((a, np.reshape(b, np.shape(a))) for a, b in zip(mine, theirs)))
    return Parity(
        en_ko(f"`{reference}` ({options['en']})", f"`{reference}`({options['ko']})의 결과"),
        en_ko(f"every one of {STEPS} float64 steps on a five-tensor test model",
              f"다섯 텐서로 된 시험 모델에서 float64로 {STEPS}스텝 전부"),
        worst, OPTIMIZER_TOLERANCE)


for _section in OPTIMIZER_RUNS:
    CASES[f"optimizers:{_section}"] = functools.partial(optimizer_case, _section)


STATE_RUNS = [("SGD", {}), ("SGD", dict(momentum=0.9)), ("Adagrad", {}),
              ("RMSprop", {}), ("RMSprop", dict(centered=True)),
              ("RMSprop", dict(centered=True, momentum=0.9)), ("Adadelta", {}),
              ("Adam", {}), ("Adam", dict(amsgrad=True)), ("AdamW", {}),
              ("NAdam", {}), ("RAdam", {}), ("AdamP", {})]


def torch_state_bytes(name, dtype, **hyperparameters):
    """Bytes per element of the per-element state torch keeps after one step."""
    n = 1000
    p = torch.zeros(n, dtype=getattr(torch, np.dtype(dtype).name), requires_grad=True)
    optimizer = TORCH_OPTIMIZERS[name]([p], **hyperparameters)
    p.grad = torch.ones_like(p)
    optimizer.step()
    # Scalars such as the step count are per tensor and do not grow with the model.
    return sum(s.numel() * s.element_size() for s in optimizer.state[p].values()
               if torch.is_tensor(s) and s.numel() == n) / n


@case("optimizers:state_bytes")
def state_bytes_case():
    pairs = [(ours.state_bytes_per_parameter(getattr(ours, name), dtype, **hyper),
              torch_state_bytes(name, dtype, **hyper))
             for name, hyper in STATE_RUNS for dtype in (np.float32, np.float64)]
    return Parity(
        en_ko("the state `torch.optim` and `adamp` keep after one step",
              "한 스텝 뒤 `torch.optim`과 `adamp`가 실제로 유지하는 상태의 크기"),
        en_ko(f"bytes per parameter for {len(STATE_RUNS)} optimizer settings in float32 and float64",
              f"옵티마이저 설정 {len(STATE_RUNS)}가지의 파라미터당 바이트 수, float32와 float64"),
        absolute(pairs), 0.0, "absolute", same=False)


# --- conv (tests/test_conv.py) --------------------------------------------------

TORCH_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONV_TOLERANCE = 1e-11  # TIGHT: rtol=1e-11


def random_case(rng, d):
    """A random convolution in d dimensions with every argument in play."""
    groups = int(rng.choice([1, 1, 2, 3]))
    c_in, c_out = groups * int(rng.integers(1, 4)), groups * int(rng.integers(1, 3))
    kernel = tuple(int(k) for k in rng.integers(1, 5 if d < 3 else 4, size=d))
    dilation = tuple(int(v) for v in rng.integers(1, 3, size=d))
    if rng.random() < 0.5:
        dilation = dilation[0]  # an int stands for every axis
    kind = rng.choice(["int", "tuple", "same", "valid"], p=[0.35, 0.35, 0.15, 0.15])
    stride = tuple(int(v) for v in rng.integers(1, 4, size=d))
    if kind == "same":
        stride, padding = 1, "same"
    elif kind == "valid":
        padding = "valid"
    elif kind == "int":
        stride, padding = stride[0], int(rng.integers(0, 3))
    else:
        padding = tuple(int(v) for v in rng.integers(0, 3, size=d))
    dilations = dilation if isinstance(dilation, tuple) else (dilation,) * d
    spans = [dil * (k - 1) + 1 for k, dil in zip(kernel, dilations)]
    size = tuple(s + int(rng.integers(0, 6 if d < 3 else 4)) for s in spans)
    batch = int(rng.integers(1, 4))
    x = rng.standard_normal((batch, c_in, *size))
    weight = rng.standard_normal((c_out, c_in // groups, *kernel))
    bias = rng.standard_normal(c_out) if rng.random() < 0.7 else None
    return x, weight, bias, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


def torch_forward_and_grads(d, x, weight, bias, args, grad_output=None):
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(weight, requires_grad=True)
    bt = None if bias is None else torch.tensor(bias, requires_grad=True)
    out = TORCH_CONV[d](xt, wt, bt, **args)
    if grad_output is None:
        return out.detach().numpy()
    out.backward(torch.tensor(grad_output))
    return (xt.grad.numpy(), wt.grad.numpy(), out.detach().numpy(),
            None if bt is None else bt.grad.numpy())


CONV_SEEDS = range(8)  # the first seeds of test_forward_and_backward_match_pytorch


@functools.cache
def _conv_runs(d):
    """(forward pairs, gradient pairs) of the random cases in d dimensions."""
    import warnings

    forward_pairs, grad_pairs = [], []
    for seed in CONV_SEEDS:
        rng = np.random.default_rng(seed)
        x, weight, bias, args = random_case(rng, d)
        out = getattr(conv, f"conv{d}d")(x, weight, bias, **args)
        grad_output = rng.standard_normal(out.shape)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Using padding='same'")
            gx_t, gw_t, out_t, _ = torch_forward_and_grads(d, x, weight, bias, args, grad_output)
        gx, gw, _ = getattr(conv, f"conv{d}d_backward")(grad_output, x, weight, **args)
        forward_pairs.append((out, out_t))
        grad_pairs += [(gx, gx_t), (gw, gw_t)]
    return forward_pairs, grad_pairs


def _conv_pairs(dims, backward):
    return [pair for d in dims for pair in _conv_runs(d)[backward]]


def _conv_setting(dims, backward):
    n = len(dims) * len(CONV_SEEDS)
    what = ("input and weight gradients", "입력과 가중치의 기울기") if backward else ("outputs", "출력")
    return en_ko(f"{what[0]} of {n} random float64 convolutions (stride, padding, dilation, groups all in play)",
                 f"무작위 float64 합성곱 {n}개의 {what[1]}(스트라이드, 패딩, 팽창, 그룹을 모두 사용)")


@case("conv:im2col")
def im2col_case():
    return Parity(en_ko("`torch.nn.functional.conv2d`", "`torch.nn.functional.conv2d`의 결과"),
                  _conv_setting((2,), False), relative(_conv_pairs((2,), False)), CONV_TOLERANCE)


@case("conv:api")
def api_case():
    return Parity(en_ko("`torch.nn.functional.conv1d`, `conv2d`, `conv3d`",
                        "`torch.nn.functional.conv1d`, `conv2d`, `conv3d`의 결과"),
                  _conv_setting((1, 2, 3), False), relative(_conv_pairs((1, 2, 3), False)), CONV_TOLERANCE)


@case("conv:backward")
def backward_case():
    return Parity(en_ko("PyTorch autograd through `conv2d`", "PyTorch autograd로 `conv2d`를 미분한 결과"),
                  _conv_setting((2,), True), relative(_conv_pairs((2,), True)), CONV_TOLERANCE)


@case("conv:api_backward")
def api_backward_case():
    return Parity(en_ko("PyTorch autograd through `conv1d`, `conv2d`, `conv3d`",
                        "PyTorch autograd로 `conv1d`, `conv2d`, `conv3d`를 미분한 결과"),
                  _conv_setting((1, 2, 3), True), relative(_conv_pairs((1, 2, 3), True)), CONV_TOLERANCE)


LOOP_ARGS = dict(stride=2, padding=1, dilation=2, groups=2)


def _loop_problem():
    rng = np.random.default_rng(100)
    x = rng.standard_normal((2, 4, 9, 8))
    weight = rng.standard_normal((4, 2, 3, 2))
    bias = rng.standard_normal(4)
    return rng, x, weight, bias


@case("conv:conv2d_loops")
def conv2d_loops_case():
    _, x, weight, bias = _loop_problem()
    theirs = F.conv2d(t(x), t(weight), t(bias), **LOOP_ARGS).numpy()
    return Parity(
        en_ko("`torch.nn.functional.conv2d`", "`torch.nn.functional.conv2d`의 결과"),
        en_ko("a float64 batch of 2×4×9×8, 3×2 kernels, stride 2, padding 1, dilation 2, groups 2",
              "float64 입력 2×4×9×8, 3×2 커널, 스트라이드 2, 패딩 1, 팽창 2, 그룹 2"),
        relative([(conv.conv2d_loops(x, weight, bias, **LOOP_ARGS), theirs)]), CONV_TOLERANCE)


@case("conv:conv2d_backward_loops")
def conv2d_backward_loops_case():
    rng, x, weight, bias = _loop_problem()
    out = conv.conv2d_loops(x, weight, bias, **LOOP_ARGS)
    grad_output = rng.standard_normal(out.shape)
    gx_t, gw_t, _, gb_t = torch_forward_and_grads(2, x, weight, bias, LOOP_ARGS, grad_output)
    gx, gw, gb = conv.conv2d_backward_loops(grad_output, x, weight, **LOOP_ARGS)
    return Parity(
        en_ko("PyTorch autograd through `conv2d`", "PyTorch autograd로 `conv2d`를 미분한 결과"),
        en_ko("input, weight and bias gradients for a float64 batch of 2×4×9×8, 3×2 kernels, "
              "stride 2, padding 1, dilation 2, groups 2",
              "float64 입력 2×4×9×8, 3×2 커널, 스트라이드 2, 패딩 1, 팽창 2, 그룹 2에서 "
              "입력·가중치·편향의 기울기"),
        relative([(gx, gx_t), (gw, gw_t), (gb, gb_t)]), CONV_TOLERANCE)


@case("conv:output_size")
def output_size_case():
    import itertools

    pairs = []
    for size, k, s, p, dil in itertools.product(range(1, 9), range(1, 4), range(1, 4), range(3), range(1, 3)):
        if dil * (k - 1) + 1 > size + 2 * p:
            continue  # no window fits: torch raises, and so does conv_output_size
        theirs = F.conv1d(torch.zeros(1, 1, size), torch.zeros(1, 1, k), stride=s, padding=p,
                          dilation=dil).shape[-1]
        pairs.append((conv.conv_output_size(size, k, s, p, dil), theirs))
    return Parity(
        en_ko("the output lengths `torch.nn.functional.conv1d` produces",
              "`torch.nn.functional.conv1d`가 실제로 내는 출력 길이"),
        en_ko(f"{len(pairs)} combinations of input size, kernel size, stride, padding and dilation",
              f"입력 크기, 커널 크기, 스트라이드, 패딩, 팽창의 조합 {len(pairs)}가지"),
        absolute(pairs), 0.0, "absolute", same=False)


@case("conv:signals")
def signals_case():
    pairs = []
    for n, m in [(5, 3), (3, 5), (8, 4), (7, 7)]:
        rng = np.random.default_rng(n * 10 + m)
        a, v = rng.standard_normal(n), rng.standard_normal(m)
        for mode in ("full", "same", "valid"):
            pairs += [(conv.convolve(a, v, mode), np.convolve(a, v, mode)),
                      (conv.correlate(a, v, mode), np.correlate(a, v, mode))]
    return Parity(
        en_ko("`numpy.convolve` and `numpy.correlate`", "`numpy.convolve`와 `numpy.correlate`의 결과"),
        en_ko("4 pairs of float64 signals in the modes full, same and valid",
              "float64 신호 4쌍, full·same·valid 모드"),
        relative(pairs), 1e-12)


@case("conv:image_kernels")
def image_kernels_case():
    image = np.random.default_rng(1).random((12, 9))
    names = ["identity", "box blur", "gaussian blur", "sharpen", "sobel x", "sobel y", "laplacian"]
    pairs = []
    for name in names:
        kernel = conv.image_kernel(name)
        padded = F.pad(t(image)[None, None], (1, 1, 1, 1), mode="replicate")
        pairs.append((conv.filter_image(image, kernel), F.conv2d(padded, t(kernel)[None, None])[0, 0].numpy()))
    return Parity(
        en_ko("`torch.nn.functional.conv2d` with replicate padding",
              "replicate 패딩을 쓴 `torch.nn.functional.conv2d`의 결과"),
        en_ko(f"the {len(names)} kernels on a 12×9 float64 image",
              f"12×9 float64 이미지에 커널 {len(names)}개"),
        relative(pairs), 1e-12)


# --- normalization (tests/test_normalization.py) ------------------------------------


def random_input(shape, seed=0):
    # an offset and scale per channel, so that normalizing matters
    rng = np.random.default_rng(seed)
    c = shape[1]
    per_channel = (1, c) + (1,) * (len(shape) - 2)
    return (rng.normal(size=shape) * rng.uniform(0.5, 3, c).reshape(per_channel)
            + rng.normal(0, 5, c).reshape(per_channel))


NORM_SHAPE = (2, 3, 4, 5)


@case("normalization:batch_norm")
def batch_norm_case():
    rng = np.random.default_rng(1)
    weight, bias = rng.normal(size=3), rng.normal(size=3)
    mean, var = np.zeros(3), np.ones(3)
    torch_mean, torch_var = t(mean), t(var)
    pairs = []
    for step in range(4):
        x = random_input(NORM_SHAPE, seed=step)
        out = normalization.batch_norm(x, mean, var, weight, bias, training=True, momentum=0.3)
        expected = F.batch_norm(t(x), torch_mean, torch_var, t(weight), t(bias), training=True, momentum=0.3)
        pairs += [(out, expected.numpy()), (mean, torch_mean.numpy()), (var, torch_var.numpy())]
    x = random_input(NORM_SHAPE, seed=9)
    out = normalization.batch_norm(x, mean, var, weight, bias, training=False)
    pairs.append((out, F.batch_norm(t(x), torch_mean, torch_var, t(weight), t(bias), training=False).numpy()))
    return Parity(
        en_ko("`torch.nn.functional.batch_norm`", "`torch.nn.functional.batch_norm`의 결과"),
        en_ko("outputs and running statistics over 4 training calls and 1 evaluation call, "
              "float64 input 2×3×4×5, momentum 0.3",
              "학습 호출 4번과 평가 호출 1번의 출력과 이동 평균·이동 분산, float64 입력 2×3×4×5, momentum 0.3"),
        relative(pairs), 1e-12)


def _autograd_grads(function, x, weight, bias, g):
    tx, tw, tb = (t(a).requires_grad_() for a in (x, weight, bias))
    function(tx, tw, tb).backward(t(g))
    return tx.grad.numpy(), tw.grad.numpy(), tb.grad.numpy()


GRAD_SETTING = en_ko("input, weight and bias gradients for a float64 input 2×3×4×5",
                     "float64 입력 2×3×4×5에서 입력·가중치·편향의 기울기")


@case("normalization:batch_norm_backward")
def batch_norm_backward_case():
    rng = np.random.default_rng(2)
    x, g = random_input(NORM_SHAPE), rng.normal(size=NORM_SHAPE)
    weight, bias = rng.normal(size=3), rng.normal(size=3)
    theirs = _autograd_grads(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-3),
                             x, weight, bias, g)
    mine = normalization.batch_norm_backward(g, x, weight, eps=1e-3)
    return Parity(en_ko("PyTorch autograd through `batch_norm`", "PyTorch autograd로 `batch_norm`을 미분한 결과"),
                  GRAD_SETTING, relative(zip(mine, theirs)), 1e-10)


@case("normalization:layer_norm")
def layer_norm_case():
    rng = np.random.default_rng(4)
    x = random_input(NORM_SHAPE)
    weight, bias = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    mine = normalization.layer_norm(x, (4, 5), weight, bias, eps=1e-4)
    theirs = F.layer_norm(t(x), [4, 5], t(weight), t(bias), eps=1e-4).numpy()
    return Parity(en_ko("`torch.nn.functional.layer_norm`", "`torch.nn.functional.layer_norm`의 결과"),
                  en_ko("float64 input 2×3×4×5 normalized over its last two axes, with weight and bias",
                        "float64 입력 2×3×4×5를 마지막 두 축으로 정규화, 가중치와 편향 포함"),
                  relative([(mine, theirs)]), 1e-12)


@case("normalization:group_norm")
def group_norm_case():
    rng = np.random.default_rng(5)
    x = random_input((2, 6, 3, 4))
    weight, bias = rng.normal(size=6), rng.normal(size=6)
    pairs = [(normalization.group_norm(x, groups, weight, bias),
              F.group_norm(t(x), groups, t(weight), t(bias)).numpy()) for groups in (1, 2, 3, 6)]
    return Parity(en_ko("`torch.nn.functional.group_norm`", "`torch.nn.functional.group_norm`의 결과"),
                  en_ko("float64 input 2×6×3×4 in 1, 2, 3 and 6 groups, with weight and bias",
                        "float64 입력 2×6×3×4, 그룹 1·2·3·6개, 가중치와 편향 포함"),
                  relative(pairs), 1e-12)


@case("normalization:instance_norm")
def instance_norm_case():
    rng = np.random.default_rng(6)
    weight, bias = rng.normal(size=3), rng.normal(size=3)
    mean, var = np.zeros(3), np.ones(3)
    torch_mean, torch_var = t(mean), t(var)
    pairs = []
    for step in range(3):
        x = random_input(NORM_SHAPE, seed=10 + step)
        out = normalization.instance_norm(x, mean, var, weight, bias, momentum=0.2)
        expected = F.instance_norm(t(x), torch_mean, torch_var, t(weight), t(bias), momentum=0.2)
        pairs += [(out, expected.numpy()), (mean, torch_mean.numpy()), (var, torch_var.numpy())]
    return Parity(en_ko("`torch.nn.functional.instance_norm`", "`torch.nn.functional.instance_norm`의 결과"),
                  en_ko("outputs and running statistics over 3 calls, float64 input 2×3×4×5, momentum 0.2",
                        "호출 3번의 출력과 이동 평균·이동 분산, float64 입력 2×3×4×5, momentum 0.2"),
                  relative(pairs), 1e-12)


@case("normalization:backward")
def norm_backward_case():
    rng = np.random.default_rng(7)
    x, g = random_input(NORM_SHAPE), rng.normal(size=NORM_SHAPE)
    weight, bias = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    pairs = list(zip(normalization.layer_norm_backward(g, x, (4, 5), weight),
                     _autograd_grads(lambda x, w, b: F.layer_norm(x, [4, 5], w, b), x, weight, bias, g)))
    x6, g6 = random_input((2, 6, 3, 4)), rng.normal(size=(2, 6, 3, 4))
    weight6, bias6 = rng.normal(size=6), rng.normal(size=6)
    pairs += zip(normalization.group_norm_backward(g6, x6, 3, weight6),
                 _autograd_grads(lambda x, w, b: F.group_norm(x, 3, w, b), x6, weight6, bias6, g6))
    return Parity(en_ko("PyTorch autograd through `layer_norm` and `group_norm`",
                        "PyTorch autograd로 `layer_norm`과 `group_norm`을 미분한 결과"),
                  en_ko("input, weight and bias gradients for float64 inputs 2×3×4×5 (layer) and 2×6×3×4 in 3 groups",
                        "float64 입력 2×3×4×5(층 정규화)와 2×6×3×4의 그룹 3개에서 입력·가중치·편향의 기울기"),
                  relative(pairs), 1e-10)


# --- regularization (tests/test_regularization.py) --------------------------------------


def rng(seed=0):
    return np.random.default_rng(seed)


@case("regularization:cross_entropy")
def cross_entropy_case():
    logits = rng(1).normal(0, 3, size=(7, 5))
    target = rng(2).integers(0, 5, size=7)
    pairs = [(regularization.cross_entropy(logits, target, reduction=r, label_smoothing=s),
              F.cross_entropy(t(logits), torch.tensor(target), reduction=r, label_smoothing=s).numpy())
             for r in ("mean", "sum", "none") for s in (0.0, 0.1, 0.35)]
    return Parity(en_ko("`torch.nn.functional.cross_entropy`", "`torch.nn.functional.cross_entropy`의 결과"),
                  en_ko("float64 logits 7×5 with class indices, 3 reductions × label smoothing 0, 0.1, 0.35",
                        "float64 로짓 7×5와 클래스 번호, 축소 방식 3가지 × 레이블 스무딩 0, 0.1, 0.35"),
                  relative(pairs), 1e-13)


@case("regularization:one_hot")
def one_hot_case():
    labels = rng(3).integers(0, 6, size=40)
    theirs = F.one_hot(torch.tensor(labels), 6).numpy()
    return Parity(en_ko("`torch.nn.functional.one_hot`", "`torch.nn.functional.one_hot`의 결과"),
                  en_ko("40 labels of 6 classes", "클래스 6개의 레이블 40개"),
                  absolute([(regularization.one_hot(labels, 6), theirs)]), 0.0, "absolute")


@case("regularization:penalties")
def penalties_case():
    params = [rng(14).normal(size=(3, 4)), np.array([0.0, -2.0, 1.5])]
    tensors = [torch.tensor(p, requires_grad=True) for p in params]
    l2 = 0.3 / 2 * sum((w ** 2).sum() for w in tensors)
    l1 = 0.2 * sum(w.abs().sum() for w in tensors)
    (l2 + l1).backward()
    grads = [a + b for a, b in zip(regularization.l2_penalty_grad(params, 0.3),
                                   regularization.l1_penalty_grad(params, 0.2))]
    pairs = [(regularization.l2_penalty(params, 0.3), l2.item()),
             (regularization.l1_penalty(params, 0.2), l1.item())]
    pairs += [(grad, w.grad.numpy()) for grad, w in zip(grads, tensors)]
    return Parity(en_ko("PyTorch autograd of λ/2‖w‖² and α‖w‖₁", "PyTorch autograd로 계산한 λ/2‖w‖² + α‖w‖₁의 값·기울기"),
                  en_ko("values and gradients for a 3×4 and a 3-element float64 weight, one of them 0",
                        "float64 가중치 3×4와 원소 3개(그중 하나는 0)에서 값과 기울기"),
                  relative(pairs), 1e-14)


@case("regularization:dropout")
def dropout_case():
    p = 0.5
    x = rng(6).normal(size=(50, 40))
    out = regularization.dropout(x, p, rng=rng(7))
    kept = out != 0
    return Parity(en_ko("inverted dropout's definition (every kept entry is x / (1 − p))",
                        "남는 원소가 모두 x / (1 − p)라는 역 드롭아웃의 정의"),
                  en_ko(f"a 50×40 float64 input, p = {p}", f"float64 입력 50×40, p = {p}"),
                  relative([(out[kept], x[kept] / (1 - p))]), 1e-15, same=False)


@case("regularization:early_stopping")
def early_stopping_case():
    # least squares trained by gradient descent on 8 points with 12 features
    # overfits; the restored weights give the smallest validation loss seen
    r = rng(13)
    x_train, x_val = r.normal(size=(8, 12)), r.normal(size=(50, 12))
    w_true = r.normal(size=12) * (r.random(12) < 0.3)
    y_train = x_train @ w_true + r.normal(0, 0.5, 8)
    y_val = x_val @ w_true + r.normal(0, 0.5, 50)
    w = np.zeros(12)
    stopper, history = regularization.EarlyStopping(patience=1_000_000), []
    for _ in range(300):
        w -= 0.01 * x_train.T @ (x_train @ w - y_train)
        val_loss = float(np.mean((x_val @ w - y_val) ** 2))
        history.append(val_loss)
        stopper.step(val_loss, [w])
    stopper.restore([w])
    restored = float(np.mean((x_val @ w - y_val) ** 2))
    return Parity(en_ko("the smallest validation loss in the recorded history",
                        "기록된 검증 손실 가운데 가장 작은 값"),
                  en_ko("the restored weights' validation loss after 300 epochs of gradient descent "
                        "on an overfitting least-squares problem",
                        "과적합하는 최소제곱 문제에서 경사 하강법 300 에포크 뒤 복원한 가중치의 검증 손실"),
                  absolute([(restored, min(history)), (stopper.best_epoch, int(np.argmin(history)))]),
                  0.0, "absolute", same=False)


@case("regularization:noise")
def noise_case():
    # E[(w.(x + e) - y)^2] = (w.x - y)^2 + std^2 ||w||^2  (Bishop, 1995)
    r = rng(17)
    w, x, y, std = r.normal(size=4), r.normal(size=4), 0.7, 0.3
    copies = regularization.gaussian_noise(np.tile(x, (200_000, 1)), std, rng=r)
    losses = (copies @ w - y) ** 2
    expected = (w @ x - y) ** 2 + std**2 * (w @ w)
    return Parity(en_ko("the closed form E[(w·(x+ε) − y)²] = (w·x − y)² + σ²‖w‖² (Bishop, 1995)",
                        "E[(w·(x+ε) − y)²] = (w·x − y)² + σ²‖w‖²라는 Bishop(1995)의 닫힌 형태"),
                  en_ko("the mean loss over 200,000 noisy copies of one input, σ = 0.3",
                        "입력 하나에 잡음을 더한 사본 200,000개의 평균 손실, σ = 0.3"),
                  relative([(losses.mean(), expected)]),
                  # five standard errors of the mean, as the test allows
                  float(5 * losses.std() / np.sqrt(len(losses)) / expected), same=False)


@case("regularization:augmentation")
def augmentation_case():
    x = rng(19).random((400, 3, 5, 7))
    out = regularization.random_horizontal_flip(x, p=0.3, rng=rng(20))
    flipped = torch.flip(torch.from_numpy(x), dims=[-1]).numpy()
    # each image is either left as it was or mirrored
    worst = max(min(np.abs(o - i).max(), np.abs(o - f).max()) for o, i, f in zip(out, x, flipped))
    return Parity(en_ko("`torch.flip` on the images it mirrors and the input on the others",
                        "각 이미지를 `torch.flip`으로 뒤집은 것 또는 원래 입력"),
                  en_ko("`random_horizontal_flip` of 400 images 3×5×7, p = 0.3",
                        "이미지 400장(3×5×7)에 `random_horizontal_flip`, p = 0.3"),
                  float(worst), 0.0, "absolute", same=False)


def pairing(targets, labels):
    """Read (lam, partner) per example off soft targets whose labels differ."""
    n = len(labels)
    lam = targets[np.arange(n), labels]
    rest = targets.copy()
    rest[np.arange(n), labels] = 0
    # an example paired with itself keeps a one-hot target
    return lam, np.where(rest.max(axis=1) > 0, rest.argmax(axis=1), labels)


@case("regularization:mixup")
def mixup_case():
    pairs = []
    for seed in range(5):
        x = rng(seed).random((8, 3, 5, 7))
        labels = np.arange(8)  # one class per example, so the pairing is visible
        mixed, targets = regularization.mixup(x, regularization.one_hot(labels, 8), alpha=0.4, rng=rng(seed))
        lam, partner = pairing(targets, labels)
        lam = lam[partner != labels][0]
        pairs.append((mixed, lam * x + (1 - lam) * x[partner]))
    return Parity(en_ko("the blend λx + (1 − λ)x′ with the λ and partners its targets carry",
                        "타깃에 담긴 λ와 짝으로 계산한 혼합 λx + (1 − λ)x′의 값"),
                  en_ko("5 batches of 8 images 3×5×7, α = 0.4", "이미지 8장(3×5×7) 배치 5개, α = 0.4"),
                  relative(pairs), 1e-12, same=False)


@case("regularization:cutmix")
def cutmix_case():
    pairs = []
    for seed in range(30):
        x = rng(100 + seed).random((6, 3, 9, 12))  # all pixels distinct
        labels = np.arange(6)
        mixed, targets = regularization.cutmix(x, regularization.one_hot(labels, 6), alpha=1.0, rng=rng(seed))
        lam, partner = pairing(targets, labels)
        for i in np.flatnonzero(partner != labels):
            changed = np.any(mixed[i] != x[i], axis=0)
            pairs.append((1 - lam[i], changed.mean()))
    return Parity(en_ko("the area of the pasted box", "붙여 넣은 상자의 넓이"),
                  en_ko("the partner's target weight in 30 batches of 6 images 9×12, α = 1",
                        "9×12 이미지 6장 배치 30개에서 짝의 타깃 가중치"),
                  absolute(pairs), 1e-12, "absolute", same=False)


@case("regularization:cutout")
def cutout_case():
    pairs, too_big = [], 0
    for seed in range(40):
        x = rng(seed).random((4, 3, 9, 9)) + 1  # no zero pixel before cutout
        labels = np.array([0, 2, 1, 2])
        out, targets = regularization.cutout(x, regularization.one_hot(labels, 3), size=4, rng=rng(seed))
        pairs.append((targets, regularization.one_hot(labels, 3)))
        for o, i in zip(out, x):
            zero = np.all(o == 0, axis=0)
            pairs.append((o[:, ~zero], i[:, ~zero]))
            rows, cols = np.nonzero(zero)
            height, width = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
            too_big += zero.sum() != height * width or height > 4 or width > 4
    return Parity(en_ko("the input outside one zeroed square of side at most 4, and the unchanged targets",
                        "한 변 4 이하의 정사각형만 0이 되고 나머지 입력과 타깃은 그대로라는 조건"),
                  en_ko("40 batches of 4 images 9×9, size 4", "9×9 이미지 4장 배치 40개, size 4"),
                  absolute(pairs) + too_big, 0.0, "absolute", same=False)


# --- generalization (tests/test_generalization.py) ------------------------------------


def noisy_sine(seed, n):
    r = np.random.default_rng(seed)
    x = r.uniform(-1, 1, n)
    return x, np.sin(np.pi * x) + 0.3 * r.standard_normal(n)


def sklearn_polynomial():
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    return make_pipeline(PolynomialFeatures(), LinearRegression())


def _fold_pairs(ours_folds, theirs_folds):
    ours_folds, theirs_folds = list(ours_folds), list(theirs_folds)
    if len(ours_folds) != len(theirs_folds):
        return [(np.zeros(1), np.zeros(2))]  # a shape mismatch: infinite difference
    return [pair for (a, b), (c, d) in zip(ours_folds, theirs_folds) for pair in ((a, c), (b, d))]


@case("generalization:k_fold")
def k_fold_case():
    from sklearn.model_selection import KFold

    sizes = [(n, k) for n in range(2, 31) for k in range(2, min(n, 8) + 1)]
    pairs = [p for n, k in sizes for p in _fold_pairs(generalization.k_fold(n, n_splits=k),
                                                      KFold(n_splits=k).split(np.zeros(n)))]
    return Parity(en_ko("scikit-learn's `KFold`", "scikit-learn `KFold`의 결과"),
                  en_ko(f"training and validation indices for all {len(sizes)} pairs of 2–30 samples and 2–8 folds",
                        f"표본 2–30개와 폴드 2–8개의 조합 {len(sizes)}가지 전부의 학습·검증 인덱스"),
                  absolute(pairs), 0.0, "absolute")


@case("generalization:time_series_split")
def time_series_split_case():
    from sklearn.model_selection import TimeSeriesSplit

    sizes = [(n, k) for n in range(3, 31) for k in range(2, min(n - 1, 8) + 1)]
    pairs = [p for n, k in sizes for p in _fold_pairs(generalization.time_series_split(n, n_splits=k),
                                                      TimeSeriesSplit(n_splits=k).split(np.zeros(n)))]
    return Parity(en_ko("scikit-learn's `TimeSeriesSplit`", "scikit-learn `TimeSeriesSplit`의 결과"),
                  en_ko(f"training and validation indices for all {len(sizes)} pairs of 3–30 samples and 2–8 splits",
                        f"표본 3–30개와 분할 2–8개의 조합 {len(sizes)}가지 전부의 학습·검증 인덱스"),
                  absolute(pairs), 0.0, "absolute")


@case("generalization:random_split")
def random_split_case():
    import warnings

    pairs = []
    for n in (1, 5, 10, 11, 99, 100, 1000):
        for lengths in ([0.6, 0.2, 0.2], [0.8, 0.2], [0.5, 0.3, 0.2], [1 / 3] * 3):
            parts = generalization.random_split(n, lengths, np.random.default_rng(0))
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Length of split")  # torch, for n = 1
                theirs = torch.utils.data.random_split(range(n), lengths)
            pairs.append(([len(p) for p in parts], [len(p) for p in theirs]))
            pairs.append((np.sort(np.concatenate(parts)), np.arange(n)))
    return Parity(en_ko("the part sizes of `torch.utils.data.random_split`",
                        "`torch.utils.data.random_split`이 나누는 부분의 크기"),
                  en_ko("7 dataset sizes × 4 sets of fractions, each sample in exactly one part",
                        "데이터 크기 7가지 × 비율 4가지, 모든 표본이 정확히 한 부분에 들어감"),
                  absolute(pairs), 0.0, "absolute", same=False)


@case("generalization:fit_polynomial")
def fit_polynomial_case():
    x, y = noisy_sine(0, 30)
    grid = np.linspace(-1, 1, 50)
    pairs = []
    for degree in range(9):
        model = sklearn_polynomial().set_params(polynomialfeatures__degree=degree).fit(x[:, None], y)
        pairs.append((generalization.fit_polynomial(x, y, degree)(grid), model.predict(grid[:, None])))
    return Parity(en_ko("scikit-learn's `PolynomialFeatures` + `LinearRegression`",
                        "scikit-learn `PolynomialFeatures` + `LinearRegression`의 결과"),
                  en_ko("predictions of degrees 0–8 fitted to 30 noisy points, on 50 points",
                        "잡음 섞인 점 30개에 맞춘 0–8차 다항식의 예측, 점 50개에서"),
                  relative(pairs), 1e-8)


@case("generalization:grid_search_cv")
def grid_search_cv_case():
    from sklearn.model_selection import GridSearchCV, KFold

    x, y = noisy_sine(2, 60)
    cv = functools.partial(generalization.k_fold, n_splits=4)
    best, predict, losses = generalization.grid_search_cv(
        generalization.fit_polynomial, {"degree": range(10)}, x, y, cv=cv)
    search = GridSearchCV(sklearn_polynomial(), {"polynomialfeatures__degree": range(10)},
                          cv=KFold(4), scoring="neg_mean_squared_error").fit(x[:, None], y)
    grid = np.linspace(-1, 1, 25)
    pairs = [(losses, -search.cv_results_["mean_test_score"]),
             (predict(grid), search.predict(grid[:, None])),
             (best["degree"], search.best_params_["polynomialfeatures__degree"])]
    return Parity(en_ko("scikit-learn's `GridSearchCV`", "scikit-learn `GridSearchCV`의 결과"),
                  en_ko("validation losses of degrees 0–9 over 4 folds of 60 points, the chosen degree "
                        "and the refitted model's predictions",
                        "점 60개를 4-겹으로 나눈 0–9차의 검증 손실, 고른 차수, 다시 맞춘 모델의 예측"),
                  relative(pairs), 1e-8)


@case("generalization:nested_cv")
def nested_cv_case():
    from sklearn.model_selection import GridSearchCV, KFold, cross_val_score

    x, y = noisy_sine(3, 60)
    losses, _ = generalization.nested_cv(
        generalization.fit_polynomial, {"degree": range(8)}, x, y,
        outer_cv=functools.partial(generalization.k_fold, n_splits=5),
        inner_cv=functools.partial(generalization.k_fold, n_splits=3))
    inner = GridSearchCV(sklearn_polynomial(), {"polynomialfeatures__degree": range(8)},
                         cv=KFold(3), scoring="neg_mean_squared_error")
    theirs = -cross_val_score(inner, x[:, None], y, cv=KFold(5), scoring="neg_mean_squared_error")
    return Parity(en_ko("scikit-learn's `cross_val_score` of a `GridSearchCV`",
                        "scikit-learn에서 `GridSearchCV`를 `cross_val_score`로 평가한 결과"),
                  en_ko("outer test losses, 5 outer × 3 inner folds, degrees 0–7, 60 points",
                        "바깥 5-겹 × 안쪽 3-겹, 0–7차, 점 60개에서 바깥 테스트 손실"),
                  relative([(losses, theirs)]), 1e-8)


def exact_bias_variance(degree, x_train, x_test, noise_std):
    """Least squares is linear in y: predictions S y with S known exactly."""
    V = np.vander(x_train, degree + 1)
    S = np.vander(x_test, degree + 1) @ np.linalg.pinv(V)
    f = lambda x: np.sin(np.pi * x)  # noqa: E731
    bias2 = np.mean((S @ f(x_train) - f(x_test)) ** 2)
    variance = noise_std**2 * np.mean(np.sum(S**2, axis=1))
    return bias2, variance


@case("generalization:bias_variance")
def bias_variance_case():
    degree, n_datasets, noise_std = 3, 4000, 0.3
    x_train, x_test = np.linspace(-1, 1, 15), np.linspace(-1, 1, 41)
    terms = generalization.bias_variance(
        functools.partial(generalization.fit_polynomial, degree=degree), lambda x: np.sin(np.pi * x),
        x_train, x_test, noise_std, n_datasets, np.random.default_rng(degree))
    _, variance = exact_bias_variance(degree, x_train, x_test, noise_std)
    return Parity(en_ko("the exact variance of least squares, σ² mean‖S‖² for the fit's linear map S",
                        "적합의 선형 사상 S로 구한 최소제곱의 정확한 분산 σ²·mean‖S‖²의 값"),
                  en_ko(f"the measured variance of degree {degree} over {n_datasets} training sets of 15 points",
                        f"점 15개짜리 학습 데이터 {n_datasets}개에서 잰 {degree}차 다항식의 분산"),
                  relative([(terms["variance"], variance)]),
                  # a sample variance of n draws is off by about sqrt(2 / n): five of those
                  float(5 * np.sqrt(2 / n_datasets)), same=False)


@case("generalization:bootstrap")
def bootstrap_case():
    n, draws, r = 200, 2000, np.random.default_rng(1)
    fractions = [len(generalization.bootstrap_sample(n, r)[1]) / n for _ in range(draws)]
    expected = (1 - 1 / n) ** n  # each sample missed by all n draws
    return Parity(en_ko("the out-of-bag fraction (1 − 1/n)ⁿ ≈ 1/e", "(1 − 1/n)ⁿ ≈ 1/e라는 OOB 비율의 기댓값"),
                  en_ko(f"the mean over {draws} bootstrap samples of n = {n}",
                        f"n = {n}인 부트스트랩 표본 {draws}개의 평균"),
                  absolute([(np.mean(fractions), expected)]),
                  # four standard errors of the mean, as the test allows
                  float(4 * np.sqrt(expected / n / draws)), "absolute", same=False)


@case("generalization:bagging")
def bagging_case():
    x, y = noisy_sine(4, 25)
    grid = np.linspace(-1, 1, 30)
    bagged = generalization.bagging(x, y, generalization.fit_tree, 7, rng=np.random.default_rng(5))
    r, fits = np.random.default_rng(5), []
    for _ in range(7):
        idx, _ = generalization.bootstrap_sample(25, r)
        fits.append(generalization.fit_tree(x[idx], y[idx])(grid))
    return Parity(en_ko("the mean of trees fitted one by one on the same bootstrap samples",
                        "같은 부트스트랩 표본에 하나씩 맞춘 트리들의 평균"),
                  en_ko("7 trees on 25 noisy points, predictions on 30 points",
                        "잡음 섞인 점 25개에 트리 7개, 점 30개에서의 예측"),
                  relative([(bagged(grid), np.mean(fits, axis=0))]), 1e-14, same=False)


@case("generalization:fit_tree")
def fit_tree_case():
    from sklearn.tree import DecisionTreeRegressor

    x, y = noisy_sine(6, 50)
    grid = np.linspace(-1.2, 1.2, 300)
    pairs = []
    for max_depth in (1, 3, None):
        for leaf in (1, 3):
            theirs = DecisionTreeRegressor(max_depth=max_depth, min_samples_leaf=leaf).fit(x[:, None], y)
            mine = generalization.fit_tree(x, y, max_depth=max_depth, min_samples_leaf=leaf)
            pairs.append((mine(grid), theirs.predict(grid[:, None])))
    return Parity(en_ko("scikit-learn's `DecisionTreeRegressor`", "scikit-learn `DecisionTreeRegressor`의 결과"),
                  en_ko("depths 1, 3 and unlimited × `min_samples_leaf` 1 and 3, fitted to 50 points, "
                        "predictions on 300",
                        "깊이 1·3·제한 없음 × `min_samples_leaf` 1·3, 점 50개에 맞추고 점 300개에서 예측"),
                  relative(pairs), 1e-12)


@case("generalization:gradient_boosting")
def gradient_boosting_case():
    from sklearn.ensemble import GradientBoostingRegressor

    x, y = noisy_sine(8, 60)
    grid = np.linspace(-1.1, 1.1, 200)
    predict = generalization.gradient_boosting(x, y, n_estimators=80, learning_rate=0.5, max_depth=2)
    theirs = GradientBoostingRegressor(n_estimators=80, learning_rate=0.5, max_depth=2,
                                       random_state=0).fit(x[:, None], y)
    pairs = [(predict(grid, n_trees=m), staged)
             for m, staged in enumerate(theirs.staged_predict(grid[:, None]), 1)]
    return Parity(en_ko("scikit-learn's `GradientBoostingRegressor`", "scikit-learn `GradientBoostingRegressor`의 결과"),
                  en_ko("the prediction after each of 80 trees of depth 2, learning rate 0.5, on 200 points",
                        "깊이 2 트리 80개를 하나씩 더할 때마다의 예측, 학습률 0.5, 점 200개에서"),
                  relative(pairs), 1e-10)


# --- gradient descent (tests/test_gd_methods.py) ------------


@case("gd_methods:gradient_descent")
def gradient_descent_case():
    x0, lr, steps = np.array([-1.2, 1.0]), 1e-3, 300
    path = gd_methods.gradient_descent(landscapes.rosenbrock_grad, x0=x0, lr=lr, steps=steps)
    w = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)
    pairs = []
    for step in range(steps):
        optimizer.zero_grad()
        ((1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2).backward()
        optimizer.step()
        pairs.append((path[step + 1], w.detach().numpy().copy()))
    return Parity(en_ko("`torch.optim.SGD` with autograd", "autograd를 쓴 `torch.optim.SGD`의 결과"),
                  en_ko(f"every one of {steps} float64 steps on the Rosenbrock function, lr = {lr:g}",
                        f"Rosenbrock 함수에서 float64로 {steps}스텝 전부, lr = {lr:g}"),
                  relative(pairs), 1e-12)


def line_data(n=50, seed=0):
    r = np.random.default_rng(seed)
    x = r.uniform(-1, 1, n)
    return x, 2 * x + 1 + 0.5 * r.standard_normal(n)


def torch_mlp_loss(w, x, y):
    h = len(w) // 3
    a, b, c, d = w[:h], w[h:2 * h], w[2 * h:3 * h], w[3 * h]
    return torch.mean((torch.tanh(torch.outer(x, a) + b) @ c + d - y) ** 2)


@case("gd_methods:minibatch_sgd")
def minibatch_sgd_case():
    from torch.utils.data import DataLoader, TensorDataset

    x, y = line_data()
    pairs = []
    for batch_size in (1, 7, 50):
        path = gd_methods.minibatch_sgd(gd_methods.line_grad, [0.3, -0.2], x, y, batch_size,
                                              lr=0.05, epochs=4, shuffle=False)
        model = torch.nn.Linear(1, 1, dtype=torch.float64)
        with torch.no_grad():
            model.weight.fill_(0.3)
            model.bias.fill_(-0.2)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
        data = TensorDataset(torch.from_numpy(x)[:, None], torch.from_numpy(y)[:, None])
        step = 0
        for _ in range(4):
            for xb, yb in DataLoader(data, batch_size=batch_size):
                optimizer.zero_grad()
                F.mse_loss(model(xb), yb).backward()
                optimizer.step()
                step += 1
                pairs.append((path[step], [model.weight.item(), model.bias.item()]))
        pairs.append((len(path) - 1, step))
    return Parity(en_ko("`torch.optim.SGD` on a `DataLoader`'s batches", "`DataLoader` 배치로 돌린 `torch.optim.SGD`의 결과"),
                  en_ko("every update of 4 epochs on a line through 50 points, batch sizes 1, 7 and 50",
                        "점 50개에 직선을 맞추는 4 에포크의 모든 갱신, 배치 크기 1·7·50"),
                  relative(pairs), 1e-12)


@case("gd_methods:line")
def line_case():
    x, y = line_data()
    w = torch.tensor([0.7, -0.4], dtype=torch.float64, requires_grad=True)
    loss = torch.mean((w[0] * torch.from_numpy(x) + w[1] - torch.from_numpy(y)) ** 2)
    loss.backward()
    w0 = w.detach().numpy()
    pairs = [(gd_methods.line_loss(w0, x, y), loss.item()),
             (gd_methods.line_grad(w0, x, y), w.grad.numpy())]
    return Parity(en_ko("PyTorch autograd of the mean squared error", "평균 제곱 오차를 PyTorch autograd로 미분한 결과"),
                  en_ko("loss and gradient of a line on 50 float64 points", "float64 점 50개에서 직선의 손실과 기울기"),
                  relative(pairs), 1e-13)


@case("gd_methods:mlp")
def mlp_case():
    r = np.random.default_rng(5)
    x, y = r.standard_normal(30), r.standard_normal(30)
    w0 = r.standard_normal(3 * 5 + 1)
    w = torch.tensor(w0, requires_grad=True)
    loss = torch_mlp_loss(w, torch.from_numpy(x), torch.from_numpy(y))
    loss.backward()
    pairs = [(gd_methods.mlp_loss(w0, x, y), loss.item()),
             (gd_methods.mlp_grad(w0, x, y), w.grad.numpy())]
    return Parity(en_ko("PyTorch autograd of the network's mean squared error",
                        "신경망의 평균 제곱 오차를 PyTorch autograd로 미분한 결과"),
                  en_ko("loss and gradient of a 5-unit tanh network on 30 float64 points",
                        "float64 점 30개에서 tanh 은닉 유닛 5개 신경망의 손실과 기울기"),
                  relative(pairs), 1e-12)


@case("gd_methods:sharpness")
def sharpness_case():
    r = np.random.default_rng(0)
    x = r.uniform(-2, 2, 40)
    y = np.sin(2 * x) + 0.3 * r.standard_normal(40)
    w0 = gd_methods.mlp_init(6, r)
    grad = functools.partial(gd_methods.mlp_grad, x=x, y=y)
    w = gd_methods.gradient_descent(grad, w0, lr=0.1, steps=3000)[-1]
    value, _ = gd_methods.top_hessian_eigenvalue(grad, w, n_iter=300, rng=np.random.default_rng(0))
    hessian = torch.autograd.functional.hessian(
        lambda w: torch_mlp_loss(w, torch.from_numpy(x), torch.from_numpy(y)), torch.tensor(w)).numpy()
    return Parity(en_ko("the largest eigenvalue of the full Hessian from PyTorch autograd (`numpy.linalg.eigh`)",
                        "PyTorch autograd로 구한 전체 헤세 행렬에서 `numpy.linalg.eigh`로 얻은 최대 고윳값"),
                  en_ko("300 power iterations at the minimum a 6-unit network reaches after 3000 steps",
                        "은닉 유닛 6개 신경망이 3000스텝 뒤 도달한 최소점에서 거듭제곱법 300회"),
                  relative([(value, np.linalg.eigvalsh(hessian)[-1])]), 1e-5)


@case("landscapes:double_well")
def double_well_case():
    x = np.random.default_rng(0).uniform(-3, 3, size=20)
    p = torch.tensor(x, requires_grad=True)
    (p**4 / 4 - p**2 + p / 2).sum().backward()
    return Parity(en_ko("PyTorch autograd of x⁴/4 − x² + x/2", "x⁴/4 − x² + x/2를 PyTorch autograd로 미분한 결과"),
                  en_ko("value and gradient at 20 float64 points in [−3, 3]", "[−3, 3]의 float64 점 20개에서 값과 기울기"),
                  relative([(landscapes.double_well_grad(x), p.grad.numpy()),
                            (landscapes.double_well(x), (x**4 / 4 - x**2 + x / 2))]), 1e-13)


@functools.cache
def measured(key):
    """``CASES[key]()``, once per process: the tests of the cases and of the
    pages that print them share one run."""
    return CASES[key]()
