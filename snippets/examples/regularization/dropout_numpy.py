# Inverted dropout: in training each value is dropped (0) or scaled by
# 1 / (1 - p); on average nothing changes, so evaluation uses the input as is.
import numpy as np

from snippets.regularization import dropout

rng = np.random.default_rng(0)
x = np.ones(1_000_000)
p = 0.25

train = dropout(x, p, training=True, rng=rng)
print("values in training:", np.unique(train).round(6).tolist())
print(f"fraction kept: {np.mean(train != 0):.2f}, mean: {train.mean():.2f}")
print("evaluation returns the input:",
      np.array_equal(dropout(x, p, training=False), x))
