"""Regularizers: dropout, label smoothing, penalties, noise, augmentation, mixing, early stopping."""
