# The same three runs with a DataLoader; only batch_size changes.
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)  # NumPy draws the data, so both see the same
x = rng.uniform(-1, 1, 100)
y = 2 * x + 1 + 0.5 * rng.standard_normal(100)
data = TensorDataset(torch.from_numpy(x).unsqueeze(1),
                     torch.from_numpy(y).unsqueeze(1))

for batch_size in (1, 10, 100):  # stochastic, mini-batch, batch
    model = torch.nn.Linear(1, 1, dtype=torch.float64)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    updates = 0
    for epoch in range(5):
        for xb, yb in DataLoader(data, batch_size=batch_size, shuffle=False):
            optimizer.zero_grad()
            F.mse_loss(model(xb), yb).backward()
            optimizer.step()
            updates += 1
    w, b = model.weight.item(), model.bias.item()
    with torch.no_grad():
        loss = F.mse_loss(model(data.tensors[0]), data.tensors[1])
    print(f"batch size {batch_size:3d}: {updates:3d} updates, "
          f"w = {w:.4f}, b = {b:.4f}, loss = {loss:.4f}")
