# The same losses with PyTorch's built-in label smoothing.
import torch
import torch.nn.functional as F

logits = torch.tensor([[4.0, 1.0, -2.0],
                       [0.5, 2.5, 0.0],
                       [1000.0, 998.0, -1000.0]], dtype=torch.float64)
target = torch.tensor([0, 1, 0])

for smoothing in (0.0, 0.1, 0.3):
    per_example = F.cross_entropy(logits, target, reduction="none",
                                  label_smoothing=smoothing)
    mean = F.cross_entropy(logits, target, label_smoothing=smoothing)
    print(f"label_smoothing={smoothing}: mean {mean:.6f}, per example",
          " ".join(f"{loss:.6f}" for loss in per_example))
