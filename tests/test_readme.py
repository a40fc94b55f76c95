"""The README gives a newcomer exactly two commands, and CI runs the test one."""

import re

from helpers import ROOT


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", quick_start, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_quick_start_has_two_commands():
    assert readme_commands() == ["./dev.sh serve", "./dev.sh test"]


def test_ci_run_is_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["exec ./dev.sh test"]
