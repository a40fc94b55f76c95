# PyTorch has conv1d, a cross-correlation; flip the kernel for a convolution.
import torch
import torch.nn.functional as F

signal = torch.tensor([0.0, 1.0, 3.0, 6.0, 6.0, 6.0, 3.0, 1.0, 0.0])
kernel = torch.tensor([1.0, 0.0, -0.5])


def show(name, values):
    print(f"{name:18}" + " ".join(f"{v + 0.0:5.1f}" for v in values.tolist()))


def conv1d(x, w):
    return F.conv1d(x[None, None], w[None, None])[0, 0]


show("convolve", conv1d(signal, kernel.flip(0)))
show("correlate", conv1d(signal, kernel))
show("conv1d", conv1d(signal, kernel))
show("conv1d, flipped", conv1d(signal, kernel.flip(0)))
