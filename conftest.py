"""Shared by every test pytest collects, doctests of snippets/ included."""

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test or a doctest of a figure function left open."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
