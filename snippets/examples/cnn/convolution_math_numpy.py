# Convolution flips the kernel, cross-correlation does not; conv1d
# is a cross-correlation.
import numpy as np

from snippets.conv import conv1d, convolve, correlate

signal = np.array([0.0, 1.0, 3.0, 6.0, 6.0, 6.0, 3.0, 1.0, 0.0])
kernel = np.array([1.0, 0.0, -0.5])  # not symmetric, so flipping shows


def show(name, values):
    print(f"{name:18}" + " ".join(f"{v + 0.0:5.1f}" for v in values))


show("convolve", convolve(signal, kernel, mode="valid"))
show("correlate", correlate(signal, kernel, mode="valid"))
show("conv1d", conv1d(signal[None, None], kernel[None, None])[0, 0])
flipped = kernel[::-1].copy()
show("conv1d, flipped", conv1d(signal[None, None], flipped[None, None])[0, 0])
