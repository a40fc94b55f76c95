"""Every program in snippets/examples runs, and each NumPy program prints what
its twin prints: ``name_numpy.py`` beside ``name_torch.py`` (PyTorch) or
``name_sklearn.py`` (scikit-learn)."""

import re

import pytest

from conftest import ROOT, program_output

EXAMPLES = sorted((ROOT / "snippets" / "examples").glob("*.py"))
REFERENCES = ("torch", "sklearn")
PAIRS = sorted(
    (p.stem.removesuffix("_numpy"), ref)
    for p in EXAMPLES
    if p.stem.endswith("_numpy")
    for ref in REFERENCES
    if p.with_name(p.name.replace("_numpy.py", f"_{ref}.py")).is_file()
)
NUMBER = re.compile(r"[-+]?\d+\.\d+(?:e[-+]?\d+)?")


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_from_any_folder(path):
    assert program_output(path).strip(), f"{path.name} printed nothing"


@pytest.mark.slow
@pytest.mark.parametrize("name,reference", PAIRS, ids=[f"{n}-{r}" for n, r in PAIRS])
def test_numpy_program_prints_what_its_reference_prints(name, reference):
    folder = ROOT / "snippets" / "examples"
    ours = program_output(folder / f"{name}_numpy.py")
    theirs = program_output(folder / f"{name}_{reference}.py")
    # The same lines; numbers equal to the digits printed.
    assert NUMBER.sub("#", ours) == NUMBER.sub("#", theirs)
    assert NUMBER.findall(ours) == NUMBER.findall(theirs)


def test_every_numpy_program_has_a_reference_twin():
    for path in EXAMPLES:
        if path.stem.endswith("_numpy"):
            twins = [path.with_name(path.name.replace("_numpy", f"_{r}")) for r in REFERENCES]
            assert any(t.is_file() for t in twins), path.name


def test_every_reference_program_has_a_numpy_twin():
    for path in EXAMPLES:
        if path.stem.endswith(tuple(f"_{r}" for r in REFERENCES)):
            assert path.with_name(path.stem.rsplit("_", 1)[0] + "_numpy.py").is_file(), path.name
