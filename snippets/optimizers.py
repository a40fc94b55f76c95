"""Optimizers from scratch, with the API of torch.optim."""
