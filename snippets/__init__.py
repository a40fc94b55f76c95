"""From-scratch NumPy code of the site, one module per topic.

Every block of Python on the site is a section of a file in this folder, and
every module here is tested against PyTorch or against a derivation. The
modules use NumPy only; ``snippets.figures`` draws the site's figures with
matplotlib, and ``snippets/examples/`` holds whole runnable programs, some of
them the PyTorch side of a page.
"""
