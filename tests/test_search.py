"""Search's build side (hooks/search_korean.py), without a browser.

The queries themselves are tried in Chromium by tests/test_browser.py; these
check what the build hands the browser: Material's search configured to split
Hangul from Latin letters and stem English, the worker script appended once to
the lunr-languages file Material's worker imports, and the size it adds.
"""

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

import material

ROOT = Path(__file__).resolve().parent.parent
MULTI = "assets/javascripts/lunr/min/lunr.multi.min.js"


def _hook():
    spec = importlib.util.spec_from_file_location("search_korean", ROOT / "hooks" / "search_korean.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_worker_script_is_appended_once_however_often_the_hook_runs(tmp_path):
    hook = _hook()
    original = Path(material.__file__).parent / "templates" / MULTI
    target = tmp_path / MULTI
    target.parent.mkdir(parents=True)
    shutil.copy(original, target)
    for _ in range(2):
        hook.on_post_build({"site_dir": str(tmp_path)})
    text = target.read_text(encoding="utf-8")
    assert text == original.read_text(encoding="utf-8") + hook.MARK + hook.WORKER_SCRIPT.read_text(encoding="utf-8")


def test_hook_fails_without_a_multilingual_search(tmp_path):
    with pytest.raises(FileNotFoundError, match="more than one language"):
        _hook().on_post_build({"site_dir": str(tmp_path)})


@pytest.mark.slow
def test_search_splits_hangul_from_latin_and_stems_english(built_site):
    config = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["en", "ko"]
    assert "stemmer" in config["pipeline"]
    # JavaScript's and Python's regular expressions agree on this one.
    separator = re.compile(config["separator"])
    split = lambda text: [part for part in separator.split(text) if part]  # noqa: E731
    assert split("모멘텀(momentum)을") == ["모멘텀", "momentum", "을"]
    assert split("AdamW와 SGD의 2차원") == ["AdamW", "와", "SGD", "의", "2", "차원"]
    assert split("conv2d 0.9 cross-validation") == ["conv2d", "0.9", "cross", "validation"]


@pytest.mark.slow
def test_search_adds_little_to_what_the_browser_loads(built_site):
    site = built_site.site
    original = (Path(material.__file__).parent / "templates" / MULTI).stat().st_size
    added = (site / MULTI).stat().st_size - original
    added += (site / "assets" / "javascripts" / "search-scope.js").stat().st_size
    index = (site / "search" / "search_index.json").stat().st_size
    # The index is Material's own (nothing added to it); the scripts are a
    # few kilobytes, far inside the budget of twice today's index.
    assert 0 < added < 16_000 < index / 50
    for page in ("index.html", "ko/index.html"):
        assert "search-scope.js" in (site / page).read_text(encoding="utf-8")
