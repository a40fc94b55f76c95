# Cross-entropy with label smoothing, from scratch; huge logits included.
import numpy as np

from snippets.regularization import cross_entropy

logits = np.array([[4.0, 1.0, -2.0],
                   [0.5, 2.5, 0.0],
                   [1000.0, 998.0, -1000.0]])  # exp(1000) would overflow
target = np.array([0, 1, 0])

for smoothing in (0.0, 0.1, 0.3):
    per_example = cross_entropy(logits, target, reduction="none",
                                label_smoothing=smoothing)
    mean = cross_entropy(logits, target, label_smoothing=smoothing)
    print(f"label_smoothing={smoothing}: mean {mean:.6f}, per example",
          " ".join(f"{loss:.6f}" for loss in per_example))
