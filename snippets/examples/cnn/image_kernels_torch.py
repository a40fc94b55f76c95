# The same filter in PyTorch: replicate the border, then conv2d.
import torch
import torch.nn.functional as F

image = torch.zeros(6, 7)
image[1:5, 2:5] = 1.0

sobel_x = torch.tensor([[-1.0, 0.0, 1.0],
                        [-2.0, 0.0, 2.0],
                        [-1.0, 0.0, 1.0]])
padded = F.pad(image[None, None], (1, 1, 1, 1), mode="replicate")
edges = F.conv2d(padded, sobel_x[None, None])[0, 0]
for row in edges.tolist():
    print(" ".join(f"{v + 0.0:5.1f}" for v in row))
