"""Every program in snippets/examples runs, and each NumPy program prints what
its twin prints: ``<page>_numpy.py`` beside ``<page>_torch.py`` (PyTorch) or
``<page>_sklearn.py`` (scikit-learn), in the folder of the page's section."""

import re

import pytest

from helpers import DOCS, LANGUAGES, ROOT, doc_pages, program_output

FOLDER = ROOT / "snippets" / "examples"
EXAMPLES = sorted(FOLDER.rglob("*.py"))
REFERENCES = ("torch", "sklearn")
PAIRS = sorted(
    (p.relative_to(FOLDER).as_posix().removesuffix("_numpy.py"), ref)
    for p in EXAMPLES
    if p.stem.endswith("_numpy")
    for ref in REFERENCES
    if p.with_name(p.name.replace("_numpy.py", f"_{ref}.py")).is_file()
)
NUMBER = re.compile(r"[-+]?\d+\.\d+(?:e[-+]?\d+)?")
INCLUDE = re.compile(r'^\s*--8<--\s+"snippets/examples/([\w/-]+\.py)"\s*$', re.M)


def showing_pages():
    """For each program, the pages that embed it, as (lang, page) pairs."""
    pages = {}
    for lang in LANGUAGES:
        for rel in doc_pages(lang, suffixes=(".md",)):
            for program in INCLUDE.findall((DOCS / lang / rel).read_text(encoding="utf-8")):
                pages.setdefault(program, set()).add((lang, rel.as_posix()))
    return pages


def is_named_after(program, page):
    """``sec/page-name.md`` names ``sec/page_name.py`` (its only program),
    ``sec/page_name_<impl>.py`` or ``sec/page_name_<what>_<impl>.py``."""
    folder, stem = program.rsplit("/", 1)
    page_folder, page_stem = page.removesuffix(".md").rsplit("/", 1)
    key = page_stem.replace("-", "_")
    implementation = "|".join(("numpy", *REFERENCES))
    name = rf"{key}(?:(?:_\w+)?_(?:{implementation}))?\.py"
    return folder == page_folder and re.fullmatch(name, stem) is not None


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(FOLDER).as_posix())
def test_example_runs_from_any_folder(path):
    assert program_output(path).strip(), f"{path.name} printed nothing"


@pytest.mark.slow
@pytest.mark.parametrize("name,reference", PAIRS, ids=[f"{n}-{r}" for n, r in PAIRS])
def test_numpy_program_prints_what_its_reference_prints(name, reference):
    ours = program_output(FOLDER / f"{name}_numpy.py")
    theirs = program_output(FOLDER / f"{name}_{reference}.py")
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


def test_every_program_is_named_after_the_one_page_that_shows_it():
    pages = showing_pages()
    wrong = []
    for path in EXAMPLES:
        program = path.relative_to(FOLDER).as_posix()
        shown = pages.get(program, set())
        names = {page for _, page in shown}
        if {lang for lang, _ in shown} != set(LANGUAGES) or len(names) != 1:
            wrong.append(f"{program} is shown on {sorted(shown)}")
        elif not is_named_after(program, names.pop()):
            wrong.append(f"{program} is not named after {sorted(shown)[0][1]}")
    assert wrong == []


def test_program_names_follow_their_page():
    """The check above can fail: a program named after another page, or in
    another section's folder, is caught."""
    assert is_named_after("optimizers/adam_numpy.py", "optimizers/adam.md")
    assert is_named_after("regularization/mixing_on_images_torch.py", "regularization/mixing.md")
    assert is_named_after("faq/time_series_cv.py", "faq/time-series-cv.md")
    assert not is_named_after("optimizers/sgd_numpy.py", "optimizers/adam.md")
    assert not is_named_after("generalization/cross_validate_numpy.py", "faq/cross-validate.md")
    assert not is_named_after("optimizers/numpy.py", "optimizers/adam.md")
    assert not is_named_after("optimizers/adam_jax.py", "optimizers/adam.md")
