# Inverted dropout in PyTorch: nn.Dropout follows model.train() / model.eval().
import torch

torch.manual_seed(0)
x = torch.ones(1_000_000, dtype=torch.float64)
layer = torch.nn.Dropout(p=0.25)

layer.train()
train = layer(x)
print("values in training:", train.unique().round(decimals=6).tolist())
print(f"fraction kept: {(train != 0).double().mean():.2f}, "
      f"mean: {train.mean():.2f}")
layer.eval()
print("evaluation returns the input:", torch.equal(layer(x), x))
