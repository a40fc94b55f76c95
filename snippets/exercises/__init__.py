"""Code of the solutions to the exercises that close each chapter page.

One module per chapter (``snippets.exercises.optimizers`` for the optimizers
pages); each solution that computes something is a section of its chapter's
module, embedded in the folded solution on the page and tested in
``tests/test_exercises_<chapter>.py``.
"""
