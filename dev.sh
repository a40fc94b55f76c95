#!/usr/bin/env bash
# Set up everything the project needs, then serve, build or test the site.
#
#   ./dev.sh serve   the site at http://127.0.0.1:8000, rebuilt on every change
#   ./dev.sh build   the site into site/ (open site/index.html from disk)
#   ./dev.sh test    every test: unit tests, doctests, the strict build, the
#                    snippets as copied, headless Chromium, workflow checks
#
# Setup is the same each time and quick once done: Debian packages that are
# missing (a Korean font for the figures; Chromium, which prints the book's
# PDF and runs the browser tests; poppler's tools, which read the PDF), a
# virtual environment in .venv/ with the pinned requirements, and the snippets
# package installed into it in editable mode. Extra arguments go to mkdocs or
# pytest, e.g. ./dev.sh test -k optimizers.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# apt-get install the Debian packages given that are not installed yet.
debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "Installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # matplotlib caches the font list: forget it so the new font is found.
  rm -rf "${MPLCONFIGDIR:-$HOME/.config/matplotlib}/fontlist"*.json "$HOME/.cache/matplotlib"
}

# The Chromium-family browser the browser tests drive: one already installed
# (Debian's chromium, or Google Chrome as on GitHub's Ubuntu runners), or
# else the Debian package to install.
browser_package() {
  for browser in chromium google-chrome-stable google-chrome; do
    command -v "$browser" >/dev/null && return
  done
  echo chromium
}

# Create .venv and install requirements/$1.txt, unless it is already there.
python_env() {
  local requirements="requirements/$1.txt"
  if ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    debian_packages python3-venv
  fi
  [ -x "$VENV/bin/python" ] || { say "Creating $VENV"; "$PYTHON" -m venv "$VENV"; }
  local stamp="$VENV/.installed-$1-$(cat requirements/*.txt pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "Installing $requirements into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r "$requirements"
    "$VENV/bin/python" -m pip install --quiet --no-deps -e .
    touch "$stamp"
  fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  serve)
    debian_packages fonts-nanum $(browser_package)
    python_env docs
    exec "$VENV/bin/mkdocs" serve "$@"
    ;;
  build)
    debian_packages fonts-nanum $(browser_package)
    python_env docs
    exec "$VENV/bin/mkdocs" build --strict "$@"
    ;;
  test)
    debian_packages fonts-nanum poppler-utils $(browser_package)
    python_env test
    # One test process per core (pytest-xdist); -n 0 runs them in this one.
    exec "$VENV/bin/python" -m pytest -n auto "$@"
    ;;
  *)
    echo "usage: ./dev.sh serve|build|test [arguments for mkdocs or pytest]" >&2
    exit 2
    ;;
esac
