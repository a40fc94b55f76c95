"""Shared by the test modules: the repository's layout, the site build, the
code on the pages and the programs run as a reader runs them.

Test modules import from here, never from ``conftest.py`` (which holds only
pytest's hooks and fixtures) or from one another.
"""

import atexit
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import yaml

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


def build_command(site_dir):
    """The command line of ``mkdocs build --strict`` into ``site_dir``."""
    return [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)]


BUILD_ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def build_site(site_dir):
    """Run ``mkdocs build --strict`` into ``site_dir``; return its Build."""
    done = subprocess.run(build_command(site_dir), cwd=ROOT, env=BUILD_ENV,
                          capture_output=True, text=True, timeout=1800)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
    return Build(Path(site_dir), log)


class SharedBuild:
    """One ``mkdocs build --strict`` a test run, shared by every test process.

    The first process that needs the site starts the build in the background
    as soon as collection ends, so it runs beside the unit tests. The build
    holds an exclusive lock on ``build.lock`` until it exits; a test that
    needs the site waits for that lock, the real end of the build.
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.lock = self.folder / "build.lock"
        self.site = self.folder / "site"

    def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        mine = self.folder / f"build.lock.{os.getpid()}"
        fd = os.open(mine, os.O_CREAT | os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            os.link(mine, self.lock)  # only the first process gets the name
        except FileExistsError:
            return
        finally:
            os.unlink(mine)
        try:
            # The shell and mkdocs inherit the locked descriptor: the lock
            # is released when the last of them exits.
            script = 'log=$1 code=$2; shift 2; "$@" >"$log" 2>&1; echo $? >"$code"'
            subprocess.Popen(
                ["sh", "-c", script, "sh", self.folder / "build.log", self.folder / "returncode",
                 *build_command(self.site)],
                cwd=ROOT, env=BUILD_ENV, pass_fds=(fd,), stdin=subprocess.DEVNULL)
        finally:
            os.close(fd)

    def wait(self):
        self.start()
        fd = os.open(self.lock, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
        finally:
            os.close(fd)
        log = (self.folder / "build.log").read_text(encoding="utf-8")
        code = int((self.folder / "returncode").read_text())
        assert code == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
        return Build(self.site, log)


def shared_build():
    """The build that every test process of this run shares."""
    return SharedBuild(Path(os.environ["BOOK_TESTS_SHARED"]) / "build")


def mkdocs_warnings(log):
    """MkDocs' own WARNING and ERROR lines in a build log."""
    return [line for line in log.splitlines() if re.match(r"^(WARNING|ERROR)\s+-", line)]


def html_pages(site):
    """The HTML files of a built site."""
    return sorted(site.rglob("*.html"))


# The code on the pages.

FENCE_OPEN = re.compile(r"^(\s*)(```|~~~)\s*(\w+)?(.*)$")


def fenced_blocks(text):
    """Yield (language, body) for each fenced code block of a Markdown text."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), (m.group(3) or "")
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1
        yield lang, "\n".join(body)


@functools.cache
def _snippets_config():
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names a Python slugify with a !!python tag; it is not needed here.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *args: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            options = dict(ext["pymdownx.snippets"])
            options["base_path"] = [str(ROOT / p) for p in options["base_path"]]
            return options
    raise AssertionError("pymdownx.snippets is not configured in mkdocs.yml")


@functools.cache
def expand(block):
    """The block's text after pymdownx.snippets, as the page shows it."""
    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": _snippets_config()})
    return "\n".join(md.preprocessors["snippet"].run(block.splitlines()))


# Programs, run as a reader runs them.


def run_program(source):
    """Run Python ``source`` alone, as a reader who copies it would.

    The program runs as ``__main__`` in an empty folder with its own
    namespace and streams (see ``program_server.py``). Cached per text
    (trailing blank lines aside), so a program that several tests check
    (alone, beside its reference twin, embedded in a page) runs once per
    session.
    """
    return _run_program(source.rstrip() + "\n")


class _ProgramServer:
    """One ``program_server.py`` per test process, started on first use."""

    process = None

    @classmethod
    def run(cls, script, stdout, stderr):
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "program_server.py")],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            atexit.register(cls.process.stdin.close)
        request = {"script": str(script), "stdout": str(stdout), "stderr": str(stderr)}
        cls.process.stdin.write(json.dumps(request) + "\n")
        cls.process.stdin.flush()
        answer = cls.process.stdout.readline()
        assert answer, "the program server stopped"
        return json.loads(answer)["returncode"]


@functools.cache
def _run_program(source):
    # Shared by the test processes: the first to need a program runs it while
    # holding its lock; the others wait for the lock and read the result.
    folder = Path(os.environ["BOOK_TESTS_SHARED"]) / "programs"
    folder.mkdir(exist_ok=True)
    key = hashlib.sha256(source.encode()).hexdigest()
    result = folder / f"{key}.json"
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.is_file():
            result.write_text(json.dumps(_run_alone(source)), encoding="utf-8")
        args, code, out, err = json.loads(result.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess(args, code, out, err)


def _run_alone(source):
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as streams:
        script = Path(folder) / "program.py"
        script.write_text(source, encoding="utf-8")
        stdout, stderr = Path(streams) / "stdout", Path(streams) / "stderr"
        code = _ProgramServer.run(script, stdout, stderr)
        return ([sys.executable, str(script)], code,
                stdout.read_text(encoding="utf-8"), stderr.read_text(encoding="utf-8"))


def program_output(path):
    """What the program at ``path`` prints; it must exit cleanly."""
    done = run_program(Path(path).read_text(encoding="utf-8"))
    assert done.returncode == 0, f"{Path(path).name} failed:\n{done.stderr[-3000:]}"
    return done.stdout


# --- the browser of the browser tests (fixtures in conftest.py) ---

def _find_chromium():
    """$CHROMIUM, else Debian's chromium, else Google Chrome (GitHub's runners)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "google-chrome-stable", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return "/usr/bin/chromium"


CHROMIUM = _find_chromium()
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
# How long a page may take to signal that it is ready. A deadline for a busy
# machine, not a delay: every wait below returns as soon as its signal comes.
DEADLINE = 120_000  # ms


class Visit:
    """A page of the built site with every request and error recorded."""

    def __init__(self, browser, site):
        self.site = site
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.outside, self.errors = [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path):
        """Load the page and wait until KaTeX has typeset its math."""
        self.page.goto((self.site / path).as_uri())
        self.page.wait_for_load_state("load")
        self.page.wait_for_selector("body[data-math=typeset]", state="attached", timeout=DEADLINE)
        return self.page

    def close(self):
        self.context.close()
