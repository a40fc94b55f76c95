"""How fast is snippets.conv next to PyTorch? conv2d forward and backward.

Both run on one thread (torch.set_num_threads(1), and NumPy's BLAS limited
with threadpoolctl), in float32, alternating NumPy and PyTorch runs; each
time is the median of the repeats. The ratio NumPy / PyTorch is what to
read: the absolute times depend on the machine. Wall-clock time is the
measure; the CPU time of the thread is printed too, because on a machine
shared with other work it is less disturbed.

The "matmul only" row times just the matrix products inside the NumPy
forward pass (one block of im2col columns, made beforehand and multiplied
as many times as conv2d has blocks) against PyTorch's whole forward pass:
the part of the gap that lies in the BLAS library, not in the copying.

    .venv/bin/python benchmarks/conv.py [--repeats 15]
"""

import argparse
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F
from threadpoolctl import threadpool_limits

from snippets.conv import (_blocks, _columns, _windows, conv2d,
                           conv2d_backward)

# (name, input shape, weight shape, stride, padding, groups, goals)
CASES = [
    ("3x3, 64 -> 64 channels, 32x32", (32, 64, 32, 32), (64, 64, 3, 3),
     1, 1, 1, {"forward": 2.0, "backward": 2.0}),
    ("7x7 stride 2, 3 -> 64, 224x224", (8, 3, 224, 224), (64, 3, 7, 7),
     2, 3, 1, {"forward": 1.6}),
    ("3x3 grouped (groups=8), 64 -> 64", (32, 64, 32, 32), (64, 8, 3, 3),
     1, 1, 8, {"forward": 4.0, "backward": 4.0}),
]


def timed(function):
    """(wall seconds, thread CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.thread_time()
    function()
    return time.perf_counter() - wall, time.thread_time() - cpu


def compare(numpy_runs, torch_run, repeats):
    """Medians (wall, CPU) of each NumPy run and of the PyTorch run.

    The runs alternate, after one warm-up call each, so that a slow spell
    of the machine hits all of them alike.
    """
    for run in (*numpy_runs, torch_run):
        run()
    times = [[] for _ in range(len(numpy_runs) + 1)]
    for _ in range(repeats):
        for run, samples in zip((*numpy_runs, torch_run), times):
            samples.append(timed(run))
    return [[statistics.median(t[k] for t in samples) for k in (0, 1)]
            for samples in times]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"{'case':34} {'pass':13} {'NumPy ms':>9} {'torch ms':>9} "
          f"{'ratio':>6} {'cpu ratio':>9} {'goal':>5}")
    with threadpool_limits(limits=1):
        for name, x_shape, w_shape, stride, padding, groups, goals in CASES:
            x = rng.standard_normal(x_shape, dtype=np.float32)
            w = rng.standard_normal(w_shape, dtype=np.float32) * 0.1
            b = rng.standard_normal(w_shape[0], dtype=np.float32)
            # Tensors that torch allocated (aligned as it likes), same values.
            xt, wt, bt = (torch.from_numpy(a).clone() for a in (x, w, b))
            y = conv2d(x, w, b, stride, padding, 1, groups)
            g = rng.standard_normal(y.shape, dtype=np.float32)
            gt = torch.from_numpy(g).clone()
            # Same answers first, or the timings mean nothing.
            expected = F.conv2d(xt, wt, bt, stride, padding, 1, groups)
            np.testing.assert_allclose(y, expected.numpy(), rtol=1e-3,
                                       atol=1e-3)
            # One block of im2col columns, multiplied as often as conv2d
            # multiplies blocks: the matrix products alone, data in cache.
            padded = np.pad(x, [(0, 0), (0, 0)] + [(padding, padding)] * 2)
            windows = _windows(padded, w_shape[2:], (stride,) * 2, (1, 1))
            blocks = _blocks(len(x), windows[0].size)
            columns = _columns(windows[blocks[0]], groups)
            w_matrix = w.reshape(groups, w_shape[0] // groups, -1)
            product = w_matrix @ columns

            def matmuls():
                for _ in blocks:
                    np.matmul(w_matrix, columns, out=product)

            def forward():
                conv2d(x, w, b, stride, padding, 1, groups)

            def torch_forward():
                F.conv2d(xt, wt, bt, stride, padding, 1, groups)

            def backward():
                conv2d_backward(g, x, w, stride, padding, 1, groups)

            def torch_backward():  # what autograd calls for F.conv2d
                torch.ops.aten.convolution_backward(
                    gt, xt, wt, [w_shape[0]], [stride] * 2, [padding] * 2,
                    [1, 1], False, [0, 0], groups, [True, True, True])

            rows = []
            numpy_times = compare([forward, matmuls], torch_forward,
                                  args.repeats)
            rows += [("forward", numpy_times[0], numpy_times[2]),
                     ("matmul only", numpy_times[1], numpy_times[2])]
            numpy_times = compare([backward], torch_backward, args.repeats)
            rows.append(("backward", numpy_times[0], numpy_times[1]))
            for kind, (wall, cpu), (torch_wall, torch_cpu) in rows:
                goal = goals.get(kind)
                print(f"{name:34} {kind:13} {wall * 1e3:9.1f} "
                      f"{torch_wall * 1e3:9.1f} {wall / torch_wall:6.2f} "
                      f"{cpu / torch_cpu:9.2f} "
                      f"{'' if goal is None else f'{goal:.1f}':>5}")


if __name__ == "__main__":
    main()
