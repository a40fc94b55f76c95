"""The code on the pages: embedded from snippets/, and runnable as copied.

Each fenced block that includes files with ``--8<--`` is expanded by
pymdownx.snippets itself, configured as in mkdocs.yml, so the test sees the
code exactly as the page shows it. Then the block runs alone, in a fresh
interpreter, from an empty folder: a reader who copies it has the same.
"""

import re
import subprocess
import sys
import textwrap

import pytest

from helpers import DOCS, ROOT, doc_pages, expand, fenced_blocks, program_output, run_program


def included_blocks():
    """Unique include blocks over all pages, with the pages that show them."""
    blocks = {}
    for lang in ("en", "ko"):
        for rel in doc_pages(lang, suffixes=(".md",)):
            for fence_lang, body in fenced_blocks((DOCS / lang / rel).read_text(encoding="utf-8")):
                if "--8<--" in body:
                    blocks.setdefault(body, []).append(f"{lang}/{rel}")
    return blocks


BLOCKS = included_blocks()


def test_pages_embed_code():
    assert BLOCKS, "no page includes a snippet"


@pytest.mark.slow
@pytest.mark.parametrize("block", list(BLOCKS), ids=lambda b: " + ".join(re.findall(r"\"([^\"]+)\"", b)))
def test_embedded_block_runs_alone(block):
    code = expand(block)
    assert "--8<--" not in code, "an include was not expanded"
    assert code.strip(), "the include is empty"
    done = run_program(code + "\n")
    assert done.returncode == 0, f"{BLOCKS[block]}:\n{code}\n---\n{done.stderr[-3000:]}"


def test_a_section_without_its_imports_fails(tmp_path):
    """The check above can fail: a section that needs numpy does not run bare."""
    code = expand('--8<-- "snippets/landscapes.py:double_well"') + "\ndouble_well(1.0)\n"
    script = tmp_path / "bare.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0 and "NameError" in done.stderr


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_hand_typed_python_on_pages(lang):
    """Python on a page is an include from snippets/ or a doctested >>> example."""
    offenders = []
    for rel in doc_pages(lang, suffixes=(".md",)):
        for fence_lang, body in fenced_blocks((DOCS / lang / rel).read_text(encoding="utf-8")):
            lines = [line for line in body.splitlines() if line.strip()]
            if fence_lang in ("py", "python", "python3"):
                if not all(re.match(r"^\s*--8<--\s", line) for line in lines):
                    offenders.append(f"{lang}/{rel}: {body[:60]!r}")
            elif fence_lang in ("pycon",):
                if not lines or not lines[0].startswith(">>> "):
                    offenders.append(f"{lang}/{rel}: pycon block without >>>")
    assert offenders == []


def test_fenced_blocks_parser_reads_indented_tabs():
    text = textwrap.dedent('''
        === "NumPy"

            ```py title="x.py"
            --8<-- "snippets/x.py"
            ```
        ''')
    assert list(fenced_blocks(text)) == [("py", '--8<-- "snippets/x.py"')]


PROGRAM = re.compile(r'^\s*--8<--\s+"(snippets/examples/[\w/-]+\.py)"\s*$', re.M)


def quoted_outputs():
    """(page, program, text) for each ``text`` block of a page and each whole
    program in the blocks right before it (the NumPy tab and its PyTorch or
    scikit-learn twin): each prints that text."""
    found = []
    for lang in ("en", "ko"):
        for rel in doc_pages(lang, suffixes=(".md",)):
            programs = []
            for fence_lang, body in fenced_blocks((DOCS / lang / rel).read_text(encoding="utf-8")):
                if m := PROGRAM.search(body):
                    programs.append(m.group(1))
                    continue
                if fence_lang == "text":
                    page = f"{lang}/{rel.as_posix()}"
                    found += [(page, program, body) for program in programs or [None]]
                programs = []
    return found


QUOTED = quoted_outputs()


@pytest.mark.slow
@pytest.mark.parametrize("page,program,text", QUOTED, ids=[f"{page}-{program}" for page, program, _ in QUOTED])
def test_quoted_output_is_what_the_program_prints(page, program, text):
    assert program, f"{page}: a text block with no program before it"
    assert program_output(ROOT / program) == text + "\n"
