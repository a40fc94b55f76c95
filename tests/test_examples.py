"""Every program in snippets/examples runs, and each NumPy program prints what
its PyTorch twin prints (``name_numpy.py`` beside ``name_torch.py``)."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLES = sorted((ROOT / "snippets" / "examples").glob("*.py"))
PAIRS = sorted({p.name.rsplit("_", 1)[0] for p in EXAMPLES if p.stem.endswith(("_numpy", "_torch"))})
NUMBER = re.compile(r"[-+]?\d+\.\d+(?:e[-+]?\d+)?")


def run(path, cwd):
    done = subprocess.run([sys.executable, str(path)], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{path.name} failed:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_from_any_folder(path, tmp_path):
    assert run(path, tmp_path).strip(), f"{path.name} printed nothing"


@pytest.mark.parametrize("name", PAIRS)
def test_numpy_program_prints_what_pytorch_prints(name, tmp_path):
    folder = ROOT / "snippets" / "examples"
    numpy_out = run(folder / f"{name}_numpy.py", tmp_path)
    torch_out = run(folder / f"{name}_torch.py", tmp_path)
    # The same lines; numbers equal to the digits printed.
    assert NUMBER.sub("#", numpy_out) == NUMBER.sub("#", torch_out)
    assert NUMBER.findall(numpy_out) == NUMBER.findall(torch_out)


def test_every_example_has_a_twin_or_stands_alone():
    for path in EXAMPLES:
        if path.stem.endswith("_numpy"):
            assert path.with_name(path.name.replace("_numpy", "_torch")).is_file(), path.name
