"""pytest's hooks and fixtures: one build of the whole site per test run,
shared by the test processes. Helpers live in ``helpers.py``."""

import os
import shutil
import tempfile

import pytest

from helpers import shared_build


def pytest_configure(config):
    # The first pytest process (the only one, or xdist's controller) sets up
    # what the worker processes it starts inherit: a shared folder, and one
    # thread each for the math libraries, since the tests already run one
    # process per core (more threads than cores make OpenMP spin and wait).
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    if "BOOK_TESTS_SHARED" not in os.environ:
        folder = tempfile.mkdtemp(prefix="book-tests-")
        os.environ["BOOK_TESTS_SHARED"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def _needs_site(item):
    return "built_site" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    # Tests of the built site last, so that the build runs beside the rest.
    items.sort(key=_needs_site)


def pytest_collection_finish(session):
    if any(_needs_site(item) for item in session.items):
        shared_build().start()


@pytest.fixture(scope="session")
def built_site():
    """The site, built once per test run with ``mkdocs build --strict``."""
    return shared_build().wait()
