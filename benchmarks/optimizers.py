"""How fast is one step of the NumPy optimizers, next to torch.optim's?

One Adam step and one SGD-with-momentum step on 10 million float32 parameters
(20 arrays of 500,000), by snippets.optimizers and by torch.optim with its
default single-tensor loop (``foreach=False``, what PyTorch runs on CPU when
nothing is asked) and with its fused kernel (``fused=True``). Everything runs
on one thread; the contenders take turns, step after step, so that a busy
moment of the machine hurts them alike; the medians are compared. Run from the
repository root:

    .venv/bin/python benchmarks/optimizers.py [--repeats 30]
"""

import argparse
import time

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from snippets import optimizers

ARRAYS, SIZE = 20, 500_000
CASES = {
    "Adam": (optimizers.Adam, torch.optim.Adam, dict(lr=1e-3)),
    "SGD, momentum 0.9": (optimizers.SGD, torch.optim.SGD,
                          dict(lr=1e-3, momentum=0.9)),
}


def contenders(ours, theirs, hyperparameters, rng):
    """The three optimizers on their own copies of the same parameters."""
    start = [rng.standard_normal(SIZE, dtype=np.float32) for _ in range(ARRAYS)]
    grads = [rng.standard_normal(SIZE, dtype=np.float32) for _ in range(ARRAYS)]
    mine = [p.copy() for p in start]
    numpy_opt = ours(mine, **hyperparameters)
    runs = {"NumPy": (lambda: numpy_opt.step(grads), mine)}
    for label, options in [("torch foreach=False", dict(foreach=False)),
                           ("torch fused=True", dict(fused=True))]:
        tensors = [torch.tensor(p, requires_grad=True) for p in start]
        for t, g in zip(tensors, grads):
            t.grad = torch.tensor(g)
        torch_opt = theirs(tensors, **hyperparameters, **options)
        runs[label] = (torch_opt.step, tensors)
    return runs


def median_times(runs, repeats):
    times = {label: [] for label in runs}
    for label, (step, _) in runs.items():  # warm up: allocate the state
        step()
    for _ in range(repeats):
        for label, (step, _) in runs.items():
            start = time.perf_counter()
            step()
            times[label].append(time.perf_counter() - start)
    return {label: float(np.median(t)) for label, t in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"one step on {ARRAYS * SIZE:,} float32 parameters ({ARRAYS} arrays "
          f"of {SIZE:,}), 1 thread, median of {args.repeats} alternated runs")
    header = (f"{'':18} {'NumPy':>9} {'foreach=False':>14} {'fused=True':>11}"
              f" {'NumPy/default':>14} {'NumPy/fused':>12}")
    print(header)
    with threadpool_limits(limits=1):
        for name, (ours, theirs, hyperparameters) in CASES.items():
            runs = contenders(ours, theirs, hyperparameters, rng)
            t = median_times(runs, args.repeats)
            numpy_ms = 1e3 * t["NumPy"]
            default_ms = 1e3 * t["torch foreach=False"]
            fused_ms = 1e3 * t["torch fused=True"]
            print(f"{name:18} {numpy_ms:7.2f}ms {default_ms:12.2f}ms "
                  f"{fused_ms:9.2f}ms {numpy_ms / default_ms:13.2f}x "
                  f"{numpy_ms / fused_ms:11.2f}x")
            # Same number of steps from the same start: the same parameters.
            mine, tensors = runs["NumPy"][1], runs["torch foreach=False"][1]
            gap = max(np.abs(p - t.detach().numpy()).max()
                      for p, t in zip(mine, tensors))
            assert gap < 1e-5, f"{name}: NumPy and torch disagree by {gap}"


if __name__ == "__main__":
    main()
