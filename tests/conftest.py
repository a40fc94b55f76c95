"""Shared fixtures: the repository's layout and one build of the whole site."""

import functools
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGUAGES = ("en", "ko")
MKDOCS = [sys.executable, "-m", "mkdocs"]


def doc_pages(lang="en", suffixes=(".md", ".ipynb")):
    """Source pages of one language, as paths relative to ``docs/<lang>``."""
    base = DOCS / lang
    return sorted(p.relative_to(base) for p in base.rglob("*") if p.suffix in suffixes)


@dataclass
class Build:
    site: Path
    log: str
    seconds: float


def build_site(site_dir):
    """Run ``mkdocs build --strict`` into ``site_dir``; return its Build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    done = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.perf_counter() - start
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
    return Build(Path(site_dir), log, seconds)


def run_program(source):
    """Run Python ``source`` alone: a fresh interpreter in an empty folder.

    A reader who copies a program has just that. Cached per text (trailing
    blank lines aside), so a program that several tests check (alone, beside
    its reference twin, embedded in a page) runs once per session.
    """
    return _run_program(source.rstrip() + "\n")


@functools.cache
def _run_program(source):
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "program.py"
        script.write_text(source, encoding="utf-8")
        return subprocess.run([sys.executable, str(script)], cwd=folder,
                              capture_output=True, text=True, timeout=600)


def program_output(path):
    """What the program at ``path`` prints; it must exit cleanly."""
    done = run_program(Path(path).read_text(encoding="utf-8"))
    assert done.returncode == 0, f"{Path(path).name} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def mkdocs_warnings(log):
    """MkDocs' own WARNING and ERROR lines in a build log."""
    return [line for line in log.splitlines() if re.match(r"^(WARNING|ERROR)\s+-", line)]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test session with ``mkdocs build --strict``."""
    return build_site(tmp_path_factory.mktemp("site"))


def html_pages(site):
    return sorted(site.rglob("*.html"))
