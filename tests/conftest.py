"""pytest's hooks and fixtures: one build of the whole site per test run,
shared by the test processes. Helpers live in ``helpers.py``."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers import ARGS, CHROMIUM, Visit, shared_build


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


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        message = "no Chromium found (tried $CHROMIUM, chromium, google-chrome); ./dev.sh test installs one"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visit(browser, built_site):
    v = Visit(browser, built_site.site)
    yield v
    v.close()
    assert v.outside == [], f"requests outside the site: {v.outside}"
    assert v.errors == [], f"errors in the page: {v.errors}"
