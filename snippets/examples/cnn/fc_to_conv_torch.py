# The same two layers in PyTorch, which counts their parameters for us.
import torch

image = torch.rand(1, 1, 28, 28)
fully_connected = torch.nn.Linear(28 * 28, 8 * 28 * 28)
convolution = torch.nn.Conv2d(1, 8, kernel_size=3, padding=1)

fc_out = fully_connected(image.flatten(1)).reshape(1, 8, 28, 28)
conv_out = convolution(image)

for name, out, layer in [("fully connected", fc_out, fully_connected),
                         ("convolution", conv_out, convolution)]:
    count = sum(p.numel() for p in layer.parameters())
    print(f"{name:15}  output {tuple(out.shape)}  parameters {count:>9,}")
