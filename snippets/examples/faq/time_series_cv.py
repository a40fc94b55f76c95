# Series with a trend, forecast one step ahead by a regression tree from the
# previous value. Shuffled k-fold validates on points whose neighbours in
# time it trained on; forward chaining validates on the future, as the
# deployed model will meet it. Averaged over 100 series.
import functools

import numpy as np

from snippets.generalization import (cross_val_loss, fit_tree, k_fold,
                                     time_series_split)

rng = np.random.default_rng(0)
tree = functools.partial(fit_tree, max_depth=4)
shuffled = functools.partial(k_fold, shuffle=True, rng=rng)


def trend_series(n):
    wiggle = np.zeros(n)
    for t in range(1, n):  # AR(1) noise around the trend
        wiggle[t] = 0.8 * wiggle[t - 1] + 0.3 * rng.standard_normal()
    return 0.02 * np.arange(n) + wiggle


results = []
for _ in range(100):
    series = trend_series(281)
    x, y = series[:-1], series[1:]  # each value from the one before
    past, future = slice(0, 240), slice(240, 280)  # 40 future steps
    predict = tree(x[past], y[past])
    results.append([
        cross_val_loss(tree, x[past], y[past], shuffled).mean(),
        cross_val_loss(tree, x[past], y[past], time_series_split).mean(),
        np.mean((predict(x[future]) - y[future]) ** 2),
    ])
shuffled_cv, forward_cv, future = np.mean(results, axis=0)
print(f"shuffled 5-fold CV estimate:   {shuffled_cv:.3f}")
print(f"forward-chaining CV estimate:  {forward_cv:.3f}")
print(f"error met on the next 40 steps: {future:.3f}")
