"""Normalization layers: batch, layer, instance and group normalization."""
