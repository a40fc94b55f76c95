"""Convolution in 1, 2 and 3 dimensions, forward and backward, as torch.nn.functional."""
