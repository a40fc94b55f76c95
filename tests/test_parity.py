"""The measured parity notes: every case within the tolerance its tests use,
every embedded from-scratch section with a note on both languages' pages, the
numbers on the pages those the cases compute, and a build that fails when a
case does not hold."""

import html
import importlib.util
import math
import re
import sys

import pytest
from mkdocs.exceptions import PluginError

import parity
from helpers import DOCS, LANGUAGES, ROOT, doc_pages

INCLUDE = re.compile(r'--8<--\s+"snippets/(\w+)\.py:(\w+)"')


def load_hook():
    spec = importlib.util.spec_from_file_location("parity_hook", ROOT / "hooks" / "parity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = load_hook()


def library_sections(lang):
    """``{page: [section keys]}`` for the pages that embed a section of a
    ``snippets/<module>.py`` library module (not examples or exercises)."""
    pages = {}
    for rel in doc_pages(lang, suffixes=(".md",)):
        text = (DOCS / lang / rel).read_text(encoding="utf-8")
        keys = [f"{module}:{section}" for module, section in INCLUDE.findall(text)]
        if keys:
            pages[rel] = list(dict.fromkeys(keys))
    return pages


@pytest.mark.parametrize("key", sorted(parity.CASES))
def test_case_is_within_the_tolerance_of_its_tests(key):
    result = parity.measured(key)
    assert math.isfinite(result.difference) and result.difference >= 0
    assert result.measure in ("relative", "absolute")
    assert result.difference <= result.tolerance, (
        f"{key}: {result.difference:.3g} exceeds {result.tolerance:.3g}")
    for text in (*result.against.values(), *result.setting.values()):
        assert text.strip() and "\n" not in text
    assert set(result.against) == set(result.setting) == set(LANGUAGES)
    hook.and_particle(result.against["ko"])  # the Korean sentence can be built


def test_every_embedded_section_has_a_case_or_is_a_helper():
    embedded = {key for lang in LANGUAGES for keys in library_sections(lang).values() for key in keys}
    assert not parity.HELPERS & set(parity.CASES)
    assert embedded - parity.HELPERS - set(parity.CASES) == set(), "sections with no parity case"
    assert set(parity.CASES) - embedded == set(), "cases for sections no page embeds"
    assert parity.HELPERS - embedded == set(), "helpers no page embeds"


def test_every_page_with_from_scratch_code_gets_a_note():
    for lang in LANGUAGES:
        pages = library_sections(lang)
        assert len(pages) >= 27, f"{lang}: only {len(pages)} pages embed snippets modules"
        for rel, keys in pages.items():
            assert set(keys) & set(parity.CASES), f"{lang}/{rel} would show no parity note"


def test_numbers_are_printed_with_two_significant_digits():
    assert [hook.number(x) for x in (0.0, 2.2204e-16, 1e-11, 0.1118, 2.86e-4)] == \
        ["0", "2.2e-16", "1e-11", "0.11", "0.00029"]


def test_korean_particle_follows_the_last_syllable():
    assert hook.and_particle("결과") == "와" and hook.and_particle("기울기") == "와"
    assert hook.and_particle("넓이") == "와" and hook.and_particle("조건") == "과"
    with pytest.raises(PluginError, match="Hangul"):
        hook.and_particle("`torch.flip`")


RESULT = dict(against={"en": "`np.sum`", "ko": "`np.sum`의 결과"}, setting={"en": "3 arrays", "ko": "배열 3개"},
              difference=2.2e-16, tolerance=1e-12, measure="relative", same=True)


def test_notes_follow_each_fenced_block_at_its_indentation():
    page = "\n".join([
        "Text.", "", "=== \"NumPy\"", "", "    ```py", '    --8<-- "snippets/m.py:imports"',
        '    --8<-- "snippets/m.py:f"', "    ```", "Next paragraph.", "",
        "```py", '--8<-- "snippets/m.py:imports"', "```", ""])
    out = hook.add_notes(page, "ko", {"m:f": RESULT})
    lines = out.split("\n")
    at = lines.index("    ```", 5)
    assert lines[at + 1: at + 5] == [
        "", "    `np.sum`의 결과와 같습니다: 배열 3개, 최대 상대 차이 "
        '<span class="parity-value">2.2e-16</span>(테스트 허용치 <span class="parity-value">1e-12</span>).',
        '    {: .parity data-parity="m:f" }', ""]
    assert out.count("{: .parity") == 1, "a block of helpers only gets no note"
    assert plain(hook.note(RESULT, "en")) == ("Same as np.sum: 3 arrays; largest relative difference 2.2e-16 "
                                              "(the tests allow 1e-12).")


@pytest.fixture
def isolated_hook(tmp_path, monkeypatch):
    """The hook with its own cache file and a fake set of cases."""
    monkeypatch.setattr(hook, "CACHE", tmp_path / "parity.json")
    monkeypatch.setattr(hook, "_memo", {})
    calls = []

    def fake(difference):
        def run():
            calls.append(difference)
            return parity.Parity(RESULT["against"], RESULT["setting"], difference, 1e-12)
        return run

    monkeypatch.setattr(parity, "CASES", {"m:f": fake(2e-16)})
    monkeypatch.setitem(sys.modules, "parity", parity)  # the hook loads this module
    return calls, fake


def test_a_warm_build_reads_the_cache_and_runs_nothing(isolated_hook, monkeypatch):
    calls, _ = isolated_hook
    first = hook.results()
    assert calls == [2e-16] and hook.CACHE.is_file()
    monkeypatch.setattr(hook, "_memo", {})  # a new `mkdocs build`
    assert hook.results() == first and calls == [2e-16]


def test_a_case_beyond_its_tolerance_fails_the_build(isolated_hook, monkeypatch):
    calls, fake = isolated_hook
    monkeypatch.setattr(parity, "CASES", {"m:f": fake(2e-16), "m:g": fake(3e-9)})
    with pytest.raises(PluginError, match=r"m:g: difference 3e-09 exceeds the tests' tolerance 1e-12"):
        hook.on_pre_build(config=None)
    assert not hook.CACHE.exists(), "a failing result must not be cached"


def plain(markup):
    """The text a reader sees of a note's Markdown or HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).replace("`", "")


def page_url(rel):
    return rel.with_suffix(".html").as_posix()


NOTE = re.compile(r'<p class="parity" data-parity="([\w:]+)">(.*?)</p>', re.S)


@pytest.mark.slow
def test_every_page_with_from_scratch_code_shows_the_measured_notes(built_site):
    shown, pages = 0, 0
    for lang in LANGUAGES:
        pages += len(library_sections(lang))
        for rel, keys in library_sections(lang).items():
            prefix = "" if lang == "en" else f"{lang}/"
            page = (built_site.site / prefix / page_url(rel)).read_text(encoding="utf-8")
            notes = {}
            for key, body in NOTE.findall(page):
                notes.setdefault(key, plain(body))
            expected = [key for key in keys if key in parity.CASES]
            assert expected and sorted(notes) == sorted(expected), f"{prefix}{rel}"
            for key in expected:
                result = parity.measured(key)
                fields = dict(against=result.against, setting=result.setting, difference=result.difference,
                              tolerance=result.tolerance, measure=result.measure, same=result.same)
                assert notes[key] == plain(hook.note(fields, lang)), f"{prefix}{rel}: {key}"
            shown += 1
    assert shown == pages >= 2 * 27
