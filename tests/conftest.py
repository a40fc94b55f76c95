"""Shared fixtures: the repository's layout and one build of the whole site."""

import os
import re
import subprocess
import sys
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


def mkdocs_warnings(log):
    """MkDocs' own WARNING and ERROR lines in a build log."""
    return [line for line in log.splitlines() if re.match(r"^(WARNING|ERROR)\s+-", line)]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test session with ``mkdocs build --strict``."""
    return build_site(tmp_path_factory.mktemp("site"))


def html_pages(site):
    return sorted(site.rglob("*.html"))
